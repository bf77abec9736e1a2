// Soak (`npm run bench -- soak --minutes N`, not in the default run): orders at a steady 20/s for N minutes while
// four kitchen displays receive them, cancelling each order some seconds later so its table takes the next one.
// Every ~10 s it samples each Brigade process's RSS (/proc) and V8 heap (its ops endpoint's /metrics); the table
// gets each node's growth in MB per minute (least squares over the run after a warm-up minute) and the p99 from
// POST to every kitchen screen of the order, per minute.
import { orderBody, type Restaurant } from "./lib/brigade";
import { SocketFleet } from "./lib/fleet";
import { MB, slope } from "./lib/proc";
import type { BenchContext, Benchmark, Row } from "./lib/types";
import { JsonClient, fmt, now, percentile, pool, sleep } from "./lib/util";
import { DISPLAYS, kitchenLatency, type Placed, screensOf } from "./orders";

const SAMPLE_MS = 10_000;
const WARMUP_MIN = 1;

interface Sample {
	min: number;
	rss: Record<string, number>;
	heap: Record<string, number>;
}

/** `process_memory_heap_size_used` of one node's Prometheus text, in bytes. */
async function heapOf(http: JsonClient): Promise<number | undefined> {
	try {
		const res = await http.get("/metrics");
		const m = /^process_memory_heap_size_used(?:\{[^}]*\})?\s+([\d.e+]+)/m.exec(String(res.body));
		return m ? Number(m[1]) : undefined;
	} catch {
		return undefined;
	}
}

export const soak: Benchmark = {
	name: "soak",
	describe: "orders at 20/s for --minutes N: RSS and heap growth per node (MB/min) and p99 per minute",
	optIn: true,
	async run(ctx: BenchContext): Promise<Row[]> {
		const { brigade, restaurant: r, opts, mode } = ctx;
		const minutes = opts.minutes;
		const rate = opts.soakRate;
		const rows: Row[] = [];
		const ops = Object.fromEntries(Object.entries(brigade.opsUrls).map(([n, u]) => [n, new JsonClient(u, 1)]));
		const fleet = await SocketFleet.start({
			url: brigade.baseUrl,
			sockets: DISPLAYS.length,
			tokens: [r.token.kitchen],
			stations: DISPLAYS,
			event: "order:new",
			report: "each",
			concurrency: 4,
		});
		const http = new JsonClient(brigade.baseUrl, 256);
		const samples: Sample[] = [];
		const placed: Placed[] = [];
		let errors = 0;
		let firstError: string | undefined;
		const start = now();
		const sample = async () => {
			const heap: Record<string, number> = {};
			for (const [n, c] of Object.entries(ops)) {
				const h = await heapOf(c);
				if (h !== undefined) heap[n] = h;
			}
			samples.push({ min: (now() - start) / 60_000, rss: brigade.rss(), heap });
		};
		try {
			ctx.log(`${rate} orders/s for ${minutes} min; memory sampled every ${SAMPLE_MS / 1000}s`);
			await sample();
			const sampler = setInterval(() => void sample(), SAMPLE_MS);
			// Orders placed more than one tick ago are cancelled (their tables take orders again).
			let aging: Restaurant["tables"]["placed"] = [];
			const recycler = setInterval(() => {
				const due = aging;
				aging = r.tables.placed.splice(0);
				void pool(due, 4, async ({ orderId, tableId }) => {
					const res = await http
						.post(`/api/v1/orders/${orderId}/cancel`, { reason: "benchmark" }, r.token.staff)
						.catch(() => undefined);
					if (res?.status === 200) r.tables.giveBack(tableId);
				});
			}, 5000);
			const total = Math.round(rate * minutes * 60);
			const inflight = new Set<Promise<void>>();
			for (let i = 0; i < total; i++) {
				const due = start + (i * 1000) / rate;
				const wait = due - now();
				if (wait > 1) await sleep(wait);
				const tableId = r.tables.take();
				if (!tableId) {
					errors++;
					firstError ??= "no free table";
					continue;
				}
				const p = http.post("/api/v1/orders", orderBody(r, tableId), r.token.staff).then(
					res => {
						if (res.status === 201) {
							placed.push({ id: res.body.id, sentAt: due, screens: screensOf(res.body) });
							r.tables.placed.push({ orderId: res.body.id, tableId });
						} else {
							errors++;
							firstError ??= `${res.status} ${JSON.stringify(res.body).slice(0, 200)}`;
							r.tables.giveBack(tableId);
						}
					},
					err => {
						errors++;
						firstError ??= String(err);
					},
				);
				inflight.add(p);
				void p.finally(() => inflight.delete(p));
				if (i > 0 && i % (rate * 60) === 0) ctx.log(`minute ${i / (rate * 60)} done: ${placed.length} placed, ${errors} failed`);
			}
			await Promise.all(inflight);
			clearInterval(sampler);
			clearInterval(recycler);
			await sample();
		} finally {
			for (const c of Object.values(ops)) c.close();
		}
		try {
			if (errors) ctx.log(`${errors} orders failed or not sent; first: ${firstError}`);
			const lat = await kitchenLatency(fleet, placed);
			if (lat.lost) ctx.log(`${lat.lost} kitchen screens never got their order`);
			for (const node of Object.keys(samples[0].rss)) {
				const after = samples.filter(s => s.min >= Math.min(WARMUP_MIN, minutes / 2));
				const fit = (key: "rss" | "heap") =>
					slope(after.filter(s => s[key][node] !== undefined).map(s => ({ x: s.min, y: s[key][node] / MB })));
				const ends = (key: "rss" | "heap") => {
					const v = after.map(s => s[key][node]).filter(x => x !== undefined);
					return v.length ? `${fmt(v[0] / MB)}→${fmt(v[v.length - 1] / MB)} MB` : "-";
				};
				const sign = (x: number) => (Number.isFinite(x) ? `${x >= 0 ? "+" : ""}${x.toFixed(2)}` : "-");
				rows.push({
					bench: `soak: RSS / heap MB per min, ${node}`,
					mode,
					brigade: `${sign(fit("rss"))} / ${sign(fit("heap"))} MB/min`,
					baseline: `RSS ${ends("rss")}, heap ${ends("heap")}`,
					target: "(info)",
				});
			}
			for (let m = 0; m < Math.ceil(minutes); m++) {
				const inMinute = placed.filter(p => p.sentAt - start >= m * 60_000 && p.sentAt - start < (m + 1) * 60_000);
				const times = inMinute.flatMap(p => {
					const got = fleet.receipts.get(p.id) ?? [];
					return got.length >= p.screens ? [Math.max(...got) - p.sentAt] : [Infinity];
				});
				const p99 = percentile(times, 99);
				rows.push({
					bench: `soak: POST→every kitchen screen p50/p99, minute ${m + 1}`,
					mode,
					brigade: `${fmt(percentile(times, 50))} / ${fmt(p99)} ms`,
					baseline: `${inMinute.length} orders at ${rate}/s`,
					target: "p99 <= 50 ms",
					met: p99 <= 50,
				});
			}
		} finally {
			http.close();
			await fleet.close();
		}
		return rows;
	},
};
