// Events the table service produces: a table created, changed (status, seats...) or deleted.
import type { Table } from "../domain";

export const TABLE_EVENTS = { updated: "table.updated" } as const;
export type TableChange = "created" | "updated" | "deleted";

export interface TableUpdated {
	table: Table;
	change: TableChange;
	by: string | null;
}

export interface TableEvents {
	"table.updated": TableUpdated;
}
