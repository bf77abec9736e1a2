// A restaurant evening on the waiter's tablet, tried as a new user would (issue 12), in real Chromium against
// a real Brigade: what a waiter reads and taps at 1024×768 — legible notifications, a connection banner that
// follows the network both ways and covers nothing, serving what is ready, a bill that follows the kitchen, a
// draft that never greets the next party, 48 px targets, the Send button always in view, a lost answer that
// says the round is being confirmed, toasts clear of the buttons, no 404 or script error on any page, a split
// that is not an error, and order notes.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Locator, Page } from "playwright-core";
import { ADMIN, DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet, signIn, tablet } from "../helpers/browser";
import { until } from "../helpers/wait";
import type { Bill, MenuItem, Order, Table, Ticket } from "../../contracts";

const mode = DISTRIBUTED ? "distributed" : "embedded";
/** Pushes cross brokers and Redis when distributed: wait generously, never sleep. */
const LIVE = { timeout: 20_000 };
const WAITER = { username: `waiter-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };
const COOK = { username: `cook-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };

/**
 * WCAG contrast of an element's text against the first opaque background behind it. Sent as source text: the
 * test runner's transform would name inner functions with a helper the page does not have.
 */
const CONTRAST = `el => {
	const parse = c => {
		const [r, g, b, a = 1] = (/rgba?\\(([^)]+)\\)/.exec(c)?.[1] ?? "0 0 0 0").split(/[\\s,/]+/).filter(Boolean).map(Number);
		return { r, g, b, a };
	};
	const lum = ({ r, g, b }) => {
		const f = v => ((v /= 255) <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4);
		return 0.2126 * f(r) + 0.7152 * f(g) + 0.0722 * f(b);
	};
	let bg = { r: 255, g: 255, b: 255, a: 1 };
	for (let n = el; n; n = n.parentElement) {
		const c = parse(getComputedStyle(n).backgroundColor);
		if (c.a > 0.5) { bg = c; break; }
	}
	const [hi, lo] = [lum(parse(getComputedStyle(el).color)), lum(bg)].sort((x, y) => y - x);
	return (hi + 0.05) / (lo + 0.05);
}`;
const contrast = (target: Locator): Promise<number> =>
	// biome-ignore lint/security/noGlobalEval: runs in the test's own Chromium page, on the test's own source text
	target.evaluate((el, source) => globalThis.eval(source)(el) as number, CONTRAST);

/** Every visible control of the page smaller than a thumb (48×48 for buttons and links, 48 high for fields). */
async function smallTargets(page: Page): Promise<string[]> {
	return page.evaluate(() => {
		const small: string[] = [];
		for (const el of Array.from(document.querySelectorAll<HTMLElement>("button, a[href], [role=tab], input, select, textarea"))) {
			if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") continue;
			if (el instanceof HTMLInputElement && el.type === "hidden") continue;
			const r = el.getBoundingClientRect();
			const field = el.matches("input, select, textarea");
			if (r.height < 47.5 || (!field && r.width < 47.5))
				small.push(
					`${el.getAttribute("aria-label") ?? el.textContent?.trim() ?? el.tagName} (${Math.round(r.width)}×${Math.round(r.height)})`,
				);
		}
		return small;
	});
}

/** The control a finger at its centre would hit is the control itself, with nothing drawn over it, as it is now. */
async function reachable(target: Locator): Promise<boolean> {
	return target.evaluate(el => {
		const r = el.getBoundingClientRect();
		const x = r.left + r.width / 2;
		const y = r.top + r.height / 2;
		if (r.width === 0 || y < 0 || y > innerHeight || x < 0 || x > innerWidth) return false;
		const hit = document.elementFromPoint(x, y);
		return !!hit && (hit === el || el.contains(hit));
	});
}

type Box = { x: number; y: number; width: number; height: number };
const overlaps = (a: Box, b: Box) => a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;

describe(`an evening on the floor in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let waiterToken: string;
	let extra: MenuItem[];
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	const pageErrors: string[][] = [];
	let nextTable = 0;

	async function device(user: { username: string; password: string }, landing: RegExp): Promise<Page> {
		const { context, page, errors } = await signedInTablet(browser, cluster.baseUrl, user, landing);
		contexts.push(context);
		pageErrors.push(errors);
		return page;
	}
	const waiterTablet = () => device(WAITER, /\/floor\/$/);
	const freshTable = (): Table => r.tables[nextTable++];
	const tile = (page: Page, tableId: string) => page.locator(`.tiles [data-table-id="${tableId}"]`);
	const dish = (page: Page, id: string) => page.locator(`.menu-items [data-menu-item-id="${id}"]`);
	const _item = (page: Page, id: string) => page.locator(`li.item[data-item-id="${id}"]`);
	const tabs = (page: Page) => page.getByRole("navigation", { name: "Table screens" });

	async function atTable(page: Page, table: Table): Promise<void> {
		await tile(page, table.id).click();
		await page.getByRole("heading", { name: `Table ${table.name}` }).waitFor();
		await page.getByRole("region", { name: "Menu" }).waitFor();
	}
	/** The waiter's own order, placed through the API (so "order ready" is theirs). */
	async function order(table: Table, items: { menuItemId: string; quantity: number }[], notes?: string): Promise<Order> {
		const res = await http.post<Order>("/api/v1/orders", { tableId: table.id, items, ...(notes && { notes }) }, { token: waiterToken });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	}
	async function addRound(orderId: string, items: { menuItemId: string; quantity: number }[]): Promise<Order> {
		const res = await http.post<Order>(`/api/v1/orders/${orderId}/items`, { items }, { token: waiterToken });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		return res.body;
	}
	const orderNow = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.admin })).body;
	async function onTickets(orderId: string, itemIds: string[]): Promise<void> {
		await until(
			`kitchen tickets of ${orderId}`,
			async () => {
				const res = await http.get<Ticket[]>("/api/v1/kitchen/tickets", { token: r.token.kitchen });
				const ids = res.body.filter(t => t.orderId === orderId).flatMap(t => t.items.map(i => i.id));
				return itemIds.every(id => ids.includes(id));
			},
			LIVE.timeout,
		);
	}
	async function cook(path: string): Promise<void> {
		const res = await http.post(`/api/v1/kitchen/${path}`, undefined, { token: r.token.kitchen });
		assert.equal(res.status, 200, `${path}: ${JSON.stringify(res.body)}`);
	}
	/** Kitchen, waiter and cashier through the API: everything ready, served, billed and paid in cash. */
	async function payUp(o: Order): Promise<void> {
		await onTickets(
			o.id,
			o.items.map(i => i.id),
		);
		await cook(`tickets/${o.id}/bump`);
		const served = await http.post(`/api/v1/orders/${o.id}/serve`, {}, { token: waiterToken });
		assert.equal(served.status, 200, JSON.stringify(served.body));
		const bill = await http.post<Bill>("/api/v1/billing/bills", { tableId: o.tableId }, { token: waiterToken });
		assert.equal(bill.status, 201, JSON.stringify(bill.body));
		const paid = await http.post(
			`/api/v1/billing/bills/${bill.body.id}/payments`,
			{ method: "cash", amountCents: bill.body.totalCents },
			{ token: waiterToken },
		);
		assert.equal(paid.status, 201, JSON.stringify(paid.body));
	}

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 14);
		for (const [u, role] of [
			[WAITER, "staff"],
			[COOK, "kitchen"],
		] as const) {
			const made = await http.post(
				"/api/v1/auth/register",
				{ ...u, fullName: role === "staff" ? "Wendy Waiter" : "Carl Cook", role },
				{ token: r.token.admin },
			);
			assert.equal(made.status, 201, JSON.stringify(made.body));
		}
		waiterToken = (await http.login(WAITER.username, WAITER.password)).accessToken;
		extra = [];
		for (const [name, priceCents, station] of [
			["Fries", 450, "grill"],
			["Wine", 800, "bar"],
			["Cake", 700, "cold"],
		] as const) {
			const res = await http.post<MenuItem>(
				"/api/v1/menu/items",
				{ categoryId: r.dish.burger.categoryId, name, priceCents, station },
				{ token: r.token.admin },
			);
			assert.equal(res.status, 201, JSON.stringify(res.body));
			extra.push(res.body);
		}
		browser = await launchBrowser();
	});
	after(async () => {
		for (const c of contexts) await c.close().catch(() => undefined);
		await browser?.close();
		await cluster?.stop();
	});

	it("shows notifications dark on light, each message in full", async () => {
		const table = freshTable();
		const o = await order(table, [{ menuItemId: r.dish.salad.id, quantity: 1 }]);
		await onTickets(o.id, [o.items[0].id]);
		await cook(`tickets/${o.id}/bump`);
		const page = await waiterTablet();
		await page.getByRole("button", { name: /Notifications, [1-9]/ }).click();
		const dialog = page.getByRole("dialog", { name: "Notifications" });
		const note = dialog.locator("[data-notification-id]").filter({ hasText: "order ready" }).first();
		await note.waitFor();
		const message = note.getByText(/order ready/);
		assert.match((await message.textContent())!, new RegExp(`${table.name}.*order ready`));
		// Text a waiter can read at a metre: the message, its time, and every button in the sheet.
		assert.ok((await contrast(message)) >= 4.5, `message contrast ${await contrast(message)}`);
		assert.ok((await contrast(note.locator(".muted"))) >= 4.5, "the time is readable");
		for (const button of await dialog.getByRole("button").all()) {
			assert.ok((await contrast(button)) >= 4.5, `${await button.textContent()}: contrast ${await contrast(button)}`);
		}
		// The whole message shows: nothing clipped.
		assert.ok(
			await message.evaluate(el => el.scrollWidth <= el.clientWidth + 1 && el.scrollHeight <= el.clientHeight + 1),
			"the message is not clipped",
		);
		assert.deepEqual(await smallTargets(page), [], "every target in the sheet is thumb-sized");
		await screenshot(page, "evening-notifications", mode);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("follows a short offline blip both ways, and the banner never covers Notifications or Sign out", async () => {
		const table = freshTable();
		// Served as localhost, as on the evening: Socket.IO then does not drop its connection when the browser says
		// it is offline, and a blip of a few seconds never reaches it.
		const { context, page, errors } = await tablet(browser, cluster.baseUrl.replace("127.0.0.1", "localhost"));
		contexts.push(context);
		pageErrors.push(errors);
		let sockets = 0;
		page.on("websocket", () => (sockets += 1));
		await signIn(page, WAITER.username, WAITER.password, /\/floor\/$/);
		await tile(page, table.id).waitFor();
		await page.waitForFunction(() => !document.querySelector(".connection-banner:not([hidden])"));
		const banner = page.locator(".connection-banner");
		const notifications = page.getByRole("button", { name: /^Notifications/ });
		const signOut = page.getByRole("button", { name: "Sign out" });
		const before = sockets;

		await context.setOffline(true);
		await banner.and(page.locator('[data-state="offline"]')).waitFor(LIVE);
		await screenshot(page, "evening-offline", mode);
		for (const control of [notifications, signOut]) {
			assert.ok(await reachable(control), `${await control.textContent()} is not covered by the banner`);
			assert.ok(
				!overlaps((await banner.boundingBox())!, (await control.boundingBox())!),
				`the banner does not overlap ${await control.textContent()}`,
			);
		}
		assert.equal(sockets, before, "the socket itself never dropped");

		// The network comes back: the banner says so, then goes.
		await context.setOffline(false);
		await banner.and(page.locator('[data-state="online"]')).waitFor(LIVE);
		await banner.waitFor({ state: "hidden", ...LIVE });
		// Still live: a change made elsewhere arrives by push.
		const patched = await http.patch(`/api/v1/tables/${table.id}`, { status: "reserved" }, { token: r.token.admin });
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
		await page.locator(`.tiles [data-table-id="${table.id}"][data-status="reserved"]`).waitFor(LIVE);

		// And again: the banner follows every time.
		await context.setOffline(true);
		await banner.and(page.locator('[data-state="offline"]')).waitFor(LIVE);
		await context.setOffline(false);
		await banner.waitFor({ state: "hidden", ...LIVE });
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("serves what is ready — a dish, a round, the rest — while the kitchen still cooks the others", async () => {
		const table = freshTable();
		const [wine] = extra.filter(d => d.name === "Wine");
		const first = await order(table, [
			{ menuItemId: r.dish.beer.id, quantity: 2 },
			{ menuItemId: wine.id, quantity: 1 },
			{ menuItemId: r.dish.steak.id, quantity: 1 },
		]);
		const o = await addRound(first.id, [
			{ menuItemId: r.dish.salad.id, quantity: 1 },
			{ menuItemId: r.dish.soup.id, quantity: 1 },
		]);
		const named = (name: string) => o.items.find(i => i.name === name)!;
		const [beer, wineLine, steak, salad, soup] = ["Beer", "Wine", "Steak", "Salad", "Soup"].map(named);
		const page = await waiterTablet();
		await atTable(page, table);
		const card = page.locator(`.order-card[data-order-id="${o.id}"]`);
		const status = (i: { id: string }, s: string) => page.locator(`li.item[data-item-id="${i.id}"][data-status="${s}"]`);
		/** The card's status pill says what the server says the order is. */
		const followsServer = async () => {
			const now = (await orderNow(o.id)).status;
			await card.and(page.locator(`[data-status="${now}"]`)).waitFor(LIVE);
			return now;
		};
		await onTickets(
			o.id,
			o.items.map(i => i.id),
		);

		// The bar pours: the beer goes out while the grill has not even started the steak.
		await cook(`items/${beer.id}/ready`);
		await cook(`items/${wineLine.id}/ready`);
		await status(beer, "ready").getByRole("button", { name: "Serve Beer" }).click();
		await status(beer, "served").waitFor(LIVE);
		await status(steak, "queued").waitFor();
		await status(wineLine, "ready").waitFor();
		await followsServer();

		// Round 2 is up while round 1's steak cooks: one tap serves that round, and only that round.
		await cook(`items/${steak.id}/start`);
		await cook(`items/${salad.id}/ready`);
		await cook(`items/${soup.id}/ready`);
		await status(soup, "ready").waitFor(LIVE);
		await status(salad, "ready").waitFor(LIVE);
		await screenshot(page, "evening-serve-ready", mode);
		await card.getByRole("button", { name: "Serve round 2: 2 ready" }).click();
		await status(salad, "served").waitFor(LIVE);
		await status(soup, "served").waitFor(LIVE);
		await status(wineLine, "ready").waitFor();
		await status(steak, "preparing").waitFor();
		assert.notEqual(await followsServer(), "served", "the steak is still cooking");

		// The rest of what is ready, then the steak: the order is served.
		await card.getByRole("button", { name: /^Serve all 1 ready/ }).click();
		await status(wineLine, "served").waitFor(LIVE);
		await cook(`items/${steak.id}/ready`);
		await status(steak, "ready").getByRole("button", { name: "Serve Steak" }).click();
		await status(steak, "served").waitFor(LIVE);
		assert.equal(await followsServer(), "served");
		const final = await orderNow(o.id);
		assert.deepEqual(
			final.items.map(i => i.status),
			["served", "served", "served", "served", "served"],
		);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("keeps the bill tab's 'not served yet' list live as the kitchen readies the dishes", async () => {
		const table = freshTable();
		const o = await order(table, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		const [burger, salad] = [o.items.find(i => i.name === "Burger")!, o.items.find(i => i.name === "Salad")!];
		const page = await waiterTablet();
		await atTable(page, table);
		await tabs(page).getByRole("button", { name: "Bill" }).click();
		const billing = page.getByRole("region", { name: "Create the bill" });
		await billing.getByRole("button", { name: "Create bill" }).click();
		const line = (name: string) => billing.locator("li").filter({ hasText: name });
		await line("Burger").getByText("Queued").waitFor();
		await line("Salad").getByText("Queued").waitFor();

		// The kitchen readies both: the list follows without a tap.
		await onTickets(o.id, [burger.id, salad.id]);
		await cook(`items/${salad.id}/start`);
		await line("Salad").getByText("Cooking").waitFor(LIVE);
		await cook(`tickets/${o.id}/bump`);
		await line("Burger").getByText("Ready").waitFor(LIVE);
		await line("Salad").getByText("Ready").waitFor(LIVE);
		await screenshot(page, "evening-bill-not-served", mode);
		// Served from here, the list empties and the bill can be made.
		await billing.getByRole("button", { name: "Serve all 2 ready" }).click();
		await billing.getByText("Everything is served now").waitFor(LIVE);
		await billing.getByRole("button", { name: "Create bill" }).click();
		await page.locator('.bill-summary[data-status="open"]').waitFor(LIVE);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("never pre-fills a draft for the next party once the table was paid and freed", async () => {
		const page = await waiterTablet();
		const draftLines = page.locator("[data-draft-line]");

		// A dish left in the draft of an open order: the party pays and leaves.
		const seated = freshTable();
		const first = await order(seated, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		await atTable(page, seated);
		await page.locator(`.order-card[data-order-id="${first.id}"]`).waitFor(LIVE);
		await dish(page, r.dish.beer.id).click();
		await draftLines.first().waitFor();
		await page.getByRole("button", { name: "Back to the floor" }).click();
		await payUp(first);
		await page.locator(`.tiles [data-table-id="${seated.id}"][data-status="available"]`).waitFor(LIVE);
		await atTable(page, seated);
		const settled = page.locator('section.draft[data-checked="true"]');
		await settled.waitFor();
		await page.getByRole("region", { name: "New round" }).getByRole("heading", { name: "New order" }).waitFor();
		assert.equal(await draftLines.count(), 0, "the next party starts with an empty round");
		await page.reload();
		await page.getByRole("region", { name: "Menu" }).waitFor();
		assert.equal(await draftLines.count(), 0, "and after a reload too");

		// A dish tapped at an empty table, then another tablet seats, serves and frees it: that was that party's.
		const empty = freshTable();
		await page.getByRole("button", { name: "Back to the floor" }).click();
		await atTable(page, empty);
		await dish(page, r.dish.soup.id).click();
		await draftLines.first().waitFor();
		await page.getByRole("button", { name: "Back to the floor" }).click();
		const other = await order(empty, [{ menuItemId: r.dish.salad.id, quantity: 1 }]);
		await payUp(other);
		await page.locator(`.tiles [data-table-id="${empty.id}"][data-status="available"]`).waitFor(LIVE);
		await page.reload();
		await atTable(page, empty);
		await settled.waitFor();
		assert.equal(await draftLines.count(), 0, "a draft from before the last party is gone");
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("makes every target on every floor screen at least 48×48", async () => {
		const table = freshTable();
		const page = await waiterTablet();
		await tile(page, table.id).waitFor();
		assert.deepEqual(await smallTargets(page), [], "the grid and the top bar");
		await atTable(page, table);
		assert.deepEqual(await smallTargets(page), [], "an empty table (Mark reserved, category tabs)");
		await dish(page, r.dish.burger.id).click();
		await dish(page, r.dish.salad.id).click();
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		await page.locator(".order-card li.item").nth(1).waitFor(LIVE);
		await dish(page, r.dish.beer.id).click();
		assert.deepEqual(await smallTargets(page), [], "an order with a round in the kitchen and a draft (−, +, ✕, Void)");
		await screenshot(page, "evening-targets-order", mode);
		await page.locator(".order-card li.item").first().getByRole("button", { name: /^Void/ }).click();
		assert.deepEqual(await smallTargets(page), [], "the void sheet");
		await page.getByRole("dialog").getByRole("button", { name: "Back" }).click();

		const o = (await page.locator(".order-card").getAttribute("data-order-id"))!;
		await payUpTo("served", await orderNow(o));
		await tabs(page).getByRole("button", { name: "Bill" }).click();
		await page.getByRole("button", { name: "Create bill" }).click();
		await page.locator('.bill-summary[data-status="open"]').waitFor(LIVE);
		assert.deepEqual(await smallTargets(page), [], "the bill (split controls, cash or card)");
		await page.getByRole("button", { name: "Split by items" }).click();
		assert.deepEqual(await smallTargets(page), [], "the split-by-items sheet");
		await screenshot(page, "evening-targets-split", mode);
		await page.getByRole("dialog").getByRole("button", { name: "Back" }).click();
		assert.deepEqual(pageErrors.flat(), []);
	});
	/** The kitchen bumps everything and the waiter serves it (API). */
	async function payUpTo(_: "served", o: Order): Promise<void> {
		await onTickets(
			o.id,
			o.items.map(i => i.id),
		);
		await cook(`tickets/${o.id}/bump`);
		const served = await http.post(`/api/v1/orders/${o.id}/serve`, {}, { token: waiterToken });
		assert.equal(served.status, 200, JSON.stringify(served.body));
	}

	it("keeps Send to kitchen in view with six lines in the round, under an order of two rounds", async () => {
		const table = freshTable();
		const o = await order(table, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 2 },
		]);
		await addRound(o.id, [
			{ menuItemId: r.dish.beer.id, quantity: 2 },
			{ menuItemId: r.dish.soup.id, quantity: 1 },
		]);
		const page = await waiterTablet();
		await atTable(page, table);
		await page.locator(".order-card li.item").nth(3).waitFor(LIVE);
		for (const d of [r.dish.burger, r.dish.steak, r.dish.salad, r.dish.soup, r.dish.beer, extra[0]]) await dish(page, d.id).click();
		assert.equal(await page.locator("[data-draft-line]").count(), 6);
		const send = page.getByRole("button", { name: "Send to kitchen" });
		await screenshot(page, "evening-six-lines", mode);
		assert.ok(await reachable(send), "Send to kitchen is on screen and nothing covers it");
		assert.equal(await page.evaluate(() => scrollY), 0, "the page itself did not scroll");
		// A tap where it is, without scrolling: the round goes.
		const box = (await send.boundingBox())!;
		await page.mouse.click(box.x + box.width / 2, box.y + box.height / 2);
		await page
			.locator("[data-draft-line]")
			.first()
			.waitFor({ state: "detached", ...LIVE });
		assert.equal((await orderNow(o.id)).items.length, 10);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("says a round whose answer was lost is being confirmed, then that it is confirmed", async () => {
		const table = freshTable();
		const o = await order(table, [{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		const page = await waiterTablet();
		await atTable(page, table);
		await page.locator(".order-card li.item").first().waitFor(LIVE);
		// The first send reaches the kitchen but its answer is lost; the next one waits at the door until we have read the screen.
		let release!: () => void;
		const held = new Promise<void>(resolve => (release = resolve));
		let sends = 0;
		const path = `**/api/v1/orders/${o.id}/items`;
		await page.route(path, async route => {
			sends += 1;
			if (sends === 1) {
				await route.fetch();
				await route.abort("connectionreset");
				return;
			}
			await held;
			await route.continue();
		});
		try {
			await dish(page, r.dish.beer.id).click();
			await page.getByRole("button", { name: "Send to kitchen" }).click();
			// The round did land: its dishes show as queued on the order, by push.
			await page.locator(".order-card li.item", { hasText: "Beer" }).getByText("Queued").waitFor(LIVE);
			const status = page.locator("[data-send-pending]");
			await status.filter({ hasText: /being confirmed/i }).waitFor(LIVE);
			assert.equal(await page.getByText(/No connection/).count(), 0, "nothing claims the connection is gone");
			await screenshot(page, "evening-confirming", mode);
		} finally {
			release();
		}
		await page
			.locator("[data-send-confirmed]")
			.filter({ hasText: /confirmed/i })
			.waitFor(LIVE);
		await page.locator("[data-draft-line]").first().waitFor({ state: "detached" });
		await page.unroute(path);
		const now = await orderNow(o.id);
		assert.deepEqual(now.items.map(i => `${i.round} ${i.name}`).sort(), ["1 Burger", "2 Beer"], "the round landed once");
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("shows toasts clear of Order, Bill, Serve and Send, which stay tappable", async () => {
		const table = freshTable();
		const page = await waiterTablet();
		await atTable(page, table);
		await dish(page, r.dish.burger.id).click();
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		const toast = page.locator(".toast").filter({ hasText: "Sent to the kitchen" });
		await toast.waitFor();
		await page.locator(".order-card").waitFor(LIVE);
		const primaries = [
			tabs(page).getByRole("button", { name: "Order" }),
			tabs(page).getByRole("button", { name: "Bill" }),
			page.locator(".order-card").getByRole("button", { name: "Bill" }),
			page.getByRole("button", { name: "Send to kitchen" }),
		];
		// The next round is on the tablet, so Send is live too.
		await dish(page, r.dish.beer.id).click();
		// Another toast, so two show at once (the tile's "order ready" would do the same).
		await page.evaluate(`import("/app/core.js").then(core => core.toast("Table 9: order ready", "info"))`);
		await page.locator(".toast").nth(1).waitFor();
		await screenshot(page, "evening-toast", mode);
		const toastBoxes = await Promise.all((await page.locator(".toast").all()).map(async t => (await t.boundingBox())!));
		for (const p of primaries) {
			const name = await p.textContent();
			const box = (await p.boundingBox())!;
			for (const t of toastBoxes)
				assert.ok(!overlaps(t, box), `a toast sits over ${name}: ${JSON.stringify(t)} / ${JSON.stringify(box)}`);
			assert.ok(await reachable(p), `${name} takes a tap while the toast shows`);
			await p.click({ trial: true, timeout: 2000 });
		}
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("loads every page with no 404 and no script error, and sends a cook on /floor/ to the kitchen quietly", async () => {
		const problems: string[] = [];
		// A guest's phone at a table with no order yet is answered 404 by GET /guest/order (API.md): an answer, not a broken link.
		const noOrderYet = (url: string) => /\/api\/v1\/guest\/order$/.test(url);
		const watch = (page: Page) => {
			page.on(
				"console",
				m => m.type() === "error" && !noOrderYet(m.location().url) && problems.push(`${page.url()} console: ${m.text()}`),
			);
			page.on("pageerror", e => problems.push(`${page.url()} pageerror: ${e.message}`));
			page.on("response", res => res.status() === 404 && !noOrderYet(res.url()) && problems.push(`${page.url()} 404: ${res.url()}`));
		};
		const visit = async (page: Page, path: string, ready: string | RegExp) => {
			await page.goto(path);
			if (typeof ready === "string") await page.locator(ready).first().waitFor(LIVE);
			else await page.waitForURL(ready);
			// The icon the page names (or the one every browser asks for) is there.
			const icon = await page.evaluate(async () => {
				const href =
					document.querySelector<HTMLLinkElement>("link[rel~='icon']")?.href ?? new URL("/favicon.ico", location.href).href;
				return { href, status: (await fetch(href)).status };
			});
			if (icon.status !== 200) problems.push(`${page.url()} icon ${icon.href}: ${icon.status}`);
		};
		const anonymous = await tablet(browser, cluster.baseUrl);
		contexts.push(anonymous.context);
		watch(anonymous.page);
		await visit(anonymous.page, "/", "form[aria-label='Sign in']");
		await visit(anonymous.page, `/guest/?table=${r.tables[0].id}`, "main, .guest-header");
		await visit(anonymous.page, "/docs/", "body");

		const cookPage = await device(COOK, /\/kitchen\//);
		watch(cookPage);
		await visit(cookPage, "/kitchen/", "main");
		// A cook who opens the floor is sent to the kitchen, with no error on the way.
		await visit(cookPage, "/floor/", /\/kitchen\//);
		await cookPage.locator("main").first().waitFor();

		const waiterPage = await waiterTablet();
		watch(waiterPage);
		await visit(waiterPage, "/floor/", ".tiles");
		await visit(waiterPage, "/admin/", /\/floor\//);

		const adminPage = await device(ADMIN, /\/admin\//);
		watch(adminPage);
		await visit(adminPage, "/admin/", "main");
		await visit(adminPage, "/floor/", ".tiles");

		assert.deepEqual(problems, []);
		const icon = await http.get("/favicon.ico");
		assert.match(icon.headers.get("content-type") ?? "", /image/, "the gateway serves it as an image");
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("shows a split bill as information, not as an error", async () => {
		const table = freshTable();
		const o = await order(table, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		await payUpTo("served", o);
		const page = await waiterTablet();
		await atTable(page, table);
		await tabs(page).getByRole("button", { name: "Bill" }).click();
		await page.getByRole("button", { name: "Create bill" }).click();
		await page.getByRole("button", { name: "Split evenly in 2" }).click();
		await page.getByRole("region", { name: "Part 2 of 2" }).waitFor(LIVE);
		const pill = page.locator(".bill-summary .pill").filter({ hasText: "Split in 2" });
		const style = await pill.evaluate(el => {
			const probe = document.createElement("span");
			probe.className = "pill failed";
			document.body.append(probe);
			const error = getComputedStyle(probe);
			const mine = getComputedStyle(el);
			const out = { mine: [mine.color, mine.backgroundColor], error: [error.color, error.backgroundColor] };
			probe.remove();
			return out;
		});
		assert.notEqual(style.mine[0], style.error[0], "not the error colour");
		assert.notEqual(style.mine[1], style.error[1], "not the error background");
		await screenshot(page, "evening-split", mode);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("writes an order note with the first round and shows it on the order", async () => {
		const table = freshTable();
		const page = await waiterTablet();
		await atTable(page, table);
		await dish(page, r.dish.steak.id).click();
		const notes = page.getByLabel("Note for the whole order");
		await notes.fill("nut allergy at seat 2");
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		const card = page.locator(".order-card");
		await card.waitFor(LIVE);
		const orderId = (await card.getAttribute("data-order-id"))!;
		assert.equal((await orderNow(orderId)).notes, "nut allergy at seat 2");
		await card.locator("[data-order-notes]").filter({ hasText: "nut allergy at seat 2" }).waitFor();
		// The next round belongs to the same order: no second order note to write.
		await dish(page, r.dish.beer.id).click();
		assert.equal(await page.getByLabel("Note for the whole order").count(), 0);
		// The kitchen sees it on the ticket.
		const tickets = (await http.get<(Ticket & { notes?: string })[]>("/api/v1/kitchen/tickets", { token: r.token.kitchen })).body;
		assert.ok(
			tickets.some(t => t.orderId === orderId),
			"the round reached the kitchen",
		);
		await screenshot(page, "evening-order-notes", mode);
		assert.deepEqual(pageErrors.flat(), []);
	});
});
