// The reports' own copy of what happened, kept from events: settled sales (a row per settled bill, its lines,
// orders and tips), refunds, each item's kitchen times, staff names, and the audit trail of voids, discounts
// and refunds. Nothing here is read from another service's schema.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	// A fresh builder per table: a schema builder keeps its statements, so reusing one would run them again.
	const s = () => knex.schema.withSchema(schema);
	await s().createTable("sales", t => {
		t.uuid("bill_id").primary();
		t.uuid("table_id").notNullable();
		t.text("table_name").notNullable();
		t.timestamp("settled_at", { useTz: true }).notNullable();
		t.integer("gross_cents").notNullable();
		t.integer("discount_cents").notNullable();
		t.integer("service_charge_cents").notNullable();
		t.integer("tax_cents").notNullable();
		t.integer("tip_cents").notNullable();
		t.integer("total_cents").notNullable();
		t.index(["settled_at"], "sales_settled_idx");
	});
	await s().createTable("sale_orders", t => {
		t.uuid("bill_id").notNullable().references("bill_id").inTable(`${schema}.sales`);
		t.uuid("order_id").notNullable();
		t.uuid("waiter_id");
		t.primary(["bill_id", "order_id"]);
	});
	await s().createTable("sale_lines", t => {
		t.uuid("bill_id").notNullable().references("bill_id").inTable(`${schema}.sales`);
		t.uuid("line_id").notNullable();
		t.uuid("menu_item_id").notNullable();
		t.text("name").notNullable();
		t.integer("quantity").notNullable();
		t.integer("amount_cents").notNullable();
		t.uuid("waiter_id");
		t.primary(["bill_id", "line_id"]);
	});
	await s().createTable("sale_tips", t => {
		t.uuid("payment_id").primary();
		t.uuid("bill_id").notNullable().references("bill_id").inTable(`${schema}.sales`);
		// Who took the payment: the staff report credits them with the tip.
		t.uuid("staff_id");
		t.integer("tip_cents").notNullable();
	});
	await s().createTable("refunds", t => {
		t.uuid("refund_id").primary();
		t.uuid("payment_id").notNullable();
		t.uuid("bill_id").notNullable();
		t.integer("amount_cents").notNullable();
		t.timestamp("refunded_at", { useTz: true }).notNullable();
		t.index(["refunded_at"], "refunds_at_idx");
	});
	await s().createTable("item_times", t => {
		t.uuid("item_id").primary();
		t.uuid("order_id").notNullable();
		t.text("station").notNullable();
		t.uuid("menu_item_id").notNullable();
		t.timestamp("queued_at", { useTz: true }).notNullable();
		t.timestamp("started_at", { useTz: true });
		t.timestamp("ready_at", { useTz: true });
		t.boolean("voided").notNullable().defaultTo(false);
		t.index(["ready_at"], "item_times_ready_idx");
	});
	await s().createTable("staff", t => {
		t.uuid("user_id").primary();
		t.text("full_name").notNullable();
		t.text("role").notNullable();
	});
	await s().createTable("audit", t => {
		// The event that caused it (and the line within it): a redelivered event writes nothing new.
		t.text("id").primary();
		t.timestamp("at", { useTz: true }).notNullable();
		t.text("action").notNullable();
		t.uuid("actor_id");
		t.text("reason");
		t.text("table_name");
		t.integer("amount_cents");
		t.jsonb("subject").notNullable();
		t.index(["at"], "audit_at_idx");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	for (const table of ["audit", "staff", "item_times", "refunds", "sale_tips", "sale_lines", "sale_orders", "sales"]) {
		await knex.schema.withSchema(schema).dropTable(table);
	}
}
