// The Auth section of API.md, through the real gateway: login, rotation, reuse, logout, users and roles.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import type { TokenPair, User } from "../../contracts";

describe(`auth — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let admin: TokenPair;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		admin = await http.login(ADMIN.username, ADMIN.password);
	});
	after(() => cluster?.stop());

	async function newUser(role: "admin" | "staff" | "kitchen", password = "password-123"): Promise<{ user: User; pair: TokenPair }> {
		const username = `${role}-${Math.random().toString(36).slice(2, 8)}`;
		const r = await http.post(
			"/api/v1/auth/register",
			{ username, password, fullName: `Test ${role}`, role },
			{ token: admin.accessToken },
		);
		assert.equal(r.status, 201, JSON.stringify(r.body));
		return { user: r.body, pair: await http.login(username, password) };
	}

	describe("login", () => {
		it("returns an access token, a refresh token, its lifetime and the user", () => {
			assert.equal(typeof admin.accessToken, "string");
			assert.equal(typeof admin.refreshToken, "string");
			assert.equal(admin.expiresIn, cluster.config.accessTokenTtlSeconds);
			assert.deepEqual(Object.keys(admin.user).sort(), [
				"createdAt",
				"email",
				"fullName",
				"hasPin",
				"id",
				"isActive",
				"role",
				"username",
			]);
			assert.equal(admin.user.role, "admin");
			assert.equal(admin.user.username, ADMIN.username);
		});

		it("accepts the username in any case", async () => {
			const pair = await http.login(ADMIN.username.toUpperCase(), ADMIN.password);
			assert.equal(pair.user.id, admin.user.id);
		});

		it("refuses a wrong password and an unknown user with the same 401", async () => {
			const wrong = await http.post("/api/v1/auth/login", { username: ADMIN.username, password: "not-the-password" });
			const unknown = await http.post("/api/v1/auth/login", { username: "nobody-here", password: "whatever-123" });
			assert.equal(wrong.status, 401);
			assert.equal(unknown.status, 401);
			assert.deepEqual(wrong.body, unknown.body);
			assert.equal(wrong.body.error.code, "INVALID_CREDENTIALS");
		});

		it("never stores or returns the password", async () => {
			const { user } = await newUser("staff");
			assert.equal(JSON.stringify(user).includes("password"), false);
		});
	});

	describe("refresh", () => {
		it("rotates: the new pair works and the old refresh token is spent", async () => {
			const { pair } = await newUser("staff");
			const r = await http.post<TokenPair>("/api/v1/auth/refresh", { refreshToken: pair.refreshToken });
			assert.equal(r.status, 200);
			assert.notEqual(r.body.refreshToken, pair.refreshToken);
			assert.notEqual(r.body.accessToken, pair.accessToken);
			const profile = await http.get("/api/v1/auth/profile", { token: r.body.accessToken });
			assert.equal(profile.status, 200);
			assert.equal(profile.body.id, pair.user.id);
		});

		it("a spent refresh token presented again revokes the whole session", async () => {
			const { pair } = await newUser("staff");
			const second = (await http.post<TokenPair>("/api/v1/auth/refresh", { refreshToken: pair.refreshToken })).body;

			const replay = await http.post("/api/v1/auth/refresh", { refreshToken: pair.refreshToken });
			assert.equal(replay.status, 401);
			assert.equal(replay.body.error.code, "REFRESH_TOKEN_REUSED");

			// Everything issued in that session is dead: the rotated refresh token and its access token.
			const next = await http.post("/api/v1/auth/refresh", { refreshToken: second.refreshToken });
			assert.equal(next.status, 401);
			const profile = await http.get("/api/v1/auth/profile", { token: second.accessToken });
			assert.equal(profile.status, 401);
		});

		it("two devices racing with one refresh token: one gets a pair, the session ends for both", async () => {
			const { pair } = await newUser("staff");
			const results = await Promise.all([
				http.post("/api/v1/auth/refresh", { refreshToken: pair.refreshToken }),
				http.post("/api/v1/auth/refresh", { refreshToken: pair.refreshToken }),
			]);
			const statuses = results.map(r => r.status).sort();
			assert.deepEqual(statuses, [200, 401]);
			const winner = results.find(r => r.status === 200)!.body as TokenPair;
			assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken: winner.refreshToken })).status, 401);
		});

		it("refuses an unknown refresh token", async () => {
			const r = await http.post("/api/v1/auth/refresh", { refreshToken: "x".repeat(43) });
			assert.equal(r.status, 401);
			assert.equal(r.body.error.code, "INVALID_REFRESH_TOKEN");
		});

		it("other sessions of the same user survive a revoked one", async () => {
			const { user } = await newUser("kitchen");
			const a = await http.login(user.username, "password-123");
			const b = await http.login(user.username, "password-123");
			await http.post("/api/v1/auth/refresh", { refreshToken: a.refreshToken });
			await http.post("/api/v1/auth/refresh", { refreshToken: a.refreshToken }); // reuse: kills session a
			assert.equal((await http.get("/api/v1/auth/profile", { token: b.accessToken })).status, 200);
			assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken: b.refreshToken })).status, 200);
		});
	});

	describe("logout", () => {
		it("ends the session: 204, then its tokens are refused", async () => {
			const { pair } = await newUser("staff");
			const r = await http.post("/api/v1/auth/logout", { refreshToken: pair.refreshToken }, { token: pair.accessToken });
			assert.equal(r.status, 204);
			assert.equal((await http.get("/api/v1/auth/profile", { token: pair.accessToken })).status, 401);
			assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken: pair.refreshToken })).status, 401);
		});

		it("is idempotent for a token already gone", async () => {
			const { pair } = await newUser("staff");
			const r = await http.post("/api/v1/auth/logout", { refreshToken: "y".repeat(43) }, { token: pair.accessToken });
			assert.equal(r.status, 204);
		});

		it("may not end another user's session", async () => {
			const a = await newUser("staff");
			const b = await newUser("staff");
			const r = await http.post("/api/v1/auth/logout", { refreshToken: b.pair.refreshToken }, { token: a.pair.accessToken });
			assert.equal(r.status, 403);
			assert.equal((await http.get("/api/v1/auth/profile", { token: b.pair.accessToken })).status, 200);
		});

		it("needs a token", async () => {
			const r = await http.post("/api/v1/auth/logout", { refreshToken: admin.refreshToken });
			assert.equal(r.status, 401);
		});
	});

	describe("users (admin)", () => {
		it("register creates a user who can log in, and rejects a taken username with 409", async () => {
			const { user } = await newUser("kitchen");
			assert.equal(user.role, "kitchen");
			assert.equal(user.isActive, true);
			const again = await http.post(
				"/api/v1/auth/register",
				{ username: user.username.toUpperCase(), password: "password-123", fullName: "Dup", role: "staff" },
				{ token: admin.accessToken },
			);
			assert.equal(again.status, 409);
			assert.equal(again.body.error.code, "USERNAME_TAKEN");
		});

		it("lists users", async () => {
			const { user } = await newUser("staff");
			const r = await http.get<User[]>("/api/v1/auth/users", { token: admin.accessToken });
			assert.equal(r.status, 200);
			assert.ok(r.body.some(u => u.id === user.id));
			const kitchenOnly = await http.get<User[]>("/api/v1/auth/users?role=kitchen", { token: admin.accessToken });
			assert.ok(kitchenOnly.body.every(u => u.role === "kitchen"));
		});

		it("deactivating a user ends their sessions at once and stops new logins", async () => {
			const { user, pair } = await newUser("staff");
			assert.equal((await http.get("/api/v1/auth/profile", { token: pair.accessToken })).status, 200);
			const r = await http.patch(`/api/v1/auth/users/${user.id}`, { isActive: false }, { token: admin.accessToken });
			assert.equal(r.status, 200);
			assert.equal(r.body.isActive, false);
			assert.equal((await http.get("/api/v1/auth/profile", { token: pair.accessToken })).status, 401);
			assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken: pair.refreshToken })).status, 401);
			const login = await http.post("/api/v1/auth/login", { username: user.username, password: "password-123" });
			assert.equal(login.status, 401);
			assert.equal(login.body.error.code, "USER_INACTIVE");
		});

		it("a role change applies to the very next request", async () => {
			const { user, pair } = await newUser("staff");
			assert.equal((await http.get("/api/v1/auth/users", { token: pair.accessToken })).status, 403);
			await http.patch(`/api/v1/auth/users/${user.id}`, { role: "admin" }, { token: admin.accessToken });
			assert.equal((await http.get("/api/v1/auth/users", { token: pair.accessToken })).status, 200);
		});

		it("a password change ends the user's sessions; the new password works", async () => {
			const { user, pair } = await newUser("kitchen");
			const r = await http.patch(`/api/v1/auth/users/${user.id}`, { password: "brand-new-pass" }, { token: admin.accessToken });
			assert.equal(r.status, 200);
			assert.equal((await http.get("/api/v1/auth/profile", { token: pair.accessToken })).status, 401);
			await http.login(user.username, "brand-new-pass");
		});

		it("the last active admin cannot be demoted or deactivated", async () => {
			const admins = (await http.get<User[]>("/api/v1/auth/users?role=admin&active=true", { token: admin.accessToken })).body;
			// Demote every other admin first so ours is the last one.
			for (const a of admins.filter(a => a.id !== admin.user.id)) {
				await http.patch(`/api/v1/auth/users/${a.id}`, { role: "staff" }, { token: admin.accessToken });
			}
			const demote = await http.patch(`/api/v1/auth/users/${admin.user.id}`, { role: "staff" }, { token: admin.accessToken });
			assert.equal(demote.status, 409);
			assert.equal(demote.body.error.code, "LAST_ADMIN");
			const deactivate = await http.patch(`/api/v1/auth/users/${admin.user.id}`, { isActive: false }, { token: admin.accessToken });
			assert.equal(deactivate.status, 409);
		});

		it("an unknown user id is a 404", async () => {
			const r = await http.patch(
				"/api/v1/auth/users/00000000-0000-4000-8000-000000000000",
				{ fullName: "X" },
				{ token: admin.accessToken },
			);
			assert.equal(r.status, 404);
			assert.equal(r.body.error.code, "USER_NOT_FOUND");
		});
	});

	describe("bad input on every auth route is a 400 naming the field, and writes nothing", () => {
		const cases: [string, string, unknown, string[]][] = [
			["POST", "/api/v1/auth/login", {}, ["username", "password"]],
			["POST", "/api/v1/auth/login", { username: 42, password: ["x"] }, ["username", "password"]],
			["POST", "/api/v1/auth/refresh", {}, ["refreshToken"]],
			["POST", "/api/v1/auth/refresh", { refreshToken: 12345 }, ["refreshToken"]],
			["POST", "/api/v1/auth/logout", { refreshToken: "" }, ["refreshToken"]],
			[
				"POST",
				"/api/v1/auth/register",
				{ username: "ab", password: "short", fullName: "", role: "chef" },
				["username", "password", "fullName", "role"],
			],
			[
				"POST",
				"/api/v1/auth/register",
				{ username: "has space", password: "long-enough", fullName: "X", role: "staff" },
				["username"],
			],
			["PATCH", "/api/v1/auth/users/not-a-uuid", { fullName: "X" }, ["id"]],
			["PATCH", "/api/v1/auth/users/00000000-0000-4000-8000-000000000000", { role: "owner", isActive: "yes" }, ["role", "isActive"]],
			["GET", "/api/v1/auth/users?role=chef", undefined, ["role"]],
		];
		for (const [method, path, body, fields] of cases) {
			it(`${method} ${path} ${JSON.stringify(body) ?? ""} → 400 [${fields.join(", ")}]`, async () => {
				const before = (await http.get<User[]>("/api/v1/auth/users", { token: admin.accessToken })).body.length;
				const r = await http.request(method, path, body, { token: admin.accessToken });
				assert.equal(r.status, 400, JSON.stringify(r.body));
				assert.equal(r.body.error.code, "VALIDATION_ERROR");
				const named = (r.body.error.details as { field: string }[]).map(d => d.field);
				for (const f of fields) assert.ok(named.includes(f), `details should name ${f}: ${JSON.stringify(r.body.error.details)}`);
				const afterCount = (await http.get<User[]>("/api/v1/auth/users", { token: admin.accessToken })).body.length;
				assert.equal(afterCount, before);
			});
		}

		it("PATCH with nothing to change is a 400", async () => {
			const r = await http.patch(`/api/v1/auth/users/${admin.user.id}`, {}, { token: admin.accessToken });
			assert.equal(r.status, 400);
		});

		it("a password over 72 bytes is refused rather than silently cut", async () => {
			const r = await http.post(
				"/api/v1/auth/register",
				{ username: "longpass", password: "é".repeat(40), fullName: "Long", role: "staff" },
				{ token: admin.accessToken },
			);
			assert.equal(r.status, 400);
			assert.equal(r.body.error.details[0].field, "password");
		});

		it("unknown fields are dropped, not stored", async () => {
			const r = await http.post(
				"/api/v1/auth/register",
				{ username: "extra-fields", password: "password-123", fullName: "Extra", role: "staff", isAdmin: true, id: "x" },
				{ token: admin.accessToken },
			);
			assert.equal(r.status, 201);
			assert.notEqual(r.body.id, "x");
			assert.equal(r.body.role, "staff");
		});
	});
});
