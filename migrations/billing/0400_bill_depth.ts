// Bills for orders without a table (a takeout, a bar tab: billed by order, one bill each), the part of a seat
// split that pays for one seat, and lines that show their seat, their chosen options and a comp's reason.
// Every new column has a default or is nullable: during a rolling upgrade an older billing node still writes
// bills and lines without them (a table's bill, dine-in, no seats), and those rows read back correctly.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("bills", t => {
		t.text("order_type").notNullable().defaultTo("dine_in");
		// The guest's name on a takeout or a tab.
		t.text("name");
		// A part of a split by seats: the seat it pays for.
		t.integer("seat");
		t.setNullable("table_id");
		t.setNullable("table_name");
	});
	await knex.raw(
		`alter table ??.bills add constraint bills_order_type_check check (
			order_type in ('dine_in', 'takeout', 'bar_tab')
			and (order_type <> 'dine_in' or (table_id is not null and table_name is not null)))`,
		[schema],
	);
	// "The open bills of this takeout": a bill lists its orders in an array.
	await knex.raw("create index bills_order_ids_idx on ??.bills using gin (order_ids)", [schema]);

	await knex.schema.withSchema(schema).alterTable("bill_lines", t => {
		t.integer("seat");
		t.jsonb("modifiers").notNullable().defaultTo("[]");
		// A comped line: amount 0, and why (with what it would have cost) shows on the bill.
		t.text("comp_reason");
		t.integer("comp_value_cents");
	});
	await knex.raw(
		"alter table ??.bill_lines add constraint bill_lines_comp_check check ((comp_reason is null) = (comp_value_cents is null))",
		[schema],
	);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.raw("alter table ??.bill_lines drop constraint bill_lines_comp_check", [schema]);
	await knex.schema.withSchema(schema).alterTable("bill_lines", t => {
		t.dropColumns("seat", "modifiers", "comp_reason", "comp_value_cents");
	});
	await knex.raw("drop index ??.bills_order_ids_idx", [schema]);
	await knex.raw("alter table ??.bills drop constraint bills_order_type_check", [schema]);
	// table_id and table_name stay nullable: bills without a table may exist by then, and they keep their rows.
	await knex.schema.withSchema(schema).alterTable("bills", t => {
		t.dropColumns("order_type", "name", "seat");
	});
}
