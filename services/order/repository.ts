// SQL over the orders schema. Callers pass `t`, the schema-bound table builder.
import type { Knex } from "knex";
import type { ChosenModifier, Comp, ItemStatus, Order, OrderItem, OrderStatus, OrderType } from "../../contracts";
import { CLOSED_STATUSES, orderTotal } from "./rules";
import type { DetailsPatch } from "./details";
import type { NewItem } from "./pricing";
import type { MovedLine } from "./transfers";

export type { NewItem };

export type Tables = (name: "orders" | "order_items" | "idempotency_keys") => Knex.QueryBuilder;

interface OrderRow {
	id: string;
	type: OrderType;
	table_id: string | null;
	table_name: string | null;
	name: string | null;
	pickup_at: Date | string | null;
	covers: number | null;
	fired_course: number;
	status: OrderStatus;
	notes: string;
	created_by: string;
	/** Null until handed over (and on a row an older node wrote): the creator has it. */
	assigned_to?: string | null;
	merged_into?: string | null;
	paid_at?: Date | string | null;
	/** Takeouts from the public page (absent on rows an older node wrote). */
	phone?: string | null;
	prepaid?: boolean;
	version: number;
	created_at: Date | string;
	updated_at: Date | string;
}

interface ItemRow {
	id: string;
	order_id: string;
	round: number;
	line: number;
	menu_item_id: string;
	name: string;
	station: string;
	quantity: number;
	unit_price_cents: number;
	notes: string;
	status: ItemStatus;
	void_reason: string | null;
	/** Null only for a line an older node wrote during a rolling upgrade: the order's creator took it. */
	taken_by: string | null;
	created_at: Date | string;
	seat: number | null;
	course: number;
	held: boolean;
	/** Null while held, and on a line an older node wrote during a rolling upgrade (it went with its round). */
	fired_at: Date | string | null;
	/** jsonb: parsed by the pg driver, a string from some drivers. */
	modifiers: ChosenModifier[] | string;
	comp_reason: string | null;
	comp_by: string | null;
	comp_at: Date | string | null;
	comp_value_cents: number | string | null;
	remake_of: string | null;
	remake_reason: string | null;
	part_of: string | null;
	option_id: string | null;
}

const iso = (d: Date | string) => new Date(d).toISOString();
const isoOrNull = (d: Date | string | null) => (d == null ? null : iso(d));

const toItem = (r: ItemRow, orderCreatedBy: string): OrderItem => ({
	id: r.id,
	menuItemId: r.menu_item_id,
	name: r.name,
	station: r.station,
	quantity: r.quantity,
	unitPriceCents: r.unit_price_cents,
	notes: r.notes,
	status: r.status,
	round: r.round,
	voidReason: r.void_reason,
	createdAt: iso(r.created_at),
	takenBy: r.taken_by ?? orderCreatedBy,
	seat: r.seat,
	course: r.course,
	held: r.held,
	firedAt: isoOrNull(r.fired_at) ?? (r.held ? null : iso(r.created_at)),
	modifiers: typeof r.modifiers === "string" ? JSON.parse(r.modifiers) : r.modifiers,
	comp:
		r.comp_reason == null
			? null
			: {
					reason: r.comp_reason,
					by: r.comp_by ?? "",
					at: iso(r.comp_at ?? r.created_at),
					valueCents: Number(r.comp_value_cents ?? 0),
				},
	remakeOf: r.remake_of,
	remakeReason: r.remake_reason,
	partOf: r.part_of,
	optionId: r.option_id,
});

function toOrder(r: OrderRow, items: ItemRow[]): Order {
	const lines = items.map(i => toItem(i, r.created_by));
	const order: Order = {
		id: r.id,
		type: r.type,
		tableId: r.table_id,
		tableName: r.table_name,
		name: r.name,
		pickupAt: isoOrNull(r.pickup_at),
		covers: r.covers,
		firedCourse: r.fired_course,
		status: r.status,
		notes: r.notes,
		items: lines,
		totalCents: orderTotal(lines),
		createdBy: r.created_by,
		assignedTo: r.assigned_to ?? r.created_by,
		mergedInto: r.merged_into ?? null,
		createdAt: iso(r.created_at),
		updatedAt: iso(r.updated_at),
		version: r.version,
	};
	// Paid once (so billed now only because its bill was reopened): the floor leaves it off the table's tile, as
	// its guests have gone. Sent only when set.
	const paid = r.paid_at ? { ...order, paidAt: iso(r.paid_at) } : order;
	// A prepaid takeout: the floor shows it awaiting payment, and the kitchen leaves it alone, until its link is paid.
	return r.prepaid ? { ...paid, phone: r.phone ?? undefined, awaitingPayment: !r.paid_at && r.status !== "cancelled" } : paid;
}

async function withItems(t: Tables, rows: OrderRow[]): Promise<Order[]> {
	if (!rows.length) return [];
	const items: ItemRow[] = await t("order_items")
		.whereIn(
			"order_id",
			rows.map(r => r.id),
		)
		.orderBy([{ column: "round" }, { column: "line" }]);
	return rows.map(r =>
		toOrder(
			r,
			items.filter(i => i.order_id === r.id),
		),
	);
}

export async function find(t: Tables, id: string, lock = false): Promise<Order | undefined> {
	const q = t("orders").where({ id }).first();
	const row: OrderRow | undefined = await (lock ? q.forUpdate() : q);
	return row && (await withItems(t, [row]))[0];
}

export async function list(
	t: Tables,
	filter: { status?: OrderStatus; tableId?: string; type?: OrderType; limit: number },
): Promise<Order[]> {
	const q = t("orders").orderBy("created_at", "desc").limit(filter.limit);
	if (filter.status) q.where({ status: filter.status });
	if (filter.tableId) q.where({ table_id: filter.tableId });
	if (filter.type) q.where({ type: filter.type });
	return withItems(t, await q);
}

export async function orderIdOfItem(t: Tables, itemId: string): Promise<string | undefined> {
	const row: { order_id: string } | undefined = await t("order_items").where({ id: itemId }).first("order_id");
	return row?.order_id;
}

/** A new order as written: who it is for, and the course its first round fired. */
export interface NewOrder {
	id: string;
	type: OrderType;
	tableId: string | null;
	tableName: string | null;
	name: string | null;
	pickupAt: string | null;
	covers: number | null;
	firedCourse: number;
	notes: string;
	createdBy: string;
	/** A takeout from the public page: the guest's phone, and paid before the kitchen sees it. */
	phone?: string;
	prepaid?: boolean;
}

/** The row of an order just placed (or opened by lines moved to its table). */
const newOrderRow = (order: NewOrder) => ({
	id: order.id,
	type: order.type,
	table_id: order.tableId,
	table_name: order.tableName,
	name: order.name,
	pickup_at: order.pickupAt,
	covers: order.covers,
	fired_course: order.firedCourse,
	status: "placed",
	notes: order.notes,
	created_by: order.createdBy,
	...(order.prepaid && { phone: order.phone ?? null, prepaid: true }),
});

/** Writes a new order and its first round; returns it as written (what `find` would read back). */
export async function insert(t: Tables, order: NewOrder, items: RoundItem[], at: Date): Promise<Order> {
	const [row]: OrderRow[] = await t("orders").insert(newOrderRow(order)).returning("*");
	const lines: ItemRow[] = await insertItems(t, order.id, 1, 0, items, order.createdBy, at).returning("*");
	return toOrder(
		row,
		lines.sort((a, b) => a.round - b.round || a.line - b.line),
	);
}

/** A line of a round: held until its course is fired, or fired with the round at `at`. */
export type RoundItem = NewItem & { held: boolean };

/** Writes one round of lines, each taken by `takenBy` (who placed the order or added the round); the fired ones fire `at`. */
export function insertItems(
	t: Tables,
	orderId: string,
	round: number,
	firstLine: number,
	items: RoundItem[],
	takenBy: string,
	at: Date,
): Knex.QueryBuilder {
	return t("order_items").insert(
		items.map((i, n) => ({
			...lineColumns(i),
			order_id: orderId,
			round,
			line: firstLine + n + 1,
			status: "queued",
			taken_by: takenBy,
			held: i.held,
			fired_at: i.held ? null : at,
		})),
	);
}

/** The columns a line copies from what was ordered (a voided part of a line copies them from the line). */
function lineColumns(i: NewItem) {
	return {
		id: i.id,
		menu_item_id: i.menuItemId,
		name: i.name,
		station: i.station,
		quantity: i.quantity,
		unit_price_cents: i.unitPriceCents,
		notes: i.notes,
		seat: i.seat,
		course: i.course,
		// jsonb: an array passed as is would be sent as a PostgreSQL array.
		modifiers: JSON.stringify(i.modifiers),
		part_of: i.partOf,
		option_id: i.optionId,
		remake_of: i.remakeOf ?? null,
		remake_reason: i.remakeReason ?? null,
	};
}

/**
 * Part of a line voided: the line keeps `keep`, and a new voided line (`newId`, same round, the next line number)
 * holds the rest, a copy of the line with its own share of a comp. Written beside the original, so the kitchen and
 * the bill see one line shrink and one voided line appear.
 */
export async function splitVoided(
	t: Tables,
	split: { id: string; keep: number; newId: string; quantity: number; partOf: string | null; line: number },
	voided: { reason: string; by: string },
	comps: { kept: Comp | null; voided: Comp | null },
): Promise<void> {
	const original: ItemRow = await t("order_items").where({ id: split.id }).first();
	await t("order_items")
		.where({ id: split.id })
		.update({ quantity: split.keep, ...compColumns(comps.kept), updated_at: new Date() });
	await t("order_items").insert({
		...original,
		id: split.newId,
		modifiers: JSON.stringify(typeof original.modifiers === "string" ? JSON.parse(original.modifiers) : original.modifiers),
		line: split.line,
		quantity: split.quantity,
		part_of: split.partOf,
		status: "voided",
		void_reason: voided.reason,
		voided_by: voided.by,
		...compColumns(comps.voided),
		updated_at: new Date(),
	});
}

function compColumns(comp: Comp | null) {
	return comp
		? { comp_reason: comp.reason, comp_by: comp.by, comp_at: comp.at, comp_value_cents: comp.valueCents }
		: { comp_reason: null, comp_by: null, comp_at: null, comp_value_cents: null };
}

/** A comp: the line is priced 0 from now on, and the comp (who, why, what it was worth) is kept on it. */
export async function comp(t: Tables, id: string, c: Comp): Promise<void> {
	await t("order_items")
		.where({ id })
		.update({ unit_price_cents: 0, ...compColumns(c), updated_at: new Date() });
}

/** A fire: the held lines go to the kitchen at `at`. */
export async function fire(t: Tables, ids: string[], at: Date): Promise<void> {
	if (!ids.length) return;
	await t("order_items").whereIn("id", ids).update({ held: false, fired_at: at, updated_at: at });
}

/** PATCH /orders/:id: who the order is for and its notes (the version moves with `touch`). */
export async function setDetails(t: Tables, id: string, patch: DetailsPatch): Promise<void> {
	await t("orders")
		.where({ id })
		.update({
			...(patch.covers !== undefined && { covers: patch.covers }),
			...(patch.name !== undefined && { name: patch.name }),
			...(patch.pickupAt !== undefined && { pickup_at: patch.pickupAt }),
			...(patch.notes !== undefined && { notes: patch.notes }),
		});
}

export async function setItems(
	t: Tables,
	ids: string[],
	patch: { status: ItemStatus; voidReason?: string; voidedBy?: string | null },
): Promise<void> {
	if (!ids.length) return;
	await t("order_items")
		.whereIn("id", ids)
		.update({
			status: patch.status,
			...(patch.voidReason !== undefined && { void_reason: patch.voidReason, voided_by: patch.voidedBy ?? null }),
			updated_at: new Date(),
		});
}

/** Columns a status change may set beside the status. */
export interface TouchExtra {
	cancelReason?: string;
	/** A fire (or a round that moved the order on to its course): the highest course sent to the kitchen. */
	firedCourse?: number;
	/** A merge: the guests of both tables are now this order's. */
	covers?: number | null;
	billId?: string;
	billedAt?: Date;
	paidAt?: Date;
}

/** Writes the locked order's new status and next version (every change goes through here); returns the order as written. */
export async function touch(t: Tables, order: Order, status: OrderStatus, extra: TouchExtra = {}): Promise<Order> {
	const updatedAt = new Date();
	await t("orders")
		.where({ id: order.id })
		.update({
			status,
			is_open: !CLOSED_STATUSES.includes(status),
			...(extra.cancelReason !== undefined && { cancel_reason: extra.cancelReason }),
			...(extra.billId !== undefined && { bill_id: extra.billId, billed_at: extra.billedAt ?? updatedAt }),
			...(extra.paidAt !== undefined && { paid_at: extra.paidAt }),
			...(extra.firedCourse !== undefined && { fired_course: extra.firedCourse }),
			...(extra.covers !== undefined && { covers: extra.covers }),
			version: order.version + 1,
			updated_at: updatedAt,
		});
	return {
		...order,
		status,
		...(extra.firedCourse !== undefined && { firedCourse: extra.firedCourse }),
		...(extra.covers !== undefined && { covers: extra.covers }),
		...(extra.paidAt !== undefined && { paidAt: extra.paidAt.toISOString() }),
		// A prepaid takeout waits for its payment until paid (or cancelled).
		...(order.awaitingPayment !== undefined && {
			awaitingPayment: !(extra.paidAt ?? order.paidAt) && status !== "cancelled",
		}),
		version: order.version + 1,
		updatedAt: updatedAt.toISOString(),
	};
}

/** The orders on one bill (a retried billing finds them here). */
export async function ofBill(t: Tables, billId: string, lock = false): Promise<Order[]> {
	const q = t("orders").where({ bill_id: billId }).orderBy("created_at");
	return withItems(t, await (lock ? q.forUpdate() : q));
}

/** The table's open (not yet billed) orders, locked. */
export async function openOrdersOfTable(t: Tables, tableId: string): Promise<Order[]> {
	return withItems(t, await t("orders").where({ table_id: tableId, is_open: true }).orderBy("created_at").forUpdate());
}

/** Orders at the table other than `except` still open or billed and unpaid. */
export async function unsettledCount(t: Tables, tableId: string, except: string[]): Promise<number> {
	const row: { n: number | string } = await t("orders")
		.where({ table_id: tableId })
		.whereNotIn("id", except)
		// A reopened bill's orders (billed again, paid once) are not the party at the table: they hold it for nobody.
		.where(q => q.where({ is_open: true }).orWhere(b => b.where({ status: "billed" }).whereNull("paid_at")))
		.count({ n: "*" })
		.first();
	return Number(row.n);
}

/** Which of these orders were paid before (a reopened bill's, billed again): their ids. */
export async function paidOnce(t: Tables, ids: string[]): Promise<Set<string>> {
	if (!ids.length) return new Set();
	const rows: { id: string }[] = await t("orders").whereIn("id", ids).whereNotNull("paid_at").select("id");
	return new Set(rows.map(r => r.id));
}

export async function openOrderOfTable(t: Tables, tableId: string): Promise<string | undefined> {
	const row: { id: string } | undefined = await t("orders").where({ table_id: tableId, is_open: true }).first("id");
	return row?.id;
}

/** Items on the orders still open (not billed, paid or cancelled), counted by item status: a metrics gauge. */
export async function openItemCounts(t: Tables): Promise<Record<string, number>> {
	const rows: { status: string; n: number | string }[] = await t("order_items")
		.whereIn("order_id", t("orders").where({ is_open: true }).select("id"))
		.groupBy("status")
		.select("status")
		.count({ n: "*" });
	return Object.fromEntries(rows.map(r => [r.status, Number(r.n)]));
}

/** A move: the order sits at another table now (a takeout or a tab sat down is dine-in from then on). */
export async function setTable(t: Tables, id: string, table: { id: string; name: string }): Promise<void> {
	await t("orders").where({ id }).update({ table_id: table.id, table_name: table.name, type: "dine_in" });
}

/** A hand-over: who has the table now. */
export async function assign(t: Tables, id: string, userId: string): Promise<void> {
	await t("orders").where({ id }).update({ assigned_to: userId });
}

/** A merge: the order whose lines joined `into` (it is cancelled with its own settle). */
export async function markMerged(t: Tables, id: string, into: string): Promise<void> {
	await t("orders").where({ id }).update({ merged_into: into });
}

/**
 * Lines moving to another order as one new round there: whole lines keep their ids (and everything the kitchen
 * did to them); a part of a line leaves the line with `keep` and goes as a copy under a new id, with its share
 * of a comp. `lines` are in the order they land; `firstLine` is the target's line count.
 */
export async function moveLines(t: Tables, to: string, round: number, firstLine: number, lines: MovedLine[]): Promise<void> {
	const at = new Date();
	let line = firstLine;
	for (const l of lines) {
		line += 1;
		if (!l.split) {
			await t("order_items")
				.where({ id: l.id })
				.update({ order_id: to, round, line, ...(l.partOf && { part_of: l.partOf }), updated_at: at });
			continue;
		}
		const { newId, keep, quantity, partOf, comps } = l.split;
		const original: ItemRow = await t("order_items").where({ id: l.id }).first();
		await t("order_items")
			.where({ id: l.id })
			.update({ quantity: keep, ...(comps.kept && compColumns(comps.kept)), updated_at: at });
		await t("order_items").insert({
			...original,
			id: newId,
			order_id: to,
			round,
			line,
			modifiers: JSON.stringify(typeof original.modifiers === "string" ? JSON.parse(original.modifiers) : original.modifiers),
			quantity,
			part_of: partOf,
			...(comps.moved && compColumns(comps.moved)),
			updated_at: at,
		});
	}
}

/** A new order with no lines yet (lines moved to a table that had none): as it will read once they are there. */
export async function insertEmpty(t: Tables, order: NewOrder & { assignedTo: string | null }): Promise<void> {
	await t("orders").insert({ ...newOrderRow(order), assigned_to: order.assignedTo });
}
