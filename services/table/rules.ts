// The floor's rules, free of the bus and the database: who may change what on a table, when an order moves a
// table's status (never for a takeout or a bar tab), and when a table may be deleted.
import { CommonErrors, TableErrors, type Order, type Role, type Table, type TableStatus } from "../../contracts";

const TABLE_FIELDS = ["name", "seats", "area", "status", "x", "y", "shape"];

/**
 * A change names at least one field. Admins change anything; floor staff set the status only (reserved,
 * cleaning, available again), and a change naming more is refused, listing what they may not change.
 */
export function checkTableChange(role: Role | undefined, patch: object): void {
	const fields = Object.keys(patch);
	if (!fields.length) throw CommonErrors.nothingToChange(TABLE_FIELDS);
	const beyondStatus = fields.filter(f => f !== "status");
	if (role !== "admin" && beyondStatus.length) throw TableErrors.statusOnly(beyondStatus);
}

/**
 * A table is placed by its centre, x and y together (both numbers), or taken off the plan (both null): a change
 * naming one without the other would leave it half placed, and is refused naming the one missing.
 */
export function checkPosition(patch: { x?: number | null; y?: number | null }): void {
	if (patch.x === undefined && patch.y === undefined) return;
	const missing = patch.x === undefined ? "x" : patch.y === undefined ? "y" : null;
	if (missing)
		throw CommonErrors.invalidField(
			missing,
			"required",
			`Send "x" and "y" together (both numbers, or both null to take the table off the plan)`,
		);
	if ((patch.x === null) !== (patch.y === null))
		throw CommonErrors.invalidField(patch.x === null ? "x" : "y", "nullable", `"x" and "y" are both numbers or both null`);
}

/** The table an order sits at: none for a takeout or a bar tab, which move no table (an older order has no type: a table). */
export function tableOf(order: Pick<Order, "tableId">): string | null {
	return order.tableId ?? null;
}

/** An order placed at a table seats it; a takeout or a bar tab seats none. */
export function seatsTable(order: Pick<Order, "tableId">): boolean {
	return tableOf(order) !== null;
}

/**
 * An order cancelled or paid frees its table unless the order service says something else there is open or
 * unpaid. A takeout or a bar tab has no table to free.
 */
export function freesTable(order: Pick<Order, "status" | "tableId">, tableClear: boolean | undefined): boolean {
	return seatsTable(order) && (order.status === "cancelled" || order.status === "paid") && tableClear !== false;
}

/**
 * An order moved to another table (POST /orders/:id/move), or lines moved to one (a new order there, or one that
 * was there), seats that table: a takeout or a tab that sat down too. A move's event names the table it left,
 * freed when nothing else there is open or unpaid; an order left empty by a move of lines is cancelled and frees
 * its own table as any cancel does.
 */
export function seatsByMove(order: Pick<Order, "tableId" | "status">, change: string): boolean {
	return (change === "moved" || change === "items_moved") && seatsTable(order) && order.status !== "cancelled" && order.status !== "paid";
}

/**
 * Whether an order moves a table from `current` to `to` (occupied on its first order, available once freed).
 * Only the order that seated the table frees it: a table an admin has since set to cleaning or reserved stays so.
 */
export function orderMovesTable(current: TableStatus, to: TableStatus): boolean {
	if (current === to) return false;
	return to !== "available" || current === "occupied";
}

/** An occupied table is not deleted: its orders are settled first. */
export function checkRemovable(table: Table): void {
	if (table.status === "occupied") throw TableErrors.occupied(table.id);
}
