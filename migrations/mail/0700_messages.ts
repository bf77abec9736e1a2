// The outgoing mail queue: one row per message, keyed by what caused it (an event id or a request's key) so a
// redelivered event queues nothing twice. A sender claims due rows (status sending, claimed_until) with
// FOR UPDATE SKIP LOCKED, so two mail nodes never send one message at once; a failure puts it back with a later
// next_attempt_at; after long enough it is failed. The Message-ID is fixed when queued, the same on every attempt.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("messages", t => {
		t.uuid("id").primary();
		t.text("idempotency_key").notNullable().unique({ indexName: "messages_idempotency_key" });
		t.text("kind").notNullable();
		t.text("to_address").notNullable();
		t.text("subject").notNullable();
		// Emptied once an account message is sent: its single-use link is not kept longer than needed.
		t.text("text_body").notNullable();
		t.text("html_body").notNullable();
		t.boolean("sensitive").notNullable().defaultTo(false);
		t.text("message_id").notNullable();
		t.text("status").notNullable().defaultTo("queued");
		t.integer("attempts").notNullable().defaultTo(0);
		t.timestamp("next_attempt_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("claimed_until", { useTz: true });
		t.text("last_error");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("sent_at", { useTz: true });
	});
	await knex.raw(
		"alter table ??.messages add constraint messages_status_check check (status in ('queued', 'sending', 'sent', 'failed'))",
		[schema],
	);
	await knex.raw("create index messages_due on ??.messages (next_attempt_at) where status in ('queued', 'sending')", [schema]);
	await knex.raw("create index messages_created on ??.messages (created_at desc)", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("messages");
}
