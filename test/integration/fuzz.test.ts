// Generated bad input on every route: the body, query and path schemas come from the gateway's own OpenAPI
// document (the same rules the actions validate with), and fast-check poisons them one field at a time — null,
// the wrong type, numbers JSON can parse but not carry (1e400), huge and control-character strings, deep
// nesting, prototype keys, duplicate keys — and whole bodies: malformed, not an object, mis-encoded.
//
// Each input must get a 4xx in API.md's error shape (a poisoned field named by a 400), nothing may be written
// (every table of every schema is counted before and after), and the node must still be ready afterwards.
// Seeded and reproducible: FUZZ_SEED=<seed> repeats a run (a failure prints its seed), FUZZ_RUNS sets inputs per route.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import zlib from "node:zlib";
import fc from "fast-check";
import type { Service } from "moleculer";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import type { Db } from "../../lib/db";
import type { Access, Bill, Role } from "../../contracts";

type Schema = {
	/** A nullable rule's type is [type, "null"] (OpenAPI 3.1). */
	type?: string | string[];
	format?: string;
	enum?: unknown[];
	minimum?: number;
	maximum?: number;
	minLength?: number;
	maxLength?: number;
	minItems?: number;
	items?: Schema;
	properties?: Record<string, Schema>;
	required?: string[];
	anyOf?: Schema[];
};
interface Route {
	method: string;
	path: string;
	access: Access;
	query: Record<string, Schema>;
	body?: Schema;
}
/** A JSON value where a placeholder string stands for raw JSON text (1e400, deep nesting) spliced in at the end. */
type Raw = { raw: string };

const SEED = Number(process.env.FUZZ_SEED ?? crypto.randomInt(2 ** 31));
const RUNS = Number(process.env.FUZZ_RUNS ?? 40);
const DEEP = "[".repeat(5000) + "]".repeat(5000);

/** A value the schema would plausibly accept (ids of things that exist where it matters). */
function plausible(s: Schema, ids: Record<string, string>, name = ""): unknown {
	if (s.anyOf?.length) return plausible(s.anyOf[0], ids, name);
	if (s.enum) return s.enum[0];
	switch (Array.isArray(s.type) ? s.type.find(t => t !== "null") : s.type) {
		case "string":
			if (s.format === "uuid") return ids[name] ?? crypto.randomUUID();
			if (s.format === "date-time") return new Date().toISOString();
			return "ok-value".padEnd(s.minLength ?? 1, "x").slice(0, Math.max(s.maxLength ?? 8, s.minLength ?? 1));
		case "integer":
		case "number":
			return Math.max(s.minimum ?? 1, 1);
		case "boolean":
			return true;
		case "array":
			return [plausible(s.items ?? {}, ids, name)].concat(
				Array.from({ length: Math.max(0, (s.minItems ?? 1) - 1) }, () => plausible(s.items ?? {}, ids, name)),
			);
		case "object":
			return Object.fromEntries(Object.entries(s.properties ?? {}).map(([k, v]) => [k, plausible(v, ids, k)]));
		default:
			return "ok";
	}
}

/** What makes a value of this schema wrong: each one is invalid whatever the rest of the input says. */
function poisons(s: Schema): fc.Arbitrary<unknown | Raw> {
	const nullable = Array.isArray(s.type) && s.type.includes("null");
	const common: fc.Arbitrary<unknown | Raw>[] = [
		...(nullable ? [] : [fc.constant(null)]),
		fc.constant({ raw: "DEEP" }),
		fc.constant({ nested: { deeper: [1, 2, 3] } }),
	];
	const type = s.anyOf ? undefined : s.enum ? "enum" : Array.isArray(s.type) ? s.type.find(t => t !== "null") : s.type;
	switch (type) {
		case "string":
			return fc.oneof(
				...common,
				fc.integer(),
				fc.boolean(),
				fc.constant(["a"]),
				fc.constant({ raw: "1e400" }),
				...(s.maxLength !== undefined ? [fc.constant("m".repeat(s.maxLength + 1))] : []),
				...(s.format === "uuid" ? [fc.constant("not-a-uuid"), fc.constant(`${crypto.randomUUID()}x`)] : []),
				fc.constantFrom("bad\u0000nul", "bell\u0007", "esc\u001b[31m", "del\u007f"),
			);
		case "integer":
		case "number":
			return fc.oneof(
				...common,
				fc.constantFrom({ raw: "1e400" }, { raw: "-1e400" }, { raw: "1e308" }),
				fc.constant("12"),
				fc.constant(true),
				fc.constant([1]),
				...(type === "integer" ? [fc.constant(1.5), fc.constant(Number.MAX_SAFE_INTEGER + 2)] : []),
				...(s.minimum !== undefined ? [fc.constant(s.minimum - 1)] : []),
				...(s.maximum !== undefined ? [fc.constant(s.maximum + 1)] : []),
			);
		case "boolean":
			return fc.oneof(...common, fc.constantFrom("true", 1, 0, { raw: "1e400" }));
		case "enum":
			return fc.oneof(...common, fc.constantFrom("not-one-of-them", 7, { raw: "1e400" }));
		case "array":
			return fc.oneof(...common, fc.constantFrom("x", 1, { a: 1 }, { raw: "1e400" }));
		case "object":
			return fc.oneof(...common, fc.constantFrom("x", 1, [1], { raw: "1e400" }));
		default:
			return fc.oneof(...common, fc.constant({ raw: "1e400" }));
	}
}

/** JSON text of `value`, with each `{raw}` spliced in as the raw JSON it stands for. */
function jsonText(value: unknown): string {
	const raws: string[] = [];
	const text = JSON.stringify(value, (_k, v) => {
		if (v && typeof v === "object" && !Array.isArray(v) && Object.keys(v).length === 1 && typeof (v as Raw).raw === "string") {
			raws.push((v as Raw).raw === "DEEP" ? DEEP : (v as Raw).raw);
			return `\u0001RAW${raws.length - 1}\u0001`;
		}
		return v;
	});
	return text.replace(/"\\u0001RAW(\d+)\\u0001"/g, (_m, i) => raws[Number(i)]);
}

/** The places in a body a poison can go: each top-level field, and each field of the first element of an array of objects. */
function fieldPaths(body: Schema): { path: (string | number)[]; schema: Schema; required: boolean }[] {
	const out: { path: (string | number)[]; schema: Schema; required: boolean }[] = [];
	for (const [k, v] of Object.entries(body.properties ?? {})) {
		out.push({ path: [k], schema: v, required: (body.required ?? []).includes(k) });
		if (v.type === "array" && v.items?.type === "object") {
			for (const [ik, iv] of Object.entries(v.items.properties ?? {}))
				out.push({ path: [k, 0, ik], schema: iv, required: (v.items.required ?? []).includes(ik) });
		}
	}
	return out;
}

function setPath(target: any, path: (string | number)[], value: unknown): void {
	let at = target;
	for (const p of path.slice(0, -1)) at = at[p];
	at[path[path.length - 1]] = value;
}

describe(`fuzzing every route with generated bad input — ${MODE} (seed ${SEED}, ${RUNS} runs per route and kind)`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let routes: Route[];
	let db: Db;
	let before0: Record<string, number>;
	/** Real ids for path segments, by what the path names (a bad body must be refused, not merely not found). */
	const ids: Record<string, string> = {};
	let inputs = 0;

	async function counts(): Promise<Record<string, number>> {
		const tables = await db.raw(
			`select table_schema as s, table_name as t from information_schema.tables where table_type = 'BASE TABLE' and table_schema not in ('pg_catalog', 'information_schema', 'public') order by 1, 2`,
		);
		const out: Record<string, number> = {};
		for (const { s, t } of tables.rows as { s: string; t: string }[]) {
			const [{ n }] = (await db.raw(`select count(*)::int as n from "${s}"."${t}"`)).rows;
			out[`${s}.${t}`] = n;
		}
		return out;
	}

	function tokenFor(access: Access): string {
		if (access === "public" || access === "user") return r.token.admin;
		// A guest-only route gets a staff token here (403): the guest routes are fuzzed by guest-ordering.test.ts.
		const role: Role = access.includes("admin") ? "admin" : ((access.find(a => a !== "guest") as Role | undefined) ?? "admin");
		return r.token[role];
	}

	function urlOf(route: Route, query = ""): string {
		// Keyed by the segment before the id: /menu/categories/{id} → "categories:id".
		const p = route.path.replace(
			/([^/]+)\/\{([^}]+)\}/g,
			(_m, kind: string, name: string) => `${kind}/${ids[`${kind}:${name}`] ?? crypto.randomUUID()}`,
		);
		return p + (query ? `?${query}` : "");
	}

	async function send(route: Route, opts: { query?: string; body?: string; headers?: Record<string, string>; rawBody?: Buffer }) {
		const headers: Record<string, string> = { authorization: `Bearer ${tokenFor(route.access)}`, ...opts.headers };
		if (opts.body !== undefined || opts.rawBody) headers["content-type"] ??= "application/json";
		const res = await fetch(cluster.baseUrl + urlOf(route, opts.query), {
			method: route.method,
			headers,
			body: opts.rawBody ? new Uint8Array(opts.rawBody) : opts.body,
		});
		const text = await res.text();
		let body: any = text;
		try {
			body = JSON.parse(text);
		} catch {
			/* checked below */
		}
		inputs++;
		return { status: res.status, body, text };
	}

	/** A refusal as API.md shapes it. */
	function refused(res: { status: number; body: any; text: string }, what: string, field?: string): void {
		assert.ok(res.status >= 400 && res.status < 500, `${what}: expected a 4xx, got ${res.status} ${res.text.slice(0, 300)}`);
		assert.equal(typeof res.body?.error?.code, "string", `${what}: not API.md's error shape: ${res.text.slice(0, 300)}`);
		assert.equal(typeof res.body.error.message, "string", `${what}: no message`);
		if (field && res.status === 400) {
			assert.ok(
				JSON.stringify(res.body.error).includes(field),
				`${what}: a 400 that does not name ${field}: ${res.text.slice(0, 300)}`,
			);
		}
	}

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 3);
		db = (cluster.brokerOf("order").getLocalService("order") as Service & { db: Db }).db;

		// Something real behind every kind of id: an open order, a served and billed one with a card payment.
		const open = await placeOrder(http, r, r.tables[0], [{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		const paid = await placeOrder(http, r, r.tables[1], [{ menuItemId: r.dish.beer.id, quantity: 2 }]);
		await serveOrder(http, r, paid.id);
		const bill = (await http.post<Bill>("/api/v1/billing/bills", { tableId: r.tables[1].id }, { token: r.token.staff })).body;
		const payment = await http.post(
			`/api/v1/billing/bills/${bill.id}/payments`,
			{ method: "cash", amountCents: 100 },
			{ token: r.token.staff },
		);
		assert.equal(payment.status, 201, JSON.stringify(payment.body));
		const menu = (await http.get("/api/v1/menu")).body;
		Object.assign(ids, {
			"tables:id": r.tables[2].id,
			"items:id": r.dish.salad.id,
			"categories:id": menu.categories[0].id,
			"orders:id": open.id,
			"items:itemId": open.items[0].id,
			"tickets:orderId": open.id,
			"bills:id": bill.id,
			"payments:id": payment.body.id,
			"users:id": r.userId.staff,
		});

		const doc = (await http.get("/api/v1/openapi.json")).body as { paths: Record<string, Record<string, any>> };
		routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
			Object.entries(ops).map(([method, op]) => ({
				method: method.toUpperCase(),
				path: p,
				access: op["x-access"] as Access,
				query: Object.fromEntries(
					(op.parameters ?? []).filter((x: any) => x.in === "query").map((x: any) => [x.name, x.schema as Schema]),
				),
				body: op.requestBody?.content?.["application/json"]?.schema as Schema | undefined,
			})),
		);
		// The events the set-up caused are still being consumed: count once nothing moves any more.
		before0 = await counts();
		for (let stable = 0; stable < 3; ) {
			await new Promise(res => setTimeout(res, 200));
			const now = await counts();
			stable = JSON.stringify(now) === JSON.stringify(before0) ? stable + 1 : 0;
			before0 = now;
		}
	});
	after(async () => {
		await cluster?.stop();
	});

	it("a poisoned body field is a 400 naming it, on every route with a body", async () => {
		for (const route of routes.filter(x => x.body?.properties && Object.keys(x.body.properties).length)) {
			const paths = fieldPaths(route.body!);
			const arb = fc
				.constantFrom(...paths)
				.chain(f => fc.tuple(fc.constant(f), poisons(f.schema), fc.constantFrom("set", "duplicate", "proto")));
			await fc.assert(
				fc.asyncProperty(arb, async ([f, poison, how]) => {
					const base = plausible(route.body!, ids) as Record<string, unknown>;
					const top = String(f.path[0]);
					let text: string;
					if (how === "proto" && f.path.length === 1) {
						// The field only inside __proto__: it must not count as given.
						const { [top]: hidden, ...rest } = base;
						text = jsonText(rest).replace(
							/}$/,
							`${Object.keys(rest).length ? "," : ""}"__proto__":${jsonText({ [top]: hidden })}}`,
						);
						const res = await send(route, { body: text });
						// Refused, naming the field that is missing or the key that hid it.
						if (f.required)
							refused(
								res,
								`${route.method} ${route.path} with ${top} hidden in __proto__`,
								res.body?.error && JSON.stringify(res.body.error).includes("__proto__") ? "__proto__" : top,
							);
						else
							assert.ok(res.status < 500, `${route.method} ${route.path} __proto__: ${res.status} ${res.text.slice(0, 200)}`);
						return;
					}
					setPath(base, f.path, poison);
					text = jsonText(base);
					if (how === "duplicate" && f.path.length === 1) {
						// {"x": <valid>, ..., "x": <poison>}: JSON's last one wins, and it is the bad one.
						text = `{${jsonText({ [top]: plausible(f.schema, ids, top) }).slice(1, -1)},${text.slice(1)}`;
					}
					refused(
						await send(route, { body: text }),
						`${route.method} ${route.path} with ${f.path.join(".")} = ${jsonText(poison).slice(0, 60)}`,
						top,
					);
				}),
				{ seed: SEED, numRuns: RUNS, endOnFailure: true },
			);
		}
	});

	it("a poisoned query or path parameter is a 4xx, on every route that takes one", async () => {
		for (const route of routes) {
			const names = Object.keys(route.query);
			const hasPath = route.path.includes("{");
			if (!names.length && !hasPath) continue;
			const bad = fc.constantFrom(
				"Not Valid!",
				"1e400",
				"%00",
				"x".repeat(5000),
				"9999-99-99",
				"-1",
				"NaN",
				"[object Object]",
				"__proto__",
			);
			await fc.assert(
				fc.asyncProperty(
					fc.constantFrom(...(names.length ? names : ["(path)"])),
					bad,
					fc.boolean(),
					async (name, value, inPath) => {
						if (inPath && hasPath) {
							const path = route.path.replace(/\{[^}]+\}/, encodeURIComponent(value === "%00" ? "\u0000" : value));
							const res = await fetch(cluster.baseUrl + path.replace(/\{[^}]+\}/g, crypto.randomUUID()), {
								method: route.method,
								headers: { authorization: `Bearer ${tokenFor(route.access)}`, "content-type": "application/json" },
								body: ["POST", "PATCH"].includes(route.method) ? "{}" : undefined,
							});
							const text = await res.text();
							inputs++;
							refused({ status: res.status, body: JSON.parse(text || "null"), text }, `${route.method} ${path}`);
							return;
						}
						if (name === "(path)") return;
						const schema = route.query[name];
						// A text field takes any text: only the shapes no rule admits are poison there.
						if (
							schema.type === "string" &&
							!schema.format &&
							!schema.enum &&
							!("pattern" in schema) &&
							!["Not Valid!", "x".repeat(5000), "%00"].includes(value)
						)
							return;
						// A value the field's own pattern admits (station=NaN is the station "nan") is no poison either.
						const pattern = (schema as { pattern?: string }).pattern;
						if (
							pattern &&
							value !== "%00" &&
							[value, value.toLowerCase()].some(
								v => new RegExp(pattern).test(v) && v.length <= (schema.maxLength ?? Infinity),
							)
						)
							return;
						const query = value === "%00" ? `${name}=%00` : `${name}=${encodeURIComponent(value)}`;
						const res = await send(route, { query, body: ["POST", "PATCH"].includes(route.method) ? "{}" : undefined });
						if (
							schema.type === "string" &&
							!schema.format &&
							!schema.enum &&
							!("pattern" in schema) &&
							value === "Not Valid!"
						) {
							assert.ok(res.status < 500, `${route.method} ${route.path}?${query}: ${res.status} ${res.text.slice(0, 200)}`);
						} else {
							refused(res, `${route.method} ${route.path}?${query.slice(0, 80)}`);
						}
					},
				),
				{ seed: SEED, numRuns: Math.ceil(RUNS / 2), endOnFailure: true },
			);
		}
	});

	it("a body that is not a JSON object, or claims an encoding it does not have, is a 4xx on every route with a body", async () => {
		const shapes: { what: string; body?: string; rawBody?: Buffer; headers?: Record<string, string> }[] = [
			{ what: "truncated JSON", body: '{"name": ' },
			{ what: "an array", body: "[1,2]" },
			{ what: "a string", body: '"hello"' },
			{ what: "a number", body: "1e400" },
			{ what: "null", body: "null" },
			{ what: "nested 5,000 deep", body: `{"a":${DEEP}}` },
			{ what: "objects nested 5,000 deep", body: `${'{"a":'.repeat(5000)}1${"}".repeat(5000)}` },
			{ what: "gzip that is not gzip", body: '{"a":1}', headers: { "content-encoding": "gzip" } },
			{ what: "deflate that is not deflate", body: '{"a":1}', headers: { "content-encoding": "deflate" } },
			{ what: "an unknown encoding", body: '{"a":1}', headers: { "content-encoding": "br2" } },
			{ what: "a gzip bomb", rawBody: zlib.gzipSync(Buffer.alloc(50 * 1024 * 1024, 32)), headers: { "content-encoding": "gzip" } },
			{ what: "invalid UTF-8", rawBody: Buffer.from([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0xfe, 0x22, 0x7d]) },
			{ what: "another charset", body: '{"a":1}', headers: { "content-type": "application/json; charset=koi8-r" } },
			{ what: "over 100 kB", body: JSON.stringify({ a: "x".repeat(120_000) }) },
		];
		for (const route of routes.filter(x => ["POST", "PATCH"].includes(x.method) && x.body)) {
			for (const shape of shapes) {
				const res = await send(route, shape);
				refused(res, `${route.method} ${route.path} with ${shape.what}`);
			}
		}
	});

	it("wrote nothing, and the node is still ready", async () => {
		assert.deepEqual(await counts(), before0);
		const ready = await http.get("/health/ready");
		assert.equal(ready.status, 200, JSON.stringify(ready.body));
		console.log(`# ${inputs} generated inputs over ${routes.length} routes (seed ${SEED})`);
	});
});
