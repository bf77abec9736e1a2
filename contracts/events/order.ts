// Events the order service produces: an order placed, and every later change to it or its items.
import type { Order } from "../domain";

export const ORDER_EVENTS = { placed: "order.placed", updated: "order.updated" } as const;
export type OrderChange = "round_added" | "items_started" | "items_ready" | "item_voided" | "served" | "cancelled" | "billed" | "paid";

export interface OrderPlaced {
	order: Order;
	by: string;
}

export interface OrderUpdated {
	order: Order;
	change: OrderChange;
	/** The items this change touched (the new round's, the voided one, the ones made ready...). */
	itemIds: string[];
	round?: number;
	reason?: string;
	/** billed: the bill the order went onto. */
	billId?: string;
	/** cancelled or paid: true when the table has nothing left open or unpaid, so it can be freed. */
	tableClear?: boolean;
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
	return items.filter(i => (!station || i.station === station) && i.status !== "voided");
}
