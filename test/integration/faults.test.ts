// Faults under a steady load: Brigade runs as real processes (gateway, two floor nodes, kitchen, office) on a
// PostgreSQL and a Redis of this test's own. Tablets keep placing orders (each with its own Idempotency-Key,
// retried with the same key until accepted) and settling them (bump, serve, bill, pay, again with keys) while
// a floor node is killed with SIGKILL and started again, Redis is restarted, and PostgreSQL is restarted.
// After each fault the cluster must take an order again within 10 s of the node or dependency being back;
// at the end every accepted order has its kitchen tickets, nothing is doubled, and every outbox is drained.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { spawnSync } from "node:child_process";
import knexFactory, { type Knex } from "knex";
import { ADMIN, DISTRIBUTED } from "../helpers/cluster";
import { client } from "../helpers/http";
import { NodeProcess } from "../helpers/process";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { privatePostgresUnavailable, startPostgres, startRedis, type PrivatePostgres, type PrivateRedis } from "../helpers/infra";
import { until } from "../helpers/wait";
import { SCHEMAS } from "../../lib/config";
import type { Bill, Order, Payment, Table, Ticket } from "../../contracts";

const ORDERS_PER_SECOND = Number(process.env.FAULTS_RATE ?? 10);
const TABLETS = 16;
const TABLES = 120;
const PROBE_TABLES = 3;
const RECOVERY_LIMIT_MS = 10_000;
const log = (msg: string) => console.log(`# faults: ${msg}`);
const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

const skip = !DISTRIBUTED
	? "distributed only: the scenario kills separate node processes and restarts Redis and PostgreSQL (run with DATABASE_URL and TRANSPORTER set)"
	: privatePostgresUnavailable();

/** One HTTP attempt; a network error or a timeout is status 0, as a tablet sees it. */
async function send<T = any>(
	base: string,
	method: string,
	path: string,
	token: string,
	body?: unknown,
	key?: string,
): Promise<{ status: number; body: T }> {
	try {
		const headers: Record<string, string> = { authorization: `Bearer ${token}` };
		if (body !== undefined) headers["content-type"] = "application/json";
		if (key) headers["idempotency-key"] = key;
		const res = await fetch(base + path, {
			method,
			headers,
			body: body === undefined ? undefined : JSON.stringify(body),
			signal: AbortSignal.timeout(15_000),
		});
		const text = await res.text();
		return {
			status: res.status,
			body: (text && (res.headers.get("content-type") ?? "").includes("json") ? JSON.parse(text) : text) as T,
		};
	} catch (err) {
		return { status: 0, body: { error: { code: "NETWORK", message: (err as Error).message } } as T };
	}
}

/** Worth retrying: no answer, a server-side failure, or the same key still being worked on. */
const transient = (r: { status: number; body: any }) =>
	r.status === 0 || r.status >= 500 || r.body?.error?.code === "IDEMPOTENCY_KEY_IN_USE";

interface Accepted {
	key: string;
	order: Order;
	/** When the tablet first sent it and when it was finally accepted. */
	sentAt: number;
	at: number;
	attempts: number;
}

interface Paid {
	billKey: string;
	payKey: string;
	bill: Bill;
	payment: Payment;
}

/** Tablets placing and settling orders at a steady rate until stopped. */
class Load {
	readonly accepted: Accepted[] = [];
	readonly paid: Paid[] = [];
	/** Answers a tablet could do nothing about (a 4xx that a retry cannot fix): each one is a bug. */
	readonly unexpected: string[] = [];
	/** Every answer a retry had to fix, from placing orders and from each settling step. */
	readonly failedAttempts: { at: number; status: number; code?: string; what?: string }[] = [];
	private readonly free: Table[];
	private readonly settling = new Set<Promise<void>>();
	private running = true;
	private nextSlot = Date.now();
	private tabletsDone: Promise<unknown> = Promise.resolve([]);
	private openTickets = new Map<string, Set<string>>();
	private ticketPoller?: Promise<void>;
	pendingSettlements = 0;
	/** Where each unsettled order is stuck, for the failure message. */
	readonly stage = new Map<string, string>();
	/** Set when the test ends: every loop gives up. */
	aborted = false;
	/** Faults by time, to tell when a stuck order was accepted. */
	readonly marks: { name: string; at: number }[] = [{ name: "load started", at: Date.now() }];

	constructor(
		private readonly base: string,
		private readonly r: Restaurant,
	) {
		// A few tables are kept for the recovery probes; the tablets share the rest.
		this.free = r.tables.slice(PROBE_TABLES);
		this.probeTables = r.tables.slice(0, PROBE_TABLES);
	}

	private readonly probeTables: Table[];

	/**
	 * Measures recovery: from now, a tablet sends one order (one Idempotency-Key) every 500 ms without waiting
	 * for the previous attempt, so a request left hanging by the fault does not hide the cluster serving again.
	 * Resolves with the time the first attempt was accepted; the order is then settled like every other.
	 */
	async probe(): Promise<number> {
		const table = this.probeTables.shift();
		assert.ok(table, "no probe table left");
		const key = crypto.randomUUID();
		const body = {
			tableId: table.id,
			items: [
				{ menuItemId: this.r.dish.burger.id, quantity: 1 },
				{ menuItemId: this.r.dish.salad.id, quantity: 2 },
			],
		};
		const sentAt = Date.now();
		let accepted: Accepted | undefined;
		let attempts = 0;
		while (!accepted && !this.aborted) {
			attempts++;
			const attempt = send<Order>(this.base, "POST", "/api/v1/orders", this.r.token.staff, body, key).then(res => {
				if (res.status === 201) accepted ??= { key, order: res.body, sentAt, at: Date.now(), attempts };
				else if (!transient(res)) this.unexpected.push(`probe POST /orders → ${res.status} ${JSON.stringify(res.body)}`);
			});
			await Promise.race([attempt, sleep(500)]);
		}
		if (!accepted) return Infinity;
		this.accepted.push(accepted);
		const a = accepted;
		this.pendingSettlements++;
		this.stage.set(a.order.id, "settling");
		const p = this.settle(table, a.order)
			.catch(err => void this.unexpected.push(`settling ${a.order.id}: ${(err as Error).message}`))
			.finally(() => {
				this.stage.delete(a.order.id);
				this.pendingSettlements--;
				this.settling.delete(p);
			});
		this.settling.add(p);
		return a.at;
	}

	start(): void {
		this.tabletsDone = Promise.all(Array.from({ length: TABLETS }, () => this.tablet()));
		this.ticketPoller = this.pollTickets();
	}

	/** Stops placing, then waits for every placed order to be settled. */
	async stop(ms: number): Promise<void> {
		this.running = false;
		await this.tabletsDone;
		await until("every order settled", () => this.pendingSettlements === 0, ms).catch(err => {
			throw new Error(`${(err as Error).message}; ${this.pendingSettlements} left:\n${this.describeStuck()}`);
		});
		this.polling = false;
		await this.ticketPoller;
	}

	describeStuck(): string {
		const when = (t: number) => {
			const m = [...this.marks].reverse().find(x => x.at <= t)!;
			return `${((t - m.at) / 1000).toFixed(1)} s after ${m.name}`;
		};
		return [...this.stage]
			.map(([id, stage]) => `  order ${id} (accepted ${when(this.accepted.find(a => a.order.id === id)!.at)}): ${stage}`)
			.join("\n");
	}

	/** Successful orders (by acceptance time) after `t`. */
	firstAcceptedAfter(t: number): number | undefined {
		return this.accepted.filter(a => a.at >= t).sort((a, b) => a.at - b.at)[0]?.at;
	}

	/** The longest stretch between `from` and `to` in which no order was accepted. */
	longestGap(from: number, to: number): number {
		const times = [
			from,
			...this.accepted
				.map(a => a.at)
				.filter(t => t > from && t < to)
				.sort((a, b) => a - b),
			to,
		];
		return Math.max(...times.slice(1).map((t, i) => t - times[i]));
	}

	private async slot(): Promise<void> {
		const now = Date.now();
		this.nextSlot = Math.max(now, this.nextSlot + 1000 / ORDERS_PER_SECOND);
		await sleep(this.nextSlot - now);
	}

	private async tablet(): Promise<void> {
		while (this.running) {
			await this.slot();
			const table = this.free.shift();
			if (!table) continue; // every table is busy: this tablet's turn is skipped
			if (!this.running) break;
			const accepted = await this.place(table);
			if (!accepted) continue; // reported in `unexpected`; the table stays out of play
			this.pendingSettlements++;
			const p = this.settle(table, accepted.order)
				.catch(err => void this.unexpected.push(`settling ${accepted.order.id}: ${(err as Error).message}`))
				.finally(() => {
					this.stage.delete(accepted.order.id);
					this.pendingSettlements--;
					this.settling.delete(p);
				});
			this.settling.add(p);
		}
	}

	/** Retries with the same Idempotency-Key until the order is accepted, as a tablet does. */
	private async place(table: Table): Promise<Accepted | undefined> {
		const key = crypto.randomUUID();
		const body = {
			tableId: table.id,
			items: [
				{ menuItemId: this.r.dish.burger.id, quantity: 1 },
				{ menuItemId: this.r.dish.salad.id, quantity: 2, notes: "no onions" },
			],
		};
		const sentAt = Date.now();
		for (let attempt = 1; !this.aborted; attempt++) {
			const res = await send<Order>(this.base, "POST", "/api/v1/orders", this.r.token.staff, body, key);
			if (res.status === 201) {
				const a = { key, order: res.body, sentAt, at: Date.now(), attempts: attempt };
				this.accepted.push(a);
				return a;
			}
			this.failedAttempts.push({ at: Date.now(), status: res.status, code: (res.body as any)?.error?.code });
			if (!transient(res)) {
				this.unexpected.push(`POST /orders (key ${key}, attempt ${attempt}) → ${res.status} ${JSON.stringify(res.body)}`);
				return undefined;
			}
			await sleep(Math.min(200 * attempt, 1000));
		}
		return undefined;
	}

	private polling = true;
	/** The kitchen display: one GET of the open tickets every 300 ms, shared by every order waiting for its tickets. */
	private async pollTickets(): Promise<void> {
		while (this.polling && !this.aborted) {
			const res = await send<Ticket[]>(this.base, "GET", "/api/v1/kitchen/tickets?limit=500", this.r.token.kitchen);
			if (res.status === 200 && Array.isArray(res.body)) {
				const seen = new Map<string, Set<string>>();
				for (const t of res.body) {
					const s = seen.get(t.orderId) ?? new Set<string>();
					for (const i of t.items) s.add(i.id);
					seen.set(t.orderId, s);
				}
				this.openTickets = seen;
			}
			await sleep(300);
		}
	}

	/** Retries one step until it gives `done`; a 4xx that is not expected for the step is a bug. */
	private async step<T>(
		what: string,
		fn: () => Promise<{ status: number; body: any }>,
		done: (r: { status: number; body: any }) => T | undefined | Promise<T | undefined>,
		retryable: (r: { status: number; body: any }) => boolean = () => false,
	): Promise<T> {
		for (let attempt = 1; attempt < 1000 && !this.aborted; attempt++) {
			const res = await fn();
			const v = await done(res);
			if (v !== undefined) return v;
			if (transient(res)) this.failedAttempts.push({ at: Date.now(), status: res.status, code: res.body?.error?.code, what });
			if (!transient(res) && !retryable(res)) throw new Error(`${what} → ${res.status} ${JSON.stringify(res.body)}`);
			await sleep(Math.min(200 * attempt, 1000));
		}
		throw new Error(`${what} never succeeded`);
	}

	/** The order's tickets arrive (through the order.placed event, not a bump), then bump, serve, bill and pay. */
	private async settle(table: Table, order: Order): Promise<void> {
		const { staff, kitchen } = this.r.token;
		const itemIds = order.items.map(i => i.id);
		this.stage.set(order.id, "waiting for its kitchen tickets");
		// Tickets must come from the event: the bump would write them from the order itself and hide a lost event.
		await until(
			`the tickets of order ${order.id}`,
			() => this.aborted || itemIds.every(id => this.openTickets.get(order.id)?.has(id)),
			120_000,
		);
		this.stage.set(order.id, "bump");
		await this.step(
			`bump ${order.id}`,
			() => send(this.base, "POST", `/api/v1/kitchen/tickets/${order.id}/bump`, kitchen),
			r => (r.status === 200 || r.body?.error?.code === "TICKET_ALREADY_BUMPED" ? true : undefined),
		);
		this.stage.set(order.id, "serve");
		await this.step(
			`serve ${order.id}`,
			() => send<Order>(this.base, "POST", `/api/v1/orders/${order.id}/serve`, staff),
			async r => {
				if (r.status === 200) return true;
				if (r.status !== 409) return undefined;
				// A retry of a serve that went through the first time: the order says so.
				const now = await send<Order>(this.base, "GET", `/api/v1/orders/${order.id}`, staff);
				return now.status === 200 && now.body.status === "served" ? true : undefined;
			},
			r => r.status === 409, // the items' ready status may still be on its way to the order service
		);
		const billKey = crypto.randomUUID();
		this.stage.set(order.id, "bill");
		const bill = await this.step(
			`bill table ${table.name}`,
			() => send<Bill>(this.base, "POST", "/api/v1/billing/bills", staff, { tableId: table.id }, billKey),
			r => (r.status === 201 ? (r.body as Bill) : undefined),
		);
		assert.deepEqual(bill.orderIds, [order.id], `bill ${bill.id} should hold exactly order ${order.id}`);
		const payKey = crypto.randomUUID();
		this.stage.set(order.id, `pay bill ${bill.id}`);
		const method = this.paid.length % 2 ? "card" : "cash";
		const payment = await this.step(
			`pay bill ${bill.id}`,
			() =>
				send<Payment>(
					this.base,
					"POST",
					`/api/v1/billing/bills/${bill.id}/payments`,
					staff,
					{ method, amountCents: bill.totalCents },
					payKey,
				),
			r => (r.status === 201 ? (r.body as Payment) : undefined),
		);
		this.paid.push({ billKey, payKey, bill, payment });
		this.free.push(table);
	}
}

describe("faults under a steady order load", { skip }, () => {
	let pg: PrivatePostgres;
	let redis: PrivateRedis;
	let db: Knex;
	let load: Load;
	let base: string;
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-faults-"));
	const namespace = `f${crypto.randomBytes(3).toString("hex")}`;
	const nodes = new Map<string, NodeProcess>();
	const stopped = new Set<NodeProcess>();
	const crashes: string[] = [];
	const recoveries: Record<string, number> = {};
	let env: Record<string, string>;

	const startNode = async (name: string, services: string): Promise<NodeProcess> => {
		const node = new NodeProcess("brigade.ts", { ...env, SERVICES: services, NODE_ID: `${namespace}-${name}` });
		nodes.set(name, node);
		void node.exited.then(code => {
			if (!stopped.has(node)) crashes.push(`${name} exited (${code}) on its own:\n${node.raw.slice(-20).join("\n")}`);
		});
		await node.waitFor(/is up/, 60_000);
		return node;
	};

	before(async () => {
		const t0 = Date.now();
		[pg, redis] = await Promise.all([startPostgres(), startRedis()]);
		db = knexFactory({ client: "pg", connection: pg.url, pool: { min: 0, max: 2 } });
		env = {
			DATABASE_URL: pg.url,
			TRANSPORTER: redis.url,
			JWT_SECRET: crypto.randomBytes(32).toString("base64url"),
			NAMESPACE: namespace,
			DATA_DIR: dataDir,
			PORT: "0",
			OPS_PORT: "0",
			ADMIN_USERNAME: ADMIN.username,
			ADMIN_PASSWORD: ADMIN.password,
			BCRYPT_ROUNDS: "4",
			DB_POOL_MAX: "5",
			LOG_LEVEL: "info",
		};
		// Office first: auth creates the admin; the rest start together.
		await startNode("office", "auth,approval,billing,drawer,reporting,notification,mail");
		await Promise.all([
			startNode("floor-1", "table,menu,order,guest"),
			startNode("floor-2", "table,menu,order,guest"),
			startNode("kitchen", "kitchen,device"),
		]);
		const gateway = await startNode("gateway", "api");
		const [, url] = await gateway.waitFor(/listening on (http:\/\/localhost:\d+)/);
		base = url.replace("localhost", "127.0.0.1");
		await until(
			"the gateway's routes to every service",
			async () => {
				const res = await fetch(`${base}/api/v1/openapi.json`).catch(() => undefined);
				if (!res?.ok) return false;
				const paths = ((await res.json()) as { paths: Record<string, unknown> }).paths;
				return ["/api/v1/auth/login", "/api/v1/orders", "/api/v1/kitchen/tickets", "/api/v1/billing/bills"].every(p => paths[p]);
			},
			30_000,
		);
		const r = await openRestaurant(client(base), TABLES);
		log(`cluster of 5 processes on a private PostgreSQL (:${pg.port}) and Redis (:${redis.port}) up in ${Date.now() - t0} ms`);
		load = new Load(base, r);
		load.start();
		await until("the first orders under load", () => load.accepted.length >= 20, 30_000);
	});

	after(async () => {
		if (load) load.aborted = true;
		// FAULTS_LOGS=<dir> keeps every node's log (a restarted node's replaces its predecessor's).
		if (process.env.FAULTS_LOGS) {
			fs.mkdirSync(process.env.FAULTS_LOGS, { recursive: true });
			for (const [name, n] of nodes) fs.writeFileSync(path.join(process.env.FAULTS_LOGS, `${name}.log`), n.raw.join("\n"));
		}
		for (const n of nodes.values()) {
			stopped.add(n);
			await n.stop(5_000);
		}
		await db?.destroy();
		await pg?.destroy();
		await redis?.destroy();
		fs.rmSync(dataDir, { recursive: true, force: true });
	});

	/** Runs a fault and returns the moment its node or dependency was back; asserts an order is taken within 10 s. */
	async function fault(name: string, run: () => Promise<number>, keepLoadMs: number): Promise<void> {
		const started = Date.now();
		load.marks.push({ name, at: started });
		const before = load.accepted.length;
		const back = await run();
		load.marks.push({ name: `${name} (back)`, at: back });
		const probed = await Promise.race([load.probe(), new Promise<number>(r => setTimeout(() => r(Infinity), 60_000).unref())]);
		const firstByLoad = load.firstAcceptedAfter(back);
		await sleep(Math.max(0, back + keepLoadMs - Date.now()));
		const recovery = probed - back;
		recoveries[name] = recovery;
		const failed = load.failedAttempts.filter(f => f.at >= started);
		const byStatus: Record<string, number> = {};
		for (const f of failed) {
			const key = `${f.status}${f.code ? ` ${f.code}` : ""}`;
			byStatus[key] = (byStatus[key] ?? 0) + 1;
		}
		log(
			`${name}: back after ${back - started} ms; the probe's order was accepted ${recovery} ms after that ` +
				`(the load's first: ${firstByLoad === undefined ? "none yet" : `${firstByLoad - back} ms`}); ` +
				`longest stretch without an accepted order ${load.longestGap(started, Date.now())} ms; ` +
				`${load.accepted.length - before} orders accepted meanwhile; failed attempts (retried): ${JSON.stringify(byStatus)}`,
		);
		assert.deepEqual(crashes, [], "no node may die on its own");
		assert.deepEqual(load.unexpected, [], "no tablet may get an answer a retry cannot fix");
		assert.ok(
			recovery <= RECOVERY_LIMIT_MS,
			`${name}: the first order after recovery took ${recovery} ms (limit ${RECOVERY_LIMIT_MS} ms)`,
		);
		const internal = failed.filter(f => f.code === "INTERNAL_ERROR");
		assert.equal(
			internal.length,
			0,
			`${name}: an outage answers 503 or 504, which a tablet retries, never a 500 (${internal.length} were: ${[...new Set(internal.map(f => f.what?.split(" ")[0] ?? "place"))].join(", ")})`,
		);
	}

	it("kill -9 a floor node (the order service runs on two) and start it again", async () => {
		await fault(
			"floor node killed",
			async () => {
				const victim = nodes.get("floor-1")!;
				stopped.add(victim);
				await victim.kill();
				await sleep(2_000);
				await startNode("floor-1", "table,menu,order,guest");
				return Date.now();
			},
			20_000,
		);
	});

	it("restart Redis (the transporter, cache and channels)", async () => {
		await fault(
			"Redis restarted",
			async () => {
				await redis.stop();
				await sleep(3_000);
				await redis.start();
				return Date.now();
			},
			15_000,
		);
	});

	it("restart PostgreSQL (pg_ctl stop -m immediate, then start)", async () => {
		await fault(
			"PostgreSQL restarted",
			async () => {
				await pg.stopImmediate();
				await sleep(3_000);
				await pg.start();
				return Date.now();
			},
			15_000,
		);
	});

	it("afterwards: every accepted order has its tickets, nothing is doubled, every outbox is drained", async () => {
		await load.stop(90_000);
		assert.deepEqual(crashes, []);
		assert.deepEqual(load.unexpected, []);
		const accepted = load.accepted;
		log(
			`${accepted.length} orders accepted (${accepted.filter(a => a.attempts > 1).length} after retries), ${load.paid.length} bills paid; recoveries ${JSON.stringify(recoveries)} ms`,
		);

		// One order per Idempotency-Key, and no order nobody was told about.
		const keys = new Set(accepted.map(a => a.key));
		assert.equal(keys.size, accepted.length);
		const ids = new Set(accepted.map(a => a.order.id));
		assert.equal(ids.size, accepted.length, "two keys were answered with the same order");
		const orders: { id: string; n: number; items: number }[] = await db
			.raw(
				`select o.id, count(distinct i.id)::int as items, count(i.id)::int as n from ${SCHEMAS.order}.orders o join ${SCHEMAS.order}.order_items i on i.order_id = o.id group by o.id`,
			)
			.then(r => r.rows);
		assert.equal(orders.length, accepted.length, "the database holds exactly the accepted orders");
		for (const o of orders) {
			assert.ok(ids.has(o.id), `order ${o.id} is in the database but was never accepted`);
			assert.equal(o.items, 2, `order ${o.id} has ${o.items} items, not 2`);
		}
		const keyRows = await db(`${SCHEMAS.order}.idempotency_keys`).where({ scope: "place" }).count<{ count: number }[]>({ count: "*" });
		assert.equal(Number(keyRows[0].count), accepted.length);

		// Every accepted order's items are on the kitchen's tickets, once each.
		const ticketItems: { order_id: string; id: string }[] = await db(`${SCHEMAS.kitchen}.ticket_items`).select("order_id", "id");
		const byOrder = new Map<string, string[]>();
		for (const t of ticketItems) byOrder.set(t.order_id, [...(byOrder.get(t.order_id) ?? []), t.id]);
		const missing = accepted.filter(
			a => JSON.stringify((byOrder.get(a.order.id) ?? []).sort()) !== JSON.stringify(a.order.items.map(i => i.id).sort()),
		);
		assert.deepEqual(
			missing.map(a => a.order.id),
			[],
			"orders without (exactly) their kitchen tickets",
		);

		// A payment whose request was cut off after it was reserved is answered (on the retry) as pending, and the
		// billing sweeper settles it after PENDING_RECHECK_SECONDS (30 s): wait for that, as the floor would.
		const pendingAccepted = load.paid.filter(p => p.payment.status === "pending").length;
		await until(
			"the sweeper to settle every pending payment",
			async () =>
				Number((await db(`${SCHEMAS.billing}.payments`).where({ status: "pending" }).count<{ c: number }[]>({ c: "*" }))[0].c) ===
				0,
			75_000,
		);
		log(`${pendingAccepted} payments were answered as pending (a retry after the first attempt was cut off); the sweeper settled them`);

		// Payments: one bill per billing key, one captured payment per bill, the bill paid with exactly that amount.
		const bills: { id: string; status: string; total_cents: number; paid_cents: number; order_ids: string[] }[] = await db(
			`${SCHEMAS.billing}.bills`,
		).select("id", "status", "total_cents", "paid_cents", "order_ids");
		assert.equal(bills.length, load.paid.length, "one bill per billing request");
		const billed = bills.flatMap(b => b.order_ids);
		assert.equal(new Set(billed).size, billed.length, "an order is on two bills");
		const payments: { bill_id: string; amount_cents: number; status: string }[] = await db(`${SCHEMAS.billing}.payments`).select(
			"bill_id",
			"amount_cents",
			"status",
		);
		assert.deepEqual(
			payments.filter(p => p.status !== "captured"),
			[],
			"every payment captured",
		);
		assert.equal(payments.length, load.paid.length, "one payment per payment request");
		for (const p of load.paid) {
			const mine = payments.filter(x => x.bill_id === p.bill.id);
			assert.equal(mine.length, 1, `bill ${p.bill.id} has ${mine.length} payments`);
			assert.equal(mine[0].amount_cents, p.payment.amountCents);
			const bill = bills.find(b => b.id === p.bill.id)!;
			assert.equal(bill.paid_cents, p.bill.totalCents, `bill ${bill.id} paid ${bill.paid_cents} of ${p.bill.totalCents}`);
			assert.equal(bill.status, "paid");
		}

		// Every event left its outbox, and nothing waits in a dead-letter queue.
		await until(
			"every outbox drained",
			async () => {
				const left = await Promise.all(
					Object.values(SCHEMAS).map(s =>
						db.raw(`select count(*)::int as n from ${s}.outbox where published_at is null`).then(r => r.rows[0].n as number),
					),
				);
				return left.every(n => n === 0);
			},
			20_000,
		);
		// Order events reach the order service back (paid): every order ends up paid.
		await until(
			"every order paid",
			async () =>
				Number(
					(await db(`${SCHEMAS.order}.orders`).whereNot({ status: "paid" }).count<{ c: number | string }[]>({ c: "*" }))[0].c,
				) === 0,
			30_000,
		);
		const dead = spawnSync("redis-cli", ["-p", String(redis.port), "--scan", "--pattern", "*FAILED_MESSAGES*"], {
			encoding: "utf8",
		}).stdout.trim();
		assert.equal(dead, "", "messages were dead-lettered");
	});
});
