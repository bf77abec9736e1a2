// Shared tablets: a PIN per account. pin_hash is its bcrypt hash (what verifies it); pin_lookup is an HMAC-SHA256 of
// the PIN under the server's PIN_SECRET, so a PIN finds its account in one indexed read without bcrypt-comparing
// every account. Unique among active accounts only: a deactivated account's PIN is free for someone else.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("users", t => {
		t.text("pin_hash");
		t.text("pin_lookup");
	});
	await knex.raw("create unique index users_pin_lookup_key on ??.users (pin_lookup) where is_active and pin_lookup is not null", [
		schema,
	]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.raw("drop index if exists ??.users_pin_lookup_key", [schema]);
	await knex.schema.withSchema(schema).alterTable("users", t => {
		t.dropColumn("pin_lookup");
		t.dropColumn("pin_hash");
	});
}
