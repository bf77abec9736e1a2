// SQL over the reporting schema: facts written from events (each write idempotent), and the reports read
// from them. Sums are cast to int in SQL: PGlite returns int8 and numeric as strings.
import type { Knex } from "knex";
import type { Bill, OrderType, Order, Role } from "../../contracts";
import {
	paidOfSale,
	type DrawerClose,
	type LossEntry,
	type LossKind,
	type LossTotals,
	type MethodFact,
	type OrderFact,
	type RefundFact,
	type SaleFact,
	type SoldOrder,
} from "./rules";

export interface Db {
	/** The schema-bound table builder. */
	t: (name: string) => Knex.QueryBuilder;
	knex: Knex | Knex.Transaction;
	schema: string;
}

export interface Range {
	from: Date;
	to: Date;
}

// ── facts ───────────────────────────────────────────────────────────────────

/** A settled sale: the bill (its parts' amounts when it was split), its lines, orders and tips. Once per bill. */
export async function insertSale(db: Db, bill: Bill, parts: Bill[], settledAt: Date): Promise<void> {
	// Settled again after a reopen: this settle replaces the sale taken out (or, delivered late, one recorded
	// before it); a settle recorded before the bill's latest reopen, or before the sale held, counts for nothing.
	const reopened: { reopened_at: Date | string } | undefined = await db.t("sale_reopenings").where({ bill_id: bill.id }).first();
	if (reopened && new Date(reopened.reopened_at) >= settledAt) return;
	const held: { settled_at: Date | string } | undefined = await db.t("sales").where({ bill_id: bill.id }).forUpdate().first();
	if (held) {
		if (new Date(held.settled_at) >= settledAt) return;
		await deleteSale(db, bill.id);
	}
	const billed = parts.length ? parts : [bill];
	const sum = (k: "discountCents" | "serviceChargeCents" | "taxCents" | "totalCents") => billed.reduce((s, b) => s + b[k], 0);
	const inserted = await db
		.t("sales")
		.insert({
			bill_id: bill.id,
			table_id: bill.tableId,
			table_name: bill.tableName,
			order_type: bill.orderType ?? "dine_in",
			name: bill.name ?? null,
			settled_at: settledAt,
			gross_cents: bill.subtotalCents,
			discount_cents: sum("discountCents"),
			service_charge_cents: sum("serviceChargeCents"),
			tax_cents: sum("taxCents"),
			tip_cents: billed
				.flatMap(b => b.payments)
				.filter(p => p.status === "captured")
				.reduce((s, p) => s + p.tipCents, 0),
			total_cents: sum("totalCents"),
		})
		.onConflict("bill_id")
		.ignore()
		.returning("bill_id");
	if (!inserted.length) return;
	// An order's waiter here is whoever took its first line (the opener); the staff report credits each line's own.
	const waiterOf = new Map<string, string | null>();
	for (const l of bill.lines) if (!waiterOf.has(l.orderId)) waiterOf.set(l.orderId, l.waiterId);
	await db.t("sale_orders").insert(bill.orderIds.map(id => ({ bill_id: bill.id, order_id: id, waiter_id: waiterOf.get(id) ?? null })));
	if (bill.lines.length) {
		await db.t("sale_lines").insert(
			bill.lines.map(l => ({
				bill_id: bill.id,
				line_id: l.id,
				order_id: l.orderId,
				menu_item_id: l.menuItemId,
				name: l.name,
				quantity: l.quantity,
				amount_cents: l.amountCents,
				waiter_id: l.waiterId,
				seat: l.seat ?? null,
				modifiers: JSON.stringify(l.modifiers ?? []),
				comp_reason: l.comp?.reason ?? null,
				comp_value_cents: l.comp?.valueCents ?? null,
			})),
		);
	}
	// What each payment paid of the sale: less what was given back while the bill was open (it was owed again).
	const captured = billed.flatMap(b => b.payments.filter(p => p.status === "captured").map(p => ({ p, paid: paidOfSale(b, p) })));
	if (captured.length)
		await db.t("sale_payments").insert(
			captured.map(({ p, paid }) => ({
				payment_id: p.id,
				bill_id: bill.id,
				method: p.method,
				amount_cents: paid,
				tip_cents: p.tipCents,
			})),
		);
	const tips = billed.flatMap(b => b.payments).filter(p => p.status === "captured" && p.tipCents > 0);
	if (tips.length)
		await db
			.t("sale_tips")
			.insert(tips.map(p => ({ payment_id: p.id, bill_id: bill.id, staff_id: p.createdBy, tip_cents: p.tipCents })));
}

/** Takes a sale's facts out (its bill was reopened); the refunds made after it stay, dated when they were made. */
export async function deleteSale(db: Db, billId: string): Promise<void> {
	for (const table of ["sale_tips", "sale_payments", "sale_lines", "sale_orders", "sales"])
		await db.t(table).where({ bill_id: billId }).del();
}

/** A bill reopened at `at`: its sale, settled before then, is taken out, and no settle from before then counts. */
export async function reopenSale(db: Db, billId: string, at: Date): Promise<void> {
	await db.knex.raw(
		`insert into ??.sale_reopenings (bill_id, reopened_at) values (?, ?)
		 on conflict (bill_id) do update set reopened_at = greatest(sale_reopenings.reopened_at, excluded.reopened_at)`,
		[db.schema, billId, at],
	);
	const held: { settled_at: Date | string } | undefined = await db.t("sales").where({ bill_id: billId }).forUpdate().first();
	if (held && new Date(held.settled_at) < at) await deleteSale(db, billId);
}

export async function insertRefund(
	db: Db,
	r: { refundId: string; paymentId: string; billId: string; amountCents: number; at: Date; method?: string },
): Promise<void> {
	await db
		.t("refunds")
		.insert({
			refund_id: r.refundId,
			payment_id: r.paymentId,
			bill_id: r.billId,
			amount_cents: r.amountCents,
			refunded_at: r.at,
			method: r.method ?? null,
		})
		.onConflict("refund_id")
		.ignore();
}

/**
 * Each item's kitchen times from an order snapshot: queued when it reached the kitchen (its round, or its course's
 * fire for a line that was held), started and ready at the first event that shows them so. Snapshots may arrive
 * out of order; the earliest time seen is kept, except that a held line's placeholder gives way to its fire time
 * and a late held snapshot never takes a fired line's time back.
 */
export async function applyOrderTimes(db: Db, order: Order, at: Date): Promise<void> {
	if (!order.items.length) return;
	// The earliest time any snapshot showed: a late or out-of-order one cannot move it later.
	const keep = (col: string) => db.knex.raw(`least(??.${col}, excluded.${col})`, ["item_times"]);
	const queued = db.knex.raw("case when excluded.held then ?? when ?? then excluded.queued_at else least(??, excluded.queued_at) end", [
		"item_times.queued_at",
		"item_times.held",
		"item_times.queued_at",
	]);
	await db
		.t("item_times")
		.insert(
			order.items.map(i => ({
				item_id: i.id,
				order_id: order.id,
				station: i.station,
				menu_item_id: i.menuItemId,
				queued_at: new Date(i.firedAt ?? i.createdAt),
				held: i.held === true,
				started_at: ["preparing", "ready", "served"].includes(i.status) ? at : null,
				ready_at: ["ready", "served"].includes(i.status) ? at : null,
				voided: i.status === "voided",
			})),
		)
		.onConflict("item_id")
		.merge({
			queued_at: queued,
			held: db.knex.raw("?? and excluded.held", ["item_times.held"]),
			started_at: keep("started_at"),
			ready_at: keep("ready_at"),
			voided: db.knex.raw("?? or excluded.voided", ["item_times.voided"]),
		});
}

/** What an order is, from its latest snapshot: an older snapshot delivered late (a lower version) changes nothing. */
export async function upsertOrderFact(db: Db, f: OrderFact): Promise<void> {
	await db
		.t("order_facts")
		.insert({
			order_id: f.orderId,
			type: f.type,
			table_id: f.tableId,
			table_name: f.tableName,
			name: f.name,
			covers: f.covers,
			status: f.status,
			created_at: f.createdAt,
			closed_at: f.closedAt,
			version: f.version,
		})
		.onConflict("order_id")
		.merge()
		.whereRaw("?? < excluded.version", ["order_facts.version"]);
}

/** Comps, remakes and voids: each once (by kind and line), whatever the events that bring them again. */
export async function insertLosses(db: Db, entries: LossEntry[]): Promise<void> {
	if (!entries.length) return;
	await db
		.t("losses")
		.insert(
			entries.map(l => ({
				id: l.id,
				kind: l.kind,
				at: l.at,
				order_id: l.orderId,
				item_id: l.itemId,
				menu_item_id: l.menuItemId,
				name: l.name,
				quantity: l.quantity,
				value_cents: l.valueCents,
				reason: l.reason,
				by: l.by,
				label: l.label,
			})),
		)
		.onConflict("id")
		.ignore();
}

export async function upsertStaff(db: Db, user: { id: string; fullName: string; role: Role }): Promise<void> {
	await db.t("staff").insert({ user_id: user.id, full_name: user.fullName, role: user.role }).onConflict("user_id").merge();
}

export interface AuditEntry {
	id: string;
	at: Date;
	action:
		| "item_voided"
		| "order_cancelled"
		| "bill_discounted"
		| "payment_refunded"
		| "bill_reopened"
		| "signed_in"
		| "sign_in_refused"
		| "user_created"
		| "role_changed"
		| "password_changed"
		| "pin_changed"
		| "user_deactivated"
		| "user_reactivated"
		| "approval_requested"
		| "approval_decided"
		| "approval_spent"
		| "user_invited"
		| "user_activated"
		| "password_reset_requested"
		| "password_reset"
		| "webhook_rejected";
	actorId: string | null;
	reason: string | null;
	tableName: string;
	amountCents: number;
	subject: Record<string, unknown>;
}

export async function insertAudit(db: Db, entries: AuditEntry[]): Promise<void> {
	if (!entries.length) return;
	await db
		.t("audit")
		.insert(
			entries.map(e => ({
				id: e.id,
				at: e.at,
				action: e.action,
				actor_id: e.actorId,
				reason: e.reason,
				table_name: e.tableName,
				amount_cents: e.amountCents,
				subject: JSON.stringify(e.subject),
			})),
		)
		.onConflict("id")
		.ignore();
}

// ── reports ─────────────────────────────────────────────────────────────────

/** A schema name as an SQL identifier (ours come from SCHEMAS, but quote them all the same). */
const q = (ident: string) => `"${ident.replace(/"/g, '""')}"`;

const PERIOD = { day: "YYYY-MM-DD", hour: 'YYYY-MM-DD"T"HH24:00' } as const;

async function rows<T>(db: Db, sql: string, bindings: Knex.RawBinding[]): Promise<T[]> {
	return ((await db.knex.raw(sql, bindings)) as { rows: T[] }).rows;
}

export interface SalesRow {
	period: string;
	orders: number;
	grossCents: number;
	discountCents: number;
	serviceChargeCents: number;
	taxCents: number;
	tipCents: number;
	refundCents: number;
	netCents: number;
	/** Guests of the orders settled in the period that told their covers. */
	covers: number;
}

export async function sales(db: Db, range: Range, groupBy: "day" | "hour", timezone: string): Promise<SalesRow[]> {
	const s = q(db.schema);
	const period = (col: string) => `to_char(date_trunc('${groupBy}', ${col} at time zone ?), '${PERIOD[groupBy]}')`;
	const r = [timezone, range.from, range.to];
	const list = await rows<Record<string, number | string>>(
		db,
		`with money as (
			select ${period("settled_at")} as period, sum(gross_cents)::int as gross, sum(discount_cents)::int as discount,
				sum(service_charge_cents)::int as service, sum(tax_cents)::int as tax, sum(tip_cents)::int as tip
			from ${s}.sales where settled_at >= ? and settled_at < ? group by 1),
		orders as (
			select ${period("s.settled_at")} as period, count(distinct o.order_id)::int as orders
			from ${s}.sales s join ${s}.sale_orders o on o.bill_id = s.bill_id
			where s.settled_at >= ? and s.settled_at < ? group by 1),
		covers as (
			select ${period("s.settled_at")} as period, sum(f.covers)::int as covers
			from ${s}.sales s join ${s}.sale_orders o on o.bill_id = s.bill_id join ${s}.order_facts f on f.order_id = o.order_id
			where s.settled_at >= ? and s.settled_at < ? group by 1),
		refunds as (
			select ${period("refunded_at")} as period, sum(amount_cents)::int as refunds
			from ${s}.refunds where refunded_at >= ? and refunded_at < ? group by 1)
		select coalesce(m.period, r.period) as period, coalesce(o.orders, 0) as orders, coalesce(m.gross, 0) as gross,
			coalesce(m.discount, 0) as discount, coalesce(m.service, 0) as service, coalesce(m.tax, 0) as tax,
			coalesce(m.tip, 0) as tip, coalesce(r.refunds, 0) as refunds, coalesce(c.covers, 0) as covers
		from money m full join refunds r on r.period = m.period left join orders o on o.period = coalesce(m.period, r.period)
			left join covers c on c.period = coalesce(m.period, r.period)
		order by 1`,
		[...r, ...r, ...r, ...r],
	);
	return list.map(r => ({
		period: String(r.period),
		orders: Number(r.orders),
		grossCents: Number(r.gross),
		discountCents: Number(r.discount),
		serviceChargeCents: Number(r.service),
		taxCents: Number(r.tax),
		tipCents: Number(r.tip),
		refundCents: Number(r.refunds),
		netCents: Number(r.gross) - Number(r.discount) - Number(r.refunds),
		covers: Number(r.covers),
	}));
}

export async function bestSellers(db: Db, range: Range, limit: number) {
	const list = await rows<{ menu_item_id: string; name: string; quantity: number; gross: number }>(
		db,
		`select l.menu_item_id, (array_agg(l.name order by s.settled_at desc))[1] as name, sum(l.quantity)::int as quantity, sum(l.amount_cents)::int as gross
		 from ??.sale_lines l join ??.sales s on s.bill_id = l.bill_id
		 where s.settled_at >= ? and s.settled_at < ?
		 group by l.menu_item_id order by quantity desc, gross desc, name limit ?`,
		[db.schema, db.schema, range.from, range.to, limit],
	);
	return list.map(r => ({ menuItemId: r.menu_item_id, name: r.name, quantity: Number(r.quantity), grossCents: Number(r.gross) }));
}

export async function kitchen(db: Db, range: Range) {
	const list = await rows<{ station: string; items: number; avg: number; p90: number }>(
		db,
		`select station, count(*)::int as items,
			round(avg(extract(epoch from ready_at - queued_at))::numeric, 1)::float8 as avg,
			round((percentile_cont(0.9) within group (order by extract(epoch from ready_at - queued_at)))::numeric, 1)::float8 as p90
		 from ??.item_times where not voided and ready_at >= ? and ready_at < ?
		 group by station order by station`,
		[db.schema, range.from, range.to],
	);
	return list.map(r => ({ station: r.station, items: Number(r.items), avgPrepSeconds: Number(r.avg), p90PrepSeconds: Number(r.p90) }));
}

/**
 * Per user: the gross of the lines they took (a round added to a colleague's order is theirs), the orders they
 * took at least one line of, and the tips of the payments they took (whoever took the card or the cash).
 */
export async function staff(db: Db, range: Range) {
	const s = q(db.schema);
	const inRange = "s.settled_at >= ? and s.settled_at < ?";
	const list = await rows<{ user_id: string; full_name: string | null; orders: number; gross: number; tips: number }>(
		db,
		`with sold as (
			select l.waiter_id as uid, sum(l.amount_cents)::int as gross from ${s}.sale_lines l join ${s}.sales s on s.bill_id = l.bill_id
			where ${inRange} group by 1),
		ords as (
			select x.uid, count(distinct x.order_id)::int as orders from (
				select l.waiter_id as uid, l.order_id from ${s}.sale_lines l join ${s}.sales s on s.bill_id = l.bill_id
				where ${inRange} and l.order_id is not null
				union all
				-- An order none of whose lines knows its order (recorded before lines kept it): its waiter as recorded then.
				select o.waiter_id, o.order_id from ${s}.sale_orders o join ${s}.sales s on s.bill_id = o.bill_id
				where ${inRange} and not exists (select 1 from ${s}.sale_lines l where l.bill_id = o.bill_id and l.order_id = o.order_id)
			) x group by 1),
		tips as (
			select t.staff_id as uid, sum(t.tip_cents)::int as tips from ${s}.sale_tips t join ${s}.sales s on s.bill_id = t.bill_id
			where ${inRange} group by 1),
		ids as (select uid from sold union select uid from ords union select uid from tips)
		select ids.uid as user_id, st.full_name, coalesce(ords.orders, 0) as orders, coalesce(sold.gross, 0) as gross, coalesce(tips.tips, 0) as tips
		from ids left join sold on sold.uid = ids.uid left join ords on ords.uid = ids.uid left join tips on tips.uid = ids.uid
			left join ${s}.staff st on st.user_id = ids.uid
		where ids.uid is not null order by gross desc, st.full_name`,
		[range.from, range.to, range.from, range.to, range.from, range.to, range.from, range.to],
	);
	return list.map(r => ({
		userId: r.user_id,
		fullName: r.full_name ?? "",
		orders: Number(r.orders),
		grossCents: Number(r.gross),
		tipCents: Number(r.tips),
	}));
}

/** The audit trail's two halves: what happened to money, and who got in or changed whose account. */
export const AUDIT_KINDS = {
	money: ["item_voided", "order_cancelled", "bill_discounted", "payment_refunded", "bill_reopened", "webhook_rejected"],
	accounts: [
		"signed_in",
		"sign_in_refused",
		"user_created",
		"role_changed",
		"password_changed",
		"pin_changed",
		"user_deactivated",
		"user_reactivated",
		"user_invited",
		"user_activated",
		"password_reset_requested",
		"password_reset",
	],
	/** A manager's approvals: asked for, decided (by whom, PIN or tap), spent on the action. */
	approvals: ["approval_requested", "approval_decided", "approval_spent"],
} as const satisfies Record<string, readonly AuditEntry["action"][]>;
export type AuditKind = keyof typeof AUDIT_KINDS;

export async function audit(db: Db, range: Range, limit: number, kind?: AuditKind) {
	const list: {
		id: string;
		at: Date | string;
		action: string;
		actor_id: string | null;
		reason: string | null;
		table_name: string;
		amount_cents: number;
		subject: unknown;
		full_name: string | null;
	}[] = await db
		.t("audit as a")
		.leftJoin(db.t("staff").as("st"), "st.user_id", "a.actor_id")
		.where("a.at", ">=", range.from)
		.where("a.at", "<", range.to)
		.modify(q => {
			if (kind) q.whereIn("a.action", AUDIT_KINDS[kind]);
		})
		.orderBy("a.at", "desc")
		.limit(limit)
		.select("a.*", "st.full_name");
	return list.map(r => ({
		at: new Date(r.at).toISOString(),
		action: r.action,
		actorId: r.actor_id,
		actorName: r.full_name ?? "",
		reason: r.reason,
		tableName: r.table_name,
		amountCents: r.amount_cents,
		subject: typeof r.subject === "string" ? JSON.parse(r.subject) : r.subject,
	}));
}

/** The bills settled in the range, oldest first, each with its orders as their facts tell them. */
export async function saleFacts(db: Db, range: Range): Promise<SaleFact[]> {
	const sales: {
		bill_id: string;
		order_type: OrderType;
		table_id: string | null;
		table_name: string | null;
		gross_cents: number;
		discount_cents: number;
	}[] = await db
		.t("sales")
		.where("settled_at", ">=", range.from)
		.where("settled_at", "<", range.to)
		.orderBy([{ column: "settled_at" }, { column: "bill_id" }])
		.select("bill_id", "order_type", "table_id", "table_name", "gross_cents", "discount_cents");
	if (!sales.length) return [];
	const orders: {
		bill_id: string;
		order_id: string;
		covers: number | null;
		type: OrderType | null;
		status: SoldOrder["status"];
		created_at: Date | string | null;
		closed_at: Date | string | null;
	}[] = await db
		.t("sale_orders as o")
		.leftJoin(db.t("order_facts").as("f"), "f.order_id", "o.order_id")
		.whereIn(
			"o.bill_id",
			sales.map(x => x.bill_id),
		)
		.select("o.bill_id", "o.order_id", "f.covers", "f.type", "f.status", "f.created_at", "f.closed_at");
	const date = (v: Date | string | null) => (v == null ? null : new Date(v));
	return sales.map(x => ({
		billId: x.bill_id,
		orderType: x.order_type,
		tableId: x.table_id,
		tableName: x.table_name,
		grossCents: x.gross_cents,
		discountCents: x.discount_cents,
		orders: orders
			.filter(o => o.bill_id === x.bill_id)
			.map(o => ({
				orderId: o.order_id,
				covers: o.covers,
				type: o.type,
				status: o.status ?? null,
				createdAt: date(o.created_at),
				closedAt: date(o.closed_at),
			})),
	}));
}

/** The refunds made in the range, each with what its sale was (its type, table and covers). */
export async function refundFacts(db: Db, range: Range): Promise<RefundFact[]> {
	const s = q(db.schema);
	const list = await rows<{
		bill_id: string;
		amount_cents: number;
		order_type: OrderType | null;
		table_id: string | null;
		table_name: string | null;
		covers: number | null;
		recorded: boolean;
	}>(
		db,
		`select r.bill_id, r.amount_cents, s.order_type, s.table_id, s.table_name, s.bill_id is not null as recorded,
			(select sum(f.covers)::int from ${s}.sale_orders o join ${s}.order_facts f on f.order_id = o.order_id where o.bill_id = r.bill_id) as covers
		 from ${s}.refunds r left join ${s}.sales s on s.bill_id = r.bill_id
		 where r.refunded_at >= ? and r.refunded_at < ? order by r.refunded_at, r.refund_id`,
		[range.from, range.to],
	);
	return list.map(r => ({
		billId: r.bill_id,
		amountCents: Number(r.amount_cents),
		sale: r.recorded
			? { orderType: r.order_type ?? "dine_in", tableId: r.table_id, tableName: r.table_name, covers: Number(r.covers ?? 0) }
			: null,
	}));
}

/** Comps, remakes and voids in the range: how many lines, how many portions (voids), and what they were worth. */
export async function lossTotals(db: Db, range: Range): Promise<LossTotals> {
	const list = await rows<{ kind: LossKind; lines: number; quantity: number; value: number }>(
		db,
		`select kind, count(*)::int as lines, sum(quantity)::int as quantity, sum(value_cents)::int as value
		 from ??.losses where at >= ? and at < ? group by kind`,
		[db.schema, range.from, range.to],
	);
	const of = (kind: LossKind) => list.find(r => r.kind === kind);
	const pair = (kind: LossKind) => ({ lines: Number(of(kind)?.lines ?? 0), valueCents: Number(of(kind)?.value ?? 0) });
	return {
		comps: pair("comp"),
		remakes: pair("remake"),
		voids: { lines: pair("void").lines, quantity: Number(of("void")?.quantity ?? 0), valueCents: pair("void").valueCents },
	};
}

/** Each comp, remake and void in the range, newest first, with who did it. */
export async function losses(db: Db, range: Range, limit: number, kind?: LossKind) {
	const list: {
		at: Date | string;
		kind: LossKind;
		order_id: string;
		item_id: string;
		menu_item_id: string;
		name: string;
		quantity: number;
		value_cents: number;
		reason: string | null;
		by: string | null;
		label: string;
		full_name: string | null;
	}[] = await db
		.t("losses as l")
		.leftJoin(db.t("staff").as("st"), "st.user_id", "l.by")
		.where("l.at", ">=", range.from)
		.where("l.at", "<", range.to)
		.modify(q => {
			if (kind) q.where("l.kind", kind);
		})
		.orderBy([{ column: "l.at", order: "desc" }, { column: "l.id" }])
		.limit(limit)
		.select("l.*", "st.full_name");
	return list.map(r => ({
		at: new Date(r.at).toISOString(),
		kind: r.kind,
		orderId: r.order_id,
		itemId: r.item_id,
		menuItemId: r.menu_item_id,
		name: r.name,
		quantity: r.quantity,
		valueCents: r.value_cents,
		reason: r.reason,
		by: r.by,
		byName: r.full_name ?? "",
		label: r.label,
	}));
}

/**
 * The options sold (the product mix of modifiers): per option, how many portions carried it (× the line's quantity)
 * and what its price deltas brought in (a comped line brought in nothing). Names are the latest sold under.
 */
export async function modifiers(db: Db, range: Range, limit: number) {
	const list = await rows<{ option_id: string; group_name: string; name: string; quantity: number; delta: number }>(
		db,
		`select m->>'optionId' as option_id,
			(array_agg(m->>'groupName' order by s.settled_at desc))[1] as group_name,
			(array_agg(m->>'name' order by s.settled_at desc))[1] as name,
			sum(l.quantity)::int as quantity,
			sum(case when l.comp_reason is null then l.quantity * (m->>'priceDeltaCents')::int else 0 end)::int as delta
		 from ??.sale_lines l join ??.sales s on s.bill_id = l.bill_id cross join lateral jsonb_array_elements(l.modifiers) m
		 where s.settled_at >= ? and s.settled_at < ?
		 group by 1 order by quantity desc, delta desc, group_name, name limit ?`,
		[db.schema, db.schema, range.from, range.to, limit],
	);
	return list.map(r => ({
		optionId: r.option_id,
		groupName: r.group_name,
		name: r.name,
		quantity: Number(r.quantity),
		deltaCents: Number(r.delta),
	}));
}

/** A report's bounds: a local date (`to` inclusive) in the restaurant's time zone, or an instant with its offset. */
export async function resolveRange(db: Db, timezone: string, from?: string, to?: string): Promise<Range> {
	const [r] = await rows<{ from: Date | string; to: Date | string }>(
		db,
		`select coalesce(?::timestamptz, (?::date)::timestamp at time zone ?, date_trunc('day', now() at time zone ?) at time zone ?) as "from",
			coalesce(?::timestamptz, ((?::date) + 1)::timestamp at time zone ?, now()) as "to"`,
		[
			isDay(from) ? null : (from ?? null),
			isDay(from) ? from! : null,
			timezone,
			timezone,
			timezone,
			isDay(to) ? null : (to ?? null),
			isDay(to) ? to! : null,
			timezone,
		],
	);
	return { from: new Date(r.from), to: new Date(r.to) };
}

const isDay = (v?: string) => v !== undefined && /^\d{4}-\d{2}-\d{2}$/.test(v);

// ── the day's close ─────────────────────────────────────────────────────────

/** A drawer counted, from `drawer.closed`: once per drawer. */
export async function insertDrawerClose(db: Db, d: DrawerClose): Promise<void> {
	await db
		.t("drawer_closes")
		.insert({
			drawer_id: d.drawerId,
			name: d.name,
			closed_at: new Date(d.closedAt),
			expected_cents: d.expectedCents,
			counted_cents: d.countedCents,
			difference_cents: d.differenceCents,
		})
		.onConflict("drawer_id")
		.ignore();
}

/** Drawers counted in the range, in the order they were closed. */
export async function drawerCloses(db: Db, range: Range): Promise<DrawerClose[]> {
	const list = await db
		.t("drawer_closes")
		.where("closed_at", ">=", range.from)
		.where("closed_at", "<", range.to)
		.orderBy([{ column: "closed_at" }, { column: "drawer_id" }]);
	return list.map((r: Record<string, unknown>) => ({
		drawerId: r.drawer_id as string,
		name: r.name as string,
		closedAt: new Date(r.closed_at as string).toISOString(),
		expectedCents: Number(r.expected_cents),
		countedCents: Number(r.counted_cents),
		differenceCents: Number(r.difference_cents),
	}));
}

/** Captured payments of the bills settled in the range, and refunds made in the range, per method. */
export async function methodFacts(db: Db, range: Range): Promise<MethodFact[]> {
	const s = q(db.schema);
	const list = await rows<{ method: string; payments: number; amount: number; tips: number; refunds: number }>(
		db,
		`with paid as (
			select p.method, count(*)::int as payments, sum(p.amount_cents)::int as amount, sum(p.tip_cents)::int as tips
			from ${s}.sale_payments p join ${s}.sales s on s.bill_id = p.bill_id
			where s.settled_at >= ? and s.settled_at < ? group by 1),
		back as (
			select coalesce(method, 'unknown') as method, sum(amount_cents)::int as refunds
			from ${s}.refunds where refunded_at >= ? and refunded_at < ? group by 1)
		select coalesce(paid.method, back.method) as method, coalesce(paid.payments, 0) as payments, coalesce(paid.amount, 0) as amount,
			coalesce(paid.tips, 0) as tips, coalesce(back.refunds, 0) as refunds
		from paid full join back on back.method = paid.method`,
		[range.from, range.to, range.from, range.to],
	);
	return list.map(r => ({
		method: r.method,
		payments: Number(r.payments),
		amountCents: Number(r.amount),
		tipCents: Number(r.tips),
		refundCents: Number(r.refunds),
	}));
}

/** The local date now, in the restaurant's time zone (YYYY-MM-DD). */
export async function today(db: Db, timezone: string): Promise<string> {
	const [r] = await rows<{ d: string }>(db, "select to_char(now() at time zone ?, 'YYYY-MM-DD') as d", [timezone]);
	return r.d;
}

export interface ZRecord {
	number: number;
	date: string;
	figures: Record<string, unknown>;
	closedAt: string;
	closedBy: string | null;
}

const zOf = (r: Record<string, unknown>): ZRecord => ({
	number: Number(r.number),
	date: r.date as string,
	figures: (typeof r.figures === "string" ? JSON.parse(r.figures) : r.figures) as Record<string, unknown>,
	closedAt: new Date(r.closed_at as string).toISOString(),
	closedBy: (r.closed_by as string | null) ?? null,
});

export async function zOfDate(db: Db, date: string): Promise<ZRecord | undefined> {
	const r = await db.t("z_reports").where({ date }).first();
	return r ? zOf(r) : undefined;
}

/**
 * Records the date's Z under the next number, unless it has one (then that one). The caller holds the table's
 * lock (lockZ), so two closes at once get one number, and numbers have no gaps.
 */
export async function recordZ(db: Db, date: string, figures: object, by: string | null): Promise<ZRecord> {
	const existing = await zOfDate(db, date);
	if (existing) return existing;
	const [{ n }] = await rows<{ n: number }>(db, `select coalesce(max(number), 0)::int + 1 as n from ${q(db.schema)}.z_reports`, []);
	const [row] = await db
		.t("z_reports")
		.insert({ number: Number(n), date, figures: JSON.stringify(figures), closed_at: new Date(), closed_by: by })
		.returning("*");
	return zOf(row);
}

export async function lockZ(db: Db): Promise<void> {
	await db.knex.raw("lock table ??.z_reports in share row exclusive mode", [db.schema]);
}
