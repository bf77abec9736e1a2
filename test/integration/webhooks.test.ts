// Stripe's webhooks through the gateway, with the real `stripe` SDK against a local fake of Stripe's API
// (test/helpers/fake-stripe.ts) and events signed by the SDK's own test helper: a paid checkout captures its
// payment once even when the same event comes five times at once (one capture, one bill:paid, the amount paid
// once); a replay, an unknown payment, another amount or currency are answered 200 and change nothing; a forged or
// altered body is 400 and on the audit trail, until one address has sent FORGED_WEBHOOKS_PER_IP of them in a minute
// (then 429, nothing written; signed events from it still go through); an expired checkout or a failed card releases the hold; the sweeper
// settles a link whose webhook never came, and closes one past its time.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import Stripe from "stripe";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Bill, Payment, PaymentLink } from "../../contracts";
import { FORGED_WEBHOOKS_PER_IP } from "../../services/billing/links.mixin";

interface BillingInternals {
	sweepPending(): Promise<void>;
	tables(): (name: string) => { where(w: object): { update(u: object): Promise<number> } };
}

describe(`payment webhooks from Stripe — ${MODE}`, () => {
	let cluster: TestCluster;
	let stripe: FakeStripe;
	let http: Client;
	let r: Restaurant;
	let floor: Device;
	let tableNo = 0;
	const hook = () => `${cluster.baseUrl}/api/v1/billing/webhooks/stripe`;

	const expect = (res: Reply, status: number, code?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const billing = () => cluster.brokerOf("billing").getLocalService("billing") as unknown as BillingInternals;
	/** A served table's bill (a burger and a salad: 23.50 before tax). */
	const aBill = async (): Promise<Bill> => {
		const table = r.tables[tableNo++];
		const order = await placeOrder(http, r, table, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		await serveOrder(http, r, order.id);
		const res = await http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff });
		expect(res, 201);
		return res.body;
	};
	const getBill = async (id: string) => (await http.get<Bill>(`/api/v1/billing/bills/${id}`, { token: r.token.staff })).body;
	const paymentOf = async (billId: string, paymentId: string) => (await getBill(billId)).payments.find(p => p.id === paymentId)!;
	const linkFor = async (bill: Bill, body: Record<string, unknown> = { share: "whole" }) => {
		const res = await http.post<PaymentLink>(`/api/v1/billing/bills/${bill.id}/payment-links`, body, { token: r.token.staff });
		expect(res, 201);
		return res.body;
	};
	const sessionOf = (link: PaymentLink) => [...stripe.sessions.values()].find(s => s.metadata.paymentId === link.paymentId)!;
	const audit = async () =>
		(
			await http.get<{ action: string; reason: string; subject: Record<string, unknown> }[]>(
				"/api/v1/reports/audit?kind=money&limit=500",
				{
					token: r.token.admin,
				},
			)
		).body;

	before(async () => {
		stripe = await startFakeStripe();
		// Behind a proxy, so a test can post from addresses of its own (X-Forwarded-For) for the forged-webhook budget.
		cluster = await startCluster({ env: { ...stripe.env, TRUST_PROXY: "1" } });
		stripe.setWebhookUrl(hook());
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 12);
		floor = await connectDevice(cluster.baseUrl, { token: r.token.staff });
	});
	after(async () => {
		floor?.close();
		await cluster?.stop();
		await stripe?.stop();
	});

	it("a link is a Stripe Checkout Session for the share and its tip, made with our payment id as idempotency key", async () => {
		const bill = await aBill();
		const link = await linkFor(bill, { share: "even", parts: 2, tipCents: 150 });
		assert.equal(link.status, "pending");
		assert.equal(link.amountCents, Math.ceil(bill.totalCents / 2));
		const session = sessionOf(link);
		assert.equal(link.url, session.url);
		assert.equal(session.amount_total, link.amountCents + 150);
		assert.equal(session.currency, "usd");
		const made = stripe.requests.find(q => q.path === "/v1/checkout/sessions" && q.idempotencyKey === link.paymentId);
		assert.ok(made, "the SDK sent our payment id as Idempotency-Key");
		// Stripe's own limit: a session expires between 30 minutes and 24 hours from now.
		const minutes = (session.expires_at * 1000 - Date.now()) / 60_000;
		assert.ok(minutes > 29 && minutes <= 30, `expires in ${minutes} min`);
		// Its share is held on the bill while the payer is on Stripe's page.
		assert.equal((await getBill(bill.id)).pendingCents, link.amountCents);
	});

	it("five identical webhooks at once capture the payment once: one bill:paid, the amount paid once, every answer 200", async () => {
		const bill = await aBill();
		const link = await linkFor(bill, { share: "whole", tipCents: 300 });
		const session = sessionOf(link);
		await stripe.pay(session.id, { webhook: false });
		const event = stripe.event("checkout.session.completed", session);
		const answers = await Promise.all(Array.from({ length: 5 }, () => stripe.send(event)));
		assert.deepEqual(
			answers.map(a => a.status),
			[200, 200, 200, 200, 200],
			answers.map(a => a.body).join("\n"),
		);
		const outcomes = answers.map(a => JSON.parse(a.body).outcome).sort();
		assert.deepEqual(outcomes, ["captured", "duplicate", "duplicate", "duplicate", "duplicate"]);

		await floor.waitFor<Bill>("bill:paid", b => b.id === bill.id);
		const paid = await getBill(bill.id);
		assert.equal(paid.status, "paid");
		assert.equal(paid.paidCents, bill.totalCents);
		assert.equal(paid.tipCents, 300);
		assert.equal(paid.pendingCents, 0);
		const captured = paid.payments.filter(p => p.status === "captured");
		assert.equal(captured.length, 1);
		assert.equal(captured[0].method, "link");
		assert.equal(captured[0].providerRef, stripe.sessions.get(session.id)!.payment_intent);
		// Whatever else is in flight, the floor heard bill:paid once for it.
		await new Promise(res => setTimeout(res, 500));
		assert.equal(floor.events.filter(e => e.type === "bill:paid" && (e.data as Bill).id === bill.id).length, 1);

		// The same event again later (a replay, or Stripe retrying): 200, nothing changes.
		const again = await stripe.send(event);
		assert.equal(again.status, 200);
		assert.equal(JSON.parse(again.body).outcome, "duplicate");
		assert.deepEqual(await getBill(bill.id), paid);
	});

	it("a forged or altered webhook is 400 and on the audit trail; the payment stays pending", async () => {
		const bill = await aBill();
		const link = await linkFor(bill);
		const session = sessionOf(link);
		await stripe.pay(session.id, { webhook: false });
		const event = stripe.event("checkout.session.completed", session);

		const forged = await stripe.send(event, { forge: true });
		assert.equal(forged.status, 400, forged.body);
		assert.equal(JSON.parse(forged.body).error.code, "WEBHOOK_SIGNATURE_INVALID");

		// Signed properly, then changed on the way: the signature is over the raw bytes.
		const payload = JSON.stringify(event);
		const header = Stripe.webhooks.generateTestHeaderString({ payload, secret: stripe.webhookSecret });
		const altered = await fetch(hook(), {
			method: "POST",
			headers: { "content-type": "application/json", "stripe-signature": header },
			body: payload.replace(`"amount_total":${session.amount_total}`, `"amount_total":${session.amount_total - 1}`),
		});
		assert.equal(altered.status, 400);
		// The same bytes with whitespace added: still not what was signed.
		const spaced = await fetch(hook(), {
			method: "POST",
			headers: { "content-type": "application/json", "stripe-signature": header },
			body: `${payload} `,
		});
		assert.equal(spaced.status, 400);
		const unsigned = await fetch(hook(), { method: "POST", headers: { "content-type": "application/json" }, body: payload });
		assert.equal(unsigned.status, 400);
		// An old signature (Stripe's tolerance is 5 minutes): a replay captured off the wire is refused.
		const stale = await stripe.send(event, { timestamp: Math.floor(Date.now() / 1000) - 3600 });
		assert.equal(stale.status, 400);

		assert.equal((await paymentOf(bill.id, link.paymentId)).status, "pending");
		const entries = await until("the refused webhooks on the audit trail", async () => {
			const found = (await audit()).filter(e => e.action === "webhook_rejected" && e.reason === "signature");
			return found.length >= 5 && found;
		});
		assert.equal(entries[0].subject.provider, "stripe");

		// The genuine one still goes through.
		const genuine = await stripe.send(event);
		assert.equal(genuine.status, 200);
		assert.equal((await paymentOf(bill.id, link.paymentId)).status, "captured");
	});

	it("forged webhooks from one address: 400 and audited up to its budget, then 429 and nothing written; signed ones still pass", async () => {
		const bill = await aBill();
		const link = await linkFor(bill);
		const session = sessionOf(link);
		await stripe.pay(session.id, { webhook: false });
		const payload = JSON.stringify(stripe.event("checkout.session.completed", session));
		const post = (from: string, secret: string) =>
			fetch(hook(), {
				method: "POST",
				headers: {
					"content-type": "application/json",
					"x-forwarded-for": from,
					"stripe-signature": Stripe.webhooks.generateTestHeaderString({ payload, secret }),
				},
				body: payload,
			});
		const forged = (from: string) => post(from, "whsec_not_the_restaurants");
		const refused = async () => (await audit()).filter(e => e.action === "webhook_rejected" && e.reason === "signature").length;
		const before = await refused();

		const statuses: number[] = [];
		for (let i = 0; i < FORGED_WEBHOOKS_PER_IP + 5; i++) statuses.push((await forged("203.0.113.7")).status);
		assert.deepEqual(statuses, [...Array(FORGED_WEBHOOKS_PER_IP).fill(400), ...Array(5).fill(429)]);
		const limited = await forged("203.0.113.7");
		assert.equal(limited.status, 429);
		assert.equal(((await limited.json()) as { error: { code: string } }).error.code, "RATE_LIMITED");

		// Another address has a budget of its own.
		assert.equal((await forged("198.51.100.9")).status, 400);
		// The audit trail holds the ones answered 400 and no more: the 429s wrote nothing.
		await until("the refused webhooks on the audit trail", async () => (await refused()) >= before + FORGED_WEBHOOKS_PER_IP + 1);
		await new Promise(res => setTimeout(res, 300));
		assert.equal(await refused(), before + FORGED_WEBHOOKS_PER_IP + 1);

		// Stripe behind the same address (signed with the restaurant's secret) is never limited.
		const genuine = await post("203.0.113.7", stripe.webhookSecret);
		assert.equal(genuine.status, 200, await genuine.clone().text());
		assert.equal(((await genuine.json()) as { outcome: string }).outcome, "captured");
		assert.equal((await paymentOf(bill.id, link.paymentId)).status, "captured");
	});

	it("a webhook for an unknown payment, or about nothing of ours, is 200 and changes nothing", async () => {
		const bill = await aBill();
		const link = await linkFor(bill);
		const session = { ...sessionOf(link), metadata: { paymentId: crypto.randomUUID() }, client_reference_id: null };
		const unknown = await stripe.send(
			stripe.event("checkout.session.completed", { ...session, status: "complete", payment_status: "paid" }),
		);
		assert.equal(unknown.status, 200);
		assert.equal(JSON.parse(unknown.body).outcome, "unknown_payment");
		const other = await stripe.send(stripe.event("customer.created", { id: "cus_1", object: "customer", metadata: {} }));
		assert.equal(other.status, 200);
		assert.equal(JSON.parse(other.body).outcome, "ignored");
		const notProvider = await fetch(`${cluster.baseUrl}/api/v1/billing/webhooks/paypal`, { method: "POST", body: "{}" });
		assert.equal(notProvider.status, 404);
		assert.equal((await paymentOf(bill.id, link.paymentId)).status, "pending");
	});

	it("a paid webhook for another amount or currency is 200, settles nothing and is audited", async () => {
		const bill = await aBill();
		const link = await linkFor(bill, { share: "whole", tipCents: 100 });
		const session = sessionOf(link);
		const paidAs = (over: object) => ({ ...session, status: "complete", payment_status: "paid", payment_intent: "pi_x", ...over });
		const short = await stripe.send(stripe.event("checkout.session.completed", paidAs({ amount_total: session.amount_total - 100 })));
		assert.equal(short.status, 200);
		assert.equal(JSON.parse(short.body).outcome, "mismatch");
		const euros = await stripe.send(stripe.event("checkout.session.completed", paidAs({ currency: "eur" })));
		assert.equal(JSON.parse(euros.body).outcome, "mismatch");
		const payment = await paymentOf(bill.id, link.paymentId);
		assert.equal(payment.status, "pending");
		assert.equal((await getBill(bill.id)).paidCents, 0);
		await until("the mismatches on the audit trail", async () => {
			const found = (await audit()).filter(e => e.action === "webhook_rejected" && e.subject.paymentId === link.paymentId);
			return found.some(e => e.reason === "amount") && found.some(e => e.reason === "currency");
		});
	});

	it("an expired checkout fails its payment and gives its share back to the bill", async () => {
		const bill = await aBill();
		const link = await linkFor(bill, { share: "even", parts: 3 });
		assert.equal((await getBill(bill.id)).balanceCents, bill.totalCents - link.amountCents);
		const delivered = await stripe.expire(sessionOf(link).id);
		assert.equal(delivered?.status, 200);
		const payment = await paymentOf(bill.id, link.paymentId);
		assert.equal(payment.status, "failed");
		const after = await getBill(bill.id);
		assert.equal(after.pendingCents, 0);
		assert.equal(after.balanceCents, bill.totalCents);
		await floor.waitFor<Bill & { change: string }>("bill:update", b => b.id === bill.id && b.change === "payment_failed");
	});

	it("a failed card closes the checkout at Stripe (it cannot be paid later) and releases the hold", async () => {
		const bill = await aBill();
		const link = await linkFor(bill);
		const session = sessionOf(link);
		const failed = await stripe.send(
			stripe.event("payment_intent.payment_failed", {
				id: "pi_failed",
				object: "payment_intent",
				amount: session.amount_total,
				currency: "usd",
				status: "requires_payment_method",
				metadata: { paymentId: link.paymentId },
				last_payment_error: { message: "Your card was declined." },
			}),
		);
		assert.equal(failed.status, 200);
		const payment = await paymentOf(bill.id, link.paymentId);
		assert.equal(payment.status, "failed");
		assert.equal(payment.failureReason, "Your card was declined.");
		assert.equal(stripe.sessions.get(session.id)!.status, "expired");
		assert.equal((await getBill(bill.id)).pendingCents, 0);
	});

	it("cancelling on Stripe's page sends the payer back and releases the hold", async () => {
		const bill = await aBill();
		const link = await linkFor(bill, { share: "whole", returnUrl: `${cluster.config.publicUrl}/guest/?t=1` });
		const res = await fetch(`${link.url}/cancel`, { method: "POST", redirect: "manual" });
		assert.equal(res.status, 303);
		const back = new URL(res.headers.get("location")!);
		assert.equal(back.searchParams.get("payment"), link.paymentId);
		assert.equal(back.searchParams.get("outcome"), "cancelled");
		assert.equal((await paymentOf(bill.id, link.paymentId)).status, "failed");
		assert.equal((await getBill(bill.id)).balanceCents, bill.totalCents);
	});

	it("the sweeper settles a paid link whose webhook never came, and closes one past its time", async () => {
		const bill = await aBill();
		const paidLink = await linkFor(bill, { share: "even", parts: 2 });
		const lateLink = await linkFor(bill, { share: "even", parts: 2 });
		await stripe.pay(sessionOf(paidLink).id, { webhook: false });
		// Both older than the sweeper's wait, the second past its expiry as well.
		const t = billing().tables();
		await t("payments")
			.where({ id: paidLink.paymentId })
			.update({ created_at: new Date(Date.now() - 120_000) });
		await t("payments")
			.where({ id: lateLink.paymentId })
			.update({ created_at: new Date(Date.now() - 120_000), link_expires_at: new Date(Date.now() - 1000) });
		await billing().sweepPending();

		assert.equal((await paymentOf(bill.id, paidLink.paymentId)).status, "captured");
		const late = await paymentOf(bill.id, lateLink.paymentId);
		assert.equal(late.status, "failed");
		assert.equal(stripe.sessions.get(sessionOf(lateLink).id)!.status, "expired");
		const now = await getBill(bill.id);
		assert.equal(now.paidCents, paidLink.amountCents);
		assert.equal(now.pendingCents, 0);
	});

	it("two links racing past the balance: one is made, the other is 409 and holds nothing", async () => {
		const bill = await aBill();
		const [a, b] = await Promise.all(
			[0, 1].map(() =>
				http.post<PaymentLink>(`/api/v1/billing/bills/${bill.id}/payment-links`, { share: "whole" }, { token: r.token.staff }),
			),
		);
		assert.deepEqual([a.status, b.status].sort(), [201, 409], JSON.stringify([a.body, b.body]));
		const after = await getBill(bill.id);
		assert.equal(after.pendingCents, bill.totalCents);
		assert.equal(after.payments.length, 1);
	});

	it("a link Stripe could not be reached for stays pending (503), and the sweeper closes it", async () => {
		const bill = await aBill();
		stripe.down(true);
		const res = await http.post(`/api/v1/billing/bills/${bill.id}/payment-links`, { share: "whole" }, { token: r.token.staff });
		stripe.down(false);
		expect(res, 503, "PAYMENT_PROVIDER_UNAVAILABLE");
		const [{ id: paymentId }] = (await getBill(bill.id)).payments;
		assert.equal((await paymentOf(bill.id, paymentId)).status, "pending");
		await billing()
			.tables()("payments")
			.where({ id: paymentId })
			.update({ created_at: new Date(Date.now() - 120_000) });
		await billing().sweepPending();
		const payment: Payment = await paymentOf(bill.id, paymentId);
		assert.equal(payment.status, "failed");
		assert.equal((await getBill(bill.id)).pendingCents, 0);
		// It was made under the same idempotency key, then closed: nobody can pay it.
		const made = [...stripe.sessions.values()].filter(s => s.metadata.paymentId === paymentId);
		assert.equal(made.length, 1);
		assert.equal(made[0].status, "expired");
	});
});
