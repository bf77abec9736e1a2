// The gateway logs one line per HTTP request (method, route pattern, status, milliseconds, request id, user), and
// no line of the log carries a password, a token or a query string. A real node process; its JSON log read back.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { ADMIN, createStorage, MODE, testEnv, type Storage } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { NodeProcess, type LogLine } from "../helpers/process";
import { until } from "../helpers/wait";

async function startNode(storage: Storage, env: Record<string, string>): Promise<{ node: NodeProcess; http: Client }> {
	const node = new NodeProcess("brigade.ts", testEnv(storage, env));
	const [, url] = await node.waitFor(/listening on (http:\/\/localhost:\d+)/, 60_000);
	await node.waitFor(/is up/, 60_000);
	return { node, http: client(url.replace("localhost", "127.0.0.1")) };
}

const requestLines = (node: NodeProcess) => node.lines.filter(l => typeof l.status === "number" && typeof l.route === "string");

describe(`request log — ${MODE}`, () => {
	let storage: Storage;
	before(async () => {
		storage = await createStorage();
	});
	after(() => storage?.destroy());

	it("one info line per request with method, route pattern, status, duration, request id and user, and no secret in any line", async () => {
		// Debug, so moleculer-web's own request and parameter logging would show here too if it were on.
		const { node, http } = await startNode(storage, { LOG_LEVEL: "debug" });
		const secrets: string[] = [ADMIN.password, "wrong-password-not-logged"];
		const ids = { login: "req-login-1", profile: "req-profile-1", guest: "req-guest-1" };
		try {
			const login = await http.post("/api/v1/auth/login", ADMIN, { headers: { "x-request-id": ids.login } });
			assert.equal(login.status, 200);
			const { accessToken, refreshToken, user } = login.body;
			secrets.push(accessToken, refreshToken);
			assert.equal(
				(await http.get("/api/v1/auth/profile", { token: accessToken, headers: { "x-request-id": ids.profile } })).status,
				200,
			);
			assert.equal(
				(await http.get(`/api/v1/tables/${crypto.randomUUID()}/guest`, { headers: { "x-request-id": ids.guest } })).status,
				404,
			);
			const inQuery = crypto.randomBytes(16).toString("hex");
			secrets.push(inQuery);
			assert.equal((await http.get(`/api/v1/menu?token=${inQuery}&access_token=${inQuery}`)).status, 200);
			assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken })).status, 200);
			assert.equal(
				(await http.post("/api/v1/auth/login", { username: ADMIN.username, password: "wrong-password-not-logged" })).status,
				401,
			);
			assert.equal((await http.get("/health/ready")).status, 200);
			await until("a line for each of the seven requests", () => requestLines(node).length >= 7, 10_000);

			const of = (requestID: string) => requestLines(node).filter(l => l.requestID === requestID);
			const [loginLine, ...moreLogin] = of(ids.login);
			assert.equal(moreLogin.length, 0, "one line per request");
			assert.equal(loginLine.level, 30, "info");
			assert.deepEqual(pick(loginLine), {
				method: "POST",
				route: "/api/v1/auth/login",
				status: 200,
				requestID: ids.login,
				userID: null,
			});
			assert.ok(typeof loginLine.ms === "number" && loginLine.ms >= 0 && loginLine.ms < 60_000, `ms: ${loginLine.ms}`);
			assert.equal(loginLine.msg, `POST /api/v1/auth/login 200 ${loginLine.ms} ms`);
			assert.deepEqual(pick(of(ids.profile)[0]), {
				method: "GET",
				route: "/api/v1/auth/profile",
				status: 200,
				requestID: ids.profile,
				userID: user.id,
			});
			assert.deepEqual(pick(of(ids.guest)[0]), {
				method: "GET",
				route: "/api/v1/tables/:id/guest",
				status: 404,
				requestID: ids.guest,
				userID: null,
			});
			assert.equal(requestLines(node).find(l => l.route === "/health/ready")?.level, 20, "a probe that succeeds is a debug line");
			const menu = requestLines(node).find(l => l.route === "/api/v1/menu")!;
			assert.equal(menu.status, 200);
			assert.match(String(menu.requestID), /^[0-9a-f-]{36}$/, "a request without X-Request-ID gets the one the gateway made");
		} finally {
			await node.stop();
		}
		const leaks = node.raw.filter(line => secrets.some(s => line.includes(s)) || /authorization|bearer/i.test(line));
		assert.deepEqual(leaks, [], "no password, token, query string or Authorization header in any line");
	});

	it("LOG_REQUESTS=false turns the lines off, with nothing of moleculer-web's own request logging left even at debug", async () => {
		const { node, http } = await startNode(storage, { LOG_LEVEL: "debug", LOG_REQUESTS: "false" });
		try {
			assert.equal((await http.get("/api/v1/menu?lang=en")).status, 200);
			assert.equal((await http.post("/api/v1/auth/login", ADMIN)).status, 200);
		} finally {
			await node.stop();
		}
		assert.deepEqual(requestLines(node), []);
		// moleculer-web's were "=> GET /api/v1/menu?lang=en", "Call 'menu.get' action", "Params: { password… }", "<= 200 GET …".
		const about = node.lines.filter(l => /lang=en|^\s*(=>|<=) |Call '[^']+' action|Params:/.test(l.msg)).map(l => l.msg);
		assert.deepEqual(about, [], "no line about either request");
	});
});

function pick(l: LogLine | undefined) {
	assert.ok(l, "the request has its line");
	return { method: l.method, route: l.route, status: l.status, requestID: l.requestID, userID: l.userID };
}
