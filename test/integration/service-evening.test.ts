// A full-service evening, scripted step by step (the scripted day's sequel, with what a real dining room does):
// modifier groups shared by two dishes, seats and covers, three courses held and fired in order, a side cooked
// at another station, a takeout and a bar tab, a countdown that sells out in the middle of service (live on a
// tablet), a partial void, a remake and a comp. The test keeps its own books; at the end every report matches
// them to the cent.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Bill, MenuItem, ModifierGroup, Order, OrderItem, Payment } from "../../contracts";

const TAX_PPM = 87_500; // 8.75%
const SERVICE_PPM = 100_000; // 10%
const TIMEZONE = "Europe/London";

/** The test's own rounding: half up, on integers. */
const rate = (cents: number, ppm: number) => Math.floor((cents * ppm * 2 + 1_000_000) / 2_000_000);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);
const totalOf = (net: number) => net + rate(net, TAX_PPM) + rate(net, SERVICE_PPM);

describe(`a scripted full-service evening — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let tablet: Device;
	let admin: { token: string };
	let waiter: { token: string };
	let cook: { token: string };

	// The menu the evening is served from.
	const dish = {} as Record<"oysters" | "ribeye" | "shortRib" | "tart", MenuItem>;
	const group = {} as Record<"temperature" | "sides", ModifierGroup>;
	const option = (g: ModifierGroup, name: string) => g.options.find(o => o.name === name)!.id;

	// The books: what the evening sold, gave away and wasted, as the test counts it.
	const books = {
		orders: [] as { type: string; covers: number; gross: number; total: number; tableId: string | null }[],
		tips: 0,
		dishes: new Map<string, { quantity: number; gross: number }>(),
		options: new Map<string, { quantity: number; deltaCents: number }>(),
		losses: [] as { kind: string; name: string; quantity: number; valueCents: number; reason: string }[],
	};
	const sold = (menuItemId: string, quantity: number, gross: number) => {
		const d = books.dishes.get(menuItemId) ?? { quantity: 0, gross: 0 };
		books.dishes.set(menuItemId, { quantity: d.quantity + quantity, gross: d.gross + gross });
	};
	const soldOption = (optionId: string, quantity: number, delta: number) => {
		const o = books.options.get(optionId) ?? { quantity: 0, deltaCents: 0 };
		books.options.set(optionId, { quantity: o.quantity + quantity, deltaCents: o.deltaCents + quantity * delta });
	};

	const ok = async <T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
		const res = await p;
		assert.equal(res.status, status, JSON.stringify(res.body));
		return res.body;
	};
	const post = <T>(path: string, body: unknown, as: { token: string }) => http.post<T>(`/api/v1${path}`, body, as);
	const bumpAll = async (orderId: string, stations: string[]) => {
		for (const station of stations) await ok(post(`/kitchen/tickets/${orderId}/bump?station=${station}`, undefined, cook));
	};
	const serveAll = (orderId: string) => ok(post<Order>(`/orders/${orderId}/serve`, undefined, waiter));
	const line = (order: Order, name: string, seat?: number | null) =>
		order.items.find(i => i.name === name && !i.remakeOf && i.status !== "voided" && (seat === undefined || i.seat === seat))!;

	before(async () => {
		cluster = await startCluster({ env: { TAX_RATE: "0.0875", SERVICE_CHARGE_RATE: "0.1", TIMEZONE } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 3);
		admin = { token: r.token.admin };
		waiter = { token: r.token.staff };
		cook = { token: r.token.kitchen };

		const category = async (name: string, course: number) =>
			(await ok(post<{ id: string; course: number }>("/menu/categories", { name, course }, admin), 201)).id;
		const starters = await category("Starters", 1);
		const mains = await category("Mains", 2);
		const desserts = await category("Desserts", 3);
		group.temperature = await ok(
			post<ModifierGroup>(
				"/menu/modifier-groups",
				{
					name: "Temperature",
					required: true,
					minChoices: 1,
					maxChoices: 1,
					options: [
						{ name: "Rare", priceDeltaCents: 0 },
						{ name: "Medium rare", priceDeltaCents: 0 },
						{ name: "Well done", priceDeltaCents: 0 },
					],
				},
				admin,
			),
			201,
		);
		group.sides = await ok(
			post<ModifierGroup>(
				"/menu/modifier-groups",
				{
					name: "Sides",
					required: false,
					minChoices: 0,
					maxChoices: 2,
					options: [
						{ name: "Fries", priceDeltaCents: 400, station: "fry" },
						{ name: "Side salad", priceDeltaCents: 350, station: "cold" },
						{ name: "Add bacon", priceDeltaCents: 250 },
					],
				},
				admin,
			),
			201,
		);
		const item = async (body: Record<string, unknown>) => ok(post<MenuItem>("/menu/items", body, admin), 201);
		dish.oysters = await item({ categoryId: starters, name: "Oysters", priceCents: 1800, station: "cold" });
		dish.ribeye = await item({
			categoryId: mains,
			name: "Ribeye",
			priceCents: 3400,
			station: "grill",
			modifierGroupIds: [group.temperature.id, group.sides.id],
		});
		dish.shortRib = await item({ categoryId: mains, name: "Short rib", priceCents: 3200, station: "grill", remaining: 4 });
		dish.tart = await item({ categoryId: desserts, name: "Tart", priceCents: 1100, station: "pastry" });
		// Temperature is shared: the house steak (course 1, its category's default) asks for it too.
		r.dish.steak = await ok(
			http.patch<MenuItem>(`/api/v1/menu/items/${r.dish.steak.id}`, { modifierGroupIds: [group.temperature.id] }, admin),
		);
		assert.deepEqual(
			[dish.oysters.course, dish.ribeye.course, dish.tart.course, r.dish.steak.course],
			[1, 2, 3, 1],
			"each dish takes its category's course",
		);
		tablet = await connectDevice(cluster.baseUrl, { token: waiter.token });
	});
	after(async () => {
		tablet?.close();
		await cluster?.stop();
	});

	it("refuses a choice the dish does not allow, naming the group", async () => {
		const [table] = r.tables;
		const missing = await post("/orders", { tableId: table.id, items: [{ menuItemId: dish.ribeye.id, quantity: 1 }] }, waiter);
		assert.equal(missing.status, 400, JSON.stringify(missing.body));
		assert.match(JSON.stringify(missing.body), /Temperature/);
		const tooMany = await post(
			"/orders",
			{
				tableId: table.id,
				items: [
					{
						menuItemId: dish.ribeye.id,
						quantity: 1,
						modifiers: [
							{ groupId: group.temperature.id, optionIds: [option(group.temperature, "Rare")] },
							{ groupId: group.sides.id, optionIds: group.sides.options.map(o => o.id) },
						],
					},
				],
			},
			waiter,
		);
		assert.equal(tooMany.status, 400, JSON.stringify(tooMany.body));
		assert.match(JSON.stringify(tooMany.body), /Sides/);
		const orders = (await http.get<Order[]>(`/api/v1/orders?tableId=${table.id}`, waiter)).body;
		assert.deepEqual(orders, [], "nothing half-written");
	});

	it("table one: four covers, seats, three courses fired in order, a side at the fry, a remake and a comp", async () => {
		const table = r.tables[0];
		const mr = option(group.temperature, "Medium rare");
		const rare = option(group.temperature, "Rare");
		const fries = option(group.sides, "Fries");
		const bacon = option(group.sides, "Add bacon");
		let order = await ok(
			post<Order>(
				"/orders",
				{
					tableId: table.id,
					covers: 4,
					items: [
						{ menuItemId: dish.oysters.id, quantity: 2, seat: 1 },
						{ menuItemId: dish.oysters.id, quantity: 1, seat: 2 },
						{
							menuItemId: dish.ribeye.id,
							quantity: 1,
							seat: 2,
							modifiers: [
								{ groupId: group.temperature.id, optionIds: [mr] },
								{ groupId: group.sides.id, optionIds: [fries, bacon] },
							],
						},
						{
							menuItemId: dish.ribeye.id,
							quantity: 1,
							seat: 3,
							modifiers: [{ groupId: group.temperature.id, optionIds: [rare] }],
						},
						{ menuItemId: dish.shortRib.id, quantity: 1, seat: 4 },
						{ menuItemId: dish.tart.id, quantity: 1, seat: 1 },
						{ menuItemId: dish.tart.id, quantity: 1, seat: 4 },
					],
				},
				waiter,
			),
			201,
		);
		assert.equal(order.covers, 4);
		assert.equal(order.type, "dine_in");
		const ribeye2 = line(order, "Ribeye", 2);
		assert.equal(ribeye2.unitPriceCents, 3400 + 400 + 250, "the options are priced into the line");
		assert.deepEqual(
			ribeye2.modifiers.map(m => m.name),
			["Medium rare", "Fries", "Add bacon"],
		);
		const side = order.items.find(i => i.partOf === ribeye2.id)!;
		assert.deepEqual(
			[side.name, side.station, side.unitPriceCents, side.seat],
			["Fries", "fry", 0, 2],
			"the fries go to the fry station",
		);
		// Starters go now; mains and desserts wait for the waiter.
		const heldBy = (course: number) => order.items.filter(i => i.course === course).every(i => i.held);
		assert.deepEqual([heldBy(1), heldBy(2), heldBy(3)], [false, true, true]);
		assert.equal(
			(await post(`/kitchen/tickets/${order.id}/bump?station=grill`, undefined, cook)).status,
			409,
			"held mains cannot be bumped",
		);
		assert.equal((await post(`/kitchen/items/${ribeye2.id}/start`, undefined, cook)).status, 409, "nor started");

		await bumpAll(order.id, ["cold"]);
		order = await serveAll(order.id);
		order = await ok(post<Order>(`/orders/${order.id}/fire`, { course: 2 }, waiter));
		assert.ok(order.items.filter(i => i.course === 2).every(i => !i.held && i.firedAt));
		assert.ok(
			order.items.filter(i => i.course === 3).every(i => i.held),
			"desserts still wait",
		);
		await bumpAll(order.id, ["grill", "fry"]);
		order = await serveAll(order.id);

		// Seat 3's ribeye went back: a remake at no charge, the original kept.
		const rare3 = line(order, "Ribeye", 3);
		order = await ok(post<Order>(`/orders/${order.id}/items/${rare3.id}/remake`, { reason: "overcooked" }, waiter));
		const remake = order.items.find(i => i.remakeOf === rare3.id)!;
		assert.deepEqual([remake.unitPriceCents, remake.status, remake.seat], [0, "queued", 3]);
		books.losses.push({ kind: "remake", name: "Ribeye", quantity: 1, valueCents: 3400, reason: "overcooked" });
		await bumpAll(order.id, ["grill"]);
		order = await serveAll(order.id);

		order = await ok(post<Order>(`/orders/${order.id}/fire`, { course: 3 }, waiter));
		await bumpAll(order.id, ["pastry"]);
		order = await serveAll(order.id);
		// Seat 4's birthday: the manager comps the tart.
		order = await ok(post<Order>(`/orders/${order.id}/items/${line(order, "Tart", 4).id}/comp`, { reason: "birthday" }, admin));
		books.losses.push({ kind: "comp", name: "Tart", quantity: 1, valueCents: 1100, reason: "birthday" });
		assert.equal(line(order, "Tart", 4).unitPriceCents, 0);
		assert.equal(order.status, "served");

		const gross = 3600 + 1800 + 4050 + 3400 + 3200 + 1100;
		assert.equal(order.totalCents, gross);
		sold(dish.oysters.id, 3, 5400);
		sold(dish.ribeye.id, 2, 7450);
		sold(dish.shortRib.id, 1, 3200);
		sold(dish.tart.id, 2, 1100);
		for (const [id, delta] of [
			[mr, 0],
			[rare, 0],
			[fries, 400],
			[bacon, 250],
		] as const)
			soldOption(id, 1, delta);

		// The bill, split by seat: each guest pays their own dishes.
		const bill = await ok(post<Bill>("/billing/bills", { tableId: table.id }, waiter), 201);
		assert.equal(bill.subtotalCents, gross);
		assert.equal(bill.totalCents, totalOf(gross));
		const comp = bill.lines.find(l => l.comp)!;
		assert.deepEqual([comp.name, comp.amountCents, comp.comp!.reason], ["Tart", 0, "birthday"]);
		assert.ok(!bill.lines.some(l => l.name === "Fries"), "the side's price is on its dish, not a line of its own");
		const parts = await ok(post<Bill[]>(`/billing/bills/${bill.id}/split`, { mode: "seats" }, waiter));
		assert.deepEqual(
			parts.map(p => [p.split!.seat, p.subtotalCents]),
			[
				[1, 3600 + 1100],
				[2, 1800 + 4050],
				[3, 3400],
				[4, 3200],
			],
		);
		assert.equal(sum(parts.map(p => p.totalCents)), bill.totalCents, "the seats add up to the bill");
		for (const part of parts) {
			const tip = part.split!.seat === 2 ? 700 : 0;
			await ok(
				post<Payment>(
					`/billing/bills/${part.id}/payments`,
					{ method: "card", amountCents: part.totalCents, tipCents: tip },
					waiter,
				),
				201,
			);
			books.tips += tip;
		}
		books.orders.push({ type: "dine_in", covers: 4, gross, total: bill.totalCents, tableId: table.id });
	});

	it("table two: a partial void, and the short rib's countdown running down", async () => {
		const table = r.tables[1];
		const wellDone = option(group.temperature, "Well done");
		let order = await ok(
			post<Order>(
				"/orders",
				{
					tableId: table.id,
					covers: 2,
					items: [
						{ menuItemId: r.dish.beer.id, quantity: 3 },
						{
							menuItemId: r.dish.steak.id,
							quantity: 1,
							seat: 1,
							modifiers: [{ groupId: group.temperature.id, optionIds: [wellDone] }],
						},
						{ menuItemId: dish.shortRib.id, quantity: 2, seat: 2 },
					],
				},
				waiter,
			),
			201,
		);
		await tablet.waitFor<MenuItem>("menu:update", m => m.id === dish.shortRib.id && m.remaining === 1);
		const beer = line(order, "Beer");
		order = await ok(post<Order>(`/orders/${order.id}/items/${beer.id}/void`, { reason: "changed mind", quantity: 1 }, waiter));
		assert.deepEqual(
			order.items.filter(i => i.name === "Beer").map(i => [i.quantity, i.status]),
			[
				[2, "queued"],
				[1, "voided"],
			],
		);
		books.losses.push({ kind: "void", name: "Beer", quantity: 1, valueCents: 600, reason: "changed mind" });
		assert.ok(line(order, "Short rib").held, "the mains wait for the starters' course");
		order = await ok(post<Order>(`/orders/${order.id}/fire`, { course: 2 }, waiter));
		await bumpAll(order.id, ["bar", "grill"]);
		order = await serveAll(order.id);
		const gross = 1200 + 2800 + 6400;
		assert.equal(order.totalCents, gross);
		sold(r.dish.beer.id, 2, 1200);
		sold(r.dish.steak.id, 1, 2800);
		sold(dish.shortRib.id, 2, 6400);
		soldOption(wellDone, 1, 0);
		const bill = await ok(post<Bill>("/billing/bills", { tableId: table.id }, waiter), 201);
		assert.equal(bill.totalCents, totalOf(gross));
		await ok(post(`/billing/bills/${bill.id}/payments`, { method: "card", amountCents: bill.totalCents, tipCents: 500 }, waiter), 201);
		books.tips += 500;
		books.orders.push({ type: "dine_in", covers: 2, gross, total: bill.totalCents, tableId: table.id });
	});

	it("a takeout takes the last short rib: it sells out live, and the next tablet is told", async () => {
		const pickupAt = new Date(Date.now() + 30 * 60_000).toISOString();
		let order = await ok(
			post<Order>(
				"/orders",
				{ type: "takeout", name: "Kim", pickupAt, items: [{ menuItemId: dish.shortRib.id, quantity: 1 }] },
				waiter,
			),
			201,
		);
		assert.deepEqual([order.type, order.tableId, order.name], ["takeout", null, "Kim"]);
		assert.equal(line(order, "Short rib").held, false, "a takeout's only course goes at once");
		const soldOut = await tablet.waitFor<MenuItem>("menu:update", m => m.id === dish.shortRib.id && m.remaining === 0);
		assert.equal(soldOut.data.available, false);
		const late = await post("/orders", { tableId: r.tables[2].id, items: [{ menuItemId: dish.shortRib.id, quantity: 1 }] }, waiter);
		assert.equal(late.status, 409, JSON.stringify(late.body));
		assert.equal((late.body as { error: { code: string } }).error.code, "ITEM_UNAVAILABLE");

		const tickets = (
			await http.get<{ orderId: string; orderType: string; name: string }[]>("/api/v1/kitchen/tickets?station=grill", cook)
		).body;
		assert.deepEqual(
			tickets.filter(t => t.orderId === order.id).map(t => [t.orderType, t.name]),
			[["takeout", "Kim"]],
		);
		await bumpAll(order.id, ["grill"]);
		order = await serveAll(order.id);
		sold(dish.shortRib.id, 1, 3200);
		const bill = await ok(post<Bill>("/billing/bills", { orderId: order.id }, waiter), 201);
		assert.deepEqual([bill.orderType, bill.name, bill.tableId], ["takeout", "Kim", null]);
		await ok(post(`/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: bill.totalCents }, waiter), 201);
		books.orders.push({ type: "takeout", covers: 0, gross: 3200, total: bill.totalCents, tableId: null });
	});

	it("a bar tab: two rounds on a name, then its own bill", async () => {
		let order = await ok(
			post<Order>("/orders", { type: "bar_tab", name: "Sam", items: [{ menuItemId: r.dish.beer.id, quantity: 2 }] }, waiter),
			201,
		);
		await bumpAll(order.id, ["bar"]);
		order = await ok(post<Order>(`/orders/${order.id}/items`, { items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] }, waiter));
		await bumpAll(order.id, ["bar"]);
		order = await serveAll(order.id);
		sold(r.dish.beer.id, 3, 1800);
		const bill = await ok(post<Bill>("/billing/bills", { orderId: order.id }, waiter), 201);
		assert.deepEqual([bill.orderType, bill.name, bill.subtotalCents], ["bar_tab", "Sam", 1800]);
		await ok(post(`/billing/bills/${bill.id}/payments`, { method: "card", amountCents: bill.totalCents, tipCents: 200 }, waiter), 201);
		books.tips += 200;
		books.orders.push({ type: "bar_tab", covers: 0, gross: 1800, total: bill.totalCents, tableId: null });
	});

	const range = () => {
		const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString("en-CA", { timeZone: TIMEZONE });
		return `from=${day(-1)}&to=${day(1)}`;
	};
	const report = <T>(name: string) => http.get<T>(`/api/v1/reports/${name}?${range()}`, admin).then(res => res.body);

	it("the summary: sales by type, covers, average check and per cover, to the cent", async () => {
		type Summary = {
			orders: number;
			covers: number;
			grossCents: number;
			netCents: number;
			avgCheckCents: number;
			avgCheckPerCoverCents: number;
			byType: { type: string; orders: number; covers: number; grossCents: number; netCents: number }[];
			comps: { lines: number; valueCents: number };
			remakes: { lines: number; valueCents: number };
			voids: { lines: number; quantity: number; valueCents: number };
		};
		const gross = sum(books.orders.map(o => o.gross));
		const summary = await until(
			"the summary has every settled order",
			async () => {
				const s = await report<Summary>("summary");
				return s.orders === books.orders.length && s.grossCents === gross ? s : false;
			},
			20_000,
		);
		const covers = sum(books.orders.map(o => o.covers));
		const dineInNet = sum(books.orders.filter(o => o.type === "dine_in").map(o => o.gross));
		assert.deepEqual(
			{ covers: summary.covers, netCents: summary.netCents, avgCheckCents: summary.avgCheckCents },
			{ covers, netCents: gross, avgCheckCents: Math.round(gross / books.orders.length) },
		);
		assert.equal(summary.avgCheckPerCoverCents, Math.round(dineInNet / covers));
		const byType = Object.fromEntries(summary.byType.map(t => [t.type, [t.orders, t.covers, t.grossCents]]));
		assert.deepEqual(byType, {
			dine_in: [2, 6, dineInNet],
			takeout: [1, 0, 3200],
			bar_tab: [1, 0, 1800],
		});
		assert.deepEqual(summary.comps, { lines: 1, valueCents: 1100 });
		assert.deepEqual(summary.remakes, { lines: 1, valueCents: 3400 });
		assert.deepEqual(summary.voids, { lines: 1, quantity: 1, valueCents: 600 });
	});

	it("sales, best-sellers and the option mix match the books", async () => {
		type Sales = { orders: number; grossCents: number; tipCents: number; covers: number };
		const sales = await report<Sales[]>("sales");
		assert.deepEqual(
			{
				orders: sum(sales.map(s => s.orders)),
				grossCents: sum(sales.map(s => s.grossCents)),
				tipCents: sum(sales.map(s => s.tipCents)),
				covers: sum(sales.map(s => s.covers)),
			},
			{
				orders: books.orders.length,
				grossCents: sum(books.orders.map(o => o.gross)),
				tipCents: books.tips,
				covers: sum(books.orders.map(o => o.covers)),
			},
		);
		const best = await report<{ menuItemId: string; quantity: number; grossCents: number }[]>("best-sellers");
		assert.deepEqual(
			Object.fromEntries(best.map(b => [b.menuItemId, { quantity: b.quantity, gross: b.grossCents }])),
			Object.fromEntries(books.dishes),
			"sides and the remake are not sales; the comped tart counts at 0",
		);
		const mix = await report<{ optionId: string; quantity: number; deltaCents: number }[]>("modifiers");
		assert.deepEqual(
			Object.fromEntries(mix.map(m => [m.optionId, { quantity: m.quantity, deltaCents: m.deltaCents }])),
			Object.fromEntries(books.options),
		);
	});

	it("comps, remakes and voids are each on the losses report with value and reason", async () => {
		const losses =
			await report<{ kind: string; name: string; quantity: number; valueCents: number; reason: string; by: string }[]>("losses");
		const key = (l: { kind: string; name: string }) => `${l.kind}:${l.name}`;
		assert.deepEqual(
			losses
				.map(l => ({ kind: l.kind, name: l.name, quantity: l.quantity, valueCents: l.valueCents, reason: l.reason }))
				.sort((a, b) => key(a).localeCompare(key(b))),
			[...books.losses].sort((a, b) => key(a).localeCompare(key(b))),
		);
		assert.ok(
			losses.every(l => l.by),
			"who, every time",
		);
	});

	it("table turns and covers per table; every table ends free", async () => {
		const tables =
			await report<{ tableId: string; turns: number; covers: number; avgTurnSeconds: number; grossCents: number }[]>("tables");
		for (const o of books.orders.filter(o => o.type === "dine_in")) {
			const row = tables.find(t => t.tableId === o.tableId);
			assert.ok(row, `a row for ${o.tableId}`);
			assert.deepEqual([row.turns, row.covers, row.grossCents], [1, o.covers, o.gross]);
			assert.ok(row.avgTurnSeconds > 0 && row.avgTurnSeconds < 600, `turn time ${row.avgTurnSeconds} s`);
		}
		await until("every table is free again", async () => {
			const all = (await http.get<{ id: string; status: string }[]>("/api/v1/tables", waiter)).body;
			return r.tables.every(t => all.find(x => x.id === t.id)?.status === "available");
		});
		const orders = (await http.get<Order[]>("/api/v1/orders?limit=50", admin)).body;
		assert.ok(
			orders.every(o => o.status === "paid"),
			orders.map(o => `${o.type} ${o.status}`).join(", "),
		);
		assert.ok(orders.flatMap(o => o.items).every((i: OrderItem) => !i.held));
	});
});
