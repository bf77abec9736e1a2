// Stripe as billing reads it: where the SDK is pointed, what a Checkout Session says about its payment, and what
// each webhook means, checked with signatures made by the SDK's own test helper.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import Stripe from "stripe";
import { LINK_EXPIRED } from "./payments";
import { WebhookSignatureError } from "./providers";
import { sdkOptions, sessionState, StripeProvider } from "./stripe-provider";

const secret = "whsec_unit_test_secret";
const provider = new StripeProvider({ secretKey: "sk_test_unit", webhookSecret: secret, apiUrl: "http://127.0.0.1:9" });
const signed = (event: object, key = secret) => {
	const payload = JSON.stringify(event);
	return { payload, header: Stripe.webhooks.generateTestHeaderString({ payload, secret: key }) };
};
const event = (type: string, object: object) => ({ id: `evt_${type}`, object: "event", type, data: { object } });
const session = {
	id: "cs_1",
	object: "checkout.session",
	status: "complete",
	payment_status: "paid",
	payment_intent: "pi_1",
	amount_total: 4_500,
	currency: "usd",
	metadata: { paymentId: "5f0c3a4e-0000-4000-8000-000000000001" },
	client_reference_id: "5f0c3a4e-0000-4000-8000-000000000001",
};

describe("Stripe, as billing reads it", () => {
	it("points the SDK at STRIPE_API_URL's host, port and protocol; unset, at Stripe", () => {
		assert.deepEqual((({ host, port, protocol }) => ({ host, port, protocol }))(sdkOptions("http://127.0.0.1:4010")), {
			host: "127.0.0.1",
			port: "4010",
			protocol: "http",
		});
		assert.equal(sdkOptions(undefined).host, undefined);
		assert.equal(sdkOptions("https://stripe.internal").port, 443);
	});

	it("a session is paid only once complete and paid; expired is over; anything else is still open", () => {
		assert.deepEqual(sessionState(session as never), { status: "paid", providerRef: "pi_1", amountCents: 4_500, currency: "usd" });
		assert.deepEqual(sessionState({ ...session, payment_status: "unpaid" } as never), { status: "open" });
		assert.deepEqual(sessionState({ ...session, status: "expired", payment_status: "unpaid" } as never), {
			status: "expired",
			reason: LINK_EXPIRED,
		});
	});

	it("a signed checkout.session.completed names our payment and what was paid", () => {
		const { payload, header } = signed(event("checkout.session.completed", session));
		const read = provider.verifyWebhook({ "stripe-signature": header }, Buffer.from(payload));
		assert.deepEqual(read, {
			id: "evt_checkout.session.completed",
			type: "checkout.session.completed",
			paymentId: session.metadata.paymentId,
			outcome: { status: "paid", providerRef: "pi_1", amountCents: 4_500, currency: "usd" },
		});
	});

	it("expired sessions and failed cards end the payment; other events mean nothing to us", () => {
		const expired = signed(event("checkout.session.expired", { ...session, status: "expired" }));
		assert.equal(
			provider.verifyWebhook({ "stripe-signature": expired.header }, Buffer.from(expired.payload)).outcome?.status,
			"expired",
		);
		const failed = signed(
			event("payment_intent.payment_failed", {
				id: "pi_2",
				object: "payment_intent",
				metadata: { paymentId: "p" },
				last_payment_error: { message: "Your card was declined." },
			}),
		);
		assert.deepEqual(provider.verifyWebhook({ "stripe-signature": failed.header }, Buffer.from(failed.payload)).outcome, {
			status: "expired",
			reason: "Your card was declined.",
		});
		const other = signed(event("customer.created", { id: "cus_1", object: "customer" }));
		assert.equal(provider.verifyWebhook({ "stripe-signature": other.header }, Buffer.from(other.payload)).outcome, null);
	});

	it("another secret, a changed byte or no signature at all: WebhookSignatureError", () => {
		const { payload, header } = signed(event("checkout.session.completed", session), "whsec_someone_else");
		assert.throws(() => provider.verifyWebhook({ "stripe-signature": header }, Buffer.from(payload)), WebhookSignatureError);
		const good = signed(event("checkout.session.completed", session));
		assert.throws(
			() => provider.verifyWebhook({ "stripe-signature": good.header }, Buffer.from(good.payload.replace("4500", "4501"))),
			WebhookSignatureError,
		);
		assert.throws(() => provider.verifyWebhook({}, Buffer.from(good.payload)), WebhookSignatureError);
	});

	it("a card payment without the card's payment method is declined without asking Stripe", async () => {
		const result = await provider.charge({ idempotencyKey: "k", amountCents: 100, tipCents: 0, currency: "USD", reference: "b" });
		assert.equal(result.status, "declined");
	});
});
