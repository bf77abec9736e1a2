// The manager builds a deeper menu in the admin app, in real Chromium against the real gateway, and a guest's
// phone follows it live: a modifier group made and reordered on the Modifiers tab and shared by two dishes (in the
// order the dish sheet gives them), a countdown set on a dish and on an option that every order takes down on both
// screens, an option 86'd everywhere at once, a dish sold out by its countdown; a small evening driven through the
// API (a table with covers, seats, options, a side, a comp and a remake; a takeout; a bar tab with a partial void)
// shows in the new reports to the cent of the test's own books and on the bills; courses per category and per dish;
// a group deleted with a confirmation comes off its dishes. Every screen fits 1024 × 768, 768 × 1024 and a phone,
// with every target at least 48 px.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, ADMIN, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, serveOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { overflowX, smallTargets, sticksOut } from "../helpers/layout";
import { until } from "../helpers/wait";
import type { Bill, MenuCategory, MenuItem, ModifierGroup, Order, OrderItem } from "../../contracts";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
const WAIT = { timeout: 20_000 };
const usd = (cents: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);
type Menu = { categories: (MenuCategory & { items: MenuItem[] })[] };

describe(`the menu in depth in the admin app and on the guest's phone — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let errors: string[];
	let guestContext: BrowserContext;
	let phone: Page;
	const guestErrors: string[] = [];
	let temperature: ModifierGroup;
	let sides: ModifierGroup;
	const option = (g: ModifierGroup, name: string) => g.options.find(o => o.name === name)!;

	const admin = () => ({ token: r.token.admin });
	const staff = () => ({ token: r.token.staff });
	const menu = async () => (await http.get<Menu>("/api/v1/menu")).body;
	const dish = async (id: string) => (await menu()).categories.flatMap(c => c.items).find(i => i.id === id)!;
	const groups = async () => (await http.get<ModifierGroup[]>("/api/v1/menu/modifier-groups", admin())).body;
	const order = async (body: Record<string, unknown>) => {
		const res = await http.post<Order>("/api/v1/orders", body, staff());
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const billAndPay = async (target: { tableId: string } | { orderId: string }, method: "cash" | "card") => {
		const bill = await http.post<Bill>("/api/v1/billing/bills", target, staff());
		assert.equal(bill.status, 201, JSON.stringify(bill.body));
		const paid = await http.post(
			`/api/v1/billing/bills/${bill.body.id}/payments`,
			{ method, amountCents: bill.body.totalCents, tipCents: 0 },
			staff(),
		);
		assert.equal(paid.status, 201, JSON.stringify(paid.body));
		return bill.body;
	};
	const tab = async (name: string) => {
		await page.getByRole("tab", { name, exact: true }).click();
		await page.locator(`#admin-panel[aria-label="${name}"]`).waitFor();
		await page
			.locator("#admin-panel [aria-busy]")
			.first()
			.waitFor({ state: "detached", ...WAIT });
	};
	const guestDish = (id: string) => phone.locator(`li.dish[data-item-id="${id}"]`);

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		browser = await launchBrowser();
		({ context, page, errors } = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/));
		page.setDefaultTimeout(15_000);
		guestContext = await browser.newContext({
			baseURL: cluster.baseUrl,
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true,
			deviceScaleFactor: 1,
		});
		phone = await guestContext.newPage();
		phone.on("pageerror", err => guestErrors.push(err.message));
	});
	after(async () => {
		await guestContext?.close();
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	it("a modifier group is made on the Modifiers tab, its options reordered, a negative price change kept", async () => {
		await page.goto("/admin/#modifiers");
		await page.getByText("No modifier groups yet").waitFor(WAIT);
		await page.getByRole("button", { name: "New group" }).click();
		const dialog = page.getByRole("dialog", { name: "New modifier group" });
		await dialog.getByLabel("Group name").fill("Temperature");
		assert.equal(await dialog.getByLabel(/Required: the order/).isChecked(), true, "a new group is required by default");
		const row = (i: number) => dialog.locator(`[data-option-row="${i}"]`);
		await row(0).getByRole("textbox", { name: "Option 1", exact: true }).fill("Well done");
		await row(0).getByLabel("Price change").fill("-0.50");
		await row(1).getByRole("textbox", { name: "Option 2", exact: true }).fill("Rare");
		await dialog.getByRole("button", { name: "Add option" }).click();
		await row(2).getByRole("textbox", { name: "Option 3", exact: true }).fill("Medium");
		// Well done goes last: down twice.
		await row(0).getByRole("button", { name: "Move option 1 down" }).click();
		await row(1).getByRole("button", { name: "Move option 2 down" }).click();
		assert.deepEqual(
			await dialog
				.locator("[data-option-row] .option-name-field input")
				.evaluateAll(els => els.map(e => (e as HTMLInputElement).value)),
			["Rare", "Medium", "Well done"],
		);
		assert.deepEqual(await smallTargets(page, ".modal"), [], "the sheet's targets");
		await screenshot(page, "admin-modifier-group-sheet", SCREEN);
		await dialog.getByRole("button", { name: "Add group" }).click();
		await dialog.waitFor({ state: "detached", ...WAIT });

		temperature = (await groups()).find(g => g.name === "Temperature")!;
		assert.ok(temperature, "the group was made");
		assert.deepEqual(
			temperature.options.map(o => [o.name, o.priceDeltaCents, o.station]),
			[
				["Rare", 0, null],
				["Medium", 0, null],
				["Well done", -50, null],
			],
		);
		assert.equal(temperature.required, true);
		assert.deepEqual([temperature.minChoices, temperature.maxChoices], [1, 1]);
		const panel = page.locator(`section[data-group-id="${temperature.id}"]`);
		await panel.waitFor(WAIT);
		const text = await panel.innerText();
		for (const part of ["Temperature", "Required", "Choose 1", "Rare", "Medium", "Well done", "−$0.50", "Not on any dish yet"])
			assert.ok(text.includes(part), `the panel shows ${part}: ${text}`);

		// A mistake is said in words before anything is sent.
		await panel.getByRole("button", { name: "Edit Temperature" }).click();
		const edit = page.getByRole("dialog", { name: "Edit Temperature" });
		await edit.locator('[data-option-row="2"]').getByLabel("Price change").fill("minus fifty");
		await edit.getByRole("button", { name: "Save group" }).click();
		await edit
			.getByRole("alert")
			.filter({ hasText: '"Well done": type the price change as money, for example 2.00 or -0.50' })
			.waitFor();
		await edit.getByRole("button", { name: "Cancel" }).click();
	});

	it("the group is shared by two dishes, attached in order from each dish's sheet", async () => {
		const made = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{
				name: "Sides",
				required: false,
				minChoices: 0,
				maxChoices: 2,
				options: [
					{ name: "Fries", priceDeltaCents: 300, station: "fry" },
					{ name: "Side salad", priceDeltaCents: 250 },
				],
			},
			admin(),
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		sides = made.body;

		await tab("Menu");
		await page.getByRole("button", { name: "Edit Burger" }).click();
		let sheet = page.getByRole("dialog", { name: "Edit Burger" });
		await sheet.getByLabel("Add a group").selectOption({ label: "Temperature (Choose 1)" });
		await sheet.getByRole("button", { name: "Add group" }).click();
		await sheet.getByLabel("Add a group").selectOption({ label: "Sides (Optional, up to 2)" });
		await sheet.getByRole("button", { name: "Add group" }).click();
		await sheet.getByRole("button", { name: "Move Sides up" }).click();
		assert.deepEqual(await sheet.locator(".chosen-groups li strong").allInnerTexts(), ["Sides", "Temperature"]);
		assert.deepEqual(await smallTargets(page, ".modal"), [], "the dish sheet's targets");
		await screenshot(page, "admin-item-sheet-groups", SCREEN);
		await sheet.getByRole("button", { name: "Save item" }).click();
		await sheet.waitFor({ state: "detached", ...WAIT });

		await page.getByRole("button", { name: "Edit Steak" }).click();
		sheet = page.getByRole("dialog", { name: "Edit Steak" });
		await sheet.getByLabel("Add a group").selectOption({ label: "Temperature (Choose 1)" });
		await sheet.getByRole("button", { name: "Add group" }).click();
		await sheet.getByRole("button", { name: "Save item" }).click();
		await sheet.waitFor({ state: "detached", ...WAIT });

		const burger = await dish(r.dish.burger.id);
		const steak = await dish(r.dish.steak.id);
		assert.deepEqual(
			burger.modifierGroups.map(g => g.name),
			["Sides", "Temperature"],
		);
		assert.deepEqual(
			steak.modifierGroups.map(g => g.name),
			["Temperature"],
		);
		await page.locator(`tr[data-item-id="${r.dish.burger.id}"] [data-col="groups"]`, { hasText: "Sides · Temperature" }).waitFor(WAIT);

		await tab("Modifiers");
		await page
			.locator(`section[data-group-id="${temperature.id}"] [data-col="used-by"]`, { hasText: "On Burger, Steak" })
			.waitFor(WAIT);
		await page.locator(`section[data-group-id="${sides.id}"] [data-col="used-by"]`, { hasText: "On Burger" }).waitFor(WAIT);
	});

	it("the guest's phone shows each dish's choices with their price changes", async () => {
		await phone.goto(`/guest/?table=${r.tables[0].id}`);
		const burger = guestDish(r.dish.burger.id);
		await burger.locator(`[data-group-id="${temperature.id}"]`).waitFor(WAIT);
		const text = await burger.innerText();
		for (const part of [
			"Sides",
			"Optional, up to 2",
			"Fries",
			"+$3.00",
			"Side salad",
			"+$2.50",
			"Temperature",
			"Choose 1",
			"Well done",
			"−$0.50",
		])
			assert.ok(text.includes(part), `the burger shows ${part}: ${text}`);
		assert.ok(text.indexOf("Sides") < text.indexOf("Temperature"), "in the dish's order");
		await guestDish(r.dish.steak.id).locator(`[data-group-id="${temperature.id}"]`).waitFor();
		assert.equal(await guestDish(r.dish.salad.id).locator(".choice-group").count(), 0, "a dish with no groups shows none");
	});

	it("a countdown set on a dish goes down live with each order, on the office's screen and the guest's, and sells it out at 0", async () => {
		await tab("Menu");
		await page.getByRole("button", { name: "Edit Steak" }).click();
		const sheet = page.getByRole("dialog", { name: "Edit Steak" });
		await sheet.getByLabel("Portions left").fill("3");
		await sheet.getByRole("button", { name: "Save item" }).click();
		await sheet.waitFor({ state: "detached", ...WAIT });
		const steakRow = page.locator(`tr[data-item-id="${r.dish.steak.id}"]`);
		await steakRow.locator('[data-col="remaining"]', { hasText: "3 left" }).waitFor(WAIT);
		assert.equal((await dish(r.dish.steak.id)).remaining, 3);
		const guestSteak = guestDish(r.dish.steak.id);
		await guestSteak.locator(".low-badge", { hasText: "Only 3 left" }).waitFor(WAIT);

		const medium = option(temperature, "Medium").id;
		await order({
			tableId: r.tables[0].id,
			covers: 1,
			items: [{ menuItemId: r.dish.steak.id, quantity: 1, seat: 1, modifiers: [{ groupId: temperature.id, optionIds: [medium] }] }],
		});
		await steakRow.locator('[data-col="remaining"]', { hasText: "2 left" }).waitFor(WAIT);
		await guestSteak.locator(".low-badge", { hasText: "Only 2 left" }).waitFor(WAIT);
		await screenshot(phone, "guest-menu-choices-countdown", SCREEN);

		// The dish sheet says how many are left now.
		await page.getByRole("button", { name: "Edit Steak" }).click();
		await page.getByRole("dialog", { name: "Edit Steak" }).getByText("Now 2 left; blank for none").waitFor();
		await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();

		await order({
			tableId: r.tables[3].id,
			items: [{ menuItemId: r.dish.steak.id, quantity: 2, modifiers: [{ groupId: temperature.id, optionIds: [medium] }] }],
		});
		await page.locator(`tr[data-item-id="${r.dish.steak.id}"][data-available="false"]`).waitFor(WAIT);
		await phone.locator(`li.dish[data-item-id="${r.dish.steak.id}"][data-available="false"]`).waitFor(WAIT);
		await guestSteak.getByText("Sold out").waitFor();
		assert.equal(await guestSteak.locator(".low-badge").count(), 0);
		await screenshot(page, "admin-menu-countdown", SCREEN);

		// More steaks came in: a new count puts the dish back on, here and on the phone.
		await page.getByRole("button", { name: "Edit Steak" }).click();
		const again = page.getByRole("dialog", { name: "Edit Steak" });
		await again.getByLabel("Portions left").fill("5");
		await again.getByRole("button", { name: "Save item" }).click();
		await again.waitFor({ state: "detached", ...WAIT });
		await page
			.locator(`tr[data-item-id="${r.dish.steak.id}"][data-available="true"] [data-col="remaining"]`, { hasText: "5 left" })
			.waitFor(WAIT);
		await guestSteak.locator(".low-badge", { hasText: "Only 5 left" }).waitFor(WAIT);
	});

	it("an option 86'd or counted down on the Modifiers tab shows on every dish that offers it, live", async () => {
		await tab("Modifiers");
		const rare = option(temperature, "Rare");
		await page.getByRole("switch", { name: "Rare available" }).click();
		await page.locator(`li[data-option-id="${rare.id}"][data-available="false"]`).waitFor(WAIT);
		for (const id of [r.dish.burger.id, r.dish.steak.id])
			await guestDish(id).locator(`li[data-option-id="${rare.id}"][data-available="false"]`).waitFor(WAIT);
		assert.match(await guestDish(r.dish.burger.id).locator(`li[data-option-id="${rare.id}"]`).innerText(), /sold out/);

		const fries = option(sides, "Fries");
		await page.getByLabel("Fries portions left").fill("2");
		await page.getByRole("button", { name: "Set Fries portions left" }).click();
		await page.locator(`li[data-option-id="${fries.id}"] form.countdown[data-remaining="2"]`).waitFor(WAIT);
		await guestDish(r.dish.burger.id).locator(`li[data-option-id="${fries.id}"] .choice-left`, { hasText: "2 left" }).waitFor(WAIT);
		const saved = (await groups()).find(g => g.id === sides.id)!;
		assert.equal(option(saved, "Fries").remaining, 2);
		await screenshot(page, "admin-modifiers", SCREEN);
		await phone.evaluate(() => scrollTo(0, 0));
		await screenshot(phone, "guest-menu-option-86", SCREEN);
	});

	it("a small evening shows in the summary, options, tables and losses to the cent of the test's books, and on the bills", async () => {
		const medium = option(temperature, "Medium").id;
		const fries = option(sides, "Fries").id;
		const burgerWith = (extra: { groupId: string; optionIds: string[] }[] = []) => [
			{ groupId: temperature.id, optionIds: [medium] },
			...extra,
		];
		// The table: two covers, a burger with fries on seat 1 (14.50 + 3.00), a salad on seat 2 (9.00, comped).
		const table = r.tables[1];
		let dinner = await order({
			tableId: table.id,
			covers: 2,
			items: [
				{ menuItemId: r.dish.burger.id, quantity: 1, seat: 1, modifiers: burgerWith([{ groupId: sides.id, optionIds: [fries] }]) },
				{ menuItemId: r.dish.salad.id, quantity: 1, seat: 2 },
			],
		});
		const line = (o: Order, id: string) => o.items.find((i: OrderItem) => i.menuItemId === id && !i.partOf && !i.remakeOf)!;
		assert.equal(line(dinner, r.dish.burger.id).unitPriceCents, 1750);
		dinner = await serveOrder(http, r, dinner.id);
		const comp = await http.post<Order>(
			`/api/v1/orders/${dinner.id}/items/${line(dinner, r.dish.salad.id).id}/comp`,
			{ reason: "Birthday" },
			admin(),
		);
		assert.equal(comp.status, 200, JSON.stringify(comp.body));
		const remake = await http.post<Order>(
			`/api/v1/orders/${dinner.id}/items/${line(dinner, r.dish.burger.id).id}/remake`,
			{ reason: "Overcooked" },
			staff(),
		);
		assert.equal(remake.status, 200, JSON.stringify(remake.body));
		await serveOrder(http, r, dinner.id);
		const tableBill = await billAndPay({ tableId: table.id }, "cash");

		// A takeout for Kim: a medium burger (14.50), picked up in half an hour.
		let takeout = await order({
			type: "takeout",
			name: "Kim",
			pickupAt: new Date(Date.now() + 30 * 60_000).toISOString(),
			items: [{ menuItemId: r.dish.burger.id, quantity: 1, modifiers: burgerWith() }],
		});
		takeout = await serveOrder(http, r, takeout.id);
		await billAndPay({ orderId: takeout.id }, "card");

		// Sam's tab: three beers, one spilled before it was poured (voided: 6.00).
		const tabOrder = await order({ type: "bar_tab", name: "Sam", items: [{ menuItemId: r.dish.beer.id, quantity: 3 }] });
		const voided = await http.post(
			`/api/v1/orders/${tabOrder.id}/items/${tabOrder.items[0].id}/void`,
			{ quantity: 1, reason: "Spilled" },
			staff(),
		);
		assert.equal(voided.status, 200, JSON.stringify(voided.body));
		await serveOrder(http, r, tabOrder.id);
		await billAndPay({ orderId: tabOrder.id }, "cash");

		// The books: 17.50 (the salad comped) + 14.50 + 12.00 over three checks; the table's two covers.
		const books = { dineIn: 1750, takeout: 1450, tab: 1200 };
		const gross = books.dineIn + books.takeout + books.tab;
		const summary = await until(
			"the evening in the summary",
			async () => {
				const s = (await http.get("/api/v1/reports/summary", admin())).body;
				return s.orders === 3 && s.remakes.lines === 1 && s.voids.lines === 1 && s;
			},
			20_000,
		);
		assert.equal(summary.covers, 2);
		assert.equal(summary.grossCents, gross);
		assert.equal(summary.netCents, gross);
		assert.equal(summary.avgCheckCents, Math.round(gross / 3));
		assert.equal(summary.avgCheckPerCoverCents, books.dineIn / 2);
		assert.deepEqual(summary.comps, { lines: 1, valueCents: 900 });
		assert.deepEqual(summary.remakes, { lines: 1, valueCents: 1750 });
		assert.deepEqual(summary.voids, { lines: 1, quantity: 1, valueCents: 600 });
		await until("the losses", async () => (await http.get("/api/v1/reports/losses", admin())).body.length === 3, 20_000);

		await tab("Reports");
		const s = page.locator('[data-report="summary"]');
		const figure = (key: string) => s.locator(`[data-figure="${key}"] dd`).innerText();
		await s.waitFor(WAIT);
		assert.equal(await figure("orders"), "3");
		assert.equal(await figure("covers"), "2");
		assert.equal(await figure("net"), usd(gross));
		assert.equal(await figure("avg-check"), usd(Math.round(gross / 3)));
		assert.equal(await figure("per-cover"), usd(875));
		assert.match(await figure("turn"), /^(under 1|\d+) min$/);
		for (const [type, cents] of [
			["dine_in", books.dineIn],
			["takeout", books.takeout],
			["bar_tab", books.tab],
		] as const) {
			const row = s.locator(`tr[data-type="${type}"]`);
			assert.equal(await row.locator('[data-col="orders"]').innerText(), "1", type);
			assert.equal(await row.locator('[data-col="gross"]').innerText(), usd(cents), type);
		}
		assert.equal(await s.locator('tr[data-type="dine_in"] [data-col="covers"]').innerText(), "2");
		assert.equal(await s.locator('tr[data-loss="comps"] [data-col="value"]').innerText(), usd(900));
		assert.equal(await s.locator('tr[data-loss="remakes"] [data-col="value"]').innerText(), usd(1750));
		assert.equal(await s.locator('tr[data-loss="voids"] [data-col="value"]').innerText(), usd(600));

		const mix = page.locator('[data-report="modifiers"]');
		const mixRow = (id: string) => mix.locator(`tr[data-option-id="${id}"]`);
		assert.equal(await mixRow(medium).locator('[data-col="quantity"]').innerText(), "2", "the remake is not a sale");
		assert.equal(await mixRow(fries).locator('[data-col="quantity"]').innerText(), "1");
		assert.equal(await mixRow(fries).locator('[data-col="delta"]').innerText(), usd(300));

		const tableRow = page.locator(`[data-report="tables"] tr[data-table-id="${table.id}"]`);
		assert.equal(await tableRow.locator('[data-col="turns"]').innerText(), "1");
		assert.equal(await tableRow.locator('[data-col="covers"]').innerText(), "2");
		assert.equal(await tableRow.locator('[data-col="gross"]').innerText(), usd(books.dineIn));
		assert.equal(await tableRow.locator('[data-col="per-cover"]').innerText(), usd(875));

		const losses = page.locator('[data-report="losses"]');
		for (const [kind, reason, cents, where] of [
			["comp", "Birthday", 900, `Table ${table.name}`],
			["remake", "Overcooked", 1750, `Table ${table.name}`],
			["void", "Spilled", 600, "Tab: Sam"],
		] as const) {
			const row = losses.locator(`tr[data-kind="${kind}"]`);
			const text = await row.innerText();
			for (const part of [reason, usd(cents), where]) assert.ok(text.includes(part), `the ${kind} row shows ${part}: ${text}`);
		}
		await s.scrollIntoViewIfNeeded();
		await screenshot(page, "admin-reports-summary", SCREEN);
		await losses.scrollIntoViewIfNeeded();
		await screenshot(page, "admin-reports-losses", SCREEN);

		// The bills: the takeout and the tab by name, the table's lines with seats, options and the comp.
		await tab("Bills");
		await page.locator("section.bill h2", { hasText: "Takeout: Kim" }).waitFor(WAIT);
		await page.locator("section.bill h2", { hasText: "Tab: Sam" }).waitFor();
		const bill = page.locator(`section[data-bill-id="${tableBill.id}"]`);
		const text = await bill.innerText();
		for (const part of [
			"Seat 1",
			"1× Burger",
			"Medium",
			"Fries",
			"+$3.00",
			usd(1750),
			"Seat 2",
			"1× Salad",
			"Comped: Birthday",
			`(${usd(900)})`,
		])
			assert.ok(text.includes(part), `the table's bill shows ${part}: ${text}`);
		assert.ok(!text.includes("Overcooked"), "a remake is not on the bill");
		await bill.scrollIntoViewIfNeeded();
		await screenshot(page, "admin-bills-depth", SCREEN);
	});

	it("a category's course and a dish's own course are set from the Menu tab", async () => {
		await tab("Menu");
		const category = page.locator("section.category").first();
		await category.locator('select[aria-label$=" course"]').selectOption({ label: "Mains" });
		await page.locator(".toast", { hasText: "served as Mains" }).waitFor(WAIT);
		await page.locator(`tr[data-item-id="${r.dish.burger.id}"] [data-col="course"]`, { hasText: "Mains" }).waitFor(WAIT);

		await page.getByRole("button", { name: "Edit Salad" }).click();
		const sheet = page.getByRole("dialog", { name: "Edit Salad" });
		assert.equal(await sheet.getByLabel("Course").inputValue(), "", "it follows its category");
		await sheet.getByLabel("Course").selectOption({ label: "Starters" });
		await sheet.getByRole("button", { name: "Save item" }).click();
		await sheet.waitFor({ state: "detached", ...WAIT });
		await page.locator(`tr[data-item-id="${r.dish.salad.id}"] [data-col="course"].own-course`, { hasText: "Starters" }).waitFor(WAIT);

		const m = await menu();
		const cat = m.categories.find(c => c.items.some(i => i.id === r.dish.salad.id))!;
		assert.equal(cat.course, 2);
		const salad = cat.items.find(i => i.id === r.dish.salad.id)!;
		const burger = cat.items.find(i => i.id === r.dish.burger.id)!;
		assert.deepEqual([salad.course, salad.courseOverride], [1, 1]);
		assert.deepEqual([burger.course, burger.courseOverride], [2, null]);
	});

	it("every screen fits 1024 × 768, 768 × 1024 and a phone, with every target at least 48 px", async () => {
		const problems: string[] = [];
		for (const [width, height] of [
			[1024, 768],
			[768, 1024],
			[390, 844],
		]) {
			await page.setViewportSize({ width, height });
			for (const name of ["Menu", "Modifiers", "Bills", "Reports"]) {
				await tab(name);
				await page.evaluate(() => scrollTo(0, 0));
				const over = await overflowX(page);
				if (over) problems.push(`${name} at ${width}: ${over} px too wide: ${(await sticksOut(page)).join("; ")}`);
				for (const t of await smallTargets(page, "#admin-panel"))
					problems.push(`${name} at ${width}: "${t.label}" ${t.width}×${t.height}`);
				await screenshot(page, `admin-depth-${name.toLowerCase()}-${width}`, SCREEN);
				if (name === "Reports" && width === 390)
					for (const report of ["summary", "modifiers", "tables", "losses"]) {
						await page.locator(`[data-report="${report}"]`).evaluate(el => el.scrollIntoView({ block: "start" }));
						await page.evaluate(() => scrollBy(0, -130)); // from under the sticky bars
						await screenshot(page, `admin-depth-reports-${width}-${report}`, SCREEN);
					}
			}
			await tab("Modifiers");
			await page.getByRole("button", { name: "Edit Temperature" }).click();
			for (const t of await smallTargets(page, ".modal"))
				problems.push(`the group sheet at ${width}: "${t.label}" ${t.width}×${t.height}`);
			if (await overflowX(page)) problems.push(`the group sheet at ${width} is too wide`);
			if (width === 390) await screenshot(page, "admin-modifier-group-sheet-390", SCREEN);
			await page.getByRole("dialog").getByRole("button", { name: "Cancel" }).click();
		}
		await phone.reload();
		await guestDish(r.dish.burger.id).waitFor(WAIT);
		assert.deepEqual(await smallTargets(phone), [], "the guest's links");
		assert.equal(await overflowX(phone), 0, "the guest menu fits the phone");
		await page.setViewportSize({ width: 1024, height: 768 });
		assert.deepEqual(problems, [], problems.join("\n"));
	});

	it("a group deleted after a confirmation comes off its dishes, here and on the guest's phone", async () => {
		await page.goto("/admin/#modifiers");
		await page.getByRole("button", { name: "Delete group Sides" }).click();
		const ask = page.getByRole("dialog", { name: "Delete modifier group?" });
		await ask.getByText('Delete "Sides"? It comes off Burger. Orders already taken keep their choices.').waitFor();
		await ask.getByRole("button", { name: "Delete group" }).click();
		await page.locator(`section[data-group-id="${sides.id}"]`).waitFor({ state: "detached", ...WAIT });
		assert.deepEqual(
			(await dish(r.dish.burger.id)).modifierGroups.map(g => g.name),
			["Temperature"],
		);
		await guestDish(r.dish.burger.id)
			.locator(`[data-group-id="${sides.id}"]`)
			.waitFor({ state: "detached", ...WAIT });
		assert.deepEqual(errors, [], "no script errors in the office");
		assert.deepEqual(guestErrors, [], "no script errors on the guest's phone");
	});
});
