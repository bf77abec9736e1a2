// A paid bill opened again (each time: by whom, when, why, and when it had been paid), and a line shared among
// guests by a split (how many share it). New table and a nullable column: an older node during a rolling
// upgrade reads and writes bills as before.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("bill_reopenings", t => {
		t.uuid("bill_id").notNullable().references("id").inTable(`${schema}.bills`);
		t.integer("number").notNullable();
		t.text("reason").notNullable();
		t.uuid("reopened_by");
		t.timestamp("reopened_at", { useTz: true }).notNullable();
		t.timestamp("paid_at", { useTz: true });
		t.primary(["bill_id", "number"]);
	});
	await knex.schema.withSchema(schema).alterTable("bill_lines", t => {
		t.integer("shared_by");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("bill_lines", t => {
		t.dropColumn("shared_by");
	});
	await knex.schema.withSchema(schema).dropTable("bill_reopenings");
}
