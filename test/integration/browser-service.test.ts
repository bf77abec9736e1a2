// A service in two browsers at once: a waiter's tablet on the floor app and a cook's kitchen display, each a
// separate Chromium context signed in as its own user. Everything one does reaches the other by push alone —
// neither page reloads: the order appears on the display, the cook's start, ready and bump reach the tablet,
// the waiter's void reaches the display, and the order goes on to serve, bill and payment.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { browserSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import type { Bill, Order } from "../../contracts";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
/** Pushes cross brokers and Redis when distributed, on a busy machine: wait generously, never sleep. */
const LIVE = { timeout: 20_000 };

describe(`a service in two browsers: waiter and kitchen — ${MODE}`, { skip: browserSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	const pageErrors: string[][] = [];
	const waiter = { username: `waiter-${Math.random().toString(36).slice(2, 8)}`, password: "password-123", fullName: "Wendy Waiter" };
	const cook = { username: `cook-${Math.random().toString(36).slice(2, 8)}`, password: "password-123", fullName: "Carl Cook" };

	async function device(user: { username: string; password: string }, landing: RegExp): Promise<Page> {
		const { context, page, errors } = await signedInTablet(browser, cluster.baseUrl, user, landing);
		contexts.push(context);
		pageErrors.push(errors);
		return page;
	}

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		for (const [u, role] of [
			[waiter, "staff"],
			[cook, "kitchen"],
		] as const) {
			const res = await http.post("/api/v1/auth/register", { ...u, role }, { token: r.token.admin });
			assert.equal(res.status, 201, JSON.stringify(res.body));
		}
		browser = await launchBrowser();
	});
	after(async () => {
		for (const c of contexts) await c.close().catch(() => undefined);
		await browser?.close();
		await cluster?.stop();
	});

	it("works an order from the waiter's tap to payment, each screen following the other live", async () => {
		// Names a restaurant would use (these screens are the README's screenshots).
		const renamed = await http.patch(`/api/v1/tables/${r.tables[0].id}`, { name: "5" }, { token: r.token.admin });
		assert.equal(renamed.status, 200, JSON.stringify(renamed.body));
		const table = renamed.body as (typeof r.tables)[0];
		const mains = await http.patch(`/api/v1/menu/categories/${r.dish.burger.categoryId}`, { name: "Mains" }, { token: r.token.admin });
		assert.equal(mains.status, 200, JSON.stringify(mains.body));
		const floor = await device(waiter, /\/floor\/$/);
		const kitchen = await device(cook, /\/kitchen\/$/);

		// The display is the grill's.
		await kitchen.getByRole("button", { name: "Grill" }).click();
		await kitchen.locator('main.kds[data-station="grill"][data-live="ready"]').waitFor(LIVE);
		await kitchen.getByText("No tickets — all caught up").waitFor();

		// The waiter takes the order: a burger without onions and a steak.
		const tile = floor.locator(`.tiles [data-table-id="${table.id}"]`);
		await tile.click();
		await floor.getByRole("heading", { name: `Table ${table.name}` }).waitFor();
		const dish = (id: string) => floor.locator(`.menu-items [data-menu-item-id="${id}"]`);
		await dish(r.dish.burger.id).click();
		await floor.getByLabel("Note for Burger").fill("no onions");
		await dish(r.dish.steak.id).click();
		await floor.getByRole("button", { name: "Send to kitchen" }).click();
		const orderCard = floor.locator(".order-card");
		await orderCard.waitFor(LIVE);
		const orderId = (await orderCard.getAttribute("data-order-id"))!;
		const placed = (await http.get<Order>(`/api/v1/orders/${orderId}`, { token: r.token.admin })).body;
		const burger = placed.items.find(i => i.menuItemId === r.dish.burger.id)!;
		const steak = placed.items.find(i => i.menuItemId === r.dish.steak.id)!;
		assert.equal(placed.totalCents, 1450 + 2800, "the server priced the order from the menu");

		// It lands on the display by push: flashed, with the waiter's note.
		const ticket = kitchen.locator(`article.ticket[data-order-id="${orderId}"]`);
		await ticket.and(kitchen.locator('[data-alert="new"]')).waitFor(LIVE);
		await ticket.getByText("no onions").waitFor();
		assert.equal(await ticket.locator(".table-name").textContent(), table.name);
		const kitchenItem = (id: string, status: string) => ticket.locator(`[data-item-id="${id}"][data-status="${status}"]`);
		const floorItem = (id: string, status: string) => floor.locator(`li.item[data-item-id="${id}"][data-status="${status}"]`);

		// The cook starts and finishes the burger; the waiter's tablet follows each step.
		await ticket.getByRole("button", { name: "Start Burger" }).click();
		await floorItem(burger.id, "preparing").waitFor(LIVE);
		await ticket.getByRole("button", { name: "Ready Burger" }).click();
		await floorItem(burger.id, "ready").waitFor(LIVE);
		await floorItem(steak.id, "queued").waitFor();

		// A second round, and the waiter voids it before the grill starts: the display strikes it out.
		await dish(r.dish.steak.id).click();
		await floor.getByRole("button", { name: "Send to kitchen" }).click();
		await floor.locator("li.item").nth(2).waitFor(LIVE);
		const withRound2 = (await http.get<Order>(`/api/v1/orders/${orderId}`, { token: r.token.admin })).body;
		const steak2 = withRound2.items.find(i => i.menuItemId === r.dish.steak.id && i.id !== steak.id)!;
		await kitchenItem(steak2.id, "queued").waitFor(LIVE);
		await floor.locator(`li.item[data-item-id="${steak2.id}"]`).getByRole("button", { name: "Void Steak" }).click();
		const dialog = floor.getByRole("dialog");
		await dialog.getByLabel("Reason").fill("guest changed their mind");
		await dialog.getByRole("button", { name: "Void item" }).click();
		await floorItem(steak2.id, "voided").waitFor(LIVE);
		await kitchenItem(steak2.id, "voided").waitFor(LIVE);
		await ticket.and(kitchen.locator('[data-alert="void"]')).waitFor();
		await floor.waitForFunction(() => !document.querySelector(".toast"), undefined, LIVE);
		await screenshot(floor, "service-floor", SCREEN);
		await screenshot(kitchen, "service-kitchen", SCREEN);

		// The cook bumps the ticket: it leaves the rail for "recently bumped", and the waiter sees all of it ready.
		await ticket.getByRole("button", { name: `Bump table ${table.name}` }).click();
		await ticket.waitFor({ state: "detached", ...LIVE });
		await kitchen.getByRole("region", { name: "Recently bumped" }).locator(`[data-order-id="${orderId}"]`).waitFor();
		await floorItem(steak.id, "ready").waitFor(LIVE);
		await floor
			.locator(".toast")
			.filter({ hasText: `${table.name}: order ready` })
			.first()
			.waitFor(LIVE);

		// Serve, bill and pay by card with a tip.
		await floor.getByRole("button", { name: /^Serve all/ }).click();
		await floorItem(burger.id, "served").waitFor(LIVE);
		await floorItem(steak.id, "served").waitFor(LIVE);
		await floor.getByRole("navigation", { name: "Table screens" }).getByRole("button", { name: "Bill" }).click();
		await floor.getByRole("button", { name: "Create bill" }).click();
		await floor.locator('.bill-summary[data-status="open"]').waitFor(LIVE);
		assert.deepEqual(
			await floor.locator(".bill-summary tr[data-line-id] td:first-child").allTextContents(),
			["Burger", "Steak"],
			"the voided steak is not billed",
		);
		const payment = floor.getByRole("region", { name: "Payment" });
		assert.equal(await payment.getByLabel("Amount").inputValue(), "42.50");
		await payment.getByRole("button", { name: "Card" }).click();
		await payment.getByLabel("Tip").fill("6.00");
		await payment.getByRole("button", { name: "Charge card" }).click();
		await floor.getByRole("status").filter({ hasText: "Paid in full" }).waitFor(LIVE);
		await floor.locator('[data-table-status="available"]').waitFor(LIVE);

		const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?tableId=${table.id}`, { token: r.token.admin })).body;
		assert.equal(bills.length, 1);
		assert.deepEqual([bills[0].status, bills[0].totalCents, bills[0].paidCents, bills[0].tipCents], ["paid", 4250, 4250, 600]);
		// The display is still live and shows nothing left for this table.
		assert.equal(await kitchen.locator(`article.ticket[data-order-id="${orderId}"]`).count(), 0);
		assert.deepEqual(pageErrors.flat(), [], "no script error on either screen");
	});

	it("says so when a tablet loses its connection, then reconnects and catches up on what it missed", async () => {
		const table = r.tables[1];
		const offline = await device(waiter, /\/floor\/$/);
		const online = await device(waiter, /\/floor\/$/);
		const tile = (page: Page, status: string) => page.locator(`.tiles [data-table-id="${table.id}"][data-status="${status}"]`);
		await tile(offline, "available").waitFor(LIVE);
		await tile(online, "available").waitFor(LIVE);
		await offline.waitForFunction(() => !document.querySelector(".connection-banner:not([hidden])"));

		// The network goes: the banner says so.
		await offline.context().setOffline(true);
		const banner = offline.locator(".connection-banner");
		await banner.and(offline.locator('[data-state="offline"]')).waitFor(LIVE);
		assert.match((await banner.textContent())!, /Connection lost/);

		// Meanwhile the table is seated from another tablet: the push goes out (the tablet still online shows it),
		// and the offline one misses it.
		const placed = await http.post<Order>(
			"/api/v1/orders",
			{ tableId: table.id, items: [{ menuItemId: r.dish.soup.id, quantity: 1 }] },
			{ token: r.token.staff },
		);
		assert.equal(placed.status, 201, JSON.stringify(placed.body));
		await tile(online, "occupied").waitFor(LIVE);
		assert.equal(await tile(offline, "available").count(), 1, "nothing reaches a tablet that is offline");

		// Back online: it reconnects with the last seq it saw, is sent what it missed, and says it is up to date.
		await offline.context().setOffline(false);
		await tile(offline, "occupied").waitFor(LIVE);
		await banner.and(offline.locator('[data-state="online"]')).waitFor(LIVE);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("comes back by itself when the gateway lets go of its sockets (a restart, a role change)", async () => {
		const table = r.tables[1];
		const page = await device(waiter, /\/floor\/$/);
		const banner = page.locator(".connection-banner");
		await page.locator(`.tiles [data-table-id="${table.id}"]`).waitFor(LIVE);
		gatewayIo().local.disconnectSockets(true);
		await banner.and(page.locator('[data-state="offline"]')).waitFor(LIVE);
		await banner.and(page.locator('[data-state="online"]')).waitFor(LIVE);
		// Live again: the admin marks the table for cleaning and the tablet shows it.
		const patched = await http.patch(`/api/v1/tables/${table.id}`, { status: "cleaning" }, { token: r.token.admin });
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
		await page.locator(`.tiles [data-table-id="${table.id}"][data-status="cleaning"]`).waitFor(LIVE);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("comes back when the gateway refuses the old token on reconnect: it refreshes the token and tries again", async () => {
		const table = r.tables[1];
		const page = await device(waiter, /\/floor\/$/);
		const banner = page.locator(".connection-banner");
		await page.locator(`.tiles [data-table-id="${table.id}"]`).waitFor(LIVE);
		// The access token the tablet holds stops being valid (as when it expired while the tablet slept).
		await page.evaluate(() => {
			const session = JSON.parse(localStorage.getItem("brigade.session")!);
			localStorage.setItem("brigade.session", JSON.stringify({ ...session, accessToken: "not-a-valid-token" }));
		});
		gatewayIo().local.disconnectSockets(true);
		await banner.and(page.locator('[data-state="offline"]')).waitFor(LIVE);
		await banner.and(page.locator('[data-state="online"]')).waitFor(LIVE);
		const token = await page.evaluate(() => JSON.parse(localStorage.getItem("brigade.session")!).accessToken);
		assert.notEqual(token, "not-a-valid-token", "the refresh token bought a new access token");
		const patched = await http.patch(`/api/v1/tables/${table.id}`, { status: "reserved" }, { token: r.token.admin });
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
		await page.locator(`.tiles [data-table-id="${table.id}"][data-status="reserved"]`).waitFor(LIVE);
		assert.deepEqual(pageErrors.flat(), []);
	});

	/** The gateway's Socket.IO server (it runs in this process in both modes). */
	function gatewayIo(): { local: { disconnectSockets(close: boolean): void } } {
		const api = cluster.brokerOf("api").getLocalService("api") as unknown as {
			$rt: { io: { local: { disconnectSockets(close: boolean): void } } };
		};
		return api.$rt.io;
	}
});
