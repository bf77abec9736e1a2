// The day's close: each settled bill's captured payments by method (cash or card) and what was refunded on each
// method, the drawers counted (from `drawer.closed`), and the Z reports recorded, one per local date with its
// number. New columns have defaults (or are nullable): an older node writing during a rolling upgrade still
// inserts valid rows.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	const s = () => knex.schema.withSchema(schema);
	await s().createTable("sale_payments", t => {
		t.uuid("payment_id").primary();
		t.uuid("bill_id").notNullable().references("bill_id").inTable(`${schema}.sales`);
		t.text("method").notNullable();
		t.integer("amount_cents").notNullable();
		t.integer("tip_cents").notNullable();
	});
	await s().alterTable("refunds", t => {
		// null for a refund an older node recorded (its method unknown to the reports).
		t.text("method");
	});
	await s().createTable("drawer_closes", t => {
		t.uuid("drawer_id").primary();
		t.text("name").notNullable();
		t.timestamp("closed_at", { useTz: true }).notNullable();
		t.integer("expected_cents").notNullable();
		t.integer("counted_cents").notNullable();
		t.integer("difference_cents").notNullable();
		t.index(["closed_at"], "drawer_closes_at_idx");
	});
	await s().createTable("z_reports", t => {
		t.integer("number").primary();
		t.text("date").notNullable().unique();
		t.jsonb("figures").notNullable();
		t.timestamp("closed_at", { useTz: true }).notNullable();
		t.uuid("closed_by");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	const s = () => knex.schema.withSchema(schema);
	await s().dropTable("z_reports");
	await s().dropTable("drawer_closes");
	await s().alterTable("refunds", t => {
		t.dropColumn("method");
	});
	await s().dropTable("sale_payments");
}
