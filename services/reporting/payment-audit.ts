// The audit trail's payment webhooks: one refused for its signature (forged, altered, or signed with another
// secret) and one signed but not matching its payment (another amount or currency), which settled nothing.
import type { EventOf } from "../../contracts";
import type { AuditEntry } from "./repository";

export function auditOfWebhookRejected(e: EventOf<"payment.webhook_rejected">): AuditEntry[] {
	const { provider, reason, eventId, paymentId, billId, detail, ip } = e.data;
	return [
		{
			id: e.eventId,
			at: new Date(e.at),
			action: "webhook_rejected",
			// Nobody signed in sent it: the provider, or someone pretending to be it.
			actorId: null,
			reason,
			tableName: "",
			amountCents: 0,
			subject: { provider, eventId, paymentId, billId, detail, ip },
		},
	];
}
