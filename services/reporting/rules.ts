// Which events become which reporting rows, free of the bus and the database: the audit trail's entries (money:
// voids, cancellations, discounts, refunds; accounts: sign-ins, refusals, accounts made and changed), the
// refunds that count against sales, what an order was (type, table, covers, opened and closed) and the losses
// (comps, remakes, voids) with what they were worth; and the figures the reports compute from those rows:
// turn times, averages per check and per cover, sales by order type and by table.
import {
	ORDER_TYPES,
	orderLabel,
	type Bill,
	type EventOf,
	type Order,
	type OrderItem,
	type OrderType,
	type Payment,
} from "../../contracts";
import type { AuditEntry } from "./repository";

/** The audit trail's "table": the table's name, or "Takeout: Kim" / "Tab: Sam" for an order without one. */
const whereOf = (o: { tableName: string | null; type?: OrderType; orderType?: OrderType; name?: string | null }): string =>
	o.tableName ?? orderLabel({ type: o.type ?? o.orderType, tableName: null, name: o.name });

/** Fields every entry of an event shares: the event's id and time (so a redelivery writes nothing new). */
const entryOf = (e: { eventId: string; at: string }, fields: Omit<AuditEntry, "id" | "at">): AuditEntry => ({
	id: e.eventId,
	at: new Date(e.at),
	...fields,
});

/** Voids and cancellations: who, when, why, and what the items were worth. Other order changes are not audited. */
export function auditOfOrder(e: EventOf<"order.updated">): AuditEntry[] {
	const { order, change, itemIds, reason, by } = e.data;
	if (change !== "item_voided" && change !== "cancelled") return [];
	// A partial void names the line that keeps the rest too: only the lines now voided are worth something here.
	const items = order.items.filter(i => itemIds.includes(i.id) && i.status === "voided");
	return [
		entryOf(e, {
			action: change === "cancelled" ? "order_cancelled" : "item_voided",
			actorId: by,
			reason: reason ?? null,
			tableName: whereOf(order),
			amountCents: items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0),
			subject: { orderId: order.id, items: items.map(i => ({ id: i.id, name: i.name, quantity: i.quantity, station: i.station })) },
		}),
	];
}

/** Discounts: the bill's discount as it now stands and the one it replaced. Other bill changes are not audited. */
export function auditOfBill(e: EventOf<"bill.updated">): AuditEntry[] {
	const { bill, change, reason, previousDiscountCents, by } = e.data;
	if (change !== "discounted") return [];
	return [
		entryOf(e, {
			action: "bill_discounted",
			actorId: by,
			reason: reason ?? null,
			tableName: whereOf(bill),
			amountCents: bill.discountCents,
			subject: { billId: bill.id, previousDiscountCents },
		}),
	];
}

/** A paid bill opened again: who, why, on which bill, and what it had been paid. */
export function auditOfReopen(e: EventOf<"bill.reopened">): AuditEntry[] {
	const { bill, saleId, reason, by } = e.data;
	return [
		entryOf(e, {
			action: "bill_reopened",
			actorId: by,
			reason,
			tableName: whereOf(bill),
			amountCents: bill.paidCents,
			subject: { billId: bill.id, saleId, paidAt: bill.reopenings?.at(-1)?.paidAt ?? null },
		}),
	];
}

/**
 * What a captured payment paid of a settled sale: its amount less what was given back of it while its bill was
 * open (before it was paid, or after a reopen), which was owed again and paid by another payment. A refund made
 * while the bill stood paid is a refund after the sale: the refunds report counts it, so it stays here.
 */
export function paidOfSale(bill: Pick<Bill, "reopenings">, payment: Pick<Payment, "amountCents" | "refunds">): number {
	const paidSpans = (bill.reopenings ?? []).flatMap(r => (r.paidAt ? [[Date.parse(r.paidAt), Date.parse(r.at)] as const] : []));
	const whilePaid = (at: string) => paidSpans.some(([from, to]) => Date.parse(at) >= from && Date.parse(at) <= to);
	const backWhileOpen = payment.refunds
		.filter(r => r.status === "done" && !whilePaid(r.createdAt))
		.reduce((s, r) => s + r.amountCents, 0);
	return payment.amountCents - backWhileOpen;
}

/** Refunds, whether the bill was paid or not: what was given back, on which payment, and why. */
export function auditOfRefund(e: EventOf<"payment.refunded">): AuditEntry[] {
	const { refund, payment, bill, by } = e.data;
	return [
		entryOf(e, {
			action: "payment_refunded",
			actorId: by,
			reason: refund.reason,
			tableName: whereOf(bill),
			amountCents: refund.amountCents,
			subject: { billId: bill.id, paymentId: payment.id, method: payment.method },
		}),
	];
}

/**
 * A refund counts against sales only when its bill was paid; on a bill not yet paid it only reopens the balance,
 * and the sale, when it settles, is net of it. A part's refund counts against the whole bill's sale.
 */
export function saleRefundOf(
	e: EventOf<"payment.refunded">,
): { refundId: string; paymentId: string; billId: string; amountCents: number; at: Date; method: string } | undefined {
	const { refund, payment, bill } = e.data;
	if (bill.status !== "paid") return undefined;
	return {
		refundId: refund.id,
		paymentId: payment.id,
		billId: bill.parentId ?? bill.id,
		amountCents: refund.amountCents,
		at: new Date(e.at),
		method: payment.method,
	};
}

/** A sign-in: who, from where, on what device. */
export function auditOfSignIn(e: EventOf<"session.started">): AuditEntry[] {
	const { user, ip, userAgent, method, device } = e.data;
	return [
		entryOf(e, {
			action: "signed_in",
			actorId: user.id,
			reason: null,
			tableName: "",
			amountCents: 0,
			// method "pin": on a shared tablet, which `device` (a manager's or an admin's session) signed in.
			subject: {
				userId: user.id,
				username: user.username,
				role: user.role,
				ip,
				userAgent,
				...(method && { method }),
				...(device && { device }),
			},
		}),
	];
}

/** A refused sign-in and why (unknown user, wrong password, inactive user), with the account when the name has one. */
export function auditOfRefusedSignIn(e: EventOf<"login.refused">): AuditEntry[] {
	const { username, userId, reason, ip, userAgent, method, device } = e.data;
	return [
		entryOf(e, {
			action: "sign_in_refused",
			actorId: userId,
			reason,
			tableName: "",
			amountCents: 0,
			subject: { userId, username, ip, userAgent, ...(method && { method }), ...(device && { device }) },
		}),
	];
}

/**
 * Accounts: who created or changed whose account, and what changed, one entry per change (a role, a password,
 * (de)activation), each with its own id. A change of name alone is not audited.
 */
export function auditOfAccount(e: EventOf<"user.created"> | EventOf<"user.updated">): AuditEntry[] {
	const { user, by } = e.data;
	const via = e.type === "user.updated" ? e.data.via : undefined;
	const subject = { userId: user.id, username: user.username, role: user.role, ...(via && { via }) };
	const make = (n: number, action: AuditEntry["action"], extra: Record<string, unknown> = {}): AuditEntry => ({
		...entryOf(e, { action, actorId: by, reason: null, tableName: "", amountCents: 0, subject: { ...subject, ...extra } }),
		id: n ? `${e.eventId}:${n}` : e.eventId,
	});
	if (e.type === "user.created") return [make(0, "user_created")];
	const { changed, previousRole } = e.data;
	const out: AuditEntry[] = [];
	if (changed?.includes("role")) out.push(make(1, "role_changed", { previousRole: previousRole ?? null }));
	if (changed?.includes("password")) out.push(make(2, "password_changed"));
	if (changed?.includes("isActive")) out.push(make(3, user.isActive ? "user_reactivated" : "user_deactivated"));
	// A PIN signs its owner in on any shared tablet: who set or cleared one is on the record (never the PIN).
	if (changed?.includes("pin")) out.push(make(4, "pin_changed", { pin: user.hasPin ? "set" : "cleared" }));
	return out;
}

// ── what an order was ───────────────────────────────────────────────────────

/** The reports' copy of an order, from its latest snapshot: what it was, where, for how many, when it opened and closed. */
export interface OrderFact {
	orderId: string;
	type: OrderType;
	tableId: string | null;
	tableName: string | null;
	name: string | null;
	covers: number | null;
	status: Order["status"];
	createdAt: Date;
	/** When it was paid or cancelled: the snapshot's time at that status. */
	closedAt: Date | null;
	version: number;
}

export function orderFactOf(order: Order): OrderFact {
	const closed = order.status === "paid" || order.status === "cancelled";
	return {
		orderId: order.id,
		// An order recorded by a release before order types was a table's.
		type: order.type ?? "dine_in",
		tableId: order.tableId,
		tableName: order.tableName,
		name: order.name ?? null,
		covers: order.covers ?? null,
		status: order.status,
		createdAt: new Date(order.createdAt),
		closedAt: closed ? new Date(order.updatedAt) : null,
		version: order.version,
	};
}

// ── losses: comps, remakes, voids ───────────────────────────────────────────

export const LOSS_KINDS = ["comp", "remake", "void"] as const;
export type LossKind = (typeof LOSS_KINDS)[number];

export interface LossEntry {
	/** `kind:line id`: a line is comped once, a remake is one line, a voided line is voided once. */
	id: string;
	kind: LossKind;
	at: Date;
	orderId: string;
	itemId: string;
	menuItemId: string;
	name: string;
	quantity: number;
	valueCents: number;
	reason: string | null;
	by: string | null;
	/** Where: "Table 5", "Takeout: Kim", "Tab: Sam". */
	label: string;
}

/** What a line sold for before it was given away: a comped line's price is 0, its comp keeps the old total. */
export function listUnitPrice(line: Pick<OrderItem, "unitPriceCents" | "quantity" | "comp">): number {
	return line.comp ? Math.round(line.comp.valueCents / line.quantity) : line.unitPriceCents;
}

/**
 * What an order change gave away, valued at the prices of the time: a comp at what the line would have cost
 * (its comp's value), a remake at its quantity × the list price of the line it replaces, a void (a whole line, the
 * new voided line of a partial void, or each line a cancellation voided) at its quantity × its unit price. Side
 * lines are worth nothing of their own (their price is in the parent's options) and are left out.
 */
export function lossesOf(e: EventOf<"order.updated">): LossEntry[] {
	const { order, change, itemIds, reason, by } = e.data;
	const named = order.items.filter(i => itemIds.includes(i.id) && !i.partOf);
	const label = orderLabel(order);
	const entry = (
		kind: LossKind,
		i: OrderItem,
		fields: Pick<LossEntry, "at" | "quantity" | "valueCents" | "reason" | "by">,
	): LossEntry => ({
		id: `${kind}:${i.id}`,
		kind,
		orderId: order.id,
		itemId: i.id,
		menuItemId: i.menuItemId,
		name: i.name,
		label,
		...fields,
	});
	switch (change) {
		case "item_comped":
			return named.flatMap(i =>
				i.comp
					? [
							entry("comp", i, {
								at: new Date(i.comp.at),
								quantity: i.quantity,
								valueCents: i.comp.valueCents,
								reason: i.comp.reason,
								by: i.comp.by,
							}),
						]
					: [],
			);
		case "item_remade":
			return named.flatMap(i => {
				if (!i.remakeOf) return [];
				const original = order.items.find(o => o.id === i.remakeOf);
				return [
					entry("remake", i, {
						at: new Date(e.at),
						quantity: i.quantity,
						valueCents: original ? i.quantity * listUnitPrice(original) : 0,
						reason: i.remakeReason ?? reason ?? null,
						by,
					}),
				];
			});
		case "item_voided":
		case "cancelled":
			// A partial void names the line that keeps the rest as well as the new voided one: only the voided count.
			return named
				.filter(i => i.status === "voided")
				.map(i =>
					entry("void", i, {
						at: new Date(e.at),
						quantity: i.quantity,
						valueCents: i.quantity * i.unitPriceCents,
						reason: reason ?? i.voidReason ?? null,
						by,
					}),
				);
		default:
			return [];
	}
}

// ── figures ─────────────────────────────────────────────────────────────────

/** Half a cent (or half a tenth of a second) goes away from zero, whichever the sign. */
export function roundHalfAway(x: number, decimals = 0): number {
	const f = 10 ** decimals;
	// toPrecision(15) drops binary noise first: 1.005 × 100 is 100.49999999999999, which is 100.5 to the cent.
	const r = (Math.sign(x) * Math.round(Number((Math.abs(x) * f).toPrecision(15)))) / f;
	return r === 0 ? 0 : r; // never −0
}

/** Seconds from an order's opening to its payment; null when either is unknown or they are the wrong way round. */
export function turnSeconds(createdAt: Date | null, closedAt: Date | null): number | null {
	if (!createdAt || !closedAt) return null;
	const ms = closedAt.getTime() - createdAt.getTime();
	return ms >= 0 ? ms / 1000 : null;
}

/** The mean, to a tenth (as the kitchen report's times); null for nothing to average. */
export function averageSeconds(values: readonly number[]): number | null {
	return values.length ? roundHalfAway(values.reduce((s, v) => s + v, 0) / values.length, 1) : null;
}

/** Cents per something (a check, a cover), to the cent; null when there is nothing to divide by. */
export function centsPer(cents: number, count: number): number | null {
	return count > 0 ? roundHalfAway(cents / count) : null;
}

/** An order on a settled bill, as its facts tell it (null where the reports never saw its events). */
export interface SoldOrder {
	orderId: string;
	covers: number | null;
	type: OrderType | null;
	createdAt: Date | null;
	closedAt: Date | null;
	status: Order["status"] | null;
}

/** A bill settled in the range, with its orders. */
export interface SaleFact {
	billId: string;
	orderType: OrderType;
	tableId: string | null;
	tableName: string | null;
	grossCents: number;
	discountCents: number;
	orders: SoldOrder[];
}

/** A refund made in the range, with what its sale was (null when the sale is not recorded yet). */
export interface RefundFact {
	billId: string;
	amountCents: number;
	sale: { orderType: OrderType; tableId: string | null; tableName: string | null; covers: number } | null;
}

const coversOf = (orders: readonly SoldOrder[]) => orders.reduce((s, o) => s + (o.covers ?? 0), 0);

/** A dine-in order's turn: opened to paid (a takeout or a tab turns no table). */
function turnOf(o: SoldOrder, saleType: OrderType): number | null {
	if ((o.type ?? saleType) !== "dine_in" || o.status !== "paid") return null;
	return turnSeconds(o.createdAt, o.closedAt);
}

export interface LossTotals {
	comps: { lines: number; valueCents: number };
	remakes: { lines: number; valueCents: number };
	voids: { lines: number; quantity: number; valueCents: number };
}

export interface Summary extends LossTotals {
	orders: number;
	covers: number;
	grossCents: number;
	netCents: number;
	avgCheckCents: number | null;
	avgCheckPerCoverCents: number | null;
	avgTurnSeconds: number | null;
	byType: { type: OrderType; orders: number; covers: number; grossCents: number; netCents: number }[];
}

/**
 * The evening in figures. Gross and net as the sales report (net = gross − discounts − refunds made in the range);
 * a check is a settled bill (a split bill is one check); per cover = the net of the bills whose orders told their
 * covers ÷ those covers (takeouts and tabs without covers do not dilute it); turn = a dine-in order opened → paid.
 */
export function summarize(sales: readonly SaleFact[], refunds: readonly RefundFact[], losses: LossTotals): Summary {
	const byType = ORDER_TYPES.map(type => ({ type, orders: 0, covers: 0, grossCents: 0, netCents: 0 }));
	const slot = (t: OrderType) => byType.find(x => x.type === t) ?? byType[0];
	let coveredNet = 0;
	let covers = 0;
	const turns: number[] = [];
	for (const s of sales) {
		const t = slot(s.orderType);
		const c = coversOf(s.orders);
		t.orders += s.orders.length;
		t.covers += c;
		t.grossCents += s.grossCents;
		t.netCents += s.grossCents - s.discountCents;
		covers += c;
		if (c > 0) coveredNet += s.grossCents - s.discountCents;
		for (const o of s.orders) {
			const turn = turnOf(o, s.orderType);
			if (turn !== null) turns.push(turn);
		}
	}
	let refunded = 0;
	for (const r of refunds) {
		refunded += r.amountCents;
		if (!r.sale) continue;
		slot(r.sale.orderType).netCents -= r.amountCents;
		if (r.sale.covers > 0) coveredNet -= r.amountCents;
	}
	const grossCents = sales.reduce((s, x) => s + x.grossCents, 0);
	const netCents = grossCents - sales.reduce((s, x) => s + x.discountCents, 0) - refunded;
	return {
		orders: sales.reduce((s, x) => s + x.orders.length, 0),
		covers,
		grossCents,
		netCents,
		avgCheckCents: centsPer(netCents, sales.length),
		avgCheckPerCoverCents: centsPer(coveredNet, covers),
		avgTurnSeconds: averageSeconds(turns),
		byType,
		...losses,
	};
}

export interface TableRow {
	tableId: string;
	tableName: string;
	turns: number;
	covers: number;
	avgTurnSeconds: number | null;
	grossCents: number;
	avgCheckPerCoverCents: number | null;
}

/**
 * Per table, from the bills it settled: turns = its dine-in orders paid, their covers and average turn, the gross
 * of its bills, and per cover as the summary's (the net of its bills that told covers, less the refunds made in the
 * range on them, ÷ those covers). Ordered by table name.
 */
export function byTable(sales: readonly SaleFact[], refunds: readonly RefundFact[]): TableRow[] {
	const rows = new Map<string, TableRow & { net: number; turnList: number[] }>();
	const row = (tableId: string, tableName: string | null) => {
		let r = rows.get(tableId);
		if (!r) {
			r = {
				tableId,
				tableName: tableName ?? "",
				turns: 0,
				covers: 0,
				avgTurnSeconds: null,
				grossCents: 0,
				avgCheckPerCoverCents: null,
				net: 0,
				turnList: [],
			};
			rows.set(tableId, r);
		}
		return r;
	};
	for (const s of sales) {
		if (!s.tableId) continue;
		const r = row(s.tableId, s.tableName);
		// The latest name the table paid under (sales come oldest first).
		if (s.tableName) r.tableName = s.tableName;
		r.turns += s.orders.length;
		r.covers += coversOf(s.orders);
		r.grossCents += s.grossCents;
		if (coversOf(s.orders) > 0) r.net += s.grossCents - s.discountCents;
		for (const o of s.orders) {
			const turn = turnOf(o, s.orderType);
			if (turn !== null) r.turnList.push(turn);
		}
	}
	for (const f of refunds)
		if (f.sale?.tableId && f.sale.covers > 0 && rows.has(f.sale.tableId)) row(f.sale.tableId, f.sale.tableName).net -= f.amountCents;
	return [...rows.values()]
		.map(({ net, turnList, ...r }) => ({
			...r,
			avgTurnSeconds: averageSeconds(turnList),
			avgCheckPerCoverCents: centsPer(net, r.covers),
		}))
		.sort((a, b) => a.tableName.localeCompare(b.tableName, "en", { numeric: true }) || a.tableId.localeCompare(b.tableId));
}

// ── the day's close ─────────────────────────────────────────────────────────

/** A drawer counted, as `drawer.closed` told it. */
export interface DrawerClose {
	drawerId: string;
	name: string;
	closedAt: string;
	expectedCents: number;
	countedCents: number;
	differenceCents: number;
}

/** Per payment method: captured payments of the bills settled, their amounts and tips, and the refunds made. */
export interface MethodFact {
	method: string;
	payments: number;
	amountCents: number;
	tipCents: number;
	refundCents: number;
}

export interface DayClose {
	orders: number;
	checks: number;
	covers: number;
	grossCents: number;
	discountCents: number;
	refundCents: number;
	netCents: number;
	avgCheckCents: number | null;
	avgCheckPerCoverCents: number | null;
	byType: Summary["byType"];
	/** cash and card always, then any other method seen; net = amount − refunds (tips apart). */
	byMethod: (MethodFact & { netCents: number })[];
	tipCents: number;
	tipsByWaiter: { userId: string; fullName: string; tipCents: number }[];
	comps: LossTotals["comps"];
	remakes: LossTotals["remakes"];
	voids: LossTotals["voids"];
	drawers: DrawerClose[];
	/** Σ counted − expected of the drawers closed that day (negative: cash missing). */
	drawerDifferenceCents: number;
}

/**
 * The day's close in figures (the X so far, the Z once recorded): the summary's sales (by order type, covers,
 * net, average check: net ÷ settled bills), the discounts and refunds, the payments by method with their tips and
 * refunds, the tips per person who took the payment, the comps, remakes and voids, and the drawers counted.
 */
export function dayCloseOf(input: {
	sales: readonly SaleFact[];
	refunds: readonly RefundFact[];
	losses: LossTotals;
	methods: readonly MethodFact[];
	tips: readonly { userId: string; fullName: string; tipCents: number }[];
	drawers: readonly DrawerClose[];
}): DayClose {
	const summary = summarize(input.sales, input.refunds, input.losses);
	const known = ["cash", "card"];
	const byMethod = [
		...known,
		...input.methods
			.map(m => m.method)
			.filter(m => !known.includes(m))
			.sort(),
	].map(method => {
		const m = input.methods.find(x => x.method === method) ?? { method, payments: 0, amountCents: 0, tipCents: 0, refundCents: 0 };
		return { ...m, netCents: m.amountCents - m.refundCents };
	});
	const tipsByWaiter = input.tips
		.filter(t => t.tipCents !== 0)
		.map(t => ({ userId: t.userId, fullName: t.fullName, tipCents: t.tipCents }))
		.sort((a, b) => b.tipCents - a.tipCents || a.fullName.localeCompare(b.fullName));
	return {
		orders: summary.orders,
		checks: input.sales.length,
		covers: summary.covers,
		grossCents: summary.grossCents,
		discountCents: input.sales.reduce((s, x) => s + x.discountCents, 0),
		refundCents: input.refunds.reduce((s, r) => s + r.amountCents, 0),
		netCents: summary.netCents,
		avgCheckCents: summary.avgCheckCents,
		avgCheckPerCoverCents: summary.avgCheckPerCoverCents,
		byType: summary.byType,
		byMethod,
		tipCents: tipsByWaiter.reduce((s, t) => s + t.tipCents, 0),
		tipsByWaiter,
		comps: summary.comps,
		remakes: summary.remakes,
		voids: summary.voids,
		drawers: [...input.drawers],
		drawerDifferenceCents: input.drawers.reduce((s, d) => s + d.differenceCents, 0),
	};
}
