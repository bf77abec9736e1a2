// Starts the real product for a benchmark — bin/brigade.ts in one process on PGlite (embedded), or one
// process per node group on a fresh PostgreSQL database and a fresh Redis namespace (distributed) — and
// seeds a restaurant through the API as an admin would.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { JsonClient, freePort, pool, sleep, spawnTs, type Child } from "./util";

export type Mode = "embedded" | "distributed";

/** Node groups as bin/cluster.ts runs them. */
export const GROUPS: Record<string, string> = {
	gateway: "api",
	floor: "table,menu,order,guest",
	kitchen: "kitchen,device",
	office: "auth,approval,billing,drawer,reporting,notification,mail",
};

export const ADMIN_PASSWORD = "bench-admin-password-1";

export interface Infra {
	/** An admin URL of the shared PostgreSQL (a fresh database is created beside it). */
	databaseUrl: string;
	redisUrl: string;
}

export interface Brigade {
	mode: Mode;
	baseUrl: string;
	/** distributed: the fresh database Brigade runs on (the raw baseline uses a scratch schema in it). */
	databaseUrl?: string;
	/** DB connections per node: what the raw baseline is given too. */
	poolMax: number;
	nodes: Record<string, Child>;
	/** CPU seconds (user + system) each node process has used so far; empty where /proc is missing. */
	cpuSeconds(): Record<string, number>;
	stop(): Promise<void>;
}

function cpuOf(pid: number | undefined): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		// utime and stime are fields 14 and 15 of stat; here counted from field 3 (state).
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return undefined;
	}
}

export interface StartOptions {
	/** Write a V8 CPU profile of the process running the gateway into this folder when it stops. */
	cpuProfDir?: string;
	env?: Record<string, string>;
}

export async function startBrigade(mode: Mode, infra: Infra | undefined, opts: StartOptions = {}): Promise<Brigade> {
	const id = crypto.randomBytes(4).toString("hex");
	const port = await freePort();
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-bench-"));
	const poolMax = 10;
	const common: Record<string, string> = {
		PORT: String(port),
		DATA_DIR: dataDir,
		NAMESPACE: `bench${id}`,
		ADMIN_USERNAME: "admin",
		ADMIN_PASSWORD,
		// A benchmark can outlast the default 15-minute access token; devices would refresh, the bench logs in once.
		ACCESS_TOKEN_TTL: "86400",
		LOG_LEVEL: process.env.BENCH_LOG_LEVEL ?? "warn",
		DB_POOL_MAX: String(poolMax),
		// Four nodes on one machine would all want the default ops port 9100.
		OPS_PORT: "off",
		NODE_ENV: "production",
		...opts.env,
	};
	const nodes: Record<string, Child> = {};
	let dbName: string | undefined;
	let databaseUrl: string | undefined;

	const cleanup = async () => {
		await Promise.all(Object.values(nodes).map(n => n.stop()));
		fs.rmSync(dataDir, { recursive: true, force: true });
		if (dbName && infra) {
			const admin = new pg.Client({ connectionString: infra.databaseUrl });
			await admin.connect();
			await admin.query(`drop database if exists ${dbName} with (force)`);
			await admin.end();
		}
	};

	try {
		if (mode === "embedded") {
			nodes.embedded = spawnTs(
				"bin/brigade.ts",
				[],
				{ ...common, DATABASE_URL: "", TRANSPORTER: "", REDIS_URL: "", SERVICES: "" },
				"embedded",
				{
					cpuProf: opts.cpuProfDir,
				},
			);
		} else {
			if (!infra) throw new Error("distributed mode needs PostgreSQL and Redis");
			dbName = `brigade_bench_${id}`;
			const admin = new pg.Client({ connectionString: infra.databaseUrl });
			await admin.connect();
			await admin.query(`create database ${dbName}`);
			await admin.end();
			const url = new URL(infra.databaseUrl);
			url.pathname = `/${dbName}`;
			databaseUrl = url.toString();
			const env = {
				...common,
				DATABASE_URL: databaseUrl,
				TRANSPORTER: infra.redisUrl,
				REDIS_URL: infra.redisUrl,
				JWT_SECRET: crypto.randomBytes(48).toString("base64url"),
			};
			// The office node (auth) creates the first admin; start it first so the others find their peers quickly.
			for (const [name, services] of Object.entries(GROUPS)) {
				nodes[name] = spawnTs("bin/brigade.ts", [], { ...env, SERVICES: services, NODE_ID: `bench${id}-${name}` }, name, {
					cpuProf: opts.cpuProfDir && path.join(opts.cpuProfDir, name),
				});
			}
		}
		const baseUrl = `http://127.0.0.1:${port}`;
		await waitReady(baseUrl, nodes);
		const cpuSeconds = () => {
			const out: Record<string, number> = {};
			for (const [name, n] of Object.entries(nodes)) {
				const c = cpuOf(n.proc.pid);
				if (c !== undefined) out[name] = c;
			}
			return out;
		};
		return { mode, baseUrl, databaseUrl, poolMax, nodes, cpuSeconds, stop: cleanup };
	} catch (err) {
		await cleanup().catch(() => undefined);
		throw err;
	}
}

/** Waits for the gateway to answer and to have built the routes of every service. */
async function waitReady(baseUrl: string, nodes: Record<string, Child>, ms = 120_000): Promise<void> {
	const http = new JsonClient(baseUrl, 4);
	const deadline = Date.now() + ms;
	const routes = [
		"/api/v1/tables",
		"/api/v1/menu",
		"/api/v1/orders",
		"/api/v1/kitchen/tickets",
		"/api/v1/auth/profile",
		"/api/v1/billing/bills",
	];
	try {
		for (;;) {
			for (const [name, n] of Object.entries(nodes)) {
				if (n.proc.exitCode !== null) throw new Error(`Brigade node ${name} exited (${n.proc.exitCode}):\n${n.tail()}`);
			}
			try {
				const ready = await http.get("/health/ready");
				if (ready.status === 200) {
					const statuses = await Promise.all(routes.map(r => http.get(r).then(x => x.status)));
					if (statuses.every(s => s !== 404 && s < 500)) return;
				}
			} catch {
				/* not listening yet */
			}
			if (Date.now() > deadline)
				throw new Error(
					`Brigade at ${baseUrl} not ready in ${ms} ms:\n${Object.values(nodes)
						.map(n => n.tail())
						.join("\n")}`,
				);
			await sleep(250);
		}
	} finally {
		http.close();
	}
}

export interface MenuItemRef {
	id: string;
	station: string;
}

export interface Restaurant {
	token: { admin: string; staff: string; kitchen: string };
	items: MenuItemRef[];
	tables: TablePool;
}

/** Tables with no open order. An order takes one; cancelling it gives the table back. */
export class TablePool {
	private free: string[] = [];
	/** Orders placed and not yet cancelled, to give their tables back. */
	readonly placed: { orderId: string; tableId: string }[] = [];
	readonly all: string[] = [];
	add(ids: string[]) {
		this.free.push(...ids);
		this.all.push(...ids);
	}
	take(): string | undefined {
		return this.free.shift();
	}
	giveBack(id: string) {
		this.free.push(id);
	}
	get size() {
		return this.free.length;
	}
}

/** Logs in once per role (logins are rate limited) and creates the menu and `tables` tables. */
export async function seedRestaurant(baseUrl: string, tables: number): Promise<Restaurant> {
	const http = new JsonClient(baseUrl, 16);
	try {
		const login = async (username: string, password: string) => {
			const r = await http.post("/api/v1/auth/login", { username, password });
			if (r.status !== 200) throw new Error(`login ${username}: ${r.status} ${JSON.stringify(r.body)}`);
			return r.body.accessToken as string;
		};
		const admin = await login("admin", ADMIN_PASSWORD);
		const token = { admin, staff: "", kitchen: "" };
		for (const role of ["staff", "kitchen"] as const) {
			const username = `bench-${role}`;
			const r = await http.post(
				"/api/v1/auth/register",
				{ username, password: "bench-password-1", fullName: `Bench ${role}`, role },
				admin,
			);
			if (r.status !== 201) throw new Error(`register ${role}: ${r.status} ${JSON.stringify(r.body)}`);
			token[role] = await login(username, "bench-password-1");
		}
		const cat = await http.post("/api/v1/menu/categories", { name: "Mains" }, admin);
		if (cat.status !== 201) throw new Error(`category: ${cat.status} ${JSON.stringify(cat.body)}`);
		const items: MenuItemRef[] = [];
		const dishes = [
			["Burger", 1450, "grill", "Beef, cheddar, pickles, brioche bun"],
			["Steak frites", 2800, "grill", "Sirloin, fries, pepper sauce"],
			["Caesar salad", 900, "cold", "Romaine, parmesan, croutons"],
			["Soup of the day", 650, "cold", "Ask your server"],
			["Lager", 600, "bar", "Draught, 0.5 l"],
			["Lemonade", 400, "bar", "House-made"],
		] as const;
		for (const [name, priceCents, station, description] of dishes) {
			const r = await http.post("/api/v1/menu/items", { categoryId: cat.body.id, name, priceCents, station, description }, admin);
			if (r.status !== 201) throw new Error(`menu item: ${r.status} ${JSON.stringify(r.body)}`);
			items.push({ id: r.body.id, station });
		}
		const pool_ = new TablePool();
		await addTables(http, admin, pool_, tables);
		return { token, items, tables: pool_ };
	} finally {
		http.close();
	}
}

export async function addTables(http: JsonClient, adminToken: string, tables: TablePool, count: number): Promise<void> {
	const start = tables.all.length;
	const ids: string[] = [];
	await pool(
		Array.from({ length: count }, (_, i) => start + i),
		8,
		async n => {
			const r = await http.post("/api/v1/tables", { name: `B${n + 1}`, seats: 4, area: "Bench" }, adminToken);
			if (r.status !== 201) throw new Error(`table: ${r.status} ${JSON.stringify(r.body)}`);
			ids.push(r.body.id);
		},
	);
	tables.add(ids);
}

/** Cancels every order the benchmark left open, so their tables take orders again (not measured). */
export async function recycleTables(http: JsonClient, r: Restaurant): Promise<void> {
	const placed = r.tables.placed.splice(0);
	await pool(placed, 8, async ({ orderId, tableId }) => {
		const res = await http.post(`/api/v1/orders/${orderId}/cancel`, { reason: "benchmark" }, r.token.staff);
		if (res.status === 200) r.tables.giveBack(tableId);
	});
}

/** The body of one order: three lines over the three stations, as a table of four would order. */
export function orderBody(r: Restaurant, tableId: string) {
	const [burger, , salad, , beer] = r.items;
	return {
		tableId,
		items: [
			{ menuItemId: burger.id, quantity: 2, notes: "one medium rare" },
			{ menuItemId: salad.id, quantity: 1 },
			{ menuItemId: beer.id, quantity: 3 },
		],
	};
}
