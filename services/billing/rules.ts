// A bill's rules, free of the bus and the database: its lines from the orders billed, when it is paid and when the
// sale is settled, how it splits and how a discount reprices it. The arithmetic itself is lib/money.ts.
import { BillingErrors, CommonErrors, type Bill, type BillLine, type Order } from "../../contracts";
import { billAmounts, percentOf, splitAmounts, type BillAmounts, type Rates } from "../../lib/money";
import type { BillPatch } from "./repository";

/** A bill's lines: every item of its orders but the voided ones, priced as ordered, credited to whoever took it. */
export function billLines(orders: readonly Order[]): BillLine[] {
	return orders.flatMap(o =>
		o.items
			.filter(i => i.status !== "voided")
			.map(i => ({
				id: i.id,
				orderId: o.id,
				menuItemId: i.menuItemId,
				name: i.name,
				quantity: i.quantity,
				unitPriceCents: i.unitPriceCents,
				amountCents: i.quantity * i.unitPriceCents,
				// Whoever took the line; a `billed` event recorded before lines carried it names only the opener.
				waiterId: i.takenBy ?? o.createdBy,
			})),
	);
}

export function subtotalOf(lines: readonly BillLine[]): number {
	return lines.reduce((s, l) => s + l.amountCents, 0);
}

/**
 * An open bill is paid once what was captured covers its total and nothing is pending: as payments come in,
 * as it is made when it has nothing to pay (free lines, a cent split four ways), or when discounted down to
 * what was paid (a comp, when nothing was).
 */
export function isCovered(bill: Bill): boolean {
	return bill.status === "open" && bill.pendingCents === 0 && bill.paidCents === bill.totalCents;
}

/** A whole bill is settled when it is paid; a split one when every part is. */
export function isSettled(parts: readonly Bill[]): boolean {
	return parts.every(p => p.status === "paid");
}

export interface SplitRequest {
	mode: "even" | "items";
	parts?: number;
	groups?: string[][];
}

/** The request names what its mode needs: a number of parts for an even split, groups of lines for a split by items. */
export function checkSplitRequest({ mode, parts, groups }: SplitRequest): void {
	if (mode === "even" && parts == null) throw CommonErrors.invalidField("parts", "required", "An even split needs 'parts' (2 to 20)");
	if (mode === "items" && groups == null)
		throw CommonErrors.invalidField("groups", "required", "A split by items needs 'groups': arrays of line ids");
}

export interface SplitPart {
	lines: BillLine[];
	amounts: BillAmounts;
}

/**
 * The parts bill splits into. Only a whole bill with no payment taken or pending splits. An even split gives
 * each part no lines and an equal share; a split by items gives each group its lines and a share in proportion
 * to their amounts. Each of the bill's amounts is shared out to the cent (lib/money.ts `splitAmounts`).
 */
export function planSplit(bill: Bill, { mode, parts, groups }: SplitRequest): SplitPart[] {
	if (bill.parentId) throw BillingErrors.splitPart(bill.id);
	if (bill.paidCents > 0 || bill.pendingCents > 0) throw BillingErrors.hasPayments(bill.id);
	const lineGroups = mode === "even" ? Array.from({ length: parts! }, () => [] as BillLine[]) : groupLines(bill, groups!);
	const weights = mode === "even" ? lineGroups.map(() => 1) : lineGroups.map(subtotalOf);
	const amounts = splitAmounts(bill, weights);
	return lineGroups.map((lines, i) => ({ lines, amounts: amounts[i] }));
}

/** The groups of a split by items: every line named at most once; lines named nowhere make one more part. */
export function groupLines(bill: Bill, groups: readonly string[][]): BillLine[][] {
	const byId = new Map(bill.lines.map(l => [l.id, l]));
	const seen = new Set<string>();
	const unknown: string[] = [];
	const twice: string[] = [];
	const out = groups.map(g =>
		g.flatMap(id => {
			if (!byId.has(id)) unknown.push(id);
			else if (seen.has(id)) twice.push(id);
			else {
				seen.add(id);
				return [byId.get(id)!];
			}
			return [];
		}),
	);
	if (unknown.length) throw CommonErrors.invalidField("groups", "uuid", `Not lines of this bill: ${unknown.join(", ")}`);
	if (twice.length) throw CommonErrors.invalidField("groups", "unique", `Named in more than one group: ${twice.join(", ")}`);
	const rest = bill.lines.filter(l => !seen.has(l.id));
	if (rest.length) out.push(rest);
	if (out.length < 2)
		throw CommonErrors.invalidField(
			"groups",
			"arrayMin",
			"A split needs at least two parts; leave some lines out or name a second group",
		);
	return out;
}

export interface DiscountRequest {
	percent?: number;
	amountCents?: number;
}

/** A discount is a percentage (at most 4 decimals) or an amount, never both and never neither. */
export function checkDiscountRequest({ percent, amountCents }: DiscountRequest): void {
	if ((percent == null) === (amountCents == null)) {
		throw CommonErrors.invalidField("percent", "required", "Send either 'percent' or 'amountCents', not both");
	}
	if (percent != null && !/^\d{1,3}(\.\d{1,4})?$/.test(String(percent))) {
		throw CommonErrors.invalidField("percent", "number", "The 'percent' field may have at most 4 decimals");
	}
}

/**
 * A discount replaces the one before, reprices service charge, tax and total from the subtotal, and may not
 * exceed the subtotal nor bring the total below what was paid or is pending.
 */
export function applyDiscount(bill: Bill, { percent, amountCents }: DiscountRequest, reason: string, rates: Rates): BillPatch {
	const discount = percent != null ? percentOf(bill.subtotalCents, percent) : amountCents!;
	if (discount > bill.subtotalCents) throw BillingErrors.discountTooLarge(bill.subtotalCents);
	const a = billAmounts(bill.subtotalCents, discount, rates);
	if (a.totalCents < bill.paidCents + bill.pendingCents)
		throw BillingErrors.discountBelowPaid(bill.id, bill.paidCents + bill.pendingCents);
	return {
		discountCents: a.discountCents,
		discountReason: reason,
		serviceChargeCents: a.serviceChargeCents,
		taxCents: a.taxCents,
		totalCents: a.totalCents,
	};
}
