// Courses, hold and fire, through the gateway: an order's later courses are held (the kitchen sees them and cannot
// start them, a serve never takes them, the bill names them as held) until a waiter fires them, or, with
// FIRE_NEXT_COURSE=on_bump, until the kitchen's last move on the course before; a fire and the event the kitchen
// makes its tickets from commit together (a failure between them leaves neither); two tablets firing one course
// fire it once (PostgreSQL in the distributed pass); held lines are voided and cancelled without the kitchen ever
// having started them. (The rules behind it are unit-tested in services/order/courses.test.ts.)
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { DbMethods, DomainEvent } from "../../mixins/db.mixin";
import type { MenuCategory, MenuItem, Order, OrderItem, OrderUpdated, Table, Ticket } from "../../contracts";

/** A restaurant with a three-course menu: soup and calamari to start, steak for mains, cake for dessert. */
interface Dinner {
	http: Client;
	r: Restaurant;
	soup: MenuItem;
	calamari: MenuItem;
	steak: MenuItem;
	cake: MenuItem;
}

async function openDinner(cluster: TestCluster): Promise<Dinner> {
	const http = client(cluster.baseUrl);
	const r = await openRestaurant(http, 0);
	const admin = { token: r.token.admin };
	const category = async (name: string, course: number) => {
		const res = await http.post<MenuCategory>("/api/v1/menu/categories", { name: `${name} ${Math.random()}`, course }, admin);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body.id;
	};
	const [starters, mains, desserts] = [await category("Starters", 1), await category("Mains", 2), await category("Desserts", 3)];
	const item = async (categoryId: string, name: string, priceCents: number, station: string) => {
		const res = await http.post<MenuItem>("/api/v1/menu/items", { categoryId, name, priceCents, station }, admin);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	return {
		http,
		r,
		soup: await item(starters, "Soup", 700, "cold"),
		calamari: await item(starters, "Calamari", 900, "grill"),
		steak: await item(mains, "Steak", 2800, "grill"),
		cake: await item(desserts, "Cake", 650, "cold"),
	};
}

/** What a suite does with a dinner: tables, orders, the kitchen's taps and the order service's outbox. */
function dinnerOps(cluster: () => TestCluster, d: () => Dinner) {
	let n = 0;
	const staff = () => ({ token: d().r.token.staff });
	const ops = {
		expectError(res: Reply, status: number, code: string) {
			assert.equal(res.status, status, JSON.stringify(res.body));
			assert.equal(res.body.error.code, code, JSON.stringify(res.body));
		},
		async dinnerFor(items: { menuItemId: string; quantity: number; course?: number }[]): Promise<Order> {
			const table = await d().http.post<Table>(
				"/api/v1/tables",
				{ name: `Course ${++n}-${Math.random()}`, seats: 4 },
				{ token: d().r.token.admin },
			);
			const res = await d().http.post<Order>("/api/v1/orders", { tableId: table.body.id, covers: 2, items }, staff());
			assert.equal(res.status, 201, JSON.stringify(res.body));
			return res.body;
		},
		fire: (orderId: string, course: unknown, token = d().r.token.staff): Promise<Reply> =>
			d().http.post(`/api/v1/orders/${orderId}/fire`, { course }, { token }),
		getOrder: async (id: string) => (await d().http.get<Order>(`/api/v1/orders/${id}`, staff())).body,
		kitchen: (action: "start" | "ready", itemId: string) =>
			d().http.post(`/api/v1/kitchen/items/${itemId}/${action}`, undefined, { token: d().r.token.kitchen }),
		bump: (orderId: string, station: string) =>
			d().http.post(`/api/v1/kitchen/tickets/${orderId}/bump`, { station }, { token: d().r.token.kitchen }),
		/** The order's ticket at a station once `holds` is true of it (the kitchen follows orders through durable events). */
		ticketOf: (orderId: string, station: string, holds: (t: Ticket) => boolean) =>
			until(`the ${station} ticket of ${orderId}`, async () => {
				const res = await d().http.get<Ticket[]>(`/api/v1/kitchen/tickets?station=${station}`, { token: d().r.token.kitchen });
				const t = res.body.find(x => x.orderId === orderId);
				return t && holds(t) && t;
			}),
		orders: () =>
			cluster().brokerOf("order").getLocalService("order") as unknown as Omit<DbMethods, "recordEvent"> & {
				recordEvent(trx: unknown, type: string, data: unknown): Promise<unknown>;
			},
		/** The order.updated events the order service recorded for an order, oldest first. */
		async eventsOf(orderId: string): Promise<OrderUpdated[]> {
			const rows: { payload: DomainEvent<OrderUpdated> | string }[] = await ops
				.orders()
				.table("outbox")
				.where({ topic: "order.updated" })
				.whereRaw("payload->'data'->'order'->>'id' = ?", [orderId])
				.orderBy("seq");
			return rows.map(row => (typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload).data);
		},
		byName: (o: Order, name: string): OrderItem => o.items.find(i => i.name === name)!,
	};
	return ops;
}

describe(`courses: held, then fired by a waiter — ${MODE}`, () => {
	let cluster: TestCluster;
	let d: Dinner;
	const { expectError, dinnerFor, fire, getOrder, kitchen, bump, ticketOf, orders, eventsOf, byName } = dinnerOps(
		() => cluster,
		() => d,
	);

	before(async () => {
		cluster = await startCluster();
		d = await openDinner(cluster);
	});
	after(() => cluster?.stop());

	it("starters go now; mains and desserts are held: the kitchen sees them and cannot start them, a serve leaves them, the bill names them", async () => {
		const o = await dinnerFor([
			{ menuItemId: d.soup.id, quantity: 2 },
			{ menuItemId: d.steak.id, quantity: 2 },
			{ menuItemId: d.cake.id, quantity: 1 },
			// A starter the guest wants with the dessert: the line's course wins over its category's.
			{ menuItemId: d.calamari.id, quantity: 1, course: 3 },
		]);
		assert.equal(o.firedCourse, 1);
		assert.deepEqual(
			o.items.map(i => [i.name, i.course, i.held, i.firedAt !== null]),
			[
				["Soup", 1, false, true],
				["Steak", 2, true, false],
				["Cake", 3, true, false],
				["Calamari", 3, true, false],
			],
		);
		const steak = byName(o, "Steak");
		expectError(await kitchen("start", steak.id), 409, "ITEM_HELD");
		expectError(await kitchen("ready", steak.id), 409, "ITEM_HELD");
		// The grill has only held lines on this order: its bump is refused, the order unchanged.
		await ticketOf(o.id, "grill", t => t.items.length === 2);
		expectError(await bump(o.id, "grill"), 409, "TICKET_HELD");
		assert.equal((await getOrder(o.id)).version, o.version);

		// The soup comes up; with FIRE_NEXT_COURSE=manual nothing fires by itself.
		assert.equal((await bump(o.id, "cold")).status, 200);
		const afterBump = await getOrder(o.id);
		assert.deepEqual(
			afterBump.items.map(i => [i.name, i.status, i.held]),
			[
				["Soup", "ready", false],
				["Steak", "queued", true],
				["Cake", "queued", true],
				["Calamari", "queued", true],
			],
		);
		const served = await d.http.post<Order>(`/api/v1/orders/${o.id}/serve`, undefined, { token: d.r.token.staff });
		assert.equal(served.status, 200, JSON.stringify(served.body));
		assert.deepEqual(
			served.body.items.map(i => i.status),
			["served", "queued", "queued", "queued"],
		);
		assert.equal(served.body.status, "in_progress");
		const nothingReady = await d.http.post(`/api/v1/orders/${o.id}/serve`, { itemIds: [steak.id] }, { token: d.r.token.staff });
		expectError(nothingReady, 409, "ORDER_NOT_READY");
		assert.deepEqual(nothingReady.body.error.details.items, [{ id: steak.id, name: "Steak", status: "held" }]);
		const bill = await d.http.post("/api/v1/billing/bills", { tableId: o.tableId }, { token: d.r.token.staff });
		expectError(bill, 409, "ORDER_NOT_SERVED");
		assert.match(bill.body.error.message, /Steak is held/);
	});

	it("a fire sends the course's held lines (and earlier held ones), once: a second fire changes nothing; the kitchen may start them", async () => {
		const o = await dinnerFor([
			{ menuItemId: d.soup.id, quantity: 1 },
			{ menuItemId: d.steak.id, quantity: 1 },
			{ menuItemId: d.cake.id, quantity: 1 },
			{ menuItemId: d.calamari.id, quantity: 1, course: 2 },
		]);
		const res = await fire(o.id, 2);
		assert.equal(res.status, 200, JSON.stringify(res.body));
		const fired: Order = res.body;
		assert.deepEqual([fired.firedCourse, fired.version], [2, o.version + 1]);
		assert.deepEqual(
			fired.items.map(i => [i.name, i.held]),
			[
				["Soup", false],
				["Steak", false],
				["Cake", true],
				["Calamari", false],
			],
		);
		const firedAt = Date.parse(byName(fired, "Steak").firedAt!);
		assert.ok(Math.abs(firedAt - Date.now()) < 60_000 && firedAt >= Date.parse(o.createdAt));
		const event = (await eventsOf(o.id)).at(-1)!;
		assert.deepEqual(
			[event.change, event.course, event.itemIds.sort(), event.by],
			["course_fired", 2, [byName(o, "Steak").id, byName(o, "Calamari").id].sort(), d.r.userId.staff],
		);

		// Fired already: 200, the same order, no event.
		const again = await fire(o.id, 2);
		assert.equal(again.status, 200);
		assert.equal(again.body.version, fired.version);
		assert.equal((await eventsOf(o.id)).length, 1);
		assert.equal((await fire(o.id, 1)).body.version, fired.version, "an earlier course has nothing held either");

		assert.equal((await kitchen("start", byName(o, "Steak").id)).status, 200);
		await ticketOf(o.id, "grill", t => t.items.every(i => !i.held));
		// Firing the desserts over the mains' heads is the waiter's call: they go.
		const desserts = await fire(o.id, 3);
		assert.deepEqual([desserts.body.firedCourse, byName(desserts.body, "Cake").held], [3, false]);
	});

	it("a fire's input and its callers: course 1..9 (400 naming it), staff and admin only, a known and open order", async () => {
		const o = await dinnerFor([{ menuItemId: d.soup.id, quantity: 1 }]);
		for (const course of [0, 10, 1.5, "2", null]) {
			const res = await fire(o.id, course);
			assert.equal(res.status, 400, JSON.stringify(res.body));
			assert.ok(JSON.stringify(res.body.error.details).includes("course"));
		}
		expectError(await fire(o.id, 2, d.r.token.kitchen), 403, "FORBIDDEN");
		expectError(await fire(crypto.randomUUID(), 2), 404, "ORDER_NOT_FOUND");
		assert.equal((await d.http.post(`/api/v1/orders/${o.id}/cancel`, { reason: "left" }, { token: d.r.token.staff })).status, 200);
		expectError(await fire(o.id, 2), 409, "ORDER_CLOSED");
	});

	it("a fire and its event commit together: the outbox holds it at the order's version, and a failure after the lines' write leaves neither", async () => {
		const o = await dinnerFor([
			{ menuItemId: d.soup.id, quantity: 1 },
			{ menuItemId: d.steak.id, quantity: 1 },
		]);
		const steak = byName(o, "Steak");
		const service = orders();
		const recordEvent = service.recordEvent;
		// The lines are written, then the event fails to record: the transaction must take the lines back with it.
		service.recordEvent = async (trx, type, data) => {
			if ((data as OrderUpdated).change === "course_fired") throw new Error("injected: the outbox is unreachable");
			return recordEvent(trx, type, data);
		};
		try {
			assert.equal((await fire(o.id, 2)).status, 500);
		} finally {
			service.recordEvent = recordEvent;
		}
		const unchanged = await getOrder(o.id);
		assert.deepEqual(
			[unchanged.version, unchanged.firedCourse, byName(unchanged, "Steak").held, byName(unchanged, "Steak").firedAt],
			[o.version, 1, true, null],
		);
		assert.equal((await eventsOf(o.id)).length, 0);

		// Fired for real: the one event names the steak, not held, at the version the waiter got back.
		const res = await fire(o.id, 2);
		assert.equal(res.status, 200, JSON.stringify(res.body));
		const [event] = await eventsOf(o.id);
		assert.equal(event.change, "course_fired");
		assert.equal(event.order.version, res.body.version);
		assert.deepEqual(event.order.items.find(i => i.id === steak.id)!.held, false);
		assert.deepEqual(event.order, res.body);
		// ...and the kitchen's ticket follows from it.
		await ticketOf(o.id, "grill", t => t.items.some(i => i.id === steak.id && !i.held));
	});

	it("rounds: while the mains cook, a round's starter goes and its dessert waits; with nothing in the kitchen the order moves on", async () => {
		const o = await dinnerFor([{ menuItemId: d.steak.id, quantity: 1 }]);
		assert.deepEqual([o.firedCourse, o.items[0].held], [2, false], "mains only: the mains go");
		const round = async (items: { menuItemId: string; quantity: number }[]) => {
			const res = await d.http.post<Order>(`/api/v1/orders/${o.id}/items`, { items }, { token: d.r.token.staff });
			assert.equal(res.status, 200, JSON.stringify(res.body));
			return res.body;
		};
		const second = await round([
			{ menuItemId: d.soup.id, quantity: 1 },
			{ menuItemId: d.cake.id, quantity: 2 },
		]);
		assert.deepEqual(
			second.items.slice(1).map(i => [i.name, i.held]),
			[
				["Soup", false],
				["Cake", true],
			],
		);
		assert.equal(second.firedCourse, 2);
		// Everything sent is served and the cake voided: a new round of desserts goes straight away.
		assert.equal((await bump(o.id, "grill")).status, 200);
		assert.equal((await kitchen("ready", byName(second, "Soup").id)).status, 200);
		assert.equal((await d.http.post(`/api/v1/orders/${o.id}/serve`, undefined, { token: d.r.token.staff })).status, 200);
		assert.equal(
			(
				await d.http.post(
					`/api/v1/orders/${o.id}/items/${byName(second, "Cake").id}/void`,
					{ reason: "changed mind" },
					{ token: d.r.token.staff },
				)
			).status,
			200,
		);
		const third = await round([{ menuItemId: d.cake.id, quantity: 1 }]);
		assert.deepEqual([third.firedCourse, third.items.at(-1)!.held], [3, false]);
	});

	it("held lines are voided by a waiter (no admin needed) and cancelled without the kitchen ever starting them", async () => {
		const o = await dinnerFor([
			{ menuItemId: d.soup.id, quantity: 1 },
			{ menuItemId: d.steak.id, quantity: 2 },
			{ menuItemId: d.cake.id, quantity: 1 },
		]);
		const steak = byName(o, "Steak");
		const voided = await d.http.post<Order>(
			`/api/v1/orders/${o.id}/items/${steak.id}/void`,
			{ reason: "not hungry", quantity: 1 },
			{ token: d.r.token.staff },
		);
		assert.equal(voided.status, 200, JSON.stringify(voided.body));
		assert.deepEqual(
			voided.body.items.filter(i => i.name === "Steak").map(i => [i.quantity, i.status, i.held]),
			[
				[1, "queued", true],
				[1, "voided", true],
			],
		);
		const event = (await eventsOf(o.id)).at(-1)!;
		assert.deepEqual(event.returned, [{ menuItemId: d.steak.id, optionIds: [], quantity: 1 }]);

		const cancelled = await d.http.post<Order>(`/api/v1/orders/${o.id}/cancel`, { reason: "called away" }, { token: d.r.token.staff });
		assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
		assert.ok(cancelled.body.items.every(i => i.status === "voided"));
		assert.deepEqual((await eventsOf(o.id)).at(-1)!.returned, [
			{ menuItemId: d.soup.id, optionIds: [], quantity: 1 },
			{ menuItemId: d.steak.id, optionIds: [], quantity: 1 },
			{ menuItemId: d.cake.id, optionIds: [], quantity: 1 },
		]);
		// The kitchen never started them, and nothing is left on the rail.
		await until("the tickets to leave the rail", async () => {
			const res = await d.http.get<Ticket[]>("/api/v1/kitchen/tickets", { token: d.r.token.kitchen });
			return !res.body.some(t => t.orderId === o.id);
		});
	});

	it(`two tablets fire the same course at once: both 200, one fire, one event${DISTRIBUTED ? " (PostgreSQL)" : ""}`, async () => {
		for (let i = 0; i < 4; i++) {
			const o = await dinnerFor([
				{ menuItemId: d.soup.id, quantity: 1 },
				{ menuItemId: d.steak.id, quantity: 1 },
				{ menuItemId: d.cake.id, quantity: 1 },
			]);
			const [a, b] = await Promise.all([fire(o.id, 2), fire(o.id, 2)]);
			assert.deepEqual([a.status, b.status], [200, 200]);
			assert.deepEqual([a.body.version, b.body.version], [o.version + 1, o.version + 1]);
			const events = await eventsOf(o.id);
			assert.deepEqual(
				events.map(e => [e.change, e.course]),
				[["course_fired", 2]],
			);
			assert.equal((await getOrder(o.id)).version, o.version + 1);
		}
	});
});

describe(`courses fired by the kitchen's bump (FIRE_NEXT_COURSE=on_bump) — ${MODE}`, () => {
	let cluster: TestCluster;
	let d: Dinner;
	const { dinnerFor, getOrder, kitchen, bump, eventsOf, byName, ticketOf } = dinnerOps(
		() => cluster,
		() => d,
	);

	before(async () => {
		cluster = await startCluster({ env: { FIRE_NEXT_COURSE: "on_bump" } });
		d = await openDinner(cluster);
	});
	after(() => cluster?.stop());

	it("the last starter off the stove fires the mains in the same transaction; the mains' bump fires the desserts", async () => {
		const o = await dinnerFor([
			{ menuItemId: d.soup.id, quantity: 1 },
			{ menuItemId: d.calamari.id, quantity: 1 },
			{ menuItemId: d.steak.id, quantity: 2 },
			{ menuItemId: d.cake.id, quantity: 2 },
		]);
		// The soup is up, the calamari still cooking: nothing fires.
		assert.equal((await kitchen("start", byName(o, "Calamari").id)).status, 200);
		assert.equal((await bump(o.id, "cold")).status, 200);
		assert.equal(byName(await getOrder(o.id), "Steak").held, true);

		// The calamari comes up (a cook's tap, not a bump): it was the last starter cooking, so the mains go with it.
		assert.equal((await kitchen("ready", byName(o, "Calamari").id)).status, 200);
		const mains = await getOrder(o.id);
		assert.deepEqual(
			mains.items.map(i => [i.name, i.status, i.held]),
			[
				["Soup", "ready", false],
				["Calamari", "ready", false],
				["Steak", "queued", false],
				["Cake", "queued", true],
			],
		);
		assert.equal(mains.firedCourse, 2);
		const [ready, fired] = (await eventsOf(o.id)).slice(-2);
		assert.deepEqual([ready.change, ready.itemIds], ["items_ready", [byName(o, "Calamari").id]]);
		assert.deepEqual([fired.change, fired.course, fired.itemIds, fired.by], ["course_fired", 2, [byName(o, "Steak").id], null]);
		assert.equal(fired.order.version, mains.version);
		assert.equal(ready.order.version, mains.version - 1);
		await ticketOf(o.id, "grill", t => t.items.some(i => i.name === "Steak" && !i.held));

		// The grill's bump readies the steak, the last of the mains: the desserts go.
		assert.equal((await bump(o.id, "grill")).status, 200);
		const desserts = await getOrder(o.id);
		assert.deepEqual([byName(desserts, "Cake").held, desserts.firedCourse], [false, 3]);
		assert.deepEqual(
			(await eventsOf(o.id)).slice(-1).map(e => [e.change, e.course]),
			[["course_fired", 3]],
		);
		// Nothing left held: the last bump fires nothing more.
		const before = (await eventsOf(o.id)).length;
		assert.equal((await bump(o.id, "cold")).status, 200);
		assert.deepEqual(
			(await eventsOf(o.id)).slice(before).map(e => e.change),
			["items_ready"],
		);
	});

	it("a waiter may still fire by hand; a held line is still refused to the kitchen until then", async () => {
		const o = await dinnerFor([
			{ menuItemId: d.soup.id, quantity: 1 },
			{ menuItemId: d.steak.id, quantity: 1 },
		]);
		assert.equal((await kitchen("start", byName(o, "Steak").id)).status, 409);
		const res = await d.http.post<Order>(`/api/v1/orders/${o.id}/fire`, { course: 2 }, { token: d.r.token.staff });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		assert.equal(byName(res.body, "Steak").held, false);
		assert.equal((await kitchen("start", byName(o, "Steak").id)).status, 200);
	});
});
