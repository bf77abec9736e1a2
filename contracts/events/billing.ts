// Events the billing service produces: a bill changed, a bill (and every part of a split one) settled, a refund made.
import type { Bill, Payment, Refund } from "../domain";

export const BILLING_EVENTS = { updated: "bill.updated", settled: "bill.settled", refunded: "payment.refunded" } as const;
export type BillChange = "created" | "split" | "discounted" | "payment" | "payment_failed" | "paid" | "refunded";

export interface BillUpdated {
	bill: Bill;
	change: BillChange;
	/** discounted, refunded: why, as the admin gave it. */
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

export interface BillingEvents {
	"bill.updated": BillUpdated;
	"bill.settled": BillSettled;
	"payment.refunded": PaymentRefunded;
}
