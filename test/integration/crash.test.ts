// Nothing accepted is lost across a crash: a node killed with SIGKILL right after an order committed, then
// started again, and (distributed) a Redis restart mid-service. Every accepted order gets its tickets, once.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { ADMIN, createStorage, DISTRIBUTED, startCluster, testEnv, type Storage, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { NodeProcess } from "../helpers/process";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { Order, Ticket } from "../../contracts";
import { EMBEDDED_PASS_ONLY } from "../helpers/passes";

const wholeTickets = async (http: Client, r: Restaurant, orders: Order[]) => {
	const all = (await http.get<Ticket[]>("/api/v1/kitchen/tickets?limit=500", { token: r.token.kitchen })).body;
	if (!Array.isArray(all)) return false;
	return orders.every(o => {
		const mine = all.filter(t => t.orderId === o.id);
		const items = mine.flatMap(t => t.items.map(i => i.id)).sort();
		return items.length === o.items.length && JSON.stringify(items) === JSON.stringify(o.items.map(i => i.id).sort());
	});
};

const order = async (http: Client, r: Restaurant, tableIndex: number) => {
	const res = await http.post<Order>(
		"/api/v1/orders",
		{
			tableId: r.tables[tableIndex].id,
			items: [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.salad.id, quantity: 2 },
			],
		},
		{ token: r.token.staff },
	);
	assert.equal(res.status, 201, JSON.stringify(res.body));
	return res.body;
};

describe("embedded: kill -9 right after an order commits", { skip: EMBEDDED_PASS_ONLY }, () => {
	let storage: Storage;
	after(() => storage?.destroy());

	it("the restarted process gives the kitchen every ticket, once", async () => {
		storage = await createStorage();
		const env = {
			DATA_DIR: storage.dataDir,
			PORT: "0",
			BCRYPT_ROUNDS: "4",
			ADMIN_USERNAME: ADMIN.username,
			ADMIN_PASSWORD: ADMIN.password,
		};
		const first = new NodeProcess("brigade.ts", env);
		const [, url] = await first.waitFor(/listening on (http:\/\/localhost:\d+)/);
		await first.waitFor(/is up/);
		let http = client(url.replace("localhost", "127.0.0.1"));
		const r = await openRestaurant(http);
		const placed = await Promise.all([0, 1, 2].map(i => order(http, r, i)));
		await first.kill();

		const second = new NodeProcess("brigade.ts", env);
		try {
			const [, url2] = await second.waitFor(/listening on (http:\/\/localhost:\d+)/);
			await second.waitFor(/is up/);
			http = client(url2.replace("localhost", "127.0.0.1"));
			await until("every ticket after the restart", () => wholeTickets(http, r, placed), 20_000);
		} finally {
			assert.equal(await second.stop(), 0);
		}
	});
});

describe("distributed: a kitchen node killed and started again", {
	skip: DISTRIBUTED ? false : "needs DATABASE_URL and TRANSPORTER (the CI's second pass sets them)",
}, () => {
	let cluster: TestCluster;
	const kitchens: NodeProcess[] = [];
	after(async () => {
		for (const k of kitchens) await k.stop();
		await cluster?.stop();
	});

	it("orders committed while it was dying or dead reach it once it is back, each ticket once", async () => {
		cluster = await startCluster({ split: [["auth"], ["table", "menu", "order"], ["api"]] });
		const env = { ...testEnv(cluster.storage), SERVICES: "kitchen", LOG_LEVEL: "info" };
		const startKitchen = async (n: number) => {
			const k = new NodeProcess("brigade.ts", { ...env, NODE_ID: `${cluster.storage.namespace}-kitchen-${n}` });
			kitchens.push(k);
			await k.waitFor(/is up/);
			return k;
		};
		const http = client(cluster.baseUrl);
		const kitchen = await startKitchen(1);
		await until(
			"the kitchen routes",
			async () => (await http.get<{ paths: Record<string, unknown> }>("/api/v1/openapi.json")).body.paths["/api/v1/kitchen/tickets"],
			20_000,
		);
		const r = await openRestaurant(http);

		const first = await order(http, r, 0);
		await kitchen.kill();
		const whileDead = await order(http, r, 1);

		await startKitchen(2);
		// Until the gateway misses the dead node's heartbeats (15 s), some calls still go its way and time out.
		const gateway = cluster.brokerOf("api");
		await until(
			"the gateway to drop the dead kitchen node",
			() => gateway.registry.nodes.get(`${cluster.storage.namespace}-kitchen-1`)?.available === false,
			30_000,
		);
		// A message the dead node had taken but not acknowledged is claimed by the new one after 15 s.
		await until("both orders' tickets", () => wholeTickets(http, r, [first, whileDead]), 40_000);
		const bump = await http.post(`/api/v1/kitchen/tickets/${first.id}/bump?station=grill`, undefined, { token: r.token.kitchen });
		assert.equal(bump.status, 200);
	});
});

describe("distributed: Redis restarted mid-service", {
	skip: DISTRIBUTED ? false : "needs DATABASE_URL and TRANSPORTER (the CI's second pass sets them)",
}, () => {
	// A Redis of this test's own (with the append-only file a production Redis keeps), so the machine's is untouched.
	const port = 6390 + Math.floor(Math.random() * 50);
	let dir: string;
	let cluster: TestCluster | undefined;
	let storage: Storage | undefined;
	const startRedis = () => {
		const child = spawn(
			"redis-server",
			["--port", String(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "yes", "--appendfsync", "always", "--dir", dir],
			{ stdio: "ignore" },
		);
		return until(
			"redis to answer",
			() =>
				spawnSync("redis-cli", ["-p", String(port), "ping"])
					.stdout?.toString()
					.includes("PONG"),
			10_000,
		).then(() => child);
	};
	after(async () => {
		await cluster?.stop();
		await storage?.destroy();
		spawnSync("redis-cli", ["-p", String(port), "shutdown", "nosave"]);
		if (dir) fs.rmSync(dir, { recursive: true, force: true });
	});

	it("orders placed before and after come through whole; none is lost or doubled", async () => {
		storage = await createStorage();
		dir = fs.mkdtempSync(path.join(storage.dataDir, "redis-"));
		await startRedis();
		cluster = await startCluster({ storage, env: { TRANSPORTER: `redis://127.0.0.1:${port}` } });
		const http = client(cluster.baseUrl);
		const r = await openRestaurant(http);

		const before = await order(http, r, 0);
		spawnSync("redis-cli", ["-p", String(port), "shutdown"]);
		// While Redis is away the nodes cannot reach each other: refused, not accepted and lost.
		const during = await http.post(
			"/api/v1/orders",
			{ tableId: r.tables[1].id, items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] },
			{ token: r.token.staff },
		);
		assert.ok(during.status >= 500 || during.status === 201, `${during.status} ${JSON.stringify(during.body)}`);
		await new Promise(res => setTimeout(res, 1000));
		await startRedis();

		const afterRestart = await until(
			"an order once Redis is back",
			async () => {
				const res = await http.post<Order>(
					"/api/v1/orders",
					{ tableId: r.tables[2].id, items: [{ menuItemId: r.dish.steak.id, quantity: 1 }] },
					{ token: r.token.staff },
				);
				return res.status === 201 && res.body;
			},
			20_000,
		);
		const accepted = [before, afterRestart, ...(during.status === 201 ? [during.body as Order] : [])];
		await until("every accepted order's tickets", () => wholeTickets(http, r, accepted), 40_000);
	});
});
