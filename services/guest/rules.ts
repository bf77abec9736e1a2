// The guest service's rules, apart from the database: guest tokens, whether a session still stands given its
// table's order, the order as a guest sees it, and how often a guest may call.
import crypto from "node:crypto";
import {
	GUEST_TOKEN_PREFIX,
	GUEST_UNBOUND_MS,
	GuestErrors,
	guestViewOf,
	hashGuestToken,
	type GuestCaller,
	type GuestCallKind,
	type Order,
} from "../../contracts";

export interface SessionRow {
	id: string;
	tableId: string;
	tableName: string;
	orderId: string | null;
	createdAt: Date;
	expiresAt: Date;
}

/** A guest who just paid may still read the order and ask for the receipt this long (`afterPaid`). */
export const AFTER_PAID_MS = 30 * 60_000;
/** The same call (waiter, bill) from one session again within this long is refused (429): the floor heard it. */
export const CALL_COOLDOWN_MS = 60_000;

/** A fresh guest token: `gst_` and 32 random bytes, base64url. */
export function newGuestToken(): string {
	return `${GUEST_TOKEN_PREFIX}${crypto.randomBytes(32).toString("base64url")}`;
}

export function isGuestToken(token: string): boolean {
	return token.startsWith(GUEST_TOKEN_PREFIX);
}

export { hashGuestToken };

export function callerOf(s: SessionRow): GuestCaller {
	return {
		sessionId: s.id,
		tableId: s.tableId,
		tableName: s.tableName,
		orderId: s.orderId,
		expiresAt: s.expiresAt.getTime(),
		unboundUntil: s.orderId ? null : unboundUntil(s),
	};
}

/** Until when a session that follows no order may still find one (GUEST_UNBOUND_MS after it was opened). */
export function unboundUntil(s: Pick<SessionRow, "createdAt">): number {
	return s.createdAt.getTime() + GUEST_UNBOUND_MS;
}

/**
 * Whether a session with no order yet takes up `order`, the one open at its table now: one opened before the
 * session (a phone scanning at a seated table, or to pay) or within GUEST_UNBOUND_MS after; a later one is the
 * next party's.
 */
export function mayFollow(s: Pick<SessionRow, "createdAt">, order: Pick<Order, "createdAt">): boolean {
	return Date.parse(order.createdAt) <= unboundUntil(s);
}

/** Throws 401 unless the session exists and has not expired. */
export function assertUnexpired(s: SessionRow | undefined, now: Date): asserts s is SessionRow {
	if (!s || s.expiresAt.getTime() <= now.getTime()) throw GuestErrors.sessionInvalid();
}

/** The order's state that ends a guest session, or null while it stands. */
export type EndReason = "paid" | "cancelled" | "moved";

/**
 * Why the session's order ends the session, or null while the guest may go on: paid (or paid once, a reopened
 * bill's), cancelled (merged too), or moved to another table. `afterPaid` still admits an order paid, not moved,
 * within AFTER_PAID_MS.
 */
export function endReason(
	session: Pick<SessionRow, "tableId">,
	order: Pick<Order, "tableId" | "status" | "paidAt">,
	now: Date,
	afterPaid = false,
): EndReason | null {
	if (order.tableId !== session.tableId) return "moved";
	if (order.status === "cancelled") return "cancelled";
	const paidAt = order.paidAt ? Date.parse(order.paidAt) : order.status === "paid" ? 0 : null;
	if (paidAt === null) return null;
	if (afterPaid && now.getTime() - paidAt <= AFTER_PAID_MS) return null;
	return "paid";
}

/** The order as a guest sees it (contracts: the gateway pushes the same view to guest sockets). */
export const guestView = guestViewOf;

/** Seconds until `kind` may be called again by a session that last called it at `last`; 0 when it may now. */
export function callWait(last: Date | undefined, now: Date, cooldownMs = CALL_COOLDOWN_MS): number {
	if (!last) return 0;
	const left = last.getTime() + cooldownMs - now.getTime();
	return left > 0 ? Math.ceil(left / 1000) : 0;
}

export type { GuestCallKind };
