// Payment links: a payment of method "link" carries its checkout at the provider (session id, page, expiry, where
// the payer goes back to, which share it pays), and every webhook received is kept once by the provider's event id
// (a duplicate or a replay finds its row and changes nothing). Nullable columns and a new table: an older node
// during a rolling upgrade reads and writes payments as before.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("payments", t => {
		t.text("link_session_id");
		t.text("link_url");
		t.timestamp("link_expires_at", { useTz: true });
		t.text("link_return_url");
		t.text("link_share");
		t.text("link_payer");
	});
	await knex.raw("create unique index payments_link_session_idx on ??.payments (link_session_id) where link_session_id is not null", [
		schema,
	]);
	await knex.raw("alter table ??.payments drop constraint payments_money_check", [schema]);
	await knex.raw(
		`alter table ??.payments add constraint payments_money_check check (
			method in ('cash', 'card', 'link') and status in ('pending', 'captured', 'failed')
			and amount_cents > 0 and tip_cents >= 0 and refunded_cents between 0 and amount_cents)`,
		[schema],
	);
	await knex.schema.withSchema(schema).createTable("webhook_events", t => {
		t.text("provider").notNullable();
		t.text("event_id").notNullable();
		t.text("type").notNullable();
		t.uuid("payment_id");
		t.text("outcome").notNullable();
		t.timestamp("received_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.primary(["provider", "event_id"]);
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("webhook_events");
	await knex.raw("alter table ??.payments drop constraint payments_money_check", [schema]);
	await knex.raw(
		`alter table ??.payments add constraint payments_money_check check (
			method in ('cash', 'card') and status in ('pending', 'captured', 'failed')
			and amount_cents > 0 and tip_cents >= 0 and refunded_cents between 0 and amount_cents)`,
		[schema],
	);
	await knex.raw("drop index ??.payments_link_session_idx", [schema]);
	await knex.schema.withSchema(schema).alterTable("payments", t => {
		for (const c of ["link_session_id", "link_url", "link_expires_at", "link_return_url", "link_share", "link_payer"]) t.dropColumn(c);
	});
}
