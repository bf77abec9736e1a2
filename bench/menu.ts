// Gateway: GET /api/v1/menu (public, cached by the menu service) with autocannon, beside a bare node:http
// server answering the very same JSON bytes. Rounds alternate Brigade and the baseline; medians are kept.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import autocannon from "autocannon";
import type { BenchContext, Benchmark, Row } from "./lib/types";
import { JsonClient, fmt, freePort, median, spawnTs } from "./lib/util";

interface Load {
	rps: number;
	p99: number;
	bad: number;
}

async function hammer(url: string, connections: number, seconds: number): Promise<Load> {
	const r = await autocannon({ url, connections, duration: seconds });
	return { rps: r["2xx"] / r.duration, p99: r.latency.p99, bad: r.non2xx + r.errors };
}

export const menu: Benchmark = {
	name: "menu",
	describe: "GET /api/v1/menu req/s and p99 vs a bare node:http server returning the same JSON",
	async run(ctx: BenchContext): Promise<Row[]> {
		const { brigade, opts, mode } = ctx;
		const http = new JsonClient(brigade.baseUrl, 2);
		const res = await http.request("GET", "/api/v1/menu");
		http.close();
		if (res.status !== 200) throw new Error(`GET /api/v1/menu: ${res.status}`);
		const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), "brigade-bench-menu-")), "menu.json");
		fs.writeFileSync(file, JSON.stringify(res.body));
		const port = await freePort();
		const bare = spawnTs("bench/baselines/http-menu.ts", [String(port), file], {}, "bare-http");
		try {
			await bare.waitForLine(/listening/);
			const menuUrl = `${brigade.baseUrl}/api/v1/menu`;
			const bareUrl = `http://127.0.0.1:${port}/`;
			// Warm both (JIT, the menu cache).
			await hammer(menuUrl, opts.connections, 1);
			await hammer(bareUrl, opts.connections, 1);
			const ours: Load[] = [];
			const theirs: Load[] = [];
			for (let i = 0; i < opts.rounds; i++) {
				ctx.log(`round ${i + 1}/${opts.rounds}: ${opts.connections} connections, ${opts.seconds}s each`);
				theirs.push(await hammer(bareUrl, opts.connections, opts.seconds));
				ours.push(await hammer(menuUrl, opts.connections, opts.seconds));
			}
			const b = { rps: median(ours.map(l => l.rps)), p99: median(ours.map(l => l.p99)), bad: ours.reduce((s, l) => s + l.bad, 0) };
			const base = { rps: median(theirs.map(l => l.rps)), p99: median(theirs.map(l => l.p99)) };
			if (b.bad) ctx.log(`menu: ${b.bad} non-2xx responses or errors`);
			const ratio = b.rps / base.rps;
			return [
				{
					bench: `menu: GET /menu req/s, ${opts.connections} conn`,
					mode,
					brigade: `${fmt(b.rps)}/s${b.bad ? ` (${b.bad} bad)` : ""}`,
					baseline: `${fmt(base.rps)}/s bare node:http`,
					ratio,
					target: ">= 0.50",
					met: ratio >= 0.5 && b.bad === 0,
				},
				{
					bench: "menu: GET /menu p99",
					mode,
					brigade: `${fmt(b.p99)} ms`,
					baseline: `${fmt(base.p99)} ms`,
					ratio: b.p99 / base.p99,
					target: "(info)",
				},
			];
		} finally {
			await bare.stop();
			fs.rmSync(path.dirname(file), { recursive: true, force: true });
		}
	},
};
