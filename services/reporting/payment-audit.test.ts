// A refused payment webhook on the audit trail: why, from where, about which payment.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { auditOfWebhookRejected } from "./payment-audit";

describe("a refused payment webhook on the audit trail", () => {
	it("keeps why it was refused, the provider, the payment and the sender's address, with no actor", () => {
		const [entry] = auditOfWebhookRejected({
			eventId: "ev-1",
			type: "payment.webhook_rejected",
			at: "2026-11-28T12:00:00.000Z",
			data: {
				provider: "stripe",
				reason: "signature",
				eventId: null,
				paymentId: null,
				billId: null,
				detail: "No signatures found matching the expected signature for payload",
				ip: "203.0.113.9",
			},
		} as never);
		assert.equal(entry.action, "webhook_rejected");
		assert.equal(entry.reason, "signature");
		assert.equal(entry.actorId, null);
		assert.deepEqual(entry.subject, {
			provider: "stripe",
			eventId: null,
			paymentId: null,
			billId: null,
			detail: "No signatures found matching the expected signature for payload",
			ip: "203.0.113.9",
		});
	});
});
