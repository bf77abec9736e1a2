// Applies every service's migrations (or those of SERVICES) without starting the server.
import { ConfigError, loadConfig, SCHEMAS, StartupError } from "../lib/config";
import { migrateSchema } from "../lib/db";
import { createRuntime } from "../lib/runtime";

async function main(): Promise<void> {
	const config = loadConfig();
	// Through the runtime: embedded, it refuses a DATA_DIR that a running server holds.
	const runtime = createRuntime(config);
	try {
		const db = runtime.db();
		for (const service of config.services) {
			const schema = SCHEMAS[service];
			if (!schema) continue;
			const applied = await migrateSchema(db, service, schema);
			console.log(`${schema}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
		}
	} finally {
		await runtime.close();
	}
}

main().catch(err => {
	console.error(err instanceof ConfigError || err instanceof StartupError ? err.message : err);
	process.exit(1);
});
