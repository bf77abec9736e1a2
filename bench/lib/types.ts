// What every benchmark is given and what it returns: rows of the one table `npm run bench` prints.
import type { Brigade, Infra, Mode, Restaurant } from "./brigade";

export interface BenchOptions {
	/** Seconds of each measured phase. */
	seconds: number;
	/** Closed-loop HTTP clients placing orders. */
	clients: number;
	/** Open-loop order rate for the order-to-kitchen latency. */
	rate: number;
	/** Open-loop rate for the every-kitchen-screen row; undefined: 10/s embedded, 50/s distributed. */
	screenRate?: number;
	/** HTTP connections autocannon keeps open for the menu. */
	connections: number;
	/** Fan-out: socket counts, and events measured at each. */
	fanoutSizes: number[];
	fanoutEvents: number;
	/** Tables made before the order benchmarks (each order needs a table with no open order). */
	tables: number;
	/** Alternating Brigade/baseline rounds where a benchmark can repeat cheaply (the median is kept). */
	rounds: number;
	/** Soak: minutes of steady orders, and their rate. */
	minutes: number;
	soakRate: number;
	/** Folder for V8 CPU profiles of the gateway process, when profiling. */
	cpuProfDir?: string;
}

export interface Row {
	bench: string;
	mode: Mode;
	brigade: string;
	baseline: string;
	/** Brigade ÷ baseline (or the figure the target is about), undefined when there is none. */
	ratio?: number;
	target: string;
	met?: boolean;
}

export interface BenchContext {
	mode: Mode;
	brigade: Brigade;
	restaurant: Restaurant;
	infra?: Infra;
	opts: BenchOptions;
	log(msg: string): void;
}

export interface Benchmark {
	name: string;
	describe: string;
	/** Runs only when named (`npm run bench -- soak`), never in the default run. */
	optIn?: boolean;
	run(ctx: BenchContext): Promise<Row[]>;
}
