// SQL over the floor schema. Callers pass `t`, the schema-bound table builder.
import crypto from "node:crypto";
import type { Knex } from "knex";
import type { Table, TableShape, TableStatus } from "../../contracts";

export type Tables = (name: "tables") => Knex.QueryBuilder;

interface TableRow {
	id: string;
	name: string;
	seats: number;
	area: string;
	status: TableStatus;
	x: number | null;
	y: number | null;
	/** A row from before the plan (a rolling upgrade) has none: square. */
	shape: TableShape | null;
}

const toTable = (r: TableRow): Table => ({
	id: r.id,
	name: r.name,
	seats: r.seats,
	area: r.area,
	status: r.status,
	x: r.x ?? null,
	y: r.y ?? null,
	shape: r.shape ?? "square",
});

export async function list(t: Tables): Promise<Table[]> {
	const rows: TableRow[] = await t("tables")
		.whereNull("deleted_at")
		.orderBy([{ column: "area" }, { column: "name" }]);
	return rows.map(toTable);
}

export async function find(t: Tables, id: string, lock = false): Promise<Table | undefined> {
	const q = t("tables").where({ id }).whereNull("deleted_at").first();
	const row: TableRow | undefined = await (lock ? q.forUpdate() : q);
	return row && toTable(row);
}

export async function insert(t: Tables, table: Omit<Table, "id" | "status">): Promise<Table> {
	const [row] = await t("tables")
		.insert({ id: crypto.randomUUID(), ...table, status: "available" })
		.returning("*");
	return toTable(row);
}

export async function update(t: Tables, id: string, patch: Partial<Omit<Table, "id">>): Promise<Table> {
	const [row] = await t("tables")
		.where({ id })
		.update({ ...patch, updated_at: new Date() })
		.returning("*");
	return toTable(row);
}

export const softDelete = (t: Tables, id: string) => t("tables").where({ id }).update({ deleted_at: new Date() });
