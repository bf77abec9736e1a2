// The authorization matrix, generated: every route the gateway publishes (read from its own OpenAPI document,
// whose `x-access` is each action's `access`) × every role × every kind of bad token. A route added tomorrow is
// covered without anyone editing this file.
//
// What API.md allows: a public route ignores whatever token comes with it; any other route answers 401 to a
// token that is missing, malformed, forged, expired, signed another way, or whose session has ended, and 403 to
// a real token of a role it does not admit; an admitted role gets past the gateway (never 401/403, never 5xx).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { admits, admitsGuest, type Access, type Role } from "../../contracts";

interface Route {
	method: string;
	/** OpenAPI path, `{id}` segments. */
	path: string;
	access: Access;
	/** A staff member may do it with a manager's approval: 403 APPROVAL_REQUIRED instead of FORBIDDEN. */
	approval?: string;
}

const ROLES: Role[] = ["admin", "manager", "staff", "kitchen"];

describe(`authorization matrix, generated from the route table — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let routes: Route[];
	/** A guest session's token: admitted only where a route's access names "guest". */
	let guestToken: string;
	/** Token variants that must never authenticate anyone: name → Authorization header value (or none). */
	const bad: Record<string, string | undefined> = {};

	const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString("base64url");

	/** A staff member made for one variant (their session is then ended one way or another). */
	async function freshUser(role: Role): Promise<{ id: string; username: string; accessToken: string; refreshToken: string }> {
		const username = `mx-${crypto.randomBytes(4).toString("hex")}`;
		const made = await http.post(
			"/api/v1/auth/register",
			{ username, password: "password-123", fullName: "Matrix", role },
			{ token: r.token.admin },
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		const pair = await http.login(username, "password-123");
		return { id: made.body.id, username, accessToken: pair.accessToken, refreshToken: pair.refreshToken };
	}

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 1);
		// A manager: admitted where staff are (contracts PERMISSIONS.actsAs) and where a route names them.
		const manager = await freshUser("manager");
		r.token.manager = manager.accessToken;

		const doc = (
			await http.get<{ paths: Record<string, Record<string, { "x-access": Access; "x-approval"?: string }>> }>("/api/v1/openapi.json")
		).body;
		routes = Object.entries(doc.paths).flatMap(([p, ops]) =>
			Object.entries(ops).map(([method, op]) => ({
				method: method.toUpperCase(),
				path: p,
				access: op["x-access"],
				approval: op["x-approval"],
			})),
		);

		const secret = cluster.storage.jwtSecret ?? fs.readFileSync(path.join(cluster.storage.dataDir, "jwt-secret"), "utf8").trim();
		const audience = cluster.storage.namespace;
		const admin = jwt.decode(r.token.admin) as jwt.JwtPayload;
		const claims = { sid: admin.sid, role: "admin" };
		const sign = (key: string, opts: jwt.SignOptions) =>
			jwt.sign(claims, key, { subject: admin.sub, issuer: "brigade", audience, ...opts });
		const [head, , sig] = r.token.staff.split(".");
		const staffClaims = jwt.decode(r.token.staff) as jwt.JwtPayload;

		bad["no token"] = undefined;
		bad.garbage = "Bearer not-a-token";
		bad["not a bearer scheme"] = `Basic ${Buffer.from("admin:admin").toString("base64")}`;
		bad["alg none"] = `Bearer ${b64({ alg: "none", typ: "JWT" })}.${b64({ ...admin })}.`;
		bad["another key"] = `Bearer ${sign(crypto.randomBytes(32).toString("hex"), { algorithm: "HS256", expiresIn: 600 })}`;
		bad.expired = `Bearer ${jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 60 }, secret, { subject: admin.sub, issuer: "brigade", audience, algorithm: "HS256" })}`;
		bad["HS512 with the right key"] = `Bearer ${sign(secret, { algorithm: "HS512", expiresIn: 600 })}`;
		bad["another audience"] =
			`Bearer ${jwt.sign(claims, secret, { subject: admin.sub, issuer: "brigade", audience: "elsewhere", algorithm: "HS256", expiresIn: 600 })}`;
		bad["forged role claim"] = `Bearer ${head}.${b64({ ...staffClaims, role: "admin" })}.${sig}`;
		bad["over 4096 characters"] = `Bearer ${"a".repeat(5000)}`;

		const refreshAsBearer = await freshUser("admin");
		bad["refresh token as bearer"] = `Bearer ${refreshAsBearer.refreshToken}`;

		const loggedOut = await freshUser("admin");
		assert.equal(
			(await http.post("/api/v1/auth/logout", { refreshToken: loggedOut.refreshToken }, { token: loggedOut.accessToken })).status,
			204,
		);
		bad["logged out"] = `Bearer ${loggedOut.accessToken}`;

		const deactivated = await freshUser("admin");
		assert.equal((await http.patch(`/api/v1/auth/users/${deactivated.id}`, { isActive: false }, { token: r.token.admin })).status, 200);
		bad.deactivated = `Bearer ${deactivated.accessToken}`;

		const changed = await freshUser("admin");
		assert.equal(
			(await http.patch(`/api/v1/auth/users/${changed.id}`, { password: "another-password-1" }, { token: r.token.admin })).status,
			200,
		);
		bad["password changed"] = `Bearer ${changed.accessToken}`;

		// Guest tokens (gst_…): one nobody issued, and a real one (a phone at a table) for the guest column below.
		bad["unknown guest token"] = `Bearer gst_${crypto.randomBytes(32).toString("base64url")}`;
		const session = await http.post("/api/v1/guest/sessions", { tableId: r.tables[0].id });
		assert.equal(session.status, 201, JSON.stringify(session.body));
		guestToken = session.body.guestToken;
	});
	after(async () => {
		await cluster?.stop();
	});

	/** Sends the route with ids that exist nowhere and an empty body: enough to pass or fail the gateway's checks, and nothing is written. */
	async function call(route: Route, authorization: string | undefined) {
		const url = `/api/v1${route.path.replace(/^\/api\/v1/, "").replace(/\{[^}]+\}/g, () => crypto.randomUUID())}`;
		const headers: Record<string, string> = authorization ? { authorization } : {};
		const body = ["POST", "PATCH", "PUT"].includes(route.method) ? {} : undefined;
		return http.request(route.method, url, body, { headers });
	}

	it("finds every service's routes in the document", () => {
		for (const prefix of ["/auth", "/tables", "/menu", "/orders", "/kitchen", "/billing", "/reports", "/notifications", "/mail"]) {
			assert.ok(
				routes.some(x => x.path.startsWith(`/api/v1${prefix}`)),
				`no route under ${prefix}`,
			);
		}
		for (const x of routes)
			assert.ok(x.access === "public" || x.access === "user" || Array.isArray(x.access), `${x.method} ${x.path} has no x-access`);
	});

	it("every route × every bad token: 401 where a token is needed, ignored where none is", async () => {
		const wrong: string[] = [];
		let checked = 0;
		for (const route of routes) {
			const anonymous = route.access === "public" ? (await call(route, undefined)).status : undefined;
			for (const [variant, authorization] of Object.entries(bad)) {
				const res = await call(route, authorization);
				checked++;
				const shaped = typeof res.body === "object" && res.body !== null && typeof res.body.error?.code === "string";
				if (route.access === "public") {
					if (res.status !== anonymous)
						wrong.push(`${route.method} ${route.path} [${variant}]: ${res.status}, without a token ${anonymous}`);
				} else if (res.status !== 401 || !shaped) {
					wrong.push(`${route.method} ${route.path} [${variant}]: ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`);
				}
			}
		}
		assert.deepEqual(wrong, [], `${wrong.length} of ${checked} answers broke the rule`);
		console.log(`# ${routes.length} routes × ${Object.keys(bad).length} bad tokens = ${checked} requests`);
	});

	it("every route × every role: 403 for a role the route does not admit, through the gateway for one it does", async () => {
		const wrong: string[] = [];
		let checked = 0;
		for (const route of routes) {
			for (const role of ROLES) {
				const res = await call(route, `Bearer ${r.token[role]}`);
				checked++;
				const admitted = admits(route.access, role);
				if (
					admitted
						? res.status === 401 || res.status === 403 || res.status >= 500
						: res.status !== 403 ||
							res.body?.error?.code !== (route.approval && role !== "kitchen" ? "APPROVAL_REQUIRED" : "FORBIDDEN")
				) {
					wrong.push(
						`${route.method} ${route.path} as ${role} (${admitted ? "admitted" : "not admitted"}): ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
					);
				}
			}
		}
		assert.deepEqual(wrong, [], `${wrong.length} of ${checked} answers broke the rule`);
	});

	it("the payment webhook route (in the document as a provider calls it: a signed raw body, no token) ignores every token", async () => {
		// Its credential is the provider's signature, checked by billing: a token neither admits nor refuses it. The
		// simulated provider (this cluster's) sends no webhooks, so every caller hears the same 404, never 401 or 403.
		const statuses = new Set<number>();
		for (const authorization of [...Object.values(bad), `Bearer ${r.token.admin}`, `Bearer ${guestToken}`]) {
			const res = await http.request("POST", "/api/v1/billing/webhooks/simulated", undefined, {
				raw: "{}",
				headers: authorization ? { authorization } : {},
			});
			statuses.add(res.status);
			assert.equal(res.body?.error?.code, "WEBHOOK_PROVIDER_UNKNOWN", JSON.stringify(res.body));
		}
		assert.deepEqual([...statuses], [404]);
	});

	it("every route with a guest's token: 403 unless the route admits guests, through the gateway where it does", async () => {
		const wrong: string[] = [];
		let admittedRoutes = 0;
		for (const route of routes) {
			const res = await call(route, `Bearer ${guestToken}`);
			const admitted = admitsGuest(route.access);
			if (admitted && route.access !== "public") admittedRoutes++;
			if (
				admitted
					? res.status === 401 || res.status === 403 || res.status >= 500
					: res.status !== 403 || res.body?.error?.code !== "FORBIDDEN"
			) {
				wrong.push(
					`${route.method} ${route.path} as a guest (${admitted ? "admitted" : "not admitted"}): ${res.status} ${JSON.stringify(res.body).slice(0, 160)}`,
				);
			}
		}
		assert.deepEqual(wrong, []);
		assert.ok(admittedRoutes >= 3, `only ${admittedRoutes} guest routes`);
	});
});
