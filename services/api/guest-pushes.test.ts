// What the floor, the kitchen and a table's guest phones hear of guest rounds, guest calls and their bills.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Bill, BrigadeEvent, EventName, EventPayloads, Order, OrderItem } from "../../contracts";
import { anOrder, anOrderItem } from "../../test/fixtures/domain";
import { guestPushesFor, pushesFor, roomsForGuest } from "./pushes";

const AT = "2024-05-01T19:00:00.000Z";
const event = <K extends EventName>(type: K, data: EventPayloads[K]) =>
	({ eventId: `e-${type}`, type, at: AT, source: "test", data }) as BrigadeEvent;
const item = (id: string, station: string, status: OrderItem["status"], round = 1): OrderItem =>
	anOrderItem(id, { menuItemId: `m-${id}`, name: `dish ${id}`, station, unitPriceCents: 1000, status, round, takenBy: "u-waiter" });

/** Table 4's order: a steak cooking, and a guest's round (two beers) waiting for the waiter. */
const order: Order = anOrder({
	id: "o1",
	tableId: "t4",
	tableName: "Table 4",
	status: "in_progress",
	items: [item("steak", "grill", "preparing"), item("beer", "bar", "pending", 2)],
	totalCents: 1000,
	createdBy: "u-waiter",
	assignedTo: "u-waiter",
});

describe("pushes: a guest round", () => {
	const arrived = event("order.updated", {
		order,
		change: "guest_round",
		itemIds: ["beer"],
		round: 2,
		by: null,
		guest: { status: "pending", sessionId: "s1" },
	});

	it("pending: the floor gets the order whole and guest:round; the pass gets it without the pending lines; no station hears", () => {
		const pushes = pushesFor(arrived);
		const floor = pushes.find(p => p.type === "order:update" && p.rooms.includes("role:staff"));
		const pass = pushes.find(p => p.type === "order:update" && p.rooms.includes("role:kitchen"));
		assert.deepEqual(
			(floor!.data as Order).items.map(i => i.id),
			["steak", "beer"],
		);
		assert.deepEqual(floor?.rooms, ["role:staff", "role:admin"]);
		assert.deepEqual(
			(pass!.data as Order).items.map(i => i.id),
			["steak"],
		);
		assert.equal(pushes.filter(p => p.rooms.some(r => r.startsWith("station:"))).length, 0);
		assert.equal(pushes.filter(p => p.type === "kitchen:item").length, 0);
		assert.deepEqual(
			pushes.find(p => p.type === "guest:round"),
			{
				type: "guest:round",
				rooms: ["role:staff", "role:admin"],
				data: { orderId: "o1", tableId: "t4", tableName: "Table 4", round: 2, status: "pending" },
			},
		);
	});

	it("the table's guests get the order's guest view: no staff data, the pending round named", () => {
		const [push] = guestPushesFor(arrived);
		assert.deepEqual(push.rooms, ["guest:order:o1"]);
		const view = push.data as Record<string, unknown> & { items: Record<string, unknown>[] };
		assert.deepEqual(view.pendingRounds, [2]);
		assert.ok(!("createdBy" in view) && !("assignedTo" in view));
		assert.ok(view.items.every(i => !("takenBy" in i) && !("comp" in i) && !("voidReason" in i)));
	});

	it("an order a guest started goes to the phones still waiting at its table too", () => {
		const placed = event("order.placed", {
			order,
			by: "00000000-0000-0000-0000-000000000000",
			guest: { status: "pending", sessionId: "s1" },
		});
		assert.deepEqual(guestPushesFor(placed)[0].rooms, ["guest:order:o1", "guest:table:t4"]);
		assert.ok(pushesFor(placed).some(p => p.type === "guest:round"));
	});

	it("a takeout or a bar tab has no guests at a table to tell", () => {
		assert.deepEqual(
			guestPushesFor(
				event("order.updated", { order: { ...order, type: "takeout", tableId: null }, change: "served", itemIds: [], by: "u1" }),
			),
			[],
		);
	});
});

describe("pushes: guest calls and guest bills", () => {
	it("a call pops up on every floor device as guest:call", () => {
		const pushes = pushesFor(
			event("guest.called", {
				tableId: "t4",
				tableName: "Table 4",
				kind: "waiter",
				at: AT,
				sessionId: "s1",
				orderId: null,
				waiterId: null,
			}),
		);
		assert.deepEqual(pushes, [
			{
				type: "guest:call",
				rooms: ["role:staff", "role:admin"],
				data: { tableId: "t4", tableName: "Table 4", kind: "waiter", at: AT },
			},
		]);
	});

	it("a bill reaches its orders' guests without who took the lines or the payments", () => {
		const bill = {
			id: "b1",
			tableId: "t4",
			tableName: "Table 4",
			status: "open",
			orderIds: ["o1"],
			lines: [
				{
					id: "steak",
					orderId: "o1",
					menuItemId: "m",
					name: "Steak",
					quantity: 1,
					unitPriceCents: 1000,
					amountCents: 1000,
					waiterId: "u-waiter",
					seat: null,
					modifiers: [],
					comp: null,
				},
			],
			payments: [{ id: "p1", createdBy: "u-waiter" }],
			createdBy: "u-waiter",
			totalCents: 1000,
			balanceCents: 1000,
		} as unknown as Bill;
		const [push] = guestPushesFor(event("bill.updated", { bill, change: "created", by: "u-waiter" } as never));
		assert.deepEqual(push.rooms, ["guest:order:o1"]);
		const data = push.data as Record<string, unknown> & { lines: Record<string, unknown>[] };
		assert.ok(!("payments" in data) && !("createdBy" in data));
		assert.ok(!("waiterId" in data.lines[0]));
	});

	it("an order moved or cancelled lets its guests' phones go once they heard it; any other change keeps them", () => {
		const ends = (change: string, status: Order["status"]) =>
			guestPushesFor(event("order.updated", { order: { ...order, status }, change, by: "u-waiter" } as never))[0].endsRooms;
		assert.deepEqual(ends("moved", "placed"), ["guest:order:o1"]);
		assert.deepEqual(ends("merged", "cancelled"), ["guest:order:o1"]);
		assert.deepEqual(ends("cancelled", "cancelled"), ["guest:order:o1"]);
		assert.equal(ends("round_added", "placed"), undefined);
		assert.equal(ends("paid", "paid"), undefined, "a guest who paid may still follow the bill");
	});

	it("a guest phone starts in everyone's room and its order's, or its table's while it has none", () => {
		assert.deepEqual(roomsForGuest({ tableId: "t4", orderId: "o1" }), ["all", "guest:order:o1"]);
		assert.deepEqual(roomsForGuest({ tableId: "t4", orderId: null }), ["all", "guest:table:t4"]);
	});
});
