// SQL over the kitchen's dispatch rows: a ticket (order × station × round) sent, acknowledged by a screen (the
// first ack kept), claimed once by a sweeper when overdue, and where the device service re-routed it.
import type { Knex } from "knex";
import type { Trx } from "../../lib/db";

export interface DispatchRow {
	order_id: string;
	station: string;
	round: number;
	taken_by: string | null;
	sent_at: Date | string | null;
	due_at: Date | string | null;
	acked_at: Date | string | null;
	acked_by: string | null;
	rerouted_at: Date | string | null;
	route: string | null;
	settled_at: Date | string | null;
}

export interface StationDispatch {
	station: string;
	lastAckAt: string | null;
	/** Open tickets past their ack time that no screen acknowledged. */
	unacknowledged: number;
}

const rowsOf = <T>(res: { rows?: T[] } | T[]): T[] => (Array.isArray(res) ? res : (res.rows ?? []));
const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

/** Sends tickets: new rows due `ackSeconds` from now; a row an early ack wrote keeps its ack and gets its times. */
export async function send(
	trx: Trx,
	schema: string,
	orderId: string,
	takenBy: string | null,
	keys: readonly { station: string; round: number }[],
	ackSeconds: number,
): Promise<void> {
	for (const k of keys) {
		await trx.raw(
			`insert into ??.dispatches (order_id, station, round, taken_by, sent_at, due_at)
			 values (?, ?, ?, ?, now(), now() + make_interval(secs => ?))
			 on conflict (order_id, station, round) do update
			 set taken_by = excluded.taken_by, sent_at = excluded.sent_at, due_at = excluded.due_at
			 where dispatches.sent_at is null`,
			[schema, orderId, k.station, k.round, takenBy, ackSeconds],
		);
	}
}

/** A screen drew the ticket: the first ack is kept. `late` when a sweeper had already re-routed it. */
export async function ack(
	db: Knex,
	schema: string,
	key: { orderId: string; station: string; round: number },
	by: string,
): Promise<{ ackedAt: string; first: boolean; late: boolean }> {
	const res = await db.raw(
		`insert into ??.dispatches as d (order_id, station, round, acked_at, acked_by)
		 values (?, ?, ?, now(), ?)
		 on conflict (order_id, station, round) do update
		 set acked_at = coalesce(d.acked_at, excluded.acked_at), acked_by = coalesce(d.acked_by, excluded.acked_by)
		 returning d.acked_at, d.acked_by, d.rerouted_at, (d.acked_at = now()) as first`,
		[schema, key.orderId, key.station, key.round, by],
	);
	const [row] = rowsOf<{ acked_at: Date; rerouted_at: Date | null; first: boolean }>(res);
	return { ackedAt: iso(row.acked_at)!, first: Boolean(row.first), late: row.rerouted_at !== null };
}

/** Overdue dispatches no other sweeper holds, locked for this transaction (one claim per ticket across nodes). */
export async function overdue(trx: Trx, schema: string, limit: number): Promise<DispatchRow[]> {
	const res = await trx.raw(
		`select * from ??.dispatches
		 where acked_at is null and rerouted_at is null and settled_at is null and due_at <= now()
		 order by due_at limit ? for update skip locked`,
		[schema, limit],
	);
	return rowsOf<DispatchRow>(res);
}

export async function mark(
	trx: Trx,
	schema: string,
	row: Pick<DispatchRow, "order_id" | "station" | "round">,
	as: "rerouted" | "settled",
): Promise<void> {
	await trx
		.withSchema(schema)
		.table("dispatches")
		.where({ order_id: row.order_id, station: row.station, round: row.round })
		.update(as === "rerouted" ? { rerouted_at: trx.fn.now() } : { settled_at: trx.fn.now() });
}

/** Where the device service put a re-routed ticket. */
export async function routed(
	db: Knex | Trx,
	schema: string,
	key: { orderId: string; station: string; round: number },
	route: "printer" | "expo",
	printerId: string | null,
): Promise<void> {
	await db
		.withSchema(schema)
		.table("dispatches")
		.where({ order_id: key.orderId, station: key.station, round: key.round })
		.update({ route, printer_id: printerId });
}

/** Per station the kitchen sent tickets to in the last 12 hours (an ack for a ticket never sent names no station): the last ack, and the open tickets overdue with no ack. */
export async function stations(db: Knex, schema: string): Promise<StationDispatch[]> {
	const res = await db.raw(
		`select d.station, max(d.acked_at) as last_ack_at,
		   count(*) filter (where d.acked_at is null and d.settled_at is null and d.due_at <= now() and t.status = 'open') as unacked
		 from ??.dispatches d left join ??.tickets t on t.order_id = d.order_id and t.station = d.station
		 where d.sent_at > now() - interval '12 hours'
		 group by d.station order by d.station`,
		[schema, schema],
	);
	return rowsOf<{ station: string; last_ack_at: Date | null; unacked: string | number }>(res).map(r => ({
		station: r.station,
		lastAckAt: iso(r.last_ack_at),
		unacknowledged: Number(r.unacked),
	}));
}

/** For tests and the operators: every dispatch of an order. */
export async function ofOrder(db: Knex, schema: string, orderId: string): Promise<DispatchRow[]> {
	return db.withSchema(schema).table("dispatches").where({ order_id: orderId }).orderBy(["station", "round"]);
}
