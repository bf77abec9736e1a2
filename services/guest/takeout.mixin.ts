// POST /public/takeout: a takeout ordered and paid by link from the public page.
import type { ServiceSchema } from "moleculer";

export function GuestTakeoutMixin(): Partial<ServiceSchema> {
	return {};
}
