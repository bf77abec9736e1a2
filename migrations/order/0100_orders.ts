// Orders and their lines (each a copy of the menu item as it was when ordered), and the idempotency keys
// that make a retried POST return the first result instead of a second order.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("orders", t => {
		t.uuid("id").primary();
		t.uuid("table_id").notNullable();
		t.text("table_name").notNullable();
		t.text("status").notNullable();
		// True until the order is billed, paid or cancelled: a table has at most one open order.
		t.boolean("is_open").notNullable().defaultTo(true);
		t.text("notes").notNullable().defaultTo("");
		t.text("cancel_reason");
		t.uuid("created_by").notNullable();
		t.integer("version").notNullable().defaultTo(1);
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.index(["status"], "orders_status_idx");
		t.index(["table_id"], "orders_table_idx");
	});
	await knex.raw(
		"alter table ??.orders add constraint orders_status_check check (status in ('placed', 'in_progress', 'ready', 'served', 'billed', 'paid', 'cancelled'))",
		[schema],
	);
	// Two tablets opening the same table at once: the second insert fails here and becomes a 409.
	await knex.raw("create unique index orders_one_open_per_table on ??.orders (table_id) where is_open", [schema]);

	await knex.schema.withSchema(schema).createTable("order_items", t => {
		t.uuid("id").primary();
		t.uuid("order_id").notNullable().references("id").inTable(`${schema}.orders`);
		t.integer("round").notNullable();
		t.integer("line").notNullable();
		t.uuid("menu_item_id").notNullable();
		t.text("name").notNullable();
		t.text("station").notNullable();
		t.integer("quantity").notNullable();
		t.integer("unit_price_cents").notNullable();
		t.text("notes").notNullable().defaultTo("");
		t.text("status").notNullable().defaultTo("queued");
		t.text("void_reason");
		t.uuid("voided_by");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.index(["order_id"], "order_items_order_idx");
	});
	await knex.raw("alter table ??.order_items add constraint order_items_quantity_check check (quantity between 1 and 99)", [schema]);
	await knex.raw("alter table ??.order_items add constraint order_items_price_check check (unit_price_cents >= 0)", [schema]);
	await knex.raw(
		"alter table ??.order_items add constraint order_items_status_check check (status in ('queued', 'preparing', 'ready', 'served', 'voided'))",
		[schema],
	);

	await knex.schema.withSchema(schema).createTable("idempotency_keys", t => {
		t.uuid("user_id").notNullable();
		// What the key was used for (placing an order, a round on one order): the same key elsewhere is a new request.
		t.text("scope").notNullable();
		t.text("key").notNullable();
		t.text("request_hash").notNullable();
		t.uuid("order_id").notNullable();
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.primary(["user_id", "scope", "key"]);
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTable("idempotency_keys");
	await knex.schema.withSchema(schema).dropTable("order_items");
	await knex.schema.withSchema(schema).dropTable("orders");
}
