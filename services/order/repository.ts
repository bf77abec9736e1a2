// SQL over the orders schema. Callers pass `t`, the schema-bound table builder.
import type { Knex } from "knex";
import type { ItemStatus, Order, OrderItem, OrderStatus } from "../../contracts";
import { CLOSED_STATUSES, orderTotal } from "./rules";

export type Tables = (name: "orders" | "order_items" | "idempotency_keys") => Knex.QueryBuilder;

interface OrderRow {
	id: string;
	table_id: string;
	table_name: string;
	status: OrderStatus;
	notes: string;
	created_by: string;
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
}

/** A line about to be written: an order item before it has a status or a round. */
export type NewItem = Pick<OrderItem, "id" | "menuItemId" | "name" | "station" | "quantity" | "unitPriceCents" | "notes">;

const iso = (d: Date | string) => new Date(d).toISOString();

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
});

function toOrder(r: OrderRow, items: ItemRow[]): Order {
	const lines = items.map(i => toItem(i, r.created_by));
	return {
		id: r.id,
		tableId: r.table_id,
		tableName: r.table_name,
		status: r.status,
		notes: r.notes,
		items: lines,
		totalCents: orderTotal(lines),
		createdBy: r.created_by,
		createdAt: iso(r.created_at),
		updatedAt: iso(r.updated_at),
		version: r.version,
	};
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

export async function list(t: Tables, filter: { status?: OrderStatus; tableId?: string; limit: number }): Promise<Order[]> {
	const q = t("orders").orderBy("created_at", "desc").limit(filter.limit);
	if (filter.status) q.where({ status: filter.status });
	if (filter.tableId) q.where({ table_id: filter.tableId });
	return withItems(t, await q);
}

export async function orderIdOfItem(t: Tables, itemId: string): Promise<string | undefined> {
	const row: { order_id: string } | undefined = await t("order_items").where({ id: itemId }).first("order_id");
	return row?.order_id;
}

/** Writes a new order and its first round; returns it as written (what `find` would read back). */
export async function insert(
	t: Tables,
	order: { id: string; tableId: string; tableName: string; notes: string; createdBy: string },
	items: NewItem[],
): Promise<Order> {
	const [row]: OrderRow[] = await t("orders")
		.insert({
			id: order.id,
			table_id: order.tableId,
			table_name: order.tableName,
			status: "placed",
			notes: order.notes,
			created_by: order.createdBy,
		})
		.returning("*");
	const lines: ItemRow[] = await insertItems(t, order.id, 1, 0, items, order.createdBy).returning("*");
	return toOrder(
		row,
		lines.sort((a, b) => a.round - b.round || a.line - b.line),
	);
}

/** Writes one round of lines, each taken by `takenBy` (who placed the order or added the round). */
export function insertItems(
	t: Tables,
	orderId: string,
	round: number,
	firstLine: number,
	items: NewItem[],
	takenBy: string,
): Knex.QueryBuilder {
	return t("order_items").insert(
		items.map((i, n) => ({
			id: i.id,
			order_id: orderId,
			round,
			line: firstLine + n + 1,
			menu_item_id: i.menuItemId,
			name: i.name,
			station: i.station,
			quantity: i.quantity,
			unit_price_cents: i.unitPriceCents,
			notes: i.notes,
			status: "queued",
			taken_by: takenBy,
		})),
	);
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
			version: order.version + 1,
			updated_at: updatedAt,
		});
	return { ...order, status, version: order.version + 1, updatedAt: updatedAt.toISOString() };
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
		.where(q => q.where({ is_open: true }).orWhere({ status: "billed" }))
		.count({ n: "*" })
		.first();
	return Number(row.n);
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
