// Stripe through its official SDK: cards as PaymentIntents, payment links as Checkout Sessions, refunds, and
// webhooks verified with the SDK's own signature check over the raw body. Every request carries our id as its
// idempotency key (Stripe answers a repeated key with its first answer); keys come from the configuration.
import Stripe from "stripe";
import { LINK_CLOSED, LINK_EXPIRED } from "./payments";
import {
	WebhookSignatureError,
	type ChargeRequest,
	type ChargeResult,
	type LinkCreated,
	type LinkRef,
	type LinkRequest,
	type LinkState,
	type LookupHint,
	type PaymentProvider,
	type RefundRequest,
	type RefundResult,
	type WebhookEvent,
} from "./providers";

export interface StripeSettings {
	secretKey: string;
	webhookSecret: string;
	/** Where the SDK sends its requests (a local fake in the tests); unset: api.stripe.com. */
	apiUrl?: string;
}

/** The SDK's client options for `apiUrl`: host, port and protocol (the SDK takes no base URL). */
export function sdkOptions(apiUrl: string | undefined): Stripe.StripeConfig {
	const base: Stripe.StripeConfig = { maxNetworkRetries: 2, timeout: 15_000, telemetry: false, appInfo: { name: "Brigade" } };
	if (!apiUrl) return base;
	const url = new URL(apiUrl);
	const protocol = url.protocol === "http:" ? "http" : "https";
	return { ...base, host: url.hostname, port: url.port || (protocol === "http" ? 80 : 443), protocol };
}

/** A refusal that is an answer (the card, the request), as opposed to Stripe not answering (thrown on, stays pending). */
function isRefusal(err: unknown): err is Stripe.errors.StripeError {
	if (!(err instanceof Stripe.errors.StripeError)) return false;
	return err.type === "StripeCardError" || err.type === "StripeInvalidRequestError";
}

type Session = Stripe.Checkout.Session;

/** What a Checkout Session says about its payment. */
export function sessionState(s: Pick<Session, "status" | "payment_status" | "payment_intent" | "amount_total" | "currency">): LinkState {
	if (s.status === "complete" && (s.payment_status === "paid" || s.payment_status === "no_payment_required")) {
		const pi = s.payment_intent;
		return {
			status: "paid",
			providerRef: typeof pi === "string" ? pi : (pi?.id ?? null),
			amountCents: s.amount_total ?? 0,
			currency: s.currency ?? "",
		};
	}
	if (s.status === "expired") return { status: "expired", reason: LINK_EXPIRED };
	return { status: "open" };
}

/** Our payment id in what Stripe sends back: the metadata we set, or the session's client reference. */
function paymentIdOf(object: { metadata?: Stripe.Metadata | null; client_reference_id?: string | null }): string | null {
	return object.metadata?.paymentId ?? object.client_reference_id ?? null;
}

/** A verified event as billing reads it: which payment, and what became of it (null: nothing for us to do). */
export function readEvent(event: Stripe.Event): WebhookEvent {
	const base = { id: event.id, type: event.type };
	switch (event.type) {
		case "checkout.session.completed":
		case "checkout.session.async_payment_succeeded": {
			const s = event.data.object;
			const state = sessionState(s);
			return { ...base, paymentId: paymentIdOf(s), outcome: state.status === "open" ? null : state };
		}
		case "checkout.session.expired":
			return { ...base, paymentId: paymentIdOf(event.data.object), outcome: { status: "expired", reason: LINK_EXPIRED } };
		case "checkout.session.async_payment_failed":
			return { ...base, paymentId: paymentIdOf(event.data.object), outcome: { status: "expired", reason: "The payment failed" } };
		case "payment_intent.succeeded": {
			const pi = event.data.object;
			return {
				...base,
				paymentId: paymentIdOf(pi),
				outcome: { status: "paid", providerRef: pi.id, amountCents: pi.amount_received || pi.amount, currency: pi.currency },
			};
		}
		case "payment_intent.payment_failed": {
			const pi = event.data.object;
			const reason = pi.last_payment_error?.message ?? "The card was declined";
			return { ...base, paymentId: paymentIdOf(pi), outcome: { status: "expired", reason } };
		}
		default: {
			const object = event.data.object as { metadata?: Stripe.Metadata | null };
			return { ...base, paymentId: object.metadata?.paymentId ?? null, outcome: null };
		}
	}
}

export class StripeProvider implements PaymentProvider {
	readonly name = "stripe";
	private readonly stripe: Stripe;

	constructor(private readonly settings: StripeSettings) {
		this.stripe = new Stripe(settings.secretKey, sdkOptions(settings.apiUrl));
	}

	/** A card at the table: a PaymentIntent confirmed at once with the payment method the card form handed over. */
	async charge(req: ChargeRequest): Promise<ChargeResult> {
		if (!req.cardToken)
			return { status: "declined", reason: "A card payment through Stripe needs the card's payment method (cardToken)" };
		try {
			const pi = await this.stripe.paymentIntents.create(
				{
					amount: req.amountCents + req.tipCents,
					currency: req.currency.toLowerCase(),
					payment_method: req.cardToken,
					confirm: true,
					automatic_payment_methods: { enabled: true, allow_redirects: "never" },
					description: `Bill ${req.reference}`,
					metadata: { paymentId: req.idempotencyKey, billId: req.reference },
				},
				{ idempotencyKey: req.idempotencyKey },
			);
			return pi.status === "succeeded"
				? { status: "captured", providerRef: pi.id }
				: { status: "declined", reason: pi.last_payment_error?.message ?? `The payment is ${pi.status}` };
		} catch (err) {
			if (isRefusal(err)) return { status: "declined", reason: err.message };
			throw err;
		}
	}

	async refund(req: RefundRequest): Promise<RefundResult> {
		if (!req.providerRef) return { status: "failed", reason: "Stripe has no record of this payment" };
		try {
			const refund = await this.stripe.refunds.create(
				{ payment_intent: req.providerRef, amount: req.amountCents, metadata: { refundId: req.idempotencyKey } },
				{ idempotencyKey: req.idempotencyKey },
			);
			return refund.status === "failed" || refund.status === "canceled"
				? { status: "failed", reason: refund.failure_reason ?? `The refund ${refund.status}` }
				: { status: "refunded", providerRef: refund.id };
		} catch (err) {
			if (isRefusal(err)) return { status: "failed", reason: err.message };
			throw err;
		}
	}

	/** A charge by the metadata it was sent with; a refund among its payment's refunds. Nothing found: never received. */
	async lookup(key: string, hint: LookupHint = {}): Promise<ChargeResult | RefundResult | undefined> {
		if (hint.providerRef) {
			const refunds = await this.stripe.refunds.list({ payment_intent: hint.providerRef, limit: 100 });
			const refund = refunds.data.find(r => r.metadata?.refundId === key);
			if (!refund) return undefined;
			return refund.status === "failed" || refund.status === "canceled"
				? { status: "failed", reason: refund.failure_reason ?? `The refund ${refund.status}` }
				: { status: "refunded", providerRef: refund.id };
		}
		const found = await this.stripe.paymentIntents.search({ query: `metadata['paymentId']:'${key.replace(/'/g, "")}'` });
		const pi = found.data[0];
		if (!pi) return undefined;
		if (pi.status === "succeeded") return { status: "captured", providerRef: pi.id };
		if (pi.status === "processing") throw new Error(`Stripe is still processing ${pi.id}`);
		return { status: "declined", reason: pi.last_payment_error?.message ?? `The payment is ${pi.status}` };
	}

	async createLink(req: LinkRequest): Promise<LinkCreated> {
		const metadata = { paymentId: req.idempotencyKey, billId: req.reference };
		const session = await this.stripe.checkout.sessions.create(
			{
				mode: "payment",
				line_items: [
					{
						quantity: 1,
						price_data: {
							currency: req.currency.toLowerCase(),
							unit_amount: req.amountCents,
							product_data: { name: req.description },
						},
					},
				],
				client_reference_id: req.idempotencyKey,
				metadata,
				payment_intent_data: { metadata },
				success_url: req.successUrl,
				cancel_url: req.cancelUrl,
				expires_at: Math.floor(req.expiresAt.getTime() / 1000),
			},
			{ idempotencyKey: req.idempotencyKey },
		);
		if (!session.url) throw new Error(`Stripe made checkout ${session.id} without a URL`);
		return { sessionId: session.id, url: session.url };
	}

	async lookupLink(link: LinkRef): Promise<LinkState> {
		return sessionState(await this.stripe.checkout.sessions.retrieve(link.sessionId));
	}

	async expireLink(link: LinkRef): Promise<LinkState> {
		try {
			await this.stripe.checkout.sessions.expire(link.sessionId, {}, { idempotencyKey: `expire-${link.paymentId}` });
			return { status: "expired", reason: LINK_CLOSED };
		} catch (err) {
			// Not open any more: it was paid, or expired, meanwhile. Stripe says which.
			if (!(err instanceof Stripe.errors.StripeInvalidRequestError)) throw err;
			const state = await this.lookupLink(link);
			if (state.status === "open") throw err;
			return state;
		}
	}

	verifyWebhook(headers: Record<string, string | undefined>, rawBody: Buffer): WebhookEvent {
		const signature = headers["stripe-signature"];
		if (!signature) throw new WebhookSignatureError("The webhook carries no Stripe-Signature header");
		let event: Stripe.Event;
		try {
			event = this.stripe.webhooks.constructEvent(rawBody, signature, this.settings.webhookSecret);
		} catch (err) {
			throw new WebhookSignatureError((err as Error).message);
		}
		return readEvent(event);
	}
}
