// The kitchen display for a real menu and a real order, in Chromium against the real server: a ticket shows whose it
// is (a table with its covers, a takeout with its pickup time, a tab), each line's seat, its chosen options, a side
// cooked elsewhere with the dish it goes with; a later course is greyed as held, cannot be started and is not
// bumped, then turns live with a flash and a beep when the waiter fires it, its clock starting at the fire; takeouts
// fall in by pickup time; a remake is flagged with its reason; a partial void shrinks the line live; the 86 panel
// counts a dish down and 86es an option, live both ways.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { smallTargets, wordsSplit } from "../helpers/layout";
import type { MenuItem, ModifierGroup, Order, Ticket } from "../../contracts";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
// What the screen shows is the same in both modes, and the pushes across nodes are browser-kitchen.test.ts's: this
// suite runs in the embedded pass (BROWSER_EVERY_MODE=1 runs it distributed too).
const LIVE = { timeout: 20_000 };

describe(`kitchen display: options, seats, courses, order types — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let page: Page;
	let errors: string[];
	let close: () => Promise<void>;
	let timezone: string;
	const cook = { username: `cook-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };
	let temperature: ModifierGroup;
	let sides: ModifierGroup;
	let extras: ModifierGroup;
	let shortRib: MenuItem;
	let dinner: Order;

	const as = (role: "admin" | "staff" | "kitchen") => ({ token: r.token[role] });
	const option = (g: ModifierGroup, name: string) => g.options.find(o => o.name === name)!;
	const card = (orderId: string, station = "grill") =>
		page.locator(`article.ticket[data-order-id="${orderId}"][data-station="${station}"]`);
	const row = (orderId: string, itemId: string, station = "grill") => card(orderId, station).locator(`li.item[data-item-id="${itemId}"]`);
	const beeps = async () => Number((await page.evaluate(() => document.body.dataset.beeps)) ?? 0);
	const rail = () => page.locator("article.ticket").evaluateAll(els => els.map(e => e.getAttribute("data-order-id")));
	const ok = <T>(res: { status: number; body: T }, status = 200): T => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		return res.body;
	};
	const group = async (body: object) => ok(await http.post<ModifierGroup>("/api/v1/menu/modifier-groups", body, as("admin")), 201);
	const place = async (body: object) => ok(await http.post<Order>("/api/v1/orders", body, as("staff")), 201);
	/** "19:30" in the restaurant's zone, as the ticket prints a pickup time. */
	const hhmm = (iso: string) =>
		new Intl.DateTimeFormat("en-GB", { timeZone: timezone, hour: "2-digit", minute: "2-digit", hourCycle: "h23" }).format(
			new Date(iso),
		);

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		timezone = (await http.get<{ timezone: string }>("/api/v1/settings")).body.timezone;
		ok(await http.post("/api/v1/auth/register", { ...cook, fullName: "The grill", role: "kitchen" }, as("admin")), 201);

		temperature = await group({
			name: "Temperature",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [{ name: "Rare" }, { name: "Medium rare" }, { name: "Well done" }].map(o => ({ ...o, priceDeltaCents: 0 })),
		});
		sides = await group({
			name: "Sides",
			required: false,
			minChoices: 0,
			maxChoices: 1,
			options: [{ name: "Side salad", priceDeltaCents: 300, station: "cold" }],
		});
		extras = await group({
			name: "Extras",
			required: false,
			minChoices: 0,
			maxChoices: 2,
			options: [
				{ name: "Add bacon", priceDeltaCents: 200 },
				{ name: "No pickles", priceDeltaCents: 0 },
			],
		});
		const mains = ok(
			await http.post<{ id: string }>("/api/v1/menu/categories", { name: `Mains ${Math.random()}`, course: 2 }, as("admin")),
			201,
		);
		shortRib = ok(
			await http.post<MenuItem>(
				"/api/v1/menu/items",
				{
					categoryId: mains.id,
					name: "Short rib",
					priceCents: 2600,
					station: "grill",
					remaining: 5,
					modifierGroupIds: [temperature.id, sides.id],
				},
				as("admin"),
			),
			201,
		);
		assert.equal(shortRib.course, 2, "a main is served in the second course");
		ok(await http.patch(`/api/v1/menu/items/${r.dish.burger.id}`, { modifierGroupIds: [extras.id] }, as("admin")));

		browser = await launchBrowser();
		const device = await signedInTablet(browser, cluster.baseUrl, cook, /\/kitchen\/$/);
		({ page, errors } = device);
		close = () => device.context.close();
		page.setDefaultTimeout(15_000);
		await page.getByRole("button", { name: "Grill" }).click();
		await page.locator('main.kds[data-station="grill"][data-live="ready"]').waitFor(LIVE);
	});
	after(async () => {
		await close?.();
		await browser?.close();
		await cluster?.stop();
	});

	it("a table's ticket: covers, seats, options in big type, a side's dish, and the mains held, greyed and unstartable", async () => {
		dinner = await place({
			tableId: r.tables[0].id,
			covers: 4,
			items: [
				{ menuItemId: r.dish.soup.id, quantity: 1, seat: 1 },
				{
					menuItemId: r.dish.burger.id,
					quantity: 1,
					seat: 2,
					modifiers: [{ groupId: extras.id, optionIds: [option(extras, "Add bacon").id, option(extras, "No pickles").id] }],
				},
				{
					menuItemId: shortRib.id,
					quantity: 2,
					seat: 3,
					notes: "sauce on the side",
					modifiers: [
						{ groupId: temperature.id, optionIds: [option(temperature, "Medium rare").id] },
						{ groupId: sides.id, optionIds: [option(sides, "Side salad").id] },
					],
				},
			],
		});
		const burger = dinner.items.find(i => i.menuItemId === r.dish.burger.id)!;
		const rib = dinner.items.find(i => i.name === "Short rib")!;
		assert.equal(rib.held, true, "the order service holds the mains");
		assert.equal(burger.held, false);

		const c = card(dinner.id);
		await c.and(page.locator('[data-alert="new"]')).waitFor(LIVE);
		assert.equal(await c.getAttribute("aria-label"), `Table ${r.tables[0].name}`);
		assert.equal(await c.locator(".table-name").textContent(), r.tables[0].name);
		await c.locator(".covers", { hasText: "4 covers" }).waitFor();
		assert.deepEqual(await c.locator(".item .name").allTextContents(), ["Burger", "Short rib"]);

		// The burger: seat 2, its options under it; startable.
		const b = row(dinner.id, burger.id);
		assert.equal(await b.locator(".seat").textContent(), "S2");
		assert.deepEqual(await b.locator(".mods li").allTextContents(), ["Add bacon", "No pickles"]);
		assert.equal(
			await b
				.locator(".mods li")
				.first()
				.evaluate(el => getComputedStyle(el).textTransform),
			"uppercase",
		);
		const modSize = await b
			.locator(".mods li")
			.first()
			.evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize));
		assert.ok(modSize >= 18, `options are read from a metre away: ${modSize}px`);
		await b.getByRole("button", { name: "Start Burger" }).waitFor();

		// The short rib: held with the course's name, greyed, no button; its side goes to the cold station.
		const h = row(dinner.id, rib.id);
		assert.equal(await h.getAttribute("data-held"), "true");
		assert.equal((await h.locator(".held-tag").textContent())?.trim(), "Held — Mains");
		assert.equal(await h.getByRole("button").count(), 0, "a held line cannot be started");
		assert.ok(Number(await h.locator(".head").evaluate(el => getComputedStyle(el).opacity)) < 0.8, "greyed");
		assert.equal(await h.locator(".seat").textContent(), "S3");
		assert.equal(await h.locator(".qty").textContent(), "2×");
		assert.deepEqual(await h.locator(".mods li").allTextContents(), ["Medium rare", "Side salad → Cold"]);
		await h.getByText("sauce on the side").waitFor();
		// The bump finishes the burger, not the held mains, and says so.
		await c
			.getByRole("button", { name: `Bump table ${r.tables[0].name}` })
			.getByText("Mains stay held")
			.waitFor();
		assert.deepEqual(await allDay(), { Burger: 1 }, "held mains are not all-day work yet");
		// The server refuses a start of a held line too.
		const refused = await http.post(`/api/v1/kitchen/items/${rib.id}/start`, undefined, as("kitchen"));
		assert.equal(refused.status, 409, JSON.stringify(refused.body));
		assert.equal(refused.body.error.code, "ITEM_HELD");
		await screenshot(page, "kitchen-courses-held", SCREEN);
		assert.deepEqual(
			await wordsSplit(page.locator("article.ticket .item .name, article.ticket .mods li, article.ticket .table-name")),
			[],
		);
		assert.deepEqual(await smallTargets(page), [], "every target at least 48 × 48 px");
		assert.deepEqual(errors, []);
	});

	const allDay = async () =>
		Object.fromEntries(
			await page
				.locator(".all-day li[data-dish]")
				.evaluateAll(lis => lis.map(li => [li.getAttribute("data-dish"), Number(li.querySelector(".count")!.textContent)])),
		) as Record<string, number>;

	it("a ticket of held lines only waits greyed with no clock and no bump, then fires live: flash, beep, clock from the fire", async () => {
		const later = await place({
			tableId: r.tables[1].id,
			covers: 2,
			items: [
				{ menuItemId: r.dish.salad.id, quantity: 2 },
				{
					menuItemId: shortRib.id,
					quantity: 1,
					seat: 1,
					modifiers: [{ groupId: temperature.id, optionIds: [option(temperature, "Rare").id] }],
				},
			],
		});
		const rib = later.items.find(i => i.name === "Short rib")!;
		const c = card(later.id);
		await c.waitFor(LIVE);
		assert.equal(await c.getAttribute("data-age"), "held");
		assert.equal(await c.getAttribute("data-alert"), null, "a held course arrives quietly");
		await c.locator(".timer", { hasText: "HELD" }).waitFor();
		await c.getByText("Waiting for Mains to be fired").waitFor();
		assert.equal(await c.getByRole("button").count(), 0, "nothing to start, nothing to bump");
		const bumpHeld = await http.post(`/api/v1/kitchen/tickets/${later.id}/bump?station=grill`, undefined, as("kitchen"));
		assert.equal(bumpHeld.status, 409, JSON.stringify(bumpHeld.body));
		assert.equal(bumpHeld.body.error.code, "TICKET_HELD");

		// Some seconds on, the waiter fires the mains: the line turns live, the card flashes, the screen beeps, and
		// the clock counts from the fire, not from the order.
		await new Promise(done => setTimeout(done, 4000));
		const heard = await beeps();
		const fired = ok(await http.post<Order>(`/api/v1/orders/${later.id}/fire`, { course: 2 }, as("staff")));
		assert.equal(fired.items.find(i => i.id === rib.id)!.held, false);
		await row(later.id, rib.id).and(page.locator('[data-held="false"]')).waitFor(LIVE);
		await c.and(page.locator('[data-alert="new"]')).waitFor();
		await row(later.id, rib.id).getByRole("button", { name: "Start Short rib" }).waitFor();
		await page.waitForFunction(n => Number(document.body.dataset.beeps) > n, heard, LIVE);
		assert.equal(await page.evaluate(() => document.body.dataset.lastBeep), "new");
		const firedAt = Date.parse(fired.items.find(i => i.id === rib.id)!.firedAt!);
		const { timer, now } = await c.locator(".timer").evaluate(el => ({ timer: el.textContent ?? "", now: Date.now() }));
		const [m, sec] = timer.split(":").map(Number);
		const shown = m * 60 + sec;
		assert.ok(
			Math.abs(shown - (now - firedAt) / 1000) <= 2.5,
			`the clock counts from the fire: ${timer} shown, ${(now - firedAt) / 1000} s since the fire`,
		);
		assert.ok(shown < (now - Date.parse(later.createdAt)) / 1000 - 2, "not from the order, 4 s before the fire");
		const ticket = ok(await http.get<Ticket[]>("/api/v1/kitchen/tickets?station=grill", as("kitchen"))).find(
			t => t.orderId === later.id,
		)!;
		assert.equal(ticket.placedAt, ticket.items.find(i => i.id === rib.id)!.firedAt, "the server's clock is the fire too");
		assert.deepEqual(await allDay(), { Burger: 1, "Short rib": 1 });

		// The dinner's mains fire as well: its card keeps its clock (the burger was already cooking) and flashes.
		ok(await http.post(`/api/v1/orders/${dinner.id}/fire`, { course: 2 }, as("staff")));
		const dinnerRib = dinner.items.find(i => i.name === "Short rib")!;
		await row(dinner.id, dinnerRib.id).and(page.locator('[data-held="false"]')).waitFor(LIVE);
		await card(dinner.id).and(page.locator('[data-alert="new"]')).waitFor();
		assert.deepEqual(await allDay(), { Burger: 1, "Short rib": 3 });
		await screenshot(page, "kitchen-courses-fired", SCREEN);
		assert.deepEqual(errors, []);
	});

	it("takeouts fall in by pickup time, the pickup printed big; a tab says whose it is", async () => {
		const soon = new Date(Date.now() + 20 * 60_000).toISOString();
		const late = new Date(Date.now() + 45 * 60_000).toISOString();
		const kim = await place({ type: "takeout", name: "Kim", pickupAt: late, items: [{ menuItemId: r.dish.burger.id, quantity: 2 }] });
		const lee = await place({ type: "takeout", name: "Lee", pickupAt: soon, items: [{ menuItemId: r.dish.steak.id, quantity: 1 }] });
		const tab = await place({ type: "bar_tab", name: "Sam", items: [{ menuItemId: r.dish.burger.id, quantity: 1 }] });
		await card(tab.id).waitFor(LIVE);
		await card(kim.id).waitFor(LIVE);
		await card(lee.id).waitFor(LIVE);

		const order = await rail();
		assert.deepEqual(
			order.filter(id => [kim.id, lee.id, tab.id].includes(id!)),
			[tab.id, lee.id, kim.id],
			"the tab is due now, Lee in 20 minutes, Kim in 45",
		);
		const fromApi = ok(await http.get<Ticket[]>("/api/v1/kitchen/tickets?station=grill", as("kitchen"))).map(t => t.orderId);
		assert.deepEqual(order, fromApi, "the rail is in the kitchen service's order");

		const k = card(kim.id);
		assert.equal(await k.getAttribute("aria-label"), "Takeout: Kim");
		assert.equal(await k.getAttribute("data-order-type"), "takeout");
		assert.equal((await k.locator(".label").innerText()).replace(/\s+/g, " ").trim(), "TAKEOUT Kim");
		assert.equal(await k.locator(".pickup strong").textContent(), hhmm(late));
		await k.locator(".pickup-in", { hasText: /^in 4[45] min$/ }).waitFor();
		const pickupSize = await k.locator(".pickup strong").evaluate(el => Number.parseFloat(getComputedStyle(el).fontSize));
		assert.ok(pickupSize >= 24, `the pickup time is the biggest thing after the name: ${pickupSize}px`);
		assert.equal(await card(tab.id).getAttribute("aria-label"), "Tab: Sam");
		await card(tab.id).getByRole("button", { name: "Bump Tab: Sam" }).waitFor();
		await k.scrollIntoViewIfNeeded();
		await screenshot(page, "kitchen-courses-takeout", SCREEN);
		assert.deepEqual(errors, []);
	});

	it("a remake shows flagged with its reason; a partial void shrinks the line and strikes the rest", async () => {
		const burger = dinner.items.find(i => i.menuItemId === r.dish.burger.id)!;
		await row(dinner.id, burger.id).getByRole("button", { name: "Start Burger" }).click();
		await row(dinner.id, burger.id).and(page.locator('[data-status="preparing"]')).waitFor(LIVE);
		const remade = ok(
			await http.post<Order>(
				`/api/v1/orders/${dinner.id}/items/${burger.id}/remake`,
				{ reason: "dropped on the floor" },
				as("staff"),
			),
		);
		const again = remade.items.find(i => i.remakeOf === burger.id)!;
		const redo = row(dinner.id, again.id);
		await redo.waitFor(LIVE);
		await redo.locator(".remake-flag", { hasText: "REMAKE — dropped on the floor" }).waitFor();
		assert.deepEqual(await redo.locator(".mods li").allTextContents(), ["Add bacon", "No pickles"], "made the same way");
		assert.equal(await redo.locator(".seat").textContent(), "S2");
		await card(dinner.id).and(page.locator('[data-alert="new"]')).waitFor();
		await redo.scrollIntoViewIfNeeded();
		await screenshot(page, "kitchen-courses-remake", SCREEN);

		// One of the two short ribs goes back: the line says 1 (was 2), and the voided one is struck, "do not make".
		const rib = dinner.items.find(i => i.name === "Short rib")!;
		const voided = ok(
			await http.post<Order>(
				`/api/v1/orders/${dinner.id}/items/${rib.id}/void`,
				{ quantity: 1, reason: "guest is full" },
				as("staff"),
			),
		);
		const part = voided.items.find(i => i.status === "voided" && i.name === "Short rib")!;
		await row(dinner.id, rib.id).locator(".qty", { hasText: /^1×/ }).waitFor(LIVE);
		await row(dinner.id, rib.id).locator(".was", { hasText: "was 2" }).waitFor();
		const struck = row(dinner.id, part.id);
		await struck.and(page.locator('[data-status="voided"]')).waitFor(LIVE);
		await struck.getByText("Voided: guest is full — do not make").waitFor();
		assert.equal(await struck.locator("s").textContent(), "Short rib");
		assert.equal(
			await card(dinner.id)
				.locator("li.item")
				.evaluateAll(
					(els, ids) =>
						els.findIndex(e => e.getAttribute("data-item-id") === ids[1]) -
						els.findIndex(e => e.getAttribute("data-item-id") === ids[0]),
					[rib.id, part.id],
				),
			1,
			"the voided part sits right under its line",
		);
		await card(dinner.id).and(page.locator('[data-alert="void"]')).waitFor();
		assert.equal(await page.evaluate(() => document.body.dataset.lastBeep), "void");
		await struck.scrollIntoViewIfNeeded();
		await screenshot(page, "kitchen-courses-void", SCREEN);
		assert.deepEqual(errors, []);
	});

	it("the 86 panel counts a dish down and 86es an option from the page; both live from the other tablets", async () => {
		await page.getByRole("button", { name: "86 items" }).click();
		const panel = page.getByRole("dialog", { name: "86 items" });
		await panel.waitFor();
		const ribRow = panel.locator(`li[data-menu-item-id="${shortRib.id}"]`);
		// Five to start with; the dinner's two and the later table's one were taken, and the voided one came back.
		await ribRow.locator(".left", { hasText: "3 left" }).waitFor(LIVE);
		assert.equal((await ribRow.innerText()).replace(/\s+/g, " ").trim(), "Short rib 3 left Available");

		// The grill's options, under their groups (the side salad is the cold station's).
		assert.deepEqual(await panel.locator(".option-group h4").allTextContents(), ["Extras", "Temperature"]);
		assert.deepEqual(await panel.locator(`.option-group[data-group-id="${temperature.id}"] li .dish`).allTextContents(), [
			"Rare",
			"Medium rare",
			"Well done",
		]);
		const bacon = option(extras, "Add bacon");
		await panel.getByRole("switch", { name: "Extras: Add bacon" }).click();
		await panel.locator(`li[data-option-id="${bacon.id}"][data-available="false"]`).waitFor(LIVE);
		const groups = ok(await http.get<ModifierGroup[]>("/api/v1/menu/modifier-groups", as("kitchen")));
		assert.equal(groups.find(g => g.id === extras.id)!.options.find(o => o.id === bacon.id)!.available, false, "the server has it");
		// A waiter's order with bacon is refused now.
		const refused = await http.post(
			"/api/v1/orders",
			{
				tableId: r.tables[2].id,
				items: [{ menuItemId: r.dish.burger.id, quantity: 1, modifiers: [{ groupId: extras.id, optionIds: [bacon.id] }] }],
			},
			as("staff"),
		);
		assert.equal(refused.status, 409, JSON.stringify(refused.body));

		// Another tablet 86es "Well done" and sells a short rib: the panel follows both without a reload.
		const wellDone = option(temperature, "Well done");
		ok(await http.patch(`/api/v1/menu/modifier-options/${wellDone.id}`, { available: false }, as("staff")));
		await panel.locator(`li[data-option-id="${wellDone.id}"][data-available="false"]`).waitFor(LIVE);
		assert.equal(await panel.getByRole("switch", { name: "Temperature: Well done" }).getAttribute("aria-checked"), "false");
		await place({
			tableId: r.tables[3].id,
			items: [
				{
					menuItemId: shortRib.id,
					quantity: 1,
					modifiers: [{ groupId: temperature.id, optionIds: [option(temperature, "Rare").id] }],
				},
			],
		});
		await ribRow.locator(".left", { hasText: "2 left" }).waitFor(LIVE);
		await page.getByRole("button", { name: "86 items" }).locator(".badge", { hasText: "2" }).waitFor();
		assert.deepEqual(await smallTargets(page, ".modal"), [], "every switch at least 48 × 48 px");
		await screenshot(page, "kitchen-courses-86", SCREEN);

		// And back: bacon is on again from the page.
		await panel.getByRole("switch", { name: "Extras: Add bacon" }).click();
		await panel.locator(`li[data-option-id="${bacon.id}"][data-available="true"]`).waitFor(LIVE);
		await panel.getByRole("button", { name: "Done" }).click();
		assert.deepEqual(errors, []);
	});

	it("the cold station gets the side salad, saying which dish it goes with", async () => {
		await page.getByRole("button", { name: "Cold" }).click();
		await page.locator('main.kds[data-station="cold"][data-live="ready"]').waitFor(LIVE);
		const side = (await http.get<Order>(`/api/v1/orders/${dinner.id}`, as("staff"))).body.items.find(i => i.partOf)!;
		assert.equal(side.name, "Side salad");
		const s = row(dinner.id, side.id, "cold");
		await s.waitFor(LIVE);
		await s.locator(".side-of", { hasText: "Side for Short rib" }).waitFor();
		assert.equal(await s.locator(".seat").textContent(), "S3");
		await card(dinner.id, "cold").scrollIntoViewIfNeeded();
		await screenshot(page, "kitchen-courses-side", SCREEN);
		assert.deepEqual(errors, []);
	});
});
