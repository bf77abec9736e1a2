// A bill reopened after it settled: its sale facts are taken out until it settles again. The latest reopen of
// each bill is kept, so a settle recorded before it and delivered late is not counted (the sale would be twice).
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("sale_reopenings", t => {
		t.uuid("bill_id").primary();
		t.timestamp("reopened_at", { useTz: true }).notNullable();
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("sale_reopenings");
}
