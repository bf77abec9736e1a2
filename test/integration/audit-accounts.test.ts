// The audit trail also answers "who got in, who was refused, who changed whose account": sign-ins, refused
// sign-ins (unknown user, wrong password, inactive user), accounts created, role and password changes,
// deactivations, each with who did it. Refreshing with tokens that are not ours spends the same per-IP budget
// as wrong passwords, so trying tokens is stopped like guessing passwords.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";

interface Audit {
	action: string;
	actorId: string | null;
	actorName: string;
	reason: string | null;
	subject: Record<string, unknown>;
}

describe(`the audit trail of accounts and sign-ins — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	const FAILURES_PER_IP = 12;

	const audit = async () => (await http.get<Audit[]>("/api/v1/reports/audit?kind=accounts&limit=500", { token: r.token.admin })).body;
	async function entry(match: (a: Audit) => boolean, what: string): Promise<Audit> {
		let found: Audit | undefined;
		await until(
			what,
			async () => {
				found = (await audit()).find(match);
				return Boolean(found);
			},
			20_000,
		);
		return found!;
	}

	before(async () => {
		cluster = await startCluster({ env: { LOGIN_MAX_FAILURES_PER_IP: String(FAILURES_PER_IP) } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 1);
	});
	after(async () => {
		await cluster?.stop();
	});

	it("records each sign-in, and each refused one with why", async () => {
		const made = await http.post(
			"/api/v1/auth/register",
			{ username: "sam-audit", password: "password-123", fullName: "Sam Audit", role: "staff" },
			{ token: r.token.admin },
		);
		assert.equal(made.status, 201);
		const created = await entry(a => a.action === "user_created" && a.subject.username === "sam-audit", "the account's creation");
		assert.equal(created.actorId, r.userId.admin);

		assert.equal((await http.post("/api/v1/auth/login", { username: "sam-audit", password: "password-123" })).status, 200);
		const signedIn = await entry(a => a.action === "signed_in" && a.subject.username === "sam-audit", "Sam's sign-in");
		assert.equal(signedIn.actorId, made.body.id);
		assert.equal(signedIn.actorName, "Sam Audit");
		assert.equal(signedIn.subject.role, "staff");

		assert.equal((await http.post("/api/v1/auth/login", { username: "sam-audit", password: "wrong-password" })).status, 401);
		const wrong = await entry(a => a.action === "sign_in_refused" && a.subject.username === "sam-audit", "the wrong password");
		assert.equal(wrong.reason, "wrong password");
		assert.equal(wrong.actorId, made.body.id);

		assert.equal((await http.post("/api/v1/auth/login", { username: "nobody-here", password: "whatever-1" })).status, 401);
		const unknown = await entry(a => a.action === "sign_in_refused" && a.subject.username === "nobody-here", "the unknown user");
		assert.equal(unknown.reason, "unknown user");
		assert.equal(unknown.actorId, null);
		// No password, right or wrong, ever reaches the trail.
		assert.ok(!JSON.stringify(await audit()).includes("wrong-password"));
	});

	it("records role and password changes and deactivation, by whom", async () => {
		const made = await http.post(
			"/api/v1/auth/register",
			{ username: "kim-audit", password: "password-123", fullName: "Kim Audit", role: "staff" },
			{ token: r.token.admin },
		);
		const id = made.body.id as string;
		assert.equal((await http.patch(`/api/v1/auth/users/${id}`, { role: "kitchen" }, { token: r.token.admin })).status, 200);
		const role = await entry(a => a.action === "role_changed" && a.subject.userId === id, "the role change");
		assert.deepEqual([role.subject.previousRole, role.subject.role, role.actorId], ["staff", "kitchen", r.userId.admin]);

		assert.equal(
			(await http.patch(`/api/v1/auth/users/${id}`, { password: "another-password-2" }, { token: r.token.admin })).status,
			200,
		);
		await entry(a => a.action === "password_changed" && a.subject.userId === id, "the password change");

		assert.equal((await http.patch(`/api/v1/auth/users/${id}`, { isActive: false }, { token: r.token.admin })).status, 200);
		await entry(a => a.action === "user_deactivated" && a.subject.userId === id, "the deactivation");
		assert.equal((await http.post("/api/v1/auth/login", { username: "kim-audit", password: "another-password-2" })).status, 401);
		const inactive = await entry(
			a => a.action === "sign_in_refused" && a.subject.username === "kim-audit",
			"the inactive user's sign-in",
		);
		assert.equal(inactive.reason, "inactive user");

		assert.equal((await http.patch(`/api/v1/auth/users/${id}`, { isActive: true }, { token: r.token.admin })).status, 200);
		await entry(a => a.action === "user_reactivated" && a.subject.userId === id, "the reactivation");
		// The money half of the trail holds none of it.
		const money = (await http.get<Audit[]>("/api/v1/reports/audit?kind=money", { token: r.token.admin })).body;
		assert.deepEqual(
			money.filter(a => a.subject.userId === id),
			[],
		);
		// A new name alone is no security event.
		assert.equal((await http.patch(`/api/v1/auth/users/${id}`, { fullName: "Kim A." }, { token: r.token.admin })).status, 200);
		const mine = (await audit()).filter(a => a.subject.userId === id).map(a => a.action);
		assert.deepEqual(
			mine.sort(),
			["password_changed", "role_changed", "sign_in_refused", "user_created", "user_deactivated", "user_reactivated"].sort(),
		);
	});

	it("stops a client trying refresh tokens with the per-IP failure budget (429, Retry-After)", async () => {
		let limited: { status: number; headers: Headers } | undefined;
		for (let i = 0; i < FAILURES_PER_IP + 2 && !limited; i++) {
			const res = await http.post("/api/v1/auth/refresh", { refreshToken: `not-a-real-refresh-token-${i}` });
			if (res.status === 429) limited = res;
			else assert.equal(res.status, 401, JSON.stringify(res.body));
		}
		assert.ok(limited, "never rate limited");
		assert.ok(Number(limited.headers.get("retry-after")) > 0);
	});
});
