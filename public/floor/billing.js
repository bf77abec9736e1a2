// The bill's arithmetic as the waiter sees it: which bill a table is paying, parts' sums, and a payment checked before it goes.
import { money, parseCents } from "../app/format.js";

/**
 * A table's bill: `active` is the one still being paid (open, or split with a part open); with nothing left to pay
 * and no order still open at the table (`ordersOpen`), the last bill stays in view (`shown`), paid.
 */
export function tableBill(bills, tableId, ordersOpen) {
	return placeBill(bills, b => b.tableId === tableId, ordersOpen);
}

/** The same for any place: `owns(bill)` says which bills are its (a takeout's or tab's: the ones of its order). */
export function placeBill(bills, owns, ordersOpen) {
	const mine = Object.values(bills).filter(owns);
	const partsOf = root => mine.filter(b => b.parentId === root.id).sort((a, b) => a.split.part - b.split.part);
	const roots = mine.filter(b => !b.parentId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	const active = roots.find(r => r.status === "open" || (r.status === "void" && partsOf(r).some(p => p.status === "open")));
	const shown = active ?? (ordersOpen ? null : roots[0]);
	return { active, shown, parts: shown ? partsOf(shown) : [] };
}

/** A split whole is paid through its parts: what they add up to (display only; the server keeps the books). */
export function paidSoFar(bill, parts = []) {
	const split = bill.status === "void" && parts.length > 0;
	const sum = key => parts.reduce((s, p) => s + p[key], 0);
	return {
		split,
		paid: split ? sum("paidCents") : bill.paidCents,
		tips: split ? sum("tipCents") : bill.tipCents,
		pending: split ? sum("pendingCents") : bill.pendingCents,
		balance: split ? sum("balanceCents") : bill.balanceCents,
	};
}

/** Only a whole, untouched bill splits: once money is taken against it, the parts would not add up. */
export const canSplit = root => root.status === "open" && !root.parentId && root.paidCents === 0 && root.pendingCents === 0;

/** Paid in full: the bill itself, or every part of it. */
export const settled = (root, parts) =>
	root.status === "paid" || (root.status === "void" && parts.length > 0 && parts.every(p => p.status === "paid"));

/** What stands between the table and its bill: items neither served nor voided. */
export const notServed = orders =>
	orders.flatMap(o => o.items).filter(i => i.status !== "served" && i.status !== "voided" && i.status !== "pending");

/**
 * The payment form checked before it goes: `{error}` in words the waiter acts on, or `{body}` for the request.
 * `amountText` is the amount typed (the balance when left alone), `tipText` may be empty.
 */
export function checkPayment({ method, amountText, tipText, cardToken, balanceCents }) {
	const amountCents = parseCents(amountText);
	const tipCents = tipText.trim() ? parseCents(tipText) : 0;
	if (!amountCents) return { error: "Enter the amount to pay, e.g. 12.50." };
	if (tipCents === null) return { error: "Enter the tip as an amount, e.g. 2.00 (or leave it empty)." };
	if (amountCents > balanceCents) return { error: `That is more than the ${money(balanceCents)} left to pay.` };
	if (method === "card" && !cardToken.trim()) return { error: "Read the card first (no card token)." };
	return { body: { method, amountCents, tipCents, ...(method === "card" && { cardToken: cardToken.trim() }) } };
}

/** Splitting by items starts with the lines dealt alternately into parts 1 and 2. */
export const dealtInTwo = lines => Object.fromEntries(lines.map((l, i) => [l.id, (i % 2) + 1]));

/** The split request's groups: each part's line ids, parts left empty dropped. */
export const splitGroups = (lines, groupOf, parts) =>
	Array.from({ length: parts }, (_, k) => lines.filter(l => groupOf[l.id] === k + 1).map(l => l.id)).filter(g => g.length);

/** A discount as typed: a percent (up to 100, four decimals) or an amount; null when it is neither. */
export function discountValue(kind, text) {
	const value = text.trim();
	const parsed = kind === "percent" ? (/^\d{1,3}([.,]\d{1,4})?$/.test(value) ? Number(value.replace(",", ".")) : null) : parseCents(text);
	return { parsed, valid: parsed !== null && (kind === "amount" || parsed <= 100) };
}

/** Guests a line can be shared among from the bill screen (the server takes up to 20). */
export const SHARE_GUESTS = [2, 3, 4, 5, 6, 7, 8];

/**
 * Each guest's share of a line, as the server splits it: equal to the cent, the first guests taking the odd
 * cents (largest remainder), adding up to the line. A preview only: the server's split is the bill.
 */
export function shares(amountCents, parts) {
	const floor = Math.floor(amountCents / parts);
	const odd = amountCents - floor * parts;
	return Array.from({ length: parts }, (_, k) => floor + (k < odd ? 1 : 0));
}

/** The request that shares line `lineId` among `parts` guests. */
export const shareRequest = (lineId, parts) => ({ mode: "share", lineId, parts });

/** Only a paid bill, or a paid part of a split one, is reopened (a split whole is reopened through its parts). */
export const canReopen = bill => bill.status === "paid";

/**
 * An open bill its payments cover (a reopened bill nothing was changed on) is closed by hand: no payment is left
 * to take, and none pending, so nothing else would mark it paid.
 */
export const canClose = bill => bill.status === "open" && bill.pendingCents === 0 && bill.paidCents === bill.totalCents;

/** A bill offers a split by seat once any of its lines has a seat. */
export const hasSeats = bill => bill.lines.some(l => l.seat != null);

/** "Seat 2 · Medium rare · Fries": what is under a bill line's name. */
export function lineDetail(l) {
	return [l.seat != null && `Seat ${l.seat}`, ...(l.modifiers ?? []).map(m => m.name)].filter(Boolean).join(" · ");
}
