// Where money actually moves. Billing reserves the amount on the bill, asks the provider, then records the
// answer: a real card provider (payment links, signed webhooks, refunds) plugs in here without billing's
// rules changing. Every request carries our own id as its idempotency key, so asking again after a crash or
// a timeout returns the first outcome instead of charging twice.

import crypto from "node:crypto";
import type { Config, PaymentProviderName } from "../../lib/config";
import { LINK_CLOSED, LINK_EXPIRED } from "./payments";
import { StripeProvider } from "./stripe-provider";

export interface ChargeRequest {
	/** Our payment id: the provider must return the first outcome when it sees the same key again. */
	idempotencyKey: string;
	amountCents: number;
	tipCents: number;
	currency: string;
	/** The bill being paid, for the provider's statement. */
	reference: string;
	/** What the card terminal or the tablet's card form handed over (never a card number). */
	cardToken?: string;
}

export type ChargeResult = { status: "captured"; providerRef: string | null } | { status: "declined"; reason: string };

export interface RefundRequest {
	idempotencyKey: string;
	providerRef: string | null;
	amountCents: number;
	currency: string;
}

export type RefundResult = { status: "refunded"; providerRef: string | null } | { status: "failed"; reason: string };

/** A checkout at the provider for one payment: the payer opens `url` and pays `amountCents` (the share and its tip). */
export interface LinkRequest {
	/** Our payment id: asking again with it returns the same checkout, never a second one. */
	idempotencyKey: string;
	amountCents: number;
	currency: string;
	/** The bill being paid, for the provider's statement. */
	reference: string;
	description: string;
	/** Where the payer goes back to after paying, and after cancelling. */
	successUrl: string;
	cancelUrl: string;
	expiresAt: Date;
}

export interface LinkCreated {
	sessionId: string;
	url: string;
}

/** A link as the provider has it now: still open, paid (what it took, in which currency), or over unpaid. */
export type LinkState =
	| { status: "open" }
	| { status: "paid"; providerRef: string | null; amountCents: number; currency: string }
	| { status: "expired"; reason: string };

/**
 * What a verified webhook says: its event id (the provider's, kept once), its type, the payment it is about (our
 * id, from the metadata we sent; null when it names none) and what it means for it (null: nothing for us).
 */
export interface WebhookEvent {
	id: string;
	type: string;
	paymentId: string | null;
	outcome: Exclude<LinkState, { status: "open" }> | null;
}

/** A webhook whose signature does not match its body (forged, altered, or signed with another secret). */
export class WebhookSignatureError extends Error {}

/** What a lookup may need besides the key: a refund's payment as the provider knows it. */
export interface LookupHint {
	providerRef?: string | null;
}

/** Where a link payment's checkout stands on our side: what the provider is asked about. */
export interface LinkRef {
	paymentId: string;
	sessionId: string;
	expiresAt: Date;
}

export interface PaymentProvider {
	readonly name: string;
	/** Throws when the provider cannot be reached: the payment stays pending and is asked about again later. */
	charge(req: ChargeRequest): Promise<ChargeResult>;
	refund(req: RefundRequest): Promise<RefundResult>;
	/**
	 * What became of a charge or refund we sent with this key and never heard back about; undefined when the
	 * provider never received it (so nothing was taken or given back).
	 */
	lookup(idempotencyKey: string, hint?: LookupHint): Promise<ChargeResult | RefundResult | undefined>;
	/** Payment links (providers that make them): a checkout for one payment, the same one again for the same key. */
	createLink?(req: LinkRequest): Promise<LinkCreated>;
	/** The link as the provider has it now. */
	lookupLink?(link: LinkRef): Promise<LinkState>;
	/** Closes a link so it can no longer be paid; a link paid meanwhile says so (status paid) and stays paid. */
	expireLink?(link: LinkRef): Promise<LinkState>;
	/** Checks the webhook's signature over the raw body (WebhookSignatureError when it does not match) and reads it. */
	verifyWebhook?(headers: Record<string, string | undefined>, rawBody: Buffer): WebhookEvent;
}

/** Cash goes into the drawer: nothing to ask, always taken. */
export const cashDrawer: PaymentProvider = {
	name: "cash",
	async charge() {
		return { status: "captured", providerRef: null };
	},
	async refund() {
		return { status: "refunded", providerRef: null };
	},
	// The cash changed hands when the payment was taken; the drawer has nothing to forget.
	async lookup() {
		return { status: "captured", providerRef: null };
	},
};

/**
 * The default card provider: approves every card except the test token `tok_declined`, refunds every charge
 * except one made with `tok_no_refunds`, and keeps its answers by idempotency key (as real providers do) so
 * a retried charge or refund returns the first outcome.
 */
export class SimulatedCardProvider implements PaymentProvider {
	readonly name = "simulated";
	/** Per process: a session id made from it cannot be guessed from the payment id. */
	private readonly secret = crypto.randomBytes(32).toString("hex");
	private readonly answers = new Map<string, ChargeResult | RefundResult>();
	private readonly noRefunds = new Set<string>();

	constructor(private readonly publicUrl = "") {}

	async charge(req: ChargeRequest): Promise<ChargeResult> {
		return this.once(req.idempotencyKey, () => {
			if (req.cardToken === "tok_declined") return { status: "declined", reason: "The card was declined" };
			const providerRef = `sim_ch_${req.idempotencyKey}`;
			if (req.cardToken === "tok_no_refunds") this.noRefunds.add(providerRef);
			return { status: "captured", providerRef };
		});
	}

	async refund(req: RefundRequest): Promise<RefundResult> {
		return this.once(req.idempotencyKey, () =>
			req.providerRef && this.noRefunds.has(req.providerRef)
				? { status: "failed", reason: "The card issuer refused the refund" }
				: { status: "refunded", providerRef: `sim_re_${req.idempotencyKey}` },
		);
	}

	async lookup(idempotencyKey: string): Promise<ChargeResult | RefundResult | undefined> {
		return this.answers.get(idempotencyKey);
	}

	/**
	 * A link to our own checkout page (public/checkout/), whose Pay and Cancel settle the payment through billing's
	 * public checkout actions: the session id is the page's only key, so it is random and long.
	 */
	async createLink(req: LinkRequest): Promise<LinkCreated> {
		const sessionId = `sim_cs_${crypto.createHash("sha256").update(`${this.secret}:${req.idempotencyKey}`).digest("base64url")}`;
		return { sessionId, url: `${this.publicUrl}/checkout/?session=${sessionId}` };
	}

	/** The page settles a link in billing's own database, so all the provider knows is whether its time is up. */
	async lookupLink(link: LinkRef): Promise<LinkState> {
		return link.expiresAt.getTime() <= Date.now() ? { status: "expired", reason: LINK_EXPIRED } : { status: "open" };
	}

	async expireLink(): Promise<LinkState> {
		return { status: "expired", reason: LINK_CLOSED };
	}

	private once<T extends ChargeResult | RefundResult>(key: string, answer: () => T): T {
		if (!this.answers.has(key)) this.answers.set(key, answer());
		return this.answers.get(key) as T;
	}
}

/** The card provider PAYMENT_PROVIDER names, with its keys from the configuration. */
export function cardProvider(name: PaymentProviderName, config?: Pick<Config, "stripe" | "publicUrl">): PaymentProvider {
	switch (name) {
		case "simulated":
			return new SimulatedCardProvider(config?.publicUrl);
		case "stripe":
			if (!config?.stripe) throw new Error("PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET");
			return new StripeProvider(config.stripe);
	}
}
