// A bill's rules, free of the bus and the database: its lines from the orders billed, when it is paid and when the
// sale is settled, how it splits and how a discount reprices it. The arithmetic itself is lib/money.ts.
import { BillingErrors, CommonErrors, type Bill, type BillLine, type Order, type OrderItem } from "../../contracts";
import { billAmounts, percentOf, splitAmounts, splitEvenly, type BillAmounts, type Rates } from "../../lib/money";
import type { BillPatch } from "./repository";

/**
 * What the guest pays for: every item of the orders but the voided ones, the remakes (the kitchen's loss, not
 * the guest's) and the sides cooked at another station (their price is in the parent line's options, which the
 * line lists). Priced as ordered — a comped line at 0, with its reason — credited to whoever took it.
 */
export function isBilled(item: OrderItem): boolean {
	// "pending": a guest round no waiter confirmed is not on the order yet, so not on its bill.
	return item.status !== "voided" && item.status !== "pending" && !item.remakeOf && !item.partOf;
}

/** A bill's lines, in the orders' order, each with its seat, its chosen options and its comp. */
export function billLines(orders: readonly Order[]): BillLine[] {
	return orders.flatMap(o =>
		o.items.filter(isBilled).map(i => ({
			id: i.id,
			orderId: o.id,
			menuItemId: i.menuItemId,
			name: i.name,
			quantity: i.quantity,
			unitPriceCents: i.unitPriceCents,
			amountCents: i.quantity * i.unitPriceCents,
			// Whoever took the line; a `billed` event recorded before lines carried it names only the opener.
			waiterId: i.takenBy ?? o.createdBy,
			// `?? …`: a `billed` event recorded before this release has no seats, options or comps.
			seat: i.seat ?? null,
			modifiers: i.modifiers ?? [],
			comp: i.comp ? { reason: i.comp.reason, valueCents: i.comp.valueCents } : null,
		})),
	);
}

/** Who a bill is for, from the orders billed onto it: a table's dine-in orders, or one takeout or tab. */
export function billHolder(orders: readonly Order[]): Pick<Bill, "tableId" | "tableName" | "orderType" | "name"> {
	const first = orders[0];
	return {
		tableId: first.tableId ?? null,
		tableName: first.tableName ?? null,
		orderType: first.type ?? "dine_in",
		name: first.name ?? null,
	};
}

export interface BillRequest {
	tableId?: string;
	orderId?: string;
}

/** A bill is asked for a table (its dine-in orders) or for one order (a takeout, a tab): exactly one of them. */
export function checkBillRequest({ tableId, orderId }: BillRequest): void {
	if ((tableId == null) === (orderId == null)) {
		const message =
			tableId == null
				? "Send 'tableId' (a table's orders) or 'orderId' (a takeout or a bar tab)"
				: "Send either 'tableId' or 'orderId', not both";
		const type = tableId == null ? "required" : "forbidden";
		// Both fields are at fault together: the answer names each of them.
		const err = CommonErrors.invalidField("tableId", type, message);
		err.data.push({ field: "orderId", type, message });
		throw err;
	}
}

/**
 * The order service's answer when one order (a takeout, a tab) is billed already — by a twin tap a moment ago,
 * or earlier: 409 ORDER_CLOSED with its status. A table with nothing left to bill hears NOTHING_TO_BILL with its
 * open bills; so does an order (a cancelled one stays ORDER_CLOSED: it was never billed).
 */
export function isBilledAlready(err: unknown): boolean {
	const e = err as { type?: string; data?: { status?: string } } | null;
	return e?.type === "ORDER_CLOSED" && (e.data?.status === "billed" || e.data?.status === "paid");
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
	mode: "even" | "items" | "seats" | "share";
	parts?: number;
	groups?: string[][];
	/** share: the line shared among `parts` guests. */
	lineId?: string;
	/** seats: lines shared among every seat, as the unseated ones are (a seated bottle the table shares). */
	share?: string[];
}

/**
 * The request names what its mode needs: a number of parts for an even split, groups of lines for a split by
 * items, a line and a number of guests to share it; a split by seats needs nothing more (the lines carry their
 * seats), and may name lines every seat shares.
 */
export function checkSplitRequest({ mode, parts, groups, lineId, share }: SplitRequest): void {
	if (mode === "even" && parts == null) throw CommonErrors.invalidField("parts", "required", "An even split needs 'parts' (2 to 20)");
	if (mode === "items" && groups == null)
		throw CommonErrors.invalidField("groups", "required", "A split by items needs 'groups': arrays of line ids");
	if (mode === "share" && lineId == null)
		throw CommonErrors.invalidField("lineId", "required", "Sharing a line needs 'lineId': the line the guests share");
	if (mode === "share" && parts == null)
		throw CommonErrors.invalidField("parts", "required", "Sharing a line needs 'parts': how many guests share it (2 to 20)");
	if (mode !== "seats" && share != null)
		throw CommonErrors.invalidField("share", "forbidden", "'share' names lines every seat shares: only with mode 'seats'");
}

export interface SplitPart {
	lines: BillLine[];
	amounts: BillAmounts;
	/** A split by seats: the seat this part pays for. */
	seat?: number;
}

/**
 * The parts bill splits into. Only a whole bill with no payment taken or pending splits. An even split gives
 * each part no lines and an equal share; a split by items gives each group its lines, and a split by seats each
 * seat its lines and a share of the unseated ones (`seatGroups`); both share the amounts in proportion to the
 * parts' lines. Each of the bill's amounts is shared out to the cent (lib/money.ts `splitAmounts`).
 */
export function planSplit(bill: Bill, { mode, parts, groups, lineId, share }: SplitRequest): SplitPart[] {
	if (bill.parentId) throw BillingErrors.splitPart(bill.id);
	if (bill.paidCents > 0 || bill.pendingCents > 0) throw BillingErrors.hasPayments(bill.id);
	if (mode === "share") {
		const shared = shareLine(bill, lineId!, parts!);
		const amounts = splitAmounts(bill, shared.map(subtotalOf));
		return shared.map((lines, i) => ({ lines, amounts: amounts[i] }));
	}
	if (mode === "seats") {
		const seated = seatGroups(bill, share ?? []);
		const amounts = splitAmounts(
			bill,
			seated.map(g => subtotalOf(g.lines)),
		);
		return seated.map((g, i) => ({ lines: g.lines, amounts: amounts[i], seat: g.seat }));
	}
	const lineGroups = mode === "even" ? Array.from({ length: parts! }, () => [] as BillLine[]) : groupLines(bill, groups!);
	const weights = mode === "even" ? lineGroups.map(() => 1) : lineGroups.map(subtotalOf);
	const amounts = splitAmounts(bill, weights);
	return lineGroups.map((lines, i) => ({ lines, amounts: amounts[i] }));
}

/**
 * Sharing one line among `parts` guests: one part per guest with their share of the line (largest remainder:
 * the shares differ by at most a cent, the first guests get the extra cents, and they add up to the line), and
 * the bill's other lines, when it has any, on one more part. A guest whose share is nothing (a cent among
 * three, a comped line) has the line at 0, a part paid as it is made. Not a line of the bill: 400 naming `lineId`.
 */
export function shareLine(bill: Bill, lineId: string, parts: number): BillLine[][] {
	const line = bill.lines.find(l => l.id === lineId);
	if (!line) throw CommonErrors.invalidField("lineId", "uuid", `Not a line of this bill: ${lineId}`);
	const shares = splitEvenly(line.amountCents, parts);
	const out: BillLine[][] = shares.map(cents => [{ ...line, amountCents: cents, sharedBy: parts }]);
	const rest = bill.lines.filter(l => l.id !== lineId);
	if (rest.length) out.push(rest);
	return out;
}

/**
 * A split by seats: one part per seat that has lines, in seat order, with that seat's lines. A line with no seat
 * (a bottle for the table), or one named in `share`, is on every part, its `amountCents` there being that
 * part's share of it: the shared lines' total is shared as an even split shares a bill (parts differ by at
 * most a cent, the first parts get the extra cents), and every shared line's shares add up to the line
 * (`shareOut`). No seated line: 409 NO_SEATS; a `share` id not of this bill: 400 naming `share`.
 */
export function seatGroups(bill: Bill, share: readonly string[] = []): { seat: number; lines: BillLine[] }[] {
	const unknown = share.filter(id => !bill.lines.some(l => l.id === id));
	if (unknown.length) throw CommonErrors.invalidField("share", "uuid", `Not lines of this bill: ${unknown.join(", ")}`);
	const seats = [...new Set(bill.lines.flatMap(l => (l.seat == null ? [] : [l.seat])))].sort((a, b) => a - b);
	if (!seats.length) throw BillingErrors.noSeats(bill.id);
	const isShared = (l: BillLine) => l.seat == null || share.includes(l.id);
	const unseated = bill.lines.filter(isShared);
	const shares = shareOut(
		unseated.map(l => l.amountCents),
		seats.length,
	);
	const shareOf = new Map(unseated.map((l, k) => [l.id, shares[k]]));
	return seats.map((seat, p) => ({
		seat,
		lines: bill.lines.flatMap(l => {
			const shares = shareOf.get(l.id);
			if (!shares) return l.seat === seat ? [l] : [];
			return [{ ...l, amountCents: shares[p], sharedBy: seats.length }];
		}),
	}));
}

/**
 * Shares each amount among `parts` so that, to the cent, every amount's shares add up to it and every part's
 * shares add up to its share of the total as `splitEvenly` gives it (first parts one cent more). Each amount
 * gives every part its floor share; its leftover cents (fewer than `parts`) go one each to the parts still
 * owed the most, ties to the earlier part. What parts are owed never differs by more than a cent, so a part
 * is always there to take each leftover cent. Result: `shares[amount][part]`.
 */
export function shareOut(amounts: readonly number[], parts: number): number[][] {
	const total = amounts.reduce((s, a) => s + a, 0);
	const owed = splitEvenly(total, parts);
	const shares = amounts.map(a => {
		const floor = Math.floor(a / parts);
		for (let p = 0; p < parts; p++) owed[p] -= floor;
		return Array.from({ length: parts }, () => floor);
	});
	amounts.forEach((a, k) => {
		const byOwed = owed.map((o, p) => ({ o, p })).sort((x, y) => y.o - x.o || x.p - y.p);
		for (const { p } of byOwed.slice(0, a % parts)) {
			shares[k][p] += 1;
			owed[p] -= 1;
		}
	});
	return shares;
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

/** Only a paid bill (a whole one, or a paid part of a split one) opens again: 409 BILL_NOT_PAID otherwise. */
export function checkReopen(bill: Pick<Bill, "id" | "status">): void {
	if (bill.status !== "paid") throw BillingErrors.notPaid(bill.id, bill.status);
}
