// Kitchen tickets (one per order and station) and their items with a timestamp for every step, kept
// from the order events so the kitchen reads only its own schema.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("tickets", t => {
		t.uuid("order_id").notNullable();
		t.text("station").notNullable();
		t.text("table_name").notNullable();
		t.timestamp("placed_at", { useTz: true }).notNullable();
		// open: on the screen; bumped: done by the cook; closed: nothing left to cook (served, voided or cancelled).
		t.text("status").notNullable().defaultTo("open");
		t.timestamp("bumped_at", { useTz: true });
		t.timestamp("recalled_at", { useTz: true });
		// The order version this ticket reflects: an older snapshot delivered late is ignored.
		t.integer("order_version").notNullable().defaultTo(0);
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.primary(["order_id", "station"]);
		t.index(["status", "placed_at"], "tickets_open_idx");
	});
	await knex.schema.withSchema(schema).createTable("ticket_items", t => {
		t.uuid("id").primary();
		t.uuid("order_id").notNullable();
		t.text("station").notNullable();
		t.integer("round").notNullable();
		t.integer("line").notNullable();
		t.uuid("menu_item_id").notNullable();
		t.text("name").notNullable();
		t.integer("quantity").notNullable();
		t.integer("unit_price_cents").notNullable();
		t.text("notes").notNullable().defaultTo("");
		t.text("status").notNullable();
		t.text("void_reason");
		t.timestamp("queued_at", { useTz: true }).notNullable();
		t.timestamp("started_at", { useTz: true });
		t.timestamp("ready_at", { useTz: true });
		t.timestamp("served_at", { useTz: true });
		t.timestamp("voided_at", { useTz: true });
		t.index(["order_id", "station"], "ticket_items_ticket_idx");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("ticket_items");
	await knex.schema.withSchema(schema).dropTable("tickets");
}
