// Each order line records who took it: the staff report credits a round added by a second waiter to them,
// not to whoever opened the order. Lines taken before this release can only have been the opener's to know.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("order_items", t => {
		t.uuid("taken_by");
	});
	await knex.raw("update ??.order_items i set taken_by = o.created_by from ??.orders o where o.id = i.order_id and i.taken_by is null", [
		schema,
		schema,
	]);
	// Left nullable for this release: during a rolling upgrade older floor nodes still insert lines without it
	// (NOT NULL would refuse their orders); the row mapper reads a missing taker as the order's creator.
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("order_items", t => {
		t.dropColumn("taken_by");
	});
}
