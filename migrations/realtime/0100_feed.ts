// The realtime feed: every push to devices with its per-restaurant `seq`, kept for a while so a device
// that reconnects gets what it missed.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("feed", t => {
		t.specificType("seq", "bigserial").primary();
		t.text("type").notNullable();
		t.timestamp("at", { useTz: true }).notNullable();
		// Socket.IO rooms the event goes to (role:staff, station:grill, user:<id>, all).
		t.specificType("rooms", "text[]").notNullable();
		t.jsonb("data").notNullable();
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
	});
	await knex.raw("create index feed_created_idx on ??.feed (created_at)", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("feed");
}
