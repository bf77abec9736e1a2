// Where money actually moves. Billing reserves the amount on the bill, asks the provider, then records the
// answer: a real card provider (payment links, signed webhooks, refunds) plugs in here without billing's
// rules changing. Every request carries our own id as its idempotency key, so asking again after a crash or
// a timeout returns the first outcome instead of charging twice.

import type { PaymentProviderName } from "../../lib/config";

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

/** What a webhook told us about a payment we started (for providers that answer later, e.g. payment links). */
export interface WebhookOutcome {
	paymentId: string;
	result: ChargeResult;
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
	lookup(idempotencyKey: string): Promise<ChargeResult | RefundResult | undefined>;
	/** Providers that confirm later verify the webhook's signature here and say which payment it settles. */
	verifyWebhook?(headers: Record<string, string | undefined>, rawBody: Buffer): WebhookOutcome | undefined;
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
	private readonly answers = new Map<string, ChargeResult | RefundResult>();
	private readonly noRefunds = new Set<string>();

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

	private once<T extends ChargeResult | RefundResult>(key: string, answer: () => T): T {
		if (!this.answers.has(key)) this.answers.set(key, answer());
		return this.answers.get(key) as T;
	}
}

export function cardProvider(name: PaymentProviderName): PaymentProvider {
	switch (name) {
		case "simulated":
			return new SimulatedCardProvider();
		case "stripe":
			throw new Error("PAYMENT_PROVIDER=stripe is not built yet");
	}
}
