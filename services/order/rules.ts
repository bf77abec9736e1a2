// The order's rules, free of the bus and the database: its status follows its items, what a serve takes, which moves the kitchen may make.
import type { ItemStatus, OrderStatus } from "../../contracts";

/** Statuses after which nothing on the order changes from the floor or the kitchen. */
export const CLOSED_STATUSES: readonly OrderStatus[] = ["billed", "paid", "cancelled"];

/**
 * placed until the kitchen starts something; in_progress once any live item is preparing or done;
 * ready when every live item is ready (or already served); served when every live item is served.
 * An order whose every item was voided has nothing left to cook or bill: cancelled.
 */
export function deriveStatus(current: OrderStatus, items: readonly { status: ItemStatus }[]): OrderStatus {
	if (CLOSED_STATUSES.includes(current)) return current;
	const live = items.filter(i => i.status !== "voided");
	if (live.length === 0) return "cancelled";
	if (live.every(i => i.status === "served")) return "served";
	if (live.every(i => i.status === "ready" || i.status === "served")) return "ready";
	if (live.some(i => i.status !== "queued")) return "in_progress";
	return "placed";
}

/**
 * What a serve takes: the items named (every ready item when none are named), split into those ready to go
 * out and those not (queued, preparing, already served or voided), and the named ids that are not on the order.
 * Named or not, the lists follow the order's own line order.
 */
export function pickToServe<T extends { id: string; status: ItemStatus }>(
	items: readonly T[],
	itemIds?: readonly string[],
): { ready: T[]; notReady: T[]; unknown: string[] } {
	if (!itemIds) {
		const ready = items.filter(i => i.status === "ready");
		// Nothing ready: what the waiter is waiting for is what is still cooking.
		return { ready, notReady: ready.length ? [] : items.filter(i => i.status === "queued" || i.status === "preparing"), unknown: [] };
	}
	const named = new Set(itemIds);
	const known = new Set(items.map(i => i.id));
	const picked = items.filter(i => named.has(i.id));
	return { ready: picked.filter(i => i.status === "ready"), notReady: picked.filter(i => i.status !== "ready"), unknown: itemIds.filter(id => !known.has(id)) };
}

/** Which item moves the kitchen may make: start a queued item; finish a queued or preparing one. */
export const KITCHEN_MOVES: Record<"preparing" | "ready", readonly ItemStatus[]> = {
	preparing: ["queued"],
	ready: ["queued", "preparing"],
};
