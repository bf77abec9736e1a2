// `npm run bench [-- names… options…]`: starts the real product in each mode, seeds a restaurant, runs the
// benchmarks, each beside its baseline measured in the same run, and prints one table. See bench/README.md.
import fs from "node:fs";
import path from "node:path";
import pg from "pg";
import Redis from "ioredis";
import { seedRestaurant, startBrigade, type Brigade, type Infra, type Mode } from "./lib/brigade";
import type { BenchOptions, Benchmark, Row } from "./lib/types";
import { fmt, killAll } from "./lib/util";
import { orders } from "./orders";
import { menu } from "./menu";
import { fanout } from "./fanout";
import { soak } from "./soak";

const BENCHMARKS: Benchmark[] = [orders, menu, fanout, soak];

const USAGE = `npm run bench -- [${BENCHMARKS.map(b => b.name).join("|")} …] [options]
  --full               longer phases and more events (default: a quick run of a few minutes)
  --mode M             embedded | distributed | both (default both; distributed is skipped when
                       PostgreSQL or Redis does not answer)
  --seconds N          length of each measured phase
  --clients N          closed-loop order clients (16)
  --rate N             open-loop orders/s for the latency figure (200)
  --screen-rate N      open-loop orders/s for the every-kitchen-screen row (10 embedded, 50 distributed)
  --connections N      autocannon connections for the menu (32)
  --sizes A,B          fan-out socket counts (1000,5000)
  --events N           fan-out events measured per size
  --tables N           tables seeded before the order benchmarks
  --minutes N          soak: minutes of steady orders (10); soak runs only when named, distributed
                       unless --mode says otherwise
  --soak-rate N        soak: orders/s (20)
  --rounds N           alternating Brigade/baseline rounds for the menu (median kept)
  --profile DIR        write V8 CPU profiles of the Brigade processes into DIR/<mode>/<node>
Environment: BENCH=orders,menu  BENCH_MODE  BENCH_FULL=1  BENCH_SECONDS  BENCH_PROFILE
  BENCH_DATABASE_URL (postgres://postgres@127.0.0.1:5432/postgres)  BENCH_REDIS_URL (redis://127.0.0.1:6379)
  BENCH_VERBOSE=1 echoes every child's output; BENCH_LOG_LEVEL sets Brigade's LOG_LEVEL (warn).`;

function parseArgs(argv: string[]) {
	const env = process.env;
	const flags = new Map<string, string>();
	const names: string[] = [];
	for (let i = 0; i < argv.length; i++) {
		const a = argv[i];
		if (a === "--help" || a === "-h") {
			console.log(USAGE);
			process.exit(0);
		} else if (a === "--full" || a === "--quick") flags.set(a.slice(2), "1");
		else if (a.startsWith("--")) {
			const [k, v] = a.includes("=") ? [a.slice(2, a.indexOf("=")), a.slice(a.indexOf("=") + 1)] : [a.slice(2), argv[++i]];
			if (v === undefined) throw new Error(`${a} needs a value`);
			flags.set(k, v);
		} else names.push(...a.split(",").filter(Boolean));
	}
	if (!names.length && env.BENCH) names.push(...env.BENCH.split(",").filter(Boolean));
	const unknown = names.filter(n => !BENCHMARKS.some(b => b.name === n));
	if (unknown.length) throw new Error(`unknown benchmark ${unknown.join(", ")}; known: ${BENCHMARKS.map(b => b.name).join(", ")}`);
	const full = flags.has("full") || env.BENCH_FULL === "1";
	const num = (k: string, envName: string | undefined, def: number) => {
		const raw = flags.get(k) ?? (envName ? env[envName] : undefined);
		if (raw === undefined) return def;
		const n = Number(raw);
		if (!Number.isFinite(n) || n <= 0) throw new Error(`--${k} must be a positive number`);
		return n;
	};
	const seconds = num("seconds", "BENCH_SECONDS", full ? 15 : 3);
	const rate = num("rate", undefined, 200);
	const fanoutSizes = (flags.get("sizes") ?? "1000,5000").split(",").map(Number);
	const fanoutEvents = num("events", undefined, full ? 50 : 10);
	const opts: BenchOptions = {
		seconds,
		clients: num("clients", undefined, 16),
		rate,
		screenRate: flags.has("screen-rate") ? num("screen-rate", undefined, 1) : undefined,
		connections: num("connections", undefined, 32),
		fanoutSizes,
		fanoutEvents,
		// The open loop needs rate × seconds tables; the closed loop stops early (and says so) if they run out.
		tables: num("tables", undefined, Math.max(full ? 5000 : 1200, Math.ceil(rate * seconds * 1.2) + 50)),
		minutes: num("minutes", undefined, 10),
		soakRate: num("soak-rate", undefined, 20),
		rounds: num("rounds", undefined, full ? 3 : 1),
		cpuProfDir: flags.get("profile") ?? env.BENCH_PROFILE,
	};
	const soakOnly = names.length > 0 && names.every(n => n === "soak");
	const modeArg = flags.get("mode") ?? env.BENCH_MODE ?? (soakOnly ? "distributed" : "both");
	if (!["embedded", "distributed", "both"].includes(modeArg)) throw new Error("--mode must be embedded, distributed or both");
	const selected = names.length ? BENCHMARKS.filter(b => names.includes(b.name)) : BENCHMARKS.filter(b => !b.optIn);
	return { opts, modeArg, selected, full };
}

async function probeInfra(): Promise<Infra | string> {
	const infra: Infra = {
		databaseUrl: process.env.BENCH_DATABASE_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
		redisUrl: process.env.BENCH_REDIS_URL ?? "redis://127.0.0.1:6379",
	};
	try {
		const c = new pg.Client({ connectionString: infra.databaseUrl, connectionTimeoutMillis: 3000 });
		await c.connect();
		await c.end();
	} catch (err) {
		return `PostgreSQL at ${infra.databaseUrl} does not answer (${(err as Error).message})`;
	}
	const redis = new Redis(infra.redisUrl, {
		lazyConnect: true,
		maxRetriesPerRequest: 0,
		connectTimeout: 3000,
		retryStrategy: () => null,
	});
	try {
		await redis.connect();
		await redis.ping();
	} catch (err) {
		return `Redis at ${infra.redisUrl} does not answer (${(err as Error).message})`;
	} finally {
		redis.disconnect();
	}
	return infra;
}

export function renderTable(rows: Row[]): string {
	const head = ["benchmark", "mode", "Brigade", "baseline", "ratio", "target", "met?"];
	const body = rows.map(r => [
		r.bench,
		r.mode,
		r.brigade,
		r.baseline,
		r.ratio === undefined ? "-" : fmt(r.ratio, 2),
		r.target,
		r.met === undefined ? "-" : r.met ? "yes" : "NO",
	]);
	const widths = head.map((h, i) => Math.max(h.length, ...body.map(b => b[i].length)));
	const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i])).join(" | ")} |`;
	return [line(head), `|${widths.map(w => "-".repeat(w + 2)).join("|")}|`, ...body.map(line)].join("\n");
}

async function main(): Promise<void> {
	const { opts, modeArg, selected, full } = parseArgs(process.argv.slice(2));
	const started = Date.now();
	const log = (msg: string) => process.stderr.write(`[bench ${((Date.now() - started) / 1000).toFixed(0).padStart(4)}s] ${msg}\n`);
	const rows: Row[] = [];
	const notes: string[] = [];

	let modes: Mode[] = modeArg === "both" ? ["embedded", "distributed"] : [modeArg as Mode];
	let infra: Infra | undefined;
	if (modes.includes("distributed")) {
		const probed = await probeInfra();
		if (typeof probed === "string") {
			if (modeArg === "distributed") throw new Error(probed);
			notes.push(`distributed mode skipped: ${probed}`);
			modes = modes.filter(m => m !== "distributed");
		} else infra = probed;
	}
	log(`${full ? "full" : "quick"} run: ${selected.map(b => b.name).join(", ")} in ${modes.join(" and ")} mode; ${opts.seconds}s phases`);

	for (const mode of modes) {
		let brigade: Brigade | undefined;
		try {
			const profDir = opts.cpuProfDir && path.resolve(opts.cpuProfDir, mode);
			if (profDir) fs.mkdirSync(profDir, { recursive: true });
			log(`${mode}: starting Brigade`);
			brigade = await startBrigade(mode, infra, { cpuProfDir: profDir });
			const needsTables = selected.some(b => b.name !== "menu");
			log(`${mode}: seeding a restaurant (${needsTables ? opts.tables : 0} tables) through the API`);
			const restaurant = await seedRestaurant(brigade.baseUrl, needsTables ? opts.tables : 0);
			for (const bench of selected) {
				const ctx = { mode, brigade, restaurant, infra, opts, log: (m: string) => log(`${mode} ${bench.name}: ${m}`) };
				try {
					rows.push(...(await bench.run(ctx)));
				} catch (err) {
					log(`${mode} ${bench.name} FAILED: ${(err as Error).stack ?? err}`);
					rows.push({
						bench: bench.name,
						mode,
						brigade: "ERROR",
						baseline: (err as Error).message.split("\n")[0].slice(0, 80),
						target: "-",
						met: false,
					});
				}
			}
		} catch (err) {
			log(`${mode} FAILED: ${(err as Error).stack ?? err}`);
			rows.push({
				bench: "(start)",
				mode,
				brigade: "ERROR",
				baseline: (err as Error).message.split("\n")[0].slice(0, 80),
				target: "-",
				met: false,
			});
		} finally {
			if (brigade) {
				log(`${mode}: stopping Brigade${brigade.databaseUrl ? " and dropping its database" : ""}`);
				await brigade.stop().catch(err => log(`stop failed: ${err}`));
			}
		}
		if (opts.cpuProfDir) log(`CPU profiles of the ${mode} Brigade processes are in ${path.resolve(opts.cpuProfDir, mode)}`);
	}

	const cmd = `npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(" ")}` : ""}`;
	console.log(`\n${cmd}   (${new Date().toISOString()}, ${((Date.now() - started) / 1000).toFixed(0)}s, node ${process.version})\n`);
	console.log(renderTable(rows));
	for (const n of notes) console.log(`\nNote: ${n}`);
	if (rows.some(r => r.brigade === "ERROR")) process.exitCode = 1;
}

process.on("SIGINT", () => {
	killAll();
	process.exit(130);
});

main().catch(err => {
	console.error(err instanceof Error ? err.message : err);
	killAll();
	process.exit(1);
});
