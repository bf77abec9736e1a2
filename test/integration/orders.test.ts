// Tables, orders and the kitchen through the gateway: an order priced from the menu, rounds, voids, cancel
// and serve; tickets per station with start, ready, bump and recall; races between tablets decided by
// row locks (one wins, the other gets 409); Idempotency-Key; 86 during placement; bad input refused unwritten.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { Order, Table, Ticket } from "../../contracts";

describe(`tables, orders and kitchen — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let nextTable = 0;
	/** A table nobody has used yet in this file. */
	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Fresh ${++nextTable}`, seats: 2 }, { token: r.token.admin });
		assert.equal(res.status, 201);
		return res.body;
	};
	const getOrder = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.staff })).body;
	const tickets = async (station?: string) =>
		(await http.get<Ticket[]>(`/api/v1/kitchen/tickets${station ? `?station=${station}` : ""}`, { token: r.token.kitchen })).body;
	const ticketOf = (orderId: string, station: string) => async () => (await tickets(station)).find(t => t.orderId === orderId);
	const tableStatus = async (id: string) =>
		(await http.get<Table[]>("/api/v1/tables", { token: r.token.staff })).body.find(t => t.id === id)?.status;
	const countOrders = async () => (await http.get<Order[]>("/api/v1/orders?limit=500", { token: r.token.admin })).body.length;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
	});
	after(() => cluster?.stop());

	describe("tables", () => {
		it("admins lay out the floor; staff only set a table's status; names are unique", async () => {
			const t = await freshTable();
			assert.deepEqual(Object.keys(t).sort(), ["area", "id", "name", "seats", "shape", "status", "x", "y"]);
			assert.equal(t.status, "available");
			assert.equal(
				(await http.patch(`/api/v1/tables/${t.id}`, { status: "reserved" }, { token: r.token.staff })).body.status,
				"reserved",
			);
			const rename = await http.patch(`/api/v1/tables/${t.id}`, { name: "VIP" }, { token: r.token.staff });
			assert.equal(rename.status, 403);
			assert.equal((await http.patch(`/api/v1/tables/${t.id}`, { status: "cleaning" }, { token: r.token.kitchen })).status, 403);
			const dup = await http.post("/api/v1/tables", { name: t.name.toUpperCase(), seats: 2 }, { token: r.token.admin });
			assert.equal(dup.status, 409);
			assert.equal(dup.body.error.code, "TABLE_NAME_TAKEN");
			assert.equal(
				(await http.patch(`/api/v1/tables/${t.id}`, { seats: 6, area: "Terrace" }, { token: r.token.admin })).body.seats,
				6,
			);
			assert.equal((await http.del(`/api/v1/tables/${t.id}`, { token: r.token.admin })).status, 204);
			assert.equal((await http.del(`/api/v1/tables/${t.id}`, { token: r.token.admin })).status, 404);
		});

		it("each table has a QR code of its guest menu link, as SVG or PNG, without a token", async () => {
			const t = r.tables[0];
			const svg = await http.get(`/api/v1/tables/${t.id}/qr`);
			assert.equal(svg.status, 200);
			assert.match(svg.headers.get("content-type")!, /image\/svg\+xml/);
			assert.match(svg.body as string, /^<svg/);
			assert.equal(svg.headers.get("x-guest-link"), `${cluster.config.publicUrl}/guest/?table=${t.id}`);
			const png = await fetch(`${cluster.baseUrl}/api/v1/tables/${t.id}/qr?format=png`);
			assert.equal(png.headers.get("content-type"), "image/png");
			assert.deepEqual([...new Uint8Array(await png.arrayBuffer()).slice(0, 4)], [0x89, 0x50, 0x4e, 0x47]);
			assert.equal((await http.get(`/api/v1/tables/${crypto.randomUUID()}/qr`)).status, 404);
			assert.equal((await http.get(`/api/v1/tables/${t.id}/qr?format=gif`)).status, 400);
		});
	});

	describe("an order's life", () => {
		it("is priced from the menu (a price sent by the tablet is ignored), tickets reach each station, the table is occupied", async () => {
			const table = await freshTable();
			const res = await http.post<Order>(
				"/api/v1/orders",
				{
					tableId: table.id,
					items: [
						{ menuItemId: r.dish.burger.id, quantity: 2, priceCents: 1, notes: "medium" },
						{ menuItemId: r.dish.salad.id, quantity: 1 },
					],
					notes: "birthday",
				},
				{ token: r.token.staff },
			);
			assert.equal(res.status, 201);
			const o = res.body;
			assert.equal(res.headers.get("location"), `/api/v1/orders/${o.id}`);
			assert.equal(o.status, "placed");
			assert.equal(o.tableName, table.name);
			assert.equal(o.notes, "birthday");
			assert.equal(o.createdBy, r.userId.staff);
			assert.equal(o.totalCents, 2 * 1450 + 900);
			assert.deepEqual(
				o.items.map(i => [i.name, i.station, i.quantity, i.unitPriceCents, i.notes, i.status]),
				[
					["Burger", "grill", 2, 1450, "medium", "queued"],
					["Salad", "cold", 1, 900, "", "queued"],
				],
			);
			const grill = await until("the grill ticket", ticketOf(o.id, "grill"));
			assert.deepEqual(
				grill.items.map(i => i.name),
				["Burger"],
			);
			assert.equal(grill.tableName, table.name);
			const cold = await until("the cold ticket", ticketOf(o.id, "cold"));
			assert.deepEqual(
				cold.items.map(i => i.name),
				["Salad"],
			);
			assert.equal(
				(await tickets("bar")).some(t => t.orderId === o.id),
				false,
			);
			await until("the table to be occupied", async () => (await tableStatus(table.id)) === "occupied");
			const occupiedDelete = await http.del(`/api/v1/tables/${table.id}`, { token: r.token.admin });
			assert.equal(occupiedDelete.status, 409);
			assert.equal(occupiedDelete.body.error.code, "TABLE_OCCUPIED");
		});

		it("keeps its copy of name and price when the menu changes later", async () => {
			const dish = (
				await http.post(
					"/api/v1/menu/items",
					{ categoryId: r.dish.soup.categoryId, name: "Broth", priceCents: 650, station: "cold" },
					{ token: r.token.admin },
				)
			).body;
			const o = await placeOrder(http, r, await freshTable(), [{ menuItemId: dish.id, quantity: 1 }]);
			await http.patch(`/api/v1/menu/items/${dish.id}`, { name: "Broth of the day", priceCents: 990 }, { token: r.token.admin });
			assert.equal((await http.del(`/api/v1/menu/items/${dish.id}`, { token: r.token.admin })).status, 204);
			const again = await getOrder(o.id);
			assert.equal(again.items[0].name, "Broth");
			assert.equal(again.items[0].unitPriceCents, 650);
			assert.equal(again.totalCents, 650);
		});

		it("goes placed → in_progress → ready → served as the kitchen works, with rounds in between", async () => {
			const table = await freshTable();
			const o = await placeOrder(http, r, table, [
				{ menuItemId: r.dish.steak.id, quantity: 1 },
				{ menuItemId: r.dish.soup.id, quantity: 2 },
			]);
			const [steak, soup] = o.items;
			await until("tickets", ticketOf(o.id, "cold"));

			const start = await http.post(`/api/v1/kitchen/items/${steak.id}/start`, undefined, { token: r.token.kitchen });
			assert.equal(start.status, 200);
			assert.equal(start.body.status, "preparing");
			assert.equal(start.body.orderId, o.id);
			assert.equal((await getOrder(o.id)).status, "in_progress");

			const round = await http.post<Order>(
				`/api/v1/orders/${o.id}/items`,
				{ items: [{ menuItemId: r.dish.beer.id, quantity: 2 }] },
				{ token: r.token.staff },
			);
			assert.equal(round.status, 200);
			assert.deepEqual(
				round.body.items.map(i => i.round),
				[1, 1, 2],
			);
			assert.equal(round.body.totalCents, 2800 + 2 * 650 + 2 * 600);
			const beer = round.body.items[2];
			await until("the bar ticket", ticketOf(o.id, "bar"));

			assert.equal((await http.post(`/api/v1/orders/${o.id}/serve`, undefined, { token: r.token.staff })).status, 409);
			assert.equal(
				(await http.post(`/api/v1/kitchen/items/${steak.id}/ready`, undefined, { token: r.token.kitchen })).body.status,
				"ready",
			);
			assert.equal(
				(await http.post(`/api/v1/kitchen/items/${soup.id}/ready`, undefined, { token: r.token.kitchen })).body.status,
				"ready",
			);
			assert.equal((await getOrder(o.id)).status, "in_progress");
			assert.equal((await http.post(`/api/v1/kitchen/items/${beer.id}/ready`, undefined, { token: r.token.admin })).status, 200);
			assert.equal((await getOrder(o.id)).status, "ready");

			const served = await http.post<Order>(`/api/v1/orders/${o.id}/serve`, undefined, { token: r.token.staff });
			assert.equal(served.status, 200);
			assert.equal(served.body.status, "served");
			assert.ok(served.body.items.every(i => i.status === "served"));
			assert.equal((await http.post(`/api/v1/kitchen/items/${steak.id}/start`, undefined, { token: r.token.kitchen })).status, 409);
			await until("served tickets to leave the screen", async () => !(await tickets()).some(t => t.orderId === o.id));

			// Dessert after the mains: a served order takes another round and is back in the kitchen's hands.
			const dessert = await http.post<Order>(
				`/api/v1/orders/${o.id}/items`,
				{ items: [{ menuItemId: r.dish.salad.id, quantity: 1 }] },
				{ token: r.token.staff },
			);
			assert.equal(dessert.body.status, "in_progress");
			assert.deepEqual(
				dessert.body.items.map(i => i.round),
				[1, 1, 2, 3],
			);
		});

		it("bump readies a station's items and takes the ticket off the screen; recall brings it back", async () => {
			const o = await placeOrder(http, r, await freshTable(), [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.steak.id, quantity: 1 },
				{ menuItemId: r.dish.beer.id, quantity: 1 },
			]);
			await until("the grill ticket", ticketOf(o.id, "grill"));
			await http.post(`/api/v1/kitchen/items/${o.items[0].id}/start`, undefined, { token: r.token.kitchen });
			const bump = await http.post<Ticket[]>(`/api/v1/kitchen/tickets/${o.id}/bump?station=grill`, undefined, {
				token: r.token.kitchen,
			});
			assert.equal(bump.status, 200);
			assert.equal(bump.body.length, 1);
			assert.equal(bump.body[0].status, "bumped");
			assert.ok(bump.body[0].items.every(i => i.status === "ready" && i.readyAt));
			assert.ok(bump.body[0].items[0].startedAt && bump.body[0].items[0].startedAt <= bump.body[0].items[0].readyAt!);
			const after = await getOrder(o.id);
			assert.deepEqual(
				after.items.map(i => i.status),
				["ready", "ready", "queued"],
			);
			assert.equal(after.status, "in_progress");
			assert.equal(await ticketOf(o.id, "grill")(), undefined);
			assert.ok(await ticketOf(o.id, "bar")());

			const again = await http.post(`/api/v1/kitchen/tickets/${o.id}/bump?station=grill`, undefined, { token: r.token.kitchen });
			assert.equal(again.status, 409);
			assert.equal(again.body.error.code, "TICKET_ALREADY_BUMPED");
			const bumped = await http.get<Ticket[]>("/api/v1/kitchen/tickets?status=bumped&station=grill", { token: r.token.kitchen });
			assert.equal(bumped.body[0].orderId, o.id);

			const recall = await http.post<Ticket[]>(`/api/v1/kitchen/tickets/${o.id}/recall?station=grill`, undefined, {
				token: r.token.kitchen,
			});
			assert.equal(recall.status, 200);
			assert.equal(recall.body[0].status, "open");
			assert.ok(await ticketOf(o.id, "grill")());
			assert.equal(
				(await http.post(`/api/v1/kitchen/tickets/${o.id}/recall?station=grill`, undefined, { token: r.token.kitchen })).status,
				409,
			);
			assert.equal(
				(await http.post(`/api/v1/kitchen/tickets/${o.id}/bump?station=pastry`, undefined, { token: r.token.kitchen })).status,
				404,
			);
			assert.equal((await http.post(`/api/v1/kitchen/tickets/${o.id}/bump`, undefined, { token: r.token.staff })).status, 403);

			// Bump with no station: the expo bumps the whole order.
			const all = await http.post<Ticket[]>(`/api/v1/kitchen/tickets/${o.id}/bump`, undefined, { token: r.token.kitchen });
			assert.deepEqual(all.body.map(t => t.station).sort(), ["bar", "grill"]);
			assert.equal((await getOrder(o.id)).status, "ready");
		});

		it("voids: a waiter voids a queued item, not one being prepared; an admin may; voided items cost nothing", async () => {
			const o = await placeOrder(http, r, await freshTable(), [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.salad.id, quantity: 1 },
				{ menuItemId: r.dish.beer.id, quantity: 3 },
			]);
			const [burger, salad, beer] = o.items;
			const v = await http.post<Order>(
				`/api/v1/orders/${o.id}/items/${beer.id}/void`,
				{ reason: "wrong table" },
				{ token: r.token.staff },
			);
			assert.equal(v.status, 200);
			assert.equal(v.body.items[2].status, "voided");
			assert.equal(v.body.items[2].voidReason, "wrong table");
			assert.equal(v.body.totalCents, 1450 + 900);
			assert.equal(
				(await http.post(`/api/v1/orders/${o.id}/items/${beer.id}/void`, { reason: "again" }, { token: r.token.staff })).status,
				409,
			);

			await http.post(`/api/v1/kitchen/items/${burger.id}/start`, undefined, { token: r.token.kitchen });
			const late = await http.post(
				`/api/v1/orders/${o.id}/items/${burger.id}/void`,
				{ reason: "changed mind" },
				{ token: r.token.staff },
			);
			assert.equal(late.status, 403);
			assert.equal(late.body.error.code, "APPROVAL_REQUIRED");
			assert.equal(
				(await http.post(`/api/v1/orders/${o.id}/items/${burger.id}/void`, { reason: "burnt" }, { token: r.token.admin })).status,
				200,
			);
			assert.equal((await http.post(`/api/v1/orders/${o.id}/items/${burger.id}/void`, {}, { token: r.token.admin })).status, 400);
			assert.equal(
				(await http.post(`/api/v1/orders/${o.id}/items/${crypto.randomUUID()}/void`, { reason: "x" }, { token: r.token.staff }))
					.status,
				404,
			);
			await until("the void to reach the grill ticket", async () => !(await ticketOf(o.id, "grill")()));
			assert.equal((await http.post(`/api/v1/kitchen/items/${burger.id}/ready`, undefined, { token: r.token.kitchen })).status, 409);
			// Voiding the last live item leaves nothing to cook or bill.
			const last = await http.post<Order>(
				`/api/v1/orders/${o.id}/items/${salad.id}/void`,
				{ reason: "left" },
				{ token: r.token.staff },
			);
			assert.equal(last.body.status, "cancelled");
			assert.equal(last.body.totalCents, 0);
		});

		it("cancel: allowed until something is ready; frees the table and clears the kitchen's screen", async () => {
			const table = await freshTable();
			const o = await placeOrder(http, r, table, [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.salad.id, quantity: 1 },
			]);
			await until("the table to be occupied", async () => (await tableStatus(table.id)) === "occupied");
			await until("the ticket", ticketOf(o.id, "grill"));
			assert.equal((await http.post(`/api/v1/orders/${o.id}/cancel`, {}, { token: r.token.staff })).status, 400);
			const c = await http.post<Order>(`/api/v1/orders/${o.id}/cancel`, { reason: "guests left" }, { token: r.token.staff });
			assert.equal(c.status, 200);
			assert.equal(c.body.status, "cancelled");
			assert.ok(c.body.items.every(i => i.status === "voided"));
			const again = await http.post(`/api/v1/orders/${o.id}/cancel`, { reason: "twice" }, { token: r.token.staff });
			assert.equal(again.status, 409);
			assert.equal(again.body.error.code, "ORDER_CLOSED");
			assert.equal(
				(
					await http.post(
						`/api/v1/orders/${o.id}/items`,
						{ items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] },
						{ token: r.token.staff },
					)
				).status,
				409,
			);
			await until("the table to be free", async () => (await tableStatus(table.id)) === "available");
			await until("the tickets to go", async () => !(await tickets()).some(t => t.orderId === o.id));

			// Once anything is ready, the order cannot be cancelled.
			const o2 = await placeOrder(http, r, table, [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.salad.id, quantity: 1 },
			]);
			await http.post(`/api/v1/kitchen/items/${o2.items[0].id}/ready`, undefined, { token: r.token.kitchen });
			const late = await http.post(`/api/v1/orders/${o2.id}/cancel`, { reason: "too late" }, { token: r.token.staff });
			assert.equal(late.status, 409);
			assert.equal(late.body.error.code, "ORDER_NOT_CANCELLABLE");
		});

		it("lists orders by status and table; the kitchen reads them too", async () => {
			const table = await freshTable();
			const o = await placeOrder(http, r, table, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
			const byTable = await http.get<Order[]>(`/api/v1/orders?tableId=${table.id}`, { token: r.token.kitchen });
			assert.deepEqual(
				byTable.body.map(x => x.id),
				[o.id],
			);
			const placed = await http.get<Order[]>(`/api/v1/orders?status=placed&tableId=${table.id}`, { token: r.token.staff });
			assert.equal(placed.body.length, 1);
			assert.equal(
				(await http.get<Order[]>(`/api/v1/orders?status=served&tableId=${table.id}`, { token: r.token.staff })).body.length,
				0,
			);
			assert.equal((await http.get(`/api/v1/orders/${crypto.randomUUID()}`, { token: r.token.staff })).status, 404);
			assert.equal(
				(
					await http.post(
						"/api/v1/orders",
						{ tableId: table.id, items: [{ menuItemId: r.dish.soup.id, quantity: 1 }] },
						{ token: r.token.kitchen },
					)
				).status,
				403,
			);
		});
	});

	describe("Idempotency-Key", () => {
		it("a retried POST /orders returns the first order; the same key with another body is a 409", async () => {
			const table = await freshTable();
			const body = { tableId: table.id, items: [{ menuItemId: r.dish.burger.id, quantity: 1 }] };
			const headers = { "idempotency-key": `tap-${crypto.randomUUID()}` };
			const first = await http.post<Order>("/api/v1/orders", body, { token: r.token.staff, headers });
			const retry = await http.post<Order>("/api/v1/orders", body, { token: r.token.staff, headers });
			assert.equal(first.status, 201);
			assert.equal(retry.status, 201);
			assert.equal(retry.body.id, first.body.id);
			assert.equal(retry.headers.get("idempotent-replayed"), "true");
			const other = await http.post(
				"/api/v1/orders",
				{ ...body, items: [{ menuItemId: r.dish.burger.id, quantity: 2 }] },
				{ token: r.token.staff, headers },
			);
			assert.equal(other.status, 409);
			assert.equal(other.body.error.code, "IDEMPOTENCY_KEY_REUSED");
			assert.equal((await http.get<Order[]>(`/api/v1/orders?tableId=${table.id}`, { token: r.token.staff })).body.length, 1);
		});

		it("a double tap sent at the same instant makes one order and one round", async () => {
			const table = await freshTable();
			const body = { tableId: table.id, items: [{ menuItemId: r.dish.steak.id, quantity: 1 }] };
			const headers = { "idempotency-key": `tap-${crypto.randomUUID()}` };
			const taps = await Promise.all(
				Array.from({ length: 6 }, () => http.post<Order>("/api/v1/orders", body, { token: r.token.staff, headers })),
			);
			assert.deepEqual(
				taps.map(t => t.status),
				Array(6).fill(201),
			);
			assert.equal(new Set(taps.map(t => t.body.id)).size, 1);
			const orderId = taps[0].body.id;
			const roundKey = { "idempotency-key": `round-${crypto.randomUUID()}` };
			const rounds = await Promise.all(
				Array.from({ length: 4 }, () =>
					http.post<Order>(
						`/api/v1/orders/${orderId}/items`,
						{ items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] },
						{ token: r.token.staff, headers: roundKey },
					),
				),
			);
			assert.deepEqual(
				rounds.map(x => x.status),
				[200, 200, 200, 200],
			);
			const o = await getOrder(orderId);
			assert.deepEqual(
				o.items.map(i => i.name),
				["Steak", "Beer"],
			);
			const grill = await until("the grill ticket", ticketOf(orderId, "grill"));
			assert.equal(grill.items.length, 1);
		});
	});

	describe(`two tablets at once${DISTRIBUTED ? " (PostgreSQL: truly concurrent transactions)" : ""}`, () => {
		it("opening the same table: one order wins, the other gets 409 naming it", async () => {
			const table = await freshTable();
			const [a, b] = await Promise.all([
				http.post<Order>(
					"/api/v1/orders",
					{ tableId: table.id, items: [{ menuItemId: r.dish.burger.id, quantity: 1 }] },
					{ token: r.token.staff },
				),
				http.post<Order>(
					"/api/v1/orders",
					{ tableId: table.id, items: [{ menuItemId: r.dish.salad.id, quantity: 1 }] },
					{ token: r.token.admin },
				),
			]);
			const statuses = [a.status, b.status].sort();
			assert.deepEqual(statuses, [201, 409]);
			const [won, lost] = a.status === 201 ? [a, b] : [b, a];
			assert.equal((lost as Reply).body.error.code, "TABLE_HAS_OPEN_ORDER");
			assert.equal((lost as Reply).body.error.details.orderId, won.body.id);
			assert.equal((await http.get<Order[]>(`/api/v1/orders?tableId=${table.id}`, { token: r.token.staff })).body.length, 1);
		});

		it("two cooks starting the same item: one wins, one 409; a void racing a start: exactly one of them happens", async () => {
			const o = await placeOrder(http, r, await freshTable(), [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.steak.id, quantity: 1 },
			]);
			const [burger, steak] = o.items;
			const starts = await Promise.all(
				[1, 2].map(() => http.post(`/api/v1/kitchen/items/${burger.id}/start`, undefined, { token: r.token.kitchen })),
			);
			assert.deepEqual(starts.map(s => s.status).sort(), [200, 409]);
			assert.equal(starts.find(s => s.status === 409)!.body.error.code, "ITEM_STATE_CONFLICT");

			const [voided, started] = await Promise.all([
				http.post(`/api/v1/orders/${o.id}/items/${steak.id}/void`, { reason: "race" }, { token: r.token.staff }),
				http.post(`/api/v1/kitchen/items/${steak.id}/start`, undefined, { token: r.token.kitchen }),
			]);
			// The void first: the start is a 409; the start first: the waiter's void of a started line needs a manager.
			assert.deepEqual(
				[voided.status, started.status],
				voided.status === 200 ? [200, 409] : [403, 200],
				JSON.stringify([voided.body, started.body]),
			);
			const final = (await getOrder(o.id)).items[1].status;
			assert.equal(final, voided.status === 200 ? "voided" : "preparing");
		});

		it("ten rounds added at once to one order: all ten land, on distinct rounds, none lost", async () => {
			const o = await placeOrder(http, r, await freshTable(), [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
			const adds = await Promise.all(
				Array.from({ length: 10 }, (_, i) =>
					http.post(
						`/api/v1/orders/${o.id}/items`,
						{ items: [{ menuItemId: r.dish.beer.id, quantity: 1, notes: `round ${i}` }] },
						{ token: r.token.staff },
					),
				),
			);
			assert.ok(adds.every(a => a.status === 200));
			const final = await getOrder(o.id);
			assert.equal(final.items.length, 11);
			assert.deepEqual(
				final.items.map(i => i.round),
				[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11],
			);
			assert.equal(final.totalCents, 650 + 10 * 600);
			const bar = await until("all ten beers on the bar ticket", async () => {
				const t = await ticketOf(o.id, "bar")();
				return t?.items.length === 10 && t;
			});
			assert.equal(bar.items.length, 10);
		});
	});

	it("86 while orders are being placed: each order is whole or refused, and none after the 86 gets through", async () => {
		const dish = (
			await http.post(
				"/api/v1/menu/items",
				{ categoryId: r.dish.burger.categoryId, name: "Special", priceCents: 2000, station: "grill" },
				{ token: r.token.admin },
			)
		).body;
		const tables = await Promise.all(Array.from({ length: 8 }, () => freshTable()));
		const before = await countOrders();
		const orders = tables.map(t =>
			http.post(
				"/api/v1/orders",
				{
					tableId: t.id,
					items: [
						{ menuItemId: r.dish.salad.id, quantity: 1 },
						{ menuItemId: dish.id, quantity: 1 },
					],
				},
				{ token: r.token.staff },
			),
		);
		const eightySix = http.patch(`/api/v1/menu/items/${dish.id}`, { available: false }, { token: r.token.kitchen });
		const results = await Promise.all(orders);
		assert.equal((await eightySix).status, 200);
		for (const res of results) {
			if (res.status === 201)
				assert.deepEqual(
					(res.body as Order).items.map(i => i.name),
					["Salad", "Special"],
				);
			else {
				assert.equal(res.status, 409);
				assert.equal(res.body.error.code, "ITEM_UNAVAILABLE");
				assert.deepEqual(res.body.error.details.menuItemIds, [dish.id]);
			}
		}
		assert.equal(await countOrders(), before + results.filter(x => x.status === 201).length);
		const late = await http.post(
			"/api/v1/orders",
			{ tableId: (await freshTable()).id, items: [{ menuItemId: dish.id, quantity: 1 }] },
			{ token: r.token.staff },
		);
		assert.equal(late.status, 409);
		assert.equal(late.body.error.code, "ITEM_UNAVAILABLE");
	});

	it("bad input on every route is a 4xx naming the problem, and writes nothing", async () => {
		const table = await freshTable();
		const o = await placeOrder(http, r, table, [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const before = {
			orders: await countOrders(),
			items: (await getOrder(o.id)).items.length,
			tables: (await http.get<Table[]>("/api/v1/tables", { token: r.token.admin })).body.length,
		};
		const ghost = crypto.randomUUID();
		const line = (over: object) => ({ menuItemId: r.dish.burger.id, quantity: 1, ...over });
		const cases: [string, string, unknown, number, string?][] = [
			["POST", "/api/v1/orders", { tableId: ghost, items: [line({})] }, 404, "TABLE_NOT_FOUND"],
			["POST", "/api/v1/orders", { tableId: "5", items: [line({})] }, 400, "tableId"],
			["POST", "/api/v1/orders", { items: [line({})] }, 400, "tableId"],
			["POST", "/api/v1/orders", { tableId: table.id }, 400, "items"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [] }, 400, "items"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [line({ quantity: 0 })] }, 400, "items[0].quantity"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [line({ quantity: -2 })] }, 400, "items[0].quantity"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [line({ quantity: 1e9 })] }, 400, "items[0].quantity"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [line({ quantity: 1.5 })] }, 400, "items[0].quantity"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [line({ quantity: "2" })] }, 400, "items[0].quantity"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [line({ menuItemId: ghost })] }, 404, "MENU_ITEM_NOT_FOUND"],
			["POST", "/api/v1/orders", { tableId: table.id, items: [line({ notes: "x".repeat(201) })] }, 400, "items[0].notes"],
			["POST", "/api/v1/orders", { tableId: table.id, items: Array(51).fill(line({})) }, 400, "items"],
			["POST", "/api/v1/orders", { tableId: table.id, items: "burger" }, 400, "items"],
			["POST", `/api/v1/orders/${o.id}/items`, { items: [line({ quantity: 0 })] }, 400, "items[0].quantity"],
			["POST", `/api/v1/orders/${o.id}/items`, { items: [line({ menuItemId: ghost })] }, 404, "MENU_ITEM_NOT_FOUND"],
			["POST", `/api/v1/orders/${ghost}/items`, { items: [line({})] }, 404, "ORDER_NOT_FOUND"],
			["POST", `/api/v1/orders/not-a-uuid/items`, { items: [line({})] }, 400, "id"],
			["POST", `/api/v1/orders/${o.id}/items/${ghost}/void`, { reason: "x" }, 404, "ORDER_ITEM_NOT_FOUND"],
			["POST", `/api/v1/orders/${o.id}/items/${o.items[0].id}/void`, { reason: "" }, 400, "reason"],
			["POST", `/api/v1/orders/${o.id}/items/${o.items[0].id}/void`, { reason: 5 }, 400, "reason"],
			["POST", `/api/v1/orders/${ghost}/cancel`, { reason: "x" }, 404, "ORDER_NOT_FOUND"],
			["POST", `/api/v1/orders/${ghost}/serve`, undefined, 404, "ORDER_NOT_FOUND"],
			["POST", `/api/v1/orders/${o.id}/serve`, undefined, 409, "ORDER_NOT_READY"],
			["GET", "/api/v1/orders?status=eaten", undefined, 400, "status"],
			["GET", "/api/v1/orders?limit=0", undefined, 400, "limit"],
			["POST", `/api/v1/kitchen/items/${ghost}/start`, undefined, 404, "ORDER_ITEM_NOT_FOUND"],
			["POST", `/api/v1/kitchen/items/nope/ready`, undefined, 400, "itemId"],
			["POST", `/api/v1/kitchen/tickets/${ghost}/bump`, undefined, 404, "ORDER_NOT_FOUND"],
			["POST", `/api/v1/kitchen/tickets/${o.id}/bump?station=Grill!`, undefined, 400, "station"],
			["POST", `/api/v1/kitchen/tickets/${ghost}/recall`, undefined, 404, "TICKET_NOT_FOUND"],
			["GET", "/api/v1/kitchen/tickets?status=eaten", undefined, 400, "status"],
			["POST", "/api/v1/tables", { name: "", seats: 4 }, 400, "name"],
			["POST", "/api/v1/tables", { name: "X", seats: 0 }, 400, "seats"],
			["POST", "/api/v1/tables", { name: "X", seats: "4" }, 400, "seats"],
			["POST", "/api/v1/tables", { name: "X" }, 400, "seats"],
			["PATCH", `/api/v1/tables/${table.id}`, { status: "on fire" }, 400, "status"],
			["PATCH", `/api/v1/tables/${table.id}`, {}, 400, "BAD_REQUEST"],
			["PATCH", `/api/v1/tables/${ghost}`, { seats: 3 }, 404, "TABLE_NOT_FOUND"],
			["DELETE", `/api/v1/tables/${ghost}`, undefined, 404, "TABLE_NOT_FOUND"],
		];
		for (const [method, path, body, status, names] of cases) {
			const res = await http.request(method, path, body, { token: r.token.admin });
			assert.equal(
				res.status,
				status,
				`${method} ${path} ${JSON.stringify(body)?.slice(0, 80)} → ${res.status} ${JSON.stringify(res.body)}`,
			);
			const text = JSON.stringify(res.body.error);
			assert.ok(names && text.includes(names), `${method} ${path}: the error names ${names}: ${text}`);
		}
		assert.equal(await countOrders(), before.orders);
		assert.equal((await getOrder(o.id)).items.length, before.items);
		assert.equal((await http.get<Table[]>("/api/v1/tables", { token: r.token.admin })).body.length, before.tables);
	});
});
