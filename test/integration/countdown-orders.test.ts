// Countdowns from the order's side, through the gateway: an order (a round, a remake) takes its portions from the
// menu's counts before it is written and the menu keeps the hold once the order event names it; two tablets racing
// for the last portion get one 201 and one 409, leaving 0 (truly at once on PostgreSQL in the distributed pass);
// a line voided before the kitchen started it gives its portion back, a started one does not; an order whose write
// fails after its portions were taken (a table that already has an open order, a round on a closed order) gives
// them back at once; an Idempotency-Key retry takes them once. (The menu's side has its own suite: countdown.test.ts.)
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ServiceBroker } from "moleculer";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { DbMethods, DomainEvent } from "../../mixins/db.mixin";
import type { MenuItem, ModifierGroup, Order, OrderPlaced, Table } from "../../contracts";

describe(`orders taking countdown portions — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let bus: ServiceBroker;
	let sides: ModifierGroup;
	let n = 0;

	const staff = () => ({ token: r.token.staff });
	const admin = () => ({ token: r.token.admin });
	const expectError = (res: Reply, status: number, code: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Count ${++n}`, seats: 4 }, admin());
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	/** A dish with `remaining` portions, its sides to choose from. */
	const counted = async (remaining: number) => {
		const res = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{
				categoryId: r.dish.burger.categoryId,
				name: `Special ${++n}`,
				priceCents: 2200,
				station: "grill",
				remaining,
				modifierGroupIds: [sides.id],
			},
			admin(),
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const place = (tableId: string, items: unknown[], headers?: Record<string, string>): Promise<Reply> =>
		http.post("/api/v1/orders", { tableId, items }, { ...staff(), headers });
	/** The count as the menu holds it now, over the bus (the gateway's copy of GET /menu may lag a broadcast). */
	const left = async (id: string) => (await bus.call<MenuItem[], { ids: string[] }>("menu.items", { ids: [id] }))[0];
	const optionLeft = async (optionId: string) =>
		(await http.get<ModifierGroup[]>("/api/v1/menu/modifier-groups", admin())).body
			.flatMap(g => g.options)
			.find(o => o.id === optionId)!.remaining;
	/** Once the menu has handled the order events (they arrive through durable channels), the count reads `expected`. */
	const leftSoon = (id: string, expected: number) =>
		until(`${expected} left of ${id}`, async () => (await left(id)).remaining === expected);
	const holds = () => (cluster.brokerOf("menu").getLocalService("menu") as unknown as DbMethods).table("countdown_holds");
	const placedEvent = async (orderId: string): Promise<OrderPlaced> => {
		const orders = cluster.brokerOf("order").getLocalService("order") as unknown as DbMethods;
		const row: { payload: DomainEvent<OrderPlaced> | string } = await orders
			.table("outbox")
			.where({ topic: "order.placed" })
			.whereRaw("payload->'data'->'order'->>'id' = ?", [orderId])
			.first();
		return (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload).data;
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 0);
		bus = cluster.brokerOf("api");
		const res = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{
				name: "Sides",
				maxChoices: 1,
				options: [{ name: "Truffle fries", priceDeltaCents: 300, station: "fryer", remaining: 3 }, { name: "Salad" }],
			},
			admin(),
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		sides = res.body;
	});
	after(() => cluster?.stop());

	it("an order takes its portions off the dish and the option before it is written; the menu keeps the hold its event names", async () => {
		const special = await counted(5);
		const [truffle] = sides.options;
		const table = await freshTable();
		const res = await place(table.id, [
			{ menuItemId: special.id, quantity: 2, modifiers: [{ groupId: sides.id, optionIds: [truffle.id] }] },
			{ menuItemId: r.dish.beer.id, quantity: 3 },
		]);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		assert.deepEqual([(await left(special.id)).remaining, await optionLeft(truffle.id)], [3, 1]);
		assert.equal((await left(r.dish.beer.id)).remaining, null, "a dish without a count is left alone");

		const { holdId } = await placedEvent(res.body.id);
		assert.ok(holdId);
		const hold = await until("the menu to keep the hold", async () => {
			const row = await holds().where({ id: holdId }).first();
			return row?.kept_at && row;
		});
		assert.equal(hold.released_at, null);
		// Nothing counted, nothing held: an order of beers asks nothing of the countdowns.
		const beers = await place((await freshTable()).id, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		assert.equal((await placedEvent(beers.body.id)).holdId, undefined);

		// Not enough left for the next order: 409 naming what is left, nothing written, nothing taken.
		const short = await place((await freshTable()).id, [
			{ menuItemId: special.id, quantity: 1, modifiers: [{ groupId: sides.id, optionIds: [truffle.id] }] },
			{ menuItemId: special.id, quantity: 1, modifiers: [{ groupId: sides.id, optionIds: [truffle.id] }] },
		]);
		expectError(short, 409, "ITEM_UNAVAILABLE");
		assert.match(short.body.error.message, /Truffle fries \(1 left\)/);
		assert.deepEqual([(await left(special.id)).remaining, await optionLeft(truffle.id)], [3, 1]);
	});

	it(`the last portion: two tablets at once get one 201 and one 409, and 0 is left${DISTRIBUTED ? " (PostgreSQL)" : ""}`, async () => {
		for (let round = 0; round < 3; round++) {
			const special = await counted(1);
			const [a, b] = await Promise.all([freshTable(), freshTable()]);
			const answers = await Promise.all([a, b].map(t => place(t.id, [{ menuItemId: special.id, quantity: 1 }])));
			assert.deepEqual(answers.map(x => x.status).sort(), [201, 409], answers.map(x => JSON.stringify(x.body)).join(" / "));
			const refused = answers.find(x => x.status === 409)!;
			assert.equal(refused.body.error.code, "ITEM_UNAVAILABLE");
			const after = await left(special.id);
			assert.deepEqual([after.remaining, after.available], [0, false]);
			const orders = (await http.get<Order[]>("/api/v1/orders?limit=500", staff())).body.filter(o =>
				o.items.some(i => i.menuItemId === special.id),
			);
			assert.equal(orders.length, 1);
		}
	});

	it("a void of a line the kitchen never started gives its portions back; a started line's do not; a cancel gives back the rest", async () => {
		const special = await counted(10);
		const [truffle] = sides.options;
		await http.patch(`/api/v1/menu/modifier-options/${truffle.id}`, { remaining: 10 }, admin());
		const table = await freshTable();
		const o = (
			await place(table.id, [
				{ menuItemId: special.id, quantity: 3, modifiers: [{ groupId: sides.id, optionIds: [truffle.id] }] },
				{ menuItemId: special.id, quantity: 2 },
				{ menuItemId: special.id, quantity: 1 },
			])
		).body as Order;
		assert.equal((await left(special.id)).remaining, 4);
		const [withFries, , plain, single] = o.items;
		const voidLine = (itemId: string, body: Record<string, unknown> = {}, token = r.token.staff) =>
			http.post(`/api/v1/orders/${o.id}/items/${itemId}/void`, { reason: "changed mind", ...body }, { token });

		// Part of a queued line: 2 dishes and 2 sides back.
		assert.equal((await voidLine(withFries.id, { quantity: 2 })).status, 200);
		await leftSoon(special.id, 6);
		assert.equal(await optionLeft(truffle.id), 9);
		// Started, then voided by an admin: the food exists, nothing goes back.
		assert.equal((await http.post(`/api/v1/kitchen/items/${plain.id}/start`, undefined, { token: r.token.kitchen })).status, 200);
		assert.equal((await voidLine(plain.id, {}, r.token.admin)).status, 200);
		// A marker after it: once the menu has the next change, it had this one.
		assert.equal((await voidLine(single.id)).status, 200);
		await leftSoon(special.id, 7);
		// The cancel gives back what is left queued: one dish with its side.
		assert.equal((await http.post(`/api/v1/orders/${o.id}/cancel`, { reason: "left" }, staff())).status, 200);
		await leftSoon(special.id, 8);
		assert.equal(await until("the side back", async () => (await optionLeft(truffle.id)) === 10 && 10), 10);
	});

	it("an order whose write fails after its portions were taken gives them back at once: a table already open, a round on a closed order", async () => {
		const special = await counted(4);
		const table = await freshTable();
		const first = await place(table.id, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		assert.equal(first.status, 201);
		const twice = await place(table.id, [{ menuItemId: special.id, quantity: 3 }]);
		expectError(twice, 409, "TABLE_HAS_OPEN_ORDER");
		assert.equal((await left(special.id)).remaining, 4, "given back before the tablet heard the 409");
		const released = await holds().whereNotNull("released_at").whereNull("kept_at");
		assert.ok(released.length >= 1);

		assert.equal((await http.post(`/api/v1/orders/${first.body.id}/cancel`, { reason: "left" }, staff())).status, 200);
		const round = await http.post(
			`/api/v1/orders/${first.body.id}/items`,
			{ items: [{ menuItemId: special.id, quantity: 2 }] },
			staff(),
		);
		expectError(round, 409, "ORDER_CLOSED");
		assert.equal((await left(special.id)).remaining, 4);
	});

	it("a round and a remake take their portions too; the last one gone, a remake is a 409 and no line is added", async () => {
		const special = await counted(3);
		const o = (await place((await freshTable()).id, [{ menuItemId: special.id, quantity: 1 }])).body as Order;
		const round = await http.post<Order>(`/api/v1/orders/${o.id}/items`, { items: [{ menuItemId: special.id, quantity: 1 }] }, staff());
		assert.equal(round.status, 200, JSON.stringify(round.body));
		assert.equal((await left(special.id)).remaining, 1);
		const [line] = o.items;
		assert.equal((await http.post(`/api/v1/kitchen/items/${line.id}/ready`, undefined, { token: r.token.kitchen })).status, 200);
		const remake = (itemId: string) =>
			http.post<Order>(`/api/v1/orders/${o.id}/items/${itemId}/remake`, { reason: "overdone" }, { token: r.token.staff });
		const first = await remake(line.id);
		assert.equal(first.status, 200, JSON.stringify(first.body));
		assert.equal((await left(special.id)).remaining, 0);
		// The same line again is refused as remade already; the round's line, ready too, finds nothing left.
		expectError(await remake(line.id), 409, "ITEM_STATE_CONFLICT");
		const other = round.body.items.find(i => i.id !== line.id)!;
		assert.equal((await http.post(`/api/v1/kitchen/items/${other.id}/ready`, undefined, { token: r.token.kitchen })).status, 200);
		const second = await remake(other.id);
		expectError(second, 409, "ITEM_UNAVAILABLE");
		assert.equal((await http.get<Order>(`/api/v1/orders/${o.id}`, staff())).body.items.length, 3);
	});

	it("an Idempotency-Key retry (or a double tap sent at once) takes the portions once", async () => {
		const special = await counted(6);
		const table = await freshTable();
		const key = { "idempotency-key": crypto.randomUUID() };
		const items = [{ menuItemId: special.id, quantity: 2 }];
		const [a, b] = await Promise.all([place(table.id, items, key), place(table.id, items, key)]);
		const again = await place(table.id, items, key);
		assert.deepEqual([a.status, b.status, again.status], [201, 201, 201]);
		assert.deepEqual([b.body.id, again.body.id], [a.body.id, a.body.id]);
		assert.equal((await left(special.id)).remaining, 4);
		const { holdId } = await placedEvent(a.body.id);
		await until("the menu to keep the hold", async () => (await holds().where({ id: holdId }).first())?.kept_at);
	});
});
