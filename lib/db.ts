// One knex handle per node, on PGlite (embedded) or PostgreSQL (distributed), and schema migrations per service.
import path from "node:path";
import fs from "node:fs";
import knexFactory, { type Knex } from "knex";
import ClientPgLite from "knex-pglite";
import { PGlite } from "@electric-sql/pglite";
import pg from "pg";
import type { Config } from "./config";

// int8 (counts, sums of cents) would come back as strings; our values fit in a double.
pg.types.setTypeParser(pg.types.builtins.INT8, (v: string) => Number(v));
pg.types.setTypeParser(pg.types.builtins.NUMERIC, (v: string) => Number(v));

export type Db = Knex;
export type Trx = Knex.Transaction;

export function createDb(database: Config["database"]): Db {
	if (database.kind === "pglite") {
		fs.mkdirSync(database.dataDir, { recursive: true });
		const filename = path.join(database.dataDir, "pgdata");
		const template = fs.existsSync(filename) ? undefined : readTemplate();
		return knexFactory({
			client: ClientPgLite as unknown as typeof Knex.Client,
			dialect: "postgres",
			// One instance, handed over as an object: knex would call a function again for every connection it opens.
			connection: template ? { pglite: new PGlite(filename, { loadDataDir: new Blob([new Uint8Array(template)]) }) } : { filename },
		} as Knex.Config);
	}
	return knexFactory({
		client: "pg",
		connection: { connectionString: database.url, application_name: "brigade" },
		pool: { min: 0, max: database.poolMax },
		acquireConnectionTimeout: 10_000,
	});
}

export function isPglite(db: Db): boolean {
	return db.client.config.client !== "pg";
}

const MIGRATIONS_ROOT = path.resolve(__dirname, "..", "migrations");

/**
 * A new DATA_DIR starts from dist/pgdata-template.tar.gz when the build made one (bin/build.js): PostgreSQL's
 * initdb and every migration of the build, done once at install instead of on the newcomer's first start (3 s
 * of it on a small machine). Migrations newer than the template are applied at start as usual. The sources
 * under tsx have none and run initdb.
 */
export const PGDATA_TEMPLATE = path.resolve(__dirname, "..", "pgdata-template.tar.gz");

function readTemplate(): Buffer | undefined {
	try {
		return fs.readFileSync(PGDATA_TEMPLATE);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
		throw err;
	}
}

/** A migration module: `up`/`down` receive the schema they apply to, so no file hard-codes one. */
export interface SchemaMigration {
	up(knex: Knex, schema: string): Promise<void>;
	down?(knex: Knex, schema: string): Promise<void>;
}

interface MigrationFile {
	name: string;
	file: string;
}

/**
 * Lists migrations/shared/ (the outbox and inbox every service has) then migrations/<service>/,
 * ordered by file name, and hands each one the schema.
 */
class SchemaMigrationSource implements Knex.MigrationSource<MigrationFile> {
	constructor(
		private readonly dirs: string[],
		private readonly schema: string,
	) {}

	async getMigrations(): Promise<MigrationFile[]> {
		const files: MigrationFile[] = [];
		for (const dir of this.dirs) {
			if (!fs.existsSync(dir)) continue;
			for (const f of fs.readdirSync(dir)) {
				if (!/\.(ts|js)$/.test(f) || f.endsWith(".d.ts")) continue;
				files.push({ name: f.replace(/\.(ts|js)$/, ""), file: path.join(dir, f) });
			}
		}
		return files.sort((a, b) => a.name.localeCompare(b.name));
	}

	getMigrationName(m: MigrationFile): string {
		return m.name;
	}

	async getMigration(m: MigrationFile): Promise<Knex.Migration> {
		// eslint-disable-next-line @typescript-eslint/no-require-imports
		const mod = require(m.file) as SchemaMigration;
		return {
			up: (knex: Knex) => mod.up(knex, this.schema),
			down: (knex: Knex) => (mod.down ? mod.down(knex, this.schema) : Promise.resolve()),
		};
	}
}

/**
 * Creates the schema and applies its migrations. Several nodes may start the same service at
 * once on PostgreSQL, so the whole step runs under an advisory lock held by a transaction;
 * PGlite has a single connection and a single process, so it needs none.
 *
 * Most starts have nothing to apply: one read of the schema's applied list, matched against the
 * files, says so without knex's lock table and queries (a second or more over fifteen schemas on
 * PGlite). Anything else (a new file, a first start, a list knex would call corrupt) takes the
 * locked path below, which decides again under the lock. `root` is the migrations folder (tests bring their own).
 */
export async function migrateSchema(db: Db, service: string, schema: string, root = MIGRATIONS_ROOT): Promise<string[]> {
	const source = new SchemaMigrationSource([path.join(root, "shared"), path.join(root, service)], schema);
	if (await isUpToDate(db, source, schema)) return [];
	// One migration at a time per pool: each holds a connection for its lock while knex takes more, so
	// nine services migrating at once on a small pool would wait on each other for ever.
	const previous = migrationQueue.get(db) ?? Promise.resolve();
	const next = previous.catch(() => undefined).then(() => migrateSchemaNow(db, source, schema));
	migrationQueue.set(db, next);
	return next;
}

const migrationQueue = new WeakMap<Db, Promise<unknown>>();

/**
 * True when the schema's knex_migrations names exactly the migration files, no more and no fewer. A row is
 * written in the transaction of its migration, so a name seen here is a migration committed in full.
 */
async function isUpToDate(db: Db, source: SchemaMigrationSource, schema: string): Promise<boolean> {
	const files = (await source.getMigrations()).map(m => m.name);
	let applied: string[];
	try {
		applied = (await db.withSchema(schema).select("name").from("knex_migrations")).map((r: { name: string }) => r.name);
	} catch (err) {
		// A first start: no schema (3F000) or no table (42P01) yet.
		if (["3F000", "42P01"].includes((err as { code?: string }).code ?? "")) return false;
		throw err;
	}
	const known = new Set(applied);
	return applied.length === files.length && known.size === files.length && files.every(f => known.has(f));
}

async function migrateSchemaNow(db: Db, source: SchemaMigrationSource, schema: string): Promise<string[]> {
	const run = async (): Promise<string[]> => {
		await db.raw("create schema if not exists ??", [schema]);
		const [, applied] = (await db.migrate.latest({
			migrationSource: source,
			schemaName: schema,
			tableName: "knex_migrations",
		})) as [number, string[]];
		return applied;
	};
	if (isPglite(db)) return run();

	let result: string[] = [];
	await db.transaction(async trx => {
		await lockKey(trx, `brigade:migrate:${schema}`);
		result = await run();
	});
	return result;
}

/** Takes a lock on `key` until `trx` ends: writers that share no row yet (or a decision over many rows) take turns. */
export async function lockKey(trx: Knex.Transaction, key: string): Promise<void> {
	await trx.raw("select pg_advisory_xact_lock(hashtext(?))", [key]);
}

/** True for PostgreSQL's unique_violation (23505), optionally on one named constraint. */
export function isUniqueViolation(err: unknown, constraint?: string): boolean {
	const e = err as { code?: string; constraint?: string };
	return e?.code === "23505" && (!constraint || e.constraint === constraint);
}
