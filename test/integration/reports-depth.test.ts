// The reports of a deeper evening (issue 15), driven through HTTP: a dine-in of three guests with seats and options
// (a side cooked at the fryer), a partial void, a remake and a comp, split by seats and paid; a takeout paid on its
// own bill; a bar tab whose soup waits for its course to be fired. Every figure — sales, the summary by order type,
// covers, checks per cover, turn time, the options sold, the tables, the losses, best-sellers — is checked to the
// cent against the test's own books; then every event the order and billing services recorded is delivered to the
// reports again and nothing changes.
import crypto from "node:crypto";
import { isDeepStrictEqual } from "node:util";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { DbMethods } from "../../mixins/db.mixin";
import type { Bill, DomainEvent, ModifierGroup, Order, Payment } from "../../contracts";

async function ok<T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
	const res = await p;
	assert.equal(res.status, status, JSON.stringify(res.body));
	return res.body;
}

/** The test's own rounding of a positive amount to the cent: half up, as a till rounds. */
const round = (x: number) => Math.round(x);

interface Summary {
	orders: number;
	covers: number;
	grossCents: number;
	netCents: number;
	avgCheckCents: number | null;
	avgCheckPerCoverCents: number | null;
	avgTurnSeconds: number | null;
	byType: { type: string; orders: number; covers: number; grossCents: number; netCents: number }[];
	comps: { lines: number; valueCents: number };
	remakes: { lines: number; valueCents: number };
	voids: { lines: number; quantity: number; valueCents: number };
}

describe(`reports of an evening with covers, seats, options, order types and losses — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	const started = new Date(Date.now() - 60_000).toISOString();
	const range = () => `from=${encodeURIComponent(started)}&to=${encodeURIComponent(new Date(Date.now() + 3_600_000).toISOString())}`;
	const report = <T>(name: string, query = "") => ok(http.get<T>(`/api/v1/reports/${name}?${range()}${query}`, { token: r.token.admin }));

	// The evening as it happened, filled in by the first test and checked by the others.
	const books = {
		dineIn: undefined as unknown as Order,
		takeout: undefined as unknown as Order,
		tab: undefined as unknown as Order,
		dineInPaid: undefined as unknown as Order,
		remadeLine: "",
		compedLine: "",
		voidedLine: "",
		option: {} as Record<"bacon" | "cheese" | "medium" | "fries", string>,
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 1);
	});
	after(() => cluster?.stop());

	const group = async (body: unknown) =>
		ok(http.post<ModifierGroup>("/api/v1/menu/modifier-groups", body, { token: r.token.admin }), 201);
	const optionOf = (g: ModifierGroup, name: string) => g.options.find(o => o.name === name)!.id;
	const kitchenDone = async (orderId: string) => {
		await ok(http.post(`/api/v1/kitchen/tickets/${orderId}/bump`, undefined, { token: r.token.kitchen }));
		return ok(http.post<Order>(`/api/v1/orders/${orderId}/serve`, undefined, { token: r.token.staff }));
	};

	it("an evening: a dine-in of three with seats and options, a partial void, a remake and a comp, split by seats; a takeout; a bar tab with a held course", async () => {
		const extras = await group({
			name: "Extras",
			required: false,
			minChoices: 0,
			maxChoices: 2,
			options: [
				{ name: "Bacon", priceDeltaCents: 250 },
				{ name: "Cheese", priceDeltaCents: 150 },
			],
		});
		const temperature = await group({
			name: "Temperature",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [
				{ name: "Rare", priceDeltaCents: 0 },
				{ name: "Medium", priceDeltaCents: 0 },
			],
		});
		const sides = await group({
			name: "Sides",
			required: false,
			minChoices: 0,
			maxChoices: 1,
			options: [{ name: "Fries", priceDeltaCents: 0, station: "fryer" }],
		});
		books.option = {
			bacon: optionOf(extras, "Bacon"),
			cheese: optionOf(extras, "Cheese"),
			medium: optionOf(temperature, "Medium"),
			fries: optionOf(sides, "Fries"),
		};
		const { burger, steak, salad, soup, beer } = r.dish;
		await ok(http.patch(`/api/v1/menu/items/${burger.id}`, { modifierGroupIds: [extras.id] }, { token: r.token.admin }));
		await ok(http.patch(`/api/v1/menu/items/${steak.id}`, { modifierGroupIds: [temperature.id, sides.id] }, { token: r.token.admin }));

		// Table 1, told two guests at first: seat 1 two burgers with bacon, seat 2 a medium steak with fries (cooked at
		// the fryer: a side line of its own), seat 3 three salads, and two beers for the table.
		const [table] = r.tables;
		let dineIn = await ok(
			http.post<Order>(
				"/api/v1/orders",
				{
					tableId: table.id,
					covers: 2,
					items: [
						{
							menuItemId: burger.id,
							quantity: 2,
							seat: 1,
							modifiers: [{ groupId: extras.id, optionIds: [books.option.bacon] }],
						},
						{
							menuItemId: steak.id,
							quantity: 1,
							seat: 2,
							modifiers: [
								{ groupId: temperature.id, optionIds: [books.option.medium] },
								{ groupId: sides.id, optionIds: [books.option.fries] },
							],
						},
						{ menuItemId: salad.id, quantity: 3, seat: 3 },
						{ menuItemId: beer.id, quantity: 2 },
					],
				},
				{ token: r.token.staff },
			),
			201,
		);
		assert.deepEqual(
			dineIn.items.map(i => [i.name, i.quantity, i.unitPriceCents, i.seat, Boolean(i.partOf)]),
			[
				["Burger", 2, 1450 + 250, 1, false],
				["Steak", 1, 2800, 2, false],
				["Fries", 1, 0, 2, true],
				["Salad", 3, 900, 3, false],
				["Beer", 2, 600, null, false],
			],
		);
		const [burgers, , , salads, beers] = dineIn.items;
		// A third guest sits down.
		dineIn = await ok(http.patch<Order>(`/api/v1/orders/${dineIn.id}`, { covers: 3 }, { token: r.token.staff }));
		assert.equal(dineIn.covers, 3);
		// One salad was never wanted: voided before the kitchen started it.
		dineIn = await ok(
			http.post<Order>(
				`/api/v1/orders/${dineIn.id}/items/${salads.id}/void`,
				{ quantity: 1, reason: "changed mind" },
				{ token: r.token.staff },
			),
		);
		const voided = dineIn.items.find(i => i.status === "voided" && i.name === "Salad")!;
		assert.equal(voided.quantity, 1);
		books.voidedLine = voided.id;
		dineIn = await kitchenDone(dineIn.id);
		// The burgers come back overcooked: remade (priced 0, the kitchen's loss); the beers are on the house.
		dineIn = await ok(
			http.post<Order>(`/api/v1/orders/${dineIn.id}/items/${burgers.id}/remake`, { reason: "overcooked" }, { token: r.token.staff }),
		);
		books.remadeLine = dineIn.items.find(i => i.remakeOf === burgers.id)!.id;
		dineIn = await ok(
			http.post<Order>(`/api/v1/orders/${dineIn.id}/items/${beers.id}/comp`, { reason: "birthday" }, { token: r.token.admin }),
		);
		books.compedLine = beers.id;
		dineIn = await kitchenDone(dineIn.id);
		books.dineIn = dineIn;

		// The bill: 34.00 + 28.00 + 18.00 + 0.00 (comped), 6.50 off, split by seats and paid part by part.
		const bill = await ok(http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff }), 201);
		assert.equal(bill.subtotalCents, 3400 + 2800 + 1800);
		await ok(
			http.post(`/api/v1/billing/bills/${bill.id}/discount`, { amountCents: 650, reason: "regulars" }, { token: r.token.admin }),
		);
		const parts = await ok(http.post<Bill[]>(`/api/v1/billing/bills/${bill.id}/split`, { mode: "seats" }, { token: r.token.staff }));
		assert.deepEqual(
			parts.map(p => p.split?.seat),
			[1, 2, 3],
		);
		for (const p of parts)
			await ok(
				http.post<Payment>(
					`/api/v1/billing/bills/${p.id}/payments`,
					{ method: "cash", amountCents: p.totalCents },
					{ token: r.token.staff },
				),
				201,
			);

		// A takeout for Kim: a burger with cheese and a soup, on its own bill.
		let takeout = await ok(
			http.post<Order>(
				"/api/v1/orders",
				{
					type: "takeout",
					name: "Kim",
					pickupAt: new Date(Date.now() + 30 * 60_000).toISOString(),
					items: [
						{ menuItemId: burger.id, quantity: 1, modifiers: [{ groupId: extras.id, optionIds: [books.option.cheese] }] },
						{ menuItemId: soup.id, quantity: 1 },
					],
				},
				{ token: r.token.staff },
			),
			201,
		);
		takeout = await kitchenDone(takeout.id);
		books.takeout = takeout;
		const own = await ok(http.post<Bill>("/api/v1/billing/bills", { orderId: takeout.id }, { token: r.token.staff }), 201);
		assert.equal(own.subtotalCents, 1600 + 650);
		await ok(
			http.post(
				`/api/v1/billing/bills/${own.id}/payments`,
				{ method: "card", amountCents: own.totalCents },
				{ token: r.token.staff },
			),
			201,
		);

		// Sam's bar tab: a beer now, a soup held for the second course and fired once the beer is served.
		let tab = await ok(
			http.post<Order>(
				"/api/v1/orders",
				{
					type: "bar_tab",
					name: "Sam",
					items: [
						{ menuItemId: beer.id, quantity: 1 },
						{ menuItemId: soup.id, quantity: 1, course: 2 },
					],
				},
				{ token: r.token.staff },
			),
			201,
		);
		assert.deepEqual(
			tab.items.map(i => [i.name, i.held]),
			[
				["Beer", false],
				["Soup", true],
			],
		);
		tab = await kitchenDone(tab.id);
		await new Promise(resolve => setTimeout(resolve, 200));
		await ok(http.post<Order>(`/api/v1/orders/${tab.id}/fire`, { course: 2 }, { token: r.token.staff }));
		tab = await kitchenDone(tab.id);
		books.tab = tab;
		const tabBill = await ok(http.post<Bill>("/api/v1/billing/bills", { orderId: tab.id }, { token: r.token.staff }), 201);
		assert.equal(tabBill.subtotalCents, 600 + 650);
		await ok(
			http.post(
				`/api/v1/billing/bills/${tabBill.id}/payments`,
				{ method: "cash", amountCents: tabBill.totalCents },
				{ token: r.token.staff },
			),
			201,
		);

		books.dineInPaid = await until(
			"the dine-in order paid",
			async () => {
				const o = await ok(http.get<Order>(`/api/v1/orders/${dineIn.id}`, { token: r.token.staff }));
				return o.status === "paid" && o;
			},
			20_000,
		);
		await until(
			"the takeout paid",
			async () => (await ok(http.get<Order>(`/api/v1/orders/${takeout.id}`, { token: r.token.staff }))).status === "paid",
			20_000,
		);
		await until(
			"the tab paid",
			async () => (await ok(http.get<Order>(`/api/v1/orders/${tab.id}`, { token: r.token.staff }))).status === "paid",
			20_000,
		);
	});

	// The books: dine-in 34.00 + 28.00 + 18.00 (+ comped beers 0) less 6.50; takeout 16.00 + 6.50; tab 6.00 + 6.50.
	const DINE_IN_GROSS = 2 * 1700 + 2800 + 2 * 900;
	const DISCOUNT = 650;
	const TAKEOUT_GROSS = 1600 + 650;
	const TAB_GROSS = 600 + 650;
	const GROSS = DINE_IN_GROSS + TAKEOUT_GROSS + TAB_GROSS;
	// Opened → paid, to a tenth of a second (from whole milliseconds: tenths are hundreds of them).
	const turn = () => Math.round((Date.parse(books.dineInPaid.updatedAt) - Date.parse(books.dineIn.createdAt)) / 100) / 10;

	it("the summary: orders, covers, gross and net by order type, checks, per cover, turn time and losses", async () => {
		const net = GROSS - DISCOUNT;
		const expected: Summary = {
			orders: 3,
			covers: 3,
			grossCents: GROSS,
			netCents: net,
			avgCheckCents: round(net / 3),
			// The takeout and the tab told no covers: per cover is the dine-in's net over its three guests.
			avgCheckPerCoverCents: round((DINE_IN_GROSS - DISCOUNT) / 3),
			avgTurnSeconds: turn(),
			byType: [
				{ type: "dine_in", orders: 1, covers: 3, grossCents: DINE_IN_GROSS, netCents: DINE_IN_GROSS - DISCOUNT },
				{ type: "takeout", orders: 1, covers: 0, grossCents: TAKEOUT_GROSS, netCents: TAKEOUT_GROSS },
				{ type: "bar_tab", orders: 1, covers: 0, grossCents: TAB_GROSS, netCents: TAB_GROSS },
			],
			comps: { lines: 1, valueCents: 2 * 600 },
			remakes: { lines: 1, valueCents: 2 * 1700 },
			voids: { lines: 1, quantity: 1, valueCents: 900 },
		};
		const summary = await until(
			"the summary to catch up",
			async () => {
				const s = await report<Summary>("summary");
				return isDeepStrictEqual(s, expected) && s;
			},
			20_000,
		).catch(async err => {
			assert.deepEqual(await report<Summary>("summary"), expected, String(err));
			throw err;
		});
		assert.ok(summary.avgTurnSeconds! > 0);
	});

	it("sales rows carry covers beside the orders and money", async () => {
		const rows =
			await report<{ orders: number; covers: number; grossCents: number; discountCents: number; netCents: number }[]>("sales");
		const sum = (k: "orders" | "covers" | "grossCents" | "discountCents" | "netCents") => rows.reduce((s, x) => s + x[k], 0);
		assert.deepEqual(
			{
				orders: sum("orders"),
				covers: sum("covers"),
				gross: sum("grossCents"),
				discount: sum("discountCents"),
				net: sum("netCents"),
			},
			{ orders: 3, covers: 3, gross: GROSS, discount: DISCOUNT, net: GROSS - DISCOUNT },
		);
	});

	it("the options sold: each counted per portion, with what its price added (remakes and sides sell nothing)", async () => {
		assert.deepEqual(await report("modifiers"), [
			{ optionId: books.option.bacon, groupName: "Extras", name: "Bacon", quantity: 2, deltaCents: 2 * 250 },
			{ optionId: books.option.cheese, groupName: "Extras", name: "Cheese", quantity: 1, deltaCents: 150 },
			{ optionId: books.option.fries, groupName: "Sides", name: "Fries", quantity: 1, deltaCents: 0 },
			{ optionId: books.option.medium, groupName: "Temperature", name: "Medium", quantity: 1, deltaCents: 0 },
		]);
		assert.equal((await report<unknown[]>("modifiers", "&limit=1")).length, 1);
	});

	it("the tables: turns, covers, turn time, gross and per cover; the takeout turns no table", async () => {
		const [table] = r.tables;
		assert.deepEqual(await report("tables"), [
			{
				tableId: table.id,
				tableName: table.name,
				turns: 1,
				covers: 3,
				avgTurnSeconds: turn(),
				grossCents: DINE_IN_GROSS,
				avgCheckPerCoverCents: round((DINE_IN_GROSS - DISCOUNT) / 3),
			},
		]);
	});

	it("the losses: the comp at what it would have cost, the remake at the list price, the partial void's part", async () => {
		type Loss = {
			kind: string;
			orderId: string;
			itemId: string;
			name: string;
			quantity: number;
			valueCents: number;
			reason: string;
			by: string;
		};
		const rows = await report<(Loss & { at: string; byName: string; label: string })[]>("losses");
		assert.deepEqual(
			rows.map(({ kind, orderId, itemId, name, quantity, valueCents, reason, by }) => ({
				kind,
				orderId,
				itemId,
				name,
				quantity,
				valueCents,
				reason,
				by,
			})),
			[
				{
					kind: "comp",
					orderId: books.dineIn.id,
					itemId: books.compedLine,
					name: "Beer",
					quantity: 2,
					valueCents: 1200,
					reason: "birthday",
					by: r.userId.admin,
				},
				{
					kind: "remake",
					orderId: books.dineIn.id,
					itemId: books.remadeLine,
					name: "Burger",
					quantity: 2,
					valueCents: 3400,
					reason: "overcooked",
					by: r.userId.staff,
				},
				{
					kind: "void",
					orderId: books.dineIn.id,
					itemId: books.voidedLine,
					name: "Salad",
					quantity: 1,
					valueCents: 900,
					reason: "changed mind",
					by: r.userId.staff,
				},
			],
			"newest first",
		);
		const [table] = r.tables;
		assert.ok(rows.every(x => x.label === `Table ${table.name}`));
		assert.equal(rows[1].byName, "A staff");
		assert.deepEqual(
			(await report<Loss[]>("losses", "&kind=void")).map(x => x.itemId),
			[books.voidedLine],
		);
	});

	it("best-sellers count sold lines only: a comp sells at 0, remakes and sides are not sold", async () => {
		assert.deepEqual(
			(await report<{ name: string; quantity: number; grossCents: number }[]>("best-sellers")).map(x => [
				x.name,
				x.quantity,
				x.grossCents,
			]),
			[
				["Burger", 3, 3400 + 1600],
				["Beer", 2 + 1, 0 + 600],
				["Salad", 2, 1800],
				["Soup", 1 + 1, 650 + 650],
				["Steak", 1, 2800],
			],
		);
	});

	it("a held line's kitchen time starts when its course is fired, not when it was ordered", async () => {
		const soup = books.tab.items.find(i => i.name === "Soup")!;
		assert.ok(Date.parse(soup.firedAt!) - Date.parse(soup.createdAt) >= 200, JSON.stringify(soup));
		const reporting = cluster.brokerOf("reporting").getLocalService("reporting") as unknown as DbMethods;
		const [times] = await reporting.table("item_times").where({ item_id: soup.id });
		assert.equal(new Date(times.queued_at).toISOString(), soup.firedAt);
		assert.equal(times.held, false);
	});

	it("the new reports are an admin's, and their queries are checked like the others'", async () => {
		for (const name of ["summary", "modifiers", "tables", "losses"]) {
			assert.equal((await http.get(`/api/v1/reports/${name}`, { token: r.token.staff })).status, 403, name);
		}
		for (const [path, field] of [
			["modifiers?limit=0", "limit"],
			["modifiers?limit=201", "limit"],
			["losses?kind=waste", "kind"],
			["losses?limit=1001", "limit"],
			["tables?from=2026-11-23&to=2026-11-22", "from"],
			["summary?to=3000-01-01", "to"],
		]) {
			const res = await http.get<{ error: { details: { field: string }[] } }>(`/api/v1/reports/${path}`, { token: r.token.admin });
			assert.equal(res.status, 400, `${path}: ${JSON.stringify(res.body)}`);
			assert.equal(res.body.error.details[0].field, field, path);
		}
	});

	it("every order and billing event delivered again (and, under new ids, late and in reverse) changes no figure", async () => {
		const everything = async () =>
			Promise.all(
				["sales", "summary", "modifiers", "tables", "losses", "best-sellers", "kitchen", "staff"].map(name => report(name)),
			);
		const auditTrail = () => report("audit", "&kind=money");
		const before = await everything();
		const auditBefore = await auditTrail();

		const reporting = cluster.brokerOf("reporting").getLocalService("reporting") as unknown as DbMethods & {
			schema: { channels: Record<string, { handler: (ctx: { params: DomainEvent }) => Promise<void> }> };
		};
		const recorded = async (service: "order" | "billing") => {
			const svc = cluster.brokerOf(service).getLocalService(service) as unknown as DbMethods;
			const rows: { payload: string | DomainEvent }[] = await svc.table("outbox").orderBy("seq");
			return rows.map(x => (typeof x.payload === "string" ? (JSON.parse(x.payload) as DomainEvent) : x.payload));
		};
		const events = [...(await recorded("order")), ...(await recorded("billing"))].filter(e => reporting.schema.channels[e.type]);
		assert.ok(events.length >= 10, `only ${events.length} events`);
		const deliver = (e: DomainEvent) => reporting.schema.channels[e.type].handler.call(reporting, { params: e });
		const inbox = async () => (await reporting.table("inbox").count<{ count: string | number }[]>({ count: "*" }))[0].count;

		// A redelivery: the same events, the same ids.
		const seen = Number(await inbox());
		for (const e of events) await deliver(e);
		assert.equal(Number(await inbox()), seen, "a redelivery is not a new event");
		assert.deepEqual(await everything(), before);
		assert.deepEqual(await auditTrail(), auditBefore);

		// The same facts again under new ids, newest first: older snapshots arriving late never win, and a comp, a
		// remake, a void or a sale counted once stays counted once.
		for (const e of [...events].reverse()) await deliver({ ...e, eventId: crypto.randomUUID() });
		assert.deepEqual(await everything(), before);
	});
});
