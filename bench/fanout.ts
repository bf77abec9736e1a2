// Fan-out: N connected floor tablets and kitchen displays (half staff, half expo kitchen), one order placed,
// time from the POST to the moment the last of the N sockets has its `order:new`; beside a bare Socket.IO
// server broadcasting the same message to the same number of clients, triggered by an HTTP POST as well.
import crypto from "node:crypto";
import { orderBody, recycleTables } from "./lib/brigade";
import { SocketFleet } from "./lib/fleet";
import { rssBytesOf } from "./lib/proc";
import type { BenchContext, Benchmark, Row } from "./lib/types";
import { JsonClient, fmt, freePort, now, percentile, sleep, spawnTs } from "./lib/util";

const EVENT_TIMEOUT_MS = 15_000;

interface Spread {
	/** Trigger sent → last socket has it. */
	p50: number;
	p99: number;
	/** Trigger sent → trigger answered, → first socket has it, and first → last socket (the broadcast itself). */
	answered: number;
	first: number;
	spread: number;
	spreadP99: number;
	lost: number;
}

async function measure(fleet: SocketFleet, events: number, trigger: () => Promise<string>): Promise<Spread> {
	const all: number[] = [];
	const answered: number[] = [];
	const first: number[] = [];
	const spread: number[] = [];
	let lost = 0;
	for (let i = 0; i < events; i++) {
		const t0 = now();
		const id = await trigger();
		answered.push(now() - t0);
		const got = await fleet.waitAll(id, EVENT_TIMEOUT_MS);
		if (!got) lost++;
		else {
			all.push(got.last - t0);
			first.push(got.first - t0);
			spread.push(got.last - got.first);
		}
		await sleep(50);
	}
	return {
		p50: percentile(all, 50),
		p99: lost ? Infinity : percentile(all, 99),
		answered: percentile(answered, 50),
		first: percentile(first, 50),
		spread: percentile(spread, 50),
		spreadP99: percentile(spread, 99),
		lost,
	};
}

const describe = (s: Spread) =>
	`to all p50 ${fmt(s.p50)} / p99 ${fmt(s.p99)} ms; trigger answered p50 ${fmt(s.answered)} ms, first socket p50 ${fmt(s.first)} ms, first→last p50 ${fmt(s.spread)} / p99 ${fmt(s.spreadP99)} ms${s.lost ? `; ${s.lost} lost` : ""}`;

export const fanout: Benchmark = {
	name: "fanout",
	describe: "one order:new to 1,000 / 5,000 connected sockets, p99 time to reach all, vs a bare Socket.IO broadcast",
	async run(ctx: BenchContext): Promise<Row[]> {
		const { brigade, restaurant: r, opts, mode } = ctx;
		const rows: Row[] = [];
		const http = new JsonClient(brigade.baseUrl, 8);
		const port = await freePort();
		const bare = spawnTs("bench/baselines/socketio.ts", [String(port)], {}, "bare-socketio");
		const bareHttp = new JsonClient(`http://127.0.0.1:${port}`, 8);
		try {
			await bare.waitForLine(/listening/);
			// The message the baseline sends: what Brigade pushes for an order, byte for byte but the id.
			const tableId = r.tables.take();
			if (!tableId) throw new Error("no free table");
			const sample = await http.post("/api/v1/orders", orderBody(r, tableId), r.token.staff);
			if (sample.status !== 201) throw new Error(`POST /orders: ${sample.status} ${JSON.stringify(sample.body)}`);
			r.tables.placed.push({ orderId: sample.body.id, tableId });

			for (const size of opts.fanoutSizes) {
				if (r.tables.size < opts.fanoutEvents + 2) await recycleTables(http, r);
				const label = size.toLocaleString("en-US");

				ctx.log(`bare Socket.IO: connecting ${label} sockets`);
				const bareRss0 = rssBytesOf(bare.proc.pid);
				let fleet = await SocketFleet.start({
					url: `http://127.0.0.1:${port}`,
					sockets: size,
					tokens: [],
					stations: [],
					event: "order:new",
					report: "all",
					concurrency: 50,
				});
				await sleep(1000);
				const bareRss1 = rssBytesOf(bare.proc.pid);
				let seq = 0;
				let base: Spread;
				try {
					ctx.log(`bare Socket.IO: ${opts.fanoutEvents} broadcasts`);
					const broadcast = async () => {
						const id = crypto.randomUUID();
						const message = { seq: ++seq, type: "order:new", at: new Date().toISOString(), data: { ...sample.body, id } };
						const res = await bareHttp.post("/emit", { type: "order:new", message });
						if (res.status !== 204) throw new Error(`bare /emit: ${res.status}`);
						return id;
					};
					await measure(fleet, 2, broadcast);
					base = await measure(fleet, opts.fanoutEvents, broadcast);
					ctx.log(`bare Socket.IO, ${label} sockets: ${describe(base)}`);
				} finally {
					await fleet.close();
				}

				ctx.log(`Brigade: connecting ${label} sockets (half staff, half kitchen expo)`);
				const rss0 = brigade.rss()[brigade.gateway];
				fleet = await SocketFleet.start({
					url: brigade.baseUrl,
					sockets: size,
					tokens: [r.token.staff, r.token.kitchen],
					stations: [],
					event: "order:new",
					report: "all",
					concurrency: 50,
				});
				await sleep(1000);
				const rss1 = brigade.rss()[brigade.gateway];
				let ours: Spread;
				try {
					const place = async () => {
						const t = r.tables.take();
						if (!t) throw new Error("out of tables: raise --tables");
						const res = await http.post("/api/v1/orders", orderBody(r, t), r.token.staff);
						if (res.status !== 201) throw new Error(`POST /orders: ${res.status} ${JSON.stringify(res.body)}`);
						r.tables.placed.push({ orderId: res.body.id, tableId: t });
						return res.body.id as string;
					};
					ctx.log(`Brigade: ${opts.fanoutEvents} orders placed one at a time`);
					await measure(fleet, 2, place);
					ours = await measure(fleet, opts.fanoutEvents, place);
					ctx.log(`Brigade, ${label} sockets: ${describe(ours)}`);
				} finally {
					await fleet.close();
				}
				const ratio = ours.p99 / base.p99;
				rows.push({
					bench: `fanout: ${label} sockets, p99 (p50) to all`,
					mode,
					brigade: `${fmt(ours.p99)} (${fmt(ours.p50)}) ms${ours.lost ? `, ${ours.lost} lost` : ""}`,
					baseline: `${fmt(base.p99)} (${fmt(base.p50)}) ms bare Socket.IO${base.lost ? `, ${base.lost} lost` : ""}`,
					ratio,
					target: "<= 1.25",
					met: Number.isFinite(ratio) && ratio <= 1.25,
				});
				rows.push({
					bench: `fanout: ${label} sockets, first→last p99`,
					mode,
					brigade: `${fmt(ours.spreadP99)} ms`,
					baseline: `${fmt(base.spreadP99)} ms`,
					ratio: ours.spreadP99 / base.spreadP99,
					target: "(info)",
				});
				// What a connected device costs the process holding its socket: the RSS it grew by while N connected.
				const perSocket = (a?: number, b?: number) => (a === undefined || b === undefined ? NaN : (b - a) / size);
				const ourBytes = perSocket(rss0, rss1);
				const bareBytes = perSocket(bareRss0, bareRss1);
				rows.push({
					bench: `memory: ${brigade.gateway} RSS per socket, ${label} sockets`,
					mode,
					brigade: `${fmt(ourBytes / 1024)} KB`,
					baseline: `${fmt(bareBytes / 1024)} KB bare Socket.IO`,
					ratio: ourBytes / bareBytes,
					target: "(info)",
				});
				await sleep(500);
			}
			await recycleTables(http, r);
		} finally {
			http.close();
			bareHttp.close();
			await bare.stop();
		}
		return rows;
	},
};
