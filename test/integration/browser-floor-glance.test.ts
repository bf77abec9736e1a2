// The floor at a glance on the waiter's tablet, in real Chromium against a real Brigade: a seated table's tile says
// its guests and time, spend, whose it is, the course on and the one held, what is ready; "Mine" keeps the
// waiter's own tables; the plan draws each area as the admin laid it out (a table not placed yet under it); "Hand
// over" gives the table to another waiter, and the tile follows. Embedded pass only (screenSuiteSkip).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { smallTargets } from "../helpers/layout";
import { until } from "../helpers/wait";
import type { Order } from "../../contracts";

const tag = Math.random().toString(36).slice(2, 8);
const WAITER = { username: `glance-${tag}`, password: "password-123" };
const OTHER = { username: `helper-${tag}`, password: "password-123" };
const WAIT = { timeout: 20_000 };

describe(`the floor at a glance in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let errors: string[];
	let mine: Order;
	let otherId: string;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 3);
		const admin = { token: r.token.admin };
		for (const [u, fullName] of [
			[WAITER, "Gina Glance"],
			[OTHER, "Hal Helper"],
		] as const) {
			const res = await http.post("/api/v1/auth/register", { ...u, fullName, role: "staff" }, admin);
			assert.equal(res.status, 201, JSON.stringify(res.body));
			if (u === OTHER) otherId = res.body.id;
		}
		const [t1, t2] = r.tables;
		// The admin's plan: t1 a round by the window, t2 a long table; t3 not placed yet.
		assert.equal((await http.patch(`/api/v1/tables/${t1.id}`, { x: 200, y: 200, shape: "round" }, admin)).status, 200);
		assert.equal((await http.patch(`/api/v1/tables/${t2.id}`, { x: 600, y: 450, shape: "rect" }, admin)).status, 200);

		// Gina's table: three guests, a burger ready at the pass, the steak held for mains.
		const { accessToken } = await http.login(WAITER.username, WAITER.password);
		const placed = await http.post<Order>(
			"/api/v1/orders",
			{
				tableId: t1.id,
				items: [
					{ menuItemId: r.dish.burger.id, quantity: 1 },
					{ menuItemId: r.dish.steak.id, quantity: 1, course: 2 },
				],
			},
			{ token: accessToken },
		);
		assert.equal(placed.status, 201, JSON.stringify(placed.body));
		mine = placed.body;
		assert.equal((await http.patch(`/api/v1/orders/${mine.id}`, { covers: 3 }, { token: accessToken })).status, 200);
		const burger = mine.items.find(i => i.menuItemId === r.dish.burger.id)!;
		await until(
			"the burger ready",
			async () => (await http.post(`/api/v1/kitchen/items/${burger.id}/ready`, undefined, { token: r.token.kitchen })).status === 200,
			15_000,
		);
		// Another waiter's table.
		await placeOrder(http, r, t2, [{ menuItemId: r.dish.beer.id, quantity: 2 }]);

		browser = await launchBrowser();
		({ context, page, errors } = await signedInTablet(browser, cluster.baseUrl, WAITER, /\/floor\/$/));
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	it("a seated table's tile says guests, time, spend, whose, the course, what is held and ready; Mine keeps mine", async () => {
		const [t1, t2, t3] = r.tables;
		const tile = page.locator(`.tiles [data-table-id="${t1.id}"]`);
		await tile.locator("[data-glance-ready]").waitFor(WAIT);
		assert.match(await tile.locator("[data-glance-seated]").innerText(), /^3 guests · (Just seated|\d+ min)$/);
		assert.match(await tile.locator("[data-glance-spend]").innerText(), /42\.50/);
		assert.equal(await tile.locator("[data-glance-waiter]").innerText(), "You");
		assert.equal(await tile.locator("[data-glance-course]").innerText(), "Starters on");
		assert.equal(await tile.locator("[data-glance-held]").innerText(), "Mains held");
		assert.equal(await tile.locator("[data-glance-ready]").innerText(), "1 ready to serve");
		await page.locator(`.tiles [data-table-id="${t2.id}"] [data-glance-waiter]`).filter({ hasText: "A staff" }).waitFor(WAIT);
		await screenshot(page, "floor-glance-grid", "embedded");
		assert.deepEqual(await smallTargets(page, "main"), []);

		await page.locator("[data-filter-mine]").click();
		await page.locator(`.tiles [data-table-id="${t2.id}"]`).waitFor({ state: "detached" });
		assert.equal(await page.locator(".tiles [data-table-id]").count(), 1);
		assert.match(await page.locator("[data-filter-mine]").innerText(), /Mine \(1\)/);
		await page.getByRole("button", { name: "All tables" }).click();
		await page.locator(`.tiles [data-table-id="${t3.id}"]`).waitFor(WAIT);
	});

	it("the plan draws the tables where the admin put them, a table not placed under it; the grid comes back", async () => {
		const [t1, t2, t3] = r.tables;
		await page.locator("[data-view-plan]").click();
		const round = page.locator(`.plan [data-table-id="${t1.id}"]`);
		await round.waitFor(WAIT);
		assert.equal(await round.getAttribute("data-shape"), "round");
		assert.equal(await page.locator(`.plan [data-table-id="${t2.id}"]`).getAttribute("data-shape"), "rect");
		await page.locator(`.area .tiles [data-table-id="${t3.id}"]`).waitFor(WAIT);
		const plan = (await page.locator(".plan").boundingBox())!;
		const box = (await round.boundingBox())!;
		// Its centre at 200, 200 on the 1000 × 700 plan.
		assert.ok(Math.abs(box.x + box.width / 2 - (plan.x + plan.width * 0.2)) < 4, JSON.stringify({ plan, box }));
		assert.ok(Math.abs(box.y + box.height / 2 - (plan.y + (plan.height * 200) / 700)) < 4, JSON.stringify({ plan, box }));
		// What is ready shows inside the round, not cut off by it.
		const ready = (await round.locator(".plan-ready").boundingBox())!;
		assert.ok(ready.y >= box.y && ready.y + ready.height <= box.y + box.height, JSON.stringify({ box, ready }));
		assert.ok(ready.x >= box.x && ready.x + ready.width <= box.x + box.width, JSON.stringify({ box, ready }));
		await screenshot(page, "floor-glance-plan", "embedded");
		assert.deepEqual(await smallTargets(page, "main"), []);
		// Back on the tablet later: it remembers the plan.
		await page.reload();
		await round.waitFor(WAIT);
		await page.getByRole("button", { name: "Grid" }).click();
		await page.locator(`.tiles [data-table-id="${t1.id}"]`).waitFor(WAIT);
	});

	it("hands the table over to another waiter: the order is theirs and the tile says so", async () => {
		const [t1] = r.tables;
		await page.locator(`.tiles [data-table-id="${t1.id}"]`).click();
		await page.locator(`.order-card[data-order-id="${mine.id}"] [data-transfer="handover"]`).click();
		const who = page.getByRole("group", { name: "Staff on shift" });
		await who.locator(`[data-handover-to="${otherId}"]`).waitFor(WAIT);
		await screenshot(page, "floor-handover", "embedded");
		assert.deepEqual(await smallTargets(page, ".modal"), []);
		await who.locator(`[data-handover-to="${otherId}"]`).click();
		await until(
			"the order handed over",
			async () => (await http.get<Order>(`/api/v1/orders/${mine.id}`, { token: r.token.admin })).body.assignedTo === otherId,
			20_000,
		);
		await page.getByRole("button", { name: "Back to the floor" }).click();
		await page.locator(`.tiles [data-table-id="${t1.id}"] [data-glance-waiter]`).filter({ hasText: "Hal Helper" }).waitFor(WAIT);
		assert.match(await page.locator("[data-filter-mine]").innerText(), /Mine \(0\)/);
		assert.deepEqual(errors, []);
	});
});
