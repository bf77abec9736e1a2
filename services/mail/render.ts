// What each message says, in a plain-text and an HTML part: a bill's receipt, an invitation, a password reset.
// Pure functions of what the event carried and the venue's settings, so a message reads the same on every attempt.
import type { Bill, BillLine, Payment } from "../../contracts";
import { formatCents } from "../../lib/money";

export interface Rendered {
	subject: string;
	text: string;
	html: string;
}

export interface Venue {
	name: string;
	currency: string;
	timezone: string;
}

const esc = (s: string) => s.replace(/[&<>"']/g, c => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c] ?? c);

const METHODS: Record<string, string> = { cash: "Cash", card: "Card", link: "Card (online)" };
const methodLabel = (m: string) => METHODS[m] ?? m.charAt(0).toUpperCase() + m.slice(1);

function when(iso: string, timezone: string): string {
	return new Intl.DateTimeFormat("en-GB", { dateStyle: "medium", timeStyle: "short", timeZone: timezone }).format(new Date(iso));
}

/** A line's options, as a guest reads them: "Medium rare, Bacon (+$1.50)". */
export function optionsOf(line: Pick<BillLine, "modifiers">, currency: string): string {
	return line.modifiers
		.map(m =>
			m.priceDeltaCents
				? `${m.name} (${m.priceDeltaCents > 0 ? "+" : "−"}${formatCents(Math.abs(m.priceDeltaCents), currency)})`
				: m.name,
		)
		.join(", ");
}

/** The amounts under the lines, in order; zero discount and service charge are left out. */
export function totalsOf(bill: Bill, currency: string): [string, string][] {
	const money = (c: number) => formatCents(c, currency);
	const rows: [string, string][] = [["Subtotal", money(bill.subtotalCents)]];
	if (bill.discountCents)
		rows.push([`Discount${bill.discountReason ? ` (${bill.discountReason})` : ""}`, `−${money(bill.discountCents)}`]);
	if (bill.serviceChargeCents) rows.push(["Service charge", money(bill.serviceChargeCents)]);
	rows.push(["Taxes", money(bill.taxCents)]);
	rows.push(["Total", money(bill.totalCents)]);
	if (bill.tipCents) rows.push(["Tip", money(bill.tipCents)]);
	return rows;
}

/** The payments a receipt shows: those captured (a declined or still pending one paid nothing). */
export const paidWith = (bill: Bill): Payment[] => bill.payments.filter(p => p.status === "captured");

function paymentLine(p: Payment, currency: string): [string, string] {
	const money = (c: number) => formatCents(c, currency);
	const tip = p.tipCents ? ` + tip ${money(p.tipCents)}` : "";
	const refunded = p.refundedCents ? `, ${money(p.refundedCents)} refunded` : "";
	return [methodLabel(p.method), `${money(p.amountCents)}${tip}${refunded}`];
}

function heading(bill: Bill): string {
	const what = bill.status === "paid" ? "Receipt" : "Bill";
	const where = bill.tableName ? `table ${bill.tableName}` : bill.name ? bill.name : "takeout";
	const part = bill.split ? `, part ${bill.split.part} of ${bill.split.parts}` : "";
	return `${what} — ${where}${part}`;
}

export function receiptMessage(bill: Bill, venue: Venue): Rendered {
	const money = (c: number) => formatCents(c, venue.currency);
	const at = when(bill.paidAt ?? bill.createdAt, venue.timezone);
	const subject = `${bill.status === "paid" ? "Your receipt" : "Your bill"} from ${venue.name}`;
	const lines = bill.lines.map(l => ({
		label: `${l.quantity} × ${l.name}${l.sharedBy ? ` (shared by ${l.sharedBy})` : ""}`,
		options: optionsOf(l, venue.currency),
		comp: l.comp ? `on the house: ${l.comp.reason}` : "",
		amount: money(l.amountCents),
	}));
	const totals = totalsOf(bill, venue.currency);
	const payments = paidWith(bill).map(p => paymentLine(p, venue.currency));
	const paidTotal = paidWith(bill).reduce((s, p) => s + p.amountCents + p.tipCents, 0);
	const evenPart = !bill.lines.length && bill.split ? `Your even share of the table's bill (${bill.split.parts} ways).` : "";

	const pad = (left: string, right: string) => `${left}${" ".repeat(Math.max(2, 44 - left.length - right.length))}${right}`;
	const text = [
		venue.name,
		heading(bill),
		at,
		"",
		...lines.flatMap(l => [pad(l.label, l.amount), ...(l.options ? [`    ${l.options}`] : []), ...(l.comp ? [`    ${l.comp}`] : [])]),
		...(evenPart ? [evenPart] : []),
		"",
		...totals.map(([k, v]) => pad(k, v)),
		...(payments.length ? ["", "Paid", ...payments.map(([k, v]) => pad(`  ${k}`, v)), pad("Total paid", money(paidTotal))] : []),
		"",
		`Thank you for dining with us. — ${venue.name}`,
		"",
	].join("\n");

	const row = (left: string, right: string, sub = "") =>
		`<tr><td style="padding:4px 8px 4px 0">${esc(left)}${sub ? `<div style="color:#666;font-size:13px">${esc(sub)}</div>` : ""}</td><td style="padding:4px 0;text-align:right;white-space:nowrap">${esc(right)}</td></tr>`;
	const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#222;max-width:520px;margin:0 auto;padding:16px">
<h1 style="font-size:22px;margin:0">${esc(venue.name)}</h1>
<p style="margin:4px 0 16px;color:#555">${esc(heading(bill))} · ${esc(at)}</p>
<table style="width:100%;border-collapse:collapse">
${lines.map(l => row(l.label, l.amount, [l.options, l.comp].filter(Boolean).join(" · "))).join("\n")}
${evenPart ? `<tr><td colspan="2">${esc(evenPart)}</td></tr>` : ""}
</table>
<hr style="border:none;border-top:1px solid #ddd;margin:12px 0">
<table style="width:100%;border-collapse:collapse">
${totals.map(([k, v]) => row(k, v)).join("\n")}
</table>
${
	payments.length
		? `<h2 style="font-size:16px;margin:16px 0 4px">Paid</h2>
<table style="width:100%;border-collapse:collapse">
${payments.map(([k, v]) => row(k, v)).join("\n")}
${row("Total paid", money(paidTotal))}
</table>`
		: ""
}
<p style="margin-top:24px;color:#555">Thank you for dining with us. — ${esc(venue.name)}</p>
</body></html>
`;
	return { subject, text, html };
}

function linkMessage(subject: string, venueName: string, intro: string, action: string, link: string, outro: string): Rendered {
	const text = [intro, "", `${action}:`, link, "", outro, "", `— ${venueName}`, ""].join("\n");
	const html = `<!doctype html>
<html><head><meta charset="utf-8"><title>${esc(subject)}</title></head>
<body style="font-family:system-ui,sans-serif;color:#222;max-width:520px;margin:0 auto;padding:16px">
<h1 style="font-size:20px">${esc(venueName)}</h1>
<p>${esc(intro)}</p>
<p><a href="${esc(link)}" style="display:inline-block;padding:10px 16px;background:#1f6feb;color:#fff;text-decoration:none;border-radius:6px">${esc(action)}</a></p>
<p style="color:#555;font-size:13px">${esc(outro)}<br>${esc(link)}</p>
</body></html>
`;
	return { subject, text, html };
}

export function inviteMessage(user: { username: string; fullName: string }, link: string, expiresAt: string, venue: Venue): Rendered {
	return linkMessage(
		`Your ${venue.name} account`,
		venue.name,
		`Hello ${user.fullName}, an account "${user.username}" was made for you at ${venue.name}.`,
		"Choose your password",
		link,
		`The link works once, until ${when(expiresAt, venue.timezone)}. If you did not expect it, ignore this message.`,
	);
}

export function resetMessage(user: { username: string; fullName: string }, link: string, expiresAt: string, venue: Venue): Rendered {
	return linkMessage(
		`Reset your ${venue.name} password`,
		venue.name,
		`Hello ${user.fullName}, someone asked to reset the password of "${user.username}".`,
		"Choose a new password",
		link,
		`The link works once, until ${when(expiresAt, venue.timezone)}; setting a password signs you out everywhere. If you did not ask, ignore this message: your password stays as it is.`,
	);
}
