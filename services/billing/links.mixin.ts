// Payment links: a checkout at the card provider for a bill or a share of it, settled by its signed webhook.
import type { ServiceSchema } from "moleculer";

export function PaymentLinksMixin(): Partial<ServiceSchema> {
	return {};
}
