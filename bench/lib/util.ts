// Small helpers shared by the benchmarks: a clock every process agrees on, percentiles, free ports,
// keep-alive JSON over node:http, and child processes that are always killed on the way out.
import http from "node:http";
import path from "node:path";
import { fork, spawn, type ChildProcess } from "node:child_process";
import { performance } from "node:perf_hooks";

/** Milliseconds since the epoch with sub-ms precision; comparable between processes on one machine. */
export const now = (): number => performance.timeOrigin + performance.now();

export const sleep = (ms: number) => new Promise<void>(r => setTimeout(r, ms));

/** Nearest-rank percentile of unsorted samples (NaN when there are none). */
export function percentile(samples: number[], p: number): number {
	if (!samples.length) return NaN;
	const s = [...samples].sort((a, b) => a - b);
	return s[Math.min(s.length - 1, Math.max(0, Math.ceil((p / 100) * s.length) - 1))];
}

export const median = (xs: number[]) => percentile(xs, 50);

// The tests' own: a TCP port nobody listens on right now.
export { freePort } from "../../test/helpers/infra";

export interface JsonResponse<T = any> {
	status: number;
	body: T;
}

/** A keep-alive JSON client for one origin; `maxSockets` bounds the connections it opens. */
export class JsonClient {
	readonly agent: http.Agent;
	constructor(
		readonly baseUrl: string,
		maxSockets = 64,
	) {
		this.agent = new http.Agent({ keepAlive: true, maxSockets });
	}

	request<T = any>(method: string, urlPath: string, body?: unknown, token?: string): Promise<JsonResponse<T>> {
		const url = new URL(urlPath, this.baseUrl);
		const data = body === undefined ? undefined : Buffer.from(JSON.stringify(body));
		const headers: Record<string, string | number> = { accept: "application/json" };
		if (data) Object.assign(headers, { "content-type": "application/json", "content-length": data.length });
		if (token) headers.authorization = `Bearer ${token}`;
		return new Promise((resolve, reject) => {
			const req = http.request(url, { method, headers, agent: this.agent }, res => {
				const chunks: Buffer[] = [];
				res.on("data", c => chunks.push(c));
				res.on("end", () => {
					const text = Buffer.concat(chunks).toString();
					let parsed: unknown = text;
					try {
						parsed = text ? JSON.parse(text) : undefined;
					} catch {
						/* not JSON: keep the text */
					}
					resolve({ status: res.statusCode ?? 0, body: parsed as T });
				});
				res.on("error", reject);
			});
			req.setTimeout(30_000, () => req.destroy(new Error(`${method} ${urlPath} timed out`)));
			req.on("error", reject);
			req.end(data);
		});
	}

	post<T = any>(p: string, body?: unknown, token?: string) {
		return this.request<T>("POST", p, body ?? {}, token);
	}
	get<T = any>(p: string, token?: string) {
		return this.request<T>("GET", p, undefined, token);
	}
	close() {
		this.agent.destroy();
	}
}

/** Every child a benchmark starts, so an error or Ctrl-C still kills them all. */
const children = new Set<ChildProcess>();

export function killAll(): void {
	for (const c of children) if (c.exitCode === null && c.signalCode === null) c.kill("SIGKILL");
}
process.on("exit", killAll);

const BENCH_DIR = path.resolve(__dirname, "..");
export const REPO_DIR = path.resolve(BENCH_DIR, "..");

export interface Child {
	proc: ChildProcess;
	/** The last lines it printed (for error messages). */
	tail(): string;
	/** Resolves with the first line matching `re` (JSON lines are matched on their text too). */
	waitForLine(re: RegExp, ms?: number): Promise<string>;
	stop(ms?: number): Promise<void>;
}

function track(proc: ChildProcess, label: string, echo: boolean): Child {
	children.add(proc);
	proc.on("exit", () => children.delete(proc));
	const lines: string[] = [];
	const waiters = new Set<() => void>();
	const onData = (chunk: Buffer) => {
		for (const line of chunk.toString().split("\n")) {
			if (!line.trim()) continue;
			lines.push(line);
			if (lines.length > 200) lines.shift();
			if (echo) process.stderr.write(`[${label}] ${line}\n`);
		}
		for (const w of [...waiters]) w();
	};
	proc.stdout?.on("data", onData);
	proc.stderr?.on("data", onData);
	return {
		proc,
		tail: () => lines.slice(-30).join("\n"),
		waitForLine(re, ms = 60_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const hit = lines.find(l => re.test(l));
					if (hit !== undefined) return finish(() => resolve(hit));
					if (proc.exitCode !== null)
						finish(() => reject(new Error(`${label} exited (${proc.exitCode}):\n${lines.slice(-30).join("\n")}`)));
				};
				const finish = (f: () => void) => {
					clearTimeout(timer);
					waiters.delete(check);
					proc.off("exit", check);
					f();
				};
				const timer = setTimeout(
					() => finish(() => reject(new Error(`${label}: nothing matched ${re} in ${ms} ms:\n${lines.slice(-30).join("\n")}`))),
					ms,
				);
				waiters.add(check);
				proc.on("exit", check);
				check();
			});
		},
		async stop(ms = 10_000) {
			if (proc.exitCode !== null || proc.signalCode !== null) return;
			const exited = new Promise(r => proc.once("exit", r));
			proc.kill("SIGTERM");
			const t = setTimeout(() => proc.kill("SIGKILL"), ms);
			await exited;
			clearTimeout(t);
		},
	};
}

/** Runs a TypeScript file (path relative to the repo) with tsx in its own process. */
export function spawnTs(
	file: string,
	args: string[],
	env: Record<string, string | undefined>,
	label: string,
	opts: { cpuProf?: string } = {},
): Child {
	const execArgs = ["--import", "tsx", ...(opts.cpuProf ? ["--cpu-prof", `--cpu-prof-dir=${opts.cpuProf}`] : [])];
	const proc = spawn(process.execPath, [...execArgs, path.resolve(REPO_DIR, file), ...args], {
		cwd: REPO_DIR,
		env: { ...process.env, ...env },
		stdio: ["ignore", "pipe", "pipe"],
	});
	return track(proc, label, Boolean(process.env.BENCH_VERBOSE));
}

/** Forks a TypeScript worker with an IPC channel. */
export function forkTs(file: string, args: string[], label: string): Child {
	const proc = fork(path.resolve(REPO_DIR, file), args, {
		cwd: REPO_DIR,
		execArgv: ["--import", "tsx"],
		stdio: ["ignore", "pipe", "pipe", "ipc"],
	});
	return track(proc, label, Boolean(process.env.BENCH_VERBOSE));
}

/** Runs a TypeScript script to completion and parses the JSON it prints last. */
export async function runTsForJson<T>(file: string, args: string[], env: Record<string, string | undefined>, label: string): Promise<T> {
	const child = spawnTs(file, args, env, label);
	const code: number | null = await new Promise(r => child.proc.on("exit", r));
	const lines = child.tail().split("\n");
	const last = [...lines].reverse().find(l => l.startsWith("{"));
	if (code !== 0 || !last) throw new Error(`${label} failed (${code}):\n${child.tail()}`);
	return JSON.parse(last) as T;
}

/** Runs `fn` over `items` with at most `limit` at once. */
export async function pool<T>(items: T[], limit: number, fn: (item: T, i: number) => Promise<void>): Promise<void> {
	let next = 0;
	const workers = Array.from({ length: Math.min(limit, items.length) }, async () => {
		while (next < items.length) {
			const i = next++;
			await fn(items[i], i);
		}
	});
	await Promise.all(workers);
}

export function fmt(n: number, digits = 1): string {
	if (!Number.isFinite(n)) return "-";
	return n >= 100 ? Math.round(n).toLocaleString("en-US") : n.toFixed(digits);
}
