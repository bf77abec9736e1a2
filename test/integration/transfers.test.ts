// Moving things through the gateway (API.md's move, merge, items/move and assign rows): an order to another table
// (the old table freed, the new one occupied, live on every tablet), another order's lines merged into this one
// (the other cancelled, naming this one), some lines or part of one to another table, the table handed to another
// waiter. Nothing goes to the kitchen again: a started line moved stays started on its new ticket, with its clock.
// A billed order moves nowhere (409 ORDER_CLOSED). Two tablets moving two orders to one free table: one wins, the
// other gets 409 TABLE_HAS_OPEN_ORDER; a merge racing a round on the other order: the round lands on one of them,
// never lost — on PostgreSQL in the distributed pass. (The rules are unit-tested in services/order/transfers.test.ts.)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Order, Table, Ticket } from "../../contracts";

describe(`moving things: move, merge, lines to another table, hand-over — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let waiter: Device;
	let n = 0;

	const staff = () => ({ token: r.token.staff });
	const expectError = (res: Reply, status: number, code: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Move ${++n}`, seats: 4 }, { token: r.token.admin });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const tableStatus = async (id: string) => (await http.get<Table[]>("/api/v1/tables", staff())).body.find(t => t.id === id)?.status;
	const tableIs = (t: Table, status: string) => until(`${t.name} ${status}`, async () => (await tableStatus(t.id)) === status);
	const getOrder = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, staff())).body;
	const tickets = async () => (await http.get<Ticket[]>("/api/v1/kitchen/tickets", { token: r.token.kitchen })).body;
	const ok = <T>(res: Reply<T>, status = 200): T => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		return res.body;
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 0);
		waiter = await connectDevice(cluster.baseUrl, { token: r.token.staff });
	});
	after(async () => {
		waiter?.close();
		await cluster?.stop();
	});

	it("moves an order to a free table: the old one freed, the new one occupied, live; its tickets follow quietly", async () => {
		const [t1, t2] = [await freshTable(), await freshTable()];
		const order = await placeOrder(http, r, t1, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		const burger = order.items.find(i => i.menuItemId === r.dish.burger.id)!;
		ok(await http.post(`/api/v1/kitchen/items/${burger.id}/start`, undefined, { token: r.token.kitchen }));
		await tableIs(t1, "occupied");
		const before = await until("the grill's ticket started", async () =>
			(await tickets()).find(t => t.orderId === order.id && t.station === "grill" && t.items[0].status === "preparing"),
		);

		const moved = ok(await http.post<Order>(`/api/v1/orders/${order.id}/move`, { tableId: t2.id }, staff()));
		assert.deepEqual(
			[moved.tableId, moved.tableName, moved.items.find(i => i.id === burger.id)?.status],
			[t2.id, t2.name, "preparing"],
		);
		await waiter.waitFor<Order>("order:update", o => o.id === order.id && o.tableId === t2.id);
		await waiter.waitFor<Table>("table:update", t => t.id === t2.id && t.status === "occupied");
		await waiter.waitFor<Table>("table:update", t => t.id === t1.id && t.status === "available");
		// The kitchen's ticket names the new table; the started line keeps its start and the ticket its clock.
		const after = await until("the ticket names the new table", async () =>
			(await tickets()).find(t => t.orderId === order.id && t.station === "grill" && t.tableName === t2.name),
		);
		assert.deepEqual(
			[after.placedAt, after.items[0].status, after.items[0].startedAt, after.items[0].createdAt],
			[before.placedAt, "preparing", before.items[0].startedAt, before.items[0].createdAt],
		);
		// Moving it there again changes nothing (same version).
		assert.equal(ok(await http.post<Order>(`/api/v1/orders/${order.id}/move`, { tableId: t2.id }, staff())).version, moved.version);
	});

	it("refuses a table with an open order, naming it (409), and a billed order (409 ORDER_CLOSED)", async () => {
		const [t1, t2] = [await freshTable(), await freshTable()];
		const a = await placeOrder(http, r, t1, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const b = await placeOrder(http, r, t2, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const res = await http.post(`/api/v1/orders/${a.id}/move`, { tableId: t2.id }, staff());
		expectError(res, 409, "TABLE_HAS_OPEN_ORDER");
		assert.deepEqual(res.body.error.details, { tableId: t2.id, orderId: b.id });
		expectError(await http.post(`/api/v1/orders/${a.id}/move`, { tableId: crypto.randomUUID() }, staff()), 404, "TABLE_NOT_FOUND");

		const t3 = await freshTable();
		const bar = (await getOrder(b.id)).items[0];
		ok(await http.post(`/api/v1/kitchen/items/${bar.id}/ready`, undefined, { token: r.token.kitchen }));
		ok(await http.post(`/api/v1/orders/${b.id}/serve`, undefined, staff()));
		ok(await http.post("/api/v1/billing/bills", { tableId: t2.id }, staff()), 201);
		for (const [path, body] of [
			["move", { tableId: t3.id }],
			["merge", { orderId: a.id }],
			["items/move", { tableId: t3.id, items: [{ itemId: bar.id }] }],
			["assign", { userId: r.userId.admin }],
		] as const)
			expectError(await http.post(`/api/v1/orders/${b.id}/${path}`, body, staff()), 409, "ORDER_CLOSED");
		expectError(await http.post(`/api/v1/orders/${a.id}/merge`, { orderId: b.id }, staff()), 409, "ORDER_CLOSED");
	});

	it("merges another table's order: its lines join with their ids and statuses, it is cancelled and its table freed", async () => {
		const [t1, t2] = [await freshTable(), await freshTable()];
		const a = await placeOrder(http, r, t1, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const b = await placeOrder(http, r, t2, [
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 2 },
		]);
		const steak = b.items.find(i => i.menuItemId === r.dish.steak.id)!;
		ok(await http.post(`/api/v1/kitchen/items/${steak.id}/start`, undefined, { token: r.token.kitchen }));
		const started = await until("the steak started on its ticket", async () =>
			(await tickets()).find(t => t.orderId === b.id && t.station === "grill" && t.items[0].status === "preparing"),
		);
		await tableIs(t2, "occupied");
		// Two at one table, three at the other: one check for five guests.
		ok(await http.patch(`/api/v1/orders/${a.id}`, { covers: 2 }, staff()));
		ok(await http.patch(`/api/v1/orders/${b.id}`, { covers: 3 }, staff()));

		const merged = ok(await http.post<Order>(`/api/v1/orders/${a.id}/merge`, { orderId: b.id }, staff()));
		assert.equal(merged.covers, 5);
		assert.deepEqual(
			merged.items.map(i => [i.id, i.status]),
			[[a.items[0].id, "queued"], ...b.items.map(i => [i.id, i.id === steak.id ? "preparing" : "queued"])],
		);
		assert.equal(merged.totalCents, a.totalCents + b.totalCents);
		assert.equal(merged.status, "in_progress");
		const other = await getOrder(b.id);
		assert.deepEqual([other.status, other.items.length, other.mergedInto], ["cancelled", 0, a.id]);
		await tableIs(t2, "available");
		assert.equal(await tableStatus(t1.id), "occupied");
		// The steak's ticket is the merged order's now, still started, its clock kept; the other's tickets are gone.
		const grill = await until("the steak on the merged order's ticket", async () =>
			(await tickets()).find(t => t.orderId === a.id && t.station === "grill"),
		);
		assert.deepEqual(
			[grill.placedAt, grill.tableName, grill.items[0].status, grill.items[0].startedAt],
			[started.placedAt, t1.name, "preparing", started.items[0].startedAt],
		);
		assert.equal((await tickets()).filter(t => t.orderId === b.id).length, 0);
		expectError(await http.post(`/api/v1/orders/${a.id}/merge`, { orderId: a.id }, staff()), 400, "VALIDATION_ERROR");
	});

	it("moves a line and part of another to a free table (a new order there), then to one with an order", async () => {
		const [t1, t2, t3] = [await freshTable(), await freshTable(), await freshTable()];
		const a = await placeOrder(http, r, t1, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 3 },
		]);
		const [burger, beer] = a.items;
		ok(await http.post(`/api/v1/kitchen/items/${burger.id}/start`, undefined, { token: r.token.kitchen }));
		const started = await until("the burger started on its ticket", async () =>
			(await tickets()).find(t => t.orderId === a.id && t.station === "grill" && t.items[0]?.status === "preparing"),
		);
		const res = ok(
			await http.post<{ from: Order; to: Order }>(
				`/api/v1/orders/${a.id}/items/move`,
				{ tableId: t2.id, items: [{ itemId: burger.id }, { itemId: beer.id, quantity: 1 }] },
				staff(),
			),
		);
		assert.deepEqual(
			res.from.items.map(i => [i.id, i.quantity]),
			[[beer.id, 2]],
		);
		assert.equal(res.to.tableId, t2.id);
		assert.equal(res.to.items[0].id, burger.id);
		assert.equal(res.to.items[0].status, "preparing");
		assert.notEqual(res.to.items[1].id, beer.id);
		assert.equal(res.to.items[1].quantity, 1);
		assert.equal(res.to.status, "in_progress");
		assert.equal(res.from.totalCents + res.to.totalCents, a.totalCents);
		await tableIs(t2, "occupied");
		// The new order is told as an update, not as a new order: nothing on it is new to the kitchen or its printers.
		await waiter.waitFor<Order>("order:update", o => o.id === res.to.id);
		assert.ok(!waiter.events.some(e => e.type === "order:new" && (e.data as Order).id === res.to.id));
		const grill = await until("the burger on the new order's ticket", async () =>
			(await tickets()).find(t => t.orderId === res.to.id && t.station === "grill"),
		);
		assert.deepEqual(
			[grill.placedAt, grill.tableName, grill.items[0].status, grill.items[0].startedAt],
			[started.placedAt, t2.name, "preparing", started.items[0].startedAt],
		);
		assert.equal((await tickets()).filter(t => t.orderId === a.id && t.station === "grill").length, 0);

		// The rest of the beer to a table with an order: it joins that order, and the first table is freed.
		const c = await placeOrder(http, r, t3, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const res2 = ok(
			await http.post<{ from: Order; to: Order }>(
				`/api/v1/orders/${a.id}/items/move`,
				{ tableId: t3.id, items: [{ itemId: beer.id }] },
				staff(),
			),
		);
		assert.equal(res2.to.id, c.id);
		assert.deepEqual(
			res2.to.items.map(i => i.id),
			[c.items[0].id, beer.id],
		);
		assert.equal(res2.from.status, "cancelled");
		await tableIs(t1, "available");
		expectError(
			await http.post(`/api/v1/orders/${c.id}/items/move`, { tableId: t3.id, items: [{ itemId: beer.id }] }, staff()),
			400,
			"VALIDATION_ERROR",
		);
	});

	it("hands the table to another waiter; a cook cannot take it", async () => {
		const order = await placeOrder(http, r, await freshTable(), [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		assert.equal(order.assignedTo, r.userId.staff);
		const handed = ok(await http.post<Order>(`/api/v1/orders/${order.id}/assign`, { userId: r.userId.admin }, staff()));
		assert.equal(handed.assignedTo, r.userId.admin);
		await waiter.waitFor<Order>("order:update", o => o.id === order.id && o.assignedTo === r.userId.admin);
		expectError(
			await http.post(`/api/v1/orders/${order.id}/assign`, { userId: r.userId.kitchen }, staff()),
			409,
			"USER_CANNOT_TAKE_TABLE",
		);
		expectError(
			await http.post(`/api/v1/orders/${order.id}/assign`, { userId: r.userId.staff }, { token: r.token.kitchen }),
			403,
			"FORBIDDEN",
		);
	});

	it("two tablets moving two orders to one free table: one wins, the other gets 409; a merge racing a round loses nothing", async () => {
		const [t1, t2, free] = [await freshTable(), await freshTable(), await freshTable()];
		const a = await placeOrder(http, r, t1, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const b = await placeOrder(http, r, t2, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const moves = await Promise.all([a, b].map(o => http.post(`/api/v1/orders/${o.id}/move`, { tableId: free.id }, staff())));
		assert.deepEqual(moves.map(m => m.status).sort(), [200, 409], JSON.stringify(moves.map(m => m.body)));
		expectError(moves.find(m => m.status === 409)!, 409, "TABLE_HAS_OPEN_ORDER");

		// A merge of b into a racing a round on b: the round is on a (after the merge) or was merged with b's lines.
		const [t3, t4] = [await freshTable(), await freshTable()];
		const c = await placeOrder(http, r, t3, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const d = await placeOrder(http, r, t4, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const [merge, round] = await Promise.all([
			http.post<Order>(`/api/v1/orders/${c.id}/merge`, { orderId: d.id }, staff()),
			http.post<Order>(`/api/v1/orders/${d.id}/items`, { items: [{ menuItemId: r.dish.beer.id, quantity: 2 }] }, staff()),
		]);
		assert.equal(merge.status, 200, JSON.stringify(merge.body));
		const merged = await getOrder(c.id);
		if (round.status === 200) {
			assert.equal(merged.items.length, 3, "the round went onto d before the merge took d's lines");
		} else {
			expectError(round, 409, "ORDER_CLOSED");
			assert.equal(merged.items.length, 2);
		}
		assert.equal((await getOrder(d.id)).items.length, 0);
	});
});
