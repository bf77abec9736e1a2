// Guest rounds: an order line may be "pending" (a guest ordered it from the table's QR page and no waiter has
// confirmed it yet), and each guest round is a row saying whose it was and how it was decided, so a confirm and a
// reject racing on it are decided once under the order's row lock.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.raw("alter table ??.order_items drop constraint order_items_status_check", [schema]);
	await knex.raw(
		"alter table ??.order_items add constraint order_items_status_check check (status in ('queued', 'preparing', 'ready', 'served', 'voided', 'pending'))",
		[schema],
	);
	await knex.schema.withSchema(schema).createTable("guest_rounds", t => {
		t.uuid("id").primary();
		t.uuid("order_id").notNullable();
		t.integer("round").notNullable();
		// pending → confirmed | rejected; sent: GUEST_ORDERING=direct, straight to the kitchen.
		t.text("status").notNullable();
		t.uuid("session_id");
		t.timestamp("created_at", { useTz: true }).notNullable();
		t.uuid("decided_by");
		t.timestamp("decided_at", { useTz: true });
		t.index(["order_id", "round"], "guest_rounds_order_idx");
	});
	// One pending guest round per order and round number (a rejected round's number may be used again).
	await knex.raw("create unique index guest_rounds_pending_idx on ??.guest_rounds (order_id, round) where status = 'pending'", [schema]);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("guest_rounds");
	await knex.raw("update ??.order_items set status = 'voided' where status = 'pending'", [schema]);
	await knex.raw("alter table ??.order_items drop constraint order_items_status_check", [schema]);
	await knex.raw(
		"alter table ??.order_items add constraint order_items_status_check check (status in ('queued', 'preparing', 'ready', 'served', 'voided'))",
		[schema],
	);
}
