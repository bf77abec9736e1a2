// Live tablets over real Socket.IO clients: the token checked at connect, rooms by role and station,
// a full service from order to served seen live by the waiter and each station, seq-numbered pushes
// replayed after a drop (from another gateway too), duplicate deliveries that push nothing twice.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import { connectDevice, type Device } from "../helpers/socket";
import type { DbMethods } from "../../mixins/db.mixin";
import type { MenuItem, Order, OrderItem, Table, Ticket } from "../../contracts";

describe(`realtime — ${MODE}${DISTRIBUTED ? ", two gateways" : ""}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	const devices: Device[] = [];
	const device = async (...args: Parameters<typeof connectDevice>) => {
		const d = await connectDevice(...args);
		devices.push(d);
		return d;
	};
	/** The second gateway when distributed (a load balancer may send a device to either). */
	const otherGateway = () => cluster.gateways[cluster.gateways.length - 1];

	before(async () => {
		cluster = await startCluster(DISTRIBUTED ? { split: [["auth"], ["table", "menu", "order"], ["kitchen"], ["api"], ["api"]] } : {});
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
	});
	after(async () => {
		for (const d of devices) d.close();
		await cluster?.stop();
	});

	it("refuses a bad token at connect; a guest with no token hears only menu changes", async () => {
		await assert.rejects(connectDevice(cluster.baseUrl, { token: "not-a-jwt" }), (err: Error & { data?: { code: string } }) => {
			assert.equal(err.data?.code, "INVALID_TOKEN");
			return true;
		});
		await assert.rejects(connectDevice(cluster.baseUrl, { token: 42 as unknown as string }), /access token/);
		const guest = await device(cluster.baseUrl);
		assert.deepEqual(guest.welcome!.rooms, ["all"]);
		const waiter = await device(cluster.baseUrl, { token: r.token.staff });
		assert.deepEqual(waiter.welcome!.rooms.sort(), ["all", "role:staff", `user:${r.userId.staff}`]);

		await placeOrder(http, r, r.tables[3], [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		await waiter.waitFor("order:new");
		const eightySix = await http.patch<MenuItem>(
			`/api/v1/menu/items/${r.dish.steak.id}`,
			{ available: false },
			{ token: r.token.kitchen },
		);
		const pushed = await guest.waitFor<MenuItem>("menu:update", i => i.id === r.dish.steak.id);
		assert.deepEqual(pushed.data, eightySix.body);
		await waiter.waitFor<MenuItem>("menu:update", i => i.id === r.dish.steak.id && !i.available);
		assert.deepEqual(
			guest.events.map(e => e.type),
			["menu:update"],
		);
		await http.patch(`/api/v1/menu/items/${r.dish.steak.id}`, { available: true }, { token: r.token.kitchen });
	});

	it("a full service: each station sees only its items, the waiter sees every step, live", async () => {
		const waiter = await device(cluster.baseUrl, { token: r.token.staff });
		const grill = await device(otherGateway(), { token: r.token.kitchen, stations: ["grill"] });
		const cold = await device(cluster.baseUrl, { token: r.token.kitchen });
		assert.deepEqual((await cold.socket.emitWithAck("join", { station: "cold" })).ok, true);
		assert.deepEqual((await cold.socket.emitWithAck("join", { station: "Cold Room!" })).error.code, "VALIDATION_ERROR");
		const expo = await device(cluster.baseUrl, { token: r.token.kitchen });
		assert.ok(!grill.welcome!.rooms.includes("role:kitchen"), "a station cook is not on the expo feed");

		const table = r.tables[0];
		const order = await placeOrder(http, r, table, [
			{ menuItemId: r.dish.burger.id, quantity: 2 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
			{ menuItemId: r.dish.steak.id, quantity: 1 },
		]);
		const [burger, salad, steak] = order.items;

		const grillNew = await grill.waitFor<Order>("order:new", o => o.id === order.id);
		assert.deepEqual(
			grillNew.data.items.map(i => i.name),
			["Burger", "Steak"],
		);
		const coldNew = await cold.waitFor<Order>("order:new", o => o.id === order.id);
		assert.deepEqual(
			coldNew.data.items.map(i => i.name),
			["Salad"],
		);
		const floorNew = await waiter.waitFor<Order>("order:new", o => o.id === order.id);
		assert.equal(floorNew.data.items.length, 3);
		assert.equal(floorNew.data.totalCents, order.totalCents);
		assert.equal((await expo.waitFor<Order>("order:new", o => o.id === order.id)).data.items.length, 3);
		for (const e of [grillNew, coldNew, floorNew]) {
			assert.deepEqual(Object.keys(e).sort(), ["at", "data", "seq", "type"]);
			assert.ok(Number.isSafeInteger(e.seq) && e.seq > 0);
		}
		assert.equal((await waiter.waitFor<Table>("table:update", t => t.id === table.id)).data.status, "occupied");

		// The grill cooks: start → ready; the waiter and the grill hear each item, the cold station does not.
		await http.post(`/api/v1/kitchen/items/${burger.id}/start`, undefined, { token: r.token.kitchen });
		const started = await waiter.waitFor<OrderItem & { orderId: string }>(
			"kitchen:item",
			i => i.id === burger.id && i.status === "preparing",
		);
		assert.equal(started.data.orderId, order.id);
		await grill.waitFor<OrderItem>("kitchen:item", i => i.id === burger.id && i.status === "preparing");
		assert.equal(
			(await waiter.waitFor<Order>("order:update", o => o.id === order.id && o.status === "in_progress")).data.items[0].status,
			"preparing",
		);
		await http.post(`/api/v1/kitchen/items/${burger.id}/ready`, undefined, { token: r.token.kitchen });
		await waiter.waitFor<OrderItem>("kitchen:item", i => i.id === burger.id && i.status === "ready");
		const bump = await http.post(`/api/v1/kitchen/tickets/${order.id}/bump?station=grill`, undefined, { token: r.token.kitchen });
		assert.equal(bump.status, 200);
		await waiter.waitFor<OrderItem>("kitchen:item", i => i.id === steak.id && i.status === "ready");
		await grill.waitFor<Ticket>("ticket:update", t => t.orderId === order.id && t.status === "bumped");
		await http.post(`/api/v1/kitchen/items/${salad.id}/ready`, undefined, { token: r.token.kitchen });
		await waiter.waitFor<Order>("order:update", o => o.id === order.id && o.status === "ready");

		const served = await http.post<Order>(`/api/v1/orders/${order.id}/serve`, undefined, { token: r.token.staff });
		assert.equal(served.status, 200);
		await waiter.waitFor<Order>("order:update", o => o.id === order.id && o.status === "served");

		assert.equal(
			cold.events.some(e => e.type === "kitchen:item" && e.data.station !== "cold"),
			false,
			"cold hears only its items",
		);
		assert.equal(
			grill.events.some(e => e.type === "order:new" && e.data.items.some((i: OrderItem) => i.station !== "grill")),
			false,
		);
		assert.equal(
			grill.events.some(e => e.type === "table:update"),
			false,
			"tables are the floor's business",
		);
		for (const d of [waiter, grill, cold, expo]) {
			const seqs = d.events.map(e => e.seq);
			assert.deepEqual(
				seqs,
				[...seqs].sort((a, b) => a - b),
				"seq only goes up",
			);
			assert.equal(new Set(seqs).size, seqs.length, "no push twice");
		}
	});

	it("a device that drops gets what it missed, in order, when it reconnects with its last seq (to any gateway)", async () => {
		const waiter = await device(cluster.baseUrl, { token: r.token.staff });
		// A second tablet of the same waiter stays connected throughout: what it sees is what the first missed.
		const stayed = await device(cluster.baseUrl, { token: r.token.staff });
		const order = await placeOrder(http, r, r.tables[1], [{ menuItemId: r.dish.beer.id, quantity: 2 }]);
		await waiter.waitFor("order:new", (o: Order) => o.id === order.id);
		const lastSeq = waiter.lastSeq();
		waiter.close();

		// While it is away, the bar starts and finishes the beers.
		assert.equal(
			(await http.post(`/api/v1/kitchen/items/${order.items[0].id}/start`, undefined, { token: r.token.kitchen })).status,
			200,
		);
		assert.equal(
			(await http.post(`/api/v1/kitchen/items/${order.items[0].id}/ready`, undefined, { token: r.token.kitchen })).status,
			200,
		);
		await stayed.waitFor("order:update", (o: Order) => o.id === order.id && o.status === "ready");

		const back = await device(otherGateway(), { token: r.token.staff, lastSeq });
		assert.equal(back.resync, undefined);
		const missed = back.events.filter(e => e.seq > lastSeq);
		const expected = stayed.events.filter(e => e.seq > lastSeq && e.seq <= back.welcome!.seq);
		assert.deepEqual(
			missed.map(e => [e.seq, e.type]),
			expected.map(e => [e.seq, e.type]),
		);
		assert.deepEqual(
			missed.filter(e => (e.data.orderId ?? e.data.id) === order.id).map(e => `${e.type} ${e.data.status}`),
			["order:update in_progress", "kitchen:item preparing", "order:update ready", "kitchen:item ready"],
		);
		assert.deepEqual(
			missed.map(e => e.data),
			expected.map(e => e.data),
		);
	});

	it("a seq from another life of the feed gets `resync` instead of a wrong replay", async () => {
		const current = (await device(cluster.baseUrl, { token: r.token.staff })).welcome!.seq;
		const d = await device(cluster.baseUrl, { token: r.token.staff, lastSeq: current + 1_000_000 });
		assert.equal(d.resync?.reason, "unknown seq");
		assert.ok(d.resync!.seq >= current);
		assert.equal(d.events.length, 0);
	});

	it("the same event delivered twice pushes nothing twice and makes no second ticket", async () => {
		const waiter = await device(cluster.baseUrl, { token: r.token.staff });
		const order = await placeOrder(http, r, r.tables[2], [{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		await waiter.waitFor("order:new", (o: Order) => o.id === order.id);
		const orders = cluster.brokerOf("order").getLocalService("order") as unknown as DbMethods;
		const row = await orders
			.table("outbox")
			.where({ topic: "order.placed" })
			.whereRaw("payload->'data'->'order'->>'id' = ?", [order.id])
			.first();
		const event = typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload;
		await (cluster.brokerOf("order") as unknown as { sendToChannel(t: string, p: unknown): Promise<void> }).sendToChannel(
			"order.placed",
			event,
		);
		// A marker event published after the duplicate: once it arrives, the duplicate has been handled.
		await http.patch(`/api/v1/tables/${r.tables[2].id}`, { seats: 5 }, { token: r.token.admin });
		await waiter.waitFor("table:update", (t: Table) => t.id === r.tables[2].id && t.seats === 5);
		assert.equal(waiter.events.filter(e => e.type === "order:new" && e.data.id === order.id).length, 1);
		const kitchen = cluster.brokerOf("kitchen").getLocalService("kitchen") as unknown as DbMethods;
		await until(
			"the kitchen to see the duplicate",
			async () => (await kitchen.table("inbox").where({ event_id: event.eventId })).length === 1,
		);
		assert.equal((await kitchen.table("ticket_items").where({ order_id: order.id })).length, 1);
		assert.equal((await kitchen.table("tickets").where({ order_id: order.id })).length, 1);
	});

	it("deactivating a user drops their live connections", async () => {
		const username = `leaver-${Date.now()}`;
		const u = await http.post(
			"/api/v1/auth/register",
			{ username, password: "password-123", fullName: "Leaver", role: "staff" },
			{ token: r.token.admin },
		);
		const d = await device(cluster.baseUrl, { token: (await http.login(username, "password-123")).accessToken });
		const gone = new Promise(resolve => d.socket.once("disconnect", resolve));
		await http.patch(`/api/v1/auth/users/${u.body.id}`, { isActive: false }, { token: r.token.admin });
		assert.equal(await gone, "io server disconnect");
	});
});
