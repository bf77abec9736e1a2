// What the printers print, and how their jobs move: pure functions the device service and its tests share.
// A document is receiptline markup (https://github.com/receiptline/receiptline); the library turns it into ESC/POS.
import receiptline from "receiptline";
import { orderLabel, type Bill, type BillLine, type Order, type OrderItem, type StationHealth, type Ticket } from "../../contracts";
import { formatCents } from "../../lib/money";

export type PrinterKind = "receipt" | "kitchen";
export type JobKind = "chit" | "precheck" | "receipt";
export type JobState = "queued" | "printed";

/** Characters per line of an 80 mm printer's Font A. */
const CPL = 42;

/** Text a person wrote, made literal for receiptline (its markup characters escaped, no line breaks). */
export function literal(text: string): string {
	return text.replace(/[\r\n\t]+/g, " ").replace(/[\\|{}~_"`^=-]/g, c => `\\${c}`);
}

/** The ESC/POS bytes of a document, as the printer receives them over its raw port. */
export function encode(document: string): Buffer {
	const out = receiptline.transform(document, { command: "escpos", cpl: CPL, encoding: "multilingual", cutting: true });
	return Buffer.from(out, "binary");
}

/** Why a chit is printed: a new order or round, a course fired, a dish remade. */
export type ChitCause =
	| { kind: "round"; round: number }
	| { kind: "course"; course: number; courseName: string }
	| { kind: "remake" }
	| { kind: "rerouted"; round: number };

/** The lines of an order event that reach a station's printer now: sent to the kitchen (not held), not voided. */
export function linesForChit(order: Order, itemIds: readonly string[] | undefined, station: string): OrderItem[] {
	return order.items.filter(
		i => i.station === station && !i.held && i.status !== "voided" && (itemIds === undefined || itemIds.includes(i.id)),
	);
}

/** A kitchen chit: where the order is, why it prints, then each line with its quantity, seat, options and notes. */
export function chitDocument(order: Order, station: string, lines: readonly OrderItem[], cause: ChitCause, at: Date): string {
	const heading =
		cause.kind === "round"
			? cause.round > 1
				? `Round ${cause.round}`
				: "New order"
			: cause.kind === "course"
				? `Fire: ${cause.courseName}`
				: cause.kind === "rerouted"
					? `Round ${cause.round}`
					: "REMAKE";
	const out = [
		`^^^${literal(orderLabel(order))}`,
		`${literal(station.toUpperCase())} | ${literal(heading)}`,
		`${hhmm(at)}${order.covers ? ` | ${order.covers} covers` : ""}`,
		// No screen at the station acknowledged it in time: the cook works from this paper.
		...(cause.kind === "rerouted" ? ["^NOT ON SCREEN"] : []),
		"---",
	];
	const of = (id: string | null) => (id ? order.items.find(i => i.id === id)?.name : undefined);
	for (const line of lines) {
		out.push(`^^${line.quantity} x ${literal(line.name)}${line.seat ? ` | Seat ${line.seat}` : ""}`);
		for (const m of line.modifiers) out.push(`  + ${literal(m.name)}`);
		const side = of(line.partOf);
		if (side) out.push(`  (side of ${literal(side)})`);
		if (line.remakeOf) out.push(`  Remake: ${literal(line.remakeReason ?? "")}`);
		if (line.notes) out.push(`  "${literal(line.notes)}"`);
	}
	if (order.notes) out.push("---", `Note: ${literal(order.notes)}`);
	out.push("---", "=");
	return out.join("\n");
}

/** A bill's line as printed and shown: `2 x Ribeye`, then its seat and options. */
function lineDetail(l: BillLine): string[] {
	const d: string[] = [];
	if (l.seat) d.push(`Seat ${l.seat}`);
	for (const m of l.modifiers) d.push(m.name);
	return d;
}

/** A precheck (the bill before payment) or a receipt (with its payments): lines, comps, totals. */
export function billDocument(bill: Bill, kind: "precheck" | "receipt", shop: { name: string; currency: string }, at: Date): string {
	const money = (c: number) => formatCents(c, shop.currency);
	const out = [
		`^^^${literal(shop.name)}`,
		literal(orderLabel({ type: bill.orderType, tableName: bill.tableName, name: bill.name })),
		`${kind === "precheck" ? "PRECHECK" : "RECEIPT"} | ${at.toISOString().slice(0, 16).replace("T", " ")}`,
		"---",
	];
	for (const l of bill.lines) {
		out.push(`${l.quantity} x ${literal(l.name)} | ${literal(money(l.amountCents))}`);
		const detail = lineDetail(l);
		if (detail.length) out.push(`  ${literal(detail.join(", "))}`);
		if (l.comp) out.push(`  Comp: ${literal(l.comp.reason)} | \\-${literal(money(l.comp.valueCents))}`);
	}
	out.push("---", `Subtotal | ${literal(money(bill.subtotalCents))}`);
	if (bill.discountCents)
		out.push(`Discount${bill.discountReason ? ` (${literal(bill.discountReason)})` : ""} | \\-${literal(money(bill.discountCents))}`);
	if (bill.serviceChargeCents) out.push(`Service | ${literal(money(bill.serviceChargeCents))}`);
	out.push(`Tax | ${literal(money(bill.taxCents))}`, `^^Total | ^^${literal(money(bill.totalCents))}`);
	if (kind === "receipt") {
		for (const p of bill.payments.filter(p => p.status === "captured")) out.push(`Paid ${p.method} | ${literal(money(p.amountCents))}`);
		if (bill.tipCents) out.push(`Tip | ${literal(money(bill.tipCents))}`);
		out.push(`Balance | ${literal(money(bill.balanceCents))}`);
	}
	out.push("---", "Thank you", "=");
	return out.join("\n");
}

const esc = (s: string) => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

/** The printable receipt a browser opens (GET /billing/bills/:id/receipt): the same content as the paper one. */
export function receiptHtml(bill: Bill, shop: { name: string; currency: string }): string {
	const money = (c: number) => esc(formatCents(c, shop.currency));
	const row = (label: string, value: string, cls = "") => `<tr class="${cls}"><td>${label}</td><td class="n">${value}</td></tr>`;
	const rows: string[] = [];
	for (const l of bill.lines) {
		const detail = lineDetail(l);
		rows.push(
			row(
				`${l.quantity} × ${esc(l.name)}${detail.length ? `<div class="d">${esc(detail.join(", "))}</div>` : ""}${
					l.comp ? `<div class="d">Comp: ${esc(l.comp.reason)} (−${money(l.comp.valueCents)})</div>` : ""
				}`,
				money(l.amountCents),
			),
		);
	}
	rows.push(row("Subtotal", money(bill.subtotalCents), "t"));
	if (bill.discountCents)
		rows.push(row(`Discount${bill.discountReason ? ` (${esc(bill.discountReason)})` : ""}`, `−${money(bill.discountCents)}`));
	if (bill.serviceChargeCents) rows.push(row("Service", money(bill.serviceChargeCents)));
	rows.push(row("Tax", money(bill.taxCents)), row("<b>Total</b>", `<b>${money(bill.totalCents)}</b>`, "t"));
	for (const p of bill.payments.filter(p => p.status === "captured")) rows.push(row(`Paid (${esc(p.method)})`, money(p.amountCents)));
	if (bill.tipCents) rows.push(row("Tip", money(bill.tipCents)));
	rows.push(row("Balance", money(bill.balanceCents), "t"));
	const where = esc(orderLabel({ type: bill.orderType, tableName: bill.tableName, name: bill.name }));
	return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Receipt · ${where}</title>
<style>body{font:14px/1.4 ui-monospace,monospace;max-width:22rem;margin:1rem auto;padding:0 1rem}h1{font-size:1.2rem;text-align:center;margin:0}
p{text-align:center;margin:.2rem 0 1rem}table{width:100%;border-collapse:collapse}td{padding:.2rem 0;vertical-align:top}.n{text-align:right;white-space:nowrap}
.d{color:#444;font-size:.9em;padding-left:1rem}tr.t td{border-top:1px dashed #000}@media print{body{margin:0}}</style></head>
<body><h1>${esc(shop.name)}</h1><p>${where}<br>${esc((bill.paidAt ?? bill.createdAt).slice(0, 16).replace("T", " "))}</p>
<table>${rows.join("")}</table><p>Thank you</p></body></html>`;
}

/** The printer a new job goes to: its own, or its fallback once it has failed for `fallbackSeconds`. */
export function routeJob<P extends { id: string; failingSince: Date | null; fallbackPrinterId: string | null }>(
	printer: P,
	byId: (id: string) => P | undefined,
	now: Date,
	fallbackSeconds: number,
): { printer: P; reroutedFrom: string | null } {
	const down = printer.failingSince !== null && now.getTime() - printer.failingSince.getTime() >= fallbackSeconds * 1000;
	const fallback = down && printer.fallbackPrinterId ? byId(printer.fallbackPrinterId) : undefined;
	return fallback ? { printer: fallback, reroutedFrom: printer.id } : { printer, reroutedFrom: null };
}

/** How long a printer rests after `failures` failed sends in a row: doubling from `baseMs`, at most 30 s. */
export function retryDelayMs(failures: number, baseMs: number): number {
	return Math.min(30_000, baseMs * 2 ** Math.max(0, Math.min(failures - 1, 10)));
}

/** What one send attempt does to a job and its printer. */
export function afterSend(
	job: { state: JobState; attempts: number },
	printer: { failures: number },
	outcome: { ok: true } | { ok: false; error: string },
	baseMs: number,
): { job: { state: JobState; attempts: number; lastError: string | null }; printer: { failures: number; retryInMs: number | null } } {
	if (job.state === "printed") throw new Error("a printed job is never sent again");
	const attempts = job.attempts + 1;
	if (outcome.ok) return { job: { state: "printed", attempts, lastError: null }, printer: { failures: 0, retryInMs: null } };
	const failures = printer.failures + 1;
	return {
		job: { state: "queued", attempts, lastError: outcome.error.slice(0, 300) },
		printer: { failures, retryInMs: retryDelayMs(failures, baseMs) },
	};
}

/** ok while the printer takes its jobs; offline from its first failed send until one goes through. */
export function printerStatus(p: { failingSince: Date | null }): "ok" | "offline" {
	return p.failingSince ? "offline" : "ok";
}

function hhmm(d: Date): string {
	return d.toISOString().slice(11, 16);
}

/** A ticket no screen acknowledged, as an order a chit prints: the round's lines that still wait for a cook. */
export function reroutedChit(ticket: Ticket, round: number, at: Date): { document: string; lines: number } {
	const lines = ticket.items.filter(i => i.round === round && i.status !== "voided" && !i.held) as unknown as OrderItem[];
	const order = {
		type: ticket.orderType,
		tableName: ticket.tableName,
		name: ticket.name,
		covers: ticket.covers,
		notes: "",
		items: ticket.items,
	} as unknown as Order;
	return { document: chitDocument(order, ticket.station, lines, { kind: "rerouted", round }, at), lines: lines.length };
}

/** What a re-route needs of a printer. */
export interface RoutablePrinter {
	id: string;
	name: string;
	station: string | null;
	failingSince: Date | null;
	fallbackPrinterId: string | null;
}

/**
 * Whether a job that already carries a ticket puts it on paper: it printed, or its printer works and will print
 * it. One queued on a printer that is failing (and has no working fallback taking it) lands nowhere, so the
 * ticket is rerouted as if it had never been sent to paper.
 */
export function jobLands(job: { state: string; failingSince: Date | string | null }): boolean {
	return job.state === "printed" || job.failingSince === null;
}

/**
 * Where a ticket no screen acknowledged prints: the station's first kitchen printer that is not failing, else a
 * working fallback of one of them (no waiting for PRINTER_FALLBACK_SECONDS: the ticket is already late); null when
 * none works, and the ticket goes to the expo.
 */
export function rerouteTarget<P extends RoutablePrinter>(atStation: readonly P[], byId: (id: string) => P | undefined): P | null {
	const ok = (p: P | undefined) => p !== undefined && p.failingSince === null;
	const own = atStation.find(ok);
	if (own) return own;
	for (const p of atStation) {
		const fallback = p.fallbackPrinterId ? byId(p.fallbackPrinterId) : undefined;
		if (fallback && ok(fallback)) return fallback;
	}
	return null;
}

/** A screen is live while it said hello within this long (it says so every 20 s). */
export const SCREEN_LIVE_SECONDS = 50;

/**
 * A station is healthy when every printer of it works and its tickets land: a live screen with nothing overdue
 * unacknowledged, or (no screen) a working printer, which prints its chits. No screen and no printer: down.
 */
export function stationHealth(s: Omit<StationHealth, "healthy">): StationHealth {
	const printersOk = s.printers.every(p => p.status === "ok");
	const lands = s.screens > 0 ? s.unacknowledged === 0 : s.printers.length > 0;
	return { ...s, healthy: printersOk && lands };
}

/** What a push of a station's health compares: a new ack alone is not a change worth a push. */
export function healthSnapshot(h: StationHealth): string {
	return JSON.stringify([h.screens, h.printers.map(p => [p.id, p.name, p.status]), h.unacknowledged, h.healthy]);
}
