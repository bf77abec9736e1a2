// Events the billing service produces: a bill changed, a bill (and every part of a split one) settled, a refund made.
import type { Bill, Payment, Refund } from "../domain";

export const BILLING_EVENTS = {
	updated: "bill.updated",
	settled: "bill.settled",
	refunded: "payment.refunded",
	reopened: "bill.reopened",
} as const;
export type BillChange =
	| "created"
	| "split"
	| "discounted"
	| "payment"
	| "payment_failed"
	| "paid"
	| "refunded"
	| "reopened"
	/** The bill of a takeout cancelled unpaid (its payment link lapsed): nothing to pay any more. */
	| "voided";

export interface BillUpdated {
	bill: Bill;
	change: BillChange;
	/** discounted, refunded, reopened: why, as the manager gave it. */
	reason?: string;
	/** payment, paid, payment_failed, refunded: the payment concerned. */
	payment?: Payment;
	/** discounted: the discount it replaced. */
	previousDiscountCents?: number;
	by: string | null;
}

/** A bill and its parts are paid: its orders are paid, and the reports get everything about the sale. */
export interface BillSettled {
	billId: string;
	/** null for a takeout's or a bar tab's bill (`bill.orderType`, `bill.name` say whose it is). */
	tableId: string | null;
	orderIds: string[];
	by: string | null;
	bill: Bill;
	parts: Bill[];
}

export interface PaymentRefunded {
	payment: Payment;
	refund: Refund;
	bill: Bill;
	by: string | null;
}

/**
 * A paid bill (or a paid part of a split one) is open again: the sale `saleId` (the whole bill) is no longer
 * settled. Its orders go back to billed, and the reports take the sale out until it settles again. The event's
 * time orders it against the sale's `bill.settled` events: a settle recorded before it is undone by it.
 */
export interface BillReopened {
	/** The bill reopened (a part, when the bill was split). */
	billId: string;
	/** The whole bill: the one `bill.settled` named. */
	saleId: string;
	tableId: string | null;
	orderIds: string[];
	reason: string;
	by: string | null;
	bill: Bill;
}

export interface BillingEvents {
	"bill.updated": BillUpdated;
	"bill.settled": BillSettled;
	"payment.refunded": PaymentRefunded;
	"bill.reopened": BillReopened;
}
