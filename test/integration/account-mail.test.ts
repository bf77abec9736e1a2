// Account mail through a real SMTP server: an admin invites a user by email, the mailed link sets the password and
// activates the account (once); a forgotten password is reset by a mailed link (once, every session ended), and
// asking answers the same whether or not the account exists, within a budget. All of it is on the audit trail,
// without the links; auth's outbox (kept after publishing) and the mail queue once sent hold no working link.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { startSmtp, type TestSmtp } from "../helpers/smtp";
import { until } from "../helpers/wait";
import type { MailMessage, User } from "../../contracts";
import type { DbMethods } from "../../mixins/db.mixin";
import { ACCOUNT_LINK_SEAL, seal, sealKey } from "../../lib/seal";

interface Audit {
	action: string;
	actorId: string | null;
	subject: Record<string, unknown>;
}

describe(`account mail: invitations and password resets — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let smtp: TestSmtp;

	const admin = () => ({ token: r.token.admin });
	const unique = () => crypto.randomBytes(4).toString("hex");
	const mailTo = (to: string) => smtp.received.filter(m => m.to.includes(to));
	/** The token of the link in the latest message to `to`, once it has arrived. */
	async function linkTo(to: string, purpose: "activate" | "reset", count = 1): Promise<string> {
		const got = await until(`mail ${count} to ${to}`, () => mailTo(to).length >= count && mailTo(to)[count - 1]);
		const text = got.mail.text ?? "";
		assert.ok(text.includes(`${cluster.config.publicUrl}/account/?${purpose}=`), text);
		assert.ok((got.mail.html || "").includes(`/account/?${purpose}=`), "the HTML part has the link too");
		return new RegExp(`\\?${purpose}=([A-Za-z0-9_-]+)`).exec(text)![1];
	}
	const audit = async () => (await http.get<Audit[]>("/api/v1/reports/audit?kind=accounts&limit=500", admin())).body;

	before(async () => {
		smtp = await startSmtp();
		cluster = await startCluster({ env: { SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: "1", RESTAURANT_NAME: "Chez Mail" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 0);
	});
	after(async () => {
		await cluster?.stop();
		await smtp?.stop();
	});

	it("invite → the mailed link sets the password → the user signs in; the link works once", async () => {
		const username = `inv-${unique()}`;
		const email = `${username}@example.com`;
		const invited = await http.post<User>(
			"/api/v1/auth/invite",
			{ username, fullName: "Ines Invited", role: "staff", email: email.toUpperCase() },
			admin(),
		);
		assert.equal(invited.status, 201, JSON.stringify(invited.body));
		assert.equal(invited.body.isActive, false);
		assert.equal(invited.body.email, email);

		const token = await linkTo(email, "activate");
		const [got] = mailTo(email);
		assert.match(got.mail.subject ?? "", /Chez Mail/);
		// Not active yet: no password works.
		assert.notEqual((await http.post("/api/v1/auth/login", { username, password: "whatever-123" })).status, 200);

		assert.equal((await http.post("/api/v1/auth/activate", { token, password: "short" })).status, 400);
		const done = await http.post("/api/v1/auth/activate", { token, password: "chosen-password-1" });
		assert.equal(done.status, 204, JSON.stringify(done.body));
		const pair = await http.login(username, "chosen-password-1");
		assert.equal(pair.user.isActive, true);

		const again = await http.post("/api/v1/auth/activate", { token, password: "another-password-1" });
		assert.equal(again.status, 400);
		assert.equal(again.body.error.code, "ACCOUNT_LINK_INVALID");
		const unknown = await http.post("/api/v1/auth/activate", {
			token: crypto.randomBytes(32).toString("base64url"),
			password: "another-password-1",
		});
		assert.equal(unknown.body.error.code, "ACCOUNT_LINK_INVALID");
		await http.login(username, "chosen-password-1");

		// The queue shows the message, never its body (the link).
		const queued = (await http.get<MailMessage[]>("/api/v1/mail/messages", admin())).body.find(m => m.to === email)!;
		assert.equal(queued.kind, "invite");
		assert.equal(queued.status, "sent");
		assert.ok(!JSON.stringify(queued).includes(token));

		const trail = await until("the invitation and its acceptance on the audit trail", async () => {
			const a = await audit();
			const mine = a.filter(e => e.subject.username === username);
			return mine.some(e => e.action === "user_invited") && mine.some(e => e.action === "user_activated") && mine;
		});
		assert.equal(trail.find(e => e.action === "user_invited")!.actorId, r.userId.admin);
		assert.ok(!JSON.stringify(trail).includes(token), "no token on the audit trail");
	});

	it("an invitation sent again voids the earlier link; deactivating an account voids its links; only an inactive account with an email is invited again", async () => {
		const username = `again-${unique()}`;
		const email = `${username}@example.com`;
		const invited = await http.post<User>("/api/v1/auth/invite", { username, fullName: "Ari Again", role: "staff", email }, admin());
		assert.equal(invited.status, 201);
		const first = await linkTo(email, "activate", 1);
		const again = await http.post(`/api/v1/auth/users/${invited.body.id}/invite`, {}, admin());
		assert.equal(again.status, 202, JSON.stringify(again.body));
		const second = await linkTo(email, "activate", 2);
		assert.notEqual(first, second);
		assert.equal(
			(await http.post("/api/v1/auth/activate", { token: first, password: "ari-password-1" })).body.error.code,
			"ACCOUNT_LINK_INVALID",
		);

		// An admin deactivating the account (it stays inactive): the link it had is void.
		assert.equal((await http.patch(`/api/v1/auth/users/${invited.body.id}`, { isActive: false }, admin())).status, 200);
		assert.equal((await http.post("/api/v1/auth/activate", { token: second, password: "ari-password-1" })).status, 400);
		assert.equal((await http.post(`/api/v1/auth/users/${invited.body.id}/invite`, {}, admin())).status, 202);
		const third = await linkTo(email, "activate", 3);
		assert.equal((await http.post("/api/v1/auth/activate", { token: third, password: "ari-password-1" })).status, 204);
		await http.login(username, "ari-password-1");

		const active = await http.post(`/api/v1/auth/users/${invited.body.id}/invite`, {}, admin());
		assert.equal(active.status, 409);
		assert.equal(active.body.error.code, "USER_ACTIVE");
		const bare = await http.post<User>(
			"/api/v1/auth/register",
			{ username: `bare-${unique()}`, password: "password-123", fullName: "Bare", role: "staff" },
			admin(),
		);
		await http.patch(`/api/v1/auth/users/${bare.body.id}`, { isActive: false }, admin());
		const noEmail = await http.post(`/api/v1/auth/users/${bare.body.id}/invite`, {}, admin());
		assert.equal(noEmail.status, 409);
		assert.equal(noEmail.body.error.code, "EMAIL_MISSING");
	});

	it("emails are unique among users whatever their case; register and PATCH take one", async () => {
		const email = `dup-${unique()}@example.com`;
		const first = await http.post<User>(
			"/api/v1/auth/register",
			{ username: `dup-${unique()}`, password: "password-123", fullName: "First", role: "staff", email },
			admin(),
		);
		assert.equal(first.status, 201, JSON.stringify(first.body));
		assert.equal(first.body.email, email);
		const second = await http.post(
			"/api/v1/auth/register",
			{ username: `dup-${unique()}`, password: "password-123", fullName: "Second", role: "staff", email: email.toUpperCase() },
			admin(),
		);
		assert.equal(second.status, 409);
		assert.equal(second.body.error.code, "EMAIL_TAKEN");
		const invite = await http.post(
			"/api/v1/auth/invite",
			{ username: `dup-${unique()}`, fullName: "Third", role: "staff", email },
			admin(),
		);
		assert.equal(invite.body.error?.code, "EMAIL_TAKEN");
		assert.equal(
			(await http.post("/api/v1/auth/invite", { username: `x-${unique()}`, fullName: "X", role: "staff", email: "nope" }, admin()))
				.status,
			400,
		);

		const other = `other-${unique()}@example.com`;
		const patched = await http.patch<User>(`/api/v1/auth/users/${first.body.id}`, { email: other }, admin());
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
		assert.equal(patched.body.email, other);
		const cleared = await http.patch<User>(`/api/v1/auth/users/${first.body.id}`, { email: null }, admin());
		assert.equal(cleared.body.email, null);
	});

	it("a reset asked for an unknown and a known account answers the same; the known one gets the link", async () => {
		const username = `known-${unique()}`;
		const email = `${username}@example.com`;
		assert.equal(
			(
				await http.post(
					"/api/v1/auth/register",
					{ username, password: "password-123", fullName: "Kim", role: "staff", email },
					admin(),
				)
			).status,
			201,
		);
		const unknownName = await http.post("/api/v1/auth/password-reset", { username: `ghost-${unique()}` });
		const unknownEmail = await http.post("/api/v1/auth/password-reset", { email: `ghost-${unique()}@example.com` });
		const known = await http.post("/api/v1/auth/password-reset", { email });
		for (const res of [unknownName, unknownEmail, known]) {
			assert.equal(res.status, 202);
			assert.deepEqual(res.body, known.body);
		}
		await linkTo(email, "reset");
		assert.equal((await http.post("/api/v1/auth/password-reset", {})).status, 400);
	});

	it("a reset link sets the password once and ends every session (the old refresh token is refused)", async () => {
		const username = `reset-${unique()}`;
		const email = `${username}@example.com`;
		const made = await http.post<User>(
			"/api/v1/auth/register",
			{ username, password: "old-password-1", fullName: "Rene", role: "staff", email },
			admin(),
		);
		assert.equal(made.status, 201);
		const before = await http.login(username, "old-password-1");

		assert.equal((await http.post("/api/v1/auth/password-reset", { username })).status, 202);
		const token = await linkTo(email, "reset");
		const done = await http.post("/api/v1/auth/password-reset/confirm", { token, password: "new-password-1" });
		assert.equal(done.status, 204, JSON.stringify(done.body));

		assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken: before.refreshToken })).status, 401);
		assert.equal((await http.get("/api/v1/auth/profile", { token: before.accessToken })).status, 401);
		assert.equal((await http.post("/api/v1/auth/login", { username, password: "old-password-1" })).status, 401);
		await http.login(username, "new-password-1");

		const again = await http.post("/api/v1/auth/password-reset/confirm", { token, password: "third-password-1" });
		assert.equal(again.status, 400);
		assert.equal(again.body.error.code, "ACCOUNT_LINK_INVALID");
		// An activation link is not a reset link.
		assert.equal((await http.post("/api/v1/auth/activate", { token, password: "third-password-1" })).status, 400);

		const trail = await until("the reset on the audit trail", async () => {
			const mine = (await audit()).filter(e => e.subject.username === username);
			return mine.some(e => e.action === "password_reset_requested") && mine.some(e => e.action === "password_reset") && mine;
		});
		assert.equal(trail.find(e => e.action === "password_reset")!.subject.sessionsEnded, 1);
		assert.ok(!JSON.stringify(trail).includes(token));
	});

	it("auth's outbox keeps the invitation and the reset sealed: no row holds a token, yet the mailed links work", async () => {
		const username = `sealed-${unique()}`;
		const email = `${username}@example.com`;
		const invited = await http.post<User>("/api/v1/auth/invite", { username, fullName: "Sam Sealed", role: "staff", email }, admin());
		assert.equal(invited.status, 201, JSON.stringify(invited.body));
		const activation = await linkTo(email, "activate");
		assert.equal((await http.post("/api/v1/auth/activate", { token: activation, password: "sealed-password-1" })).status, 204);
		assert.equal((await http.post("/api/v1/auth/password-reset", { email })).status, 202);
		const reset = await linkTo(email, "reset", 2);
		assert.equal((await http.post("/api/v1/auth/password-reset/confirm", { token: reset, password: "sealed-password-2" })).status, 204);
		await http.login(username, "sealed-password-2");

		const auth = cluster.brokerOf("auth").getLocalService("auth") as unknown as DbMethods;
		const outbox = JSON.stringify(await auth.table("outbox").select("topic", "payload"));
		assert.ok(outbox.includes("account.invited") && outbox.includes("password_reset.requested"), "both events are in the outbox");
		for (const token of [activation, reset]) assert.ok(!outbox.includes(token), "no token in auth's outbox");
		assert.ok(!/\?(activate|reset)=/.test(outbox), "no account link in auth's outbox");

		// Sent, the queued messages keep no body either.
		const mail = cluster.brokerOf("mail").getLocalService("mail") as unknown as DbMethods;
		const rows: { kind: string; status: string; text_body: string; html_body: string }[] = await mail
			.table("messages")
			.where({ to_address: email });
		assert.deepEqual(rows.map(r => [r.kind, r.status, r.text_body, r.html_body]).sort(), [
			["invite", "sent", "", ""],
			["password_reset", "sent", "", ""],
		]);
	});

	it("a link sealed under another secret (JWT_SECRET rotated) queues nothing, and the next link still goes out", async () => {
		const username = `rotated-${unique()}`;
		const email = `${username}@example.com`;
		const user: User = { id: crypto.randomUUID(), username, fullName: "Old Secret", role: "staff", isActive: false, createdAt: "" };
		const stale = seal(`${cluster.config.publicUrl}/account/?activate=old`, sealKey("o".repeat(48), ACCOUNT_LINK_SEAL));
		const broker = cluster.brokerOf("auth") as unknown as { sendToChannel(t: string, p: unknown): Promise<void> };
		await broker.sendToChannel("account.invited", {
			eventId: crypto.randomUUID(),
			type: "account.invited",
			at: new Date().toISOString(),
			source: "auth",
			data: { user, email, link: stale, expiresAt: new Date(Date.now() + 3600_000).toISOString(), by: null },
		});

		const invited = await http.post<User>("/api/v1/auth/invite", { username, fullName: "New Secret", role: "staff", email }, admin());
		assert.equal(invited.status, 201, JSON.stringify(invited.body));
		const token = await linkTo(email, "activate");
		await new Promise(resolve => setTimeout(resolve, 1500));
		assert.equal(mailTo(email).length, 1, "only the link that opens is mailed");
		const queued = (await http.get<MailMessage[]>("/api/v1/mail/messages?limit=500", admin())).body.filter(m => m.to === email);
		assert.equal(queued.length, 1);
		assert.equal((await http.post("/api/v1/auth/activate", { token, password: "rotated-password-1" })).status, 204);
	});

	it("resets are budgeted per account: the fourth request in 15 minutes is 429, known or not", async () => {
		for (const body of [{ username: `budget-${unique()}` }, { username: "admin" }]) {
			for (let i = 0; i < 3; i++) assert.equal((await http.post("/api/v1/auth/password-reset", body)).status, 202);
			const limited = await http.post("/api/v1/auth/password-reset", body);
			assert.equal(limited.status, 429);
			assert.equal(limited.body.error.code, "RATE_LIMITED");
		}
	});
});
