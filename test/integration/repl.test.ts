// The operators' console: `npm run repl` joins a running cluster (distributed), or `REPL=1 npm start` opens it
// inside the embedded server; commands typed on stdin print the real floor, kitchen, orders, bills, lag and devices.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { DISTRIBUTED, MODE, createStorage, startCluster, testEnv, type Storage, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import type { Bill, Order } from "../../contracts";
import { EMBEDDED_PASS_ONLY } from "../helpers/passes";

/** A console process: what it printed, and a way to type a command and wait for its answer. */
class Console {
	out = "";
	readonly exited: Promise<number | null>;
	private readonly child: ChildProcess;

	constructor(script: string, env: Record<string, string>) {
		const home = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-repl-home-"));
		this.child = spawn(process.execPath, ["--import", "tsx", path.resolve(__dirname, "../../bin", script)], {
			env: { PATH: process.env.PATH ?? "", HOME: home, ...env },
			stdio: ["pipe", "pipe", "pipe"],
		});
		this.child.stdout!.on("data", (c: Buffer) => (this.out += c.toString()));
		this.child.stderr!.on("data", (c: Buffer) => (this.out += c.toString()));
		this.exited = new Promise(resolve => this.child.on("exit", code => resolve(code)));
	}

	async waitFor(re: RegExp, from = 0, ms = 30_000): Promise<string> {
		const deadline = Date.now() + ms;
		for (;;) {
			const text = this.out.slice(from);
			if (re.test(text)) return text;
			if (this.child.exitCode !== null)
				throw new Error(`console exited (${this.child.exitCode}) before printing ${re}:\n${this.out.slice(-3000)}`);
			if (Date.now() > deadline) throw new Error(`the console never printed ${re}; it printed:\n${text.slice(-3000)}`);
			await new Promise(r => setTimeout(r, 100));
		}
	}

	/** Types `line` and returns what the console printed until `until` matched. */
	async run(line: string, until: RegExp): Promise<string> {
		const from = this.out.length;
		this.child.stdin!.write(`${line}\n`);
		return this.waitFor(until, from);
	}

	async quit(): Promise<number | null> {
		this.child.stdin!.end();
		const timer = setTimeout(() => this.child.kill("SIGKILL"), 20_000);
		const code = await this.exited;
		clearTimeout(timer);
		return code;
	}

	kill(): void {
		if (this.child.exitCode === null) this.child.kill("SIGKILL");
	}
}

const short = (id: string) => id.slice(0, 8);
const money = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, "0")}`;

describe(`the operators' console (${MODE})`, () => {
	let cluster: TestCluster | undefined;
	let storage: Storage | undefined;
	let repl: Console;
	let baseUrl: string;
	let http: Client;
	let r: Restaurant;
	let waiting: Order;
	let bill: Bill;
	let cook: Device | undefined;

	before(async () => {
		if (DISTRIBUTED) {
			cluster = await startCluster();
			baseUrl = cluster.baseUrl;
			repl = new Console("repl.ts", { TRANSPORTER: process.env.TRANSPORTER!, NAMESPACE: cluster.storage.namespace });
			await repl.waitFor(/Joined namespace "[^"]+" as \S+: [1-9]\d* other node/);
		} else {
			// Embedded: the server itself opens the console (REPL=1), on its own data folder.
			storage = await createStorage();
			repl = new Console("brigade.ts", { ...testEnv(storage), REPL: "1", LOG_LEVEL: "info" });
			const [, port] = /listening on http:\/\/localhost:(\d+)/.exec(await repl.waitFor(/listening on http:\/\/localhost:\d+/))!;
			baseUrl = `http://127.0.0.1:${port}`;
			await repl.waitFor(/is up: services/);
		}
		http = client(baseUrl);
		r = await openRestaurant(http, 3);
		waiting = await placeOrder(http, r, r.tables[0], [
			{ menuItemId: r.dish.burger.id, quantity: 2 },
			{ menuItemId: r.dish.beer.id, quantity: 1 },
		]);
		const done = await placeOrder(http, r, r.tables[1], [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		await serveOrder(http, r, done.id);
		const b = await http.post<Bill>("/api/v1/billing/bills", { tableId: r.tables[1].id }, { token: r.token.staff });
		assert.equal(b.status, 201, JSON.stringify(b.body));
		bill = b.body;
	});
	after(async () => {
		cook?.close();
		repl?.kill();
		await cluster?.stop();
		await storage?.destroy();
	});

	it("floor: every table with its status, open order and open bill", async () => {
		const out = await repl.run("floor", /Floor: \d+ tables[\s\S]*└/);
		assert.match(out, /Floor: 3 tables/);
		const row = (name: string) => out.split("\n").find(l => l.includes(name)) ?? "";
		assert.match(row(r.tables[0].name), new RegExp(`${short(waiting.id)} placed, 2 items, ${money(waiting.totalCents)}`));
		assert.match(row(r.tables[1].name), new RegExp(`${short(bill.id)} due ${money(bill.balanceCents)}`));
		assert.match(row(r.tables[2].name), /available/);
	});

	it("kitchen [station]: open tickets of one station with what is left to cook", async () => {
		const out = await repl.run("kitchen grill", /Kitchen \(grill\): \d+ open tickets[\s\S]*└/);
		assert.match(out, /Kitchen \(grill\): 1 open tickets/);
		assert.match(out, new RegExp(`grill\\s*│\\s*${r.tables[0].name}\\s*│\\s*${short(waiting.id)}`));
		assert.match(out, /2x Burger \[queued\]/);
		assert.doesNotMatch(out, /Beer/, "the bar's item is not the grill's");
		const all = await repl.run("kitchen", /Kitchen: \d+ open tickets[\s\S]*└/);
		assert.match(all, /Kitchen: 2 open tickets, 1 bar, 1 grill/);
	});

	it("orders and bills: the open ones, with their amounts", async () => {
		const orders = await repl.run("orders", /Open orders: \d+[\s\S]*└/);
		assert.match(orders, /Open orders: 1, 1 placed/);
		assert.match(
			orders,
			new RegExp(
				`${short(waiting.id)}\\s*│\\s*${r.tables[0].name}\\s*│\\s*placed\\s*│\\s*2 queued\\s*│\\s*${money(waiting.totalCents)}`,
			),
		);
		const bills = await repl.run("bills", /Open bills: \d+[\s\S]*└/);
		assert.match(bills, new RegExp(`Open bills: 1, due ${money(bill.balanceCents)}`));
		assert.match(bills, new RegExp(`${short(bill.id)}\\s*│\\s*${r.tables[1].name}`));
	});

	it("lag: each service's outbox, and its consumer groups in Redis when distributed", async () => {
		const out = await repl.run("lag", /Lag: \d+ events[\s\S]*└/);
		for (const service of ["api", "auth", "billing", "kitchen", "menu", "notification", "order", "reporting", "table"]) {
			assert.match(out, new RegExp(`│?\\s*${service}\\s*│\\s*\\d+\\s*│`), `a row for ${service}`);
		}
		if (DISTRIBUTED) assert.match(out, /order\.placed\s*│\s*kitchen\s*│\s*\d+\s*│\s*\d+/);
		else assert.match(out, /\(in process\)/);
	});

	it("devices: connected sockets by gateway, role and station", async () => {
		cook = await connectDevice(baseUrl, { token: r.token.kitchen, stations: ["grill"] });
		const out = await repl.run("devices", /Devices: \d+ on \d+ gateway[\s\S]*└/);
		assert.match(out, /Devices: 1 on 1 gateway\(s\), 1 kitchen/);
		assert.match(out, /kitchen\s*│\s*kitchen-\w+\s*│\s*grill/);
	});

	it("ends cleanly when stdin ends (Ctrl-D)", async () => {
		assert.equal(await repl.quit(), 0);
	});
});

describe("the operators' console without a cluster", { skip: EMBEDDED_PASS_ONLY }, () => {
	it("says there is no cluster to join and exits non-zero", async () => {
		const c = new Console("repl.ts", {});
		const out = await c.waitFor(/TRANSPORTER is not set/);
		assert.match(out, /REPL=1 npm start/);
		assert.equal(await c.exited, 78);
	});
});
