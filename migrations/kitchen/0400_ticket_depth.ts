// Tickets for takeout and bar tabs (no table: a name, a pickup time) and covers; lines with their seat, course,
// modifiers, remake and side links, and whether their course is held. `due_at` is what the rail sorts by.
// Every new column has a default or is nullable: an older kitchen node still writes tickets during a rolling
// upgrade (its rows read as dine-in, fired when queued, due when placed).
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("tickets", t => {
		t.text("order_type").notNullable().defaultTo("dine_in");
		t.text("name");
		t.timestamp("pickup_at", { useTz: true });
		t.integer("covers");
		// A takeout's pickup time, otherwise when the ticket's current work reached the kitchen; null on a row an
		// older node wrote, read as placed_at.
		t.timestamp("due_at", { useTz: true });
		t.text("table_name").nullable().alter();
		t.index(["status", "due_at"], "tickets_due_idx");
	});
	await knex.raw("update ??.tickets set due_at = placed_at where due_at is null", [schema]);

	await knex.schema.withSchema(schema).alterTable("ticket_items", t => {
		t.integer("seat");
		t.integer("course").notNullable().defaultTo(1);
		t.boolean("held").notNullable().defaultTo(false);
		t.timestamp("fired_at", { useTz: true });
		t.jsonb("modifiers").notNullable().defaultTo("[]");
		t.uuid("remake_of");
		t.text("remake_reason");
		t.uuid("part_of");
		t.uuid("option_id");
	});
	// Every line before this release went to the kitchen with its round.
	await knex.raw("update ??.ticket_items set fired_at = queued_at where fired_at is null and not held", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("ticket_items", t => {
		for (const c of ["seat", "course", "held", "fired_at", "modifiers", "remake_of", "remake_reason", "part_of", "option_id"])
			t.dropColumn(c);
	});
	await knex.raw("update ??.tickets set table_name = coalesce(name, '') where table_name is null", [schema]);
	await knex.schema.withSchema(schema).alterTable("tickets", t => {
		t.dropIndex(["status", "due_at"], "tickets_due_idx");
		for (const c of ["order_type", "name", "pickup_at", "covers", "due_at"]) t.dropColumn(c);
		t.text("table_name").notNullable().alter();
	});
}
