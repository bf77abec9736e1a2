// Guest rounds: lines a guest ordered from the table's QR page, pending until a waiter confirms (or sent at once).
// Also what the guest service asks of a table's order: which one is open there now.
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import * as repo from "./repository";
import type { Ctx, OrderThis } from "./order-this";

export function GuestRoundsMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, OrderThis>> = {
		actions: {
			/** The table's open order (not billed, paid or cancelled), for the guest service. Not on HTTP. */
			openOfTable: {
				visibility: "public",
				params: { tableId: "uuid" },
				async handler(this: OrderThis, ctx: Ctx<{ tableId: string }>): Promise<{ orderId: string | null }> {
					return { orderId: (await repo.openOrderOfTable(this.tables(), ctx.params.tableId)) ?? null };
				},
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
