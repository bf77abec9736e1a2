// The payment and refund state machine, free of the bus and the database: what a payment may take from a bill,
// what the provider's answer does to a pending payment or refund, and what a sweep makes of an answer never heard.
import { BillingErrors, CommonErrors, type Bill, type BillChange, type Payment, type Refund } from "../../contracts";
import type { ChargeResult, RefundResult } from "./providers";
import type { BillPatch, PaymentPatch, RefundPatch } from "./repository";

/** Why a payment link that was not paid failed: its time ran out, or it was closed (cancelled, or its card declined). */
export const LINK_EXPIRED = "The payment link expired unpaid";
export const LINK_CLOSED = "The payment link was cancelled";

/** A card payment or refund the provider has not answered after this long is asked about again. */
export const PENDING_RECHECK_SECONDS = 30;

/** Why a payment or refund the provider has no record of failed: it took, or gave back, nothing. */
export const NEVER_RECEIVED = "The payment provider never received it";

/**
 * A payment is held against the bill while the provider is asked: it may take at most what is left to pay,
 * and what it takes is pending, so a second tablet paying at once sees a smaller balance.
 */
export function reservePayment(bill: Bill, amountCents: number): BillPatch {
	if (amountCents > bill.balanceCents) throw BillingErrors.exceedsBalance(bill.id, bill.balanceCents);
	return { pendingCents: bill.pendingCents + amountCents };
}

/** A payment as asked for: an amount, or for cash what the guest handed over (or both: part of a bill from a note). */
export interface PayRequest {
	method: "cash" | "card";
	amountCents?: number;
	tipCents?: number | null;
	tenderedCents?: number;
}

/**
 * What a request may ask before the bill is read: an amount or cash tendered (card has nothing to tender),
 * and tendered cash at least the amount and the tip it pays, with a cent at least for the bill (400 VALIDATION_ERROR otherwise).
 */
export function checkPayRequest({ method, amountCents, tipCents, tenderedCents }: PayRequest): void {
	if (tenderedCents == null) {
		if (amountCents == null)
			throw CommonErrors.invalidField("amountCents", "required", "Send 'amountCents', or 'tenderedCents' for cash handed over");
		return;
	}
	if (method !== "cash")
		throw CommonErrors.invalidField("tenderedCents", "forbidden", "Only cash is tendered; a card pays 'amountCents'");
	const needed = (amountCents ?? 1) + (tipCents ?? 0);
	if (tenderedCents < needed)
		throw CommonErrors.invalidField(
			"tenderedCents",
			"numberMin",
			`The cash handed over (${tenderedCents} cents) is less than the ${needed} cents it must pay`,
		);
}

/**
 * Cash handed over: the payment takes what it pays (the amount asked, else what the cash covers of the balance,
 * never more than the balance: 409 as any payment) and the rest, after the tip, is the change due.
 */
export function cashTendered(
	bill: Pick<Bill, "id" | "balanceCents">,
	{ amountCents, tipCents, tenderedCents }: { amountCents?: number; tipCents: number; tenderedCents: number },
): { amountCents: number; changeCents: number } {
	const amount = amountCents ?? Math.min(tenderedCents - tipCents, bill.balanceCents);
	// Nothing left to pay (the rest pending on a card): there is nothing for the cash to pay.
	if (amount < 1) throw BillingErrors.exceedsBalance(bill.id, bill.balanceCents);
	return { amountCents: amount, changeCents: tenderedCents - tipCents - amount };
}

/**
 * pending → captured or failed, once: a payment already settled (by the request or the sweeper, whichever got
 * there first) is left as it is (undefined).
 */
export function settlePayment(
	payment: Payment,
	result: ChargeResult,
	now: Date,
): (PaymentPatch & { status: "captured" | "failed" }) | undefined {
	if (payment.status !== "pending") return undefined;
	if (result.status === "declined") return { status: "failed", failureReason: result.reason };
	return { status: "captured", providerRef: result.providerRef, capturedAt: now };
}

/**
 * What a settled payment does to its bill, and the change `bill.updated` records: its amount is no longer
 * pending; captured, it and its tip count as paid, and when that covers the total the bill is paid.
 */
export function paymentOnBill(
	bill: Bill,
	payment: Payment,
	status: "captured" | "failed",
	now: Date,
): { bill: BillPatch; change: BillChange } {
	const pendingCents = bill.pendingCents - payment.amountCents;
	if (status === "failed") return { bill: { pendingCents }, change: "payment_failed" };
	const paidCents = bill.paidCents + payment.amountCents;
	const settles = paidCents === bill.totalCents;
	return {
		bill: {
			pendingCents,
			paidCents,
			tipCents: bill.tipCents + payment.tipCents,
			...(settles && { status: "paid" as const, paidAt: now }),
		},
		change: settles ? "paid" : "payment",
	};
}

/**
 * How much a refund gives back: what is left of the payment when no amount is named. Only a captured payment
 * is refunded, and never by more than what was taken less what was already given back (or is being given back).
 */
export function refundAmount(payment: Payment, requestedCents?: number): number {
	if (payment.status !== "captured") throw BillingErrors.notCaptured(payment.id, payment.status);
	const refundable = payment.amountCents - payment.refundedCents;
	const amount = requestedCents ?? refundable;
	if (amount > refundable || amount === 0) throw BillingErrors.refundExceedsPayment(payment.id, refundable);
	return amount;
}

/** A refund is held against its payment from the start, so two refunds at once cannot give back more than was taken. */
export function holdRefund(payment: Payment, amountCents: number): PaymentPatch {
	return { refundedCents: payment.refundedCents + amountCents };
}

/** What the provider said about a refund: done (with its reference), or refused and why. */
export type RefundOutcome = { providerRef: string | null } | { failed: string };

/** A refund's outcome from the provider's answer; no answer on record means it never arrived, so nothing was given back. */
export function refundOutcome(answer: RefundResult | undefined): RefundOutcome {
	return answer?.status === "refunded"
		? { providerRef: answer.providerRef }
		: { failed: answer?.status === "failed" ? answer.reason : NEVER_RECEIVED };
}

/** A charge the provider has no record of never took anything: it is declined. */
export function chargeOutcome(answer: ChargeResult | undefined): ChargeResult {
	return answer ?? { status: "declined", reason: NEVER_RECEIVED };
}

/**
 * pending → done or failed, once: a refund already settled (by the request or the sweeper) is left as it is
 * (undefined). Refused, the amount held against the payment goes back to it; done, the provider's reference is
 * kept and the bill is changed by `refundOnBill`.
 */
export function settleRefund(
	payment: Payment,
	refund: Refund,
	outcome: RefundOutcome,
): { refund: RefundPatch; payment?: PaymentPatch } | undefined {
	if (refund.status !== "pending") return undefined;
	if ("failed" in outcome)
		return { refund: { status: "failed" }, payment: { refundedCents: payment.refundedCents - refund.amountCents } };
	return { refund: { status: "done", providerRef: outcome.providerRef } };
}

/** Money given back on an open bill is owed again; on a paid bill it is a refund after the sale. */
export function refundOnBill(bill: Bill, amountCents: number): BillPatch {
	return bill.status === "open" ? { paidCents: bill.paidCents - amountCents } : { refundedCents: bill.refundedCents + amountCents };
}
