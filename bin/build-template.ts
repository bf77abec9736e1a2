// Run by bin/build.js from dist/: an empty Brigade database with every migration applied, packed as
// dist/pgdata-template.tar.gz, from which lib/db.ts starts a new DATA_DIR (no initdb on a first start).
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import { SCHEMAS, SERVICE_NAMES } from "../lib/config";
import { createDb, migrateSchema, PGDATA_TEMPLATE } from "../lib/db";

async function main(): Promise<void> {
	const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-template-"));
	try {
		fs.rmSync(PGDATA_TEMPLATE, { force: true }); // not the template itself: a fresh initdb
		const db = createDb({ kind: "pglite", dataDir });
		for (const service of SERVICE_NAMES) if (SCHEMAS[service]) await migrateSchema(db, service, SCHEMAS[service]);
		await db.destroy();
		const pglite = new PGlite(path.join(dataDir, "pgdata"));
		await pglite.waitReady;
		const tar = await pglite.dumpDataDir("gzip");
		await pglite.close();
		fs.writeFileSync(PGDATA_TEMPLATE, Buffer.from(await tar.arrayBuffer()));
	} finally {
		fs.rmSync(dataDir, { recursive: true, force: true });
	}
}

main().catch(err => {
	console.error(err);
	process.exit(1);
});
