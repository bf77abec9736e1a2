// Which device hears what: each durable domain event becomes one or more pushes, each to a set of
// Socket.IO rooms. API.md's Realtime table, in one place.
import {
	guestBillOf,
	guestViewOf,
	PERMISSIONS,
	stationsOf,
	withoutPending,
	type GuestCallPush,
	type GuestRoundNote,
	type GuestRoundPush,
	type BrigadeEvent,
	type EventName,
	type Order,
	type OrderChange,
	type Role,
	type Table,
	type Ticket,
	type User,
} from "../../contracts";

export const ROOMS = {
	/** Every connected device, the guest menu page too. */
	all: "all",
	role: (role: Role) => `role:${role}`,
	/** Kitchen sockets that joined a station get that station's work only. */
	station: (station: string) => `station:${station}`,
	user: (id: string) => `user:${id}`,
	/** Guest phones (a `gst_` token) following one order: its guest view, its bills without staff data. */
	guestOrder: (orderId: string) => `guest:order:${orderId}`,
	/** Guest phones at a table that has no order yet: they hear the one opened there (and are moved to its room). */
	guestTable: (tableId: string) => `guest:table:${tableId}`,
};

export interface Push {
	type: string;
	rooms: string[];
	data: unknown;
	/** Guest rooms whose phones are let go once this push is out: their sessions ended (the order moved or was cancelled). */
	endsRooms?: string[];
}

/** The domain events the gateway turns into pushes. */
export const PUSHED_TOPICS: readonly EventName[] = [
	"order.placed",
	"order.updated",
	"table.updated",
	"menu.item.updated",
	"menu.item.deleted",
	"menu.modifier-group.updated",
	"menu.modifier-group.deleted",
	"ticket.updated",
	"bill.updated",
	"notification.created",
	"ticket.rerouted",
	"station.updated",
	"approval.requested",
	"approval.decided",
	"approval.spent",
	"guest.called",
];

const FLOOR = [ROOMS.role("staff"), ROOMS.role("admin")];
/** Who decides a staff member's request for approval. */
const DECIDERS = [ROOMS.role("manager"), ROOMS.role("admin")];
// role:kitchen holds kitchen sockets that joined no station: the expo view over every station.
const EVERYONE_ON_ORDERS = [...FLOOR, ROOMS.role("kitchen")];

// A guest round waiting for a waiter's confirm is the floor's business, never a station's.
const onlyStation = (order: Order, station: string): Order => ({
	...order,
	items: order.items.filter(i => i.station === station && i.status !== "pending"),
});

/**
 * An order push to everyone on orders: the floor gets it whole; the kitchen's expo, while a guest round waits for its
 * confirm, without those lines (one push when there are none, as before guest rounds).
 */
function toEveryoneOnOrders(type: string, order: Order): Push[] {
	const kitchenCopy = withoutPending(order);
	if (kitchenCopy === order) return [{ type, rooms: EVERYONE_ON_ORDERS, data: order }];
	return [
		{ type, rooms: FLOOR, data: order },
		{ type, rooms: [ROOMS.role("kitchen")], data: kitchenCopy },
	];
}

/** A table's guests' copy of an order push (dine-in only): the guest view, to phones following it or at its table. */
function toGuests(order: Order, placed: boolean, change?: OrderChange): Push[] {
	if (order.type !== "dine_in" || !order.tableId) return [];
	const rooms = [ROOMS.guestOrder(order.id), ...(placed ? [ROOMS.guestTable(order.tableId)] : [])];
	const ends = change === "moved" || order.status === "cancelled";
	return [{ type: "order:update", rooms, data: guestViewOf(order), ...(ends && { endsRooms: [ROOMS.guestOrder(order.id)] }) }];
}

/** `guest:round` to the floor when a guest round arrived, went, or was decided. */
function guestRoundPush(order: Order, round: number | undefined, note: GuestRoundNote | undefined): Push[] {
	if (!note || !order.tableId) return [];
	const data: GuestRoundPush = {
		orderId: order.id,
		tableId: order.tableId,
		tableName: order.tableName ?? "",
		round: round ?? 1,
		status: note.status,
	};
	return [{ type: "guest:round", rooms: FLOOR, data }];
}

/**
 * Changes that bring work to a ticket or take it away as a whole (a round, a course fired, a remake, a cancel, the
 * order's own details): the stations get the order, and no kitchen:item per line.
 */
const TICKET_CHANGES: ReadonlySet<OrderChange> = new Set([
	"round_added",
	"course_fired",
	"item_remade",
	"cancelled",
	"details_changed",
	// Lines moving between orders and tables are not a cook's move: the tickets follow, no item push.
	"moved",
	"merged",
	"items_moved",
	"assigned",
	// A guest round's lines are not the kitchen's until confirmed (then round_added).
	"guest_round",
	"guest_round_rejected",
]);

/** A takeout paid before it is cooked, not paid (yet, or ever): the floor's to see, no cook's. */
const unpaidTakeout = (order: Order) => order.awaitingPayment !== undefined && !order.paidAt;

export function pushesFor(event: BrigadeEvent): Push[] {
	if ((event.type === "order.placed" || event.type === "order.updated") && unpaidTakeout(event.data.order))
		return [{ type: event.type === "order.placed" ? "order:new" : "order:update", rooms: FLOOR, data: event.data.order }];
	switch (event.type) {
		case "order.placed": {
			const { order, guest } = event.data;
			return [
				...toEveryoneOnOrders("order:new", order),
				...stationsOf(withoutPending(order)).map(s => ({
					type: "order:new",
					rooms: [ROOMS.station(s)],
					data: onlyStation(order, s),
				})),
				...guestRoundPush(order, 1, guest),
			];
		}
		case "order.updated": {
			const { order, change, itemIds, round, guest } = event.data;
			// A change to the order itself (a pickup time, covers) concerns every station; anything else, the stations of
			// its items. A guest round waiting for its confirm (or rejected) concerns none.
			const live = withoutPending(order);
			const stations = change === "details_changed" ? stationsOf(live) : stationsOf(live, itemIds);
			const pushes: Push[] = [
				...toEveryoneOnOrders("order:update", order),
				...stations.map(s => ({ type: "order:update", rooms: [ROOMS.station(s)], data: onlyStation(order, s) })),
				...guestRoundPush(order, round, guest),
			];
			if (!TICKET_CHANGES.has(change)) {
				for (const item of order.items.filter(i => itemIds.includes(i.id))) {
					pushes.push({
						type: "kitchen:item",
						rooms: [...EVERYONE_ON_ORDERS, ROOMS.station(item.station)],
						data: { ...item, orderId: order.id },
					});
				}
			}
			return pushes;
		}
		case "table.updated": {
			const { table, change } = event.data;
			return [
				{ type: "table:update", rooms: FLOOR, data: change === "deleted" ? { ...table, deleted: true } : (table satisfies Table) },
			];
		}
		case "menu.item.updated":
			return [{ type: "menu:update", rooms: [ROOMS.all], data: event.data.item }];
		case "menu.item.deleted":
			return [{ type: "menu:update", rooms: [ROOMS.all], data: { ...event.data.item, available: false, deleted: true } }];
		// An option 86'd or counted down, or a group edited: every device (the guest menu too) gets the group whole.
		case "menu.modifier-group.updated":
			return [{ type: "modifier:update", rooms: [ROOMS.all], data: event.data.group }];
		case "menu.modifier-group.deleted":
			return [{ type: "modifier:update", rooms: [ROOMS.all], data: { ...event.data.group, deleted: true } }];
		case "ticket.updated": {
			const { ticket, change } = event.data;
			return [
				{
					type: "ticket:update",
					rooms: [ROOMS.role("kitchen"), ROOMS.role("admin"), ROOMS.station(ticket.station)],
					data: { ...(ticket satisfies Ticket), change },
				},
			];
		}
		case "bill.updated": {
			const { bill, change } = event.data;
			const update: Push = { type: "bill:update", rooms: FLOOR, data: { ...bill, change } };
			return change === "paid" ? [update, { type: "bill:paid", rooms: FLOOR, data: bill }] : [update];
		}
		// A guest called the waiter or asked for the bill: every floor device pops it up.
		case "guest.called": {
			const { tableId, tableName, kind, at } = event.data;
			return [{ type: "guest:call", rooms: FLOOR, data: { tableId, tableName, kind, at } satisfies GuestCallPush }];
		}
		case "notification.created": {
			const { notification, to } = event.data;
			// A kitchen notice goes to the expo and to the stations it concerns; a cook elsewhere is not disturbed.
			const rooms = "userId" in to ? [ROOMS.user(to.userId)] : [ROOMS.role(to.role), ...(to.stations ?? []).map(ROOMS.station)];
			return [{ type: "notification", rooms, data: notification }];
		}
		// A manager's approval: every manager and admin device pops a card; the decision (and its token, which only the
		// asker may use) goes to the asking user's devices, and the decision without the token clears the other cards.
		case "approval.requested":
			return [{ type: "approval:request", rooms: DECIDERS, data: event.data.approval }];
		case "approval.decided": {
			const { approval, approvalToken } = event.data;
			const update = { id: approval.id, status: approval.status, approval };
			return [
				{ type: "approval:update", rooms: [ROOMS.user(approval.requestedBy.id)], data: { ...update, approvalToken } },
				{ type: "approval:update", rooms: DECIDERS, data: update },
			];
		}
		case "approval.spent":
			return [
				{
					type: "approval:update",
					rooms: DECIDERS,
					data: { id: event.data.approval.id, status: "spent", approval: event.data.approval },
				},
			];
		// A ticket no screen acknowledged: on the expo (every kitchen socket with no station) flagged, when that is where it went.
		case "ticket.rerouted": {
			const { ticket, round, to, printer } = event.data;
			if (to !== "expo") return [];
			return [
				{
					type: "ticket:update",
					rooms: [ROOMS.role("kitchen"), ROOMS.role("admin")],
					data: { ...(ticket satisfies Ticket), change: "rerouted", rerouted: { round, to, printer } },
				},
			];
		}
		// A station's health changed (a screen, a printer, tickets no screen acknowledged): the floor and the office.
		case "station.updated":
			return [{ type: "station:update", rooms: [...FLOOR, ROOMS.role("manager")], data: event.data.station }];
		default:
			return [];
	}
}

/**
 * What a table's guest phones hear of an event (beside pushesFor's, in the same feed): their order's guest view and
 * their bill without staff data, in the rooms of the order they follow (a table with no order yet: its table's room).
 */
export function guestPushesFor(event: BrigadeEvent): Push[] {
	switch (event.type) {
		case "order.placed":
			return toGuests(event.data.order, true);
		case "order.updated":
			return toGuests(event.data.order, false, event.data.change);
		case "bill.updated": {
			const { bill, change } = event.data;
			if (!bill.tableId || !bill.orderIds?.length) return [];
			return [{ type: "bill:update", rooms: bill.orderIds.map(ROOMS.guestOrder), data: { ...guestBillOf(bill), change } }];
		}
		default:
			return [];
	}
}

/** The rooms a guest phone's socket starts in: everyone's (the menu), and its order's, or its table's while it has none. */
export function roomsForGuest(guest: { tableId: string; orderId: string | null }): string[] {
	return [ROOMS.all, guest.orderId ? ROOMS.guestOrder(guest.orderId) : ROOMS.guestTable(guest.tableId)];
}

/** The rooms a socket starts in. */
export function roomsFor(user: Pick<User, "id" | "role"> | null, stations: string[]): string[] {
	if (!user) return [ROOMS.all];
	const rooms = [ROOMS.all, ROOMS.user(user.id), ...stations.map(ROOMS.station)];
	// A cook at a station sees that station's work; with no station, the whole pass.
	if (!(user.role === "kitchen" && stations.length)) rooms.push(ROOMS.role(user.role));
	// A manager hears what staff hear (the floor's pushes), as the permission map has them act as staff.
	for (const as of PERMISSIONS.actsAs[user.role] ?? []) rooms.push(ROOMS.role(as));
	return rooms;
}
