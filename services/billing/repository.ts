// SQL over the billing schema. Callers pass `t`, the schema-bound table builder.
import type { Knex } from "knex";
import type { BillAmounts } from "../../lib/money";
import type { Bill, BillLine, BillReopening, BillStatus, ChosenModifier, OrderType, Payment, Refund } from "../../contracts";

export type Tables = (name: "bills" | "bill_lines" | "payments" | "refunds" | "bill_reopenings" | "webhook_events") => Knex.QueryBuilder;

interface BillRow {
	id: string;
	parent_id: string | null;
	table_id: string | null;
	table_name: string | null;
	order_type: OrderType;
	name: string | null;
	status: BillStatus;
	order_ids: string[];
	split_mode: "even" | "items" | "seats" | "share" | null;
	part: number | null;
	parts: number | null;
	seat: number | null;
	subtotal_cents: number;
	discount_cents: number;
	discount_reason: string | null;
	service_charge_cents: number;
	tax_cents: number;
	total_cents: number;
	paid_cents: number;
	pending_cents: number;
	tip_cents: number;
	refunded_cents: number;
	version: number;
	created_by: string | null;
	created_at: Date | string;
	paid_at: Date | string | null;
}

interface LineRow {
	bill_id: string;
	id: string;
	order_id: string;
	menu_item_id: string;
	name: string;
	quantity: number;
	unit_price_cents: number;
	amount_cents: number;
	waiter_id: string | null;
	seat: number | null;
	/** jsonb: PGlite hands it back as text. */
	modifiers: ChosenModifier[] | string;
	comp_reason: string | null;
	comp_value_cents: number | null;
	/** Added in 0600: null on a line not shared by a split. */
	shared_by?: number | null;
}

interface ReopeningRow {
	bill_id: string;
	number: number;
	reason: string;
	reopened_by: string | null;
	reopened_at: Date | string;
	paid_at: Date | string | null;
}

interface PaymentRow {
	id: string;
	bill_id: string;
	method: Payment["method"];
	status: Payment["status"];
	amount_cents: number;
	tip_cents: number;
	/** Added in 0500: null on a card payment and on cash given without a tendered amount. */
	tendered_cents: number | null;
	change_cents: number | null;
	refunded_cents: number;
	provider: string;
	provider_ref: string | null;
	failure_reason: string | null;
	created_by: string | null;
	created_at: Date | string;
	captured_at: Date | string | null;
	/** Added in 0700: a payment link's checkout (method "link"). */
	link_session_id?: string | null;
	link_url?: string | null;
	link_expires_at?: Date | string | null;
	link_return_url?: string | null;
	link_share?: string | null;
	link_payer?: string | null;
}

interface RefundRow {
	id: string;
	payment_id: string;
	amount_cents: number;
	status: Refund["status"];
	reason: string;
	created_by: string | null;
	created_at: Date | string;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

const toLine = (r: LineRow): BillLine => ({
	id: r.id,
	orderId: r.order_id,
	menuItemId: r.menu_item_id,
	name: r.name,
	quantity: r.quantity,
	unitPriceCents: r.unit_price_cents,
	amountCents: r.amount_cents,
	waiterId: r.waiter_id,
	seat: r.seat,
	modifiers: typeof r.modifiers === "string" ? JSON.parse(r.modifiers) : r.modifiers,
	comp: r.comp_reason === null ? null : { reason: r.comp_reason, valueCents: r.comp_value_cents ?? 0 },
	...(r.shared_by != null && { sharedBy: r.shared_by }),
});

const toReopening = (r: ReopeningRow): BillReopening => ({
	by: r.reopened_by,
	at: iso(r.reopened_at)!,
	reason: r.reason,
	paidAt: iso(r.paid_at),
});

const toRefund = (r: RefundRow): Refund => ({
	id: r.id,
	amountCents: r.amount_cents,
	status: r.status,
	reason: r.reason,
	createdBy: r.created_by,
	createdAt: iso(r.created_at)!,
});

const toPayment = (r: PaymentRow, refunds: RefundRow[]): Payment => ({
	id: r.id,
	billId: r.bill_id,
	method: r.method,
	status: r.status,
	amountCents: r.amount_cents,
	tipCents: r.tip_cents,
	tenderedCents: r.tendered_cents ?? null,
	changeCents: r.change_cents ?? null,
	refundedCents: r.refunded_cents,
	provider: r.provider,
	providerRef: r.provider_ref,
	failureReason: r.failure_reason,
	createdBy: r.created_by,
	createdAt: iso(r.created_at)!,
	capturedAt: iso(r.captured_at),
	refunds: refunds.filter(x => x.payment_id === r.id).map(toRefund),
});

function toBill(r: BillRow, lines: LineRow[], payments: PaymentRow[], refunds: RefundRow[], reopenings: ReopeningRow[]): Bill {
	return {
		id: r.id,
		tableId: r.table_id,
		tableName: r.table_name,
		orderType: r.order_type,
		name: r.name,
		status: r.status,
		orderIds: r.order_ids,
		lines: lines.filter(l => l.bill_id === r.id).map(toLine),
		subtotalCents: r.subtotal_cents,
		discountCents: r.discount_cents,
		discountReason: r.discount_reason,
		serviceChargeCents: r.service_charge_cents,
		taxCents: r.tax_cents,
		totalCents: r.total_cents,
		paidCents: r.paid_cents,
		pendingCents: r.pending_cents,
		balanceCents: r.status === "open" ? r.total_cents - r.paid_cents - r.pending_cents : 0,
		tipCents: r.tip_cents,
		refundedCents: r.refunded_cents,
		parentId: r.parent_id,
		split: r.split_mode ? { mode: r.split_mode, part: r.part!, parts: r.parts!, ...(r.seat !== null && { seat: r.seat }) } : null,
		payments: payments.filter(p => p.bill_id === r.id).map(p => toPayment(p, refunds)),
		version: r.version,
		createdBy: r.created_by,
		createdAt: iso(r.created_at)!,
		paidAt: iso(r.paid_at),
		reopenings: reopenings.filter(x => x.bill_id === r.id).map(toReopening),
	};
}

async function hydrate(t: Tables, rows: BillRow[]): Promise<Bill[]> {
	if (!rows.length) return [];
	const ids = rows.map(r => r.id);
	const [lines, payments, reopenings] = await Promise.all([
		t("bill_lines")
			.whereIn("bill_id", ids)
			.orderBy([{ column: "bill_id" }, { column: "position" }]) as Promise<LineRow[]>,
		t("payments").whereIn("bill_id", ids).orderBy("created_at") as Promise<PaymentRow[]>,
		t("bill_reopenings")
			.whereIn("bill_id", ids)
			.orderBy([{ column: "bill_id" }, { column: "number" }]) as Promise<ReopeningRow[]>,
	]);
	const refunds: RefundRow[] = payments.length
		? await t("refunds")
				.whereIn(
					"payment_id",
					payments.map(p => p.id),
				)
				.orderBy("created_at")
		: [];
	return rows.map(r => toBill(r, lines, payments, refunds, reopenings));
}

export async function find(t: Tables, id: string, lock = false): Promise<Bill | undefined> {
	const q = t("bills").where({ id }).first();
	const row: BillRow | undefined = await (lock ? q.forUpdate() : q);
	return row && (await hydrate(t, [row]))[0];
}

export interface BillFilter {
	status?: BillStatus;
	tableId?: string;
	/** The bills an order is on (its bill, or the parts of it once split). */
	orderId?: string;
	orderType?: OrderType;
	limit: number;
}

export async function list(t: Tables, filter: BillFilter): Promise<Bill[]> {
	const q = t("bills").orderBy("created_at", "desc").limit(filter.limit);
	if (filter.status) q.where({ status: filter.status });
	if (filter.tableId) q.where({ table_id: filter.tableId });
	if (filter.orderId) q.whereRaw("order_ids @> array[?]::uuid[]", [filter.orderId]);
	if (filter.orderType) q.where({ order_type: filter.orderType });
	return hydrate(t, await q);
}

/** The parts a bill was split into, in order. */
export async function partsOf(t: Tables, parentId: string): Promise<Bill[]> {
	return hydrate(t, await t("bills").where({ parent_id: parentId }).orderBy("part"));
}

export async function openBillIdsOfTable(t: Tables, tableId: string): Promise<string[]> {
	const rows: { id: string }[] = await t("bills").where({ table_id: tableId, status: "open" }).orderBy("created_at").select("id");
	return rows.map(r => r.id);
}

export async function openBillIdsOfOrder(t: Tables, orderId: string): Promise<string[]> {
	const rows: { id: string }[] = await t("bills")
		.where({ status: "open" })
		.whereRaw("order_ids @> array[?]::uuid[]", [orderId])
		.orderBy("created_at")
		.select("id");
	return rows.map(r => r.id);
}

export interface NewBill {
	id: string;
	parentId?: string;
	tableId: string | null;
	tableName: string | null;
	orderType: OrderType;
	name: string | null;
	orderIds: string[];
	split?: Bill["split"];
	amounts: BillAmounts;
	createdBy: string | null;
	lines: BillLine[];
}

/** Inserts a bill and its lines; false when a bill with that id exists already (a retry or the recovery path). */
export async function insert(t: Tables, bill: NewBill): Promise<boolean> {
	const a = bill.amounts;
	const rows = await t("bills")
		.insert({
			id: bill.id,
			parent_id: bill.parentId ?? null,
			table_id: bill.tableId,
			table_name: bill.tableName,
			order_type: bill.orderType,
			name: bill.name,
			status: "open",
			order_ids: bill.orderIds,
			split_mode: bill.split?.mode ?? null,
			part: bill.split?.part ?? null,
			parts: bill.split?.parts ?? null,
			seat: bill.split?.seat ?? null,
			subtotal_cents: a.subtotalCents,
			discount_cents: a.discountCents,
			service_charge_cents: a.serviceChargeCents,
			tax_cents: a.taxCents,
			total_cents: a.totalCents,
			created_by: bill.createdBy,
		})
		.onConflict("id")
		.ignore()
		.returning("id");
	if (!rows.length) return false;
	if (bill.lines.length) {
		await t("bill_lines").insert(
			bill.lines.map((l, n) => ({
				bill_id: bill.id,
				id: l.id,
				position: n + 1,
				order_id: l.orderId,
				menu_item_id: l.menuItemId,
				name: l.name,
				quantity: l.quantity,
				unit_price_cents: l.unitPriceCents,
				amount_cents: l.amountCents,
				waiter_id: l.waiterId,
				seat: l.seat,
				modifiers: JSON.stringify(l.modifiers),
				comp_reason: l.comp?.reason ?? null,
				comp_value_cents: l.comp?.valueCents ?? null,
				...(l.sharedBy != null && { shared_by: l.sharedBy }),
			})),
		);
	}
	return true;
}

/** What may change on a bill once it is written, as the domain names it; each key is written to its column. */
export type BillPatch = Partial<
	Pick<
		Bill,
		| "status"
		| "discountCents"
		| "discountReason"
		| "serviceChargeCents"
		| "taxCents"
		| "totalCents"
		| "paidCents"
		| "pendingCents"
		| "tipCents"
		| "refundedCents"
	>
> & { paidAt?: Date | null; settledAt?: Date | null };

/** What may change on a payment once it is taken. */
export type PaymentPatch = Partial<Pick<Payment, "status" | "providerRef" | "failureReason" | "refundedCents">> & { capturedAt?: Date };

/** What may change on a refund once it is asked for. */
export type RefundPatch = Pick<Refund, "status"> & { providerRef?: string | null };

/** `paidCents` → `paid_cents`: the patches' keys are the columns' names in camelCase. */
const columns = (patch: object): Record<string, unknown> =>
	Object.fromEntries(Object.entries(patch).map(([key, value]) => [key.replace(/[A-Z]/g, c => `_${c.toLowerCase()}`), value]));

/** Writes a bill's changed columns and its next version. */
export async function update(t: Tables, bill: Pick<Bill, "id" | "version">, patch: BillPatch): Promise<void> {
	await t("bills")
		.where({ id: bill.id })
		.update({ ...columns(patch), version: bill.version + 1, updated_at: new Date() });
}

export async function findPayment(t: Tables, id: string, lock = false): Promise<Payment | undefined> {
	const q = t("payments").where({ id }).first();
	const row: PaymentRow | undefined = await (lock ? q.forUpdate() : q);
	if (!row) return undefined;
	return toPayment(row, await t("refunds").where({ payment_id: id }).orderBy("created_at"));
}

export type NewPayment = Pick<Payment, "id" | "billId" | "method" | "amountCents" | "tipCents" | "provider" | "createdBy"> &
	Partial<Pick<Payment, "tenderedCents" | "changeCents">> & { link?: NewLink };

/** A payment link's side of its payment, written with it (its session is added once the provider made it). */
export interface NewLink {
	expiresAt: Date;
	returnUrl: string;
	share: string;
	payer: string;
}

/** A link payment as billing reads it back: the payment and its checkout. */
export interface LinkRow {
	payment: Payment;
	sessionId: string | null;
	url: string | null;
	expiresAt: Date;
	returnUrl: string;
	share: string;
	payer: string;
}

export async function insertPayment(t: Tables, p: NewPayment): Promise<void> {
	await t("payments").insert({
		id: p.id,
		bill_id: p.billId,
		method: p.method,
		status: "pending",
		amount_cents: p.amountCents,
		tip_cents: p.tipCents,
		tendered_cents: p.tenderedCents ?? null,
		change_cents: p.changeCents ?? null,
		provider: p.provider,
		created_by: p.createdBy,
		...(p.link && {
			link_expires_at: p.link.expiresAt,
			link_return_url: p.link.returnUrl,
			link_share: p.link.share,
			link_payer: p.link.payer,
		}),
	});
}

async function toLinkRow(t: Tables, row: PaymentRow | undefined): Promise<LinkRow | undefined> {
	if (row?.method !== "link") return undefined;
	return {
		payment: toPayment(row, await t("refunds").where({ payment_id: row.id }).orderBy("created_at")),
		sessionId: row.link_session_id ?? null,
		url: row.link_url ?? null,
		expiresAt: new Date(row.link_expires_at!),
		returnUrl: row.link_return_url ?? "",
		share: row.link_share ?? "whole",
		payer: row.link_payer ?? "",
	};
}

/** A link payment by our id (undefined for any other payment). */
export async function findLink(t: Tables, paymentId: string): Promise<LinkRow | undefined> {
	return toLinkRow(t, await t("payments").where({ id: paymentId }).first());
}

/** A link payment by its checkout's session id (the simulated checkout page's only key). */
export async function findLinkBySession(t: Tables, sessionId: string): Promise<LinkRow | undefined> {
	return toLinkRow(t, await t("payments").where({ link_session_id: sessionId }).first());
}

/** A payer's pending links on a bill (`payer` as kept: "guest:<session id>"), oldest first. */
export async function pendingLinksOf(t: Tables, billId: string, payer: string): Promise<LinkRow[]> {
	const rows: PaymentRow[] = await t("payments")
		.where({ bill_id: billId, method: "link", status: "pending", link_payer: payer })
		.orderBy("created_at");
	return (await Promise.all(rows.map(r => toLinkRow(t, r)))).filter((r): r is LinkRow => r !== undefined);
}

/** The checkout the provider made for a link payment. */
export async function setLinkSession(t: Tables, paymentId: string, session: { sessionId: string; url: string }): Promise<void> {
	await t("payments").where({ id: paymentId }).update({ link_session_id: session.sessionId, link_url: session.url });
}

/** Pending link payments older than this, oldest first: the sweeper asks the provider what became of each. */
export async function stalePendingLinks(t: Tables, olderThanSeconds: number, limit: number): Promise<string[]> {
	const rows: { id: string }[] = await t("payments")
		.where({ status: "pending", method: "link" })
		.where("created_at", "<", new Date(Date.now() - olderThanSeconds * 1000))
		.orderBy("created_at")
		.limit(limit)
		.select("id");
	return rows.map(r => r.id);
}

/**
 * Keeps a webhook by its provider's event id; false when it was kept already (a duplicate or a replay). A duplicate
 * arriving while the first is being handled waits here on the first's row until that commits or rolls back.
 */
export async function insertWebhookEvent(
	t: Tables,
	e: { provider: string; eventId: string; type: string; paymentId: string | null; outcome: string },
): Promise<boolean> {
	const rows = await t("webhook_events")
		.insert({ provider: e.provider, event_id: e.eventId, type: e.type, payment_id: e.paymentId, outcome: e.outcome })
		.onConflict(["provider", "event_id"])
		.ignore()
		.returning("event_id");
	return rows.length > 0;
}

export async function setWebhookOutcome(t: Tables, provider: string, eventId: string, outcome: string): Promise<void> {
	await t("webhook_events").where({ provider, event_id: eventId }).update({ outcome });
}

export async function setPayment(t: Tables, id: string, patch: PaymentPatch): Promise<void> {
	await t("payments").where({ id }).update(columns(patch));
}

/** Card payments the provider never answered (the node died, or the provider was down), oldest first. */
export async function stalePendingPayments(t: Tables, olderThanSeconds: number, limit: number): Promise<string[]> {
	const rows: { id: string }[] = await t("payments")
		.where({ status: "pending" })
		// A link waits for its payer for up to PAYMENT_LINK_MINUTES: stalePendingLinks asks about those.
		.whereNot({ method: "link" })
		.where("created_at", "<", new Date(Date.now() - olderThanSeconds * 1000))
		.orderBy("created_at")
		.limit(limit)
		.select("id");
	return rows.map(r => r.id);
}

/** Refunds the provider never answered, with their payment, oldest first. */
export async function stalePendingRefunds(
	t: Tables,
	olderThanSeconds: number,
	limit: number,
): Promise<{ id: string; payment_id: string }[]> {
	return t("refunds")
		.where({ status: "pending" })
		.where("created_at", "<", new Date(Date.now() - olderThanSeconds * 1000))
		.orderBy("created_at")
		.limit(limit)
		.select("id", "payment_id");
}

export async function paymentOfRefund(t: Tables, refundId: string): Promise<string | undefined> {
	const row: { payment_id: string } | undefined = await t("refunds").where({ id: refundId }).first("payment_id");
	return row?.payment_id;
}

export interface NewRefund {
	id: string;
	paymentId: string;
	amountCents: number;
	reason: string;
	createdBy: string | null;
}

export async function insertRefund(t: Tables, r: NewRefund): Promise<void> {
	await t("refunds").insert({
		id: r.id,
		payment_id: r.paymentId,
		amount_cents: r.amountCents,
		status: "pending",
		reason: r.reason,
		created_by: r.createdBy,
	});
}

export async function setRefund(t: Tables, id: string, patch: RefundPatch): Promise<void> {
	await t("refunds").where({ id }).update(columns(patch));
}

/** Records that paid bill `billId` is open again, under its next number. The caller holds the bill's lock. */
export async function insertReopening(
	t: Tables,
	r: { billId: string; reason: string; by: string | null; at: Date; paidAt: string | null },
): Promise<void> {
	const [{ n }] = await t("bill_reopenings").where({ bill_id: r.billId }).count({ n: "*" });
	await t("bill_reopenings").insert({
		bill_id: r.billId,
		number: Number(n) + 1,
		reason: r.reason,
		reopened_by: r.by,
		reopened_at: r.at,
		paid_at: r.paidAt,
	});
}
