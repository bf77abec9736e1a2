// Every node's small ops endpoint on OPS_PORT: /health/live, /health/ready (this node's database and
// transporter answer) and /metrics (this node's Prometheus text), for probes and scrapers inside the cluster.
import http from "node:http";
import type { AddressInfo } from "node:net";
import type { ServiceBroker } from "moleculer";
import { runtimeOf } from "./runtime";
import { StartupError } from "./config";
import { nodeMetricsText, PROMETHEUS_CONTENT_TYPE, withTimeout } from "./metrics";

export type ReadinessChecks = Record<string, string>;

/** What the node needs to serve: its database answers (within 2 s) and, when distributed, the transporter is connected. */
export async function readiness(broker: ServiceBroker): Promise<ReadinessChecks> {
	const checks: ReadinessChecks = {};
	try {
		await withTimeout(runtimeOf(broker).db().raw("select 1"), 2000);
		checks.database = "ok";
	} catch (err) {
		// The reason goes to the log, not to whoever asked (probes may be reachable from outside).
		broker.logger.warn(`Readiness: the database did not answer: ${(err as Error).message}`);
		checks.database = "unreachable";
	}
	if (runtimeOf(broker).config.transporter) {
		checks.transporter = broker.transit?.connected ? "ok" : "disconnected";
	}
	return checks;
}

export function isReady(checks: ReadinessChecks): boolean {
	return Object.values(checks).every(c => c === "ok");
}

const servers = new WeakMap<ServiceBroker, http.Server>();

/**
 * Listens on `port` (0: a free one). A port taken by another process stops the node when OPS_PORT named it
 * (`explicit`); the default port (9100) falls back to a free one, so two nodes on one host both start.
 */
export async function startOpsServer(broker: ServiceBroker, port: number, explicit = true): Promise<http.Server> {
	const logger = broker.getLogger("ops");
	const server = http.createServer((req, res) => {
		handle(broker, req, res).catch(err => {
			broker.logger.warn(`Ops endpoint: ${req.url} failed`, err);
			if (!res.headersSent) res.writeHead(500, { "Content-Type": "application/json" });
			res.end(JSON.stringify({ error: { code: "INTERNAL_ERROR", message: "The ops endpoint failed" } }));
		});
	});
	// Probes and scrapes are short; an idle keep-alive socket must not hold the node's shutdown.
	server.keepAliveTimeout = 5000;
	let taken = false;
	try {
		await listen(server, port);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== "EADDRINUSE") throw err;
		if (explicit) {
			throw new StartupError(
				`OPS_PORT ${port} is already in use by another process: set OPS_PORT to a free port (0 picks one, off turns the ops endpoint off)`,
			);
		}
		taken = true;
		await listen(server, 0);
	}
	servers.set(broker, server);
	const { port: bound } = server.address() as AddressInfo;
	const where = `the ops endpoint of node ${broker.nodeID} is on http://localhost:${bound} (/health/live, /health/ready, /metrics)`;
	if (taken) logger.warn(`Port ${port} is taken (another node on this host?), so ${where}; set OPS_PORT to choose its port`);
	else logger.info(where.charAt(0).toUpperCase() + where.slice(1));
	return server;
}

function listen(server: http.Server, port: number): Promise<void> {
	return new Promise<void>((resolve, reject) => {
		server.once("error", reject);
		server.listen(port, () => {
			server.off("error", reject);
			resolve();
		});
	});
}

export async function stopOpsServer(broker: ServiceBroker): Promise<void> {
	const server = servers.get(broker);
	if (!server) return;
	servers.delete(broker);
	server.closeAllConnections();
	await new Promise<void>(resolve => server.close(() => resolve()));
}

/** Where this node's ops endpoint listens, or undefined when it has none. */
export function opsAddress(broker: ServiceBroker): AddressInfo | undefined {
	const a = servers.get(broker)?.address();
	return a && typeof a === "object" ? a : undefined;
}

async function handle(broker: ServiceBroker, req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
	const path = (req.url ?? "/").split("?")[0].replace(/\/+$/, "") || "/";
	if (req.method !== "GET" && req.method !== "HEAD")
		return json(res, 405, { error: { code: "METHOD_NOT_ALLOWED", message: "Only GET" } });
	switch (path) {
		case "/health/live":
			return json(res, 200, { status: "ok", nodeID: broker.nodeID });
		case "/health/ready": {
			const checks = await readiness(broker);
			const ready = isReady(checks);
			return json(res, ready ? 200 : 503, { status: ready ? "ok" : "unavailable", nodeID: broker.nodeID, checks });
		}
		case "/metrics": {
			const text = await nodeMetricsText(broker);
			res.writeHead(200, { "Content-Type": PROMETHEUS_CONTENT_TYPE, "Cache-Control": "no-store" });
			res.end(req.method === "HEAD" ? undefined : text);
			return;
		}
		default:
			return json(res, 404, {
				error: { code: "NOT_FOUND", message: "The ops endpoint serves /health/live, /health/ready and /metrics" },
			});
	}
}

function json(res: http.ServerResponse, status: number, body: unknown): void {
	res.writeHead(status, { "Content-Type": "application/json; charset=utf-8", "Cache-Control": "no-store" });
	res.end(JSON.stringify(body));
}
