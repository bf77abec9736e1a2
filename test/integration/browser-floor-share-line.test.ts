// Sharing a line and reopening a bill, in real Chromium against a real Brigade: on the bill screen a manager
// shares the steak among three guests (each part shows its share, to the cent), takes cash for a table's bill
// and reopens it with a reason from the Paid banner; in the office the Bills tab reopens a paid bill with a
// reason too. Embedded pass only (screenSuiteSkip).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { until } from "../helpers/wait";
import type { Bill, Table } from "../../contracts";

const MANAGER = { username: `sharer-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };

describe(`sharing a line and reopening a bill in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let errors: string[];

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		const res = await http.post(
			"/api/v1/auth/register",
			{ ...MANAGER, fullName: "Sam Sharer", role: "manager" },
			{ token: r.token.admin },
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		browser = await launchBrowser();
		({ context, page, errors } = await signedInTablet(browser, cluster.baseUrl, MANAGER, /\/admin\//));
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	const billOf = async (table: Table, items: { menuItemId: string; quantity: number }[]) => {
		const order = await placeOrder(http, r, table, items);
		await serveOrder(http, r, order.id);
		const res = await http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const billTab = async (table: Table) => {
		await page.goto(`${cluster.baseUrl}/floor/`);
		await page.locator(`.tiles [data-table-id="${table.id}"]`).click();
		await page.getByRole("navigation", { name: "Table screens" }).getByRole("button", { name: "Bill" }).click();
	};
	const billNow = async (id: string) => (await http.get<Bill>(`/api/v1/billing/bills/${id}`, { token: r.token.admin })).body;

	it("shares the steak among three guests from the bill screen", async () => {
		const [t1] = r.tables;
		const bill = await billOf(t1, [
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		const steak = bill.lines.find(l => l.menuItemId === r.dish.steak.id)!;
		await billTab(t1);
		await page.locator("[data-share-open]").click();
		const sheet = page.locator("[data-share-line]");
		await sheet.locator(`[data-line-id="${steak.id}"]`).click();
		await sheet.getByRole("button", { name: "3 guests" }).click();
		await sheet.locator("[data-share-preview]").filter({ hasText: "$9.34 · $9.33 · $9.33" }).waitFor();
		for (const target of await sheet.locator("button").all()) {
			const box = await target.boundingBox();
			assert.ok(box && box.height >= 48, `a 48 px target: ${await target.textContent()}`);
		}
		await screenshot(page, "floor-share-line", "embedded");
		await sheet.getByRole("button", { name: "Share among 3" }).click();
		await until("four parts on screen", async () => (await page.locator(".bill-part").count()) === 4, 20_000);
		await page.locator(".bill-part").first().filter({ hasText: "shared by 3" }).waitFor();
		await screenshot(page, "floor-share-line-parts", "embedded");
		const parts = (await http.get<Bill[]>(`/api/v1/billing/bills?tableId=${t1.id}`, { token: r.token.admin })).body.filter(
			b => b.parentId === bill.id,
		);
		assert.equal(
			parts.reduce((s, p) => s + p.totalCents, 0),
			bill.totalCents,
		);
	});

	it("takes cash, reopens the paid bill with a reason on the floor, and again in the office", async () => {
		const [, t2] = r.tables;
		const bill = await billOf(t2, [{ menuItemId: r.dish.burger.id, quantity: 2 }]);
		await billTab(t2);
		const form = page.getByRole("form", { name: "Take a payment" });
		await form.getByRole("button", { name: "Take cash" }).click();
		await page.locator(".paid-banner [data-reopen]").click();
		await page.getByLabel("Reason").fill("Paid at the wrong table");
		await screenshot(page, "floor-reopen-reason", "embedded");
		await page.getByRole("dialog", { name: "Reopen the bill" }).getByRole("button", { name: "Reopen", exact: true }).click();
		await page.locator('.bill-summary[data-status="open"]').waitFor({ timeout: 20_000 });
		const reopened = await billNow(bill.id);
		assert.equal(reopened.status, "open");
		assert.deepEqual(
			reopened.reopenings?.map(x => x.reason),
			["Paid at the wrong table"],
		);

		// A refund and a discount later the bill is paid again (here: a 10% discount repays nothing, so refund first).
		const [cash] = reopened.payments;
		const back = await http.post(`/api/v1/billing/payments/${cash.id}/refund`, { reason: "wrong table" }, { token: r.token.admin });
		assert.equal(back.status, 200, JSON.stringify(back.body));
		const paid = await http.post(
			`/api/v1/billing/bills/${bill.id}/payments`,
			{ method: "cash", amountCents: reopened.totalCents },
			{ token: r.token.staff },
		);
		assert.equal(paid.status, 201, JSON.stringify(paid.body));

		await page.goto(`${cluster.baseUrl}/admin/`);
		await page.getByRole("tablist", { name: "Admin sections" }).getByRole("tab", { name: "Bills" }).click();
		const card = page.locator(`section.bill[data-bill-id="${bill.id}"]`);
		await card.locator("[data-reopened]").waitFor();
		await card.locator("[data-reopen]").click();
		await page.getByLabel("Reason").fill("Tip on the wrong bill");
		await screenshot(page, "admin-bill-reopen", "embedded");
		await page.getByRole("dialog", { name: "Reopen the bill" }).getByRole("button", { name: "Reopen", exact: true }).click();
		await until("the bill open again", async () => (await billNow(bill.id)).status === "open", 20_000);
		assert.equal((await billNow(bill.id)).reopenings?.length, 2);
		assert.deepEqual(errors, []);
	});
});
