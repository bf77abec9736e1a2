// Every service schema gets an outbox (events committed with the state change) and an inbox (events already handled).
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("outbox", t => {
		t.uuid("id").primary();
		t.specificType("seq", "bigserial").notNullable();
		t.text("topic").notNullable();
		t.jsonb("payload").notNullable();
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("published_at", { useTz: true });
		t.timestamp("claimed_until", { useTz: true });
		t.integer("attempts").notNullable().defaultTo(0);
	});
	await knex.raw("create index outbox_unpublished on ??.outbox (seq) where published_at is null", [schema]);
	await knex.schema.withSchema(schema).createTable("inbox", t => {
		t.text("event_id").primary();
		t.text("topic").notNullable();
		t.timestamp("handled_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("inbox");
	await knex.schema.withSchema(schema).dropTable("outbox");
}
