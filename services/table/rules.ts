// The floor's rules, free of the bus and the database: who may change what on a table, when an order moves a
// table's status, and when a table may be deleted.
import { CommonErrors, TableErrors, type Order, type Role, type Table, type TableStatus } from "../../contracts";

const TABLE_FIELDS = ["name", "seats", "area", "status"];

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

/** An order cancelled or paid frees its table unless the order service says something else there is open or unpaid. */
export function freesTable(order: Pick<Order, "status">, tableClear: boolean | undefined): boolean {
	return (order.status === "cancelled" || order.status === "paid") && tableClear !== false;
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
