// The kitchen display in real Chromium: a cook picks a station, a waiter's order arrives live with a beep and
// a flash, items are started and finished from the page, the ticket is bumped and recalled, the all-day count
// matches the API, a void and a cancellation show on the card, and an 86 from the page reaches GET /menu.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signIn, tablet } from "../helpers/browser";
import type { MenuItem, Order, Ticket } from "../../contracts";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
/** Live effects cross brokers and Redis when distributed, on a busy 2-core machine: wait generously. */
const LIVE = { timeout: 20_000 };

describe(`kitchen display in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	const cook = { username: `cook-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };
	const waiter = { username: `waiter-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };
	let first: Order;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		for (const [u, role] of [
			[cook, "kitchen"],
			[waiter, "staff"],
		] as const) {
			const res = await http.post("/api/v1/auth/register", { ...u, fullName: `The ${role}`, role }, { token: r.token.admin });
			assert.equal(res.status, 201, JSON.stringify(res.body));
		}
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await cluster?.stop();
	});

	const order = async (tableIndex: number, items: { menuItemId: string; quantity: number; notes?: string }[], notes?: string) => {
		const res = await http.post<Order>("/api/v1/orders", { tableId: r.tables[tableIndex].id, items, notes }, { token: r.token.staff });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const grillTickets = async () => (await http.get<Ticket[]>("/api/v1/kitchen/tickets?station=grill", { token: r.token.kitchen })).body;
	const card = (page: Page, orderId: string) => page.locator(`article.ticket[data-order-id="${orderId}"]`);
	const itemRow = (page: Page, orderId: string, itemId: string) => card(page, orderId).locator(`[data-item-id="${itemId}"]`);
	const allDay = async (page: Page) =>
		Object.fromEntries(
			await page
				.locator(".all-day li[data-dish]")
				.evaluateAll(lis => lis.map(li => [li.getAttribute("data-dish"), Number(li.querySelector(".count")!.textContent)])),
		) as Record<string, number>;

	it("a cook runs the grill from the page: live tickets, start, ready, bump, recall, all day, void, 86, cancel", async () => {
		const { context, page, errors } = await tablet(browser, cluster.baseUrl);
		try {
			await signIn(page, cook.username, cook.password, /\/kitchen\/$/);
			// First visit: the screen asks which station it is.
			await page.getByRole("heading", { name: "Which station is this screen?" }).waitFor();
			await page.getByRole("button", { name: "Grill" }).click();
			await page.locator('main.kds[data-station="grill"][data-live="ready"]').waitFor(LIVE);
			assert.equal(await page.evaluate(() => localStorage.getItem("brigade.kitchen.station")), "grill");
			await page.getByText("No tickets — all caught up").waitFor();
			// The station tap unlocked WebAudio: the sound button says so.
			await page.locator('button.sound[data-blocked="false"]').waitFor(LIVE);

			// A waiter's order arrives without a reload: beeped and flashing, only the grill's items, notes shown.
			first = await order(
				0,
				[
					{ menuItemId: r.dish.burger.id, quantity: 2, notes: "no onions" },
					{ menuItemId: r.dish.steak.id, quantity: 1, notes: "medium rare" },
					{ menuItemId: r.dish.salad.id, quantity: 1 },
				],
				"nut allergy",
			);
			const burger1 = first.items.find(i => i.menuItemId === r.dish.burger.id)!;
			const steak1 = first.items.find(i => i.menuItemId === r.dish.steak.id)!;
			await card(page, first.id).and(page.locator('[data-alert="new"]')).waitFor(LIVE);
			assert.ok(Number(await page.evaluate(() => document.body.dataset.beeps)) >= 1, "a new ticket beeps");
			assert.equal(await page.evaluate(() => document.body.dataset.lastBeep), "new");
			// The beep was really played through WebAudio, not just counted.
			await page.waitForFunction(() => document.body.dataset.sound === "played", undefined, LIVE);
			const c1 = card(page, first.id);
			assert.equal(await c1.locator(".table-name").textContent(), r.tables[0].name);
			assert.deepEqual(
				await c1.locator(".item .name").allTextContents(),
				["Burger", "Steak"],
				"the cold station's salad is not on the grill",
			);
			await c1.getByText("no onions").waitFor();
			await c1.getByText("medium rare").waitFor();
			await c1.getByText("nut allergy").waitFor(LIVE);
			assert.match((await c1.locator(".timer").textContent())!, /^\d+:\d\d$/);
			assert.equal(await c1.getAttribute("data-age"), "ok");

			// A second table: oldest first, and the all-day count adds up what is waiting, as the API has it.
			const second = await order(1, [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.steak.id, quantity: 1 },
			]);
			const steak2 = second.items.find(i => i.menuItemId === r.dish.steak.id)!;
			await card(page, second.id).waitFor(LIVE);
			assert.deepEqual(await page.locator("article.ticket").evaluateAll(els => els.map(e => e.getAttribute("data-order-id"))), [
				first.id,
				second.id,
			]);
			await page.waitForFunction(
				() => document.querySelector('.all-day li[data-dish="Burger"] .count')?.textContent === "3",
				undefined,
				LIVE,
			);
			const fromApi: Record<string, number> = {};
			for (const t of await grillTickets())
				for (const i of t.items)
					if (i.status === "queued" || i.status === "preparing") fromApi[i.name] = (fromApi[i.name] ?? 0) + i.quantity;
			assert.deepEqual(await allDay(page), fromApi);
			assert.deepEqual(fromApi, { Burger: 3, Steak: 2 });

			// A void made by the waiter shows live: struck through, flagged, and out of the all-day count.
			const voided = await http.post(
				`/api/v1/orders/${second.id}/items/${steak2.id}/void`,
				{ reason: "guest changed mind" },
				{ token: r.token.staff },
			);
			assert.equal(voided.status, 200, JSON.stringify(voided.body));
			await itemRow(page, second.id, steak2.id).and(page.locator('[data-status="voided"]')).waitFor(LIVE);
			await card(page, second.id).and(page.locator('[data-alert="void"]')).waitFor();
			await itemRow(page, second.id, steak2.id).getByText("VOID", { exact: true }).waitFor();
			await itemRow(page, second.id, steak2.id)
				.getByText(/guest changed mind/)
				.waitFor();
			assert.equal(await itemRow(page, second.id, steak2.id).locator("s").textContent(), "Steak");
			assert.equal(await page.evaluate(() => document.body.dataset.lastBeep), "void");
			assert.deepEqual(await allDay(page), { Burger: 3, Steak: 1 });
			await screenshot(page, "kitchen-rail", SCREEN);

			// Start and finish an item from the page; the order service has it.
			await itemRow(page, first.id, burger1.id).getByRole("button", { name: "Start Burger" }).click();
			await itemRow(page, first.id, burger1.id).and(page.locator('[data-status="preparing"]')).waitFor(LIVE);
			const itemStatus = async (orderId: string, itemId: string) =>
				(await http.get<Order>(`/api/v1/orders/${orderId}`, { token: r.token.kitchen })).body.items.find(i => i.id === itemId)!
					.status;
			assert.equal(await itemStatus(first.id, burger1.id), "preparing");
			await itemRow(page, first.id, burger1.id).getByRole("button", { name: "Ready Burger" }).click();
			await itemRow(page, first.id, burger1.id).and(page.locator('[data-status="ready"]')).waitFor(LIVE);
			assert.equal(await itemStatus(first.id, burger1.id), "ready");
			assert.deepEqual(await allDay(page), { Burger: 1, Steak: 1 }, "ready food is no longer waiting");

			// Bump: the ticket leaves the rail, the steak is ready, and the recall strip holds it.
			await c1.getByRole("button", { name: `Bump table ${r.tables[0].name}` }).click();
			await c1.waitFor({ state: "detached", ...LIVE });
			assert.equal(await itemStatus(first.id, steak1.id), "ready");
			assert.ok(!(await grillTickets()).some(t => t.orderId === first.id), "bumped off the API's open tickets");
			const strip = page.getByRole("region", { name: "Recently bumped" });
			await strip.locator(`[data-order-id="${first.id}"]`).waitFor();
			assert.deepEqual(await allDay(page), { Burger: 1 });

			// Recall brings it back, on the page and in the API.
			await strip.getByRole("button", { name: `Recall table ${r.tables[0].name}` }).click();
			await c1.waitFor(LIVE);
			assert.equal(await c1.getAttribute("data-status"), "open");
			assert.ok(
				(await grillTickets()).some(t => t.orderId === first.id && t.status === "open"),
				"recalled in the API",
			);
			await strip.locator(`[data-order-id="${first.id}"]`).waitFor({ state: "detached" });

			// The waiter adds a round: it lands on the same card, marked as a new round, flashing and counted.
			const round = await http.post<Order>(
				`/api/v1/orders/${first.id}/items`,
				{ items: [{ menuItemId: r.dish.steak.id, quantity: 2 }] },
				{ token: r.token.staff },
			);
			assert.equal(round.status, 200, JSON.stringify(round.body));
			const steakRound2 = round.body.items.find(i => i.round === 2)!;
			await itemRow(page, first.id, steakRound2.id).and(page.locator('[data-status="queued"]')).waitFor(LIVE);
			await c1.getByText("+ Round 2").waitFor();
			await card(page, first.id).and(page.locator('[data-alert="new"]')).waitFor();
			assert.deepEqual(await allDay(page), { Burger: 1, Steak: 2 });

			// 86 from the page reaches GET /menu; an 86 from elsewhere shows in the panel live.
			await page.getByRole("button", { name: "86 items" }).click();
			const panel = page.getByRole("dialog", { name: "86 items" });
			await panel.waitFor();
			assert.deepEqual(await panel.locator("li .dish").allTextContents(), ["Burger", "Steak"], "the grill's dishes only");
			await panel.getByRole("switch", { name: "Burger" }).click();
			await panel.locator(`li[data-menu-item-id="${r.dish.burger.id}"][data-available="false"]`).waitFor(LIVE);
			const menu = (await http.get<{ categories: { items: MenuItem[] }[] }>("/api/v1/menu")).body;
			assert.equal(menu.categories.flatMap(c => c.items).find(i => i.id === r.dish.burger.id)!.available, false);
			const elsewhere = await http.patch(`/api/v1/menu/items/${r.dish.steak.id}`, { available: false }, { token: r.token.staff });
			assert.equal(elsewhere.status, 200);
			await panel.locator(`li[data-menu-item-id="${r.dish.steak.id}"][data-available="false"]`).waitFor(LIVE);
			assert.equal(await panel.getByRole("switch", { name: "Steak" }).getAttribute("aria-checked"), "false");
			await screenshot(page, "kitchen-86", SCREEN);
			await panel.getByRole("button", { name: "Done" }).click();
			await page.getByRole("button", { name: /86 items\s*2/ }).waitFor();

			// A cancelled order is flagged on its card, then taken off.
			const cancelled = await http.post(`/api/v1/orders/${second.id}/cancel`, { reason: "guests left" }, { token: r.token.staff });
			assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
			await card(page, second.id).and(page.locator('[data-status="cancelled"]')).waitFor(LIVE);
			await card(page, second.id).getByText("ORDER CANCELLED — stop").waitFor();
			await card(page, second.id).waitFor({ state: "detached", ...LIVE });

			// A reload keeps the station and rebuilds the rail over REST.
			await page.reload();
			await page.locator('main.kds[data-station="grill"][data-live="ready"]').waitFor(LIVE);
			await c1.waitFor();
			assert.equal(await page.locator("article.ticket").count(), 1);
			assert.equal(await page.getByRole("button", { name: "Grill" }).getAttribute("aria-pressed"), "true");

			// Switching station moves the live feed too: the cold station gets the salads and soups, not the rest.
			await page.getByRole("button", { name: "Cold" }).click();
			await page.locator('main.kds[data-station="cold"][data-live="ready"]').waitFor(LIVE);
			await card(page, first.id).and(page.locator('[data-station="cold"]')).waitFor();
			assert.deepEqual(await card(page, first.id).locator(".item .name").allTextContents(), ["Salad"]);
			const fourth = await order(3, [
				{ menuItemId: r.dish.soup.id, quantity: 2 },
				{ menuItemId: r.dish.beer.id, quantity: 1 },
			]);
			await card(page, fourth.id).and(page.locator('[data-alert="new"]')).waitFor(LIVE);
			assert.deepEqual(await card(page, fourth.id).locator(".item .name").allTextContents(), ["Soup"]);
			assert.deepEqual(await allDay(page), { Salad: 1, Soup: 2 });
			assert.equal(await page.evaluate(() => localStorage.getItem("brigade.kitchen.station")), "cold");
			assert.deepEqual(errors, []);
		} finally {
			await context.close();
		}
	});

	it("floor staff may watch the expo view but not act on it", async () => {
		const { context, page, errors } = await tablet(browser, cluster.baseUrl);
		try {
			// The page's clock runs normally until the end, where the time jumps ahead to age the tickets.
			await page.clock.install();
			await signIn(page, waiter.username, waiter.password, /\/floor\/$/);
			await page.goto("/kitchen/");
			await page.getByRole("button", { name: "All stations" }).click();
			await page.locator('main.kds[data-station="all"][data-live="ready"]').waitFor(LIVE);
			// The expo view: the first order's grill ticket and its cold one, each labelled with its station.
			await page.locator(`article.ticket[data-order-id="${first.id}"][data-station="grill"]`).waitFor();
			await page.locator(`article.ticket[data-order-id="${first.id}"][data-station="cold"]`).waitFor();
			await page.getByText("View only").waitFor();
			assert.equal(await page.getByRole("button", { name: /^(Start|Ready|Bump)/ }).count(), 0);
			// A new order still arrives live in the expo view, over every station.
			const third = await order(2, [{ menuItemId: r.dish.beer.id, quantity: 3 }]);
			await page.locator(`article.ticket[data-order-id="${third.id}"][data-station="bar"][data-alert="new"]`).waitFor(LIVE);
			await page.waitForFunction(
				() => document.querySelector('.all-day li[data-dish="Beer"] .count')?.textContent === "4",
				undefined,
				LIVE,
			);
			assert.equal((await allDay(page)).Beer, 3 + 1, "this table's three and the fourth table's one");
			await page.getByRole("button", { name: "86 items" }).click();
			const eightySix = page.getByRole("dialog", { name: "86 items" });
			assert.equal(await eightySix.getByRole("switch", { name: "Beer" }).isDisabled(), true);
			await eightySix.getByRole("button", { name: "Done" }).click();
			assert.deepEqual(errors, []);

			// Ticket timers turn amber past TICKET_WARN_MINUTES (10 by default) and red past TICKET_LATE_MINUTES (20).
			const bar = page.locator(`article.ticket[data-order-id="${third.id}"]`);
			assert.equal(await bar.getAttribute("data-age"), "ok");
			const start = await page.evaluate(() => Date.now());
			await page.clock.setSystemTime(start + 10.5 * 60_000);
			await page.locator(`article.ticket[data-order-id="${third.id}"][data-age="warn"]`).waitFor();
			assert.match((await bar.locator(".timer").textContent())!, /^10:\d\d$/);
			await page.clock.setSystemTime(start + 20.5 * 60_000);
			await page.locator(`article.ticket[data-order-id="${third.id}"][data-age="late"]`).waitFor();
			await screenshot(page, "kitchen-expo-late", SCREEN);
		} finally {
			await context.close();
		}
	});
});
