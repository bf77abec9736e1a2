// Which events become which reporting rows, free of the bus and the database: the audit trail's entries (money:
// voids, cancellations, discounts, refunds; accounts: sign-ins, refusals, accounts made and changed) and the
// refunds that count against sales.
import type { EventOf } from "../../contracts";
import type { AuditEntry } from "./repository";

/** Fields every entry of an event shares: the event's id and time (so a redelivery writes nothing new). */
const entryOf = (e: { eventId: string; at: string }, fields: Omit<AuditEntry, "id" | "at">): AuditEntry => ({
	id: e.eventId,
	at: new Date(e.at),
	...fields,
});

/** Voids and cancellations: who, when, why, and what the items were worth. Other order changes are not audited. */
export function auditOfOrder(e: EventOf<"order.updated">): AuditEntry[] {
	const { order, change, itemIds, reason, by } = e.data;
	if (change !== "item_voided" && change !== "cancelled") return [];
	const items = order.items.filter(i => itemIds.includes(i.id));
	return [
		entryOf(e, {
			action: change === "cancelled" ? "order_cancelled" : "item_voided",
			actorId: by,
			reason: reason ?? null,
			tableName: order.tableName,
			amountCents: items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0),
			subject: { orderId: order.id, items: items.map(i => ({ id: i.id, name: i.name, quantity: i.quantity, station: i.station })) },
		}),
	];
}

/** Discounts: the bill's discount as it now stands and the one it replaced. Other bill changes are not audited. */
export function auditOfBill(e: EventOf<"bill.updated">): AuditEntry[] {
	const { bill, change, reason, previousDiscountCents, by } = e.data;
	if (change !== "discounted") return [];
	return [
		entryOf(e, {
			action: "bill_discounted",
			actorId: by,
			reason: reason ?? null,
			tableName: bill.tableName,
			amountCents: bill.discountCents,
			subject: { billId: bill.id, previousDiscountCents },
		}),
	];
}

/** Refunds, whether the bill was paid or not: what was given back, on which payment, and why. */
export function auditOfRefund(e: EventOf<"payment.refunded">): AuditEntry[] {
	const { refund, payment, bill, by } = e.data;
	return [
		entryOf(e, {
			action: "payment_refunded",
			actorId: by,
			reason: refund.reason,
			tableName: bill.tableName,
			amountCents: refund.amountCents,
			subject: { billId: bill.id, paymentId: payment.id, method: payment.method },
		}),
	];
}

/**
 * A refund counts against sales only when its bill was paid; on a bill not yet paid it only reopens the balance,
 * and the sale, when it settles, is net of it. A part's refund counts against the whole bill's sale.
 */
export function saleRefundOf(
	e: EventOf<"payment.refunded">,
): { refundId: string; paymentId: string; billId: string; amountCents: number; at: Date } | undefined {
	const { refund, payment, bill } = e.data;
	if (bill.status !== "paid") return undefined;
	return {
		refundId: refund.id,
		paymentId: payment.id,
		billId: bill.parentId ?? bill.id,
		amountCents: refund.amountCents,
		at: new Date(e.at),
	};
}

/** A sign-in: who, from where, on what device. */
export function auditOfSignIn(e: EventOf<"session.started">): AuditEntry[] {
	const { user, ip, userAgent } = e.data;
	return [
		entryOf(e, {
			action: "signed_in",
			actorId: user.id,
			reason: null,
			tableName: "",
			amountCents: 0,
			subject: { userId: user.id, username: user.username, role: user.role, ip, userAgent },
		}),
	];
}

/** A refused sign-in and why (unknown user, wrong password, inactive user), with the account when the name has one. */
export function auditOfRefusedSignIn(e: EventOf<"login.refused">): AuditEntry[] {
	const { username, userId, reason, ip, userAgent } = e.data;
	return [
		entryOf(e, {
			action: "sign_in_refused",
			actorId: userId,
			reason,
			tableName: "",
			amountCents: 0,
			subject: { userId, username, ip, userAgent },
		}),
	];
}

/**
 * Accounts: who created or changed whose account, and what changed, one entry per change (a role, a password,
 * (de)activation), each with its own id. A change of name alone is not audited.
 */
export function auditOfAccount(e: EventOf<"user.created"> | EventOf<"user.updated">): AuditEntry[] {
	const { user, by } = e.data;
	const via = e.type === "user.updated" ? e.data.via : undefined;
	const subject = { userId: user.id, username: user.username, role: user.role, ...(via && { via }) };
	const make = (n: number, action: AuditEntry["action"], extra: Record<string, unknown> = {}): AuditEntry => ({
		...entryOf(e, { action, actorId: by, reason: null, tableName: "", amountCents: 0, subject: { ...subject, ...extra } }),
		id: n ? `${e.eventId}:${n}` : e.eventId,
	});
	if (e.type === "user.created") return [make(0, "user_created")];
	const { changed, previousRole } = e.data;
	const out: AuditEntry[] = [];
	if (changed?.includes("role")) out.push(make(1, "role_changed", { previousRole: previousRole ?? null }));
	if (changed?.includes("password")) out.push(make(2, "password_changed"));
	if (changed?.includes("isActive")) out.push(make(3, user.isActive ? "user_reactivated" : "user_deactivated"));
	return out;
}
