// Guaranteed dispatch, the device side: which kitchen screens are live at which stations (each says hello on
// connect and every 20 s), which print job carries which ticket (a ticket prints once on its station's printer,
// be it the round's chit or its re-route), the last station health pushed (pushed again only on a change), and
// whether a kitchen printer prints every chit or only the tickets no screen acknowledged.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	// all: every chit as the kitchen sends it (as before); unacknowledged: only tickets no screen acknowledged in time.
	await knex.schema.withSchema(schema).alterTable("printers", t => {
		t.text("chits").notNullable().defaultTo("all");
	});
	await knex.schema.withSchema(schema).createTable("screens", t => {
		// The socket's id: a reconnect is a new screen, the old row is dropped on disconnect or ages out.
		t.text("id").primary();
		t.jsonb("stations").notNullable().defaultTo("[]");
		t.uuid("user_id");
		t.text("node_id");
		t.timestamp("seen_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
	});
	await knex.schema.withSchema(schema).createTable("job_tickets", t => {
		t.uuid("order_id").notNullable();
		t.text("station").notNullable();
		t.integer("round").notNullable();
		t.uuid("job_id").notNullable().references("id").inTable(`${schema}.print_jobs`).onDelete("CASCADE");
		t.primary(["order_id", "station", "round", "job_id"]);
	});
	await knex.schema.withSchema(schema).createTable("station_health", t => {
		t.text("station").primary();
		t.text("snapshot").notNullable();
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	for (const name of ["station_health", "job_tickets", "screens"]) await knex.schema.withSchema(schema).dropTableIfExists(name);
	await knex.schema.withSchema(schema).alterTable("printers", t => {
		t.dropColumn("chits");
	});
}
