// Reports of a deeper order (issue 15): sales of takeouts and bar tabs (no table) split by order type; sold lines
// with their seat, options and comp; what each order was (type, table, covers, when it opened and closed, from
// the order events) for covers, turn times and checks per cover; the comps, remakes and voids given away; and a
// held line's kitchen time that starts when its course is fired. Every new column has a default, so an older
// node writing during a rolling upgrade still inserts valid rows.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	const s = () => knex.schema.withSchema(schema);
	await s().alterTable("sales", t => {
		t.setNullable("table_id");
		t.setNullable("table_name");
		// Every bill before this release was a table's dine-in bill.
		t.text("order_type").notNullable().defaultTo("dine_in");
		t.text("name");
	});
	await s().alterTable("sale_lines", t => {
		t.integer("seat");
		t.jsonb("modifiers").notNullable().defaultTo("[]");
		t.text("comp_reason");
		// What a comped line would have cost (its amount is 0).
		t.integer("comp_value_cents");
	});
	await s().createTable("order_facts", t => {
		t.uuid("order_id").primary();
		t.text("type").notNullable();
		t.uuid("table_id");
		t.text("table_name");
		t.text("name");
		t.integer("covers");
		t.text("status").notNullable();
		t.timestamp("created_at", { useTz: true }).notNullable();
		// When it was paid or cancelled (the snapshot's updatedAt at that status).
		t.timestamp("closed_at", { useTz: true });
		// The snapshot's version: an older snapshot delivered late never overwrites a newer one.
		t.integer("version").notNullable();
	});
	await s().createTable("losses", t => {
		// kind:line id (the comped line, the remake, the voided line): the same loss twice is one row.
		t.text("id").primary();
		t.text("kind").notNullable();
		t.timestamp("at", { useTz: true }).notNullable();
		t.uuid("order_id").notNullable();
		t.uuid("item_id").notNullable();
		t.uuid("menu_item_id").notNullable();
		t.text("name").notNullable();
		t.integer("quantity").notNullable();
		t.integer("value_cents").notNullable();
		t.text("reason");
		t.uuid("by");
		t.text("label").notNullable().defaultTo("");
		t.index(["at"], "losses_at_idx");
	});
	await s().alterTable("item_times", t => {
		// A held line's queued_at is a placeholder until its course fires; then it becomes the fire time.
		t.boolean("held").notNullable().defaultTo(false);
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	const s = () => knex.schema.withSchema(schema);
	await s().alterTable("item_times", t => {
		t.dropColumn("held");
	});
	await s().dropTable("losses");
	await s().dropTable("order_facts");
	await s().alterTable("sale_lines", t => {
		for (const c of ["seat", "modifiers", "comp_reason", "comp_value_cents"]) t.dropColumn(c);
	});
	await s().alterTable("sales", t => {
		t.dropColumn("order_type");
		t.dropColumn("name");
	});
}
