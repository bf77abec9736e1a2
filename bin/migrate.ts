// Applies every service's migrations (or those of SERVICES) without starting the server.
import { ConfigError, loadConfig, SCHEMAS } from "../lib/config";
import { createDb, migrateSchema } from "../lib/db";

async function main(): Promise<void> {
	const config = loadConfig();
	const db = createDb(config.database);
	try {
		for (const service of config.services) {
			const schema = SCHEMAS[service];
			if (!schema) continue;
			const applied = await migrateSchema(db, service, schema);
			console.log(`${schema}: ${applied.length ? `applied ${applied.join(", ")}` : "up to date"}`);
		}
	} finally {
		await db.destroy();
	}
}

main().catch(err => {
	console.error(err instanceof ConfigError ? err.message : err);
	process.exit(1);
});
