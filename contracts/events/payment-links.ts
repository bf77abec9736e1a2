// Events about payment links that only the audit trail reads: a webhook refused (its signature did not match its
// body) or one whose payment did not match what we asked for (another amount or currency), which settled nothing.
export const PAYMENT_LINK_EVENTS = { webhookRejected: "payment.webhook_rejected" } as const;

export interface WebhookRejected {
	provider: string;
	/** signature: forged or altered (answered 400); amount, currency: signed, but not what the payment asked (200, nothing settled). */
	reason: "signature" | "amount" | "currency";
	/** The provider's event id, when the webhook could be read (never for a bad signature: its body is not trusted). */
	eventId: string | null;
	paymentId: string | null;
	billId: string | null;
	/** What we expected and what came (cents or currency), or why the signature failed. */
	detail: string;
	ip: string | null;
}

export interface PaymentLinkEvents {
	"payment.webhook_rejected": WebhookRejected;
}
