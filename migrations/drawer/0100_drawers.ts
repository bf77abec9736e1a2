// Cash drawers: each opened with a float, cash put in or taken out by hand, and the cash the billing events say
// was taken or refunded while it was open; closed with what was counted. Nothing here is read from billing's schema.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	const s = () => knex.schema.withSchema(schema);
	await s().createTable("drawers", t => {
		t.uuid("id").primary();
		t.text("name").notNullable();
		t.text("status").notNullable();
		t.integer("float_cents").notNullable();
		// Frozen at close: cash the events bring later does not rewrite a counted drawer.
		t.integer("expected_cents");
		t.integer("counted_cents");
		t.uuid("opened_by");
		t.timestamp("opened_at", { useTz: true }).notNullable();
		t.uuid("closed_by");
		t.timestamp("closed_at", { useTz: true });
		t.index(["opened_at"], "drawers_opened_idx");
	});
	// One open drawer per name: two tablets opening the same till at once, one of them gets a 409.
	await knex.raw("create unique index drawers_one_open on ??.drawers (name) where status = 'open'", [schema]);
	await s().createTable("drawer_movements", t => {
		t.uuid("id").primary();
		t.uuid("drawer_id").notNullable().references("id").inTable(`${schema}.drawers`);
		t.integer("amount_cents").notNullable();
		t.text("reason").notNullable();
		t.uuid("by");
		t.timestamp("at", { useTz: true }).notNullable();
		t.index(["drawer_id"], "drawer_movements_drawer_idx");
	});
	await s().createTable("drawer_cash", t => {
		// payment:<id> or refund:<id>: the same payment seen on several bill events is one row.
		t.text("id").primary();
		t.text("kind").notNullable();
		// The drawer open when the cash changed hands (null when none was).
		t.uuid("drawer_id");
		// Cash in (a payment's amount + tip) positive, a refund negative.
		t.integer("amount_cents").notNullable();
		t.timestamp("at", { useTz: true }).notNullable();
		t.index(["drawer_id"], "drawer_cash_drawer_idx");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	const s = () => knex.schema.withSchema(schema);
	await s().dropTable("drawer_cash");
	await s().dropTable("drawer_movements");
	await s().dropTable("drawers");
}
