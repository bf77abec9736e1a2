// A manager's approval on the spot, through the gateway and the sockets: a waiter's comp is answered 403
// APPROVAL_REQUIRED with a request every manager device hears of; a manager approves by a tap (the waiter's devices
// get the token) or by typing their PIN on the waiter's tablet; the same call sent again with X-Approval goes
// through once. A token used twice, for another body or route, after it expired, or by another user is refused; a
// failed call does not spend it; a void of a line the kitchen started asks too; a denial is final; two managers
// deciding at once: one wins. The audit trail keeps who asked, who decided and how, and what was done.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { connectDevice, type Device } from "../helpers/socket";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import type { Approval, Order } from "../../contracts";

const TTL = 4;
/** Wrong PINs (and passwords) one waiter may try per window before 429. */
const GUESSES = 4;

describe(`a manager's approval on the spot — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	const managers: { id: string; token: string }[] = [];
	let waiterDevice: Device;
	let managerDevice: Device;
	let tableNo = 0;

	const expect = (res: Reply, status: number, code?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const withToken = (token: string) => ({ token: r.token.staff, headers: { "x-approval": token } });
	/** A fresh order of a burger and a steak, the steak started by the grill. */
	const order = async (): Promise<Order> => {
		const o = await placeOrder(http, r, r.tables[tableNo++], [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.steak.id, quantity: 1 },
		]);
		expect(await http.post(`/api/v1/kitchen/items/${o.items[1].id}/start`, undefined, { token: r.token.kitchen }), 200);
		return o;
	};
	const comp = (o: Order, body: Record<string, unknown> = { reason: "birthday" }, opts = { token: r.token.staff }) =>
		http.post(`/api/v1/orders/${o.id}/items/${o.items[0].id}/comp`, body, opts);
	/** The waiter asks: 403 APPROVAL_REQUIRED naming the request. */
	const ask = async (res: Promise<Reply>, action = "comp"): Promise<string> => {
		const asked = await res;
		expect(asked, 403, "APPROVAL_REQUIRED");
		assert.equal(asked.body.error.details.action, action);
		assert.match(asked.body.error.details.approvalRequestId, /^[0-9a-f-]{36}$/);
		return asked.body.error.details.approvalRequestId;
	};
	const approve = (id: string, m = 0) => http.post(`/api/v1/approvals/${id}/approve`, undefined, { token: managers[m].token });
	const tokenFor = async (id: string): Promise<string> => {
		const ok = await approve(id);
		expect(ok, 200);
		return ok.body.approvalToken;
	};
	const statusOf = async (id: string) => (await http.get<Approval>(`/api/v1/approvals/${id}`, { token: managers[0].token })).body.status;

	before(async () => {
		cluster = await startCluster({ env: { APPROVAL_TTL_SECONDS: String(TTL), LOGIN_MAX_ATTEMPTS: String(GUESSES) } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 8);
		for (const n of [1, 2]) {
			const username = `manager-${n}-${Date.now().toString(36)}`;
			const made = await http.post(
				"/api/v1/auth/register",
				{ username, password: "password-123", fullName: `Manager ${n}`, role: "manager" },
				{ token: r.token.admin },
			);
			expect(made, 201);
			const pair = await http.login(username, "password-123");
			managers.push({ id: pair.user.id, token: pair.accessToken });
		}
		[waiterDevice, managerDevice] = await Promise.all([
			connectDevice(cluster.baseUrl, { token: r.token.staff }),
			connectDevice(cluster.baseUrl, { token: managers[0].token }),
		]);
	});
	after(async () => {
		waiterDevice?.close();
		managerDevice?.close();
		await cluster?.stop();
	});

	it("a waiter's comp asks a manager; the manager's device hears it, a tap approves, the waiter's device gets the token; it goes through once", async () => {
		const o = await order();
		const id = await ask(comp(o));
		const card = await managerDevice.waitFor<Approval>("approval:request", a => a.id === id);
		assert.equal(card.data.permission, "comp");
		assert.equal(card.data.summary, "Comp a line: birthday");
		assert.equal(card.data.requestedBy.id, r.userId.staff);
		// Asking again shows the same card, not a second one.
		assert.equal(await ask(comp(o)), id);
		const pending = await http.get<Approval[]>("/api/v1/approvals?status=pending", { token: managers[1].token });
		expect(pending, 200);
		assert.ok(pending.body.some(a => a.id === id && a.status === "pending"));
		expect(await http.get("/api/v1/approvals?status=pending", { token: r.token.staff }), 403, "FORBIDDEN");
		expect(await http.post(`/api/v1/approvals/${id}/approve`, undefined, { token: r.token.staff }), 403, "FORBIDDEN");
		expect(await approve(id), 200);

		const update = await waiterDevice.waitFor<{ id: string; status: string; approvalToken?: string }>(
			"approval:update",
			u => u.id === id && Boolean(u.approvalToken),
		);
		assert.equal(update.data.status, "approved");
		// The other managers' cards clear, without the token.
		const cleared = await managerDevice.waitFor<{ id: string; approvalToken?: string }>("approval:update", u => u.id === id);
		assert.equal(cleared.data.approvalToken, undefined);

		const token = update.data.approvalToken!;
		// Another user cannot use it.
		expect(
			await comp(o, { reason: "birthday" }, { token: r.token.admin, headers: { "x-approval": token } } as never),
			403,
			"APPROVAL_INVALID",
		);
		const done = await comp(o, { reason: "birthday" }, withToken(token));
		expect(done, 200);
		assert.equal(done.body.items[0].comp?.reason, "birthday");
		assert.equal(await statusOf(id), "spent");
		const again = await comp(o, { reason: "birthday" }, withToken(token));
		expect(again, 403, "APPROVAL_INVALID");
		assert.match(again.body.error.message, /already used/);
		await managerDevice.waitFor("approval:update", (u: { id: string; status: string }) => u.id === id && u.status === "spent");
	});

	it("a token is good for its own request only, is not spent by a call that failed, and expires", async () => {
		const o = await order();
		const id = await ask(comp(o, { reason: "regular" }));
		const token = await tokenFor(id);
		// Another body, another route.
		const other = await comp(o, { reason: "something else" }, withToken(token));
		expect(other, 403, "APPROVAL_INVALID");
		assert.match(other.body.error.message, /different request/);
		expect(
			await http.post(`/api/v1/orders/${o.id}/items/${o.items[1].id}/comp`, { reason: "regular" }, withToken(token)),
			403,
			"APPROVAL_INVALID",
		);
		expect(await comp(o, { reason: "regular" }, withToken("not-a-token")), 403, "APPROVAL_INVALID");
		// The query is merged into the action's params: the approved body with another reason in the query is another call.
		expect(
			await http.post(`/api/v1/orders/${o.id}/items/${o.items[0].id}/comp?reason=other`, { reason: "regular" }, withToken(token)),
			403,
			"APPROVAL_INVALID",
		);
		// The line is voided meanwhile (by a manager): the approved comp fails, and the token is not spent.
		expect(
			await http.post(`/api/v1/orders/${o.id}/items/${o.items[0].id}/void`, { reason: "sent back" }, { token: managers[0].token }),
			200,
		);
		expect(await comp(o, { reason: "regular" }, withToken(token)), 409);
		assert.equal(await statusOf(id), "approved");

		// Expired: a fresh approval left past APPROVAL_TTL_SECONDS.
		const o2 = await order();
		const id2 = await ask(comp(o2, { reason: "late" }));
		const token2 = await tokenFor(id2);
		await new Promise(res => setTimeout(res, TTL * 1000 + 300));
		const late = await comp(o2, { reason: "late" }, withToken(token2));
		expect(late, 403, "APPROVAL_INVALID");
		assert.match(late.body.error.message, /expired/);
		assert.equal(await statusOf(id2), "expired");
	});

	it("a waiter's void of a line the kitchen started asks a manager too; a denial is final", async () => {
		const o = await order();
		const steak = o.items[1];
		const voidSteak = (opts: { token: string; headers?: Record<string, string> } = { token: r.token.staff }) =>
			http.post(`/api/v1/orders/${o.id}/items/${steak.id}/void`, { reason: "dropped" }, opts);
		// A line not started: no manager needed.
		expect(
			await http.post(`/api/v1/orders/${o.id}/items/${o.items[0].id}/void`, { reason: "changed mind" }, { token: r.token.staff }),
			200,
		);
		const id = await ask(voidSteak(), "voidStarted");
		const done = await voidSteak(withToken(await tokenFor(id)));
		expect(done, 200);
		assert.equal(done.body.items.find((i: { id: string }) => i.id === steak.id)?.status, "voided");

		const o2 = await order();
		const denied = await ask(comp(o2, { reason: "friend" }));
		const no = await http.post(`/api/v1/approvals/${denied}/deny`, { reason: "not tonight" }, { token: managers[1].token });
		expect(no, 200);
		assert.deepEqual(no.body, { status: "denied" });
		const update = await waiterDevice.waitFor<{ id: string; status: string; approvalToken?: string }>(
			"approval:update",
			u => u.id === denied,
		);
		assert.equal(update.data.status, "denied");
		assert.equal(update.data.approvalToken, undefined);
		expect(await approve(denied), 409, "APPROVAL_DECIDED");
		expect(
			await http.post(`/api/v1/approvals/${crypto.randomUUID()}/approve`, undefined, { token: managers[0].token }),
			404,
			"APPROVAL_NOT_FOUND",
		);
	});

	it("a manager's PIN typed on the waiter's tablet approves; a wrong PIN does not", async () => {
		const pin = String(Math.floor(10_000_000 + Math.random() * 89_999_999));
		expect(await http.patch(`/api/v1/auth/users/${managers[1].id}`, { pin }, { token: r.token.admin }), 200);
		const o = await order();
		const id = await ask(comp(o, { reason: "anniversary" }));
		expect(await http.post(`/api/v1/approvals/${id}/pin`, { pin: "0000" }, { token: r.token.staff }), 401, "INVALID_PIN");
		expect(await http.post(`/api/v1/approvals/${id}/pin`, { pin: "12" }, { token: r.token.staff }), 400);
		const ok = await http.post(`/api/v1/approvals/${id}/pin`, { pin }, { token: r.token.staff });
		expect(ok, 200);
		assert.ok(Date.parse(ok.body.expiresAt) > Date.now());
		expect(await comp(o, { reason: "anniversary" }, withToken(ok.body.approvalToken)), 200);
		expect(await http.post(`/api/v1/approvals/${id}/pin`, { pin }, { token: r.token.staff }), 409, "APPROVAL_DECIDED");
	});

	it("two managers approving at once: one wins, the other is told it is decided", async () => {
		const o = await order();
		const id = await ask(comp(o, { reason: "race" }));
		const both = await Promise.all([approve(id, 0), approve(id, 1)]);
		assert.deepEqual(both.map(b => b.status).sort(), [200, 409], JSON.stringify(both.map(b => b.body)));
		assert.equal(both.find(b => b.status === 409)!.body.error.code, "APPROVAL_DECIDED");
	});

	it("the audit trail keeps each request, its decision (who, PIN or tap) and its use", async () => {
		type Row = { action: string; actorId: string | null; subject: { approvalId: string; how?: string; permission: string } };
		let rows: Row[] = [];
		for (let i = 0; i < 100; i++) {
			rows = (await http.get<Row[]>("/api/v1/reports/audit?kind=approvals&limit=500", { token: r.token.admin })).body;
			if (rows.filter(x => x.action === "approval_spent").length >= 3) break;
			await new Promise(res => setTimeout(res, 100));
		}
		const count = (action: string) => rows.filter(x => x.action === action).length;
		assert.ok(count("approval_requested") >= 7, JSON.stringify(rows.map(x => x.action)));
		assert.ok(count("approval_decided") >= 6);
		assert.equal(count("approval_spent"), 3);
		const byPin = rows.find(x => x.action === "approval_decided" && x.subject.how === "pin");
		assert.equal(byPin?.actorId, managers[1].id);
		assert.ok(rows.some(x => x.action === "approval_decided" && x.subject.how === "tap" && x.actorId === managers[0].id));
		assert.ok(rows.filter(x => x.action === "approval_requested").every(x => x.actorId === r.userId.staff));
	});

	it("a waiter's guesses at a manager's PIN are counted per waiter, however often they sign in again", async () => {
		const username = `guesser-${Math.random().toString(36).slice(2, 8)}`;
		const made = await http.post(
			"/api/v1/auth/register",
			{ username, password: "password-123", fullName: "A guesser", role: "staff" },
			{ token: r.token.admin },
		);
		expect(made, 201);
		const guesser = { token: (await http.login(username, "password-123")).accessToken };
		const o = await order();
		const id = await ask(http.post<never>(`/api/v1/orders/${o.id}/items/${o.items[0].id}/comp`, { reason: "guess" }, guesser));
		const guess = (as: { token: string }) => http.post(`/api/v1/approvals/${id}/pin`, { pin: "00000000" }, as);
		for (let i = 0; i < GUESSES; i++) expect(await guess(guesser), 401, "INVALID_PIN");
		expect(await guess(guesser), 429, "RATE_LIMITED");
		// A fresh sign-in is the same waiter: no fresh budget.
		expect(await guess({ token: (await http.login(username, "password-123")).accessToken }), 429, "RATE_LIMITED");
	});
});
