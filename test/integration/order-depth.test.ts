// Orders for issue 15 through the gateway (API.md "Orders, deeper"): takeouts and bar tabs (no table) beside
// dine-in, covers and seats; modifiers checked against the item's groups (400 naming the line and the group, 409
// for an 86'd option), priced with their deltas and copied in the menu's order; a side cooked at another station
// as a line of its own; a void of part of a line (its side with it); comps (admin) and remakes; PATCH of who the
// order is for. Two tablets at once on one line (a comp against a void, a partial void against a serve): one
// happens first, nothing is counted twice — on PostgreSQL in the distributed pass. (The rules behind them are
// unit-tested in services/order/{pricing,line-changes,details,rules}.test.ts.)
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { DbMethods, DomainEvent } from "../../mixins/db.mixin";
import type { MenuItem, ModifierGroup, Order, OrderUpdated, Table, Ticket } from "../../contracts";

interface Line {
	menuItemId: string;
	quantity: number;
	seat?: number;
	course?: number;
	notes?: string;
	modifiers?: { groupId: string; optionIds: string[] }[];
}

describe(`orders, deeper: types, seats, modifiers, partial voids, comps, remakes — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let n = 0;
	let burger: MenuItem;
	let temperature: ModifierGroup;
	let extras: ModifierGroup;
	let side: ModifierGroup;

	const staff = () => ({ token: r.token.staff });
	const admin = () => ({ token: r.token.admin });
	const expectError = (res: Reply, status: number, code: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const expect400 = (res: Reply, field: string) => {
		assert.equal(res.status, 400, JSON.stringify(res.body));
		assert.ok(
			(res.body.error.details as { field: string }[]).some(d => d.field === field),
			`names ${field}: ${JSON.stringify(res.body.error)}`,
		);
	};
	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Deep ${++n}`, seats: 6 }, admin());
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const place = (body: Record<string, unknown>): Promise<Reply> => http.post("/api/v1/orders", body, staff());
	const placed = async (body: Record<string, unknown>): Promise<Order> => {
		const res = await place(body);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const dineIn = async (items: Line[], extra: Record<string, unknown> = {}) =>
		placed({ tableId: (await freshTable()).id, items, ...extra });
	const tableStatus = async (id: string) => (await http.get<Table[]>("/api/v1/tables", staff())).body.find(t => t.id === id)?.status;
	const getOrder = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, staff())).body;
	const kitchen = (action: "start" | "ready", itemId: string) =>
		http.post(`/api/v1/kitchen/items/${itemId}/${action}`, undefined, { token: r.token.kitchen });
	const voidLine = (orderId: string, itemId: string, body: Record<string, unknown>, token = r.token.staff) =>
		http.post<Order>(`/api/v1/orders/${orderId}/items/${itemId}/void`, { reason: "sent back", ...body }, { token });
	const comp = (orderId: string, itemId: string, token = r.token.admin) =>
		http.post<Order>(`/api/v1/orders/${orderId}/items/${itemId}/comp`, { reason: "birthday" }, { token });
	const remake = (orderId: string, itemId: string, token = r.token.staff) =>
		http.post<Order>(`/api/v1/orders/${orderId}/items/${itemId}/remake`, { reason: "dropped on the floor" }, { token });
	const soon = (minutes: number) => new Date(Date.now() + minutes * 60_000).toISOString();
	const medium = () => ({ groupId: temperature.id, optionIds: [temperature.options[1].id] });
	/** The order.updated events the order service recorded for an order, oldest first. */
	const eventsOf = async (orderId: string): Promise<OrderUpdated[]> => {
		const orders = cluster.brokerOf("order").getLocalService("order") as unknown as DbMethods;
		const rows: { payload: DomainEvent<OrderUpdated> | string }[] = await orders
			.table("outbox")
			.where({ topic: "order.updated" })
			.whereRaw("payload->'data'->'order'->>'id' = ?", [orderId])
			.orderBy("seq");
		return rows.map(row => (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload).data);
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 0);
		const group = async (body: Record<string, unknown>) => {
			const res = await http.post<ModifierGroup>("/api/v1/menu/modifier-groups", body, admin());
			assert.equal(res.status, 201, JSON.stringify(res.body));
			return res.body;
		};
		temperature = await group({
			name: "Temperature",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [{ name: "Rare" }, { name: "Medium" }, { name: "Well done" }],
		});
		extras = await group({
			name: "Extras",
			maxChoices: 2,
			options: [
				{ name: "Bacon", priceDeltaCents: 200 },
				{ name: "No cheese", priceDeltaCents: -50 },
				{ name: "Gold leaf", priceDeltaCents: 5000 },
			],
		});
		side = await group({
			name: "Side",
			maxChoices: 1,
			options: [{ name: "Fries", priceDeltaCents: 300, station: "fryer" }, { name: "Green salad" }],
		});
		const res = await http.patch<MenuItem>(
			`/api/v1/menu/items/${r.dish.burger.id}`,
			{ modifierGroupIds: [temperature.id, extras.id, side.id] },
			admin(),
		);
		assert.equal(res.status, 200, JSON.stringify(res.body));
		burger = res.body;
	});
	after(() => cluster?.stop());

	describe("order types", () => {
		it("a takeout has a name and a pickup time and no table; a bar tab a name; dine-in a table; GET /orders?type= lists each", async () => {
			const pickupAt = soon(45);
			const takeout = await placed({
				type: "takeout",
				name: "Kim",
				pickupAt,
				covers: 2,
				items: [{ menuItemId: r.dish.salad.id, quantity: 1 }],
			});
			assert.deepEqual(
				[takeout.type, takeout.tableId, takeout.tableName, takeout.name, takeout.pickupAt, takeout.covers],
				["takeout", null, null, "Kim", pickupAt, 2],
			);
			const tab = await placed({ type: "bar_tab", name: "Sam", items: [{ menuItemId: r.dish.beer.id, quantity: 2 }] });
			assert.deepEqual([tab.type, tab.tableId, tab.name, tab.pickupAt, tab.covers], ["bar_tab", null, "Sam", null, null]);
			// A second tab (and a second takeout) never collides with the first: they have no table to share.
			await placed({ type: "bar_tab", name: "Alex", items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] });
			const table = await freshTable();
			const dine = await placed({ tableId: table.id, covers: 4, items: [{ menuItemId: r.dish.soup.id, quantity: 4 }] });
			assert.deepEqual([dine.type, dine.tableId, dine.tableName, dine.covers, dine.name], ["dine_in", table.id, table.name, 4, null]);

			const list = async (type: string) => (await http.get<Order[]>(`/api/v1/orders?type=${type}`, staff())).body;
			assert.ok((await list("takeout")).every(o => o.type === "takeout"));
			assert.ok((await list("takeout")).some(o => o.id === takeout.id));
			assert.deepEqual((await list("bar_tab")).map(o => o.name).sort(), ["Alex", "Sam"]);
			assert.ok(!(await list("dine_in")).some(o => o.type !== "dine_in"));
			expect400(await http.get("/api/v1/orders?type=delivery", staff()), "type");
			// A takeout's kitchen ticket says whose it is.
			await until("the takeout's ticket", async () =>
				(await http.get<Ticket[]>("/api/v1/kitchen/tickets?station=cold", { token: r.token.kitchen })).body.find(
					t => t.orderId === takeout.id && t.name === "Kim" && t.orderType === "takeout",
				),
			);
		});

		it("each type's fields: one missing or out of place is a 400 naming it, and nothing is written", async () => {
			const items = [{ menuItemId: r.dish.beer.id, quantity: 1 }];
			const before = (await http.get<Order[]>("/api/v1/orders?limit=500", staff())).body.length;
			const table = await freshTable();
			const cases: [Record<string, unknown>, string][] = [
				[{ items }, "tableId"],
				[{ type: "dine_in", tableId: table.id, pickupAt: soon(30), items }, "pickupAt"],
				[{ type: "takeout", pickupAt: soon(30), items }, "name"],
				[{ type: "takeout", name: "Kim", items }, "pickupAt"],
				[{ type: "takeout", name: "Kim", pickupAt: soon(30), tableId: table.id, items }, "tableId"],
				[{ type: "takeout", name: "Kim", pickupAt: soon(60 * 24 * 8), items }, "pickupAt"],
				[{ type: "takeout", name: "Kim", pickupAt: "tomorrow at 7", items }, "pickupAt"],
				[{ type: "bar_tab", items }, "name"],
				[{ type: "bar_tab", name: "", items }, "name"],
				[{ type: "bar_tab", name: "x".repeat(61), items }, "name"],
				[{ type: "bar_tab", name: "Sam", tableId: table.id, items }, "tableId"],
				[{ type: "delivery", name: "Sam", items }, "type"],
				[{ tableId: table.id, covers: 0, items }, "covers"],
				[{ tableId: table.id, covers: 100, items }, "covers"],
				[{ tableId: table.id, covers: "4", items }, "covers"],
			];
			for (const [body, field] of cases) expect400(await place(body), field);
			assert.equal((await http.get<Order[]>("/api/v1/orders?limit=500", staff())).body.length, before);
			assert.equal(await tableStatus(table.id), "available");
		});
	});

	describe("seats and modifiers", () => {
		it("choices are priced with their deltas and copied in the menu's order; seats are kept; a side is its own line at its station", async () => {
			const [rare] = temperature.options;
			const [bacon, noCheese] = extras.options;
			const [fries] = side.options;
			const o = await dineIn([
				{
					menuItemId: burger.id,
					quantity: 2,
					seat: 1,
					modifiers: [
						{ groupId: side.id, optionIds: [fries.id] },
						{ groupId: extras.id, optionIds: [noCheese.id, bacon.id] },
						{ groupId: temperature.id, optionIds: [rare.id] },
					],
				},
				{ menuItemId: burger.id, quantity: 1, seat: 2, modifiers: [medium()] },
				{ menuItemId: r.dish.beer.id, quantity: 2 },
			]);
			const [first, fryerSide, second, beer] = o.items;
			assert.equal(first.unitPriceCents, 1450 + 300 + 200 - 50);
			assert.deepEqual(
				first.modifiers.map(m => [m.groupName, m.name, m.priceDeltaCents]),
				[
					["Temperature", "Rare", 0],
					["Extras", "Bacon", 200],
					["Extras", "No cheese", -50],
					["Side", "Fries", 300],
				],
			);
			assert.deepEqual(
				[
					fryerSide.name,
					fryerSide.station,
					fryerSide.quantity,
					fryerSide.unitPriceCents,
					fryerSide.partOf,
					fryerSide.optionId,
					fryerSide.seat,
				],
				["Fries", "fryer", 2, 0, first.id, fries.id, 1],
			);
			assert.deepEqual([second.seat, second.unitPriceCents, beer.seat, beer.modifiers], [2, 1450, null, []]);
			assert.equal(o.totalCents, 2 * 1900 + 1450 + 2 * 600);
			// The fryer cooks the side from its own ticket.
			await until("the fryer's ticket", async () =>
				(await http.get<Ticket[]>("/api/v1/kitchen/tickets?station=fryer", { token: r.token.kitchen })).body.find(
					t => t.orderId === o.id && t.items.some(i => i.id === fryerSide.id),
				),
			);
		});

		it("deltas that take more off than the dish costs make it free, never negative", async () => {
			const cheap = await http.post<MenuItem>(
				"/api/v1/menu/items",
				{ categoryId: burger.categoryId, name: "Kids' bun", priceCents: 30, station: "grill", modifierGroupIds: [extras.id] },
				admin(),
			);
			assert.equal(cheap.status, 201, JSON.stringify(cheap.body));
			const o = await dineIn([
				{ menuItemId: cheap.body.id, quantity: 3, modifiers: [{ groupId: extras.id, optionIds: [extras.options[1].id] }] },
			]);
			assert.deepEqual([o.items[0].unitPriceCents, o.totalCents], [0, 0]);
		});

		it("a bad choice is a 400 naming the line and the group; an 86'd option is a 409 naming it; nothing is written", async () => {
			const table = await freshTable();
			const on = (modifiers: Line["modifiers"], extra: Partial<Line> = {}) => ({
				tableId: table.id,
				items: [
					{ menuItemId: r.dish.beer.id, quantity: 1 },
					{ menuItemId: burger.id, quantity: 1, modifiers, ...extra },
				],
			});
			const [bacon, noCheese, gold] = extras.options;
			const group400 = async (body: Record<string, unknown>, group: string, message: RegExp) => {
				const res = await place(body);
				expect400(res, "items[1].modifiers");
				const detail = (res.body.error.details as { field: string; message: string }[]).find(
					d => d.field === "items[1].modifiers",
				)!;
				assert.match(detail.message, message);
				assert.match(detail.message, new RegExp(group));
			};
			await group400(on([]), "Temperature", /Temperature: choose 1/);
			await group400(on([medium(), { groupId: extras.id, optionIds: [bacon.id, noCheese.id, gold.id] }]), "Extras", /choose up to 2/);
			await group400(on([medium(), { groupId: extras.id, optionIds: [bacon.id, bacon.id] }]), "Extras", /twice/);
			await group400(on([medium(), { groupId: extras.id, optionIds: [side.options[0].id] }]), "Extras", /not one of its options/);
			await group400(on([medium(), { groupId: crypto.randomUUID(), optionIds: [] }]), "Burger", /has no modifier group/);
			const other = await http.post<ModifierGroup>(
				"/api/v1/menu/modifier-groups",
				{ name: "Sauces", options: [{ name: "Mayo" }] },
				admin(),
			);
			await group400(
				on([medium(), { groupId: other.body.id, optionIds: [other.body.options[0].id] }]),
				"Burger",
				/has no modifier group/,
			);
			// The shape is the validator's: a line names its field.
			expect400(await place(on([{ groupId: "nope", optionIds: [] }])), "items[1].modifiers[0].groupId");
			expect400(await place(on([medium()], { seat: 0 })), "items[1].seat");
			expect400(await place(on([medium()], { seat: 100 })), "items[1].seat");
			expect400(await place(on([medium()], { course: 10 })), "items[1].course");

			// Well done is 86'd: 409 naming it; back on, the order goes through.
			const well = temperature.options[2];
			assert.equal((await http.patch(`/api/v1/menu/modifier-options/${well.id}`, { available: false }, staff())).status, 200);
			const refused = await place(on([{ groupId: temperature.id, optionIds: [well.id] }]));
			expectError(refused, 409, "ITEM_UNAVAILABLE");
			assert.deepEqual(refused.body.error.details.optionIds, [well.id]);
			assert.match(refused.body.error.message, /Well done/);
			assert.equal(await tableStatus(table.id), "available");
			assert.equal((await http.patch(`/api/v1/menu/modifier-options/${well.id}`, { available: true }, staff())).status, 200);
			assert.equal((await place(on([{ groupId: temperature.id, optionIds: [well.id] }]))).status, 201);
		});

		it("a round takes modifiers, seats and courses the same way, refusals naming items[i] of the round", async () => {
			const o = await dineIn([{ menuItemId: r.dish.beer.id, quantity: 1 }]);
			const bad = await http.post(`/api/v1/orders/${o.id}/items`, { items: [{ menuItemId: burger.id, quantity: 1 }] }, staff());
			expect400(bad, "items[0].modifiers");
			const round = await http.post<Order>(
				`/api/v1/orders/${o.id}/items`,
				{
					items: [
						{
							menuItemId: burger.id,
							quantity: 1,
							seat: 3,
							modifiers: [medium(), { groupId: side.id, optionIds: [side.options[0].id] }],
						},
					],
				},
				staff(),
			);
			assert.equal(round.status, 200, JSON.stringify(round.body));
			assert.deepEqual(
				round.body.items.map(i => [i.name, i.round, i.seat, i.unitPriceCents]),
				[
					["Beer", 1, null, 600],
					["Burger", 2, 3, 1750],
					["Fries", 2, 3, 0],
				],
			);
		});
	});

	describe("voiding part of a line", () => {
		it("2 of 3: the line keeps 1, a new voided line holds 2 (same round, options and seat); its side shrinks with it; the total drops by 2", async () => {
			const o = await dineIn([
				{
					menuItemId: burger.id,
					quantity: 3,
					seat: 2,
					modifiers: [medium(), { groupId: side.id, optionIds: [side.options[0].id] }],
				},
				{ menuItemId: r.dish.beer.id, quantity: 1 },
			]);
			const [line, fries] = o.items;
			const res = await voidLine(o.id, line.id, { quantity: 2 });
			assert.equal(res.status, 200, JSON.stringify(res.body));
			const after = res.body;
			const kept = after.items.find(i => i.id === line.id)!;
			const voided = after.items.filter(i => i.status === "voided");
			assert.deepEqual([kept.quantity, kept.status], [1, "queued"]);
			const voidedLine = voided.find(i => i.name === "Burger")!;
			const voidedSide = voided.find(i => i.name === "Fries")!;
			assert.notEqual(voidedLine.id, line.id);
			assert.deepEqual(
				[voidedLine.quantity, voidedLine.round, voidedLine.seat, voidedLine.unitPriceCents, voidedLine.voidReason],
				[2, 1, 2, 1750, "sent back"],
			);
			assert.deepEqual(voidedLine.modifiers, line.modifiers);
			assert.deepEqual(
				[after.items.find(i => i.id === fries.id)!.quantity, voidedSide.quantity, voidedSide.partOf],
				[1, 2, voidedLine.id],
			);
			assert.equal(after.totalCents, o.totalCents - 2 * 1750);
			assert.equal(after.items.length, 5);

			const event = (await eventsOf(o.id)).find(e => e.change === "item_voided")!;
			assert.deepEqual(event.itemIds.slice(0, 2), [line.id, voidedLine.id]);
			assert.equal(event.quantity, 2);
			assert.equal(event.order.version, after.version);

			// The last one: the whole line goes (no new line), its side with it.
			const rest = await voidLine(o.id, line.id, { quantity: 1 });
			assert.equal(rest.status, 200, JSON.stringify(rest.body));
			assert.equal(rest.body.items.length, 5);
			assert.deepEqual(
				[rest.body.items.find(i => i.id === line.id)!.status, rest.body.items.find(i => i.id === fries.id)!.status],
				["voided", "voided"],
			);
		});

		it("more than the line holds is a 400 naming quantity; a started line still needs an admin; a bad quantity is a 400", async () => {
			const o = await dineIn([{ menuItemId: r.dish.soup.id, quantity: 2 }]);
			const [soup] = o.items;
			expect400(await voidLine(o.id, soup.id, { quantity: 3 }), "quantity");
			for (const quantity of [0, 100, 1.5, "1"]) expect400(await voidLine(o.id, soup.id, { quantity }), "quantity");
			assert.equal((await kitchen("start", soup.id)).status, 200);
			expectError(await voidLine(o.id, soup.id, { quantity: 1 }), 403, "APPROVAL_REQUIRED");
			const byAdmin = await voidLine(o.id, soup.id, { quantity: 1 }, r.token.admin);
			assert.equal(byAdmin.status, 200, JSON.stringify(byAdmin.body));
			assert.deepEqual(
				byAdmin.body.items.map(i => [i.quantity, i.status]),
				[
					[1, "preparing"],
					[1, "voided"],
				],
			);
		});
	});

	describe("comps and remakes", () => {
		it("an admin comps a line: priced 0, the comp says why, who, when and what it was worth; once only; not a voided line or a side", async () => {
			const o = await dineIn([
				{ menuItemId: burger.id, quantity: 2, modifiers: [medium(), { groupId: side.id, optionIds: [side.options[0].id] }] },
				{ menuItemId: r.dish.beer.id, quantity: 1 },
			]);
			const [line, fries, beer] = o.items;
			// A waiter may only with a manager's approval (approvals.test.ts).
			expectError(await comp(o.id, line.id, r.token.staff), 403, "APPROVAL_REQUIRED");
			const res = await comp(o.id, line.id);
			assert.equal(res.status, 200, JSON.stringify(res.body));
			const comped = res.body.items.find(i => i.id === line.id)!;
			assert.equal(comped.unitPriceCents, 0);
			assert.deepEqual([comped.comp?.reason, comped.comp?.by, comped.comp?.valueCents], ["birthday", r.userId.admin, 2 * 1750]);
			assert.ok(Math.abs(Date.parse(comped.comp!.at) - Date.now()) < 60_000);
			assert.equal(res.body.totalCents, 600);
			assert.equal((await eventsOf(o.id)).at(-1)?.change, "item_comped");

			expectError(await comp(o.id, line.id), 409, "ITEM_STATE_CONFLICT");
			expectError(await comp(o.id, fries.id), 409, "ITEM_STATE_CONFLICT");
			assert.equal((await voidLine(o.id, beer.id, {})).status, 200);
			expectError(await comp(o.id, beer.id), 409, "ITEM_STATE_CONFLICT");
			expectError(await comp(o.id, crypto.randomUUID()), 404, "ORDER_ITEM_NOT_FOUND");
			expect400(await http.post(`/api/v1/orders/${o.id}/items/${line.id}/comp`, { reason: " " }, admin()), "reason");

			// Part of a comped line voided: each part keeps the comp for its own units.
			const split = await voidLine(o.id, line.id, { quantity: 1 });
			assert.equal(split.status, 200, JSON.stringify(split.body));
			const comps = split.body.items.filter(i => i.name === "Burger").map(i => i.comp?.valueCents);
			assert.deepEqual(comps, [1750, 1750]);
		});

		it("a remake: a free copy of a started line in a new round, queued, naming the line and why; the original is kept", async () => {
			const o = await dineIn([{ menuItemId: burger.id, quantity: 2, seat: 4, notes: "no onion", modifiers: [medium()] }]);
			const [line] = o.items;
			expectError(await remake(o.id, line.id), 409, "ITEM_STATE_CONFLICT");
			assert.equal((await kitchen("ready", line.id)).status, 200);
			expectError(await remake(o.id, line.id, r.token.kitchen), 403, "FORBIDDEN");
			const res = await remake(o.id, line.id);
			assert.equal(res.status, 200, JSON.stringify(res.body));
			const [original, copy] = res.body.items;
			assert.equal(original.status, "ready");
			assert.deepEqual(
				[
					copy.name,
					copy.station,
					copy.quantity,
					copy.unitPriceCents,
					copy.status,
					copy.round,
					copy.seat,
					copy.notes,
					copy.remakeOf,
					copy.remakeReason,
				],
				["Burger", "grill", 2, 0, "queued", 2, 4, "no onion", line.id, "dropped on the floor"],
			);
			assert.deepEqual(copy.modifiers, line.modifiers);
			assert.equal(copy.takenBy, r.userId.staff);
			assert.equal(res.body.totalCents, o.totalCents);
			assert.equal(res.body.status, "in_progress");
			const event = (await eventsOf(o.id)).at(-1)!;
			assert.deepEqual([event.change, event.itemIds, event.round], ["item_remade", [copy.id], 2]);
			// A remake is free already: no comp on it.
			expectError(await comp(o.id, copy.id), 409, "ITEM_STATE_CONFLICT");
		});
	});

	describe("PATCH /orders/:id", () => {
		it("covers, name, notes and a takeout's pickup time change with an event; the same values change nothing; what does not belong is a 400", async () => {
			const o = await placed({
				type: "takeout",
				name: "Kim",
				pickupAt: soon(30),
				items: [{ menuItemId: r.dish.salad.id, quantity: 1 }],
			});
			const patch = (body: Record<string, unknown>, token = r.token.staff) =>
				http.patch<Order>(`/api/v1/orders/${o.id}`, body, { token });
			const later = soon(60);
			const res = await patch({ covers: 3, name: "Kim L.", pickupAt: later, notes: "ring twice" });
			assert.equal(res.status, 200, JSON.stringify(res.body));
			assert.deepEqual(
				[res.body.covers, res.body.name, res.body.pickupAt, res.body.notes, res.body.version],
				[3, "Kim L.", later, "ring twice", o.version + 1],
			);
			assert.equal((await eventsOf(o.id)).at(-1)?.change, "details_changed");
			const same = await patch({ covers: 3, name: "Kim L." });
			assert.equal(same.status, 200);
			assert.equal(same.body.version, o.version + 1, "nothing changed: same version");

			expect400(await patch({}), "body");
			expect400(await patch({ name: null }), "name");
			expect400(await patch({ pickupAt: soon(60 * 24 * 9) }), "pickupAt");
			expect400(await patch({ covers: 0 }), "covers");
			expectError(await patch({ covers: 2 }, r.token.kitchen), 403, "FORBIDDEN");
			const dine = await dineIn([{ menuItemId: r.dish.beer.id, quantity: 1 }]);
			expect400(await http.patch(`/api/v1/orders/${dine.id}`, { pickupAt: soon(30) }, staff()), "pickupAt");
			const cleared = await http.patch<Order>(`/api/v1/orders/${dine.id}`, { covers: 2, name: "Birthday" }, staff());
			assert.deepEqual([cleared.body.covers, cleared.body.name], [2, "Birthday"]);
			expectError(await http.patch(`/api/v1/orders/${crypto.randomUUID()}`, { covers: 2 }, staff()), 404, "ORDER_NOT_FOUND");
			assert.equal((await http.post(`/api/v1/orders/${dine.id}/cancel`, { reason: "left" }, staff())).status, 200);
			expectError(await http.patch(`/api/v1/orders/${dine.id}`, { covers: 5 }, staff()), 409, "ORDER_CLOSED");
		});
	});

	describe(`two tablets on one line${DISTRIBUTED ? " (PostgreSQL: truly concurrent transactions)" : ""}`, () => {
		it("a comp and a void of the same line at once: one wins, the other is a 409; the total counts the line once", async () => {
			for (let round = 0; round < 4; round++) {
				const o = await dineIn([
					{ menuItemId: r.dish.steak.id, quantity: 2 },
					{ menuItemId: r.dish.beer.id, quantity: 1 },
				]);
				const [steak] = o.items;
				const [c, v] = await Promise.all([comp(o.id, steak.id), voidLine(o.id, steak.id, {}, r.token.admin)]);
				const statuses = [c.status, v.status].sort();
				assert.ok(
					(statuses[0] === 200 && statuses[1] === 200) || (statuses[0] === 200 && statuses[1] === 409),
					`${c.status} ${JSON.stringify(c.body)} / ${v.status} ${JSON.stringify(v.body)}`,
				);
				const after = await getOrder(o.id);
				const line = after.items.find(i => i.id === steak.id)!;
				// Voided (then a comp is refused), or comped then voided: either way the steak costs nothing, once.
				assert.equal(line.status, "voided");
				if (c.status === 409) assert.equal(line.comp, null);
				assert.equal(after.totalCents, 600);
				assert.equal(after.version, o.version + (c.status === 200 ? 2 : 1));
			}
		});

		it("a partial void and a serve of the same line at once: every unit ends served or voided, none twice", async () => {
			for (let round = 0; round < 4; round++) {
				const o = await dineIn([{ menuItemId: r.dish.burger.id, quantity: 3, modifiers: [medium()] }]);
				const [line] = o.items;
				assert.equal((await kitchen("ready", line.id)).status, 200);
				const [v, s] = await Promise.all([
					voidLine(o.id, line.id, { quantity: 1 }, r.token.admin),
					http.post<Order>(`/api/v1/orders/${o.id}/serve`, { itemIds: [line.id] }, staff()),
				]);
				assert.equal(v.status, 200, JSON.stringify(v.body));
				assert.equal(s.status, 200, JSON.stringify(s.body));
				const after = await getOrder(o.id);
				const served = after.items.filter(i => i.status === "served").reduce((q, i) => q + i.quantity, 0);
				const voided = after.items.filter(i => i.status === "voided").reduce((q, i) => q + i.quantity, 0);
				assert.deepEqual([served, voided], [2, 1]);
				assert.equal(after.totalCents, 2 * 1450);
				assert.equal(after.status, "served");
			}
		});
	});
});
