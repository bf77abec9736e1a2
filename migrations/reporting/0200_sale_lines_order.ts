// A sold line keeps the order it belongs to, so the staff report can count, for each waiter, the orders they
// took at least one line of. Lines recorded before this release find their order in item_times (the same
// item id) or, on a bill of one order, in sale_orders; a line found nowhere stays null and the report falls
// back on sale_orders for its order.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("sale_lines", t => {
		t.uuid("order_id");
	});
	await knex.raw(
		"update ??.sale_lines l set order_id = it.order_id from ??.item_times it where it.item_id = l.line_id and l.order_id is null",
		[schema, schema],
	);
	await knex.raw(
		`update ??.sale_lines l set order_id = o.order_id from ??.sale_orders o
		 where o.bill_id = l.bill_id and l.order_id is null and (select count(*) from ??.sale_orders x where x.bill_id = l.bill_id) = 1`,
		[schema, schema, schema],
	);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("sale_lines", t => {
		t.dropColumn("order_id");
	});
}
