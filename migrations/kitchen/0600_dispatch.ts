// Guaranteed dispatch: each ticket sent to a station (order × station × round) is a row until a screen said it
// drew it (the first ack kept), a cook worked it, or the sweeper re-routed it once (to the station's printer or
// the expo). A screen's ack may arrive before the order event: it writes the row, and the event finds it acked.
import type { Knex } from "knex";

export async function up(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).createTable("dispatches", t => {
		t.uuid("order_id").notNullable();
		t.text("station").notNullable();
		t.integer("round").notNullable();
		// The waiter who took the order: told when no screen confirmed it.
		t.uuid("taken_by");
		// When the kitchen sent it and by when a screen must say so (null on a row an early ack wrote).
		t.timestamp("sent_at", { useTz: true });
		t.timestamp("due_at", { useTz: true });
		t.timestamp("acked_at", { useTz: true });
		t.text("acked_by");
		// Claimed by one sweeper (one re-route per ticket across nodes), then where it went: printer or expo.
		t.timestamp("rerouted_at", { useTz: true });
		t.text("route");
		t.uuid("printer_id");
		// Nothing to re-route any more: a cook started it, it was voided or the ticket closed.
		t.timestamp("settled_at", { useTz: true });
		t.primary(["order_id", "station", "round"]);
		t.index(["station", "acked_at"], "dispatches_station_idx");
	});
	await knex.raw(
		"create index dispatches_due_idx on ??.dispatches (due_at) where acked_at is null and rerouted_at is null and settled_at is null",
		[schema],
	);
}

export async function down(knex: Knex, schema: string): Promise<void> {
	await knex.schema.withSchema(schema).dropTableIfExists("dispatches");
}
