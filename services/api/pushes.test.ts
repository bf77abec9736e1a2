// Which device hears what, without a broker or a socket: each domain event's Socket.IO pushes (type, rooms, data)
// as API.md's Realtime table says, and the rooms a socket starts in.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type {
	Approval,
	Bill,
	BrigadeEvent,
	EventName,
	EventPayloads,
	MenuItem,
	ModifierGroup,
	Notification,
	Order,
	OrderItem,
	Table,
	Ticket,
	User,
} from "../../contracts";
import { anOrder, anOrderItem } from "../../test/fixtures/domain";
import { PUSHED_TOPICS, pushesFor, roomsFor } from "./pushes";

const AT = "2024-05-01T19:00:00.000Z";
const event = <K extends EventName>(type: K, data: EventPayloads[K]) =>
	({ eventId: `e-${type}`, type, at: AT, source: "test", data }) as BrigadeEvent;

const item = (id: string, station: string, status: OrderItem["status"] = "queued"): OrderItem =>
	anOrderItem(id, {
		menuItemId: `m-${id}`,
		name: `dish ${id}`,
		station,
		unitPriceCents: 1000,
		status,
		createdAt: AT,
		takenBy: "u-waiter",
	});

/** Order o1 at table 4: a steak (grill), a salad (cold) and a beer (bar). */
const order: Order = anOrder({
	id: "o1",
	tableId: "t4",
	tableName: "Table 4",
	status: "in_progress",
	items: [item("steak", "grill"), item("salad", "cold"), item("beer", "bar")],
	totalCents: 3000,
	createdBy: "u-waiter",
	createdAt: AT,
	updatedAt: AT,
	version: 3,
});
const onlyAt = (station: string): Order => ({ ...order, items: order.items.filter(i => i.station === station) });

const FLOOR = ["role:staff", "role:admin"];
const ORDERS = ["role:staff", "role:admin", "role:kitchen"];

const table: Table = { id: "t4", name: "Table 4", seats: 4, area: "terrace", status: "occupied" };
const menuItem: MenuItem = {
	id: "m1",
	categoryId: "c1",
	name: "Steak",
	description: "",
	priceCents: 2400,
	station: "grill",
	available: true,
	course: 2,
	courseOverride: null,
	remaining: null,
	modifierGroups: [],
};
const sides: ModifierGroup = {
	id: "g1",
	name: "Sides",
	required: true,
	minChoices: 1,
	maxChoices: 1,
	options: [
		{ id: "o-fries", groupId: "g1", name: "Fries", priceDeltaCents: 0, station: "fry", available: false, remaining: 0, position: 0 },
	],
};
const ticket: Ticket = {
	orderId: "o1",
	station: "grill",
	tableName: "Table 4",
	orderType: "dine_in",
	name: null,
	pickupAt: null,
	covers: null,
	dueAt: AT,
	placedAt: AT,
	status: "bumped",
	bumpedAt: AT,
	items: [],
};
const bill = { id: "b1", tableId: "t4", tableName: "Table 4", status: "paid" } as Bill;
const notification: Notification = { id: "n1", type: "order.ready", message: "Table 4 is ready", data: {}, readAt: null, createdAt: AT };

/** One event of each kind the gateway subscribes to. */
const approval: Approval = {
	id: "a1",
	permission: "comp",
	method: "POST",
	path: "/api/v1/orders/o1/items/steak/comp",
	summary: "Comp a line: birthday",
	status: "pending",
	requestedBy: { id: "u-waiter", fullName: "A waiter" },
	decidedBy: null,
	decidedHow: null,
	reason: null,
	createdAt: "2026-11-28T12:00:00.000Z",
	decidedAt: null,
	expiresAt: "2026-11-28T12:02:00.000Z",
};

const samples: Partial<Record<EventName, BrigadeEvent>> = {
	"order.placed": event("order.placed", { order, by: "u-waiter" }),
	"order.updated": event("order.updated", { order, change: "items_ready", itemIds: ["steak"], by: "u-cook" }),
	"table.updated": event("table.updated", { table, change: "updated", by: "u-waiter" }),
	"menu.item.updated": event("menu.item.updated", { item: menuItem }),
	"menu.item.deleted": event("menu.item.deleted", { item: menuItem }),
	"menu.modifier-group.updated": event("menu.modifier-group.updated", {
		group: sides,
		changed: ["remaining", "available"],
		optionId: "o-fries",
	}),
	"menu.modifier-group.deleted": event("menu.modifier-group.deleted", { group: sides }),
	"ticket.updated": event("ticket.updated", { ticket, change: "bumped", by: "u-cook" }),
	"bill.updated": event("bill.updated", { bill, change: "payment", by: "u-waiter" }),
	"notification.created": event("notification.created", { notification, to: { userId: "u-waiter" } }),
	"approval.requested": event("approval.requested", { approval }),
	"approval.decided": event("approval.decided", { approval: { ...approval, status: "approved" }, approvalToken: "tok" }),
	"approval.spent": event("approval.spent", { approval: { ...approval, status: "spent" } }),
	"ticket.rerouted": event("ticket.rerouted", {
		ticket,
		round: 1,
		to: "expo",
		printer: null,
		alreadyPrinted: false,
		takenBy: "u-waiter",
	}),
	"guest.called": event("guest.called", {
		tableId: "t4",
		tableName: "Table 4",
		kind: "bill",
		at: AT,
		sessionId: "s1",
		orderId: "o1",
		waiterId: "u-waiter",
	}),
	"station.updated": event("station.updated", {
		station: { station: "grill", screens: 0, printers: [], lastAckAt: null, unacknowledged: 2, healthy: false },
	}),
};

describe("pushes: guaranteed dispatch", () => {
	it("a ticket re-routed to the expo reaches the expo and the admins flagged; one printed makes no push", () => {
		assert.deepEqual(pushesFor(samples["ticket.rerouted"]!), [
			{
				type: "ticket:update",
				rooms: ["role:kitchen", "role:admin"],
				data: { ...ticket, change: "rerouted", rerouted: { round: 1, to: "expo", printer: null } },
			},
		]);
		const printed = event("ticket.rerouted", {
			ticket,
			round: 1,
			to: "printer",
			printer: { id: "p1", name: "Grill" },
			alreadyPrinted: false,
			takenBy: null,
		});
		assert.deepEqual(pushesFor(printed), []);
	});

	it("a station's health goes to the floor and the office", () => {
		const [push] = pushesFor(samples["station.updated"]!);
		assert.equal(push.type, "station:update");
		assert.deepEqual(push.rooms, ["role:staff", "role:admin", "role:manager"]);
	});
});

describe("pushes: a manager's approval", () => {
	it("a request pops a card on every manager and admin device; the decision's token goes to the asker alone", () => {
		assert.deepEqual(pushesFor(samples["approval.requested"]!), [
			{ type: "approval:request", rooms: ["role:manager", "role:admin"], data: approval },
		]);
		const [asker, deciders] = pushesFor(samples["approval.decided"]!);
		assert.deepEqual(asker.rooms, ["user:u-waiter"]);
		assert.equal((asker.data as { approvalToken?: string }).approvalToken, "tok");
		assert.deepEqual(deciders.rooms, ["role:manager", "role:admin"]);
		assert.equal((deciders.data as { approvalToken?: string }).approvalToken, undefined);
		assert.equal((deciders.data as { status: string }).status, "approved");
	});
});

describe("pushes: an order placed", () => {
	it("goes whole to the floor and the pass, and to each station with that station's lines only", () => {
		const pushes = pushesFor(samples["order.placed"]!);

		assert.deepEqual(pushes, [
			{ type: "order:new", rooms: ORDERS, data: order },
			{ type: "order:new", rooms: ["station:grill"], data: onlyAt("grill") },
			{ type: "order:new", rooms: ["station:cold"], data: onlyAt("cold") },
			{ type: "order:new", rooms: ["station:bar"], data: onlyAt("bar") },
		]);
	});
});

describe("pushes: an order updated", () => {
	it("items_ready: order:update to the floor and the pass, to the touched station only, and kitchen:item per item", () => {
		const ready = { ...order, items: [item("steak", "grill", "ready"), item("salad", "cold"), item("beer", "bar")] };

		const pushes = pushesFor(event("order.updated", { order: ready, change: "items_ready", itemIds: ["steak"], by: "u-cook" }));

		assert.deepEqual(pushes, [
			{ type: "order:update", rooms: ORDERS, data: ready },
			{ type: "order:update", rooms: ["station:grill"], data: { ...ready, items: [ready.items[0]] } },
			{ type: "kitchen:item", rooms: [...ORDERS, "station:grill"], data: { ...ready.items[0], orderId: "o1" } },
		]);
	});

	it("names every item the change touched, each to its own station", () => {
		const pushes = pushesFor(event("order.updated", { order, change: "served", itemIds: ["steak", "beer"], by: "u-waiter" }));

		assert.deepEqual(
			pushes.map(p => [p.type, p.rooms.filter(r => r.startsWith("station:"))]),
			[
				["order:update", []],
				["order:update", ["station:grill"]],
				["order:update", ["station:bar"]],
				["kitchen:item", ["station:grill"]],
				["kitchen:item", ["station:bar"]],
			],
		);
	});

	for (const change of ["round_added", "course_fired", "item_remade", "cancelled"] as const) {
		it(`${change}: order:update only, no kitchen:item (the tickets themselves change)`, () => {
			const pushes = pushesFor(event("order.updated", { order, change, itemIds: ["steak", "salad"], by: "u-waiter" }));

			assert.deepEqual(
				pushes.map(p => p.type),
				["order:update", "order:update", "order:update"],
			);
			assert.deepEqual(pushes[2], { type: "order:update", rooms: ["station:cold"], data: onlyAt("cold") });
		});
	}

	it("course_fired: the stations of the fired lines hear it like a new round, the others do not", () => {
		const held = { ...order, items: [item("steak", "grill"), { ...item("cake", "pastry"), course: 3, held: true, firedAt: null }] };
		const fired = { ...held, items: held.items.map(i => (i.id === "steak" ? { ...i, course: 2, firedAt: AT } : i)) };

		const pushes = pushesFor(
			event("order.updated", { order: fired, change: "course_fired", course: 2, itemIds: ["steak"], by: "u-waiter" }),
		);

		assert.deepEqual(pushes, [
			{ type: "order:update", rooms: ORDERS, data: fired },
			{ type: "order:update", rooms: ["station:grill"], data: { ...fired, items: [fired.items[0]] } },
		]);
	});

	it("details_changed (a pickup time, covers): the order to every station it uses, no kitchen:item", () => {
		const takeout: Order = { ...order, type: "takeout", tableId: null, tableName: null, name: "Kim", pickupAt: AT };

		const pushes = pushesFor(event("order.updated", { order: takeout, change: "details_changed", itemIds: [], by: "u-waiter" }));

		assert.deepEqual(
			pushes.map(p => [p.type, p.rooms]),
			[
				["order:update", ORDERS],
				["order:update", ["station:grill"]],
				["order:update", ["station:cold"]],
				["order:update", ["station:bar"]],
			],
		);
	});
});

describe("pushes: tables, menu and tickets", () => {
	it("a table change goes to the floor; a deleted table says so", () => {
		assert.deepEqual(pushesFor(samples["table.updated"]!), [{ type: "table:update", rooms: FLOOR, data: table }]);
		assert.deepEqual(pushesFor(event("table.updated", { table, change: "deleted", by: "u-admin" })), [
			{ type: "table:update", rooms: FLOOR, data: { ...table, deleted: true } },
		]);
	});

	it("a menu item changed goes to every device, guests too; a deleted one reads as unavailable and deleted", () => {
		assert.deepEqual(pushesFor(samples["menu.item.updated"]!), [{ type: "menu:update", rooms: ["all"], data: menuItem }]);
		assert.deepEqual(pushesFor(samples["menu.item.deleted"]!), [
			{ type: "menu:update", rooms: ["all"], data: { ...menuItem, available: false, deleted: true } },
		]);
	});

	it("an option 86'd or counted down goes to every device as modifier:update with its group whole; a deleted group says so", () => {
		assert.deepEqual(pushesFor(samples["menu.modifier-group.updated"]!), [{ type: "modifier:update", rooms: ["all"], data: sides }]);
		assert.deepEqual(pushesFor(samples["menu.modifier-group.deleted"]!), [
			{ type: "modifier:update", rooms: ["all"], data: { ...sides, deleted: true } },
		]);
	});

	it("a ticket bumped goes to the pass, the admins and its station, with the change", () => {
		assert.deepEqual(pushesFor(samples["ticket.updated"]!), [
			{ type: "ticket:update", rooms: ["role:kitchen", "role:admin", "station:grill"], data: { ...ticket, change: "bumped" } },
		]);
	});
});

describe("pushes: bills", () => {
	it("a bill paid is bill:update (with the change) and then bill:paid, both to the floor", () => {
		const pushes = pushesFor(event("bill.updated", { bill, change: "paid", by: "u-waiter" }));

		assert.deepEqual(pushes, [
			{ type: "bill:update", rooms: FLOOR, data: { ...bill, change: "paid" } },
			{ type: "bill:paid", rooms: FLOOR, data: bill },
		]);
	});

	it("any other bill change is bill:update only", () => {
		for (const change of ["created", "split", "discounted", "payment", "payment_failed", "refunded"] as const) {
			assert.deepEqual(pushesFor(event("bill.updated", { bill, change, by: null })), [
				{ type: "bill:update", rooms: FLOOR, data: { ...bill, change } },
			]);
		}
	});
});

describe("pushes: notifications", () => {
	it("one for a user reaches that user's sockets only", () => {
		assert.deepEqual(pushesFor(samples["notification.created"]!), [
			{ type: "notification", rooms: ["user:u-waiter"], data: notification },
		]);
	});

	it("one for a role with stations reaches the role's unstationed sockets and those stations", () => {
		const pushes = pushesFor(event("notification.created", { notification, to: { role: "kitchen", stations: ["grill", "bar"] } }));

		assert.deepEqual(pushes, [{ type: "notification", rooms: ["role:kitchen", "station:grill", "station:bar"], data: notification }]);
	});

	it("one for a role without stations reaches that role only", () => {
		const pushes = pushesFor(event("notification.created", { notification, to: { role: "staff" } }));

		assert.deepEqual(pushes, [{ type: "notification", rooms: ["role:staff"], data: notification }]);
	});
});

describe("pushes: which events make any", () => {
	it("every topic the gateway subscribes to makes at least one push", () => {
		for (const topic of PUSHED_TOPICS) {
			const sample = samples[topic];
			assert.ok(sample, `no sample event for ${topic}`);
			assert.ok(pushesFor(sample).length > 0, topic);
		}
	});

	it("events the devices do not follow make none", () => {
		const settled = event("bill.settled", { billId: "b1", tableId: "t4", orderIds: ["o1"], by: null, bill, parts: [] });
		const roleChanged = event("user.updated", { user: { id: "u1", role: "staff" } as User, changed: ["role"], by: "u-admin" });

		assert.deepEqual(pushesFor(settled), []);
		assert.deepEqual(pushesFor(roleChanged), []);
	});
});

describe("roomsFor: the rooms a socket starts in", () => {
	it("a guest (no token) hears only what everyone hears", () => {
		assert.deepEqual(roomsFor(null, []), ["all"]);
	});

	it("a signed-in user joins everyone's room, their own and their role's", () => {
		assert.deepEqual(roomsFor({ id: "u1", role: "staff" }, []), ["all", "user:u1", "role:staff"]);
		assert.deepEqual(roomsFor({ id: "u2", role: "admin" }, []), ["all", "user:u2", "role:admin"]);
	});

	it("a manager hears the floor's pushes too: they act as staff", () => {
		assert.deepEqual(roomsFor({ id: "u4", role: "manager" }, []), ["all", "user:u4", "role:manager", "role:staff"]);
	});

	it("a cook at stations hears those stations instead of the whole pass", () => {
		assert.deepEqual(roomsFor({ id: "u3", role: "kitchen" }, ["grill", "cold"]), ["all", "user:u3", "station:grill", "station:cold"]);
	});

	it("a cook at no station is the expo: the whole pass", () => {
		assert.deepEqual(roomsFor({ id: "u3", role: "kitchen" }, []), ["all", "user:u3", "role:kitchen"]);
	});

	it("another role keeps its role room beside the stations it asked for", () => {
		assert.deepEqual(roomsFor({ id: "u2", role: "admin" }, ["grill"]), ["all", "user:u2", "station:grill", "role:admin"]);
	});
});
