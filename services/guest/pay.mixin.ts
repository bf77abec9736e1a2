// POST /guest/bill/pay: a guest pays the whole bill, an even share or chosen items by payment link.
import type { ServiceSchema } from "moleculer";

export function GuestPayMixin(): Partial<ServiceSchema> {
	return {};
}
