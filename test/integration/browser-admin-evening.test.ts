// The manager's evening in the admin app, in real Chromium against the real gateway, as a new user would try
// it: the item dialog checks a station in the browser and shows the server's own words; reports fit a tablet
// held either way and a phone; every control is big enough for a thumb; a toast never hides the next button;
// the staff report says how sales and tips are credited; and a paid card payment is refunded from its bill,
// in part and then the rest, with a third refund refused in words and both refunds in the audit trail.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, ADMIN, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { overflowX, smallTargets, sticksOut } from "../helpers/layout";
import { until } from "../helpers/wait";
import type { Bill, Payment } from "../../contracts";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
const WAIT = { timeout: 20_000 };
const usd = (cents: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

describe(`the manager's evening in the admin app — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let errors: string[];
	let consoleErrors: string[];
	/** A bill paid by card (with a tip) and one paid in cash, for the reports and the refunds. */
	let cardBill: Bill;
	let card: Payment;

	const sellAndPay = async (tableIndex: number, method: "card" | "cash", tipCents: number) => {
		const order = await placeOrder(http, r, r.tables[tableIndex], [
			{ menuItemId: r.dish.burger.id, quantity: 2 },
			{ menuItemId: r.dish.beer.id, quantity: 1 },
		]);
		await serveOrder(http, r, order.id);
		const bill = await http.post<Bill>("/api/v1/billing/bills", { tableId: r.tables[tableIndex].id }, { token: r.token.staff });
		assert.equal(bill.status, 201, JSON.stringify(bill.body));
		const paid = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.body.id}/payments`,
			{ method, amountCents: bill.body.totalCents, tipCents },
			{ token: r.token.staff },
		);
		assert.equal(paid.status, 201, JSON.stringify(paid.body));
		return { bill: bill.body, payment: paid.body };
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		({ bill: cardBill, payment: card } = await sellAndPay(0, "card", 300));
		await sellAndPay(1, "cash", 0);
		await until(
			"the sales in the reports",
			async () => (await http.get("/api/v1/reports/sales", { token: r.token.admin })).body[0]?.orders === 2,
			20_000,
		);
		browser = await launchBrowser();
		({ context, page, errors } = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/));
		page.setDefaultTimeout(15_000);
		consoleErrors = [];
		page.on("console", m => void (m.type() === "error" && consoleErrors.push(m.text())));
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	it("the item dialog checks the station in the browser with no console error, and shows the server's own words", async () => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto("/admin/#menu");
		await page.getByRole("button", { name: "New item" }).click();
		const dialog = page.getByRole("dialog", { name: "New menu item" });
		await dialog.getByLabel("Name", { exact: true }).fill("Fries");
		await dialog.getByLabel("Price").fill("4.50");
		const station = dialog.getByLabel("Station");
		await station.fill("the grill!");
		let posted = 0;
		page.on("request", req => void (req.method() === "POST" && req.url().endsWith("/api/v1/menu/items") && posted++));
		await dialog.getByRole("button", { name: "Add item" }).click();
		// The browser stops the form and says what a station looks like; nothing reaches the server.
		const check = await station.evaluate((el: HTMLInputElement) => ({ valid: el.validity.valid, message: el.validationMessage }));
		assert.deepEqual(check, {
			valid: false,
			message: "Use lowercase letters, digits or dashes, starting with a letter, like grill or cold-2",
		});
		assert.equal(posted, 0, "the browser kept the form");
		await screenshot(page, "admin-item-station-check", SCREEN);
		assert.deepEqual(consoleErrors, [], "the station pattern compiles (no console error)");

		// What only the server can judge comes back in its words, exactly as it said them.
		await station.fill("grill");
		await dialog.getByLabel("Name", { exact: true }).fill("   ");
		await dialog.getByRole("button", { name: "Add item" }).click();
		await dialog.getByRole("alert").filter({ hasText: "name must not be empty" }).waitFor(WAIT);
		assert.equal(await dialog.getByRole("alert").innerText(), "name must not be empty");
		await dialog.getByRole("button", { name: "Cancel" }).click();
		assert.deepEqual(
			consoleErrors.filter(e => !/status of 400/.test(e)),
			[],
		);
	});

	it("reports fit the screen at 1024 × 768, turned to 768 × 1024 and on a phone, and the charts follow a live resize", async () => {
		// Opened on a wider screen first: the charts must shrink with the window, not hold the page wide.
		await page.setViewportSize({ width: 1280, height: 800 });
		await page.goto("/admin/#reports");
		await page.reload();
		const canvases = page.locator(".reports canvas");
		for (const report of ["sales", "best-sellers", "kitchen"]) await page.locator(`[data-report="${report}"] canvas`).waitFor(WAIT);
		const charts = () =>
			canvases.evaluateAll(els =>
				els.map(el => {
					const box = el.getBoundingClientRect();
					return { left: Math.round(box.left), right: Math.round(box.right), width: Math.round(box.width), viewport: innerWidth };
				}),
			);
		const fits = async (what: string) => {
			// The top bar included: on a phone it wraps (its tabs scroll) instead of running off the screen.
			assert.equal(await overflowX(page), 0, `${what}: the page is no wider than the screen: ${(await sticksOut(page)).join("; ")}`);
			const all = await charts();
			assert.equal(all.length, 3, `${what}: three charts`);
			for (const c of all)
				assert.ok(c.left >= 0 && c.right <= c.viewport, `${what}: a chart is within the screen: ${JSON.stringify(c)}`);
			return all;
		};
		await fits("1280 × 800");

		let narrow: { width: number }[] = [];
		for (const [width, height] of [
			[1024, 768],
			[768, 1024],
			[390, 844],
		]) {
			await page.setViewportSize({ width, height });
			// Chart.js redraws on its container's resize: wait for every canvas to fit the narrower screen.
			await page
				.waitForFunction(
					w => Array.from(document.querySelectorAll(".reports canvas")).every(c => c.getBoundingClientRect().right <= w),
					width,
					{ timeout: 5000 },
				)
				.catch(() => undefined); // the assertions below say what is wrong
			narrow = await fits(`${width} × ${height}`);
			await page.evaluate(() => scrollTo(0, 0));
			await screenshot(page, `admin-reports-${width}`, SCREEN);
		}
		// And back: the charts grow to the wider screen again.
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.waitForFunction(
			widths =>
				Array.from(document.querySelectorAll(".reports canvas")).every((c, i) => c.getBoundingClientRect().width > widths[i] + 100),
			narrow.map(c => c.width),
			WAIT,
		);
		await fits("back at 1024 × 768");
	});

	it("the staff report says how sales and tips are credited", async () => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto("/admin/#reports");
		const staff = page.locator('[data-report="staff"]');
		await staff
			.getByText("Tips are credited to whoever took the payment; sales to whoever took each round.", { exact: true })
			.waitFor(WAIT);
	});

	it("every button, link and tab on the admin screens and their dialogs is at least 48 × 48 px at 1024 × 768", async () => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto("/admin/#menu");
		await page.reload(); // no toasts of earlier steps
		const problems: string[] = [];
		const check = async (where: string, scope = "body") => {
			for (const t of await smallTargets(page, scope)) problems.push(`${where}: "${t.label}" ${t.width}×${t.height}`);
		};
		for (const tab of ["Menu", "Tables", "Bills", "Users", "Reports"]) {
			await page.getByRole("tab", { name: tab }).click();
			await page.locator(`#admin-panel[aria-label="${tab}"]`).waitFor();
			await page
				.locator("#admin-panel [aria-busy]")
				.first()
				.waitFor({ state: "detached", ...WAIT });
			await check(tab);
		}
		await page.getByRole("tab", { name: "Menu" }).click();
		await page.getByRole("button", { name: "Edit Burger" }).click();
		await check("the item dialog", ".modal");
		await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
		await page.getByRole("button", { name: `Delete Burger` }).click();
		await check("the delete question", ".modal");
		await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
		await page.getByRole("tab", { name: "Bills" }).click();
		await page
			.locator(`tr[data-payment-id="${card.id}"]`)
			.getByRole("button", { name: /^Refund/ })
			.click();
		await check("the refund dialog", ".modal");
		await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
		assert.deepEqual(problems, [], problems.join("\n"));
	});

	it("a toast never covers New item or Add table: both take a tap while it shows", async () => {
		const toast = page.locator(".toast").first();
		const noOverlap = async (name: string) => {
			const button = await page.getByRole("button", { name, exact: true }).boundingBox();
			const toasts = await page.locator(".toast").evaluateAll(els => els.map(el => el.getBoundingClientRect().toJSON()));
			for (const t of toasts) {
				const apart =
					t.right <= button!.x ||
					t.left >= button!.x + button!.width ||
					t.bottom <= button!.y ||
					t.top >= button!.y + button!.height;
				assert.ok(apart, `a toast ${JSON.stringify(t)} covers ${name} ${JSON.stringify(button)}`);
			}
		};

		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto("/admin/#menu");
		await page.reload(); // no toasts of earlier steps
		// A mistaken 86 and its undo: two toasts, one under the other.
		await page.getByRole("switch", { name: "Salad available" }).click();
		await page.locator('tr[data-available="false"]', { hasText: "Salad" }).waitFor();
		await page.getByRole("switch", { name: "Salad available" }).click();
		await page.locator(".toast", { hasText: "Salad is back on" }).waitFor();
		await noOverlap("New item");
		await page.getByRole("button", { name: "New item", exact: true }).click({ timeout: 1500 });
		await page.getByRole("dialog", { name: "New menu item" }).waitFor();
		assert.ok(await toast.isVisible(), "the toast was still showing");
		// The sheet's own Add item comes clear too, at once (the toasts move off it while they show).
		await page.waitForFunction(
			() => {
				const button = Array.from(document.querySelectorAll(".modal button"))
					.find(b => b.textContent?.trim() === "Add item")!
					.getBoundingClientRect();
				return Array.from(document.querySelectorAll(".toast")).every(el => {
					const t = el.getBoundingClientRect();
					return t.right <= button.left || t.left >= button.right || t.bottom <= button.top || t.top >= button.bottom;
				});
			},
			undefined,
			{ timeout: 1000 },
		);
		await screenshot(page, "admin-toast-menu", SCREEN);
		await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

		await page.getByRole("tab", { name: "Tables" }).click();
		await page.getByLabel("Table name").fill("Terrace 1");
		await page.getByRole("button", { name: "Add table", exact: true }).click();
		await page.locator(".toast", { hasText: "Terrace 1" }).waitFor();
		await page.getByLabel("Table name").fill("Terrace 2");
		await noOverlap("Add table");
		await page.getByRole("button", { name: "Add table", exact: true }).click({ timeout: 1500 });
		await page.locator("tr[data-table-id]", { hasText: "Terrace 2" }).waitFor(WAIT);
		assert.ok(await page.locator(".toast", { hasText: "Terrace 1" }).isVisible(), "the first toast was still showing");
		await screenshot(page, "admin-toast-tables", SCREEN);
	});

	it("a card payment is refunded from its bill: part with a reason, then the rest; a third is refused in words; both are in the audit trail", async () => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto("/admin/#bills");
		await page.reload();
		const bill = page.locator(`section[data-bill-id="${cardBill.id}"]`);
		await bill.waitFor(WAIT);
		const text = await bill.innerText();
		for (const part of [r.tables[0].name, "2× Burger", usd(2900), "1× Beer", usd(600), usd(cardBill.totalCents), "Card", usd(300)])
			assert.ok(text.includes(part), `the bill shows ${part}: ${text}`);
		const row = bill.locator(`tr[data-payment-id="${card.id}"]`);
		await screenshot(page, "admin-bills", SCREEN);

		// A second manager's tablet has the same bill open.
		const other = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/);
		try {
			await other.page.getByRole("tab", { name: "Bills" }).click();
			const otherRow = other.page.locator(`tr[data-payment-id="${card.id}"]`);
			await otherRow.waitFor(WAIT);

			// Part of it: $5.00 for a cold burger, asked, confirmed, and shown on the payment and the bill.
			await row.getByRole("button", { name: /^Refund/ }).click();
			const dialog = page.getByRole("dialog", { name: "Refund card payment" });
			assert.equal(
				await dialog.getByLabel("Amount to refund").inputValue(),
				(card.amountCents / 100).toFixed(2),
				"the whole payment by default",
			);
			await dialog.getByLabel("Amount to refund").fill("5.00");
			await dialog.getByRole("button", { name: "Continue" }).click();
			const reasonCheck = await dialog.getByLabel("Reason").evaluate((el: HTMLInputElement) => el.validity.valueMissing);
			assert.equal(reasonCheck, true, "a reason is required");
			await dialog.getByLabel("Reason").fill("Cold burger");
			await dialog.getByRole("button", { name: "Continue" }).click();
			await dialog.getByText(`Refund ${usd(500)} of the card payment on table ${r.tables[0].name}?`).waitFor();
			await screenshot(page, "admin-refund-confirm", SCREEN);
			// The first answer is lost on the way back (the server did refund): the manager tries the same refund
			// again, and the tablet sends it with the same Idempotency-Key, so the card is refunded once.
			let lost = false;
			const keys: string[] = [];
			await page.route("**/api/v1/billing/payments/*/refund", async route => {
				keys.push(route.request().headers()["idempotency-key"] ?? "");
				if (lost) return route.continue();
				lost = true;
				await route.fetch();
				await route.abort("connectionreset");
			});
			await dialog.getByRole("button", { name: `Refund ${usd(500)}` }).click();
			await dialog.getByRole("alert").waitFor(WAIT);
			await dialog.getByRole("button", { name: "Continue" }).click();
			await dialog.getByRole("button", { name: `Refund ${usd(500)}` }).click();
			await dialog.waitFor({ state: "detached", ...WAIT });
			await page.unroute("**/api/v1/billing/payments/*/refund");
			assert.equal(keys.length, 2);
			assert.equal(keys[0], keys[1], "the retried refund carries the first one's key");
			await row.locator('[data-col="refunded"]', { hasText: usd(500) }).waitFor(WAIT);
			await bill.locator('[data-total="refunded"]', { hasText: usd(500) }).waitFor(WAIT);
			await bill.getByText("Cold burger").waitFor();
			let payment = (await http.get<Bill>(`/api/v1/billing/bills/${cardBill.id}`, { token: r.token.admin })).body.payments.find(
				p => p.id === card.id,
			)!;
			assert.equal(payment.refundedCents, 500);

			// More than is left is refused in words, and nothing changes.
			const left = card.amountCents - 500;
			await row.getByRole("button", { name: /^Refund/ }).click();
			assert.equal(await dialog.getByLabel("Amount to refund").inputValue(), (left / 100).toFixed(2), "what is left by default");
			await dialog.getByLabel("Amount to refund").fill(((left + 100) / 100).toFixed(2));
			await dialog.getByLabel("Reason").fill("Too much");
			await dialog.getByRole("button", { name: "Continue" }).click();
			await dialog.getByRole("button", { name: `Refund ${usd(left + 100)}` }).click();
			await dialog
				.getByRole("alert")
				.filter({ hasText: `That is more than is left on this payment: at most ${usd(left)} can still be refunded.` })
				.waitFor(WAIT);

			// The second manager opens the refund of what is left, while this tablet refunds it first.
			await otherRow.locator('[data-col="refunded"]', { hasText: usd(500) }).waitFor(WAIT); // live
			await otherRow.getByRole("button", { name: /^Refund/ }).click();
			const otherDialog = other.page.getByRole("dialog", { name: "Refund card payment" });
			await otherDialog.getByLabel("Reason").fill("Guest left unhappy");
			await otherDialog.getByRole("button", { name: "Continue" }).click();

			await dialog.getByLabel("Amount to refund").fill((left / 100).toFixed(2));
			await dialog.getByLabel("Reason").fill("Whole meal comped");
			await dialog.getByRole("button", { name: "Continue" }).click();
			await dialog.getByRole("button", { name: `Refund ${usd(left)}` }).click();
			await dialog.waitFor({ state: "detached", ...WAIT });
			await row.locator('[data-col="refunded"]', { hasText: usd(card.amountCents) }).waitFor(WAIT);
			await row.getByText("Refunded in full").waitFor();
			assert.equal(await row.getByRole("button", { name: /^Refund/ }).count(), 0, "nothing left to refund");
			await bill.locator('[data-total="refunded"]', { hasText: usd(card.amountCents) }).waitFor();
			payment = (await http.get<Bill>(`/api/v1/billing/bills/${cardBill.id}`, { token: r.token.admin })).body.payments.find(
				p => p.id === card.id,
			)!;
			assert.equal(payment.refundedCents, card.amountCents);
			await screenshot(page, "admin-bills-refunded", SCREEN);

			// The third refund, from the other tablet: refused in words.
			await otherDialog.getByRole("button", { name: `Refund ${usd(left)}` }).click();
			await otherDialog
				.getByRole("alert")
				.filter({ hasText: "This payment has already been refunded in full; there is nothing left to refund." })
				.waitFor(WAIT);
			await screenshot(other.page, "admin-refund-refused", SCREEN);
			assert.deepEqual(other.errors, []);
		} finally {
			await other.context.close();
		}

		// Both refunds in the audit trail, with their reasons and amounts.
		await until(
			"the refunds in the audit trail",
			async () =>
				(await http.get("/api/v1/reports/audit", { token: r.token.admin })).body.filter(
					(a: { action: string }) => a.action === "payment_refunded",
				).length === 2,
			20_000,
		);
		await page.getByRole("tab", { name: "Reports" }).click();
		const refunds = page.locator('[data-report="audit"] tr[data-action="payment_refunded"]');
		await refunds.nth(1).waitFor(WAIT);
		const rows = (await refunds.allInnerTexts()).join("\n");
		for (const part of ["Cold burger", usd(500), "Whole meal comped", usd(card.amountCents - 500), r.tables[0].name])
			assert.ok(rows.includes(part), `the audit trail shows ${part}: ${rows}`);
		assert.deepEqual(errors, [], "no script errors on the admin pages");
	});
});
