// Cash tendered with change: what the guest handed over and what went back (amount_cents stays what the bill
// was paid, so every sum over payments is unchanged). Both nullable: a card payment, and every payment an older
// node writes during a rolling upgrade, has neither.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("payments", t => {
		t.integer("tendered_cents");
		t.integer("change_cents");
	});
	await knex.raw(
		`alter table ??.payments add constraint payments_change_check check (
			(tendered_cents is null) = (change_cents is null)
			and (tendered_cents is null or (method = 'cash' and change_cents >= 0 and tendered_cents = amount_cents + tip_cents + change_cents)))`,
		[schema],
	);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.raw("alter table ??.payments drop constraint payments_change_check", [schema]);
	await knex.schema.withSchema(schema).alterTable("payments", t => {
		t.dropColumns("tendered_cents", "change_cents");
	});
}
