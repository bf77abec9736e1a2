// A start applies only what is new: an unchanged set of migration files costs one read per schema (no knex
// migrator, no lock), a file added since is applied, a file removed is refused as before, and (PostgreSQL)
// nodes starting at once still apply each migration once. Against the mode's real database: PGlite, or
// PostgreSQL at DATABASE_URL in the distributed pass. And `npm start` runs dist/ only while it matches the sources.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createDb, migrateSchema, type Db } from "../../lib/db";
import { EMBEDDED_PASS_ONLY } from "../helpers/passes";

// Plain JavaScript (bin/start.js runs it before any compiler): typed here by hand.
const { distIsCurrent } = require("../../bin/build-layout") as { distIsCurrent(root: string): boolean };

const DATABASE_URL = process.env.DATABASE_URL;
const MODE = DATABASE_URL ? "PostgreSQL" : "PGlite";

/** A migration file making one table, in the shape of migrations/<service>/*.ts (the schema comes as an argument). */
function writeMigration(root: string, dir: string, name: string, table: string): void {
	fs.mkdirSync(path.join(root, dir), { recursive: true });
	fs.writeFileSync(
		path.join(root, dir, `${name}.js`),
		`exports.up = (knex, schema) => knex.schema.withSchema(schema).createTable(${JSON.stringify(table)}, t => t.increments("id"));\n`,
	);
}

function open(dataDir: string): Db {
	return createDb(DATABASE_URL ? { kind: "postgres", url: DATABASE_URL, poolMax: 4 } : { kind: "pglite", dataDir });
}

/** The statements `db` sends while `fn` runs. */
async function statements<T>(db: Db, fn: () => Promise<T>): Promise<{ result: T; sql: string[] }> {
	const sql: string[] = [];
	const onQuery = (q: { sql: string }) => sql.push(q.sql);
	db.on("query", onQuery);
	try {
		return { result: await fn(), sql };
	} finally {
		db.off("query", onQuery);
	}
}

async function tables(db: Db, schema: string): Promise<string[]> {
	const rows = await db("pg_tables").select("tablename").where({ schemaname: schema }).orderBy("tablename");
	return rows.map((r: { tablename: string }) => r.tablename);
}

describe(`schema migrations at start (${MODE})`, () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-startup-"));
	const root = path.join(dir, "migrations");
	const schema = `startup_${randomBytes(4).toString("hex")}`;
	let db: Db;

	before(() => {
		writeMigration(root, "shared", "0000_outbox", "outbox");
		writeMigration(root, "widget", "0100_widgets", "widgets");
		db = open(path.join(dir, "data"));
	});

	after(async () => {
		if (DATABASE_URL) await db.raw("drop schema if exists ?? cascade", [schema]);
		await db.destroy();
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it("a first start creates the schema and applies the shared migrations, then the service's, in order", async () => {
		const applied = await migrateSchema(db, "widget", schema, root);
		assert.deepEqual(applied, ["0000_outbox", "0100_widgets"]);
		assert.deepEqual(await tables(db, schema), ["knex_migrations", "knex_migrations_lock", "outbox", "widgets"]);
	});

	it("a later start with the same files applies nothing, in one read of the applied list", async () => {
		const { result, sql } = await statements(db, () => migrateSchema(db, "widget", schema, root));
		assert.deepEqual(result, []);
		assert.equal(sql.length, 1, `expected one statement, got:\n${sql.join("\n")}`);
		assert.match(sql[0], /knex_migrations/);
	});

	it("a migration file added since the last start is applied, and only it", async () => {
		writeMigration(root, "widget", "0200_gadgets", "gadgets");
		const applied = await migrateSchema(db, "widget", schema, root);
		assert.deepEqual(applied, ["0200_gadgets"]);
		assert.ok((await tables(db, schema)).includes("gadgets"));
		assert.deepEqual(await migrateSchema(db, "widget", schema, root), []);
	});

	it("a file added to migrations/shared/ counts too", async () => {
		writeMigration(root, "shared", "0001_inbox", "inbox");
		assert.deepEqual(await migrateSchema(db, "widget", schema, root), ["0001_inbox"]);
	});

	it("an applied migration whose file is gone is refused, as knex refuses it, rather than taken as up to date", async () => {
		const gone = path.join(root, "widget", "0200_gadgets.js");
		const kept = fs.readFileSync(gone, "utf8");
		fs.rmSync(gone);
		// Same count as before once another file appears: the names, not the number, must match.
		writeMigration(root, "widget", "0300_sprockets", "sprockets");
		try {
			await assert.rejects(migrateSchema(db, "widget", schema, root), /corrupt/);
			assert.ok(!(await tables(db, schema)).includes("sprockets"));
		} finally {
			fs.rmSync(path.join(root, "widget", "0300_sprockets.js"));
			fs.writeFileSync(gone, kept);
		}
		assert.deepEqual(await migrateSchema(db, "widget", schema, root), []);
	});
});

describe("nodes starting at once on one PostgreSQL", { skip: DATABASE_URL ? false : "needs DATABASE_URL" }, () => {
	const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-startup-"));
	const root = path.join(dir, "migrations");
	const schema = `startup_${randomBytes(4).toString("hex")}`;
	const nodes: Db[] = [];

	after(async () => {
		await nodes[0]?.raw("drop schema if exists ?? cascade", [schema]);
		await Promise.all(nodes.map(n => n.destroy()));
		fs.rmSync(dir, { recursive: true, force: true });
	});

	it("each migration, first or new, is applied by exactly one of them", async () => {
		writeMigration(root, "shared", "0000_outbox", "outbox");
		writeMigration(root, "widget", "0100_widgets", "widgets");
		for (let i = 0; i < 4; i++) nodes.push(open(dir));
		const first = await Promise.all(nodes.map(n => migrateSchema(n, "widget", schema, root)));
		assert.deepEqual(first.flat().sort(), ["0000_outbox", "0100_widgets"]);

		writeMigration(root, "widget", "0200_gadgets", "gadgets");
		const next = await Promise.all(nodes.map(n => migrateSchema(n, "widget", schema, root)));
		assert.deepEqual(next.flat(), ["0200_gadgets"]);
		const rows = await nodes[0].withSchema(schema).select("name").from("knex_migrations").orderBy("id");
		assert.deepEqual(
			rows.map((r: { name: string }) => r.name),
			["0000_outbox", "0100_widgets", "0200_gadgets"],
		);
	});
});

describe("npm start's choice between dist/ and the sources", { skip: EMBEDDED_PASS_ONLY }, () => {
	const root = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-dist-"));
	let clock = Date.now() / 1000 - 1000;
	/** Writes `file` under root, each write later than the one before (mtimes decide). */
	const write = (file: string) => {
		const full = path.join(root, file);
		fs.mkdirSync(path.dirname(full), { recursive: true });
		fs.writeFileSync(full, "");
		clock += 10;
		fs.utimesSync(full, clock, clock);
	};

	after(() => fs.rmSync(root, { recursive: true, force: true }));

	it("takes dist/ when every source has its compiled file, none older, and public/ is linked", () => {
		for (const f of ["moleculer.config.ts", "lib/db.ts", "lib/db.test.ts", "migrations/menu/0100_items.ts"]) write(f);
		for (const f of ["dist/moleculer.config.js", "dist/lib/db.js", "dist/migrations/menu/0100_items.js"]) write(f);
		assert.equal(distIsCurrent(root), false, "no dist/public yet");
		fs.mkdirSync(path.join(root, "dist", "public"));
		assert.equal(distIsCurrent(root), true);
	});

	it("takes the sources when one was edited since the build", () => {
		write("lib/db.ts");
		assert.equal(distIsCurrent(root), false);
		write("dist/lib/db.js");
		assert.equal(distIsCurrent(root), true);
	});

	it("takes the sources when a source was added (a new migration) or deleted since the build", () => {
		write("migrations/menu/0200_modifiers.ts");
		assert.equal(distIsCurrent(root), false, "added, not compiled");
		write("dist/migrations/menu/0200_modifiers.js");
		assert.equal(distIsCurrent(root), true);
		fs.rmSync(path.join(root, "migrations/menu/0200_modifiers.ts"));
		assert.equal(distIsCurrent(root), false, "deleted, its compiled copy still in dist/");
	});
});
