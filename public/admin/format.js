// How the office words and sums what it shows: payment labels, a refused refund, report periods, sales totals, audit rows.
import { ApiError, describeError } from "../app/errors.js";
import { money, orderLabel } from "../app/format.js";

const METHOD_LABELS = { cash: "Cash", card: "Card" };
/** "Cash", "Card", or the method as the server named it. */
export const methodLabel = method => METHOD_LABELS[method] ?? method;

/** What can still be refunded of a payment: nothing unless it was taken. */
export const refundable = p => (p.status === "captured" ? p.amountCents - p.refundedCents : 0);

/** A refund the server refused, in words a manager acts on. */
export function refundProblem(err) {
	if (!(err instanceof ApiError)) return describeError(err);
	switch (err.code) {
		case "REFUND_EXCEEDS_PAYMENT": {
			const left = err.details?.refundableCents;
			if (left === 0) return "This payment has already been refunded in full; there is nothing left to refund.";
			return typeof left === "number"
				? `That is more than is left on this payment: at most ${money(left)} can still be refunded.`
				: "That is more than is left on this payment.";
		}
		case "PAYMENT_NOT_CAPTURED":
			return `This payment was never taken (it is ${err.details?.status ?? "not captured"}), so there is nothing to refund.`;
		case "REFUND_REJECTED":
			return `${err.message}. Nothing was refunded.`;
		case "REFUND_PENDING":
			return "The card provider has not answered yet. The refund is held and checked again shortly: look at this bill again in a minute before trying again.";
		case "PAYMENT_NOT_FOUND":
			return "This payment no longer exists; reload the bills.";
		default:
			return describeError(err);
	}
}

/** A bill's totals, the lines that apply to it only: [key, label, cents]. */
export function billTotals(bill) {
	return [
		["subtotal", "Subtotal", bill.subtotalCents, true],
		["discount", bill.discountReason ? `Discount (${bill.discountReason})` : "Discount", -bill.discountCents, bill.discountCents > 0],
		["service", "Service charge", bill.serviceChargeCents, bill.serviceChargeCents > 0],
		["tax", "Tax", bill.taxCents, bill.taxCents > 0],
		["total", "Total", bill.totalCents, true],
		["paid", "Paid", bill.paidCents, true],
		["tips", "Tips", bill.tipCents, bill.tipCents > 0],
		["refunded", "Refunded", -bill.refundedCents, bill.refundedCents > 0],
	]
		.filter(t => t[3])
		.map(([key, label, cents]) => [key, label, cents]);
}

/** Today's date in the restaurant's time zone, as the reports take it (2026-11-22). */
export function localToday(timeZone, now = new Date()) {
	try {
		return new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit" }).format(now);
	} catch {
		return now.toISOString().slice(0, 10);
	}
}

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
/** A sales period ("2026-11-22" or "2026-11-22T19:00", already local) as a person reads it: the hour alone within one day. */
export function periodLabel(period, oneDay) {
	const [date, time] = period.split("T");
	const day = dayLabel.format(new Date(`${date}T00:00:00Z`));
	if (!time) return day;
	return oneDay ? time : `${day} ${time}`;
}

/** The sales table's columns: [field, data-col, heading]. */
export const SALES_COLUMNS = [
	["grossCents", "gross", "Gross"],
	["discountCents", "discount", "Discounts"],
	["serviceChargeCents", "service", "Service charge"],
	["taxCents", "tax", "Tax"],
	["tipCents", "tips", "Tips"],
	["refundCents", "refunds", "Refunds"],
	["netCents", "net", "Net"],
];

/** The sales table's footer: orders and every money column summed over the periods. */
export const salesTotals = rows =>
	Object.fromEntries(["orders", ...SALES_COLUMNS.map(c => c[0])].map(k => [k, rows.reduce((s, r) => s + r[k], 0)]));

export const AUDIT_LABELS = {
	item_voided: "Item voided",
	order_cancelled: "Order cancelled",
	bill_discounted: "Discount",
	payment_refunded: "Refund",
	bill_reopened: "Bill reopened",
};

/** The dishes a void or cancellation took off, or the kind of payment refunded. */
export function auditDetail(row) {
	const items = row.subject?.items;
	if (Array.isArray(items) && items.length) return items.map(i => `${i.quantity}× ${i.name}`).join(", ");
	if (row.action === "payment_refunded" && row.subject?.method) return `${row.subject.method} payment`;
	return "";
}

export const ACCOUNT_LABELS = {
	signed_in: "Signed in",
	sign_in_refused: "Sign-in refused",
	user_created: "Account created",
	role_changed: "Role changed",
	password_changed: "Password changed",
	pin_changed: "PIN set or cleared",
	user_deactivated: "Deactivated",
	user_reactivated: "Reactivated",
	user_invited: "Invited by email",
	user_activated: "Invitation accepted",
	password_reset_requested: "Reset link asked for",
	password_reset: "Password reset by link",
};

/** A role change as "staff → admin", where an invitation or a reset link went, how many sessions a reset ended. */
export const accountChange = r => {
	if (r.action === "role_changed" && r.subject.previousRole) return `${r.subject.previousRole} → ${r.subject.role}`;
	if (r.action === "user_invited" && r.subject.email) return `to ${r.subject.email}`;
	if (r.action === "password_reset_requested") return r.subject.mailed ? "link mailed" : "no email on the account: nothing sent";
	if (r.action === "password_reset") return `${r.subject.sessionsEnded ?? 0} session(s) ended`;
	return "";
};

/** A countdown typed by a person: blank is no countdown, else a whole number of portions (0 to 100,000); null if neither. */
export function parseCount(text) {
	const t = String(text ?? "").trim();
	if (!t) return { remaining: null };
	return /^\d{1,6}$/.test(t) && Number(t) <= 100_000 ? { remaining: Number(t) } : null;
}

/** The server's rule for a station name (lib/params.ts). */
const STATION = /^[a-z][a-z0-9_-]{0,31}$/;
const MAX_DELTA = 10_000_000;

/**
 * What is wrong with a modifier group before it is sent, in words the manager fixes it by (the server's rules:
 * 0 ≤ at least ≤ at most ≤ 20, a required group needs one, 1 to 50 options with a name each and a price change
 * within ±100,000.00); "" when nothing is.
 */
export function groupProblem(g, options) {
	if (!g.name) return "Give the group a name, such as Temperature";
	if (!Number.isInteger(g.minChoices) || !Number.isInteger(g.maxChoices)) return "Type whole numbers for at least and at most";
	if (g.minChoices < 0 || g.maxChoices > 20) return "At least and at most go from 0 to 20";
	if (g.maxChoices < 1) return "At most must be 1 or more, or nobody can choose anything";
	if (g.minChoices > g.maxChoices) return `At least (${g.minChoices}) cannot be more than at most (${g.maxChoices})`;
	if (!options.length) return "Add at least one option";
	if (options.length > 50) return "A group holds 50 options at most";
	const required = g.required ? Math.max(1, g.minChoices) : g.minChoices;
	if (required > options.length) return `Guests must choose ${required}, but there are only ${options.length} options`;
	const seen = new Set();
	for (const [i, o] of options.entries()) {
		const which = o.name ? `"${o.name}"` : `Option ${i + 1}`;
		if (!o.name) return `Option ${i + 1} needs a name`;
		if (seen.has(o.name.toLowerCase())) return `${which} is in the list twice`;
		seen.add(o.name.toLowerCase());
		if (o.priceDeltaCents === null) return `${which}: type the price change as money, for example 2.00 or -0.50`;
		if (Math.abs(o.priceDeltaCents) > MAX_DELTA) return `${which}: a price change is at most 100,000.00 either way`;
		if (o.station && !STATION.test(o.station))
			return `${which}: a station is lowercase letters, digits or dashes, starting with a letter, like grill or cold-2`;
	}
	return "";
}

export const ORDER_TYPE_LABELS = { dine_in: "Dine-in", takeout: "Takeout", bar_tab: "Bar tab" };

/** A length of time as a manager reads it: "42 min", "1 h 05 min", "under 1 min"; "—" when there is none. */
export function durationText(seconds) {
	if (seconds === null || seconds === undefined) return "—";
	const minutes = Math.round(seconds / 60);
	if (minutes < 1) return "under 1 min";
	if (minutes < 60) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")} min`;
}

/** An average that may not exist (no bills, no covers): money, or "—". */
export const moneyOrDash = cents => (cents === null || cents === undefined ? "—" : money(cents));

export const LOSS_LABELS = { comp: "Comp", remake: "Remake", void: "Void" };

/** Where a bill's orders were, as every screen names an order: "Table 5", "Takeout: Kim", "Tab: Sam". */
export const billLabel = bill => orderLabel({ type: bill.orderType, tableName: bill.tableName, name: bill.name });

/** Where a payment was taken, inside a sentence: "on table 5", "for Kim's takeout", "on Sam's tab". */
export function billPlace(bill) {
	if (bill.orderType === "takeout") return `for ${bill.name}'s takeout`;
	if (bill.orderType === "bar_tab") return `on ${bill.name}'s tab`;
	return `on table ${bill.tableName}`;
}
