// Events the order service produces: an order placed, and every later change to it or its items.
import type { CountdownLine, Order } from "../domain";

export const ORDER_EVENTS = { placed: "order.placed", updated: "order.updated" } as const;
export type OrderChange =
	| "round_added"
	| "course_fired"
	| "items_started"
	| "items_ready"
	| "item_voided"
	| "item_comped"
	| "item_remade"
	| "details_changed"
	| "served"
	| "cancelled"
	| "billed"
	| "paid"
	| "reopened"
	| "moved"
	| "merged"
	| "items_moved"
	| "assigned"
	/** A guest round arrived pending a waiter's confirm (its lines "pending": in no total, not in the kitchen). */
	| "guest_round"
	/** A waiter rejected a pending guest round: its lines are gone (`itemIds`), their portions `returned`. */
	| "guest_round_rejected";

/** A change a guest made or a waiter decided about a guest round: the gateway pushes `guest:round` for it. */
export interface GuestRoundNote {
	status: "pending" | "sent" | "confirmed" | "rejected";
	/** The guest session that ordered it. */
	sessionId: string | null;
}

export interface OrderPlaced {
	order: Order;
	by: string;
	/** The countdown hold its lines took (menu.reserve): the menu keeps it once it sees this event. */
	holdId?: string;
	/** A guest started the order from the table's QR page (its first round pending, or sent in direct mode). */
	guest?: GuestRoundNote;
}

export interface OrderUpdated {
	order: Order;
	change: OrderChange;
	/** The items this change touched (the new round's, the voided one, the ones made ready...). */
	itemIds: string[];
	round?: number;
	/** course_fired: the course sent to the kitchen (a bump that fires the next course says so with `change`). */
	course?: number;
	/** item_voided of part of a line: how many were voided (a new voided line holds them). */
	quantity?: number;
	/** Portions that were never cooked (voided while queued or held): the menu puts them back on its countdowns. */
	returned?: CountdownLine[];
	/** round_added or item_remade: the countdown hold its lines took. */
	holdId?: string;
	reason?: string;
	/** billed: the bill the order went onto. */
	billId?: string;
	/** cancelled or paid: true when the table has nothing left open or unpaid, so it can be freed. */
	tableClear?: boolean;
	/** moved: the table the order left, and whether nothing else there is open or unpaid (it can be freed). */
	fromTable?: { tableId: string; tableClear: boolean };
	/** merged or items_moved: the other order of the two (where the lines came from, or went to). */
	otherOrderId?: string;
	/** A guest round: arrived (pending or sent), confirmed (change round_added) or rejected. */
	guest?: GuestRoundNote;
	by: string | null;
}

export interface OrderEvents {
	"order.placed": OrderPlaced;
	"order.updated": OrderUpdated;
}

/** The stations an order's items (or just `itemIds` of them) go to: who hears about an order change. */
export function stationsOf(order: { items: readonly { id: string; station: string }[] }, itemIds?: readonly string[]): string[] {
	return [...new Set(order.items.filter(i => !itemIds || itemIds.includes(i.id)).map(i => i.station))];
}

/**
 * The lines a station (or, none named, the whole pass) still has on an order: every one not voided. The order
 * service readies these on a bump; the kitchen answers 404 for a station with none.
 */
export function liveItemsAt<T extends { station: string; status: string }>(items: readonly T[], station?: string): T[] {
	return items.filter(i => (!station || i.station === station) && i.status !== "voided" && i.status !== "pending");
}

/**
 * The order without its pending lines (guest rounds waiting for a waiter's confirm): what the kitchen, the printers,
 * the reports and the bill see, as those lines are not on the order until confirmed. The same object when none.
 */
export function withoutPending<T extends { items: readonly { status: string }[] }>(order: T): T {
	return order.items.some(i => i.status === "pending") ? { ...order, items: order.items.filter(i => i.status !== "pending") } : order;
}
