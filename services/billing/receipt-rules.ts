// Who may have a bill's receipt mailed, and how often: the receipt mixin's decisions, free of the bus and the database.
import { BillingErrors, MailErrors, type Bill, type GuestCaller } from "../../contracts";

/** A guest who just paid may still ask for the receipt this long after (contract: liveGuest's afterPaid). */
export const GUEST_RECEIPT_AFTER_PAID_MS = 30 * 60_000;
/** Receipts mailed per bill in RECEIPT_WINDOW_SECONDS, whoever asks: a guest cannot make us a mail cannon. */
export const RECEIPTS_PER_BILL = 5;
export const RECEIPT_WINDOW_SECONDS = 15 * 60;

/**
 * Staff and admins may mail any bill's receipt but a void one (split into parts: each part has its own). A guest
 * (as `guest.live` with afterPaid answers: its session still live, or its order paid within the last 30 minutes)
 * only a bill of its own table holding the order its session follows, while open or paid within those 30 minutes;
 * any other bill answers as unknown (404), so a guest learns nothing of other tables' bills.
 */
export function checkReceiptRequest(bill: Bill, guest: GuestCaller | undefined, now = Date.now()): void {
	if (guest) {
		const ownTable = bill.tableId !== null && bill.tableId === guest.tableId;
		const ownOrder = guest.orderId !== null && bill.orderIds.includes(guest.orderId);
		const recent =
			bill.status === "open" ||
			(bill.status === "paid" && bill.paidAt !== null && now - new Date(bill.paidAt).getTime() <= GUEST_RECEIPT_AFTER_PAID_MS);
		if (!ownTable || !ownOrder || !recent) throw BillingErrors.billNotFound(bill.id);
	}
	if (bill.status === "void") throw MailErrors.receiptUnavailable(bill.id);
}
