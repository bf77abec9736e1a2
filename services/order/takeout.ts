// Takeouts ordered from the public page, free of the bus: who the guest is (a phone that can be called, a pickup
// time later today), the order's id a double tap finds again, and what a prepaid order lets the kitchen do.
import crypto from "node:crypto";
import { CommonErrors, type Order, type OrderStatus } from "../../contracts";
import { assertOpen } from "./rules";

/** "Today's service": a pickup no further ahead than this. */
export const PICKUP_AHEAD_HOURS = 12;
/** A pickup a minute in the past is a phone's clock, not a wish to eat yesterday. */
const CLOCK_SKEW_MS = 60_000;

/** A phone number a cook could call: digits with the usual separators, an optional leading +, 7 to 15 digits (E.164). */
export function assertPhone(phone: string): string {
	const value = phone.trim();
	const digits = value.replace(/\D/g, "");
	if (!/^\+?[0-9 ()./-]+$/.test(value) || digits.length < 7 || digits.length > 15)
		throw CommonErrors.invalidField("phone", "phone", "'phone' must be a phone number, e.g. +44 20 7946 0958");
	return value.replace(/\s+/g, " ");
}

/** The pickup is later today: not in the past, at most PICKUP_AHEAD_HOURS ahead. */
export function assertTakeoutPickup(pickupAt: string, now: Date): void {
	const at = Date.parse(pickupAt);
	if (Number.isNaN(at) || at < now.getTime() - CLOCK_SKEW_MS)
		throw CommonErrors.invalidField("pickupAt", "date", "'pickupAt' must be a time still to come");
	if (at > now.getTime() + PICKUP_AHEAD_HOURS * 3_600_000)
		throw CommonErrors.invalidField(
			"pickupAt",
			"date",
			`'pickupAt' must be within today's service (the next ${PICKUP_AHEAD_HOURS} hours)`,
		);
}

/** A version-5 shaped UUID from `parts`: the same Idempotency-Key makes the same takeout (and hold) id. */
export function nameBasedId(...parts: string[]): string {
	const h = crypto.createHash("sha256").update(parts.join("\n")).digest("hex");
	return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/**
 * A kitchen move or a serve on the order: an open order, or a prepaid takeout once paid (it is paid before it is
 * cooked, so "paid" does not close it to the kitchen or the hand-over at the counter).
 */
export function assertKitchenOpen(order: { id: string; status: OrderStatus; awaitingPayment?: boolean }): void {
	if (order.awaitingPayment === false && order.status === "paid") return;
	assertOpen(order);
}

/** The course a paid takeout fires: every held line goes (its highest course); none held: null. */
export function takeoutCourse(items: readonly { held: boolean; status: string; course: number }[]): number | null {
	const held = items.filter(i => i.held && i.status === "queued").map(i => i.course);
	return held.length ? Math.max(...held) : null;
}

/** A takeout whose link failed is cancelled only while it still waits for that payment (not paid, not cancelled). */
export function cancelsOnFailure(
	order: Pick<Order, "status" | "awaitingPayment">,
	takeoutPaymentId: string | null,
	failedPaymentId: string | undefined,
): boolean {
	return order.awaitingPayment === true && order.status === "billed" && !!failedPaymentId && failedPaymentId === takeoutPaymentId;
}

/** Whether a request may make the takeout's payment link now: nobody is, or the one who was gave up (stale claim). */
export function mayClaimLink(claim: { claimedAt: Date | null; hasLink: boolean }, now: Date, staleMs = 30_000): boolean {
	if (claim.hasLink) return false;
	return !claim.claimedAt || now.getTime() - claim.claimedAt.getTime() > staleMs;
}
