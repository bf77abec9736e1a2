// Baseline for order placement: the same transaction Brigade's order service commits for an order (the
// order row, its lines, its outbox row) sent straight to the database with no server in between, from
// `connections` clients in a closed loop. Tables come from the real migrations, in a scratch schema.
// Usage: raw-orders.ts pg <databaseUrl> <connections> <seconds> | pglite <dir> <connections> <seconds>
// Prints one JSON line: {ops, seconds, rate, p50, p99}.
import crypto from "node:crypto";
import path from "node:path";
import knexFactory, { type Knex } from "knex";
import ClientPgLite from "knex-pglite";
import pg from "pg";
import { PGlite } from "@electric-sql/pglite";
import { up as sharedUp } from "../../migrations/shared/0000_outbox_inbox";
import { up as ordersUp } from "../../migrations/order/0100_orders";
import { up as billingUp } from "../../migrations/order/0200_billing";
import { up as takenByUp } from "../../migrations/order/0300_order_items_taken_by";
import { now, percentile } from "../lib/util";

const [engine, where, connArg, secondsArg] = process.argv.slice(2);
const connections = Number(connArg ?? 10);
const seconds = Number(secondsArg ?? 5);
const schema = `bench_raw_${crypto.randomBytes(3).toString("hex")}`;

interface Runner {
	query(sql: string, params?: unknown[]): Promise<unknown>;
}

const ITEMS = [
	{ name: "Burger", station: "grill", quantity: 2, unit: 1450, notes: "one medium rare" },
	{ name: "Caesar salad", station: "cold", quantity: 1, unit: 900, notes: "" },
	{ name: "Lager", station: "bar", quantity: 3, unit: 600, notes: "" },
];
const menuIds = ITEMS.map(() => crypto.randomUUID());
const userId = crypto.randomUUID();

async function migrate(knex: Knex): Promise<void> {
	await knex.raw(`create schema ${schema}`);
	await sharedUp(knex, schema);
	await ordersUp(knex, schema);
	await billingUp(knex, schema);
	await takenByUp(knex, schema);
}

/** One order as Brigade writes it: order row, three lines in one insert, the order.placed event in the outbox. */
async function placeOne(db: Runner): Promise<void> {
	const orderId = crypto.randomUUID();
	const tableId = crypto.randomUUID();
	const at = new Date().toISOString();
	const lines = ITEMS.map((it, n) => ({ id: crypto.randomUUID(), ...it, line: n + 1, menuItemId: menuIds[n] }));
	await db.query(
		`insert into ${schema}.orders (id, table_id, table_name, status, notes, created_by) values ($1, $2, $3, 'placed', '', $4)`,
		[orderId, tableId, "B1", userId],
	);
	const values: unknown[] = [];
	const rows = lines.map((l, i) => {
		values.push(l.id, orderId, 1, l.line, l.menuItemId, l.name, l.station, l.quantity, l.unit, l.notes, userId);
		const b = i * 11;
		return `($${b + 1}, $${b + 2}, $${b + 3}, $${b + 4}, $${b + 5}, $${b + 6}, $${b + 7}, $${b + 8}, $${b + 9}, $${b + 10}, $${b + 11}, 'queued')`;
	});
	await db.query(
		`insert into ${schema}.order_items (id, order_id, round, line, menu_item_id, name, station, quantity, unit_price_cents, notes, taken_by, status) values ${rows.join(", ")}`,
		values,
	);
	const order = {
		id: orderId,
		tableId,
		tableName: "B1",
		status: "placed",
		notes: "",
		items: lines.map(l => ({
			id: l.id,
			menuItemId: l.menuItemId,
			name: l.name,
			station: l.station,
			quantity: l.quantity,
			unitPriceCents: l.unit,
			notes: l.notes,
			status: "queued",
			round: 1,
			voidReason: null,
			takenBy: userId,
			createdAt: at,
		})),
		totalCents: lines.reduce((s, l) => s + l.quantity * l.unit, 0),
		createdBy: userId,
		createdAt: at,
		updatedAt: at,
		version: 1,
	};
	const eventId = crypto.randomUUID();
	const event = { eventId, type: "order.placed", at, source: "order", data: { order, by: userId } };
	await db.query(`insert into ${schema}.outbox (id, topic, payload) values ($1, $2, $3)`, [
		eventId,
		"order.placed",
		JSON.stringify(event),
	]);
}

async function loop(
	run: (fn: (db: Runner) => Promise<void>) => Promise<void>,
	workers: number,
): Promise<{ ops: number; elapsed: number; lat: number[] }> {
	const lat: number[] = [];
	let ops = 0;
	// A short warm-up (connections opened, plans cached) that is not counted.
	const warmEnd = now() + 500;
	await Promise.all(
		Array.from({ length: workers }, async () => {
			while (now() < warmEnd) await run(placeOne);
		}),
	);
	const start = now();
	const end = start + seconds * 1000;
	await Promise.all(
		Array.from({ length: workers }, async () => {
			while (now() < end) {
				const t0 = now();
				await run(placeOne);
				lat.push(now() - t0);
				ops++;
			}
		}),
	);
	return { ops, elapsed: (now() - start) / 1000, lat };
}

async function main(): Promise<void> {
	let result: { ops: number; elapsed: number; lat: number[] };
	if (engine === "pg") {
		const knex = knexFactory({ client: "pg", connection: where });
		await migrate(knex);
		await knex.destroy();
		const clients = await Promise.all(
			Array.from({ length: connections }, async () => {
				const c = new pg.Client({ connectionString: where, application_name: "brigade-bench-raw" });
				await c.connect();
				return c;
			}),
		);
		const free = [...clients];
		result = await loop(async fn => {
			const c = free.pop()!;
			try {
				await c.query("begin");
				await fn(c);
				await c.query("commit");
			} finally {
				free.push(c);
			}
		}, connections);
		await clients[0].query(`drop schema ${schema} cascade`);
		await Promise.all(clients.map(c => c.end()));
	} else if (engine === "pglite") {
		const knex = knexFactory({
			client: ClientPgLite as unknown as typeof Knex.Client,
			dialect: "postgres",
			connection: { filename: path.join(where, "pgdata") },
		} as Knex.Config);
		await migrate(knex);
		await knex.destroy();
		const db = new PGlite(path.join(where, "pgdata"));
		await db.waitReady;
		// PGlite is one connection: Brigade's node has the same one, so concurrent clients queue on it alike.
		result = await loop(fn => db.transaction(tx => fn(tx)), connections);
		await db.close();
	} else {
		throw new Error(`unknown engine ${engine}`);
	}
	const { ops, elapsed, lat } = result;
	console.log(JSON.stringify({ ops, seconds: elapsed, rate: ops / elapsed, p50: percentile(lat, 50), p99: percentile(lat, 99) }));
}

main().catch(err => {
	console.error(err);
	process.exit(1);
});
