// Order placement: orders/s through the gateway (closed loop, `clients` waiters) while four kitchen displays
// (expo, grill, cold, bar) receive them, beside the raw database rate for the same transaction; then the
// time from each POST to each display's `order:new` under a fixed open-loop rate (200 orders/s by default).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { orderBody, recycleTables, type Restaurant } from "./lib/brigade";
import { SocketFleet } from "./lib/fleet";
import type { BenchContext, Benchmark, Row } from "./lib/types";
import { MB, peakRss } from "./lib/proc";
import { JsonClient, fmt, now, percentile, runTsForJson, sleep } from "./lib/util";

export const DISPLAYS = [[], ["grill"], ["cold"], ["bar"]];

export interface Placed {
	id: string;
	sentAt: number;
	/** Displays that get its `order:new`: the expo, and each display of a station the order has lines on. */
	screens: number;
}

/** Screens an order placed reaches, from the order the POST answered (side lines included). */
export function screensOf(order: { items?: { station: string }[] }): number {
	const stations = new Set((order.items ?? []).map(i => i.station));
	return DISPLAYS.filter(d => d.length === 0 || d.some(st => stations.has(st))).length;
}

/** Closed loop: each client places an order, waits for the answer, places the next, until time or tables run out. */
async function closedLoop(http: JsonClient, r: Restaurant, clients: number, seconds: number) {
	const placed: Placed[] = [];
	let errors = 0;
	let firstError: string | undefined;
	let ranOut = false;
	const start = now();
	const end = start + seconds * 1000;
	let stoppedAt = end;
	await Promise.all(
		Array.from({ length: clients }, async () => {
			while (now() < end) {
				const tableId = r.tables.take();
				if (!tableId) {
					ranOut = true;
					stoppedAt = Math.min(stoppedAt, now());
					return;
				}
				const sentAt = now();
				const res = await http.post("/api/v1/orders", orderBody(r, tableId), r.token.staff);
				if (res.status === 201) {
					placed.push({ id: res.body.id, sentAt, screens: screensOf(res.body) });
					r.tables.placed.push({ orderId: res.body.id, tableId });
				} else {
					errors++;
					firstError ??= `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
				}
			}
		}),
	);
	const elapsed = (Math.min(stoppedAt, now()) - start) / 1000;
	return { placed, errors, firstError, elapsed, ranOut };
}

/** Open loop: order i is sent at start + i/rate whatever the answers are doing; latency counts from that moment. */
export async function openLoop(http: JsonClient, r: Restaurant, rate: number, seconds: number) {
	const placed: Placed[] = [];
	let errors = 0;
	let skipped = 0;
	let firstError: string | undefined;
	const total = Math.round(rate * seconds);
	const start = now() + 50;
	const inflight: Promise<void>[] = [];
	let outstanding = 0;
	let overloadedAt: number | undefined;
	for (let i = 0; i < total; i++) {
		const due = start + (i * 1000) / rate;
		const wait = due - now();
		if (wait > 1) await sleep(wait);
		// More than a second of orders unanswered: the server cannot keep this rate; stop rather than queue for minutes.
		if (outstanding > Math.max(rate, 50)) {
			overloadedAt = (now() - start) / 1000;
			skipped += total - i;
			break;
		}
		outstanding++;
		const tableId = r.tables.take();
		if (!tableId) {
			skipped++;
			continue;
		}
		inflight.push(
			http
				.post("/api/v1/orders", orderBody(r, tableId), r.token.staff)
				.finally(() => outstanding--)
				.then(
					res => {
						if (res.status === 201) {
							placed.push({ id: res.body.id, sentAt: due, screens: screensOf(res.body) });
							r.tables.placed.push({ orderId: res.body.id, tableId });
						} else {
							errors++;
							firstError ??= `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
						}
					},
					err => {
						errors++;
						firstError ??= String(err);
					},
				),
		);
	}
	await Promise.all(inflight);
	const elapsed = (now() - start) / 1000;
	return { placed, errors, skipped, firstError, elapsed, overloadedAt };
}

/**
 * POST-to-`order:new` times over every (order, display) pair, and per order to the last of its screens (the expo and
 * each of its stations' displays); a display that never heard of an order counts as lost.
 */
export async function kitchenLatency(fleet: SocketFleet, placed: Placed[]) {
	const deadline = now() + 10_000;
	for (const screens of new Set(placed.map(p => p.screens)))
		await fleet.waitReceipts(
			placed.filter(p => p.screens === screens).map(p => p.id),
			screens,
			Math.max(0, deadline - now()),
		);
	const samples: number[] = [];
	const all: number[] = [];
	let lost = 0;
	for (const p of placed) {
		const got = fleet.receipts.get(p.id) ?? [];
		for (const t of got) samples.push(t - p.sentAt);
		lost += Math.max(0, p.screens - got.length);
		if (got.length >= p.screens) all.push(Math.max(...got) - p.sentAt);
	}
	return {
		p50: percentile(samples, 50),
		p99: percentile(samples, 99),
		allP50: percentile(all, 50),
		allP99: percentile(all, 99),
		lost,
		samples: samples.length,
	};
}

/** The open-loop order rate for the every-screen row: what each mode is asked to carry with p99 ≤ 50 ms. */
const SCREEN_RATE: Record<string, number> = { embedded: 10, distributed: 50 };

const mb = (b: number | undefined) => (b === undefined ? "-" : `${fmt(b / MB)} MB`);

export const orders: Benchmark = {
	name: "orders",
	describe: "order placement throughput vs the raw DB transaction, and POST→kitchen order:new latency at a fixed rate",
	async run(ctx: BenchContext): Promise<Row[]> {
		const { brigade, restaurant: r, opts, mode } = ctx;
		const rows: Row[] = [];
		const idleRss = brigade.rss();

		// Baseline first, while Brigade is idle: the same inserts straight into the database.
		const connections = brigade.poolMax;
		let raw: { rate: number; p50: number; p99: number };
		if (mode === "distributed") {
			ctx.log(`raw PostgreSQL: order + lines + outbox in one transaction, ${connections} connections, ${opts.seconds}s`);
			raw = await runTsForJson(
				"bench/baselines/raw-orders.ts",
				["pg", brigade.databaseUrl!, String(connections), String(opts.seconds)],
				{},
				"raw-orders",
			);
		} else {
			const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-bench-raw-"));
			try {
				ctx.log(
					`raw PGlite: order + lines + outbox in one transaction, ${connections} clients on its one connection, ${opts.seconds}s`,
				);
				raw = await runTsForJson(
					"bench/baselines/raw-orders.ts",
					["pglite", dir, String(connections), String(opts.seconds)],
					{},
					"raw-orders",
				);
			} finally {
				fs.rmSync(dir, { recursive: true, force: true });
			}
		}

		const fleet = await SocketFleet.start({
			url: brigade.baseUrl,
			sockets: DISPLAYS.length,
			tokens: [r.token.kitchen],
			stations: DISPLAYS,
			event: "order:new",
			report: "each",
			concurrency: 4,
		});
		const http = new JsonClient(brigade.baseUrl, Math.max(opts.clients, 256));
		try {
			// Warm up (connections, JIT, caches) on a few tables, then give them back.
			ctx.log("warming up");
			await closedLoop(http, r, Math.min(4, opts.clients), 1);
			await recycleTables(http, r);

			ctx.log(`closed loop: ${opts.clients} clients for ${opts.seconds}s (${r.tables.size} free tables)`);
			const load = peakRss(brigade.rss);
			const cpu0 = brigade.cpuSeconds();
			const closed = await closedLoop(http, r, opts.clients, opts.seconds);
			const cpu1 = brigade.cpuSeconds();
			const closedRate = closed.placed.length / closed.elapsed;
			const closedLat = await kitchenLatency(fleet, closed.placed);
			// Where the CPU went per order (the events an order causes keep nodes busy a little after the loop).
			const cpu2 = brigade.cpuSeconds();
			const msPerOrder = (n: string) => ((cpu2[n] - cpu0[n]) * 1000) / Math.max(1, closed.placed.length);
			const perOrder = Object.keys(cpu1)
				.map(n => `${n} ${fmt(msPerOrder(n))} ms`)
				.join(", ");
			const cpuTotal = Object.keys(cpu1).reduce((s, n) => s + msPerOrder(n), 0);
			if (perOrder)
				ctx.log(`closed loop: ${closed.placed.length} orders in ${closed.elapsed.toFixed(1)}s; CPU per order: ${perOrder}`);
			if (closed.errors) ctx.log(`closed loop: ${closed.errors} failed orders, first: ${closed.firstError}`);
			if (closed.ranOut) ctx.log(`closed loop ran out of tables after ${closed.elapsed.toFixed(1)}s: raise --tables`);
			const ratio = closedRate / raw.rate;
			const rawName = mode === "distributed" ? "raw PostgreSQL" : "raw PGlite";
			rows.push({
				bench: `orders: placed/s, ${opts.clients} clients`,
				mode,
				brigade: `${fmt(closedRate)}/s${closed.errors ? ` (${closed.errors} err)` : ""}`,
				baseline: `${fmt(raw.rate)}/s ${rawName}, ${connections} conn`,
				ratio,
				target: mode === "distributed" ? ">= 0.50" : "(info)",
				met: mode === "distributed" ? ratio >= 0.5 : undefined,
			});
			rows.push({
				bench: `orders: POST→order:new p50/p99 at max load`,
				mode,
				brigade: `${fmt(closedLat.p50)} / ${fmt(closedLat.p99)} ms${closedLat.lost ? ` (${closedLat.lost} lost)` : ""}`,
				baseline: `txn ${fmt(raw.p50)} / ${fmt(raw.p99)} ms`,
				target: "(info)",
			});

			if (perOrder)
				rows.push({
					bench: "orders: Brigade CPU per order, all nodes",
					mode,
					brigade: `${fmt(cpuTotal, 2)} ms`,
					baseline: Object.keys(cpu1).length > 1 ? perOrder : `closed loop, ${closed.placed.length} orders`,
					target: "<= 2.5 ms",
					met: closed.placed.length > 0 && cpuTotal <= 2.5,
				});

			ctx.log("giving the tables back (cancelling the orders, not measured)");
			await recycleTables(http, r);
			await sleep(1000);

			ctx.log(`open loop: ${opts.rate} orders/s for ${opts.seconds}s`);
			const open = await openLoop(http, r, opts.rate, opts.seconds);
			const openLat = await kitchenLatency(fleet, open.placed);
			const achieved = open.placed.length / open.elapsed;
			if (open.overloadedAt !== undefined)
				ctx.log(
					`open loop: over ${Math.max(opts.rate, 50)} orders unanswered after ${open.overloadedAt.toFixed(1)}s; stopped (the server cannot sustain ${opts.rate}/s)`,
				);
			if (open.errors || open.skipped)
				ctx.log(
					`open loop: ${open.errors} failed, ${open.skipped} not sent (overload or no free table); first error: ${open.firstError}`,
				);
			const ok = openLat.lost === 0 && open.errors === 0 && open.skipped === 0;
			rows.push({
				bench: `orders: POST→order:new p50/p99 at ${opts.rate}/s`,
				mode,
				brigade: `${fmt(openLat.p50)} / ${fmt(openLat.p99)} ms${openLat.lost ? ` (${openLat.lost} lost)` : ""}`,
				baseline: open.overloadedAt !== undefined ? `overloaded at ${fmt(open.overloadedAt)}s` : `${fmt(achieved)}/s placed`,
				target: "p99 < 50 ms",
				met: ok && openLat.p99 < 50,
			});
			await recycleTables(http, r);
			await sleep(1000);

			const screenRate = opts.screenRate ?? SCREEN_RATE[mode];
			ctx.log(`open loop: ${screenRate} orders/s for ${opts.seconds}s, POST → every kitchen screen of the order`);
			const slow = await openLoop(http, r, screenRate, opts.seconds);
			const slowLat = await kitchenLatency(fleet, slow.placed);
			const slowOk = slowLat.lost === 0 && slow.errors === 0 && slow.skipped === 0 && slow.overloadedAt === undefined;
			if (slow.errors || slow.skipped)
				ctx.log(`open loop at ${screenRate}/s: ${slow.errors} failed, ${slow.skipped} not sent; first error: ${slow.firstError}`);
			rows.push({
				bench: `orders: POST→every kitchen screen p50/p99 at ${screenRate}/s`,
				mode,
				brigade: `${fmt(slowLat.allP50)} / ${fmt(slowLat.allP99)} ms${slowLat.lost ? ` (${slowLat.lost} lost)` : ""}`,
				baseline:
					slow.overloadedAt !== undefined
						? `overloaded at ${fmt(slow.overloadedAt)}s`
						: `${fmt(slow.placed.length / slow.elapsed)}/s placed`,
				target: "p99 <= 50 ms",
				met: slowOk && slowLat.allP99 <= 50,
			});
			await recycleTables(http, r);

			const peak = load.stop();
			for (const n of Object.keys(idleRss))
				rows.push({
					bench: `memory: RSS idle / under order load, ${n}`,
					mode,
					brigade: `${mb(idleRss[n])} / ${mb(peak[n])}`,
					baseline: "peak during the order loops",
					target: "(info)",
				});
		} finally {
			http.close();
			await fleet.close();
		}
		return rows;
	},
};
