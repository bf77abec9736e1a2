// Guests order from the table's QR page (API.md "Guests"): a guest session bound to one table, its rounds pending
// until a waiter confirms (the kitchen sees them only then) or sent at once in direct mode, its calls popping up on
// the floor, and the session ending once the table's order is paid or moved. Through the real gateway and sockets.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { DbMethods } from "../../mixins/db.mixin";
import {
	GUEST_ACTOR,
	GUEST_ROUND_LIMITS,
	GUEST_UNBOUND_MS,
	type Bill,
	type GuestOrderView,
	type GuestRoundResult,
	type GuestSession,
	type MenuItem,
	type Order,
	type Table,
	type Ticket,
} from "../../contracts";

const api = "/api/v1";
/** What a refusal's body holds beside the type a success answers. */
type Or4xx<T> = T & { error: { code: string; message: string; details?: any } };

describe(`guest ordering (GUEST_ORDERING=confirm, the default) — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let floor: Device;
	const [T1, T2, T3, T4, T5, T6, T7, T8, T9, T10] = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 10);
		floor = await connectDevice(cluster.baseUrl, { token: r.token.staff });
	});
	after(async () => {
		floor?.close();
		await cluster?.stop();
	});

	const table = (n: number): Table => r.tables[n];
	async function scan(t: Table): Promise<GuestSession> {
		const res = await http.post<GuestSession>(`${api}/guest/sessions`, { tableId: t.id });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	}
	const guestOrder = (s: GuestSession) => http.get<Or4xx<GuestOrderView>>(`${api}/guest/order`, { token: s.guestToken });
	const guestRound = (s: GuestSession, items: unknown[]) =>
		http.post<Or4xx<GuestRoundResult>>(`${api}/guest/order/items`, { items }, { token: s.guestToken });
	const order = async (id: string) => (await http.get<Order>(`${api}/orders/${id}`, { token: r.token.staff })).body;
	const tickets = async (station: string) =>
		(await http.get<Ticket[]>(`${api}/kitchen/tickets?station=${station}`, { token: r.token.kitchen })).body;
	const decide = (orderId: string, round: number, how: "confirm" | "reject") =>
		http.post<Or4xx<Order>>(`${api}/orders/${orderId}/guest-rounds/${round}/${how}`, undefined, { token: r.token.staff });

	it("a phone that scans a table gets a session bound to it; an unknown or expired guest token is 401", async () => {
		const s = await scan(table(T5));
		assert.match(s.guestToken, /^gst_[A-Za-z0-9_-]{40,}$/);
		assert.deepEqual(s.table, { id: table(T5).id, name: table(T5).name });
		assert.equal(s.ordering, "confirm");
		const minutes = (Date.parse(s.expiresAt) - Date.now()) / 60_000;
		assert.ok(minutes > 170 && minutes <= 180, `${minutes} minutes`);
		// Nothing ordered at the table yet.
		const none = await guestOrder(s);
		assert.equal(none.status, 404, JSON.stringify(none.body));
		assert.equal(none.body.error.code, "ORDER_NOT_FOUND");

		assert.equal((await http.post(`${api}/guest/sessions`, { tableId: crypto.randomUUID() })).status, 404);
		const unknown = await http.get(`${api}/guest/order`, { token: `gst_${crypto.randomBytes(32).toString("base64url")}` });
		assert.equal(unknown.status, 401, JSON.stringify(unknown.body));

		// The session lapses (its row says so; the gateway's short cache of it runs out within seconds).
		const sessions = (cluster.brokerOf("guest").getLocalService("guest") as unknown as DbMethods).table("sessions");
		await sessions.where({ table_id: table(T5).id }).update({ expires_at: new Date(Date.now() - 1000) });
		const expired = await until("the expired session refused", async () => {
			const res = await guestOrder(s);
			return res.status === 401 && res;
		});
		assert.equal(expired.body.error.code, "GUEST_SESSION_INVALID");
		// The menu stays open to a phone whose session lapsed.
		assert.equal((await http.get(`${api}/menu`, { token: s.guestToken })).status, 200);
	});

	it("a guest token opens no staff route (403) and a staff token no guest route (403)", async () => {
		const s = await scan(table(T5));
		for (const [method, path] of [
			["GET", "/orders"],
			["GET", "/kitchen/tickets"],
			["GET", "/billing/bills"],
			["POST", `/orders/${crypto.randomUUID()}/guest-rounds/1/confirm`],
			["GET", "/auth/users"],
		] as const) {
			const res = await http.request(method, `${api}${path}`, method === "POST" ? {} : undefined, { token: s.guestToken });
			assert.equal(res.status, 403, `${method} ${path}: ${res.status} ${JSON.stringify(res.body)}`);
		}
		for (const token of [r.token.staff, r.token.admin]) {
			assert.equal((await http.get(`${api}/guest/order`, { token })).status, 403);
			assert.equal((await http.post(`${api}/guest/calls`, { kind: "waiter" }, { token })).status, 403);
			assert.equal(
				(await http.post(`${api}/guest/order/items`, { items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] }, { token })).status,
				403,
			);
		}
	});

	it("a guest reads its own table's order without staff data, and no other table's", async () => {
		const mine = await placeOrder(http, r, table(T1), [{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		const theirs = await placeOrder(http, r, table(T2), [{ menuItemId: r.dish.steak.id, quantity: 1 }]);
		const s = await scan(table(T1));
		const view = await guestOrder(s);
		assert.equal(view.status, 200, JSON.stringify(view.body));
		assert.equal(view.body.id, mine.id);
		assert.equal(view.body.totalCents, 1450);
		assert.ok(!("createdBy" in view.body) && !("assignedTo" in view.body));
		assert.ok(view.body.items.every(i => !("takenBy" in i) && !("voidReason" in i) && !("comp" in i)));
		// Another table's order: no guest route takes an order id, and the staff routes are closed to a guest.
		assert.equal((await http.get(`${api}/orders/${theirs.id}`, { token: s.guestToken })).status, 403);
		assert.equal((await http.get(`${api}/orders?tableId=${table(T2).id}`, { token: s.guestToken })).status, 403);
	});

	it("a guest round waits for the waiter (pending, in no total, not in the kitchen); confirmed, the kitchen gets it", async () => {
		const s = await scan(table(T1));
		const orderId = (await guestOrder(s)).body.id;
		const sent = await guestRound(s, [{ menuItemId: r.dish.beer.id, quantity: 2, notes: "cold please" }]);
		assert.equal(sent.status, 202, JSON.stringify(sent.body));
		assert.deepEqual(sent.body, { status: "pending_confirmation", orderId, round: 2 });

		const pushed = await floor.waitFor("guest:round", d => d.orderId === orderId && d.round === 2);
		assert.deepEqual(pushed.data, { orderId, tableId: table(T1).id, tableName: table(T1).name, round: 2, status: "pending" });

		const waiting = await order(orderId);
		const beers = waiting.items.filter(i => i.round === 2);
		assert.deepEqual(
			beers.map(i => i.status),
			["pending"],
		);
		assert.equal(waiting.totalCents, 1450, "a pending line counts in no total");
		assert.equal(waiting.status, "placed");
		const guestView = (await guestOrder(s)).body;
		assert.deepEqual(guestView.pendingRounds, [2]);
		assert.equal(guestView.totalCents, 1450);

		// The burger's grill ticket is there; the bar has nothing of this order while the beers wait.
		await until("the grill ticket", async () => (await tickets("grill")).some(t => t.orderId === orderId));
		await new Promise(res => setTimeout(res, 300));
		assert.ok(!(await tickets("bar")).some(t => t.orderId === orderId), "a pending round reached the kitchen");

		// A bill now would leave the guest's round hanging: refused, naming it.
		const bill = await http.post(`${api}/billing/bills`, { tableId: table(T1).id }, { token: r.token.staff });
		assert.equal(bill.status, 409, JSON.stringify(bill.body));
		assert.ok(JSON.stringify(bill.body).includes('"pending"'), JSON.stringify(bill.body));

		// The table's waiter hears a call from it.
		assert.equal((await http.post(`${api}/guest/calls`, { kind: "waiter" }, { token: s.guestToken })).status, 202);
		await until("the waiter told of the call", async () => {
			const list = (await http.get<{ type: string; data: { tableId?: string } }[]>(`${api}/notifications`, { token: r.token.staff }))
				.body;
			return Array.isArray(list) && list.some(n => n.type === "guest.waiter" && n.data.tableId === table(T1).id);
		});

		const confirmed = await decide(orderId, 2, "confirm");
		assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
		const beer = confirmed.body.items.find(i => i.round === 2)!;
		assert.equal(beer.status, "queued");
		assert.equal(beer.takenBy, r.userId.staff, "the table's waiter took the guest's round");
		assert.equal(confirmed.body.totalCents, 1450 + 1200);
		const ticket = await until("the bar ticket", async () => (await tickets("bar")).find(t => t.orderId === orderId));
		assert.deepEqual(
			ticket.items.map(i => [i.name, i.quantity, i.notes]),
			[["Beer", 2, "cold please"]],
		);
		await floor.waitFor("guest:round", d => d.orderId === orderId && d.status === "confirmed");

		// Decided once: confirming (or rejecting) again is a 409 saying what became of it.
		const again = await decide(orderId, 2, "confirm");
		assert.equal(again.status, 409);
		assert.equal(again.body.error.code, "GUEST_ROUND_NOT_PENDING");
		assert.equal(again.body.error.details.status, "confirmed");
		assert.equal((await decide(orderId, 2, "reject")).status, 409);
		assert.equal((await decide(orderId, 7, "confirm")).status, 409);
	});

	it("a guest's lines are checked as a waiter's are: a bad line is 400, an unknown dish 404, nothing written", async () => {
		const s = await scan(table(T6));
		for (const items of [[], [{ menuItemId: r.dish.beer.id, quantity: 0 }], [{ menuItemId: "nope", quantity: 1 }], "beer"]) {
			const res = await http.post(`${api}/guest/order/items`, { items }, { token: s.guestToken });
			assert.equal(res.status, 400, `${JSON.stringify(items)}: ${res.status} ${JSON.stringify(res.body)}`);
			assert.equal(res.body.error.code, "VALIDATION_ERROR");
		}
		const unknown = await guestRound(s, [{ menuItemId: crypto.randomUUID(), quantity: 1 }]);
		assert.equal(unknown.status, 404, JSON.stringify(unknown.body));
		assert.equal((await guestOrder(s)).status, 404, "nothing was started at the table");
	});

	it("a guest's round is small, one per phone waits for the waiter, and a table's waiting portions are capped", async () => {
		const s = await scan(table(T9));
		const beer = (quantity: number) => ({ menuItemId: r.dish.beer.id, quantity });
		const tooBig = await guestRound(s, [beer(GUEST_ROUND_LIMITS.maxQuantity + 1)]);
		assert.equal(tooBig.status, 400, JSON.stringify(tooBig.body));
		assert.equal(tooBig.body.error.details[0].field, "items[0].quantity");
		const tooLong = await guestRound(
			s,
			Array.from({ length: GUEST_ROUND_LIMITS.maxLines + 1 }, () => beer(1)),
		);
		assert.equal(tooLong.status, 400, JSON.stringify(tooLong.body));
		assert.equal(tooLong.body.error.details[0].field, "items");

		// Two rounds from one phone at once: one waits for the waiter, the other is refused.
		const both = await Promise.all([guestRound(s, [beer(10)]), guestRound(s, [beer(10)])]);
		assert.deepEqual(both.map(b => b.status).sort(), [202, 409], JSON.stringify(both.map(b => b.body)));
		const first = both.find(b => b.status === 202)!.body;
		assert.equal(both.find(b => b.status === 409)!.body.error.code, "GUEST_ROUND_WAITING");
		const again = await guestRound(s, [beer(1)]);
		assert.equal(again.status, 409, JSON.stringify(again.body));
		assert.deepEqual(again.body.error.details, { by: "session" });

		// Other phones at the table wait too, up to the table's cap of waiting portions.
		for (let n = 10; n < GUEST_ROUND_LIMITS.maxPendingPortions; n += 10)
			assert.equal((await guestRound(await scan(table(T9)), [beer(10)])).status, 202);
		const over = await guestRound(await scan(table(T9)), [beer(1)]);
		assert.equal(over.status, 409, JSON.stringify(over.body));
		assert.deepEqual(over.body.error.details, { by: "table" });

		// The waiter confirms the first: that phone may order again (the table's waiting portions fell too).
		assert.equal((await decide(first.orderId, first.round, "confirm")).status, 200);
		const next = await guestRound(s, [beer(2)]);
		assert.equal(next.status, 202, JSON.stringify(next.body));
		const waiting = (await order(first.orderId)).items.filter(i => i.status === "pending");
		assert.equal(
			waiting.reduce((n, i) => n + i.quantity, 0),
			GUEST_ROUND_LIMITS.maxPendingPortions - 10 + 2,
		);
	});

	it("a phone that scanned an empty table follows only an order opened there soon after; later it lapses", async () => {
		const s = await scan(table(T10));
		const sessions = (cluster.brokerOf("guest").getLocalService("guest") as unknown as DbMethods).table("sessions");
		// The phone scanned nearly GUEST_UNBOUND_MS ago and no order was opened since: its socket is let go at the end.
		await sessions.where({ table_id: table(T10).id }).update({ created_at: new Date(Date.now() - GUEST_UNBOUND_MS + 1500) });
		const phone = await connectDevice(cluster.baseUrl, { token: s.guestToken });
		assert.deepEqual(phone.welcome?.rooms.sort(), ["all", `guest:table:${table(T10).id}`].sort());
		await until("the waiting phone let go", async () => phone.socket.disconnected, 5000);

		// The next party sits down: the earlier phone reads none of their order, pays none of their bill.
		const theirs = await placeOrder(http, r, table(T10), [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const read = await guestOrder(s);
		assert.equal(read.status, 401, JSON.stringify(read.body));
		assert.equal(read.body.error.code, "GUEST_SESSION_INVALID");
		assert.equal((await guestRound(s, [{ menuItemId: r.dish.beer.id, quantity: 1 }])).status, 401);
		await assert.rejects(connectDevice(cluster.baseUrl, { token: s.guestToken }), /expired|unknown|lapsed/);
		// Their own phone follows their order.
		assert.equal((await guestOrder(await scan(table(T10)))).body.id, theirs.id);
	});

	it("a rejected round is gone and its portions come back; a dish sold out is refused to the guest (409)", async () => {
		const oysters = await http.post<MenuItem>(
			`${api}/menu/items`,
			{ categoryId: r.dish.beer.categoryId, name: "Oysters", priceCents: 1800, station: "cold", remaining: 3 },
			{ token: r.token.admin },
		);
		assert.equal(oysters.status, 201, JSON.stringify(oysters.body));
		const mine = await placeOrder(http, r, table(T7), [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const s = await scan(table(T7));
		const first = await guestRound(s, [{ menuItemId: oysters.body.id, quantity: 2 }]);
		assert.equal(first.status, 202, JSON.stringify(first.body));
		const remaining = async () => {
			const menu = (await http.get<{ categories: { items: MenuItem[] }[] }>(`${api}/menu`)).body;
			return menu.categories.flatMap(c => c.items).find(i => i.id === oysters.body.id)?.remaining;
		};
		assert.equal(await remaining(), 1, "portions are taken when the guest orders");
		// Another phone at the table asks for more than is left.
		const tooMany = await guestRound(await scan(table(T7)), [{ menuItemId: oysters.body.id, quantity: 2 }]);
		assert.equal(tooMany.status, 409, JSON.stringify(tooMany.body));
		assert.equal(tooMany.body.error.code, "ITEM_UNAVAILABLE");

		// Cancelling the order now would leave the guest's round hanging: the waiter decides it first.
		const cancel = await http.post(`${api}/orders/${mine.id}/cancel`, { reason: "guests left" }, { token: r.token.staff });
		assert.equal(cancel.status, 409, JSON.stringify(cancel.body));
		assert.equal(cancel.body.error.code, "GUEST_ROUND_PENDING");

		const rejected = await decide(mine.id, first.body.round, "reject");
		assert.equal(rejected.status, 200, JSON.stringify(rejected.body));
		assert.ok(!rejected.body.items.some(i => i.menuItemId === oysters.body.id));
		assert.equal(rejected.body.totalCents, 650);
		await until("the portions back", async () => (await remaining()) === 3);
		await floor.waitFor("guest:round", d => d.orderId === mine.id && d.status === "rejected");
		assert.equal((await decide(mine.id, first.body.round, "confirm")).status, 409);
		assert.deepEqual((await guestOrder(s)).body.pendingRounds, []);
	});

	it("racing confirm and reject of one round: one wins, the other is a 409", async () => {
		const mine = await placeOrder(http, r, table(T8), [{ menuItemId: r.dish.salad.id, quantity: 1 }]);
		const s = await scan(table(T8));
		for (let n = 0; n < 3; n++) {
			const sent = await guestRound(s, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
			assert.equal(sent.status, 202, JSON.stringify(sent.body));
			const answers = await Promise.all([
				decide(mine.id, sent.body.round, "confirm"),
				decide(mine.id, sent.body.round, "reject"),
				decide(mine.id, sent.body.round, "confirm"),
			]);
			const statuses = answers.map(a => a.status).sort();
			assert.deepEqual(statuses, [200, 409, 409], JSON.stringify(answers.map(a => a.body)));
			const won = answers.findIndex(a => a.status === 200);
			const lines = (await order(mine.id)).items.filter(i => i.round === sent.body.round);
			if (won === 1) assert.equal(lines.length, 0);
			else
				assert.deepEqual(
					lines.map(i => i.status),
					["queued"],
				);
		}
	});

	it("a guest starts the table's order; the waiter who confirms it takes the table", async () => {
		const s = await scan(table(T3));
		// A phone waiting at a table with no order yet follows the one its round starts.
		const phone = await connectDevice(cluster.baseUrl, { token: s.guestToken });
		assert.deepEqual(phone.welcome?.rooms.sort(), ["all", `guest:table:${table(T3).id}`].sort());
		const started = await guestRound(s, [{ menuItemId: r.dish.steak.id, quantity: 1 }]);
		assert.equal(started.status, 202, JSON.stringify(started.body));
		await phone.waitFor<GuestOrderView>("order:update", d => d.id === started.body.orderId && d.pendingRounds.includes(1));
		assert.equal(started.body.round, 1);
		const fresh = await order(started.body.orderId);
		assert.equal(fresh.tableId, table(T3).id);
		assert.equal(fresh.createdBy, GUEST_ACTOR);
		assert.equal(fresh.totalCents, 0);
		assert.equal((await guestOrder(s)).body.id, fresh.id);
		await floor.waitFor("order:new", d => d.id === fresh.id);
		await until("the table seated", async () => {
			const t = (await http.get<Table[]>(`${api}/tables`, { token: r.token.staff })).body.find(x => x.id === table(T3).id);
			return t?.status === "occupied";
		});
		const confirmed = await decide(fresh.id, 1, "confirm");
		assert.equal(confirmed.status, 200, JSON.stringify(confirmed.body));
		assert.equal(confirmed.body.createdBy, r.userId.staff);
		assert.equal(confirmed.body.assignedTo, r.userId.staff);
		await phone.waitFor<GuestOrderView>("order:update", d => d.id === fresh.id && d.items[0]?.status === "queued");
		phone.close();
		await until("the steak's ticket", async () => (await tickets("grill")).some(t => t.orderId === fresh.id));
	});

	it("calls reach the floor as guest:call; the same call again within a minute is 429", async () => {
		const s = await scan(table(T6));
		const called = await http.post(`${api}/guest/calls`, { kind: "bill" }, { token: s.guestToken });
		assert.equal(called.status, 202, JSON.stringify(called.body));
		const pushed = await floor.waitFor("guest:call", d => d.tableId === table(T6).id);
		assert.deepEqual(
			{ ...pushed.data, at: undefined },
			{ tableId: table(T6).id, tableName: table(T6).name, kind: "bill", at: undefined },
		);
		const twice = await Promise.all([1, 2].map(() => http.post(`${api}/guest/calls`, { kind: "bill" }, { token: s.guestToken })));
		assert.deepEqual(
			twice.map(t => t.status),
			[429, 429],
		);
		assert.equal((await http.post(`${api}/guest/calls`, { kind: "waiter" }, { token: s.guestToken })).status, 202);
		// No order at the table yet, so no waiter of its own: everyone on the floor is told.
		await until("the floor told of the call", async () => {
			const list = (await http.get<{ type: string; data: { tableId?: string } }[]>(`${api}/notifications`, { token: r.token.staff }))
				.body;
			return Array.isArray(list) && list.some(n => n.type === "guest.bill" && n.data.tableId === table(T6).id);
		});
		assert.equal((await http.post(`${api}/guest/calls`, { kind: "dance" }, { token: s.guestToken })).status, 400);
	});

	it("a guest phone's socket follows its own order as the guest sees it, nothing of the staff's", async () => {
		const s = await scan(table(T8));
		const phone = await connectDevice(cluster.baseUrl, { token: s.guestToken });
		try {
			const orderId = (await guestOrder(s)).body.id;
			assert.deepEqual(phone.welcome?.rooms.sort(), ["all", `guest:order:${orderId}`].sort());
			const sent = await guestRound(s, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
			const update = await phone.waitFor<GuestOrderView>("order:update", d => d.pendingRounds.includes(sent.body.round));
			assert.ok(!("createdBy" in update.data) && update.data.items.every(i => !("takenBy" in i)));
			await decide(orderId, sent.body.round, "confirm");
			await phone.waitFor<GuestOrderView>("order:update", d => !d.pendingRounds.length && d.version > update.data.version);
			assert.ok(
				!phone.events.some(e => ["guest:round", "guest:call", "kitchen:item", "order:new"].includes(e.type)),
				phone.events.map(e => e.type).join(),
			);
			// Another table's order changes: this phone hears nothing of it.
			const other = await placeOrder(http, r, table(T4), [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
			await floor.waitFor("order:new", d => d.id === other.id);
			assert.ok(!phone.events.some(e => (e.data as { id?: string })?.id === other.id));
		} finally {
			phone.close();
		}
		await assert.rejects(
			connectDevice(cluster.baseUrl, { token: `gst_${crypto.randomBytes(32).toString("base64url")}` }),
			/expired|unknown/,
		);
	});

	it("the session ends once the order moves to another table: 409 GUEST_SESSION_ENDED", async () => {
		const s = await scan(table(T4));
		const orderId = (await guestOrder(s)).body.id;
		const phone = await connectDevice(cluster.baseUrl, { token: s.guestToken });
		const moved = await http.post(`${api}/orders/${orderId}/move`, { tableId: table(T6).id }, { token: r.token.staff });
		assert.equal(moved.status, 200, JSON.stringify(moved.body));
		// The phone hears the move, and then nothing more of an order now at another table: it is let go.
		await phone.waitFor<GuestOrderView>("order:update", d => d.id === orderId && d.tableId === table(T6).id);
		await until("the phone let go", async () => phone.socket.disconnected);
		for (const res of [
			await guestOrder(s),
			await guestRound(s, [{ menuItemId: r.dish.beer.id, quantity: 1 }]),
			await http.post(`${api}/guest/calls`, { kind: "waiter" }, { token: s.guestToken }),
		]) {
			assert.equal(res.status, 409, JSON.stringify(res.body));
			assert.equal(res.body.error.code, "GUEST_SESSION_ENDED");
		}
	});

	it("the session ends once the order is paid: nothing more to order or call, though the guest may still read it", async () => {
		const s = await scan(table(T2));
		const orderId = (await guestOrder(s)).body.id;
		await serveOrder(http, r, orderId);
		const bill = await http.post<Bill>(`${api}/billing/bills`, { tableId: table(T2).id }, { token: r.token.staff });
		assert.equal(bill.status, 201, JSON.stringify(bill.body));
		// A phone scanning now, to pay, follows the billed order: it reads it, and can order nothing more onto it.
		const payer = await scan(table(T2));
		const billed = await until("the billed order", async () => {
			const res = await guestOrder(payer);
			return res.status === 200 && res.body.status === "billed" && res;
		});
		assert.equal(billed.body.id, orderId);
		const late = await guestRound(payer, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		assert.equal(late.status, 409, JSON.stringify(late.body));
		assert.equal(late.body.error.code, "ORDER_CLOSED");
		const paid = await http.post(
			`${api}/billing/bills/${bill.body.id}/payments`,
			{ method: "cash", amountCents: bill.body.balanceCents },
			{ token: r.token.staff },
		);
		assert.equal(paid.status, 201, JSON.stringify(paid.body));
		const ended = await until("the session ended", async () => {
			// Billed and not yet marked paid (the order learns it from billing's event), a round is 409 ORDER_CLOSED.
			const res = await guestRound(s, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
			assert.equal(res.status, 409, JSON.stringify(res.body));
			return res.body.error.code === "GUEST_SESSION_ENDED" && res;
		});
		assert.equal(ended.body.error.code, "GUEST_SESSION_ENDED");
		const call = await http.post(`${api}/guest/calls`, { kind: "waiter" }, { token: s.guestToken });
		assert.equal(call.body.error?.code, "GUEST_SESSION_ENDED");
		const read = await guestOrder(s);
		assert.equal(read.status, 200, JSON.stringify(read.body));
		assert.equal(read.body.status, "paid");
		assert.equal((await guestRound(payer, [{ menuItemId: r.dish.beer.id, quantity: 1 }])).body.error.code, "GUEST_SESSION_ENDED");
		// A new party at the table scans again and starts afresh.
		const next = await scan(table(T2));
		assert.equal((await guestOrder(next)).status, 404);
	});
});

describe(`guest ordering (GUEST_ORDERING=direct) — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;

	before(async () => {
		cluster = await startCluster({ env: { GUEST_ORDERING: "direct" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
	});
	after(async () => {
		await cluster?.stop();
	});

	it("a guest round goes straight to the kitchen, into the table's order or a new one", async () => {
		const s = (await http.post<GuestSession>(`${api}/guest/sessions`, { tableId: r.tables[0].id })).body;
		assert.equal(s.ordering, "direct");
		const started = await http.post<GuestRoundResult>(
			`${api}/guest/order/items`,
			{ items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] },
			{ token: s.guestToken },
		);
		assert.equal(started.status, 202, JSON.stringify(started.body));
		assert.equal(started.body.status, "sent");
		const more = await http.post<GuestRoundResult>(
			`${api}/guest/order/items`,
			{ items: [{ menuItemId: r.dish.salad.id, quantity: 1 }] },
			{ token: s.guestToken },
		);
		assert.deepEqual(more.body, { status: "sent", orderId: started.body.orderId, round: 2 });
		const o = (await http.get<Order>(`${api}/orders/${started.body.orderId}`, { token: r.token.staff })).body;
		assert.deepEqual(
			o.items.map(i => i.status),
			["queued", "queued"],
		);
		assert.equal(o.totalCents, 600 + 900);
		for (const station of ["bar", "cold"])
			await until(`the ${station} ticket`, async () =>
				(await http.get<Ticket[]>(`${api}/kitchen/tickets?station=${station}`, { token: r.token.kitchen })).body.some(
					t => t.orderId === started.body.orderId,
				),
			);
		// Nothing waits for a confirm.
		assert.equal(
			(await http.post(`${api}/orders/${o.id}/guest-rounds/1/confirm`, undefined, { token: r.token.staff })).body.error.code,
			"GUEST_ROUND_NOT_PENDING",
		);
	});
});
