// The kitchen's rules, free of the bus and the database: a ticket's status from its items, when each item step
// is stamped, and which tickets a bump or a recall takes (a refusal is the catalogue's typed error).
import { KitchenErrors, liveItemsAt, type ItemStatus, type Ticket } from "../../contracts";

type TicketStatus = Ticket["status"];

/**
 * closed when nothing is left to cook or hand over; a bumped ticket stays bumped while everything on it
 * is ready, and comes back to the screen when a new round brings it work.
 */
export function ticketStatus(current: TicketStatus | undefined, items: readonly ItemStatus[]): TicketStatus {
	const live = items.filter(s => s !== "voided" && s !== "served");
	if (!live.length) return "closed";
	if (current === "bumped" && live.every(s => s === "ready")) return "bumped";
	return "open";
}

/** When an item was seen started, ready, served and voided; null for a step not seen yet. */
export interface ItemStamps<T> {
	startedAt: T | null;
	readyAt: T | null;
	servedAt: T | null;
	voidedAt: T | null;
}

/**
 * Each item step gets the time of the event that showed it first: a stamp already kept stays, and a step the
 * item's status shows for the first time gets `at`. A step skipped (a queued item bumped straight to ready,
 * served before anyone tapped it) is stamped with the step that showed it.
 */
export function itemStamps<T>(kept: ItemStamps<T> | undefined, status: ItemStatus, at: T): ItemStamps<T> {
	return {
		startedAt: kept?.startedAt ?? (["preparing", "ready", "served"].includes(status) ? at : null),
		readyAt: kept?.readyAt ?? (["ready", "served"].includes(status) ? at : null),
		servedAt: kept?.servedAt ?? (status === "served" ? at : null),
		voidedAt: kept?.voidedAt ?? (status === "voided" ? at : null),
	};
}

/** True when the order has a live (not voided) item at `station`, or at any station when none is named: a bump has a ticket to act on. */
export function hasLiveItemAt(items: readonly { station: string; status: ItemStatus }[], station?: string): boolean {
	return liveItemsAt(items, station).length > 0;
}

/**
 * The tickets a bump takes: the open ones. None open: 404 when the order has no ticket there, 409 when the
 * first one is closed (nothing left to cook) or already bumped.
 */
export function ticketsToBump(tickets: readonly Ticket[], orderId: string, station?: string): Ticket[] {
	const open = tickets.filter(t => t.status === "open");
	if (open.length) return open;
	const first = tickets[0];
	if (!first) throw KitchenErrors.ticketNotFound(orderId, station);
	if (first.status === "closed") throw KitchenErrors.ticketClosed(orderId, first.station);
	throw KitchenErrors.ticketAlreadyBumped(orderId, first.station);
}

/** The tickets a recall brings back: the bumped ones. 404 when the order has no ticket there, 409 when none is bumped. */
export function ticketsToRecall(tickets: readonly Ticket[], orderId: string, station?: string): Ticket[] {
	if (!tickets.length) throw KitchenErrors.ticketNotFound(orderId, station);
	const bumped = tickets.filter(t => t.status === "bumped");
	if (!bumped.length) throw KitchenErrors.ticketNotBumped(orderId, tickets[0].station);
	return bumped;
}
