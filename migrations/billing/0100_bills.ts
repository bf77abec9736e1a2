// Bills (a table's orders, or one part of a split bill), their lines, payments and refunds. Amounts are
// integer cents in int4 (up to $21M a bill; PGlite would return int8 as strings); the checks below are the
// last guard against an overpaid or negative bill.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("bills", t => {
		t.uuid("id").primary();
		// A part of a split bill points at the bill it was split from (which is then void).
		t.uuid("parent_id").references("id").inTable(`${schema}.bills`);
		t.uuid("table_id").notNullable();
		t.text("table_name").notNullable();
		t.text("status").notNullable();
		t.specificType("order_ids", "uuid[]").notNullable();
		t.text("split_mode");
		t.integer("part");
		t.integer("parts");
		t.integer("subtotal_cents").notNullable();
		t.integer("discount_cents").notNullable().defaultTo(0);
		t.text("discount_reason");
		t.integer("service_charge_cents").notNullable();
		t.integer("tax_cents").notNullable();
		t.integer("total_cents").notNullable();
		t.integer("paid_cents").notNullable().defaultTo(0);
		// Card payments sent to the provider and not yet answered: they hold their share of the balance.
		t.integer("pending_cents").notNullable().defaultTo(0);
		t.integer("tip_cents").notNullable().defaultTo(0);
		t.integer("refunded_cents").notNullable().defaultTo(0);
		t.integer("version").notNullable().defaultTo(1);
		t.uuid("created_by");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("updated_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("paid_at", { useTz: true });
		t.timestamp("settled_at", { useTz: true });
		t.index(["table_id", "status"], "bills_table_idx");
		t.index(["parent_id"], "bills_parent_idx");
	});
	await knex.raw(
		`alter table ??.bills add constraint bills_money_check check (
			status in ('open', 'paid', 'void')
			and subtotal_cents >= 0 and discount_cents between 0 and subtotal_cents
			and service_charge_cents >= 0 and tax_cents >= 0 and tip_cents >= 0 and refunded_cents >= 0
			and total_cents = subtotal_cents - discount_cents + service_charge_cents + tax_cents
			and paid_cents >= 0 and pending_cents >= 0 and paid_cents + pending_cents <= total_cents
			and (status <> 'paid' or paid_cents = total_cents))`,
		[schema],
	);

	await knex.schema.withSchema(schema).createTable("bill_lines", t => {
		t.uuid("bill_id").notNullable().references("id").inTable(`${schema}.bills`);
		// The order item's id: a line keeps it through a split, so the tablet can name lines when it splits.
		t.uuid("id").notNullable();
		t.integer("position").notNullable();
		t.uuid("order_id").notNullable();
		t.uuid("menu_item_id").notNullable();
		t.text("name").notNullable();
		t.integer("quantity").notNullable();
		t.integer("unit_price_cents").notNullable();
		t.integer("amount_cents").notNullable();
		// Who took the order: the staff report credits them.
		t.uuid("waiter_id");
		t.primary(["bill_id", "id"]);
	});

	await knex.schema.withSchema(schema).createTable("payments", t => {
		t.uuid("id").primary();
		t.uuid("bill_id").notNullable().references("id").inTable(`${schema}.bills`);
		t.text("method").notNullable();
		t.text("status").notNullable();
		t.integer("amount_cents").notNullable();
		t.integer("tip_cents").notNullable().defaultTo(0);
		t.integer("refunded_cents").notNullable().defaultTo(0);
		t.text("provider").notNullable();
		t.text("provider_ref");
		t.text("failure_reason");
		t.uuid("created_by");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("captured_at", { useTz: true });
		t.index(["bill_id"], "payments_bill_idx");
	});
	await knex.raw(
		`alter table ??.payments add constraint payments_money_check check (
			method in ('cash', 'card') and status in ('pending', 'captured', 'failed')
			and amount_cents > 0 and tip_cents >= 0 and refunded_cents between 0 and amount_cents)`,
		[schema],
	);
	await knex.raw("create index payments_pending_idx on ??.payments (created_at) where status = 'pending'", [schema]);

	await knex.schema.withSchema(schema).createTable("refunds", t => {
		t.uuid("id").primary();
		t.uuid("payment_id").notNullable().references("id").inTable(`${schema}.payments`);
		t.integer("amount_cents").notNullable();
		t.text("status").notNullable();
		t.text("reason").notNullable();
		t.text("provider_ref");
		t.uuid("created_by");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.index(["payment_id"], "refunds_payment_idx");
	});

	await knex.schema.withSchema(schema).createTable("idempotency_keys", t => {
		t.uuid("user_id").notNullable();
		t.text("scope").notNullable();
		t.text("key").notNullable();
		t.text("request_hash").notNullable();
		t.uuid("result_id").notNullable();
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.primary(["user_id", "scope", "key"]);
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	for (const table of ["idempotency_keys", "refunds", "payments", "bill_lines", "bills"])
		await knex.schema.withSchema(schema).dropTable(table);
}
