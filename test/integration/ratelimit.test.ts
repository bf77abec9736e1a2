// Login attempts are limited per IP and username (429 with Retry-After), in memory or in Redis.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";

describe(`login rate limit — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;

	before(async () => {
		cluster = await startCluster({ env: { LOGIN_MAX_ATTEMPTS: "5", LOGIN_MAX_FAILURES_PER_IP: "20", LOGIN_WINDOW_SECONDS: "60" } });
		http = client(cluster.baseUrl);
		const admin = await http.login(ADMIN.username, ADMIN.password);
		for (const username of ["cook-a", "cook-b", "cook-c"]) {
			const r = await http.post(
				"/api/v1/auth/register",
				{ username, password: "password-123", fullName: username, role: "kitchen" },
				{ token: admin.accessToken },
			);
			assert.equal(r.status, 201);
		}
	});
	after(() => cluster?.stop());

	it("the sixth attempt on one username is a 429 with Retry-After, even with the right password", async () => {
		for (let i = 0; i < 5; i++) {
			const r = await http.post("/api/v1/auth/login", { username: "cook-a", password: `wrong-${i}` });
			assert.equal(r.status, 401);
		}
		const blocked = await http.post("/api/v1/auth/login", { username: "cook-a", password: "password-123" });
		assert.equal(blocked.status, 429);
		assert.equal(blocked.body.error.code, "RATE_LIMITED");
		const retryAfter = Number(blocked.headers.get("retry-after"));
		assert.ok(retryAfter >= 1 && retryAfter <= 60, `Retry-After ${retryAfter}`);
	});

	it("another username from the same IP is not blocked by that", async () => {
		const r = await http.post("/api/v1/auth/login", { username: "cook-b", password: "password-123" });
		assert.equal(r.status, 200);
	});

	it("a successful login resets the username's count", async () => {
		for (let i = 0; i < 4; i++) await http.post("/api/v1/auth/login", { username: "cook-c", password: "wrong" });
		assert.equal((await http.post("/api/v1/auth/login", { username: "cook-c", password: "password-123" })).status, 200);
		for (let i = 0; i < 4; i++)
			assert.equal((await http.post("/api/v1/auth/login", { username: "cook-c", password: "wrong" })).status, 401);
	});

	it("concurrent guesses cannot slip past the limit", async () => {
		const results = await Promise.all(
			Array.from({ length: 10 }, (_, i) => http.post("/api/v1/auth/login", { username: "racer", password: `guess-${i}` })),
		);
		const statuses = results.map(r => r.status);
		assert.equal(statuses.filter(s => s === 401).length <= 5, true, statuses.join(","));
		assert.ok(statuses.includes(429));
	});

	it("failures from one IP across many usernames hit the per-IP limit", async () => {
		// Every refused attempt from this IP counted (6 on cook-a, 8 on cook-c, 10 racing): over the 20 allowed.
		const r = await http.post("/api/v1/auth/login", { username: "someone-new", password: "guess" });
		assert.equal(r.status, 429);
	});
});
