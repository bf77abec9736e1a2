// The kitchen for issue 15, through the gateway: tickets say whose order it is (a table, a takeout's name and
// pickup time, a tab) with covers and the time they are due, and the rail sorts takeouts by pickup time; lines
// carry their seat, course and options; a held course shows greyed and cannot be started or bumped
// (409 ITEM_HELD, TICKET_HELD); once fired it comes back on a bumped ticket with its timer starting at the fire,
// and the station hears it like a new round; a side cooked elsewhere is a line on its own station's ticket; a
// partial void shrinks the kitchen's line; a remake is a new line on the ticket. With FIRE_NEXT_COURSE=on_bump,
// a bump that fires the next course onto its own station leaves the ticket on the rail. (The rules behind the
// ticket's status, clock and due time are unit-tested in services/kitchen/rules.test.ts.)
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { MenuItem, ModifierGroup, Order, OrderItem, Table, Ticket } from "../../contracts";

type TicketItem = Ticket["items"][number];
interface Line {
	menuItemId: string;
	quantity: number;
	seat?: number;
	course?: number;
	modifiers?: { groupId: string; optionIds: string[] }[];
}

describe(`the kitchen's tickets, deeper — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let n = 0;
	const devices: Device[] = [];

	const expectError = (res: Reply, status: number, code: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Depth ${++n}`, seats: 6 }, { token: r.token.admin });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const place = async (body: Record<string, unknown>): Promise<Order> => {
		const res = await http.post<Order>("/api/v1/orders", body, { token: r.token.staff });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const dineIn = async (items: Line[], extra: Record<string, unknown> = {}) =>
		place({ tableId: (await freshTable()).id, items, ...extra });
	const tickets = async (station: string, status: "open" | "bumped" = "open") => {
		const res = await http.get<Ticket[]>(`/api/v1/kitchen/tickets?station=${station}&status=${status}`, { token: r.token.kitchen });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		return res.body;
	};
	/** The order's ticket at a station once `holds` is true of it (the kitchen follows orders through durable events). */
	const ticketOf = (orderId: string, station: string, holds: (t: Ticket) => boolean = () => true, status: "open" | "bumped" = "open") =>
		until(`the ${station} ticket of ${orderId} (${status})`, async () => {
			const t = (await tickets(station, status)).find(x => x.orderId === orderId);
			return t && holds(t) && t;
		});
	const lineOf = (t: Ticket, id: string): TicketItem => {
		const line = t.items.find(i => i.id === id);
		assert.ok(line, `line ${id} on the ${t.station} ticket`);
		return line;
	};
	/** Reply body: the tickets bumped, or an error. */
	const bump = (orderId: string, station?: string): Promise<Reply> =>
		http.post(`/api/v1/kitchen/tickets/${orderId}/bump`, station ? { station } : undefined, { token: r.token.kitchen });
	const cook = (action: "start" | "ready", item: Pick<OrderItem, "id">) =>
		http.post(`/api/v1/kitchen/items/${item.id}/${action}`, undefined, { token: r.token.kitchen });

	/** A second restaurant whose kitchen's bump fires the next course by itself, started alongside the first. */
	let onBump: { cluster: TestCluster; http: Client; r: Restaurant };

	before(async () => {
		const open = async (env?: Record<string, string>) => {
			const c = await startCluster({ env });
			const h = client(c.baseUrl);
			return { cluster: c, http: h, r: await openRestaurant(h, env ? 1 : 4) };
		};
		const [main, other] = await Promise.all([open(), open({ FIRE_NEXT_COURSE: "on_bump" })]);
		({ cluster, http, r } = main);
		onBump = other;
	});
	after(async () => {
		for (const d of devices) d.close();
		await Promise.all([cluster?.stop(), onBump?.cluster.stop()]);
	});

	it("a ticket says whose order it is: a table, a takeout's name, pickup time and covers, a tab's name", async () => {
		const pickupAt = new Date(Date.now() + 45 * 60_000).toISOString();
		const table = await freshTable();
		const dine = await place({ tableId: table.id, covers: 4, items: [{ menuItemId: r.dish.burger.id, quantity: 1 }] });
		const takeout = await place({
			type: "takeout",
			name: "Kim",
			pickupAt,
			covers: 2,
			items: [{ menuItemId: r.dish.burger.id, quantity: 2 }],
		});
		const tab = await place({ type: "bar_tab", name: "Sam", items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] });

		const atTable = await ticketOf(dine.id, "grill");
		assert.equal(atTable.orderType, "dine_in");
		assert.equal(atTable.tableName, table.name);
		assert.equal(atTable.name, null);
		assert.equal(atTable.covers, 4);
		assert.equal(atTable.pickupAt, null);
		// A dine-in ticket is due when it reached the kitchen.
		assert.equal(atTable.dueAt, atTable.placedAt);

		const toGo = await ticketOf(takeout.id, "grill");
		assert.deepEqual(
			{ type: toGo.orderType, table: toGo.tableName, name: toGo.name, covers: toGo.covers, quantity: toGo.items[0].quantity },
			{ type: "takeout", table: null, name: "Kim", covers: 2, quantity: 2 },
		);
		assert.equal(Date.parse(toGo.pickupAt!), Date.parse(pickupAt));
		// A takeout is due when the guest collects it.
		assert.equal(toGo.dueAt, toGo.pickupAt);

		const atBar = await ticketOf(tab.id, "bar");
		assert.deepEqual([atBar.orderType, atBar.tableName, atBar.name], ["bar_tab", null, "Sam"]);
	});

	it("takeout tickets are sorted by pickup time among the rail's tickets, whatever the order they came in", async () => {
		const soon = new Date(Date.now() + 10 * 60_000).toISOString();
		const later = new Date(Date.now() + 60 * 60_000).toISOString();
		const late = await place({ type: "takeout", name: "Late", pickupAt: later, items: [{ menuItemId: r.dish.salad.id, quantity: 1 }] });
		const early = await place({
			type: "takeout",
			name: "Early",
			pickupAt: soon,
			items: [{ menuItemId: r.dish.salad.id, quantity: 1 }],
		});
		const now = await dineIn([{ menuItemId: r.dish.salad.id, quantity: 1 }]);
		for (const o of [late, early, now]) await ticketOf(o.id, "cold");

		const rail = (await tickets("cold")).map(t => t.orderId).filter(id => [late.id, early.id, now.id].includes(id));
		assert.deepEqual(rail, [now.id, early.id, late.id]);
		const dues = (await tickets("cold")).map(t => Date.parse(t.dueAt));
		assert.deepEqual(
			dues,
			[...dues].sort((a, b) => a - b),
			"the whole rail is in due order",
		);

		// A later pickup time moves the ticket down the rail.
		const moved = await http.patch<Order>(
			`/api/v1/orders/${early.id}`,
			{ pickupAt: new Date(Date.now() + 90 * 60_000).toISOString() },
			{ token: r.token.staff },
		);
		assert.equal(moved.status, 200, JSON.stringify(moved.body));
		await ticketOf(early.id, "cold", t => Date.parse(t.dueAt) === Date.parse(moved.body.pickupAt!));
		const after = (await tickets("cold")).map(t => t.orderId).filter(id => [late.id, early.id, now.id].includes(id));
		assert.deepEqual(after, [now.id, late.id, early.id]);
	});

	it("lines carry their seat, course and chosen options; a side cooked elsewhere is a line on its own station's ticket", async () => {
		const groupName = `Sides ${Math.random().toString(36).slice(2, 6)}`;
		const group = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{
				name: groupName,
				required: true,
				minChoices: 1,
				maxChoices: 2,
				options: [
					{ name: "Fries", priceDeltaCents: 300, station: "fryer" },
					{ name: "Extra cheese", priceDeltaCents: 150 },
				],
			},
			{ token: r.token.admin },
		);
		assert.equal(group.status, 201, JSON.stringify(group.body));
		const [fries, cheese] = group.body.options;
		const cat = await http.post("/api/v1/menu/categories", { name: `Depth ${Math.random()}` }, { token: r.token.admin });
		const dish = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{ categoryId: cat.body.id, name: "Smash burger", priceCents: 1200, station: "grill", modifierGroupIds: [group.body.id] },
			{ token: r.token.admin },
		);
		assert.equal(dish.status, 201, JSON.stringify(dish.body));

		const o = await dineIn([
			{ menuItemId: dish.body.id, quantity: 2, seat: 3, modifiers: [{ groupId: group.body.id, optionIds: [fries.id, cheese.id] }] },
		]);
		const burger = o.items.find(i => i.menuItemId === dish.body.id && !i.partOf)!;
		const side = o.items.find(i => i.partOf === burger.id)!;
		assert.ok(side, JSON.stringify(o.items));

		const grill = await ticketOf(o.id, "grill");
		const line = lineOf(grill, burger.id);
		assert.deepEqual(
			{ seat: line.seat, course: line.course, held: line.held, quantity: line.quantity },
			{ seat: 3, course: 1, held: false, quantity: 2 },
		);
		assert.deepEqual(
			line.modifiers.map(m => [m.groupName, m.name, m.priceDeltaCents]),
			[
				[groupName, "Fries", 300],
				[groupName, "Extra cheese", 150],
			],
		);
		assert.equal(line.firedAt, burger.firedAt && new Date(burger.firedAt).toISOString());
		// The fries are the fryer's: a line there, linked to the burger and the option, for the same seat and quantity.
		assert.equal(
			grill.items.some(i => i.id === side.id),
			false,
		);
		const fryer = await ticketOf(o.id, "fryer");
		assert.deepEqual(
			fryer.items.map(i => ({ id: i.id, name: i.name, quantity: i.quantity, seat: i.seat, partOf: i.partOf, optionId: i.optionId })),
			[{ id: side.id, name: "Fries", quantity: 2, seat: 3, partOf: burger.id, optionId: fries.id }],
		);
		// Each station bumps its own part.
		assert.equal((await bump(o.id, "fryer")).status, 200);
		await ticketOf(o.id, "fryer", () => true, "bumped");
		assert.equal(
			(await tickets("grill")).some(t => t.orderId === o.id),
			true,
		);
	});

	it("a held course shows greyed and cannot be started or bumped; fired, it comes back on the bumped ticket, its timer starting at the fire", async () => {
		const grillDevice = await connectDevice(cluster.baseUrl, { token: r.token.kitchen, stations: ["grill"] });
		const coldDevice = await connectDevice(cluster.baseUrl, { token: r.token.kitchen, stations: ["cold"] });
		devices.push(grillDevice, coldDevice);
		const o = await dineIn([
			{ menuItemId: r.dish.burger.id, quantity: 1, course: 1 },
			{ menuItemId: r.dish.steak.id, quantity: 1, course: 2 },
			{ menuItemId: r.dish.salad.id, quantity: 1, course: 3 },
		]);
		const [burger, steak, salad] = o.items;
		assert.deepEqual(
			o.items.map(i => [i.name, i.course, i.held]),
			[
				["Burger", 1, false],
				["Steak", 2, true],
				["Salad", 3, true],
			],
		);

		// The grill sees the steak coming, greyed; the cold station's ticket holds the salad only, and is listed too.
		const grill = await ticketOf(o.id, "grill");
		assert.deepEqual(
			grill.items.map(i => [i.name, i.status, i.course, i.held, i.firedAt === null]),
			[
				["Burger", "queued", 1, false, false],
				["Steak", "queued", 2, true, true],
			],
		);
		const cold = await ticketOf(o.id, "cold");
		assert.deepEqual(
			cold.items.map(i => [i.name, i.held]),
			[["Salad", true]],
		);

		// A held line cannot be started or made ready; a station with held lines only cannot be bumped.
		expectError(await cook("start", steak), 409, "ITEM_HELD");
		expectError(await cook("ready", salad), 409, "ITEM_HELD");
		const heldBump = await bump(o.id, "cold");
		expectError(heldBump, 409, "TICKET_HELD");
		assert.deepEqual(heldBump.body.error.details, { orderId: o.id, station: "cold" });

		// The burger done, the grill bumps: the held steak does not keep the ticket on the rail.
		const bumped = await bump(o.id, "grill");
		assert.equal(bumped.status, 200, JSON.stringify(bumped.body));
		assert.deepEqual(
			(bumped.body as Ticket[]).map(t => [t.station, t.status]),
			[["grill", "bumped"]],
		);
		assert.equal(lineOf(bumped.body[0], steak.id).held, true);
		await ticketOf(o.id, "grill", () => true, "bumped");
		assert.equal(
			(await tickets("grill")).some(t => t.orderId === o.id),
			false,
		);

		await new Promise(res => setTimeout(res, 50));
		const fired = await http.post<Order>(`/api/v1/orders/${o.id}/fire`, { course: 2 }, { token: r.token.staff });
		assert.equal(fired.status, 200, JSON.stringify(fired.body));
		const firedSteak = fired.body.items.find(i => i.id === steak.id)!;
		assert.equal(firedSteak.held, false);
		assert.equal(fired.body.items.find(i => i.id === salad.id)!.held, true);
		const fireAt = new Date(firedSteak.firedAt!).toISOString();
		assert.ok(Date.parse(fireAt) > Date.parse(o.createdAt), "fired after the order");

		// The grill hears it like a new round (its own lines only); the cold station, whose salad is still held, does not.
		const heard = await grillDevice.waitFor<Order>(
			"order:update",
			x => x.id === o.id && x.items.some(i => i.id === steak.id && !i.held),
		);
		assert.deepEqual(
			heard.data.items.map(i => i.name),
			["Burger", "Steak"],
		);
		assert.deepEqual(
			coldDevice.events.filter(e => e.data?.id === o.id || e.data?.orderId === o.id).map(e => e.type),
			["order:new"],
		);

		// Back on the rail, the steak waiting, its timer (and the ticket's) starting at the fire, not at the order.
		const back = await ticketOf(o.id, "grill", t => t.items.some(i => i.id === steak.id && !i.held));
		assert.equal(back.status, "open");
		const line = lineOf(back, steak.id);
		assert.deepEqual([line.status, line.held, line.firedAt, line.createdAt], ["queued", false, fireAt, fireAt]);
		assert.equal(back.placedAt, fireAt);
		assert.equal(back.dueAt, fireAt);
		assert.equal(lineOf(back, burger.id).status, "ready");
		assert.equal(
			(await tickets("grill", "bumped")).some(t => t.orderId === o.id),
			false,
		);

		// Fired, the steak cooks as any other line; the salad's station still waits for its course.
		assert.equal((await cook("start", steak)).status, 200);
		expectError(await bump(o.id, "cold"), 409, "TICKET_HELD");
		assert.equal((await bump(o.id, "grill")).status, 200);
	});

	it("a partial void shrinks the kitchen's line and puts the voided part on the ticket as its own voided line", async () => {
		const o = await dineIn([{ menuItemId: r.dish.steak.id, quantity: 3 }]);
		const [steak] = o.items;
		await ticketOf(o.id, "grill");

		const voided = await http.post<Order>(
			`/api/v1/orders/${o.id}/items/${steak.id}/void`,
			{ reason: "changed mind", quantity: 1 },
			{ token: r.token.staff },
		);
		assert.equal(voided.status, 200, JSON.stringify(voided.body));
		const part = voided.body.items.find(i => i.id !== steak.id)!;

		const t = await ticketOf(o.id, "grill", x => x.items.length === 2);
		assert.deepEqual(
			t.items.map(i => [i.id, i.quantity, i.status, i.voidReason]),
			[
				[steak.id, 2, "queued", null],
				[part.id, 1, "voided", "changed mind"],
			],
		);
	});

	it("a remake is a new line on the ticket, priced 0, naming the line it replaces and why: the bumped ticket comes back", async () => {
		const o = await dineIn([{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		const [burger] = o.items;
		await ticketOf(o.id, "grill");
		assert.equal((await bump(o.id, "grill")).status, 200);
		await ticketOf(o.id, "grill", () => true, "bumped");

		const remade = await http.post<Order>(
			`/api/v1/orders/${o.id}/items/${burger.id}/remake`,
			{ reason: "dropped on the pass" },
			{ token: r.token.staff },
		);
		assert.equal(remade.status, 200, JSON.stringify(remade.body));
		const again = remade.body.items.find(i => i.remakeOf === burger.id)!;

		const t = await ticketOf(o.id, "grill", x => x.items.some(i => i.id === again.id));
		assert.equal(t.status, "open");
		assert.deepEqual(
			t.items.map(i => [i.name, i.status, i.unitPriceCents, i.round, i.remakeOf, i.remakeReason]),
			[
				["Burger", "ready", 1450, 1, null, null],
				["Burger", "queued", 0, 2, burger.id, "dropped on the pass"],
			],
		);
	});

	it("FIRE_NEXT_COURSE=on_bump: a bump that fires the next course onto its own station keeps the ticket on the rail, its clock at the fire", async () => {
		const { http, r } = onBump;
		const placed = await http.post<Order>(
			"/api/v1/orders",
			{
				tableId: r.tables[0].id,
				items: [
					{ menuItemId: r.dish.burger.id, quantity: 1, course: 1 },
					{ menuItemId: r.dish.steak.id, quantity: 1, course: 2 },
				],
			},
			{ token: r.token.staff },
		);
		assert.equal(placed.status, 201, JSON.stringify(placed.body));
		const [burger, steak] = placed.body.items;
		assert.equal(steak.held, true);

		const bumped = await http.post<Ticket[]>(
			`/api/v1/kitchen/tickets/${placed.body.id}/bump`,
			{ station: "grill" },
			{ token: r.token.kitchen },
		);
		assert.equal(bumped.status, 200, JSON.stringify(bumped.body));
		const [grill] = bumped.body;
		assert.equal(grill.status, "open");
		assert.ok(grill.bumpedAt, "the bump is recorded");
		const lines = Object.fromEntries(grill.items.map(i => [i.id, i]));
		assert.deepEqual([lines[burger.id].status, lines[steak.id].status, lines[steak.id].held], ["ready", "queued", false]);
		assert.equal(grill.placedAt, lines[steak.id].firedAt);
		assert.equal(lines[steak.id].createdAt, lines[steak.id].firedAt);

		const order = (await http.get<Order>(`/api/v1/orders/${placed.body.id}`, { token: r.token.staff })).body;
		assert.equal(order.firedCourse, 2);
		const rail = (await http.get<Ticket[]>("/api/v1/kitchen/tickets?station=grill", { token: r.token.kitchen })).body;
		assert.equal(rail.find(t => t.orderId === placed.body.id)?.status, "open");
	});
});
