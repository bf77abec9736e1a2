// The floor: tables with their seats, area and live status.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("tables", t => {
		t.uuid("id").primary();
		t.text("name").notNullable();
		t.integer("seats").notNullable();
		t.text("area").notNullable().defaultTo("");
		t.text("status").notNullable().defaultTo("available");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("deleted_at", { useTz: true });
	});
	await knex.raw("alter table ??.tables add constraint tables_seats_check check (seats between 1 and 100)", [schema]);
	await knex.raw(
		"alter table ??.tables add constraint tables_status_check check (status in ('available', 'occupied', 'reserved', 'cleaning'))",
		[schema],
	);
	// Two tables called "5" would send food to the wrong guests.
	await knex.raw("create unique index tables_name_unique on ??.tables (lower(name)) where deleted_at is null", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("tables");
}
