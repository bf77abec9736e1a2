// Starts the real product for a benchmark — bin/brigade.ts in one process on PGlite (embedded), or one
// process per node group on a fresh PostgreSQL database and a fresh Redis namespace (distributed) — and
// seeds a restaurant through the API as an admin would.
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
import { cpuSecondsOf, rssBytesOf } from "./proc";
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
	/** Resident memory (bytes) of each node process now; empty where /proc is missing. */
	rss(): Record<string, number>;
	/** Each node's ops endpoint (/metrics: its V8 heap among the rest), on a free port of its own. */
	opsUrls: Record<string, string>;
	/** The node serving HTTP and the sockets: "embedded" or "gateway". */
	gateway: string;
	stop(): Promise<void>;
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
	const opsUrls: Record<string, string> = {};
	// Each node its own ops port (four nodes on one host would all want 9100): the soak reads their heap there.
	const opsEnv = async (name: string) => {
		const p = await freePort();
		opsUrls[name] = `http://127.0.0.1:${p}`;
		return { OPS_PORT: String(p) };
	};
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
				{ ...common, ...(await opsEnv("embedded")), DATABASE_URL: "", TRANSPORTER: "", REDIS_URL: "", SERVICES: "" },
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
				nodes[name] = spawnTs(
					"bin/brigade.ts",
					[],
					{ ...env, ...(await opsEnv(name)), SERVICES: services, NODE_ID: `bench${id}-${name}` },
					name,
					{
						cpuProf: opts.cpuProfDir && path.join(opts.cpuProfDir, name),
					},
				);
			}
		}
		const baseUrl = `http://127.0.0.1:${port}`;
		await waitReady(baseUrl, nodes);
		const perNode = (read: (pid: number | undefined) => number | undefined) => () => {
			const out: Record<string, number> = {};
			for (const [name, n] of Object.entries(nodes)) {
				const v = read(n.proc.pid);
				if (v !== undefined) out[name] = v;
			}
			return out;
		};
		const gateway = mode === "embedded" ? "embedded" : "gateway";
		return {
			mode,
			baseUrl,
			databaseUrl,
			poolMax,
			nodes,
			cpuSeconds: perNode(cpuSecondsOf),
			rss: perNode(rssBytesOf),
			opsUrls,
			gateway,
			stop: cleanup,
		};
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

export interface ModifierGroupRef {
	id: string;
	options: string[];
}

export interface MenuItemRef {
	id: string;
	station: string;
	/** Its modifier groups, in the dish's order. */
	groups: ModifierGroupRef[];
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
		// Three categories on two courses (drinks go with the starters), and modifier groups as a real menu has them:
		// a required cooking temperature on the grill dishes, paid extras on the burger, a side on the steak (the side
		// salad is a side line on the cold station).
		const post = async (what: string, p: string, body: unknown) => {
			const r = await http.post(p, body, admin);
			if (r.status !== 201) throw new Error(`${what}: ${r.status} ${JSON.stringify(r.body)}`);
			return r.body;
		};
		const course: Record<string, number> = { Starters: 1, Mains: 2, Drinks: 1 };
		const cats: Record<string, string> = {};
		for (const [name, c] of Object.entries(course))
			cats[name] = (await post("category", "/api/v1/menu/categories", { name, course: c })).id;
		const group = async (body: object): Promise<ModifierGroupRef> => {
			const g = await post("modifier group", "/api/v1/menu/modifier-groups", body);
			return { id: g.id, options: g.options.map((o: { id: string }) => o.id) };
		};
		const temperature = await group({
			name: "Temperature",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [{ name: "Rare" }, { name: "Medium" }, { name: "Well done" }],
		});
		const extras = await group({
			name: "Extras",
			minChoices: 0,
			maxChoices: 3,
			options: [
				{ name: "Cheddar", priceDeltaCents: 150 },
				{ name: "Bacon", priceDeltaCents: 250 },
				{ name: "Fried egg", priceDeltaCents: 200 },
			],
		});
		const side = await group({
			name: "Side",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [{ name: "Fries" }, { name: "Side salad", station: "cold", priceDeltaCents: 100 }],
		});
		const items: MenuItemRef[] = [];
		const dishes = [
			["Burger", 1450, "grill", "Mains", "Beef, cheddar, pickles, brioche bun", [temperature, extras]],
			["Steak frites", 2800, "grill", "Mains", "Sirloin, fries, pepper sauce", [temperature, side]],
			["Caesar salad", 900, "cold", "Starters", "Romaine, parmesan, croutons", []],
			["Soup of the day", 650, "cold", "Starters", "Ask your server", []],
			["Lager", 600, "bar", "Drinks", "Draught, 0.5 l", []],
			["Lemonade", 400, "bar", "Drinks", "House-made", []],
		] as const;
		for (const [name, priceCents, station, category, description, groups] of dishes) {
			const body = { categoryId: cats[category], name, priceCents, station, description, modifierGroupIds: groups.map(g => g.id) };
			const r = await post("menu item", "/api/v1/menu/items", body);
			items.push({ id: r.id, station, groups: [...groups] });
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

let orderSeq = 0;

/**
 * The body of one order, a mix as tables order: a party of four over both courses (starters and drinks go now, the
 * mains are held until fired) with a cooking temperature, extras and a side salad on the cold station; a pair of mains
 * with a drink; a quick bite. Every order has at least one modifier choice.
 */
export function orderBody(r: Restaurant, tableId: string) {
	const [burger, steak, salad, soup, lager, lemonade] = r.items;
	const [temperature, extras] = burger.groups;
	const side = steak.groups[1];
	const n = orderSeq++;
	const temp = (i: number) => ({ groupId: temperature.id, optionIds: [temperature.options[(n + i) % 3]] });
	const variants = [
		[
			{ menuItemId: salad.id, quantity: 1, seat: 1 },
			{ menuItemId: soup.id, quantity: 1, seat: 2 },
			{
				menuItemId: burger.id,
				quantity: 2,
				notes: "no pickles",
				modifiers: [temp(0), { groupId: extras.id, optionIds: extras.options.slice(0, 2) }],
			},
			{ menuItemId: steak.id, quantity: 1, seat: 3, modifiers: [temp(1), { groupId: side.id, optionIds: [side.options[1]] }] },
			{ menuItemId: lager.id, quantity: 3 },
		],
		[
			{ menuItemId: steak.id, quantity: 1, modifiers: [temp(0), { groupId: side.id, optionIds: [side.options[0]] }] },
			{ menuItemId: burger.id, quantity: 1, modifiers: [temp(2)] },
			{ menuItemId: lemonade.id, quantity: 2 },
		],
		[
			{ menuItemId: burger.id, quantity: 1, modifiers: [temp(1), { groupId: extras.id, optionIds: [extras.options[2]] }] },
			{ menuItemId: salad.id, quantity: 1 },
			{ menuItemId: lager.id, quantity: 1 },
		],
	];
	return { tableId, covers: 4 - (n % 3), items: variants[n % 3] };
}
