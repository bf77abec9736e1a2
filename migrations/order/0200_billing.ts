// Billing: an order is billed onto one bill and paid when that bill is settled. Idempotency keys now point
// at any result (an order here, a bill or payment in billing), so the shared mixin reads them the same way.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		t.uuid("bill_id");
		t.timestamp("billed_at", { useTz: true });
		t.timestamp("paid_at", { useTz: true });
		t.index(["bill_id"], "orders_bill_idx");
	});
	await knex.schema.withSchema(schema).alterTable("idempotency_keys", t => {
		t.renameColumn("order_id", "result_id");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("idempotency_keys", t => {
		t.renameColumn("result_id", "order_id");
	});
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		t.dropIndex(["bill_id"], "orders_bill_idx");
		t.dropColumns("bill_id", "billed_at", "paid_at");
	});
}
