// Starts a Brigade node: every service on embedded PGlite by default, or the ones SERVICES names.
// REPL=1 opens the operators' console (bin/repl.ts) in the same process.
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import type { ServiceBroker } from "moleculer";
import { ConfigError, loadConfig, StartupError, type Config } from "../lib/config";
import { createNode } from "../services/node";
import { runtimeOf } from "../lib/runtime";

async function main(): Promise<void> {
	let config: Config;
	try {
		config = loadConfig();
	} catch (err) {
		if (err instanceof ConfigError) {
			console.error(err.message);
			process.exit(78); // EX_CONFIG
		}
		throw err;
	}
	const broker = createNode(config);
	const logger = broker.getLogger("brigade");
	try {
		await broker.start();
	} catch (err) {
		const reason = startupProblem(err, config);
		if (reason) logger.fatal(`Brigade could not start: ${reason}`);
		else logger.fatal("Brigade could not start", err);
		await broker.stop().catch(() => undefined);
		process.exit(1);
	}
	const where = config.database.kind === "pglite" ? `embedded PostgreSQL in ${config.database.dataDir}` : "PostgreSQL at DATABASE_URL";
	logger.info(
		`Brigade node ${broker.nodeID} is up: services [${config.services.join(", ")}], ${where}, ` +
			(config.transporter ? "joined the cluster over the transporter" : "all in one process"),
	);
	showFirstAdmin(broker, config);
	// The operators' console in this process (floor, kitchen, orders, bills, lag, devices); Ctrl-D stops the node.
	// Loaded only then: moleculer-repl and its dependencies are a tenth of a second of every other start.
	if (config.repl) (await import("./repl")).startRepl(broker);
}

/** The one sentence an operator needs when the cause is theirs to fix (a port or DATA_DIR taken); undefined otherwise. */
function startupProblem(err: unknown, config: Config): string | undefined {
	if (err instanceof StartupError) return err.message;
	const e = err as NodeJS.ErrnoException & { port?: number };
	if (e?.code === "EADDRINUSE" && e.port === config.port) {
		return `PORT ${config.port} is already in use by another process (another Brigade?): stop it, or set PORT to a free port`;
	}
	return undefined;
}

/**
 * The first admin's generated password, last of all, in a box naming the address to open: on a terminal (or with
 * LOG_FORMAT=pretty) as plain text; a JSON log has had its line with it already (services/auth.service.ts).
 */
function showFirstAdmin(broker: ServiceBroker, config: Config): void {
	const runtime = runtimeOf(broker);
	const admin = runtime.firstAdmin;
	runtime.firstAdmin = undefined;
	if (!admin || !(config.logFormat === "pretty" || process.stdout.isTTY)) return;
	const address = (broker.getLocalService("api") as unknown as { server?: Server } | undefined)?.server?.address() as
		| AddressInfo
		| null
		| undefined;
	const port = address?.port ?? config.port;
	const open = config.guestLink.source === "PUBLIC_URL" ? config.publicUrl : `http://localhost:${port}`;
	const network = config.guestLink.source === "network address" ? new URL(config.publicUrl).hostname : undefined;
	const lines = [
		"Brigade is ready. Sign in as the first admin:",
		"",
		`  Open      ${open}`,
		...(network ? [`            (tablets on your network: http://${network}:${port})`] : []),
		`  Username  ${admin.username}`,
		`  Password  ${admin.password}`,
		"",
		"The password is shown only this once: change it under Users.",
		`Lost it? npm run set-password -- ${admin.username}`,
	];
	process.stdout.write(`\n${box(lines)}\n`);
}

function box(lines: string[]): string {
	const width = Math.max(...lines.map(l => l.length));
	const bar = "─".repeat(width + 2);
	return [`┌${bar}┐`, ...lines.map(l => `│ ${l.padEnd(width)} │`), `└${bar}┘`].join("\n");
}

void main();
