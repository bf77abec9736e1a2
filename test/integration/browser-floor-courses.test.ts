// A full-service order on the waiter's tablet (issue 15), in real Chromium against a real Brigade: a table of four
// with its covers, a steak whose temperature and side must be chosen (the side cooked at another station) on seat
// 2, a starter that goes at once while the mains and the dessert are held until the waiter fires them, the
// kitchen's progress seen live; part of a line voided, a cooked dish remade and a line comped by a manager; a
// takeout and a bar tab opened from the floor, the takeout billed on its own; a counted dish selling out while the
// waiter's picker is open, and a send that loses the last portion said in words. Screenshots at 1024×768 and at
// 768 px wide.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ADMIN, DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot as save, signedInTablet } from "../helpers/browser";
import { smallTargets, overflowX } from "../helpers/layout";
import { until } from "../helpers/wait";
import type { Bill, MenuCategory, MenuItem, ModifierGroup, Order, Table } from "../../contracts";

const mode = DISTRIBUTED ? "distributed" : "embedded";

/** The screen as the waiter sees it once the toasts of the last taps have gone. */
async function screenshot(page: Page, name: string, as: string): Promise<void> {
	await page.evaluate(() => {
		for (const t of Array.from(document.querySelectorAll(".toast"))) t.remove();
	});
	await save(page, name, as);
}
const LIVE = { timeout: 20_000 };
const WAITER = { username: `waiter-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };

describe(`courses, choices and takeouts on the floor in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let waiterToken: string;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	const pageErrors: string[][] = [];
	let menu: Record<"soup" | "steak" | "cake" | "fish" | "burger" | "beer", MenuItem>;
	let groups: Record<"temperature" | "side" | "addon", ModifierGroup>;
	let cats: Record<"starters" | "mains" | "desserts", MenuCategory>;

	async function device(user: { username: string; password: string }, viewport?: { width: number; height: number }): Promise<Page> {
		const admin = user.username === ADMIN.username;
		const { context, page, errors } = await signedInTablet(browser, cluster.baseUrl, user, admin ? /\/admin\/$/ : /\/floor\/$/);
		// A manager signs in to the admin screen and takes the floor from the top bar.
		if (admin) await page.goto("/floor/");
		if (viewport) await page.setViewportSize(viewport);
		contexts.push(context);
		pageErrors.push(errors);
		return page;
	}
	const tile = (page: Page, tableId: string) => page.locator(`.tiles [data-table-id="${tableId}"]`);
	const dish = (page: Page, id: string) => page.locator(`.menu-items [data-menu-item-id="${id}"]`);
	const line = (page: Page, id: string) => page.locator(`li.item[data-item-id="${id}"]`);
	const category = (page: Page, c: MenuCategory) => page.locator(`.categories [data-category-id="${c.id}"]`);
	const course = (page: Page, name: string) => page.locator(".order-card").getByRole("group", { name, exact: true });
	async function atTable(page: Page, table: Table): Promise<void> {
		await tile(page, table.id).click();
		await page.getByRole("heading", { name: `Table ${table.name}` }).waitFor();
		await page.getByRole("region", { name: "Menu" }).waitFor();
	}
	const orderNow = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.admin })).body;
	const openOrderAt = async (tableId: string) =>
		until(
			`the open order at ${tableId}`,
			async () =>
				(await http.get<Order[]>(`/api/v1/orders?tableId=${tableId}`, { token: r.token.admin })).body.find(
					o => o.status !== "cancelled",
				),
			LIVE.timeout,
		);
	/** The kitchen starts a line once its ticket has it (tickets follow the order through the event bus). */
	async function start(itemId: string): Promise<void> {
		await until(
			`the kitchen starting ${itemId}`,
			async () => (await http.post(`/api/v1/kitchen/items/${itemId}/start`, undefined, { token: r.token.kitchen })).status === 200,
			LIVE.timeout,
		);
	}
	async function post<T>(path: string, body: unknown, token = r.token.admin, status = 201): Promise<T> {
		const res = await http.post<T>(`/api/v1${path}`, body, { token });
		assert.equal(res.status, status, `${path}: ${JSON.stringify(res.body)}`);
		return res.body;
	}

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 7);
		await post("/auth/register", { ...WAITER, fullName: "Wendy Waiter", role: "staff" });
		waiterToken = (await http.login(WAITER.username, WAITER.password)).accessToken;
		cats = {
			starters: await post<MenuCategory>("/menu/categories", { name: "Starters", position: 1, course: 1 }),
			mains: await post<MenuCategory>("/menu/categories", { name: "Mains", position: 2, course: 2 }),
			desserts: await post<MenuCategory>("/menu/categories", { name: "Desserts", position: 3, course: 3 }),
		};
		groups = {
			temperature: await post<ModifierGroup>("/menu/modifier-groups", {
				name: "Temperature",
				required: true,
				minChoices: 1,
				maxChoices: 1,
				options: [{ name: "Rare" }, { name: "Medium rare" }, { name: "Medium" }, { name: "Well done" }],
			}),
			side: await post<ModifierGroup>("/menu/modifier-groups", {
				name: "Side",
				required: true,
				minChoices: 1,
				maxChoices: 1,
				options: [
					{ name: "Fries", priceDeltaCents: 0, station: "fryer" },
					{ name: "Green salad", priceDeltaCents: 150 },
				],
			}),
			addon: await post<ModifierGroup>("/menu/modifier-groups", {
				name: "Add-on",
				required: false,
				minChoices: 0,
				maxChoices: 1,
				options: [{ name: "Lobster tail", priceDeltaCents: 1500, remaining: 2 }],
			}),
		};
		const item = (categoryId: string, name: string, priceCents: number, station: string, extra = {}) =>
			post<MenuItem>("/menu/items", { categoryId, name, priceCents, station, ...extra });
		menu = {
			soup: await item(cats.starters.id, "Onion soup", 850, "cold"),
			steak: await item(cats.mains.id, "Ribeye", 3200, "grill", { modifierGroupIds: [groups.temperature.id, groups.side.id] }),
			fish: await item(cats.mains.id, "Fish special", 2400, "grill", { remaining: 3, modifierGroupIds: [groups.addon.id] }),
			burger: await item(cats.mains.id, "Smash burger", 1600, "grill", { course: 1 }),
			cake: await item(cats.desserts.id, "Chocolate cake", 900, "pastry"),
			beer: await item(cats.starters.id, "Draft beer", 700, "bar"),
		};
		assert.equal(menu.cake.course, 3, "a dessert's course comes from its category");
		browser = await launchBrowser();
	});
	after(async () => {
		for (const c of contexts) await c.close().catch(() => undefined);
		await browser?.close();
		await cluster?.stop();
	});

	it("takes a table of four through choices, seats, held courses and their fire, with the kitchen seen live", async () => {
		const table = r.tables[0];
		const page = await device(WAITER);
		await atTable(page, table);

		// Covers: big buttons, the table's seats pressed until the waiter says otherwise.
		const guests = page.getByRole("group", { name: "Guests" });
		assert.equal(await guests.getByRole("button", { name: "4 guests" }).getAttribute("aria-pressed"), "true");
		await guests.getByRole("button", { name: "3 guests" }).click();
		await guests.getByRole("button", { name: "4 guests" }).click();

		// A starter for the table to share.
		await category(page, cats.starters).click();
		await dish(page, menu.soup.id).click();

		// Seat 2's steak: the sheet asks for a temperature and a side before Add works.
		await page.getByRole("group", { name: "New dishes for" }).getByRole("button", { name: "Seat 2" }).click();
		await category(page, cats.mains).click();
		await dish(page, menu.steak.id).click();
		const sheet = page.getByRole("dialog", { name: "Choices for Ribeye" });
		await sheet.waitFor();
		const add = sheet.locator("[data-choice-add]");
		assert.ok(await add.isDisabled(), "Add waits for the required choices");
		await sheet.getByRole("group", { name: "Temperature" }).getByText("Choose 1").waitFor();
		await sheet.getByRole("button", { name: "Medium rare" }).click();
		assert.ok(await add.isDisabled(), "the side is required too");
		await sheet.getByText("Choose a Side").waitFor();
		await sheet.getByRole("button", { name: /^Green salad/ }).click();
		await sheet.getByText("Add Ribeye · $33.50").waitFor();
		await screenshot(page, "floor-choices", mode);
		// Changed its mind: a group of one swaps the choice.
		await sheet.getByRole("button", { name: /^Fries/ }).click();
		await sheet.getByText("Add Ribeye · $32.00").waitFor();
		assert.deepEqual(await smallTargets(page, ".modal"), [], "every choice takes a thumb");
		await add.click();
		const steakLine = page.locator(`[data-draft-line][data-menu-item-id="${menu.steak.id}"]`);
		await steakLine.locator("[data-line-options]").getByText("Medium rare · Fries").waitFor();
		await steakLine.locator("[data-line-price]").getByText("$32.00").waitFor();
		assert.equal(await page.getByLabel("Seat for Ribeye").inputValue(), "2");
		assert.equal(await page.getByLabel("Course for Ribeye").locator("option:checked").textContent(), "Mains");

		// A dessert for seat 3, chosen on the line itself.
		await category(page, cats.desserts).click();
		await dish(page, menu.cake.id).click();
		await page.getByLabel("Seat for Chocolate cake").selectOption("3");
		await page.getByRole("button", { name: "Send to kitchen" }).click();

		const placed = await openOrderAt(table.id);
		const item = (name: string) => {
			const found = placed.items.find(i => i.name === name);
			assert.ok(found, `${name} in ${JSON.stringify(placed.items)}`);
			return found;
		};
		assert.equal(placed.covers, 4);
		assert.deepEqual(
			placed.items.map(i => [i.name, i.seat, i.course, i.held]),
			[
				["Onion soup", null, 1, false],
				["Ribeye", 2, 2, true],
				["Fries", 2, 2, true],
				["Chocolate cake", 3, 3, true],
			],
		);
		assert.deepEqual(
			item("Ribeye").modifiers.map(m => m.name),
			["Medium rare", "Fries"],
		);
		assert.equal(item("Fries").partOf, item("Ribeye").id, "the side is its own line, for the fryer");

		// The order reads by course: the starter goes, mains and dessert wait greyed with a Fire button.
		const card = page.locator(`.order-card[data-order-id="${placed.id}"]`);
		await card.waitFor(LIVE);
		await course(page, "Mains").locator('[data-held="true"]').first().waitFor();
		assert.equal(await course(page, "Mains").getAttribute("data-held"), "true");
		assert.equal(await course(page, "Desserts").getAttribute("data-held"), "true");
		assert.equal(await course(page, "Starters").getAttribute("data-held"), "false");
		await line(page, item("Ribeye").id).getByText("Held").waitFor();
		await line(page, item("Ribeye").id).getByText("Seat 2").waitFor();
		await line(page, item("Ribeye").id).locator("[data-item-options]").getByText("Medium rare · Fries").waitFor();
		await line(page, item("Fries").id).getByText("fryer").waitFor();
		await course(page, "Mains").getByRole("button", { name: "Fire Mains" }).waitFor();
		await card.getByText("4 guests").waitFor();

		// The cold station starts the soup: the tablet sees it cooking.
		await start(item("Onion soup").id);
		await line(page, item("Onion soup").id).locator('[data-item-status]:text("Cooking")').waitFor(LIVE);
		await screenshot(page, "floor-courses-held", mode);

		// One tap fires the mains (and only them): the steak and its side go, the dessert still waits.
		await course(page, "Mains").getByRole("button", { name: "Fire Mains" }).click();
		await until("the mains fired", async () => (await course(page, "Mains").getAttribute("data-held")) === "false", LIVE.timeout);
		const fired = await orderNow(placed.id);
		assert.deepEqual(
			fired.items.map(i => [i.name, i.held]),
			[
				["Onion soup", false],
				["Ribeye", false],
				["Fries", false],
				["Chocolate cake", true],
			],
		);
		assert.equal(await course(page, "Desserts").getAttribute("data-held"), "true");
		await start(item("Ribeye").id);
		await line(page, item("Ribeye").id).locator('[data-item-status]:text("Cooking")').waitFor(LIVE);
		await line(page, item("Fries").id).locator('[data-item-status]:text("Queued")').waitFor();
		await screenshot(page, "floor-courses-fired", mode);

		// Dessert fired, everything out of the kitchen and served: the bill shows seats and options, and splits by seat.
		await course(page, "Desserts").getByRole("button", { name: "Fire Desserts" }).click();
		await until("the dessert fired", async () => (await orderNow(placed.id)).items.every(i => !i.held), LIVE.timeout);
		await until(
			"every station bumped",
			async () => {
				await http.post(`/api/v1/kitchen/tickets/${placed.id}/bump`, undefined, { token: r.token.kitchen });
				return (await orderNow(placed.id)).items.every(i => i.status === "ready");
			},
			LIVE.timeout,
		);
		await card.getByRole("button", { name: /^Serve all/ }).click();
		await until("all served", async () => (await orderNow(placed.id)).status === "served", LIVE.timeout);
		await page.getByRole("navigation", { name: "Table screens" }).getByRole("button", { name: "Bill" }).click();
		await page.getByRole("button", { name: "Create bill" }).click();
		const bill = page.locator('.bill-summary[data-status="open"]');
		await bill.waitFor(LIVE);
		await bill.getByText("Seat 2 · Medium rare · Fries").waitFor();
		assert.equal(await bill.locator("tr[data-line-id]").count(), 3, "the side is in its dish's price, not a line of its own");
		await screenshot(page, "floor-bill-seats", mode);
		await bill.getByRole("button", { name: "Split by seat" }).click();
		await page.getByRole("region", { name: "Seat 2" }).waitFor(LIVE);
		await page.getByRole("region", { name: "Seat 3" }).waitFor();
		const parts = (await http.get<Bill[]>(`/api/v1/billing/bills?tableId=${table.id}`, { token: r.token.admin })).body.filter(
			b => b.parentId,
		);
		assert.deepEqual(parts.map(p => p.split?.seat).sort(), [2, 3]);
		assert.equal(
			parts.reduce((s, p) => s + p.subtotalCents, 0),
			850 + 3200 + 900,
			"the shared soup is split between the seats to the cent",
		);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("voids one of two, remakes a cooked dish and lets a manager comp a line, each with its reason", async () => {
		const table = r.tables[1];
		const o = await post<Order>(
			"/orders",
			{
				tableId: table.id,
				covers: 2,
				items: [
					{ menuItemId: menu.soup.id, quantity: 2 },
					{ menuItemId: menu.burger.id, quantity: 1, seat: 1 },
				],
			},
			waiterToken,
		);
		const [soup, burger] = o.items;
		const page = await device(WAITER);
		await atTable(page, table);

		// One of the two soups goes back: the stepper says how many.
		await line(page, soup.id).getByRole("button", { name: "Void Onion soup" }).click();
		const dialog = page.getByRole("dialog");
		await dialog.getByRole("button", { name: "Void fewer" }).click();
		await dialog.getByLabel("Reason").fill("guest changed their mind");
		await dialog.getByRole("button", { name: "Void 1 of 2" }).click();
		await line(page, soup.id).locator(".qty").getByText("1×").waitFor(LIVE);
		const voided = await orderNow(o.id);
		assert.deepEqual(
			voided.items.filter(i => i.menuItemId === menu.soup.id).map(i => [i.quantity, i.status, i.voidReason]),
			[
				[1, "queued", null],
				[1, "voided", "guest changed their mind"],
			],
		);
		await page.locator(".order-card li.item.status-voided").getByText("Voided: guest changed their mind").waitFor();

		// The burger comes back from the table: the kitchen makes it again, the first kept as waste.
		await start(burger.id);
		await line(page, burger.id).locator('[data-item-status]:text("Cooking")').waitFor(LIVE);
		await line(page, burger.id).getByRole("button", { name: "More for Smash burger" }).click();
		await page
			.getByRole("dialog")
			.getByRole("button", { name: /^Remake/ })
			.click();
		await page.getByRole("dialog").getByLabel("Reason").fill("dropped on the pass");
		await page.getByRole("dialog").getByRole("button", { name: "Send the remake" }).click();
		const remake = await until(
			"the remake",
			async () => (await orderNow(o.id)).items.find(i => i.remakeOf === burger.id),
			LIVE.timeout,
		);
		assert.equal(remake.unitPriceCents, 0);
		assert.equal(remake.seat, 1);
		await line(page, remake.id).locator("[data-remake]").waitFor(LIVE);
		await line(page, remake.id).getByText("Remake: dropped on the pass").waitFor();

		// A manager's tablet comps the soup: struck price, the reason, 0 on the order.
		const manager = await device(ADMIN);
		await atTable(manager, table);
		await line(manager, soup.id).getByRole("button", { name: "More for Onion soup" }).click();
		await manager.getByRole("dialog").getByRole("button", { name: /^Comp/ }).click();
		await manager.getByRole("dialog").getByLabel("Reason").fill("birthday");
		await manager.getByRole("dialog").getByRole("button", { name: "Comp it" }).click();
		await line(manager, soup.id).locator("[data-comp]").getByText("Comp: birthday").waitFor(LIVE);
		await line(manager, soup.id).locator("[data-struck]").getByText("$8.50").waitFor();
		// The waiter's tablet sees it by push, and has no Comp to offer (a staff tablet).
		await line(page, soup.id).locator("[data-comp]").waitFor(LIVE);
		assert.equal((await orderNow(o.id)).totalCents, 1600, "the burger only: the soup comped, the remake free");
		await screenshot(page, "floor-void-remake-comp", mode);

		// On the bill: the comp at 0 with its reason, the remake not charged.
		await until(
			"everything ready",
			async () => {
				await http.post(`/api/v1/kitchen/tickets/${o.id}/bump`, undefined, { token: r.token.kitchen });
				return (await orderNow(o.id)).items.every(i => i.status === "ready" || i.status === "voided");
			},
			LIVE.timeout,
		);
		await page
			.locator(".order-card")
			.getByRole("button", { name: /^Serve all/ })
			.click();
		await until("all served", async () => (await orderNow(o.id)).status === "served", LIVE.timeout);
		await page.getByRole("navigation", { name: "Table screens" }).getByRole("button", { name: "Bill" }).click();
		await page.getByRole("button", { name: "Create bill" }).click();
		const soupRow = page.locator(`.bill-summary tr[data-line-id="${soup.id}"]`);
		await soupRow.locator("[data-comp]").getByText("Comp: birthday").waitFor(LIVE);
		await soupRow.getByText("$0.00").waitFor();
		assert.equal(await page.locator(".bill-summary tr[data-line-id]").count(), 2, "the soup and the burger: the remake is not billed");
		await page.locator(".bill-summary .totals").getByText("$16.00").first().waitFor();
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("opens a takeout and a bar tab from the floor, lists them beside the tables, and bills the takeout on its own", async () => {
		const page = await device(WAITER);
		const away = page.getByRole("region", { name: "Takeout and tabs" });

		await away.getByRole("button", { name: "New takeout" }).click();
		const start = page.getByRole("dialog", { name: "New takeout" });
		await start.getByLabel("Guest's name").fill("Kim");
		await start.getByRole("button", { name: "30 min" }).click();
		await start.getByRole("button", { name: "Start takeout" }).click();
		await page.getByRole("heading", { name: "Takeout: Kim" }).waitFor();
		await page.getByText("Not sent yet").first().waitFor();
		await category(page, cats.mains).click();
		await dish(page, menu.burger.id).click();
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		// The first round opens the order, and the screen is now that order's.
		await page.waitForURL(/#order\/[0-9a-f-]+$/, LIVE);
		const takeoutId = /#order\/([0-9a-f-]+)$/.exec(page.url())![1];
		const takeout = await orderNow(takeoutId);
		assert.equal(takeout.type, "takeout");
		assert.equal(takeout.name, "Kim");
		assert.equal(takeout.tableId, null);
		const minutes = (Date.parse(takeout.pickupAt!) - Date.now()) / 60_000;
		assert.ok(minutes > 25 && minutes <= 31, `pickup in about 30 min: ${minutes}`);
		await page.locator(`.order-card[data-order-id="${takeoutId}"]`).waitFor(LIVE);

		// A bar tab, the same way.
		await page.getByRole("button", { name: "Back to the floor" }).click();
		await away.getByRole("button", { name: "New bar tab" }).click();
		await page.getByRole("dialog", { name: "New bar tab" }).getByLabel("Guest's name").fill("Sam");
		await page.getByRole("dialog", { name: "New bar tab" }).getByRole("button", { name: "Open tab" }).click();
		await page.getByRole("heading", { name: "Tab: Sam" }).waitFor();
		await category(page, cats.starters).click();
		await dish(page, menu.beer.id).click();
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		await page.waitForURL(/#order\/[0-9a-f-]+$/, LIVE);
		await page.getByRole("button", { name: "Back to the floor" }).click();

		// Both beside the tables, the takeout with its pickup time; one tap opens it like a table.
		await away.locator(`[data-order-id="${takeoutId}"]`).getByText("Takeout: Kim").waitFor(LIVE);
		await away.getByText("Tab: Sam").waitFor();
		await away
			.locator(`[data-order-id="${takeoutId}"]`)
			.getByText(/Pickup \d\d:\d\d/)
			.waitFor();
		await screenshot(page, "floor-takeout-grid", mode);
		assert.deepEqual(await smallTargets(page), [], "the floor with its takeouts and tabs");

		// The kitchen sends it out; the takeout's own bill, paid in cash.
		await until(
			"the takeout bumped",
			async () =>
				(await http.post(`/api/v1/kitchen/tickets/${takeoutId}/bump`, undefined, { token: r.token.kitchen })).status === 200,
			LIVE.timeout,
		);
		await away.locator(`[data-order-id="${takeoutId}"]`).click();
		await page.getByRole("button", { name: /^Serve all 1 ready/ }).click();
		await page.locator(`.order-card[data-status="served"]`).waitFor(LIVE);
		await page.getByRole("navigation", { name: "Order screens" }).getByRole("button", { name: "Bill" }).click();
		await page.getByRole("heading", { name: "Bill for Takeout: Kim" }).waitFor();
		await page.getByRole("button", { name: "Create bill" }).click();
		const bill = page.locator('.bill-summary[data-status="open"]');
		await bill.getByRole("heading", { name: "Bill · Takeout: Kim" }).waitFor(LIVE);
		// Billed, not paid yet: still beside the tables after a reload (it has no tile of its own), and it leads to its bill.
		await page.goto("/floor/");
		await away.locator(`[data-order-id="${takeoutId}"][data-status="billed"]`).click(LIVE);
		await page.getByText("Takeout: Kim is billed: nothing more can be ordered on it.").waitFor();
		await page.getByRole("button", { name: "Its bill" }).click();
		await page.getByRole("button", { name: "Take cash" }).click();
		await page.getByText("Paid in full.").waitFor(LIVE);
		const bills = (await http.get<Bill[]>("/api/v1/billing/bills?limit=100", { token: r.token.admin })).body;
		const paid = bills.find(b => b.orderIds.includes(takeoutId));
		assert.ok(paid, "the takeout's bill");
		assert.equal(paid.orderType, "takeout");
		assert.equal(paid.tableId, null);
		assert.deepEqual(paid.orderIds, [takeoutId], "its own bill");
		assert.equal(paid.status, "paid");
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("counts a dish down live while the picker is open, and says which dish ran out when a send loses the last one", async () => {
		const table = r.tables[2];
		const page = await device(WAITER);
		await atTable(page, table);
		await category(page, cats.mains).click();
		const fish = dish(page, menu.fish.id);
		await fish.getByText("3 left").waitFor();

		// Another tablet takes two: the picker follows at once.
		await post<Order>("/orders", { tableId: r.tables[3].id, items: [{ menuItemId: menu.fish.id, quantity: 2 }] }, r.token.staff);
		await fish.getByText("1 left").waitFor(LIVE);

		// The sheet counts the option down too, and follows a sale while it is open.
		await fish.click();
		const sheet = page.getByRole("dialog", { name: "Choices for Fish special" });
		const lobster = sheet.getByRole("button", { name: /^Lobster tail/ });
		await lobster.getByText("2 left").waitFor();
		await post<Order>(
			"/orders",
			{
				tableId: r.tables[4].id,
				items: [
					{
						menuItemId: menu.fish.id,
						quantity: 1,
						modifiers: [{ groupId: groups.addon.id, optionIds: [groups.addon.options[0].id] }],
					},
				],
			},
			r.token.staff,
		);
		await lobster.getByText("1 left").waitFor(LIVE);
		await sheet.getByText("Fish special just sold out.").waitFor(LIVE);
		assert.ok(await sheet.locator("[data-choice-add]").isDisabled(), "a sold-out dish cannot be added");
		await screenshot(page, "floor-countdown-sold-out", mode);
		await sheet.getByRole("button", { name: "Back" }).click();
		await fish.getByText("Sold out").waitFor();
		assert.ok(await fish.isDisabled());

		// The last portion of a counted dish goes to another tablet between the tap and the send: the refusal names it.
		await http.patch(`/api/v1/menu/items/${menu.fish.id}`, { remaining: 1 }, { token: r.token.admin });
		await fish.getByText("1 left").waitFor(LIVE);
		await fish.click();
		await sheet.locator("[data-choice-add]").click();
		await page.route("**/api/v1/orders", async route => {
			await post<Order>("/orders", { tableId: r.tables[5].id, items: [{ menuItemId: menu.fish.id, quantity: 1 }] }, r.token.staff);
			await route.continue();
		});
		await page.getByRole("button", { name: "Send to kitchen" }).click();
		await page
			.locator("[data-send-error]")
			.getByText(/^Fish special is sold out\. Nothing was sent/)
			.waitFor(LIVE);
		await page.unroute("**/api/v1/orders");
		await page.locator("[data-draft-line] [data-line-problem]").getByText("Sold out").waitFor(LIVE);
		assert.equal(
			(await http.get<Order[]>(`/api/v1/orders?tableId=${table.id}`, { token: r.token.admin })).body.length,
			0,
			"nothing was ordered",
		);
		assert.deepEqual(pageErrors.flat(), []);
	});

	it("fits a table's order and the floor on a tablet held upright, 768 px wide", async () => {
		const page = await device(WAITER, { width: 768, height: 1024 });
		await page.getByRole("region", { name: "Takeout and tabs" }).getByText("Tab: Sam").waitFor(LIVE);
		assert.equal(await overflowX(page), 0, "the floor is no wider than the screen");
		assert.deepEqual(await smallTargets(page), [], "every target of the floor takes a thumb at 768 px");
		await screenshot(page, "floor-grid-768", mode);
		// A table of two in courses: the soup gone, the steak (with its side) and the cake held.
		const [temp, side] = [groups.temperature.options[0], groups.side.options[0]];
		await post<Order>(
			"/orders",
			{
				tableId: r.tables[6].id,
				covers: 2,
				items: [
					{ menuItemId: menu.soup.id, quantity: 2 },
					{
						menuItemId: menu.steak.id,
						quantity: 1,
						seat: 1,
						modifiers: [
							{ groupId: groups.temperature.id, optionIds: [temp.id] },
							{ groupId: groups.side.id, optionIds: [side.id] },
						],
					},
					{ menuItemId: menu.cake.id, quantity: 1, seat: 2 },
				],
			},
			waiterToken,
		);
		await atTable(page, r.tables[6]);
		await page.locator(".order-card").first().waitFor(LIVE);
		assert.equal(await overflowX(page), 0, "the order is no wider than the screen");
		assert.deepEqual(await smallTargets(page), [], "every target takes a thumb at 768 px");
		await screenshot(page, "floor-order-768", mode);
		assert.deepEqual(pageErrors.flat(), []);
	});
});
