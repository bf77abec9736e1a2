// POST /billing/bills/:id/receipt-email: a bill's receipt queued for mail.
import type { ServiceSchema } from "moleculer";

export function ReceiptMailMixin(): Partial<ServiceSchema> {
	return {};
}
