// Takeouts from the public page: the guest's phone, whether the order is paid before the kitchen sees it (its lines
// held until the payment link is paid), and the one payment link each takeout gets (a double tap finds it here).
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		t.string("phone", 32);
		// false on every row an older node wrote: staff orders are paid after they are eaten.
		t.boolean("prepaid").notNullable().defaultTo(false);
	});
	await knex.schema.withSchema(schema).createTable("takeouts", t => {
		t.uuid("order_id").primary();
		// The public request that made it: the same Idempotency-Key with another body is refused.
		t.string("request_hash", 64).notNullable();
		t.uuid("bill_id");
		t.string("payment_id", 100);
		t.text("payment_url");
		// What the link charges (the bill's total: tax and service charge included), as the guest was told.
		t.integer("amount_cents");
		// Who is making the payment link right now (a request's token) and since when: a second request waits for it.
		t.uuid("link_claim");
		t.timestamp("link_claimed_at", { useTz: true });
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("takeouts");
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		t.dropColumns("phone", "prepaid");
	});
}
