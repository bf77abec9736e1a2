// Requests for a manager's approval on the spot: what was asked (the request's fingerprint, its route and a
// summary), by whom, who decided and how, and the approval token's hash (the token itself is never stored).
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("requests", t => {
		t.uuid("id").primary();
		t.text("permission").notNullable();
		t.text("method").notNullable();
		t.text("path").notNullable();
		t.text("summary").notNullable();
		// sha256 of the method, path and canonical body: the token is good for this request only.
		t.text("fingerprint").notNullable();
		// pending → approved → claimed (a call is using it) → spent; pending → denied. Expiry is read from expires_at.
		t.text("status").notNullable();
		t.uuid("requested_by").notNullable();
		t.text("requested_by_name").notNullable();
		t.uuid("decided_by");
		t.text("decided_by_name");
		t.text("decided_how");
		t.text("reason");
		t.text("token_hash").unique();
		t.timestamp("created_at", { useTz: true }).notNullable();
		t.timestamp("decided_at", { useTz: true });
		t.timestamp("spent_at", { useTz: true });
		t.timestamp("expires_at", { useTz: true }).notNullable();
		t.index(["status", "created_at"], "requests_status_idx");
		t.index(["requested_by", "fingerprint"], "requests_asker_idx");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("requests");
}
