// The gateway's contract: error shapes and statuses, token checks, every role against every auth route,
// health, the OpenAPI document in step with the routes, request ids, and the static pages.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import os from "node:os";
import jwt from "jsonwebtoken";
import type { Context, ServiceSchema } from "moleculer";
import { ADMIN, DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { firstNetworkAddress, resolveJwtSecret } from "../../lib/config";
import type { Role, TokenPair } from "../../contracts";

// A service on the far broker that reports the request id it sees, to prove the id crosses nodes.
const EchoService: ServiceSchema = {
	name: "echo",
	settings: { rest: "/echo" },
	actions: {
		requestId: {
			rest: "GET /request-id",
			access: "public",
			handler(ctx: Context) {
				return { requestID: ctx.requestID, nodeID: ctx.broker.nodeID };
			},
		},
	},
};

describe(`gateway — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	const tokens = {} as Record<Role, TokenPair>;

	before(async () => {
		cluster = await startCluster({ extraServices: [EchoService] });
		http = client(cluster.baseUrl);
		tokens.admin = await http.login(ADMIN.username, ADMIN.password);
		for (const role of ["staff", "kitchen"] as const) {
			const username = `${role}-user`;
			const r = await http.post(
				"/api/v1/auth/register",
				{ username, password: "password-123", fullName: role, role },
				{ token: tokens.admin.accessToken },
			);
			assert.equal(r.status, 201);
			tokens[role] = await http.login(username, "password-123");
		}
	});
	after(() => cluster?.stop());

	describe("errors have API.md's shape and status", () => {
		it("malformed JSON → 400 MALFORMED_JSON", async () => {
			const r = await http.request("POST", "/api/v1/auth/login", undefined, { raw: '{"username": "admin",' });
			assert.equal(r.status, 400);
			assert.deepEqual(r.body, { error: { code: "MALFORMED_JSON", message: "The request body is not valid JSON" } });
		});

		it("a body over the limit → 413", async () => {
			const r = await http.post("/api/v1/auth/login", { username: "admin", password: "x".repeat(200_000) });
			assert.equal(r.status, 413);
			assert.equal(r.body.error.code, "PAYLOAD_TOO_LARGE");
		});

		it("control characters (NUL, which PostgreSQL cannot store) → 400 naming the field, not a 500", async () => {
			const r = await http.post("/api/v1/auth/login", { username: "adm\u0000in", password: "x" });
			assert.equal(r.status, 400);
			assert.equal(r.body.error.code, "VALIDATION_ERROR");
			assert.equal(r.body.error.details[0].field, "username");
			const nested = await http.post(
				"/api/v1/auth/register",
				{ username: "ok-name", password: "password-123", fullName: "Tab\u0007", role: "staff" },
				{ token: tokens.admin.accessToken },
			);
			assert.equal(nested.status, 400);
			assert.equal(nested.body.error.details[0].field, "fullName");
		});

		it("an unknown route → 404 ROUTE_NOT_FOUND", async () => {
			for (const path of ["/api/v1/nothing-here", "/api/v1/auth/nope", "/not-a-page.html"]) {
				const r = await http.get(path, { token: tokens.admin.accessToken });
				assert.equal(r.status, 404, path);
				assert.equal(r.body.error.code, "ROUTE_NOT_FOUND", path);
			}
		});

		it("a wrong method on a known path → 404, not a 500", async () => {
			const r = await http.request("DELETE", "/api/v1/auth/login", undefined, { token: tokens.admin.accessToken });
			assert.equal(r.status, 404);
		});

		it("no token → 401 with a WWW-Authenticate header", async () => {
			const r = await http.get("/api/v1/auth/profile");
			assert.equal(r.status, 401);
			assert.equal(r.body.error.code, "UNAUTHORIZED");
			assert.match(r.headers.get("www-authenticate") ?? "", /^Bearer/);
		});

		it("a garbage or non-Bearer token → 401", async () => {
			assert.equal((await http.get("/api/v1/auth/profile", { token: "not.a.jwt" })).status, 401);
			const basic = await http.get("/api/v1/auth/profile", { headers: { authorization: "Basic YWRtaW46eA==" } });
			assert.equal(basic.status, 401);
		});

		it("tokens are verified with a pinned algorithm, issuer and audience", async () => {
			const secret = resolveJwtSecret(cluster.config);
			const claims = { sid: "00000000-0000-4000-8000-000000000000", role: "admin" };
			const base = { subject: tokens.admin.user.id, issuer: "brigade", audience: cluster.config.namespace, expiresIn: 60 };
			const forged = [
				jwt.sign(claims, secret, { ...base, algorithm: "HS512" }),
				jwt.sign(claims, "another-secret-another-secret-another", { ...base, algorithm: "HS256" }),
				jwt.sign(claims, secret, { ...base, algorithm: "HS256", audience: "someone-else" }),
				jwt.sign({ ...claims, exp: Math.floor(Date.now() / 1000) - 10 }, secret, {
					algorithm: "HS256",
					subject: base.subject,
					issuer: "brigade",
					audience: base.audience,
				}),
				`${Buffer.from('{"alg":"none","typ":"JWT"}').toString("base64url")}.${Buffer.from(JSON.stringify({ ...claims, sub: base.subject })).toString("base64url")}.`,
			];
			for (const token of forged) {
				const r = await http.get("/api/v1/auth/profile", { token });
				assert.equal(r.status, 401, token);
			}
		});

		it("a stale token does not stop a login (public routes ignore it)", async () => {
			const r = await http.post(
				"/api/v1/auth/login",
				{ username: ADMIN.username, password: ADMIN.password },
				{ token: "stale.token.here" },
			);
			assert.equal(r.status, 200);
		});
	});

	describe("every role against every auth route", () => {
		// Expected access written from API.md, not read from the code, so a wrong `access` fails here.
		const anyone = ["anonymous", "admin", "staff", "kitchen"];
		const users = ["admin", "staff", "kitchen"];
		const routes: { method: string; label?: string; path: () => string; body?: () => unknown; allowed: string[] }[] = [
			{
				method: "POST",
				path: () => "/api/v1/auth/login",
				body: () => ({ username: "nobody-x", password: "wrong-pass" }),
				allowed: anyone,
			},
			{ method: "POST", path: () => "/api/v1/auth/refresh", body: () => ({ refreshToken: "z".repeat(43) }), allowed: anyone },
			{ method: "POST", path: () => "/api/v1/auth/logout", body: () => ({ refreshToken: "z".repeat(43) }), allowed: users },
			{ method: "GET", path: () => "/api/v1/auth/profile", allowed: users },
			{
				method: "POST",
				path: () => "/api/v1/auth/register",
				body: () => ({ username: "x", password: "p", fullName: "", role: "staff" }),
				allowed: ["admin"],
			},
			{ method: "GET", path: () => "/api/v1/auth/users", allowed: ["admin"] },
			{
				method: "PATCH",
				label: "/api/v1/auth/users/:id",
				path: () => `/api/v1/auth/users/${tokens.staff.user.id}`,
				body: () => ({ fullName: "Staff Member" }),
				allowed: ["admin"],
			},
		];
		for (const route of routes) {
			for (const who of anyone) {
				const allowed = route.allowed.includes(who);
				it(`${who} ${allowed ? "may" : "may not"} ${route.method} ${route.label ?? route.path()}`, async () => {
					const token = who === "anonymous" ? undefined : tokens[who as Role].accessToken;
					const r = await http.request(route.method, route.path(), route.body?.(), { token });
					if (allowed) {
						assert.ok(
							![401, 403].includes(r.status) ||
								r.body.error?.code === "INVALID_CREDENTIALS" ||
								r.body.error?.code === "INVALID_REFRESH_TOKEN",
							`${who}: ${r.status} ${JSON.stringify(r.body)}`,
						);
					} else {
						assert.equal(r.status, who === "anonymous" ? 401 : 403, JSON.stringify(r.body));
						assert.equal(r.body.error.code, who === "anonymous" ? "UNAUTHORIZED" : "FORBIDDEN");
					}
				});
			}
		}
	});

	describe("operations", () => {
		it("GET /health/live → 200", async () => {
			const r = await http.get("/health/live");
			assert.equal(r.status, 200);
			assert.deepEqual(r.body, { status: "ok" });
		});

		it("GET /health/ready → 200 with the database (and transporter when distributed) checked", async () => {
			const r = await http.get("/health/ready");
			assert.equal(r.status, 200);
			assert.equal(r.body.checks.database, "ok");
			if (DISTRIBUTED) assert.equal(r.body.checks.transporter, "ok");
		});

		it("the OpenAPI document lists exactly the gateway's routes", async () => {
			const r = await http.get("/api/v1/openapi.json");
			assert.equal(r.status, 200);
			assert.equal(r.body.openapi, "3.1.0");
			const documented = new Set<string>();
			for (const [path, ops] of Object.entries(r.body.paths as Record<string, Record<string, unknown>>)) {
				for (const method of Object.keys(ops)) documented.add(`${method.toUpperCase()} ${path}`);
			}
			const gateway = cluster.brokerOf("api").getLocalService("api") as unknown as {
				aliases: { method: string; fullPath: string }[];
			};
			const live = new Set(
				gateway.aliases
					.filter(a => a.fullPath.startsWith("/api/v1"))
					.map(a => `${a.method} ${a.fullPath.replace(/:([A-Za-z0-9_]+)/g, "{$1}")}`),
			);
			assert.deepEqual([...documented].sort(), [...live].sort());
			for (const route of [
				"POST /api/v1/auth/login",
				"POST /api/v1/auth/refresh",
				"POST /api/v1/auth/logout",
				"GET /api/v1/auth/profile",
				"POST /api/v1/auth/register",
				"GET /api/v1/auth/users",
				"PATCH /api/v1/auth/users/{id}",
			]) {
				assert.ok(documented.has(route), route);
			}
			const register = r.body.paths["/api/v1/auth/register"].post;
			assert.deepEqual(register.requestBody.content["application/json"].schema.required.sort(), [
				"fullName",
				"password",
				"role",
				"username",
			]);
			assert.deepEqual(register.security, [{ bearerAuth: [] }]);
			assert.deepEqual(r.body.paths["/api/v1/auth/login"].post.security, []);
		});

		it("serves the API browser and its assets without a CDN", async () => {
			const page = await http.get("/docs/");
			assert.equal(page.status, 200);
			assert.match(page.body, /swagger-ui-bundle\.js/);
			const bundle = await fetch(`${cluster.baseUrl}/vendor/swagger-ui/swagger-ui-bundle.js`);
			assert.equal(bundle.status, 200);
			assert.ok((await bundle.arrayBuffer()).byteLength > 100_000);
		});

		it("table QR codes send guests to this machine's network address by default, and GET /settings says so", async () => {
			const lan = firstNetworkAddress(os.networkInterfaces());
			const settings = (await http.get("/api/v1/settings")).body;
			assert.equal(settings.guestBaseUrl, `http://${lan ?? "localhost"}:${cluster.config.port}`);
			assert.equal(settings.guestLinkReachable, lan !== undefined, "reachable unless the machine has no network address");
			const table = await http.post("/api/v1/tables", { name: "QR 1", seats: 2 }, { token: tokens.admin.accessToken });
			const qr = await fetch(`${cluster.baseUrl}/api/v1/tables/${table.body.id}/qr`);
			assert.equal(qr.headers.get("x-guest-link"), `${settings.guestBaseUrl}/guest/?table=${table.body.id}`);
		});

		it("serves public/ at /", async () => {
			const r = await http.get("/");
			assert.equal(r.status, 200);
			assert.match(r.body, /Brigade/);
		});

		it("one request id from the client runs through the call chain and comes back", async () => {
			const r = await http.get("/api/v1/echo/request-id", { headers: { "x-request-id": "tablet-7-req-42" } });
			assert.equal(r.status, 200);
			assert.equal(r.body.requestID, "tablet-7-req-42");
			assert.equal(r.headers.get("x-request-id"), "tablet-7-req-42");
			if (DISTRIBUTED) assert.notEqual(r.body.nodeID, cluster.brokerOf("api").nodeID, "echo runs on another node");
			const err = await http.get("/api/v1/auth/profile", { headers: { "x-request-id": "tablet-7-req-43" } });
			assert.equal(err.headers.get("x-request-id"), "tablet-7-req-43");
		});

		it("an unsafe request id is replaced, not logged as sent", async () => {
			const r = await http.get("/api/v1/echo/request-id", { headers: { "x-request-id": "bad id\twith spaces" } });
			assert.notEqual(r.body.requestID, "bad id\twith spaces");
			assert.match(r.body.requestID, /^[A-Za-z0-9-]+$/);
		});
	});
});
