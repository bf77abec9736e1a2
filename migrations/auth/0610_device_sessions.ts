// Shared tablets sign in as devices: a session of kind 'device' is a manager's or admin's, but it may only sign staff in
// by PIN (the gateway refuses it everything else), so the tablet never holds a session that can act as its manager.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("sessions", t => {
		t.text("kind").notNullable().defaultTo("user");
		t.text("device_name");
	});
	await knex.raw("alter table ??.sessions add constraint sessions_kind_check check (kind in ('user', 'device'))", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	// An older node would take a device session for its manager's own: end them before the column goes.
	await knex.raw(
		"update ??.sessions set revoked_at = now(), revoked_reason = 'device sessions removed' where kind = 'device' and revoked_at is null",
		[schema],
	);
	await knex.raw("alter table ??.sessions drop constraint if exists sessions_kind_check", [schema]);
	await knex.schema.withSchema(schema).alterTable("sessions", t => {
		t.dropColumn("device_name");
		t.dropColumn("kind");
	});
}
