// Guests pay by link from the table's phone, through the gateway: GET /guest/bill shows the table's bill without
// staff data, POST /guest/bill/pay makes a link for the whole bill, an even share or chosen lines (plus a tip) on
// a bill of the guest's own table only; with the simulated provider (the `npm start` default) the link opens our
// checkout page, whose Pay captures the share (bill:update, then bill:paid on the floor) and whose Cancel releases
// it; two guests racing past the balance get one link and one 409. With PAYMENT_PROVIDER=stripe the same request
// makes a Stripe Checkout Session (the real SDK against the local fake) and its webhook pays the bill.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, ownPublicUrl, startCluster, type TestCluster } from "../helpers/cluster";
import { startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { launchBrowser, screenSuiteSkip } from "../helpers/browser";
import { connectDevice, type Device } from "../helpers/socket";
import type { Bill, GuestBillView, GuestPayment, GuestSession, PaymentLink, SimulatedCheckout, Table } from "../../contracts";

const api = "/api/v1";

/** What every suite here needs: a served table's bill and a guest's phone at that table. */
function tableHelpers(get: () => { http: Client; r: Restaurant }) {
	const expect = (res: Reply, status: number, code?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	return {
		expect,
		async servedBill(table: Table): Promise<Bill> {
			const { http, r } = get();
			const order = await placeOrder(http, r, table, [
				{ menuItemId: r.dish.steak.id, quantity: 1 },
				{ menuItemId: r.dish.salad.id, quantity: 1 },
				{ menuItemId: r.dish.beer.id, quantity: 2 },
			]);
			await serveOrder(http, r, order.id);
			const res = await http.post<Bill>(`${api}/billing/bills`, { tableId: table.id }, { token: r.token.staff });
			expect(res, 201);
			return res.body;
		},
		async guestAt(table: Table): Promise<string> {
			const res = await get().http.post<GuestSession>(`${api}/guest/sessions`, { tableId: table.id });
			expect(res, 201);
			return res.body.guestToken;
		},
		pay: (guest: string, body: Record<string, unknown>): Promise<Reply<GuestPayment & { error: { details: { field: string }[] } }>> =>
			get().http.post(`${api}/guest/bill/pay`, body, { token: guest }),
		getBill: async (id: string) => (await get().http.get<Bill>(`${api}/billing/bills/${id}`, { token: get().r.token.staff })).body,
	};
}

describe(`guests pay by link, simulated provider — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let floor: Device;
	const h = tableHelpers(() => ({ http, r }));
	const { expect } = h;
	const sessionOf = (payment: GuestPayment) => new URL(payment.url).searchParams.get("session")!;
	const checkout = (payment: GuestPayment, action = "") =>
		action
			? http.post<SimulatedCheckout>(`${api}/billing/checkout/${sessionOf(payment)}/${action}`)
			: http.get<SimulatedCheckout>(`${api}/billing/checkout/${sessionOf(payment)}`);

	before(async () => {
		cluster = await startCluster({ env: await ownPublicUrl() });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 8);
		floor = await connectDevice(cluster.baseUrl, { token: r.token.staff });
	});
	after(async () => {
		floor?.close();
		await cluster?.stop();
	});

	it("two guests pay even shares with a tip on our checkout page; the floor sees each land and the bill paid", async () => {
		const table = r.tables[0];
		const guest = await h.guestAt(table);
		const other = await h.guestAt(table);
		const bill = await h.servedBill(table);

		const seen = await http.get<GuestBillView[]>(`${api}/guest/bill`, { token: guest });
		expect(seen, 200);
		assert.equal(seen.body.length, 1);
		assert.equal(seen.body[0].id, bill.id);
		assert.equal(seen.body[0].balanceCents, bill.totalCents);
		assert.ok(
			seen.body[0].lines.every(l => !("waiterId" in l) && !("comp" in l)),
			"no staff data on the guest's bill",
		);

		// The way back is a page of this restaurant only: a payment link never redirects a payer to another site.
		const elsewhere = await h.pay(guest, { billId: bill.id, share: "even", parts: 2, returnUrl: "https://phish.example/paid" });
		expect(elsewhere, 400);
		assert.equal(elsewhere.body.error.details[0].field, "returnUrl");
		assert.equal((await h.getBill(bill.id)).pendingCents, 0);

		const first = await h.pay(guest, {
			billId: bill.id,
			share: "even",
			parts: 2,
			tipCents: 250,
			returnUrl: `${cluster.config.publicUrl}/guest/?t=1`,
		});
		expect(first, 201);
		assert.equal(first.body.amountCents, Math.ceil(bill.totalCents / 2));
		assert.equal(first.body.tipCents, 250);
		assert.match(first.body.url, /\/checkout\/\?session=sim_cs_/);
		const minutes = (Date.parse(first.body.expiresAt) - Date.now()) / 60_000;
		assert.ok(minutes > 29 && minutes <= 30, `expires in ${minutes} min`);
		// The page the link opens is ours, served by the gateway (at PUBLIC_URL, where phones reach it).
		const url = new URL(first.body.url);
		assert.equal(url.origin, cluster.config.publicUrl);
		const page = await fetch(`${cluster.baseUrl}${url.pathname}${url.search}`);
		assert.equal(page.status, 200);
		assert.match(await page.text(), /checkout\.js/);

		const shown = await checkout(first.body);
		expect(shown, 200);
		assert.deepEqual(
			{ amountCents: shown.body.amountCents, tipCents: shown.body.tipCents, status: shown.body.status },
			{ amountCents: first.body.amountCents, tipCents: 250, status: "pending" },
		);
		assert.equal((await h.getBill(bill.id)).balanceCents, bill.totalCents - first.body.amountCents);

		const paid = await checkout(first.body, "pay");
		expect(paid, 200);
		assert.equal(paid.body.status, "captured");
		const back = new URL(paid.body.returnUrl);
		assert.equal(back.origin, cluster.config.publicUrl);
		assert.equal(back.searchParams.get("payment"), first.body.paymentId);
		assert.equal(back.searchParams.get("outcome"), "paid");
		await floor.waitFor<Bill & { change: string }>("bill:update", b => b.id === bill.id && b.change === "payment");

		const second = await h.pay(other, { billId: bill.id, share: "whole" });
		expect(second, 201);
		assert.equal(second.body.amountCents, bill.totalCents - first.body.amountCents);
		expect(await checkout(second.body, "pay"), 200);
		await floor.waitFor<Bill>("bill:paid", b => b.id === bill.id);
		const done = await h.getBill(bill.id);
		assert.equal(done.status, "paid");
		assert.equal(done.paidCents, bill.totalCents);
		assert.equal(done.tipCents, 250);
		assert.deepEqual(
			done.payments.map(p => [p.method, p.status]),
			[
				["link", "captured"],
				["link", "captured"],
			],
		);
		// Paying twice changes nothing; the guest who just paid still sees the bill, paid.
		assert.equal((await checkout(first.body, "pay")).body.status, "captured");
		const after = await http.get<GuestBillView[]>(`${api}/guest/bill`, { token: guest });
		assert.equal(after.body[0].status, "paid");
		// The table's order is paid: paying again from that phone is over.
		expect(await h.pay(guest, { billId: bill.id, share: "whole" }), 409, "GUEST_SESSION_ENDED");
	});

	it("chosen lines pay their share of the total; a line not on the bill is 400; Cancel gives the share back", async () => {
		const table = r.tables[1];
		const guest = await h.guestAt(table);
		const bill = await h.servedBill(table);
		const steak = bill.lines.find(l => l.menuItemId === r.dish.steak.id)!;

		expect(await h.pay(guest, { billId: bill.id, share: "items", lineIds: [crypto.randomUUID()] }), 400, "LINE_NOT_ON_BILL");
		const noLines = await h.pay(guest, { billId: bill.id, share: "items" });
		expect(noLines, 400, "VALIDATION_ERROR");
		assert.equal(noLines.body.error.details[0].field, "lineIds");
		const noParts = await h.pay(guest, { billId: bill.id, share: "even" });
		assert.equal(noParts.body.error.details[0].field, "parts");

		const link = await h.pay(guest, { billId: bill.id, share: "items", lineIds: [steak.id] });
		expect(link, 201);
		const expected = Math.round((bill.totalCents * steak.amountCents) / bill.subtotalCents);
		assert.ok(Math.abs(link.body.amountCents - expected) <= 1, `${link.body.amountCents} ≈ ${expected}`);

		const cancelled = await checkout(link.body, "cancel");
		expect(cancelled, 200);
		assert.equal(cancelled.body.status, "failed");
		assert.equal(new URL(cancelled.body.returnUrl).searchParams.get("outcome"), "cancelled");
		const after = await h.getBill(bill.id);
		assert.equal(after.pendingCents, 0);
		assert.equal(after.balanceCents, bill.totalCents);
		// A closed link cannot be paid any more.
		assert.equal((await checkout(link.body, "pay")).body.status, "failed");
		assert.equal((await h.getBill(bill.id)).paidCents, 0);
	});

	it("a guest asking again gets the same link; asking for another share replaces it, the first one's hold released", async () => {
		const table = r.tables[2];
		const guest = await h.guestAt(table);
		const bill = await h.servedBill(table);
		const first = await h.pay(guest, { billId: bill.id, share: "even", parts: 3, tipCents: 100 });
		expect(first, 201);
		const again = await h.pay(guest, { billId: bill.id, share: "even", parts: 3, tipCents: 100 });
		expect(again, 201);
		assert.equal(again.body.paymentId, first.body.paymentId);
		assert.equal(again.body.url, first.body.url);

		const whole = await h.pay(guest, { billId: bill.id, share: "whole" });
		expect(whole, 201);
		assert.notEqual(whole.body.paymentId, first.body.paymentId);
		assert.equal(whole.body.amountCents, bill.totalCents);
		const now = await h.getBill(bill.id);
		assert.equal(now.pendingCents, bill.totalCents);
		assert.equal(now.payments.find(p => p.id === first.body.paymentId)?.status, "failed");
		// The replaced link is closed: its page cannot pay it.
		assert.equal((await checkout(first.body, "pay")).body.status, "failed");
		expect(await checkout(whole.body, "cancel"), 200);
	});

	it("two guests asking for the whole bill at once: one link, one 409, the balance held once", async () => {
		const table = r.tables[6];
		const [a, b] = [await h.guestAt(table), await h.guestAt(table)];
		const bill = await h.servedBill(table);
		const answers = await Promise.all([a, b].map(g => h.pay(g, { billId: bill.id, share: "whole" })));
		assert.deepEqual(answers.map(x => x.status).sort(), [201, 409], JSON.stringify(answers.map(x => x.body)));
		const after = await h.getBill(bill.id);
		assert.equal(after.pendingCents, bill.totalCents);
		assert.equal(after.payments.length, 1);
	});

	it("staff make a link for a bill and close one nobody will pay: its hold is released, its status says failed", async () => {
		const table = r.tables[5];
		const bill = await h.servedBill(table);
		const made = await http.post<PaymentLink>(
			`${api}/billing/bills/${bill.id}/payment-links`,
			{ share: "whole", tipCents: 100 },
			{ token: r.token.staff },
		);
		expect(made, 201);
		assert.equal(made.body.status, "pending");
		assert.equal(made.body.amountCents, bill.totalCents);
		expect(
			await http.post(`${api}/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: 100 }, { token: r.token.staff }),
			409,
		);

		const closed = await http.post<PaymentLink>(`${api}/billing/payments/${made.body.paymentId}/cancel-link`, undefined, {
			token: r.token.staff,
		});
		expect(closed, 200);
		assert.equal(closed.body.status, "failed");
		// What takeout and others ask billing for, on the bus.
		const status = await cluster.brokers[0].call<PaymentLink, { paymentId: string }>("billing.linkStatus", {
			paymentId: made.body.paymentId,
		});
		assert.equal(status.status, "failed");
		// The guest pays cash after all.
		expect(
			await http.post(
				`${api}/billing/bills/${bill.id}/payments`,
				{ method: "cash", amountCents: bill.totalCents },
				{ token: r.token.staff },
			),
			201,
		);
		await floor.waitFor<Bill>("bill:paid", b => b.id === bill.id);
		expect(await http.post(`${api}/billing/payments/${crypto.randomUUID()}/cancel-link`, undefined, { token: r.token.staff }), 404);
	});

	it("a guest pays only a bill of its own table; staff cannot use the guest's route", async () => {
		const mine = r.tables[3];
		const theirs = r.tables[4];
		const guest = await h.guestAt(mine);
		await h.servedBill(mine);
		const otherBill = await h.servedBill(theirs);
		expect(await h.pay(guest, { billId: otherBill.id, share: "whole" }), 404, "BILL_NOT_FOUND");
		expect(await h.pay(guest, { billId: crypto.randomUUID(), share: "whole" }), 404, "BILL_NOT_FOUND");
		assert.equal((await h.getBill(otherBill.id)).pendingCents, 0);
		const staff = await http.post(`${api}/guest/bill/pay`, { billId: otherBill.id, share: "whole" }, { token: r.token.staff });
		assert.equal(staff.status, 403);
		// An unknown checkout is a 404, whatever it looks like.
		expect(await http.get(`${api}/billing/checkout/sim_cs_${"x".repeat(43)}`), 404, "PAYMENT_LINK_NOT_FOUND");
	});

	it("the simulated checkout page in a phone's browser: the amount, Pay, and back to the payer's page", {
		skip: screenSuiteSkip,
	}, async () => {
		const table = r.tables[7];
		const guest = await h.guestAt(table);
		const bill = await h.servedBill(table);
		const link = await h.pay(guest, {
			billId: bill.id,
			share: "even",
			parts: 2,
			tipCents: 200,
			returnUrl: `${cluster.baseUrl}/favicon.svg`,
		});
		expect(link, 201);
		const browser = await launchBrowser();
		try {
			const context = await browser.newContext({ viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
			const page = await context.newPage();
			const errors: string[] = [];
			page.on("pageerror", err => errors.push(err.message));
			const url = new URL(link.body.url);
			await page.goto(`${cluster.baseUrl}${url.pathname}${url.search}`);
			const total = ((link.body.amountCents + 200) / 100).toFixed(2);
			await page.locator("[data-amount]").filter({ hasText: total }).waitFor();
			// The session leaves the address bar once read.
			assert.equal(new URL(page.url()).search, "");
			await page.getByRole("button", { name: "Pay" }).click();
			await page.waitForURL(/favicon\.svg\?payment=.*outcome=paid/);
			assert.deepEqual(errors, []);
		} finally {
			await browser.close();
		}
		assert.equal((await h.getBill(bill.id)).payments.find(p => p.id === link.body.paymentId)?.status, "captured");
	});
});

describe(`guests pay by link, Stripe — ${MODE}`, () => {
	let cluster: TestCluster;
	let stripe: FakeStripe;
	let http: Client;
	let r: Restaurant;
	let floor: Device;
	const h = tableHelpers(() => ({ http, r }));

	before(async () => {
		stripe = await startFakeStripe();
		cluster = await startCluster({ env: stripe.env });
		stripe.setWebhookUrl(`${cluster.baseUrl}/api/v1/billing/webhooks/stripe`);
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		floor = await connectDevice(cluster.baseUrl, { token: r.token.staff });
	});
	after(async () => {
		floor?.close();
		await cluster?.stop();
		await stripe?.stop();
	});

	it("the guest's link is Stripe's checkout page; paying there sends the guest back and the webhook pays the bill", async () => {
		const table = r.tables[0];
		const guest = await h.guestAt(table);
		const bill = await h.servedBill(table);
		const link = await h.pay(guest, {
			billId: bill.id,
			share: "whole",
			tipCents: 400,
			returnUrl: `${cluster.config.publicUrl}/guest/`,
		});
		h.expect(link, 201);
		const session = [...stripe.sessions.values()].find(s => s.metadata.paymentId === link.body.paymentId)!;
		assert.equal(link.body.url, session.url);
		assert.equal(session.amount_total, bill.totalCents + 400);

		// The page a phone opens: its Pay button posts, Stripe's webhook is delivered, then the guest goes back.
		const page = await (await fetch(link.body.url)).text();
		assert.match(page, />Pay</);
		assert.match(page, />Cancel</);
		const res = await fetch(`${link.body.url}/pay`, { method: "POST", redirect: "manual" });
		assert.equal(res.status, 303);
		const back = new URL(res.headers.get("location")!);
		assert.equal(back.searchParams.get("outcome"), "paid");
		assert.equal(back.searchParams.get("payment"), link.body.paymentId);

		await floor.waitFor<Bill>("bill:paid", b => b.id === bill.id);
		const paid = await h.getBill(bill.id);
		assert.equal(paid.paidCents, bill.totalCents);
		assert.equal(paid.tipCents, 400);
		assert.equal(paid.payments[0].providerRef, stripe.sessions.get(session.id)!.payment_intent);
	});

	it("a captured link refunds through Stripe", async () => {
		const table = r.tables[1];
		const guest = await h.guestAt(table);
		const bill = await h.servedBill(table);
		const link = await h.pay(guest, { billId: bill.id, share: "whole" });
		const session = [...stripe.sessions.values()].find(s => s.metadata.paymentId === link.body.paymentId)!;
		assert.equal((await stripe.pay(session.id))?.status, 200);
		await floor.waitFor<Bill>("bill:paid", b => b.id === bill.id);
		const refund = await http.post(
			`${api}/billing/payments/${link.body.paymentId}/refund`,
			{ amountCents: 500, reason: "cold soup" },
			{ token: r.token.admin },
		);
		h.expect(refund, 200);
		const [given] = [...stripe.refunds.values()].filter(x => x.payment_intent === stripe.sessions.get(session.id)!.payment_intent);
		assert.equal(given.amount, 500);
		assert.equal(refund.body.refundedCents, 500);
	});
});
