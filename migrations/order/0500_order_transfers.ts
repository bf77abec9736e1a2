// Moving things: who has the table now (a waiter handing it over), and the order a merged one went into.
// Both nullable: during a rolling upgrade an older order node writes neither, and its orders read back as
// taken by their creator and merged into nothing.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		// null: the waiter who placed it still has it.
		t.uuid("assigned_to");
		// A merged order is cancelled, its lines on this one.
		t.uuid("merged_into");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).alterTable("orders", t => {
		t.dropColumns("assigned_to", "merged_into");
	});
}
