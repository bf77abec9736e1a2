// The order's rules, free of the bus and the database: its status and total follow its items, what a void, a cancel,
// a serve or a bill may take, which moves the kitchen may make. A refusal is the catalogue's typed error.
import {
	ApprovalErrors,
	can,
	liveItemsAt,
	OrderErrors,
	type ItemStatus,
	type OrderStatus,
	type Permission,
	type Role,
} from "../../contracts";

/** Statuses after which nothing on the order changes from the floor or the kitchen. */
export const CLOSED_STATUSES: readonly OrderStatus[] = ["billed", "paid", "cancelled"];

/** A line as the rules see it: which one, and how far it got (a held line is queued until its course is fired). */
interface Line {
	id: string;
	status: ItemStatus;
	held?: boolean;
}

/** A line a refusal names to the waiter. */
interface NamedLine extends Line {
	name: string;
}

/**
 * placed until the kitchen starts something; in_progress once any live item is preparing or done;
 * ready when every live item is ready (or already served); served when every live item is served.
 * An order whose every item was voided has nothing left to cook or bill: cancelled.
 */
export function deriveStatus(current: OrderStatus, items: readonly { status: ItemStatus }[]): OrderStatus {
	if (CLOSED_STATUSES.includes(current)) return current;
	// A guest round waiting for its confirm is not on the order yet: it moves no status, nor keeps one from moving.
	const live = items.filter(i => i.status !== "voided" && i.status !== "pending");
	// Only pending lines left (a guest's first round): the order stands as it was, waiting for the waiter.
	if (live.length === 0) return items.some(i => i.status === "pending") ? current : "cancelled";
	if (live.every(i => i.status === "served")) return "served";
	if (live.every(i => i.status === "ready" || i.status === "served")) return "ready";
	if (live.some(i => i.status !== "queued")) return "in_progress";
	return "placed";
}

/** What the table owes for the order: quantity × unit price over every line neither voided nor pending (a guest round not confirmed). */
export function orderTotal(items: readonly { status: ItemStatus; quantity: number; unitPriceCents: number }[]): number {
	return items.filter(i => i.status !== "voided" && i.status !== "pending").reduce((sum, i) => sum + i.quantity * i.unitPriceCents, 0);
}

/** A billed, paid or cancelled order cannot change (409). */
export function assertOpen(order: { id: string; status: OrderStatus }): void {
	if (CLOSED_STATUSES.includes(order.status)) throw OrderErrors.closed(order.id, order.status);
}

/** The number a round added to the order gets: one after the last. */
export function nextRound(items: readonly { round: number }[]): number {
	return Math.max(...items.map(i => i.round)) + 1;
}

/** Who voids: their role, or their role and the manager's approval the call carried (ctx.meta.approval). */
export type Voider = string | undefined | { role?: string; approval?: { permission: Permission } };

/**
 * The line a void takes, or why not: it must be on the order and not voided already, and once the kitchen
 * has started it the food exists, so only a manager or an admin (PERMISSIONS.voidStarted) may write it off,
 * or a waiter a manager approved it for (403 APPROVAL_REQUIRED until then; the gateway opens the request).
 */
export function itemToVoid<T extends Line>(items: readonly T[], itemId: string, who: Voider): T {
	const item = items.find(i => i.id === itemId);
	if (!item) throw OrderErrors.itemNotFound(itemId);
	if (item.status === "voided") throw OrderErrors.itemState(item.id, item.status, "voided");
	if (item.status === "pending") throw OrderErrors.itemState(item.id, "pending (a guest's round: reject it instead)", "voided");
	const { role, approval } = typeof who === "object" ? who : { role: who, approval: undefined };
	if (item.status !== "queued" && !can(role as Role | undefined, "voidStarted") && approval?.permission !== "voidStarted")
		throw ApprovalErrors.required("voidStarted");
	return item;
}

/**
 * The lines a cancel voids (every live one, so the kitchen takes the ticket off its screen), or why not:
 * once something is ready or served, food went out or is waiting at the pass, and the order is not cancellable.
 */
export function linesToCancel(order: { id: string; items: readonly Line[] }): string[] {
	if (order.items.some(i => i.status === "ready" || i.status === "served")) throw OrderErrors.notCancellable(order.id);
	return order.items.filter(i => i.status !== "voided").map(i => i.id);
}

/**
 * What a serve takes: the items named (every ready item when none are named), split into those ready to go
 * out and those not (queued, preparing, already served or voided), and the named ids that are not on the order.
 * Named or not, the lists follow the order's own line order.
 */
export function pickToServe<T extends Line>(
	items: readonly T[],
	itemIds?: readonly string[],
): { ready: T[]; notReady: T[]; unknown: string[] } {
	if (!itemIds) {
		const ready = items.filter(i => i.status === "ready");
		// Nothing ready: what the waiter is waiting for is what is still cooking (a held course is not on its way).
		const cooking = items.filter(i => !i.held && (i.status === "queued" || i.status === "preparing"));
		return { ready, notReady: ready.length ? [] : cooking, unknown: [] };
	}
	const named = new Set(itemIds);
	const known = new Set(items.map(i => i.id));
	const picked = items.filter(i => named.has(i.id));
	return {
		ready: picked.filter(i => i.status === "ready"),
		notReady: picked.filter(i => i.status !== "ready"),
		unknown: itemIds.filter(id => !known.has(id)),
	};
}

/**
 * The ids a serve marks served, or why not: a named id not on the order is a 404 naming it; a named item not
 * ready, or nothing ready at all, is a 409 naming what is not ready. All or nothing: nothing unseen goes out.
 */
export function itemsToServe(order: { id: string; items: readonly NamedLine[] }, itemIds?: readonly string[]): string[] {
	const { ready, notReady, unknown } = pickToServe(order.items, itemIds);
	if (unknown.length) throw OrderErrors.itemsNotFound(order.id, unknown);
	if (notReady.length || !ready.length) throw OrderErrors.notReady(order.id, notReady.map(asNamed));
	return ready.map(i => i.id);
}

/** Billing takes an order only once every live line was served; a 409 names the ones the table is still waiting for (a held course too). */
export function assertServed(order: { id: string; items: readonly NamedLine[] }): void {
	const waiting = order.items.filter(i => i.status !== "voided" && i.status !== "served");
	if (waiting.length) throw OrderErrors.notServed(order.id, waiting.map(asNamed));
}

/** How a refusal names a line: a held one is "held", not "queued", so the waiter knows to fire its course. */
function asNamed(i: NamedLine): { id: string; name: string; status: string } {
	// A guest round waiting for its confirm is "pending" (held until then, but no course is what it waits for).
	return { id: i.id, name: i.name, status: i.status === "pending" ? "pending" : i.held ? "held" : i.status };
}

// The kitchen's moves are the order's rule, not the kitchen's: the order owns item statuses and checks them under its row lock.
/** Which item moves the kitchen may make: start a queued item; finish a queued or preparing one. */
export type KitchenMove = "preparing" | "ready";
export const KITCHEN_MOVES: Record<KitchenMove, readonly ItemStatus[]> = {
	preparing: ["queued"],
	ready: ["queued", "preparing"],
};

/** A cook's tap on one item, or why not (409): the item is held until its course is fired, further along, served or voided. */
export function assertKitchenMove(item: Line & { name?: string; course?: number }, to: KitchenMove): void {
	if (item.held && item.status === "queued") throw OrderErrors.itemHeld(item.id, item.name ?? item.id, item.course ?? 1);
	if (!KITCHEN_MOVES[to].includes(item.status)) throw OrderErrors.itemState(item.id, item.status, to);
}

/**
 * What a bump readies at `station` (every station when none): the live lines there, and of those the ones the
 * kitchen may still finish. Ready ones stay as they are, so bumping twice changes nothing the second time; held
 * ones wait for their course (a station with nothing but held lines readies nothing).
 */
export function readyAtStation<T extends Line & { station: string }>(
	items: readonly T[],
	station?: string,
): {
	live: T[];
	toReady: string[];
} {
	const live = liveItemsAt(items, station);
	return { live, toReady: live.filter(i => !i.held && KITCHEN_MOVES.ready.includes(i.status)).map(i => i.id) };
}
