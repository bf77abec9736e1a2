// The waiter's tablet (public/floor/) in real Chromium against a real Brigade: a round with a note sent to the
// kitchen, the cook's start and bump seen live, a second round (its first answer lost on the way back, so the
// retry must reuse its Idempotency-Key), a refused void, serve, bill, an even split paid by cash with a tip and
// by card after a decline, and the table turning available on another tablet's grid — never reloading.
// Also: an 86'd dish greys out live and cannot be added; a FIRST round whose answer is lost is sent again as the
// same request (same path, body and key), by itself, even once its order has arrived by push, so the kitchen gets it once; and a
// dish tapped while a round is on its way stays on the tablet for the next round.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page, Route } from "playwright-core";
import { ADMIN, DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { until } from "../helpers/wait";
import type { Bill, Order, OrderItem, Table, Ticket } from "../../contracts";

const mode = DISTRIBUTED ? "distributed" : "embedded";
const WAITER = { username: `waiter-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };

describe(`floor app in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	/** Uncaught errors of every tablet's page: none is allowed. */
	const pageErrors: string[][] = [];

	/** A tablet signed in as the waiter, on the floor grid. */
	async function waiterTablet(): Promise<Page> {
		const { context, page, errors } = await signedInTablet(browser, cluster.baseUrl, WAITER, /\/floor\/$/);
		contexts.push(context);
		pageErrors.push(errors);
		return page;
	}
	const tile = (page: Page, tableId: string) => page.locator(`.tiles [data-table-id="${tableId}"]`);
	const item = (page: Page, id: string) => page.locator(`li.item[data-item-id="${id}"]`);
	const dish = (page: Page, id: string) => page.locator(`.menu-items [data-menu-item-id="${id}"]`);
	const orderAs = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.admin })).body;
	const itemNamed = (order: Order, name: string, round: number): OrderItem => {
		const found = order.items.find(i => i.name === name && i.round === round);
		assert.ok(found, `${name} in round ${round} of ${JSON.stringify(order.items)}`);
		return found;
	};

	/** The cook, through the API: waits for the ticket to reach the kitchen, then acts on it. */
	async function kitchenTicketHas(orderId: string, itemIds: string[]): Promise<void> {
		await until(`kitchen tickets of ${orderId} with ${itemIds.join(", ")}`, async () => {
			const res = await http.get<Ticket[]>("/api/v1/kitchen/tickets", { token: r.token.kitchen });
			const ids = res.body.filter(t => t.orderId === orderId).flatMap(t => t.items.map(i => i.id));
			return itemIds.every(id => ids.includes(id));
		});
	}
	async function cook(path: string): Promise<void> {
		const res = await http.post(`/api/v1/kitchen/${path}`, undefined, { token: r.token.kitchen });
		assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
	}

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 6);
		const made = await http.post(
			"/api/v1/auth/register",
			{ ...WAITER, fullName: "Wendy Waiter", role: "staff" },
			{ token: r.token.admin },
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		browser = await launchBrowser();
	});
	after(async () => {
		for (const c of contexts) await c.close().catch(() => undefined);
		await browser?.close();
		await cluster?.stop();
	});

	it("takes a table from order to paid, seeing the kitchen and the grid change live", async () => {
		const table = r.tables[0];
		// A second tablet stays on the grid the whole time: everything it shows arrives by push.
		const grid = await waiterTablet();
		await tile(grid, table.id).waitFor();
		assert.equal(await tile(grid, table.id).getAttribute("data-status"), "available");
		await grid.getByRole("region", { name: "Main" }).waitFor();
		await screenshot(grid, "floor-grid", mode);

		const page = await waiterTablet();
		await tile(page, table.id).click();
		await page.getByRole("heading", { name: `Table ${table.name}` }).waitFor();

		// Round 1: two dishes, one with a note.
		await dish(page, r.dish.burger.id).click();
		await page.getByLabel("Note for Burger").fill("no onions");
		await dish(page, r.dish.salad.id).click();
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		const card = page.locator(".order-card");
		await card.waitFor();
		const orderId = (await card.getAttribute("data-order-id"))!;
		let order = await orderAs(orderId);
		const burger = itemNamed(order, "Burger", 1);
		const salad = itemNamed(order, "Salad", 1);
		assert.equal(burger.notes, "no onions");
		assert.equal(await item(page, burger.id).getAttribute("data-status"), "queued");
		await item(page, burger.id).getByText("no onions").waitFor();
		assert.equal(await page.locator("[data-draft-line]").count(), 0, "the sent round leaves the draft");
		await grid.locator(`.tiles [data-table-id="${table.id}"][data-status="occupied"]`).waitFor();

		// The cook starts the burger, then bumps the whole order: the waiter sees each step without a reload.
		await kitchenTicketHas(orderId, [burger.id, salad.id]);
		await cook(`items/${burger.id}/start`);
		await page.locator(`li.item[data-item-id="${burger.id}"][data-status="preparing"]`).waitFor();
		await cook(`tickets/${orderId}/bump`);
		await page.locator(`li.item[data-item-id="${burger.id}"][data-status="ready"]`).waitFor();
		await page.locator(`li.item[data-item-id="${salad.id}"][data-status="ready"]`).waitFor();
		// The waiter who placed it hears "order ready": a toast and a count in the top bar.
		await page.getByRole("button", { name: "Notifications, 1 unread" }).waitFor();
		await page
			.locator(".toast")
			.filter({ hasText: `${table.name}: order ready` })
			.first()
			.waitFor();
		await grid.locator(`.tiles [data-table-id="${table.id}"] .tile-ready`).waitFor();

		// Round 2: the answer to the first send is lost on its way back; the tablet asks again by itself with the same
		// key (the second try waits at the door until the screen is read), so one round lands, and it says so.
		const keys: string[] = [];
		let release!: () => void;
		const held = new Promise<void>(resolve => (release = resolve));
		await page.route(`**/api/v1/orders/${orderId}/items`, async route => {
			keys.push(route.request().headers()["idempotency-key"]);
			if (keys.length === 1) {
				await route.fetch();
				await route.abort("connectionreset");
			} else {
				await held;
				await route.continue();
			}
		});
		await dish(page, r.dish.beer.id).click();
		await page.getByRole("button", { name: "More Beer" }).click();
		await dish(page, r.dish.soup.id).click();
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		try {
			await page.locator("[data-send-pending]").filter({ hasText: "being confirmed" }).waitFor();
			assert.equal(await page.locator("[data-draft-line]").count(), 2, "an unanswered send keeps the round on the tablet");
		} finally {
			release();
		}
		await page.locator("[data-send-confirmed]").waitFor();
		await page.locator("li.item").nth(3).waitFor();
		assert.equal(keys.length, 2);
		assert.ok(keys[0] && keys[0] === keys[1], `one Idempotency-Key for one send: ${keys.join(" / ")}`);
		order = await orderAs(orderId);
		assert.deepEqual(
			order.items
				.filter(i => i.round === 2)
				.map(i => `${i.quantity} ${i.name}`)
				.sort(),
			["1 Soup", "2 Beer"],
		);
		assert.equal(order.items.length, 4, "the retried round was not added twice");
		await page.unroute(`**/api/v1/orders/${orderId}/items`);
		const beer = itemNamed(order, "Beer", 2);
		const soup = itemNamed(order, "Soup", 2);

		// The kitchen starts the soup: voiding it now needs a manager; the beer (still queued) voids.
		await kitchenTicketHas(orderId, [beer.id, soup.id]);
		await cook(`items/${soup.id}/start`);
		await page.locator(`li.item[data-item-id="${soup.id}"][data-status="preparing"]`).waitFor();
		await screenshot(page, "table-order", mode);
		await item(page, soup.id).getByRole("button", { name: "Void Soup" }).click();
		const dialog = page.getByRole("dialog");
		await dialog.getByLabel("Reason").fill("guest changed their mind");
		await dialog.getByRole("button", { name: "Void item" }).click();
		// The kitchen has started it: the tablet asks for a manager (approval.js); backing out leaves it cooking.
		const ask = page.locator("[data-approval-sheet] .modal");
		await ask.waitFor();
		await ask.getByRole("button", { name: "Back" }).click();
		await dialog.getByRole("alert").filter({ hasText: "manager's approval" }).waitFor();
		await dialog.getByRole("button", { name: "Back" }).click();
		assert.equal(await item(page, soup.id).getAttribute("data-status"), "preparing");
		await item(page, beer.id).getByRole("button", { name: "Void Beer" }).click();
		await dialog.getByLabel("Reason").fill("guest changed their mind");
		await dialog.getByRole("button", { name: "Void item" }).click();
		await page.locator(`li.item[data-item-id="${beer.id}"][data-status="voided"]`).waitFor();

		// A bill while the soup cooks says what is still in the kitchen.
		const tabs = page.getByRole("navigation", { name: "Table screens" });
		await tabs.getByRole("button", { name: "Bill" }).click();
		await page.getByRole("button", { name: "Create bill" }).click();
		await page.locator("[data-bill-error]").filter({ hasText: "Soup" }).waitFor();
		await tabs.getByRole("button", { name: "Order" }).click();

		await cook(`tickets/${orderId}/bump`);
		await page.locator(`li.item[data-item-id="${soup.id}"][data-status="ready"]`).waitFor();
		await page.getByRole("button", { name: /^Serve all/ }).click();
		for (const i of [burger, salad, soup]) await page.locator(`li.item[data-item-id="${i.id}"][data-status="served"]`).waitFor();

		// Bill: 14.50 + 9.00 + 6.50, no tax or service configured.
		await tabs.getByRole("button", { name: "Bill" }).click();
		await page.getByRole("button", { name: "Create bill" }).click();
		const summary = page.locator(".bill-summary");
		await page.locator('.bill-summary[data-status="open"]').waitFor();
		assert.deepEqual(await summary.locator("tr[data-line-id] td:first-child").allTextContents(), ["Burger", "Salad", "Soup"]);
		await summary.getByRole("table", { name: "Totals" }).getByText("$30.00").first().waitFor();
		assert.equal(await page.getByRole("button", { name: "Discount" }).count(), 1, "a waiter asks a manager for a discount");

		// Split in two ($15.00 each): cash with a tip, then a declined card, then a good one.
		await page.getByRole("button", { name: "Split evenly in 2" }).click();
		const part1 = page.getByRole("region", { name: "Part 1 of 2" });
		const part2 = page.getByRole("region", { name: "Part 2 of 2" });
		await part2.waitFor();
		assert.equal(await part1.getByLabel("Amount").inputValue(), "15.00");
		await part1.getByLabel("Tip").fill("2.00");
		await part1.getByRole("button", { name: "Take cash" }).click();
		await page.locator(`.bill-part[data-status="paid"]`).first().waitFor();
		assert.equal(await part1.getAttribute("data-status"), "paid");

		await part2.getByRole("button", { name: "Card" }).click();
		await part2.getByLabel("Card token").fill("tok_declined");
		await part2.getByRole("button", { name: "Charge card" }).click();
		await part2.locator("[data-pay-error]").filter({ hasText: "Card declined" }).waitFor();
		assert.equal(await part2.getAttribute("data-status"), "open");
		await part2.locator('[data-payment-id][data-status="failed"]').waitFor();
		await screenshot(page, "bill", mode);
		await part2.getByLabel("Card token").fill("tok_visa");
		await part2.getByLabel("Tip").fill("1.50");
		await part2.getByRole("button", { name: "Charge card" }).click();
		await page.locator(`.bill-part[data-status="paid"]`).nth(1).waitFor();

		// Paid in full: the grid on the other tablet turns the table available, live.
		await grid.locator(`.tiles [data-table-id="${table.id}"][data-status="available"]`).waitFor();
		await page.locator(`[data-table-status="available"]`).waitFor();
		await page.getByRole("status").filter({ hasText: "Paid in full" }).waitFor();
		await screenshot(page, "bill-paid", mode);
		const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?tableId=${table.id}`, { token: r.token.admin })).body;
		const parts = bills.filter(b => b.parentId);
		assert.deepEqual(
			parts.map(p => p.status),
			["paid", "paid"],
		);
		assert.equal(
			parts.reduce((s, p) => s + p.paidCents, 0),
			3000,
		);
		assert.equal(
			parts.reduce((s, p) => s + p.tipCents, 0),
			350,
		);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("greys out an 86'd dish live: it cannot be added, and one already on the round blocks the send", async () => {
		const table = r.tables[1];
		const page = await waiterTablet();
		await tile(page, table.id).click();
		const steak = dish(page, r.dish.steak.id);
		await steak.click();
		await page.locator(`[data-draft-line][data-menu-item-id="${r.dish.steak.id}"]`).waitFor();

		const patched = await http.patch(`/api/v1/menu/items/${r.dish.steak.id}`, { available: false }, { token: r.token.kitchen });
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
		await page.locator(`.menu-items [data-menu-item-id="${r.dish.steak.id}"][data-available="false"]`).waitFor();
		assert.ok(await steak.isDisabled(), "a sold-out dish cannot be tapped");
		await steak.getByText("Sold out").waitFor();
		await steak.click({ force: true });
		assert.equal(
			await page.locator(`[data-draft-line][data-menu-item-id="${r.dish.steak.id}"]`).count(),
			1,
			"tapping it added nothing",
		);
		await page.getByRole("alert").filter({ hasText: "Sold out now: Steak" }).waitFor();
		assert.ok(await page.getByRole("button", { name: "Send to kitchen" }).isDisabled());

		await page.getByRole("button", { name: "Remove Steak" }).click();
		await http.patch(`/api/v1/menu/items/${r.dish.steak.id}`, { available: true }, { token: r.token.kitchen });
		await page.locator(`.menu-items [data-menu-item-id="${r.dish.steak.id}"][data-available="true"]`).waitFor();
		assert.ok(await steak.isEnabled());
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("lists the waiter's notifications and marks them read", async () => {
		const page = await waiterTablet();
		// Both rounds came out of the kitchen: two "order ready" for this waiter.
		await page.getByRole("button", { name: "Notifications, 2 unread" }).click();
		const dialog = page.getByRole("dialog", { name: "Notifications" });
		assert.equal(await dialog.locator("[data-notification-id]").filter({ hasText: "order ready" }).count(), 2);
		await dialog.getByRole("button", { name: "Mark read" }).first().click();
		await page.getByRole("button", { name: "Notifications, 1 unread" }).waitFor();
		await screenshot(page, "notifications", mode);
		await dialog.getByRole("button", { name: "Mark all read" }).click();
		await page.getByRole("button", { name: "Notifications, 0 unread" }).waitFor();
		await dialog.getByText("Nothing new.").waitFor();
		const unread = await http.get("/api/v1/notifications?unread=true", {
			token: (await http.login(WAITER.username, WAITER.password)).accessToken,
		});
		assert.deepEqual(unread.body, []);
	});

	it("lets an admin discount the bill (with a reason) and split it by items", async () => {
		const table = r.tables[2];
		const order = await placeOrder(http, r, table, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		await kitchenTicketHas(
			order.id,
			order.items.map(i => i.id),
		);
		await cook(`tickets/${order.id}/bump`);
		const served = await http.post(`/api/v1/orders/${order.id}/serve`, undefined, { token: r.token.staff });
		assert.equal(served.status, 200, JSON.stringify(served.body));

		const { context, page, errors } = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\//);
		contexts.push(context);
		pageErrors.push(errors);
		await page.goto(`/floor/#table/${table.id}/bill`);
		await page.getByRole("button", { name: "Create bill" }).click();
		await page.locator('.bill-summary[data-status="open"]').waitFor();

		await page.getByRole("button", { name: "Discount" }).click();
		const dialog = page.getByRole("dialog");
		await dialog.getByLabel("Percent off").fill("10");
		await dialog.getByLabel("Reason").fill("regular guest");
		await dialog.getByRole("button", { name: "Apply discount" }).click();
		// 10% of 23.50.
		await page.locator(".bill-summary .totals").getByText("−$2.35").waitFor();
		await page.locator(".bill-summary .totals").getByText("(regular guest)").waitFor();

		await page.getByRole("button", { name: "Split by items" }).click();
		await dialog.getByRole("button", { name: "Burger in part 1" }).click();
		await dialog.getByRole("button", { name: "Salad in part 2" }).click();
		await dialog.getByRole("button", { name: "Split in 2" }).click();
		await page.getByRole("region", { name: "Part 2 of 2" }).getByText("1× Salad").waitFor();
		await page.getByRole("region", { name: "Part 1 of 2" }).getByText("1× Burger").waitFor();
		const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?tableId=${table.id}`, { token: r.token.admin })).body;
		const parts = bills.filter(b => b.parentId).sort((a, b) => a.split!.part - b.split!.part);
		assert.deepEqual(
			parts.map(p => p.lines.map(l => l.name)),
			[["Burger"], ["Salad"]],
		);
		assert.equal(
			parts.reduce((s, p) => s + p.discountCents, 0),
			235,
		);
		assert.deepEqual(pageErrors.flat(), []);
	});

	/** Opens a table on a fresh waiter tablet, ready to take a round. */
	async function atTable(table: Table): Promise<Page> {
		const page = await waiterTablet();
		await tile(page, table.id).click();
		await page.getByRole("heading", { name: `Table ${table.name}` }).waitFor();
		await page.getByRole("region", { name: "Menu" }).waitFor();
		return page;
	}
	const isPost = (route: Route) => route.request().method() === "POST";
	const draftLines = async (page: Page) =>
		(
			await page
				.locator("[data-draft-line]")
				.evaluateAll(lis =>
					lis.map(
						li =>
							`${li.querySelector("[aria-label^='Quantity of']")?.textContent} ${li.querySelector(".item-name")?.firstChild?.textContent?.trim()}`,
					),
				)
		).sort();
	const itemsOf = (order: Order) => order.items.map(i => `round ${i.round}: ${i.quantity} ${i.name}`).sort();

	it("sends a first round whose answer was lost once, though its order has since arrived by push", async () => {
		const table = r.tables[3];
		const page = await atTable(table);
		// Every round sent from this tablet, to whichever path; the first answer never reaches the tablet, and the
		// second try waits at the door until the screen is read.
		const sends: { path: string; key: string }[] = [];
		let release!: () => void;
		const held = new Promise<void>(resolve => (release = resolve));
		const orderPaths = (url: URL) => url.pathname.startsWith("/api/v1/orders");
		await page.route(orderPaths, async route => {
			if (!isPost(route)) return route.fallback();
			sends.push({ path: new URL(route.request().url()).pathname, key: route.request().headers()["idempotency-key"] });
			if (sends.length === 1) {
				await route.fetch();
				await route.abort("connectionreset");
			} else {
				await held;
				await route.continue();
			}
		});

		await dish(page, r.dish.burger.id).click();
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		let orderId: string;
		try {
			await page.locator("[data-send-pending]").filter({ hasText: "being confirmed" }).waitFor();
			// The kitchen did take it: the order card arrives by push while the round is still on the tablet, being confirmed.
			const card = page.locator(".order-card");
			await card.waitFor();
			orderId = (await card.getAttribute("data-order-id"))!;
			assert.deepEqual(await draftLines(page), ["1 Burger"]);
			await screenshot(page, "send-unconfirmed", mode);
		} finally {
			release();
		}

		// The tablet asks again by itself: the same request goes, and the kitchen still has one burger.
		await page.locator("[data-send-confirmed]").waitFor();
		await page.locator("[data-draft-line]").first().waitFor({ state: "detached" });
		await page.unroute(orderPaths);
		const order = await orderAs(orderId);
		assert.deepEqual(itemsOf(order), ["round 1: 1 Burger"], "the kitchen has the round once");
		assert.equal(order.totalCents, r.dish.burger.priceCents);
		assert.equal(sends.length, 2, JSON.stringify(sends));
		assert.deepEqual(
			sends.map(s => s.path),
			["/api/v1/orders", "/api/v1/orders"],
			"the retry is the first request again, not a round added to the order the push showed",
		);
		assert.ok(sends[0].key && sends[0].key === sends[1].key, `one Idempotency-Key for one send: ${sends.map(s => s.key).join(" / ")}`);
		const open = (await http.get<Order[]>(`/api/v1/orders?tableId=${table.id}`, { token: r.token.admin })).body.filter(
			o => o.status !== "cancelled",
		);
		assert.deepEqual(
			open.map(o => o.id),
			[orderId],
			"one order at the table",
		);
		assert.equal(await page.locator("[data-send-pending]").count(), 0);
		assert.equal(await page.locator("li.item").count(), 1, "the card shows the burger once");
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("keeps a dish tapped while a round is on its way, and orders only what was sent", async () => {
		const table = r.tables[4];
		const page = await atTable(table);
		// The first POST /orders waits at the door until the waiter has tapped more dishes.
		let release!: () => void;
		const held = new Promise<void>(resolve => (release = resolve));
		let reached!: () => void;
		const atDoor = new Promise<void>(resolve => (reached = resolve));
		const placePath = (url: URL) => url.pathname === "/api/v1/orders";
		await page.route(placePath, async route => {
			if (!isPost(route)) return route.fallback();
			reached();
			await held;
			await route.continue();
		});

		try {
			await dish(page, r.dish.burger.id).click();
			await page.getByRole("button", { name: "Send to kitchen" }).click();
			await atDoor;
			await page.getByRole("button", { name: "Sending…" }).waitFor();
			// While it is on its way: a salad, and another burger (a new line, not more of the one being sent).
			await dish(page, r.dish.salad.id).click();
			await dish(page, r.dish.burger.id).click();
			await page.locator(`[data-draft-line][data-menu-item-id="${r.dish.salad.id}"]`).waitFor();
		} finally {
			release();
		}
		const card = page.locator(".order-card");
		await card.waitFor();
		await page.getByRole("button", { name: "Send to kitchen" }).waitFor();
		await page.unroute(placePath);
		const orderId = (await card.getAttribute("data-order-id"))!;
		assert.deepEqual(itemsOf(await orderAs(orderId)), ["round 1: 1 Burger"], "only what was sent was ordered");
		assert.deepEqual(await draftLines(page), ["1 Burger", "1 Salad"], "what was tapped meanwhile stays on the tablet");
		assert.equal(await page.locator('[data-draft-line][data-sending="true"]').count(), 0);

		// They go as the next round.
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		await page.locator("li.item").nth(2).waitFor();
		await page.locator("[data-draft-line]").first().waitFor({ state: "detached" });
		assert.deepEqual(itemsOf(await orderAs(orderId)), ["round 1: 1 Burger", "round 2: 1 Burger", "round 2: 1 Salad"]);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("shows an order open before the tablet loaded once, however many pushes and reloads follow", async () => {
		const table = r.tables[5];
		const order = await placeOrder(http, r, table, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const soup = order.items[0];
		// The first welcome reads the floor again over REST: the card is there throughout, once.
		const page = await atTable(table);
		await page.locator(`.order-card[data-order-id="${order.id}"]`).waitFor();
		await kitchenTicketHas(order.id, [soup.id]);
		await cook(`items/${soup.id}/start`);
		await cook(`tickets/${order.id}/bump`);
		await page.locator(`.order-card[data-status="ready"] li.item[data-status="ready"]`).first().waitFor();
		assert.equal(await page.locator(".order-card").count(), 1, "one card for one order");
		assert.equal(await page.locator("li.item").count(), 1);
		assert.deepEqual(pageErrors.flat(), []);
	});
});
