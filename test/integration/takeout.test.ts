// Takeout from the public page, through the gateway and the real Stripe SDK against the local fake: a takeout
// placed without a token is billed and gets a payment link at once, but the kitchen sees nothing of it; paying by
// the link's webhook puts it in the kitchen once (a duplicate webhook, or the same event again: still once) and
// the kitchen may cook it; a link that expires unpaid cancels it, gives its countdown portions back and voids its
// bill; bad input is refused in words (a phone nobody can call, a pickup past or tomorrow, a dish not on the
// menu); the same Idempotency-Key (a double tap, even at once) gets the same order and the same link.
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { startFakeStripe, type FakeSession, type FakeStripe } from "../helpers/fake-stripe";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { Bill, MenuItem, ModifierGroup, Order, Ticket, TakeoutPlaced, TakeoutView } from "../../contracts";

describe(`takeout from the public page, paid by link — ${MODE}`, () => {
	let cluster: TestCluster;
	let stripe: FakeStripe;
	let http: Client;
	let r: Restaurant;
	let sides: ModifierGroup;
	let special: MenuItem;

	const inMinutes = (m: number) => new Date(Date.now() + m * 60_000).toISOString();
	const takeout = (body: Record<string, unknown> = {}, headers?: Record<string, string>): Promise<Reply> =>
		http.post(
			"/api/v1/public/takeout",
			{
				name: "Ada",
				phone: "+44 20 7946 0958",
				pickupAt: inMinutes(40),
				items: [
					{ menuItemId: r.dish.burger.id, quantity: 1, modifiers: [{ groupId: sides.id, optionIds: [sides.options[0].id] }] },
					{ menuItemId: special.id, quantity: 2 },
				],
				...body,
			},
			{ headers },
		);
	const placed = async (body?: Record<string, unknown>): Promise<TakeoutPlaced> => {
		const res = await takeout(body);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const order = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.staff })).body;
	const ticketsOf = async (orderId: string) =>
		(await http.get<Ticket[]>("/api/v1/kitchen/tickets", { token: r.token.kitchen })).body.filter(t => t.orderId === orderId);
	const sessionOf = (paymentUrl: string): FakeSession => {
		const session = [...stripe.sessions.values()].find(s => s.url === paymentUrl);
		assert.ok(session, `no checkout session at ${paymentUrl}`);
		return session;
	};
	const remaining = async (id: string) =>
		(await cluster.brokerOf("api").call<MenuItem[], { ids: string[] }>("menu.items", { ids: [id] }))[0].remaining;
	const view = async (id: string) => (await http.get<TakeoutView>(`/api/v1/public/takeout/${id}`)).body;
	const expectRefused = (res: Reply, status: number, code: string, field?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
		if (field) assert.ok(JSON.stringify(res.body.error.details).includes(field), JSON.stringify(res.body));
	};

	before(async () => {
		stripe = await startFakeStripe();
		cluster = await startCluster({ env: stripe.env });
		http = client(cluster.baseUrl);
		stripe.setWebhookUrl(`${cluster.baseUrl}/api/v1/billing/webhooks/stripe`);
		r = await openRestaurant(http, 0);
		const admin = { token: r.token.admin };
		const group = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{ name: "Sides", maxChoices: 1, options: [{ name: "Fries", priceDeltaCents: 300 }, { name: "Salad" }] },
			admin,
		);
		assert.equal(group.status, 201, JSON.stringify(group.body));
		sides = group.body;
		assert.equal((await http.patch(`/api/v1/menu/items/${r.dish.burger.id}`, { modifierGroupIds: [sides.id] }, admin)).status, 200);
		const item = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{ categoryId: r.dish.burger.categoryId, name: "Pie of the day", priceCents: 900, station: "cold", remaining: 10 },
			admin,
		);
		assert.equal(item.status, 201, JSON.stringify(item.body));
		special = item.body;
	});
	after(async () => {
		await cluster?.stop();
		await stripe?.stop();
	});

	it("a takeout placed from the public page waits for its payment: billed, held, nothing in the kitchen", async () => {
		const t = await placed();
		// Burger 14.50 + fries 3.00, two pies at 9.00 (no tax configured here): what the link charges.
		assert.equal(t.totalCents, 1450 + 300 + 2 * 900);
		assert.ok(t.paymentId && t.paymentUrl.startsWith(stripe.url), JSON.stringify(t));
		assert.equal(sessionOf(t.paymentUrl).amount_total, t.totalCents);

		const o = await order(t.orderId);
		assert.equal(o.type, "takeout");
		assert.equal(o.awaitingPayment, true, "the floor sees it awaiting payment");
		assert.equal(o.phone, "+44 20 7946 0958");
		assert.equal(o.status, "billed");
		assert.ok(o.items.every(i => i.held && i.status === "queued"));
		assert.deepEqual(await ticketsOf(t.orderId), [], "the kitchen has nothing of it");
		assert.equal((await view(t.orderId)).state, "awaiting_payment");
		assert.equal((await view(t.orderId)).paymentUrl, t.paymentUrl);
		// A cook cannot start a line of it.
		const start = await http.post(`/api/v1/kitchen/items/${o.items[0].id}/start`, undefined, { token: r.token.kitchen });
		assert.equal(start.status, 409, JSON.stringify(start.body));
	});

	it("paid by the link's webhook, it goes to the kitchen once (a duplicate webhook changes nothing) and is cooked", async () => {
		const t = await placed();
		const session = sessionOf(t.paymentUrl);
		const paid = await stripe.pay(session.id);
		assert.equal(paid?.status, 200, paid?.body);
		const tickets = await until("the takeout's tickets", async () => {
			const got = await ticketsOf(t.orderId);
			return got.length === 2 && got;
		});
		assert.deepEqual(tickets.map(k => k.station).sort(), ["cold", "grill"]);
		// The same event again, and the session's completion sent once more as a new event: still one of each line.
		assert.equal((await stripe.send(paid!.event)).status, 200);
		assert.equal((await stripe.send(stripe.event("checkout.session.completed", stripe.sessions.get(session.id)!))).status, 200);
		await new Promise(res => setTimeout(res, 500));
		const again = await ticketsOf(t.orderId);
		assert.equal(again.length, 2);
		assert.equal(again.flatMap(k => k.items).length, 2, "each line once");

		const o = await order(t.orderId);
		assert.equal(o.status, "paid");
		assert.equal(o.awaitingPayment, false);
		assert.ok(o.items.every(i => !i.held));
		const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?orderId=${t.orderId}`, { token: r.token.staff })).body;
		assert.equal(bills.length, 1);
		assert.equal(bills[0].status, "paid");
		assert.equal(bills[0].paidCents, bills[0].totalCents);
		assert.equal((await view(t.orderId)).state, "in_kitchen");

		// Paid before it is cooked: the kitchen cooks it, and the counter hands it over.
		const burger = o.items.find(i => i.menuItemId === r.dish.burger.id)!;
		const start = await http.post(`/api/v1/kitchen/items/${burger.id}/start`, undefined, { token: r.token.kitchen });
		assert.equal(start.status, 200, JSON.stringify(start.body));
		for (const station of ["grill", "cold"]) {
			const bump = await http.post(`/api/v1/kitchen/tickets/${t.orderId}/bump?station=${station}`, undefined, {
				token: r.token.kitchen,
			});
			assert.equal(bump.status, 200, JSON.stringify(bump.body));
		}
		await until("ready", async () => (await view(t.orderId)).state === "ready");
		const serve = await http.post(`/api/v1/orders/${t.orderId}/serve`, {}, { token: r.token.staff });
		assert.equal(serve.status, 200, JSON.stringify(serve.body));
		assert.equal((await view(t.orderId)).state, "collected");
	});

	it("a link that expires unpaid cancels the takeout, gives its portions back and voids its bill", async () => {
		const before = await remaining(special.id);
		const t = await placed();
		assert.equal(await remaining(special.id), before! - 2);
		const expired = await stripe.expire(sessionOf(t.paymentUrl).id);
		assert.equal(expired?.status, 200, expired?.body);
		const o = await until("the takeout cancelled", async () => {
			const got = await order(t.orderId);
			return got.status === "cancelled" && got;
		});
		assert.equal(o.awaitingPayment, false);
		await until("the portions back", async () => (await remaining(special.id)) === before);
		await until("the bill void", async () => {
			const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?orderId=${t.orderId}`, { token: r.token.staff })).body;
			return bills.length === 1 && bills[0].status === "void";
		});
		assert.equal((await view(t.orderId)).state, "cancelled");
		assert.equal((await view(t.orderId)).paymentUrl, null);
		// The same expiry again changes nothing; the kitchen never had it.
		assert.equal((await stripe.send(expired!.event)).status, 200);
		await new Promise(res => setTimeout(res, 300));
		assert.equal(await remaining(special.id), before);
		assert.deepEqual(await ticketsOf(t.orderId), []);
	});

	it("refuses in words a phone nobody can call, a pickup past or beyond today's service, a dish not on the menu", async () => {
		expectRefused(await takeout({ phone: "call me" }), 400, "VALIDATION_ERROR", "phone");
		expectRefused(await takeout({ phone: "12345" }), 400, "VALIDATION_ERROR", "phone");
		expectRefused(await takeout({ pickupAt: inMinutes(-30) }), 400, "VALIDATION_ERROR", "pickupAt");
		expectRefused(await takeout({ pickupAt: inMinutes(60 * 20) }), 400, "VALIDATION_ERROR", "pickupAt");
		expectRefused(await takeout({ pickupAt: "tonight" }), 400, "VALIDATION_ERROR", "pickupAt");
		expectRefused(await takeout({ name: "" }), 400, "VALIDATION_ERROR", "name");
		expectRefused(await takeout({ items: [] }), 400, "VALIDATION_ERROR", "items");
		expectRefused(await takeout({ items: [{ menuItemId: crypto.randomUUID(), quantity: 1 }] }), 404, "MENU_ITEM_NOT_FOUND");
		// A price is the menu's, never the page's: a line's unknown fields are dropped, not trusted.
		const t = await placed({ items: [{ menuItemId: special.id, quantity: 1, unitPriceCents: 1 }] });
		assert.equal(t.totalCents, 900);
	});

	it("the same Idempotency-Key gets the same order and the same link, even for two taps at once", async () => {
		const key = crypto.randomUUID();
		const headers = { "idempotency-key": key };
		// A retry sends the very same body (the same pickup time to the millisecond).
		const same = { name: "Twice", pickupAt: inMinutes(45) };
		const [a, b] = await Promise.all([takeout(same, headers), takeout(same, headers)]);
		assert.equal(a.status, 201, JSON.stringify(a.body));
		assert.equal(b.status, 201, JSON.stringify(b.body));
		const c = await takeout(same, headers);
		assert.equal(c.status, 201, JSON.stringify(c.body));
		for (const again of [b, c]) {
			assert.equal(again.body.orderId, a.body.orderId);
			assert.equal(again.body.paymentId, a.body.paymentId);
			assert.equal(again.body.paymentUrl, a.body.paymentUrl);
		}
		const orders = (await http.get<Order[]>("/api/v1/orders?type=takeout", { token: r.token.staff })).body;
		assert.equal(orders.filter(o => o.name === "Twice").length, 1, "one order");
		assert.equal(
			[...stripe.sessions.values()].filter(s => s.client_reference_id === a.body.paymentId || s.url === a.body.paymentUrl).length,
			1,
		);
		const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?orderId=${a.body.orderId}`, { token: r.token.staff })).body;
		assert.equal(bills.length, 1, "one bill");
		// The key with another body: refused, not a second order.
		expectRefused(await takeout({ ...same, name: "Someone else" }, headers), 409, "IDEMPOTENCY_KEY_REUSED");
	});

	it("a payment link the provider could not make: the retry with the same key makes it, on the same order and bill", async () => {
		const headers = { "idempotency-key": crypto.randomUUID() };
		const same = { name: "Retry", pickupAt: inMinutes(50) };
		stripe.down(true);
		const failed = await takeout(same, headers);
		stripe.down(false);
		assert.ok(failed.status >= 500 || failed.status === 409, `${failed.status} ${JSON.stringify(failed.body)}`);
		assert.ok(failed.body.error?.code, JSON.stringify(failed.body));
		const retried = await takeout(same, headers);
		assert.equal(retried.status, 201, JSON.stringify(retried.body));
		const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?orderId=${retried.body.orderId}`, { token: r.token.staff })).body;
		assert.equal(bills.length, 1, "one bill");
		assert.equal((await order(retried.body.orderId)).awaitingPayment, true);
	});
});
