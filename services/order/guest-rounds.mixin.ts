// Guest rounds: lines a guest ordered from the table's QR page, pending until a waiter confirms (or sent at once).
import type { ServiceSchema } from "moleculer";

export function GuestRoundsMixin(): Partial<ServiceSchema> {
	return {};
}
