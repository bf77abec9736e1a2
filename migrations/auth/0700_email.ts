// Account mail: a user may have an email (unique among users, whatever its case), and the single-use links mailed to
// them — an invitation's activation, a password reset — are kept only as the sha256 of their token.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("users", t => {
		t.text("email");
	});
	await knex.raw("create unique index users_email_key on ??.users (lower(email)) where email is not null", [schema]);
	await knex.schema.withSchema(schema).createTable("account_tokens", t => {
		t.uuid("id").primary();
		t.uuid("user_id").notNullable().references("id").inTable(`${schema}.users`);
		t.text("purpose").notNullable();
		t.text("token_hash").notNullable().unique({ indexName: "account_tokens_hash_key" });
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("expires_at", { useTz: true }).notNullable();
		t.timestamp("used_at", { useTz: true });
		t.index(["user_id"], "account_tokens_user_idx");
	});
	await knex.raw("alter table ??.account_tokens add constraint account_tokens_purpose_check check (purpose in ('activate', 'reset'))", [
		schema,
	]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("account_tokens");
	await knex.raw("drop index if exists ??.users_email_key", [schema]);
	await knex.schema.withSchema(schema).alterTable("users", t => {
		t.dropColumn("email");
	});
}
