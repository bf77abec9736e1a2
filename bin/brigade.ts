// Starts a Brigade node: every service on embedded PGlite by default, or the ones SERVICES names.
// REPL=1 opens the operators' console (bin/repl.ts) in the same process.
import { ConfigError, loadConfig } from "../lib/config";
import { createNode } from "../lib/node";
import { startRepl } from "./repl";

async function main(): Promise<void> {
	let config;
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
	try {
		await broker.start();
	} catch (err) {
		broker.logger.fatal("Brigade could not start", err);
		await broker.stop().catch(() => undefined);
		process.exit(1);
	}
	const where = config.database.kind === "pglite" ? `embedded PostgreSQL in ${config.database.dataDir}` : "PostgreSQL at DATABASE_URL";
	broker.logger.info(
		`Brigade node ${broker.nodeID} is up: services [${config.services.join(", ")}], ${where}, ` +
			(config.transporter ? "joined the cluster over the transporter" : "all in one process"),
	);
	// The operators' console in this process (floor, kitchen, orders, bills, lag, devices); Ctrl-D stops the node.
	if (config.repl) startRepl(broker);
}

void main();
