// Staff accounts, login sessions (one per device login) and the refresh tokens that rotate within a session.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("users", t => {
		t.uuid("id").primary();
		t.text("username").notNullable().unique({ indexName: "users_username_key" });
		t.text("password_hash").notNullable();
		t.text("full_name").notNullable();
		t.text("role").notNullable().checkIn(["admin", "staff", "kitchen"], "users_role_check");
		t.boolean("is_active").notNullable().defaultTo(true);
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
	});
	await knex.schema.withSchema(schema).createTable("sessions", t => {
		t.uuid("id").primary();
		t.uuid("user_id").notNullable().references("id").inTable(`${schema}.users`);
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("expires_at", { useTz: true }).notNullable();
		t.timestamp("revoked_at", { useTz: true });
		t.text("revoked_reason");
		t.text("ip");
		t.text("user_agent");
		t.index(["user_id"], "sessions_user_idx");
	});
	await knex.schema.withSchema(schema).createTable("refresh_tokens", t => {
		t.uuid("id").primary();
		t.uuid("session_id").notNullable().references("id").inTable(`${schema}.sessions`);
		// sha256 of the token: a stolen database dump holds no usable refresh token.
		t.text("token_hash").notNullable().unique({ indexName: "refresh_tokens_hash_key" });
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("spent_at", { useTz: true });
		t.index(["session_id"], "refresh_tokens_session_idx");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("refresh_tokens");
	await knex.schema.withSchema(schema).dropTable("sessions");
	await knex.schema.withSchema(schema).dropTable("users");
}
