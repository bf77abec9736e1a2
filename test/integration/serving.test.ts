// Serving through the gateway: a waiter serves what is ready (all of it, or the items named) while the rest
// cooks — the bar's drinks before the grill's mains, round 1 before round 2; 409 naming what is not ready;
// the served change reaches only the devices of the items served; two tablets serving the same item at
// once: one wins. (The rules behind it, deriveStatus and pickToServe, are unit-tested in services/order/rules.test.ts.)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Order, OrderItem, Table, Ticket } from "../../contracts";

describe(`serving what is ready — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let n = 0;
	const devices: Device[] = [];

	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Serve ${++n}`, seats: 4 }, { token: r.token.admin });
		assert.equal(res.status, 201);
		return res.body;
	};
	const getOrder = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.staff })).body;
	const kitchen = (action: "start" | "ready", item: OrderItem) =>
		http.post(`/api/v1/kitchen/items/${item.id}/${action}`, undefined, { token: r.token.kitchen });
	/** Reply body: an order, or an error. */
	const serve = (orderId: string, body?: unknown, token = r.token.staff): Promise<Reply> =>
		http.post(`/api/v1/orders/${orderId}/serve`, body, { token });
	const statuses = (o: Order) => Object.fromEntries(o.items.map(i => [i.name, i.status]));
	const expectError = (res: Reply, status: number, code: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const tickets = async (station: string) =>
		(await http.get<Ticket[]>(`/api/v1/kitchen/tickets?station=${station}`, { token: r.token.kitchen })).body;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
	});
	after(async () => {
		for (const d of devices) d.close();
		await cluster?.stop();
	});

	it("the bar's drinks are served while the grill cooks; only the bar hears they were served", async () => {
		const waiter = await connectDevice(cluster.baseUrl, { token: r.token.staff });
		const grill = await connectDevice(cluster.baseUrl, { token: r.token.kitchen, stations: ["grill"] });
		const bar = await connectDevice(cluster.baseUrl, { token: r.token.kitchen, stations: ["bar"] });
		devices.push(waiter, grill, bar);
		const o = await placeOrder(http, r, await freshTable(), [
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 2 },
		]);
		const [steak, beer] = o.items;
		assert.equal((await kitchen("start", steak)).status, 200);
		assert.equal((await kitchen("ready", beer)).status, 200);

		// The floor app's Serve sends no body: everything ready goes out, the steak stays on the grill.
		const served = await serve(o.id);
		assert.equal(served.status, 200, JSON.stringify(served.body));
		assert.deepEqual(statuses(served.body), { Steak: "preparing", Beer: "served" });
		assert.equal(served.body.status, "in_progress");
		assert.deepEqual(statuses(await getOrder(o.id)), { Steak: "preparing", Beer: "served" });

		// The served change names the beer only: the bar and the floor hear it, the grill does not.
		await waiter.waitFor<OrderItem>("kitchen:item", i => i.id === beer.id && i.status === "served");
		await bar.waitFor<OrderItem>("kitchen:item", i => i.id === beer.id && i.status === "served");
		await until("the bar ticket to leave the screen", async () => !(await tickets("bar")).some(t => t.orderId === o.id));
		const grillTicket = (await tickets("grill")).find(t => t.orderId === o.id);
		assert.deepEqual(
			grillTicket?.items.map(i => [i.name, i.status]),
			[["Steak", "preparing"]],
		);
		assert.equal(grill.events.filter(e => e.type === "kitchen:item" && e.data.status === "served").length, 0);
		assert.equal(
			waiter.events.filter(e => e.type === "kitchen:item" && e.data.id === steak.id && e.data.status === "served").length,
			0,
		);

		// The steak comes up: the order is ready, and serving it by name finishes the table.
		assert.equal((await kitchen("ready", steak)).status, 200);
		assert.equal((await getOrder(o.id)).status, "ready");
		const rest = await serve(o.id, { itemIds: [steak.id] });
		assert.equal(rest.status, 200, JSON.stringify(rest.body));
		assert.equal(rest.body.status, "served");
		assert.deepEqual(statuses(rest.body), { Steak: "served", Beer: "served" });
	});

	it("round 1 is served while round 2 cooks; the second serve takes round 2", async () => {
		const o = await placeOrder(http, r, await freshTable(), [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		assert.equal((await http.post(`/api/v1/kitchen/tickets/${o.id}/bump`, undefined, { token: r.token.kitchen })).status, 200);
		const round = await http.post<Order>(
			`/api/v1/orders/${o.id}/items`,
			{ items: [{ menuItemId: r.dish.soup.id, quantity: 2 }] },
			{ token: r.token.staff },
		);
		assert.equal(round.status, 200);
		const soup = round.body.items[2];
		assert.equal((await kitchen("start", soup)).status, 200);

		const first = await serve(o.id, {});
		assert.equal(first.status, 200, JSON.stringify(first.body));
		assert.deepEqual(
			(first.body as Order).items.map(i => [i.round, i.status]),
			[
				[1, "served"],
				[1, "served"],
				[2, "preparing"],
			],
		);
		assert.equal(first.body.status, "in_progress");

		// Nothing else is ready: a second tap is refused, naming the soup still cooking.
		const early = await serve(o.id);
		expectError(early, 409, "ORDER_NOT_READY");
		assert.deepEqual(early.body.error.details.items, [{ id: soup.id, name: "Soup", status: "preparing" }]);

		assert.equal((await kitchen("ready", soup)).status, 200);
		const second = await serve(o.id);
		assert.equal(second.status, 200);
		assert.equal(second.body.status, "served");
		// Every line served: the table can be billed.
		assert.equal((await http.post("/api/v1/billing/bills", { tableId: o.tableId }, { token: r.token.staff })).status, 201);
	});

	it("named items: only those are served; a named item not ready is a 409 naming it, and nothing is served", async () => {
		const o = await placeOrder(http, r, await freshTable(), [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 1 },
			{ menuItemId: r.dish.soup.id, quantity: 1 },
		]);
		const [burger, salad, beer, soup] = o.items;
		for (const item of [burger, beer]) assert.equal((await kitchen("ready", item)).status, 200);
		assert.equal((await kitchen("start", soup)).status, 200);

		const refused = await serve(o.id, { itemIds: [burger.id, salad.id, soup.id] });
		expectError(refused, 409, "ORDER_NOT_READY");
		assert.deepEqual(refused.body.error.details.items, [
			{ id: salad.id, name: "Salad", status: "queued" },
			{ id: soup.id, name: "Soup", status: "preparing" },
		]);
		assert.match(refused.body.error.message, /Salad is queued, Soup is preparing/);
		assert.deepEqual(statuses(await getOrder(o.id)), { Burger: "ready", Salad: "queued", Beer: "ready", Soup: "preparing" });

		const one = await serve(o.id, { itemIds: [burger.id] });
		assert.equal(one.status, 200, JSON.stringify(one.body));
		assert.deepEqual(statuses(one.body), { Burger: "served", Salad: "queued", Beer: "ready", Soup: "preparing" });
		assert.equal(one.body.status, "in_progress");

		// Served already is not ready to serve: named again, it is refused with its status.
		const twice = await serve(o.id, { itemIds: [burger.id] });
		expectError(twice, 409, "ORDER_NOT_READY");
		assert.deepEqual(twice.body.error.details.items, [{ id: burger.id, name: "Burger", status: "served" }]);

		// A voided line is not servable either.
		assert.equal(
			(await http.post(`/api/v1/orders/${o.id}/items/${salad.id}/void`, { reason: "changed mind" }, { token: r.token.staff })).status,
			200,
		);
		const voided = await serve(o.id, { itemIds: [salad.id] });
		expectError(voided, 409, "ORDER_NOT_READY");
		assert.deepEqual(voided.body.error.details.items, [{ id: salad.id, name: "Salad", status: "voided" }]);
	});

	it("an item that is not on this order is a 404 naming it; bad itemIds are a 400 naming the field; nothing is served", async () => {
		const other = await placeOrder(http, r, await freshTable(), [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const o = await placeOrder(http, r, await freshTable(), [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const [beer] = o.items;
		assert.equal((await kitchen("ready", beer)).status, 200);
		assert.equal((await kitchen("ready", other.items[0])).status, 200);

		const ghost = crypto.randomUUID();
		const unknown = await serve(o.id, { itemIds: [beer.id, ghost, other.items[0].id] });
		expectError(unknown, 404, "ORDER_ITEM_NOT_FOUND");
		assert.deepEqual(unknown.body.error.details.itemIds, [ghost, other.items[0].id]);

		const cases: [unknown, string][] = [
			[{ itemIds: [] }, "itemIds"],
			[{ itemIds: ["not-a-uuid"] }, "itemIds[0]"],
			[{ itemIds: [beer.id, beer.id] }, "itemIds"],
			[{ itemIds: beer.id }, "itemIds"],
			[{ itemIds: null }, "itemIds"],
			[{ itemIds: Array.from({ length: 201 }, () => crypto.randomUUID()) }, "itemIds"],
		];
		for (const [body, field] of cases) {
			const res = await serve(o.id, body);
			assert.equal(res.status, 400, `${JSON.stringify(body).slice(0, 80)} → ${res.status} ${JSON.stringify(res.body)}`);
			assert.ok(JSON.stringify(res.body.error.details).includes(field), `names ${field}: ${JSON.stringify(res.body.error)}`);
		}
		expectError(await serve(crypto.randomUUID(), { itemIds: [beer.id] }), 404, "ORDER_NOT_FOUND");
		assert.equal((await serve(o.id, undefined, r.token.kitchen)).status, 403);
		assert.deepEqual(statuses(await getOrder(o.id)), { Beer: "ready" });
		assert.deepEqual(statuses(await getOrder(other.id)), { Beer: "ready" });
	});

	it("nothing ready and no items named: a 409 naming what is still cooking", async () => {
		const o = await placeOrder(http, r, await freshTable(), [
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.soup.id, quantity: 1 },
		]);
		const [steak, soup] = o.items;
		assert.equal((await kitchen("start", steak)).status, 200);
		const res = await serve(o.id);
		expectError(res, 409, "ORDER_NOT_READY");
		assert.deepEqual(res.body.error.details.items, [
			{ id: steak.id, name: "Steak", status: "preparing" },
			{ id: soup.id, name: "Soup", status: "queued" },
		]);
		assert.equal(res.body.error.details.orderId, o.id);
	});

	it(`two tablets serving the same item at once: one wins, the other gets 409${DISTRIBUTED ? " (PostgreSQL: truly concurrent transactions)" : ""}`, async () => {
		const waiter = await connectDevice(cluster.baseUrl, { token: r.token.staff });
		devices.push(waiter);
		for (const body of [{ named: true }, { named: false }]) {
			const o = await placeOrder(http, r, await freshTable(), [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.steak.id, quantity: 1 },
			]);
			const [burger] = o.items;
			assert.equal((await kitchen("ready", burger)).status, 200);
			const taps = await Promise.all(
				[r.token.staff, r.token.admin].map(token => serve(o.id, body.named ? { itemIds: [burger.id] } : undefined, token)),
			);
			assert.deepEqual(taps.map(t => t.status).sort(), [200, 409], JSON.stringify(taps.map(t => t.body)));
			const lost = taps.find(t => t.status === 409)!;
			assert.equal(lost.body.error.code, "ORDER_NOT_READY");
			if (body.named) assert.deepEqual(lost.body.error.details.items, [{ id: burger.id, name: "Burger", status: "served" }]);
			const final = await getOrder(o.id);
			assert.deepEqual(statuses(final), { Burger: "served", Steak: "queued" });
			// Served once: one order version for it, one push.
			assert.equal(final.version, o.version + 2);
			await waiter.waitFor<OrderItem>("kitchen:item", i => i.id === burger.id && i.status === "served");
			await new Promise(res => setTimeout(res, 200));
			assert.equal(
				waiter.events.filter(e => e.type === "kitchen:item" && e.data.id === burger.id && e.data.status === "served").length,
				1,
			);
		}
	});
});
