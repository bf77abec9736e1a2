// Which device hears what: each durable domain event becomes one or more pushes, each to a set of
// Socket.IO rooms. API.md's Realtime table, in one place.
import {
	PERMISSIONS,
	stationsOf,
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
};

export interface Push {
	type: string;
	rooms: string[];
	data: unknown;
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
];

const FLOOR = [ROOMS.role("staff"), ROOMS.role("admin")];
/** Who decides a staff member's request for approval. */
const DECIDERS = [ROOMS.role("manager"), ROOMS.role("admin")];
// role:kitchen holds kitchen sockets that joined no station: the expo view over every station.
const EVERYONE_ON_ORDERS = [...FLOOR, ROOMS.role("kitchen")];

const onlyStation = (order: Order, station: string): Order => ({ ...order, items: order.items.filter(i => i.station === station) });

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
]);

export function pushesFor(event: BrigadeEvent): Push[] {
	switch (event.type) {
		case "order.placed": {
			const { order } = event.data;
			return [
				{ type: "order:new", rooms: EVERYONE_ON_ORDERS, data: order },
				...stationsOf(order).map(s => ({ type: "order:new", rooms: [ROOMS.station(s)], data: onlyStation(order, s) })),
			];
		}
		case "order.updated": {
			const { order, change, itemIds } = event.data;
			// A change to the order itself (a pickup time, covers) concerns every station; anything else, the stations of its items.
			const stations = change === "details_changed" ? stationsOf(order) : stationsOf(order, itemIds);
			const pushes: Push[] = [
				{ type: "order:update", rooms: EVERYONE_ON_ORDERS, data: order },
				...stations.map(s => ({ type: "order:update", rooms: [ROOMS.station(s)], data: onlyStation(order, s) })),
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
