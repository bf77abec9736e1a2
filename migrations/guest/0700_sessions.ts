// Guest sessions: one phone at one table, its token's hash (the token itself is never stored), the order it
// follows once the table has one, and its calls for the waiter or the bill (the last one per kind, so a phone
// calling again and again is told to wait).
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("sessions", t => {
		t.uuid("id").primary();
		t.text("token_hash").notNullable().unique();
		t.uuid("table_id").notNullable();
		t.text("table_name").notNullable();
		// The table's order this session follows: set when it was created or first seen; a session never follows another.
		t.uuid("order_id");
		t.text("ip");
		t.timestamp("created_at", { useTz: true }).notNullable();
		t.timestamp("expires_at", { useTz: true }).notNullable();
		t.index(["table_id"], "sessions_table_idx");
		t.index(["expires_at"], "sessions_expires_idx");
	});
	await knex.schema.withSchema(schema).createTable("calls", t => {
		t.uuid("session_id").notNullable();
		t.text("kind").notNullable();
		t.timestamp("at", { useTz: true }).notNullable();
		t.primary(["session_id", "kind"]);
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("calls");
	await knex.schema.withSchema(schema).dropTable("sessions");
}
