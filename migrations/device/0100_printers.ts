// Printers (receipt and kitchen) and their print jobs: a job is a row written with its cause and kept until the
// printer took it, so a printer off during service prints its backlog, in order, once it is back.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("printers", t => {
		t.uuid("id").primary();
		t.text("name").notNullable();
		t.text("host").notNullable();
		t.integer("port").notNullable().defaultTo(9100);
		// receipt: bills and prechecks; kitchen: the chits of one station.
		t.text("kind").notNullable();
		t.text("station");
		t.uuid("fallback_printer_id");
		// Since when sending to it fails (null: it took its last job); `failures` in a row set the backoff.
		t.timestamp("failing_since", { useTz: true });
		t.integer("failures").notNullable().defaultTo(0);
		t.timestamp("retry_at", { useTz: true });
		t.text("last_error");
		t.timestamp("last_ok_at", { useTz: true });
		// The floor was told this outage sends its jobs to the fallback (once per outage).
		t.boolean("offline_announced").notNullable().defaultTo(false);
		// The node whose worker sends this printer's jobs until lease_until: one worker per printer across nodes.
		t.text("lease_owner");
		t.timestamp("lease_until", { useTz: true });
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
	});
	await knex.schema.withSchema(schema).createTable("print_jobs", t => {
		t.uuid("id").primary();
		t.bigIncrements("seq", { primaryKey: false });
		t.uuid("printer_id").notNullable().references("id").inTable(`${schema}.printers`).onDelete("CASCADE");
		// chit (kitchen), precheck or receipt (a bill).
		t.text("kind").notNullable();
		// What caused it (an event and a station, a bill): a cause makes one job however often it is delivered.
		t.text("source_key").unique();
		// The receiptline document; ESC/POS bytes are made from it when sent.
		t.text("document").notNullable();
		// queued until the printer took it whole, then printed.
		t.text("state").notNullable().defaultTo("queued");
		t.integer("attempts").notNullable().defaultTo(0);
		t.text("last_error");
		// The printer it was meant for when it went to that printer's fallback.
		t.uuid("rerouted_from");
		t.timestamp("created_at", { useTz: true }).notNullable().defaultTo(knex.fn.now());
		t.timestamp("printed_at", { useTz: true });
		t.index(["printer_id", "state", "seq"], "print_jobs_queue_idx");
	});
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTableIfExists("print_jobs");
	await knex.schema.withSchema(schema).dropTableIfExists("printers");
}
