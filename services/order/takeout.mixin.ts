// Takeouts ordered from the public page: held from the kitchen until their payment link is paid.
import type { ServiceSchema } from "moleculer";

export function TakeoutMixin(): Partial<ServiceSchema> {
	return {};
}
