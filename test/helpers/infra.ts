// Private Redis and PostgreSQL servers for tests that stop and restart them (test/faults.test.ts): the
// machine's shared instances are never touched. Each runs on a free port in its own temp directory and is
// deleted afterwards. PostgreSQL uses Debian's binaries (/usr/lib/postgresql/<v>/bin) and, as root, runs
// them as the `postgres` user, which is what initdb and postgres insist on.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { until } from "./wait";

/** A TCP port nobody listens on right now. */
export async function freePort(): Promise<number> {
	return new Promise((resolve, reject) => {
		const srv = net.createServer();
		srv.unref();
		srv.on("error", reject);
		srv.listen(0, "127.0.0.1", () => {
			const { port } = srv.address() as net.AddressInfo;
			srv.close(() => resolve(port));
		});
	});
}

/** True once something accepts TCP connections on the port. */
function accepts(port: number): Promise<boolean> {
	return new Promise(resolve => {
		const s = net.connect({ host: "127.0.0.1", port });
		s.once("connect", () => {
			s.destroy();
			resolve(true);
		});
		s.once("error", () => resolve(false));
	});
}

export interface PrivateRedis {
	port: number;
	url: string;
	/** Starts it (again) and resolves once it answers PING. */
	start(): Promise<void>;
	/** SHUTDOWN NOSAVE and waits for the process to be gone. */
	stop(): Promise<void>;
	/** Stops it for good and deletes its directory. */
	destroy(): Promise<void>;
}

/** A redis-server of the test's own: no snapshot, no append-only file (a restart starts empty). */
export async function startRedis(): Promise<PrivateRedis> {
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-redis-"));
	let child: ChildProcess | undefined;
	const cli = (...args: string[]) =>
		spawnSync("redis-cli", ["-h", "127.0.0.1", "-p", String(port), ...args], { encoding: "utf8", timeout: 5000 });
	const redis: PrivateRedis = {
		port,
		url: `redis://127.0.0.1:${port}`,
		async start() {
			const c = spawn(
				"redis-server",
				["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--dir", dir],
				{ stdio: "ignore" },
			);
			child = c;
			await until(`redis on ${port} to answer`, () => c.exitCode === null && cli("ping").stdout?.includes("PONG"), 10_000);
		},
		async stop() {
			const c = child;
			if (!c || c.exitCode !== null || c.signalCode !== null) return;
			const exited = new Promise(r => c.once("exit", r));
			cli("shutdown", "nosave");
			const t = setTimeout(() => c.kill("SIGKILL"), 5000);
			await exited;
			clearTimeout(t);
		},
		async destroy() {
			await redis.stop();
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
	await redis.start();
	return redis;
}

export interface PrivatePostgres {
	port: number;
	/** postgres://postgres@127.0.0.1:<port>/postgres */
	url: string;
	/** pg_ctl start; resolves once it accepts connections. */
	start(): Promise<void>;
	/** pg_ctl stop -m immediate: the server dies as in a crash (recovery runs at the next start). */
	stopImmediate(): Promise<void>;
	/** Stops it for good and deletes the cluster. */
	destroy(): Promise<void>;
}

function pgBinDir(): string | undefined {
	const root = "/usr/lib/postgresql";
	if (!fs.existsSync(root)) return undefined;
	const versions = fs
		.readdirSync(root)
		.filter(v => fs.existsSync(path.join(root, v, "bin", "initdb")))
		.sort((a, b) => Number(b) - Number(a));
	return versions.length ? path.join(root, versions[0], "bin") : undefined;
}

/** Why a private PostgreSQL cannot be made here, or undefined when it can. */
export function privatePostgresUnavailable(): string | undefined {
	if (!pgBinDir()) return "no PostgreSQL server binaries under /usr/lib/postgresql/*/bin";
	if (spawnSync("redis-server", ["--version"]).status !== 0) return "no redis-server on PATH";
	if (process.getuid?.() === 0 && spawnSync("id", ["-u", "postgres"]).status !== 0)
		return "running as root without a postgres user to run PostgreSQL as";
	return undefined;
}

/** A throwaway PostgreSQL cluster: trust auth, fsync off, 127.0.0.1 on a free port. */
export async function startPostgres(): Promise<PrivatePostgres> {
	const bin = pgBinDir();
	if (!bin) throw new Error("no PostgreSQL server binaries under /usr/lib/postgresql/*/bin");
	const port = await freePort();
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-pg-"));
	const data = path.join(dir, "data");
	const asRoot = process.getuid?.() === 0;
	if (asRoot) spawnSync("chown", ["-R", "postgres:postgres", dir]);
	const run = (cmd: string, args: string[]) => {
		const [file, argv] = asRoot ? ["runuser", ["-u", "postgres", "--", path.join(bin, cmd), ...args]] : [path.join(bin, cmd), args];
		const r = spawnSync(file, argv, { encoding: "utf8", timeout: 60_000 });
		if (r.status !== 0) throw new Error(`${cmd} ${args.join(" ")} failed (${r.status}): ${r.stderr || r.stdout}`);
		return r;
	};
	// -N: no fsync of the new files; a test cluster dies with the test.
	run("initdb", ["-D", data, "-U", "postgres", "--auth=trust", "-N", "-E", "UTF8", "--locale=C"]);
	// fsync=off survives the `pg_ctl stop -m immediate` the fault test does (the WAL is in the OS's cache),
	// but synchronous_commit=off would not: it acknowledges commits the restart then loses.
	const options = [
		`-p ${port}`,
		"-c listen_addresses=127.0.0.1",
		`-c unix_socket_directories=${dir}`,
		"-c fsync=off",
		"-c full_page_writes=off",
		"-c max_connections=200",
	].join(" ");
	const pg: PrivatePostgres = {
		port,
		url: `postgres://postgres@127.0.0.1:${port}/postgres`,
		async start() {
			run("pg_ctl", ["-D", data, "-l", path.join(dir, "log"), "-o", options, "-w", "-t", "30", "start"]);
			await until(`postgres on ${port}`, () => accepts(port), 10_000);
		},
		async stopImmediate() {
			run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
		},
		async destroy() {
			if (fs.existsSync(path.join(data, "postmaster.pid"))) {
				try {
					run("pg_ctl", ["-D", data, "-m", "immediate", "-w", "stop"]);
				} catch {
					/* already down */
				}
			}
			fs.rmSync(dir, { recursive: true, force: true });
		},
	};
	await pg.start();
	return pg;
}
