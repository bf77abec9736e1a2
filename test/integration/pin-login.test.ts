// PINs and shared tablets, through the gateway: an admin sets and clears a waiter's PIN (kept only hashed, unique
// among active accounts, one of two admins racing for the same PIN wins), a manager or an admin signs the tablet in
// as a device (POST /auth/devices: a session that may only sign staff in by PIN, refused everything else, the
// manager's own refused at pin-login) and a PIN then signs its owner in (audited as a sign-in with method "pin"),
// wrong PINs are refused and then rate-limited, a deactivated account's or an admin's PIN signs no one in,
// auth.checkPin finds only the roles asked for, GET /auth/staff names who is on without usernames, and GET /settings
// says when a tablet locks.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { connectDevice } from "../helpers/socket";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { TokenPair, User } from "../../contracts";
import type { DbMethods } from "../../mixins/db.mixin";

const MAX_ATTEMPTS = 4;

describe(`PINs and shared tablets — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	/** The tablet's device session, signed in by the manager Mona. */
	let device: TokenPair;
	/** Mona's own session, the one that signed the tablet in. */
	let mona: TokenPair;
	const people: Record<string, User> = {};

	const expect = (res: Reply, status: number, code?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const register = async (name: string, role: User["role"]): Promise<User> => {
		const username = `${name.toLowerCase()}-${Math.random().toString(36).slice(2, 7)}`;
		const res = await http.post<User>(
			"/api/v1/auth/register",
			{ username, password: "password-123", fullName: name, role },
			{ token: r.token.admin },
		);
		expect(res, 201);
		assert.equal(res.body.hasPin, false);
		return res.body;
	};
	const setPin = (id: string, pin: string | null, token = r.token.admin) => http.patch(`/api/v1/auth/users/${id}`, { pin }, { token });
	/** On the tablet `device` signed in, or with another bearer (null: none). */
	const pinLogin = (pin: string, token: string | null = device.accessToken) =>
		http.post<TokenPair>("/api/v1/auth/pin-login", { pin }, { token: token ?? undefined });
	const userRow = (id: string) => {
		const auth = cluster.brokerOf("auth").getLocalService("auth") as unknown as DbMethods;
		return auth.table("users").where({ id }).first();
	};
	/** A tablet signed in as a device by the bearer (a manager's or an admin's own session). */
	const signInDevice = (token: string, name?: string) => http.post<TokenPair>("/api/v1/auth/devices", name ? { name } : {}, { token });
	const newDevice = async (token: string) => {
		const res = await signInDevice(token);
		expect(res, 201);
		return res.body;
	};
	/** What the gateway learns from a token (auth.resolveToken): the user, the session and its scope. */
	const whoIs = (token: string) =>
		cluster.brokerOf("auth").call<{ id: string; sessionId: string; scope?: string }, { token: string }>("auth.resolveToken", { token });
	const checkPin = (pin: string, roles: string[]) =>
		cluster.brokerOf("auth").call("auth.checkPin", { pin, roles, limitKey: "pin-login-test" });

	before(async () => {
		cluster = await startCluster({ env: { LOGIN_MAX_ATTEMPTS: String(MAX_ATTEMPTS), IDLE_LOCK_SECONDS: "45" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 1);
		for (const [name, role] of [
			["Wanda", "staff"],
			["Walt", "staff"],
			["Xena", "staff"],
			["Yves", "staff"],
			["Mona", "manager"],
		] as const) {
			people[name] = await register(name, role);
		}
		mona = await http.login(people.Mona.username, "password-123");
		device = await newDevice(mona.accessToken);
	});
	after(async () => {
		await cluster?.stop();
	});

	it("an admin sets and clears a PIN: accounts say hasPin, the PIN is kept only hashed", async () => {
		const set = await setPin(people.Wanda.id, "4821");
		expect(set, 200);
		assert.equal(set.body.hasPin, true);
		assert.ok(!JSON.stringify(set.body).includes("4821"));
		const listed = (await http.get<User[]>("/api/v1/auth/users", { token: r.token.admin })).body;
		assert.equal(listed.find(u => u.id === people.Wanda.id)?.hasPin, true);
		assert.ok(!JSON.stringify(listed).includes("pin_"));

		const row = await userRow(people.Wanda.id);
		assert.match(row.pin_hash, /^\$2[aby]\$/);
		assert.match(row.pin_lookup, /^[0-9a-f]{64}$/);
		assert.ok(!Object.values(row).some(v => String(v).includes("4821")), "no column holds the plain PIN");

		expect(await setPin(people.Walt.id, "1234", r.token.staff), 403, "FORBIDDEN");
		expect(await setPin(people.Walt.id, "12a4"), 400, "VALIDATION_ERROR");
		expect(await setPin(people.Walt.id, "123"), 400, "VALIDATION_ERROR");

		expect(await setPin(people.Walt.id, "5555"), 200);
		const cleared = await setPin(people.Walt.id, null);
		expect(cleared, 200);
		assert.equal(cleared.body.hasPin, false);
		const clearedRow = await userRow(people.Walt.id);
		assert.equal(clearedRow.pin_hash, null);
		assert.equal(clearedRow.pin_lookup, null);
	});

	it("a PIN another active account has is refused (409 PIN_TAKEN); two admins giving one PIN at once: one wins", async () => {
		expect(await setPin(people.Walt.id, "4821"), 409, "PIN_TAKEN");
		// Setting one's own PIN again is no conflict.
		expect(await setPin(people.Wanda.id, "4821"), 200);

		const [a, b] = await Promise.all([setPin(people.Xena.id, "24680"), setPin(people.Yves.id, "24680")]);
		assert.deepEqual([a.status, b.status].sort(), [200, 409], JSON.stringify([a.body, b.body]));
		const loser = a.status === 409 ? a : b;
		assert.equal(loser.body.error.code, "PIN_TAKEN");
		const rows = [await userRow(people.Xena.id), await userRow(people.Yves.id)];
		assert.equal(rows.filter(x => x.pin_hash).length, 1, "exactly one of them has it");
	});

	it("a PIN signs its owner in on a tablet a manager or an admin signed in as a device; staff, nobody or a manager's own session cannot", async () => {
		expect(await pinLogin("4821", null), 401);
		expect(await pinLogin("4821", r.token.staff), 403, "FORBIDDEN");
		expect(await signInDevice(r.token.staff), 403, "FORBIDDEN");
		// A manager's or an admin's own session is no tablet's: holding it would give the tablet their powers.
		for (const token of [mona.accessToken, r.token.admin]) {
			const own = await pinLogin("4821", token);
			expect(own, 403, "FORBIDDEN");
			assert.match(JSON.stringify(own.body), /signed in as a device/);
		}
		assert.ok(device.accessToken !== mona.accessToken && device.refreshToken !== mona.refreshToken, "a pair of its own");
		assert.equal(device.user.id, people.Mona.id);

		const res = await pinLogin("4821");
		expect(res, 200);
		assert.equal(res.body.user.id, people.Wanda.id);
		assert.ok(res.body.refreshToken && res.body.accessToken !== device.accessToken);
		const me = await http.get<User>("/api/v1/auth/profile", { token: res.body.accessToken });
		assert.equal(me.body.id, people.Wanda.id);
		// The waiter's own session: logging it out leaves the device's alone.
		expect(await http.post("/api/v1/auth/logout", { refreshToken: res.body.refreshToken }, { token: res.body.accessToken }), 204);
		expect(await pinLogin("4821"), 200);

		// An admin signs a tablet in the same way; the manager's own session ending leaves her tablet signed in.
		expect(await pinLogin("4821", (await newDevice(r.token.admin)).accessToken), 200);
		const morning = await http.login(people.Mona.username, "password-123");
		const tablet = await newDevice(morning.accessToken);
		expect(await http.post("/api/v1/auth/logout", { refreshToken: morning.refreshToken }, { token: morning.accessToken }), 204);
		expect(await pinLogin("4821", tablet.accessToken), 200);

		const audit = await until(
			"the PIN sign-in in the audit trail",
			async () => {
				const res = await http.get<{ action: string; actorId: string; subject: Record<string, unknown> }[]>(
					"/api/v1/reports/audit?limit=200",
					{ token: r.token.admin },
				);
				return (res.body ?? []).find?.(
					a =>
						a.action === "signed_in" &&
						a.actorId === people.Wanda.id &&
						(a.subject.device as { userId?: string } | undefined)?.userId === people.Mona.id,
				);
			},
			20_000,
		);
		assert.equal(audit.subject.method, "pin");
		// The tablet's sign-in is on the record as Mona's, method "device", naming the session that signed it in.
		const named = await signInDevice(mona.accessToken, "Terrace tablet");
		expect(named, 201);
		const signedIn = await until("the device sign-in in the audit trail", async () => {
			const res = await http.get<{ action: string; actorId: string; subject: Record<string, unknown> }[]>(
				"/api/v1/reports/audit?limit=200",
				{ token: r.token.admin },
			);
			return (res.body ?? []).find?.(
				a =>
					a.action === "signed_in" &&
					a.subject.method === "device" &&
					(a.subject.device as { name?: string } | undefined)?.name === "Terrace tablet",
			);
		});
		assert.equal(signedIn.actorId, people.Mona.id);
		assert.equal((signedIn.subject.device as { sessionId: string }).sessionId, (await whoIs(mona.accessToken)).sessionId);
		// Who gave Walt a PIN, and who took it away, is on the record too (as "set" or "cleared", never the digits).
		const changes = await until("the PIN changes in the audit trail", async () => {
			const res = await http.get<{ action: string; actorId: string; subject: Record<string, unknown> }[]>(
				"/api/v1/reports/audit?kind=accounts&limit=200",
				{ token: r.token.admin },
			);
			const mine = res.body.filter(a => a.action === "pin_changed" && a.subject.userId === people.Walt.id);
			return mine.some(a => a.subject.pin === "cleared") && mine;
		});
		assert.ok(changes.some(a => a.subject.pin === "set" && a.actorId === r.userId.admin));
		assert.doesNotMatch(JSON.stringify(changes), /5555/);
	});

	it("a wrong PIN is 401 INVALID_PIN, and once the budget is spent 429 RATE_LIMITED, per device session", async () => {
		// A second tablet, so the first one's budget is left alone.
		const other = await newDevice(mona.accessToken);
		for (let i = 0; i < MAX_ATTEMPTS; i++) expect(await pinLogin("0000", other.accessToken), 401, "INVALID_PIN");
		expect(await pinLogin("0000", other.accessToken), 429, "RATE_LIMITED");
		// The right PIN is refused too once the budget is spent; another tablet is not affected.
		expect(await pinLogin("4821", other.accessToken), 429, "RATE_LIMITED");
		expect(await pinLogin("4821"), 200);
	});

	it("a deactivated account's PIN signs no one in and is free for another; reactivated, it comes back without it", async () => {
		expect(await setPin(people.Walt.id, "3333"), 200);
		expect(await pinLogin("3333"), 200);
		expect(await http.patch(`/api/v1/auth/users/${people.Walt.id}`, { isActive: false }, { token: r.token.admin }), 200);
		expect(await pinLogin("3333"), 401, "INVALID_PIN");
		// Nobody active holds it now.
		expect(await setPin(people.Wanda.id, "3333"), 200);
		const back = await http.patch<User>(`/api/v1/auth/users/${people.Walt.id}`, { isActive: true }, { token: r.token.admin });
		expect(back, 200);
		assert.equal(back.body.hasPin, false);
		assert.equal((await pinLogin("3333")).body.user.id, people.Wanda.id);
	});

	it("the device session may only sign staff in by PIN: every other call is 403, sockets are refused, it refreshes as one", async () => {
		const refused = async (res: Reply) => {
			expect(res, 403, "FORBIDDEN");
			assert.equal(res.body.error.message, "A tablet's device sign-in may only sign staff in by PIN");
		};
		const anId = "00000000-0000-4000-8000-000000000000";
		const adminDevice = await newDevice(r.token.admin);
		for (const token of [device.accessToken, adminDevice.accessToken]) {
			await refused(await http.get("/api/v1/reports/sales", { token }));
			await refused(await http.post(`/api/v1/approvals/${anId}/approve`, {}, { token }));
			await refused(await http.post(`/api/v1/billing/payments/${anId}/refund`, { amountCents: 100, reason: "mine" }, { token }));
			await refused(await http.post(`/api/v1/billing/bills/${anId}/reopen`, { reason: "mine" }, { token }));
			await refused(await http.get("/api/v1/auth/users", { token }));
			await refused(await http.get("/api/v1/auth/profile", { token }));
			await refused(await http.get("/api/v1/tables", { token }));
			// A device signs no other device in: only a person's own session does.
			await refused(await signInDevice(token));
		}
		// What anyone may call goes through as nobody in particular: never as the admin the device belongs to.
		expect(await http.get("/api/v1/settings", { token: adminDevice.accessToken }), 200);
		expect(await http.get("/metrics", { token: adminDevice.accessToken }), 401);
		// The manager's and the admin's own sessions are untouched.
		expect(await http.get("/api/v1/reports/sales", { token: mona.accessToken }), 200);
		expect(await http.get("/api/v1/auth/users", { token: r.token.admin }), 200);

		// No live socket: a manager's rooms carry approvals and the office's pushes.
		await assert.rejects(
			connectDevice(cluster.baseUrl, { token: adminDevice.accessToken }),
			(err: Error & { data?: { code: string } }) => {
				assert.equal(err.data?.code, "FORBIDDEN");
				return true;
			},
		);

		// It refreshes, and what it refreshes into is as limited as the token it replaces.
		const fresh = await http.post<TokenPair>("/api/v1/auth/refresh", { refreshToken: device.refreshToken });
		expect(fresh, 200);
		assert.equal((await whoIs(fresh.body.accessToken)).scope, "device");
		assert.equal((await whoIs(mona.accessToken)).scope, undefined);
		await refused(await http.get("/api/v1/reports/sales", { token: fresh.body.accessToken }));
		device = fresh.body;
		// Wanda's PIN since the deactivation test.
		assert.equal((await pinLogin("3333")).body.user.id, people.Wanda.id);

		// It logs itself out, and then signs nobody in.
		expect(await http.post("/api/v1/auth/logout", { refreshToken: adminDevice.refreshToken }, { token: adminDevice.accessToken }), 204);
		expect(await pinLogin("3333", adminDevice.accessToken), 401);
	});

	it("an admin's PIN signs nobody in on a tablet (refused like a wrong one), though it still approves", async () => {
		expect(await setPin(r.userId.admin, "86420"), 200);
		expect(await pinLogin("86420"), 401, "INVALID_PIN");
		assert.equal(((await checkPin("86420", ["manager", "admin"])) as { id: string }).id, r.userId.admin);
		expect(await setPin(r.userId.admin, null), 200);
	});

	it("auth.checkPin finds an active account of the roles asked for, else INVALID_PIN; kitchen PINs do not open the floor", async () => {
		expect(await setPin(people.Mona.id, "97531"), 200);
		assert.deepEqual(await checkPin("97531", ["manager", "admin"]), { id: people.Mona.id, fullName: "Mona", role: "manager" });
		await assert.rejects(checkPin("3333", ["manager", "admin"]), { type: "INVALID_PIN", code: 401 });
		assert.equal(((await checkPin("3333", ["staff"])) as { id: string }).id, people.Wanda.id);

		expect(await setPin(r.userId.kitchen, "8642"), 200);
		expect(await pinLogin("8642"), 401, "INVALID_PIN");
	});

	it("GET /auth/staff names who is on (active staff, managers, admins) with no usernames; /settings says when tablets lock", async () => {
		const res = await http.get<{ id: string; fullName: string; role: string }[]>("/api/v1/auth/staff", { token: r.token.staff });
		expect(res, 200);
		const ids = res.body.map(s => s.id);
		assert.ok(ids.includes(people.Wanda.id) && ids.includes(people.Mona.id) && ids.includes(r.userId.admin));
		assert.ok(!ids.includes(r.userId.kitchen), "no kitchen accounts");
		for (const s of res.body) assert.deepEqual(Object.keys(s).sort(), ["fullName", "id", "role"]);
		expect(await http.get("/api/v1/auth/staff"), 401);

		expect(await http.patch(`/api/v1/auth/users/${people.Yves.id}`, { isActive: false }, { token: r.token.admin }), 200);
		const after = (await http.get<{ id: string }[]>("/api/v1/auth/staff", { token: r.token.staff })).body;
		assert.ok(!after.some(s => s.id === people.Yves.id), "no deactivated accounts");

		assert.equal((await http.get("/api/v1/settings")).body.idleLockSeconds, 45);
	});
});
