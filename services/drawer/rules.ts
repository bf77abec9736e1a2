// What the billing events mean for the cash drawers, and a drawer's figures, free of the bus and the database.
import type { Bill, Drawer, DrawerMovement, Payment } from "../../contracts";

/** Cash that changed hands at the till: a payment taken (+) or a refund given back (−). */
export interface CashEntry {
	/** payment:<id> or refund:<id>: seen again on a later bill event, it is the same entry. */
	id: string;
	kind: "payment" | "refund";
	amountCents: number;
	at: Date;
}

/**
 * A captured cash payment puts its amount and its tip in the drawer: change went back to the guest, so it never
 * stayed (amountCents is what the bill was paid, tenderedCents − changeCents − tipCents). Card payments do not.
 */
export function cashOfPayment(p: Payment): CashEntry[] {
	if (p.method !== "cash" || p.status !== "captured") return [];
	return [{ id: `payment:${p.id}`, kind: "payment", amountCents: p.amountCents + p.tipCents, at: new Date(p.capturedAt ?? p.createdAt) }];
}

/** Every captured cash payment a bill and its parts carry (a bill event repeats them: the ids make it once). */
export function cashOfBills(bills: readonly Bill[]): CashEntry[] {
	return bills.flatMap(b => b.payments.flatMap(cashOfPayment));
}

/** A refund of a cash payment, once done, is cash out of the drawer. */
export function cashOfRefund(
	payment: Payment,
	refund: { id: string; amountCents: number; status: string; createdAt: string },
): CashEntry[] {
	if (payment.method !== "cash" || refund.status !== "done") return [];
	return [{ id: `refund:${refund.id}`, kind: "refund", amountCents: -refund.amountCents, at: new Date(refund.createdAt) }];
}

export interface DrawerRow {
	id: string;
	name: string;
	status: "open" | "closed";
	floatCents: number;
	expectedCents: number | null;
	countedCents: number | null;
	openedBy: string | null;
	openedAt: Date;
	closedBy: string | null;
	closedAt: Date | null;
}

/**
 * A drawer's figures: expected = float + cash put in − cash taken out + cash payments − cash refunds (a closed
 * drawer keeps the expected it had when counted); difference = counted − expected (negative: cash is missing).
 */
export function drawerOf(row: DrawerRow, movements: readonly DrawerMovement[], cash: readonly { amountCents: number }[]): Drawer {
	const cashInCents = movements.filter(m => m.amountCents > 0).reduce((s, m) => s + m.amountCents, 0);
	const cashOutCents = -movements.filter(m => m.amountCents < 0).reduce((s, m) => s + m.amountCents, 0);
	const cashPaymentsCents = cash.filter(c => c.amountCents > 0).reduce((s, c) => s + c.amountCents, 0);
	const cashRefundsCents = -cash.filter(c => c.amountCents < 0).reduce((s, c) => s + c.amountCents, 0);
	const running = row.floatCents + cashInCents - cashOutCents + cashPaymentsCents - cashRefundsCents;
	const expectedCents = row.expectedCents ?? running;
	return {
		id: row.id,
		name: row.name,
		status: row.status,
		floatCents: row.floatCents,
		cashInCents,
		cashOutCents,
		cashPaymentsCents,
		cashRefundsCents,
		expectedCents,
		countedCents: row.countedCents,
		differenceCents: row.countedCents === null ? null : row.countedCents - expectedCents,
		openedBy: row.openedBy,
		openedAt: row.openedAt.toISOString(),
		closedBy: row.closedBy,
		closedAt: row.closedAt?.toISOString() ?? null,
		movements: [...movements],
	};
}
