// Brigade as people run it: `npm start` on a fresh folder, a restart that keeps everything, SIGTERM,
// and (with PostgreSQL and Redis) `npm run cluster` with services spread over separate processes.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { createStorage, DISTRIBUTED, type Storage } from "./helpers/cluster";
import { client } from "./helpers/http";
import { NodeProcess } from "./helpers/process";

describe("embedded, as a newcomer runs it", () => {
	let storage: Storage;
	after(() => storage?.destroy());

	it("starts on a fresh folder, says where it listens and the first admin's password, and keeps data across a restart", async () => {
		storage = await createStorage();
		// Only what a newcomer has: no DATABASE_URL, TRANSPORTER, JWT_SECRET or ADMIN_PASSWORD.
		const env = { DATA_DIR: storage.dataDir, PORT: "0", BCRYPT_ROUNDS: "4" };

		const first = new NodeProcess("brigade.ts", env);
		let token: string;
		let refreshToken: string;
		let password: string;
		try {
			const [, url] = await first.waitFor(/listening on (http:\/\/localhost:\d+)/);
			[, , password] = await first.waitFor(/First admin created: username "([^"]+)", password "([^"]+)"/);
			await first.waitFor(/is up: services \[api, auth, table, menu, order, kitchen, billing, reporting, notification\], embedded PostgreSQL/);
			const http = client(url.replace("localhost", "127.0.0.1"));
			const pair = await http.login("admin", password);
			token = pair.accessToken;
			refreshToken = pair.refreshToken;
			const r = await http.post("/api/v1/auth/register", { username: "first-waiter", password: "password-123", fullName: "First Waiter", role: "staff" }, { token });
			assert.equal(r.status, 201);
		} finally {
			assert.equal(await first.stop(), 0, "SIGTERM ends the process cleanly");
		}
		assert.ok(first.lines.some(l => /stopped/i.test(l.msg)), "services report stopping");

		const second = new NodeProcess("brigade.ts", env);
		try {
			const [, url] = await second.waitFor(/listening on (http:\/\/localhost:\d+)/);
			await second.waitFor(/is up/);
			assert.equal(second.lines.some(l => /First admin created/.test(l.msg)), false, "no second admin, no new password");
			const http = client(url.replace("localhost", "127.0.0.1"));
			// The secret was kept in DATA_DIR: tokens issued before the restart still hold.
			assert.equal((await http.get("/api/v1/auth/profile", { token })).status, 200);
			assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken })).status, 200);
			await http.login("first-waiter", "password-123");
			await http.login("admin", password);
		} finally {
			assert.equal(await second.stop(), 0);
		}
	});
});

describe("distributed over separate processes (npm run cluster)", { skip: DISTRIBUTED ? false : "needs DATABASE_URL and TRANSPORTER (the CI's second pass sets them)" }, () => {
	let storage: Storage;
	after(() => storage?.destroy());

	it("a gateway process and an auth process find each other over Redis and serve a login", async () => {
		storage = await createStorage();
		const cluster = new NodeProcess("cluster.ts", {
			DATABASE_URL: storage.databaseUrl!,
			TRANSPORTER: process.env.TRANSPORTER!,
			JWT_SECRET: crypto.randomBytes(32).toString("base64url"),
			NAMESPACE: storage.namespace,
			ADMIN_PASSWORD: "cluster-admin-1",
			BCRYPT_ROUNDS: "4",
			PORT: "0",
		});
		try {
			const [, url] = await cluster.waitFor(/listening on (http:\/\/localhost:\d+)/);
			const gatewayLine = cluster.raw.find(l => l.startsWith("[gateway]") && l.includes("listening on"));
			assert.ok(gatewayLine, "the gateway node serves HTTP");
			const http = client(url.replace("localhost", "127.0.0.1"));
			// The gateway learns auth's routes when the office node's INFO arrives.
			const deadline = Date.now() + 20_000;
			let status = 0;
			while (Date.now() < deadline) {
				status = (await http.post("/api/v1/auth/login", { username: "admin", password: "cluster-admin-1" })).status;
				if (status === 200) break;
				await new Promise(r => setTimeout(r, 200));
			}
			assert.equal(status, 200);
			const ready = await http.get("/health/ready");
			assert.equal(ready.status, 200);
			assert.equal(ready.body.checks.transporter, "ok");
			const nodeIds = new Set(cluster.lines.map(l => l.nodeID).filter(Boolean));
			assert.ok(nodeIds.size >= 2, `two nodes logged: ${[...nodeIds].join(", ")}`);
		} finally {
			assert.equal(await cluster.stop(), 0);
		}
	});
});
