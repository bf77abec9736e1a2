// Brigade as people run it: `npm start` on a fresh folder, a restart that keeps everything, SIGTERM,
// and (with PostgreSQL and Redis) `npm run cluster` with services spread over separate processes.
import { after, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import net from "node:net";
import { createStorage, DISTRIBUTED, testEnv, type Storage } from "../helpers/cluster";
import { client } from "../helpers/http";
import { NodeProcess } from "../helpers/process";
import { scriptSkip, TerminalProcess } from "../helpers/terminal";
import { EMBEDDED_PASS_ONLY } from "../helpers/passes";

describe("embedded, as a newcomer runs it", { skip: EMBEDDED_PASS_ONLY }, () => {
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
			await first.waitFor(
				/is up: services \[api, auth, table, menu, order, kitchen, billing, drawer, reporting, notification, device, approval, guest, mail\], embedded PostgreSQL/,
			);
			const http = client(url.replace("localhost", "127.0.0.1"));
			const pair = await http.login("admin", password);
			token = pair.accessToken;
			refreshToken = pair.refreshToken;
			const r = await http.post(
				"/api/v1/auth/register",
				{ username: "first-waiter", password: "password-123", fullName: "First Waiter", role: "staff" },
				{ token },
			);
			assert.equal(r.status, 201);
		} finally {
			assert.equal(await first.stop(), 0, "SIGTERM ends the process cleanly");
		}
		assert.ok(
			first.lines.some(l => /stopped/i.test(l.msg)),
			"services report stopping",
		);
		assert.deepEqual(
			first.raw.filter(l => !l.startsWith("{")),
			[],
			"stdout is a pipe here: every line is JSON",
		);
		assert.deepEqual(
			first.lines.filter(l => / => \S+\.\S+/.test(l.msg)).map(l => l.msg),
			[],
			"no route table at info (GET /api/v1/openapi.json has it)",
		);

		const second = new NodeProcess("brigade.ts", env);
		try {
			const [, url] = await second.waitFor(/listening on (http:\/\/localhost:\d+)/);
			await second.waitFor(/is up/);
			assert.equal(
				second.lines.some(l => /First admin created/.test(l.msg)),
				false,
				"no second admin, no new password",
			);
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

describe("embedded, on a terminal", { skip: scriptSkip || EMBEDDED_PASS_ONLY }, () => {
	let storage: Storage;
	after(() => storage?.destroy());

	it("npm start prints a few readable lines and ends with the first admin's password in a box naming the address to open", async () => {
		storage = await createStorage();
		const term = new TerminalProcess(`exec "${process.execPath}" --import tsx bin/brigade.ts`, {
			DATA_DIR: storage.dataDir,
			PORT: "0",
			BCRYPT_ROUNDS: "4",
		});
		try {
			await term.waitFor(/└─+┘/);
			const lines = term.output.split("\n").filter(l => l.trim());
			const top = lines.findIndex(l => l.startsWith("┌"));
			assert.match(lines.at(-1)!, /^└─+┘$/, `the box is the last thing printed:\n${term.output}`);
			const logs = lines.slice(0, top);
			assert.deepEqual(
				logs.filter(l => l.trimStart().startsWith("{")),
				[],
				"no JSON on a terminal",
			);
			assert.ok(logs.length <= 8, `a few lines before the box, not ${logs.length}:\n${logs.join("\n")}`);
			assert.ok(
				logs.every(l => /^\[\d\d:\d\d:\d\d\] (INFO|WARN)/.test(l)),
				`each line starts with the time of day and its level:\n${logs.join("\n")}`,
			);
			assert.match(logs.join("\n"), /is up/);
			assert.doesNotMatch(logs.join("\n"), /password "/, "the password is in the box only");

			const [, port] = /listening on http:\/\/localhost:(\d+)/.exec(term.output)!;
			const boxed = lines.slice(top).join("\n");
			assert.match(boxed, new RegExp(`Open +http://localhost:${port}\\b`));
			const [, username] = /Username +(\S+)/.exec(boxed)!;
			const [, password] = /Password +(\S+)/.exec(boxed)!;
			const pair = await client(`http://127.0.0.1:${port}`).login(username, password);
			assert.equal(pair.user.role, "admin");
		} finally {
			assert.equal(await term.interrupt(), 0, `Ctrl-C stops it cleanly:\n${term.output}`);
		}
		assert.match(
			term.output.trimEnd().split("\n").at(-1)!,
			/INFO: brigade: Brigade node \S+ stopped$/,
			"after Ctrl-C, one line says it stopped",
		);
	});
});

describe("ops endpoints of nodes on one host", () => {
	let storage: Storage;
	const nodes: NodeProcess[] = [];
	after(async () => {
		for (const n of nodes) await n.stop();
		await storage?.destroy();
	});

	it("OPS_PORT naming a port another process holds stops the node with one sentence naming OPS_PORT", async () => {
		storage = await createStorage();
		const holder = net.createServer();
		await new Promise<void>(resolve => holder.listen(0, resolve));
		const taken = (holder.address() as net.AddressInfo).port;
		try {
			const node = new NodeProcess("brigade.ts", testEnv(storage, { OPS_PORT: String(taken), LOG_LEVEL: "info" }));
			nodes.push(node);
			assert.equal(await node.exited, 1);
			const fatal = node.lines.filter(l => l.level === 60);
			assert.equal(fatal.length, 1, node.raw.join("\n"));
			assert.equal(
				fatal[0].msg,
				`Brigade could not start: OPS_PORT ${taken} is already in use by another process: set OPS_PORT to a free port (0 picks one, off turns the ops endpoint off)`,
			);
			assert.equal(fatal[0].err, undefined, "a sentence, not a stack");
		} finally {
			holder.close();
		}
	});

	it("two nodes started without OPS_PORT both start: the one that finds 9100 taken serves its ops endpoint on a free port and says which", {
		skip: DISTRIBUTED ? false : "the ops endpoint is on by default only with a TRANSPORTER (the CI's second pass)",
	}, async () => {
		storage ??= await createStorage();
		const start = (services: string) => {
			const env = testEnv(storage, { SERVICES: services, LOG_LEVEL: "info", NODE_ID: `${storage.namespace}-${services}` });
			delete env.OPS_PORT; // as the README's `SERVICES=… npm start` has it: the default port
			const node = new NodeProcess("brigade.ts", env);
			nodes.push(node);
			return node;
		};
		const first = start("notification");
		await first.waitFor(/is up/);
		const second = start("reporting");
		await second.waitFor(/is up/);
		const [, port] = await second.waitFor(
			/^Port 9100 is taken \(another node on this host\?\), so the ops endpoint of node \S+ is on http:\/\/localhost:(\d+) /,
		);
		assert.notEqual(Number(port), 9100);
		const live = await fetch(`http://127.0.0.1:${port}/health/live`);
		assert.equal(live.status, 200);
		assert.equal(((await live.json()) as { nodeID: string }).nodeID, `${storage.namespace}-reporting`);
	});
});

describe("distributed over separate processes (npm run cluster)", {
	skip: DISTRIBUTED ? false : "needs DATABASE_URL and TRANSPORTER (the CI's second pass sets them)",
}, () => {
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
