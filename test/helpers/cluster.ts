// Starts Brigade for a test the way production does (createNode): one broker on PGlite by default, or,
// with DATABASE_URL and TRANSPORTER set, the gateway and the other services on separate brokers over
// Redis and a fresh PostgreSQL database made for this test file.
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import crypto from "node:crypto";
import net, { type AddressInfo } from "node:net";
import type { Server } from "node:http";
import knexFactory from "knex";
import type { ServiceBroker, ServiceSchema } from "moleculer";
import { loadConfig, SERVICE_NAMES, type Config, type ServiceName } from "../../lib/config";
import { createNode } from "../../services/node";

export const DISTRIBUTED = Boolean(process.env.DATABASE_URL && process.env.TRANSPORTER);
export const MODE = DISTRIBUTED ? "distributed (PostgreSQL + Redis, services on separate brokers)" : "embedded (PGlite, one broker)";

export const ADMIN = { username: "admin", password: "admin-password-1" };

export interface TestCluster {
	baseUrl: string;
	/** Every gateway's URL (several when a split runs api on more than one broker). */
	gateways: string[];
	brokers: ServiceBroker[];
	/** The broker running `name`. */
	brokerOf(name: ServiceName): ServiceBroker;
	config: Config;
	/** Where this cluster's data lives, to start another cluster on the same data. */
	storage: Storage;
	stop(): Promise<void>;
}

export interface Storage {
	dataDir: string;
	databaseUrl?: string;
	namespace: string;
	jwtSecret?: string;
	/** Drops the test database / data folder. */
	destroy(): Promise<void>;
}

export interface ClusterOptions {
	/** Reuse the data of an earlier cluster (restart tests). */
	storage?: Storage;
	env?: Record<string, string>;
	/** Extra services (test consumers) started on the first broker: not the gateway's when services are split. */
	extraServices?: ServiceSchema[];
	/** How services are spread over brokers in distributed mode. */
	split?: ServiceName[][];
}

export async function createStorage(): Promise<Storage> {
	const id = crypto.randomBytes(4).toString("hex");
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-test-"));
	const namespace = `t${id}`;
	if (!DISTRIBUTED) {
		return { dataDir, namespace, destroy: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
	}
	const admin = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });
	const dbName = `brigade_test_${id}`;
	await admin.raw(`create database ${dbName}`);
	await admin.destroy();
	const url = new URL(process.env.DATABASE_URL!);
	url.pathname = `/${dbName}`;
	return {
		dataDir,
		databaseUrl: url.toString(),
		namespace,
		jwtSecret: crypto.randomBytes(32).toString("base64url"),
		async destroy() {
			fs.rmSync(dataDir, { recursive: true, force: true });
			const a = knexFactory({ client: "pg", connection: process.env.DATABASE_URL });
			await a.raw(`drop database if exists ${dbName} with (force)`);
			await a.destroy();
		},
	};
}

/**
 * PORT and PUBLIC_URL for a gateway on a port of its own, so the links the venue makes (payment links' way back,
 * guest pages) point at the test's own gateway, as a venue's PUBLIC_URL points at its own: a payment link only
 * sends a payer back to a page of PUBLIC_URL's origin.
 */
export async function ownPublicUrl(): Promise<{ PORT: string; PUBLIC_URL: string }> {
	const port = await new Promise<number>((resolve, reject) => {
		const server = net.createServer().listen(0, "127.0.0.1", () => {
			const { port } = server.address() as AddressInfo;
			server.close(() => resolve(port));
		});
		server.on("error", reject);
	});
	return { PORT: String(port), PUBLIC_URL: `http://127.0.0.1:${port}` };
}

export function testEnv(storage: Storage, extra: Record<string, string> = {}): Record<string, string> {
	return {
		PORT: "0",
		DATA_DIR: storage.dataDir,
		NAMESPACE: storage.namespace,
		ADMIN_USERNAME: ADMIN.username,
		ADMIN_PASSWORD: ADMIN.password,
		// The same bcrypt code at a lower cost, so dozens of logins stay fast.
		BCRYPT_ROUNDS: "4",
		LOG_LEVEL: process.env.TEST_LOG ?? "warn",
		// Tickets no screen acknowledged are re-routed after this long: off, but in the suites that test it (dispatch).
		TICKET_ACK_SECONDS: "0",
		...(DISTRIBUTED && {
			DATABASE_URL: storage.databaseUrl!,
			TRANSPORTER: process.env.TRANSPORTER!,
			JWT_SECRET: storage.jwtSecret!,
			DB_POOL_MAX: "5",
			// Several brokers share this process (and other test runs the machine): each ops endpoint on a free port.
			OPS_PORT: "0",
		}),
		...extra,
	};
}

export async function startCluster(opts: ClusterOptions = {}): Promise<TestCluster> {
	const ownStorage = !opts.storage;
	const storage = opts.storage ?? (await createStorage());
	const env = testEnv(storage, opts.env);
	const split: ServiceName[][] = DISTRIBUTED
		? (opts.split ?? [
				["auth", "approval"],
				["table", "menu", "order", "guest"],
				["kitchen", "device"],
				["billing", "drawer", "reporting", "notification", "mail"],
				["api"],
			])
		: [[...SERVICE_NAMES]];

	const brokers: ServiceBroker[] = [];
	const logger = process.env.TEST_LOG ? undefined : false;
	for (const [i, services] of split.entries()) {
		const config = loadConfig({ ...env, SERVICES: services.join(","), NODE_ID: `${storage.namespace}-${i}-${services.join("+")}` });
		const broker = createNode(config, { logger, skipProcessEventRegistration: true });
		if (i === 0) for (const s of opts.extraServices ?? []) broker.createService(s);
		await broker.start();
		brokers.push(broker);
	}

	const gateways = brokers
		.filter(b => b.getLocalService("api"))
		.map(b => `http://127.0.0.1:${((b.getLocalService("api") as unknown as { server: Server }).server.address() as AddressInfo).port}`);
	const [baseUrl] = gateways;
	const gateway = brokers.find(b => b.getLocalService("api"))!;
	const all = split.flat();
	await gateway.waitForServices([...all.filter(s => s !== "api"), ...(opts.extraServices ?? []).map(s => s.name)], 15_000);
	for (const url of gateways) await waitForRoutes(url, all);

	return {
		baseUrl,
		gateways,
		brokers,
		brokerOf: name => brokers[split.findIndex(s => s.includes(name))],
		config: loadConfig(env),
		storage,
		async stop() {
			for (const b of [...brokers].reverse()) await b.stop();
			if (ownStorage) await storage.destroy();
		},
	};
}

/** The gateway builds its routes when it sees services appear; wait until it has. */
async function waitForRoutes(baseUrl: string, services: ServiceName[]): Promise<void> {
	const known: Partial<Record<ServiceName, string>> = {
		auth: "/api/v1/auth/login",
		table: "/api/v1/tables",
		menu: "/api/v1/menu",
		order: "/api/v1/orders",
		kitchen: "/api/v1/kitchen/tickets",
		billing: "/api/v1/billing/bills",
		drawer: "/api/v1/drawers",
		reporting: "/api/v1/reports/sales",
		notification: "/api/v1/notifications",
		device: "/api/v1/devices/printers",
		approval: "/api/v1/approvals",
		mail: "/api/v1/mail/messages",
		guest: "/api/v1/guest/order",
	};
	const wanted = services.map(s => known[s]).filter((p): p is string => Boolean(p));
	if (!wanted.length) return;
	const deadline = Date.now() + 15_000;
	while (Date.now() < deadline) {
		const res = await fetch(`${baseUrl}/api/v1/openapi.json`).catch(() => undefined);
		if (res?.ok) {
			const doc = (await res.json()) as { paths: Record<string, unknown> };
			if (wanted.every(p => doc.paths[p])) return;
		}
		await new Promise(r => setTimeout(r, 50));
	}
	throw new Error(`The gateway never published all of ${wanted.join(", ")}`);
}
