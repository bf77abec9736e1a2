// POST /guest/bill/pay: a guest pays the whole bill, an even share or chosen items by payment link; GET /guest/bill:
// the table's bills as the guest sees them (amounts and lines, no staff data). Only a bill of the guest's own table.
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import {
	BillingErrors,
	guestBillOf,
	LINK_SHARES,
	LinkErrors,
	type Bill,
	type GatewayMeta,
	type GuestBillView,
	type GuestPayment,
	type LinkRequest,
	type PaymentLink,
} from "../../contracts";
import type { GuestThis } from "./guest.service";

type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;
type PayParams = Omit<LinkRequest, "payer">;

export function GuestPayMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, GuestThis>> = {
		actions: {
			/** The table's bills for its order (a split bill's parts with it), newest first; [] while there is none. */
			bill: {
				rest: "GET /bill",
				access: ["guest"],
				async handler(this: GuestThis, ctx: Ctx): Promise<GuestBillView[]> {
					// A guest who just paid still sees the bill paid.
					const guest = await this.liveGuest(ctx, { afterPaid: true });
					if (!guest.orderId) return [];
					const bills = await ctx.call<Bill[], { orderId: string }>("billing.list", { orderId: guest.orderId });
					return bills.filter(b => b.status !== "void" && b.tableId === guest.tableId).map(guestBillOf);
				},
			},

			/**
			 * A payment link for the whole bill, an even share (`parts`-th of the balance) or chosen lines, plus a tip:
			 * the phone opens `url` (the provider's checkout). 409 when the share is more than is left to pay.
			 */
			pay: {
				rest: "POST /bill/pay",
				access: ["guest"],
				params: {
					$$strict: "remove",
					billId: "uuid",
					share: { type: "enum", values: [...LINK_SHARES] },
					parts: { type: "number", integer: true, min: 2, max: 20, optional: true, convert: false },
					lineIds: { type: "array", min: 1, max: 200, unique: true, optional: true, items: "uuid" },
					tipCents: { type: "number", integer: true, min: 0, max: 1_000_000, optional: true, convert: false },
					returnUrl: { type: "url", max: 2000, optional: true },
				},
				async handler(this: GuestThis, ctx: Ctx<PayParams>): Promise<GuestPayment> {
					const guest = await this.liveGuest(ctx);
					const bill = await ctx.call<Bill, { id: string }>("billing.get", { id: ctx.params.billId }).catch(err => {
						if ((err as { type?: string }).type === BillingErrors.billNotFound(ctx.params.billId).type) return undefined;
						throw err;
					});
					// Another table's bill, or another party's at this table (a session that follows no order yet follows
					// none of its bills), reads as no bill at all: a guest learns nothing of other checks.
					if (!bill || !guest.orderId || bill.tableId !== guest.tableId || !bill.orderIds.includes(guest.orderId))
						throw LinkErrors.notYourTable(ctx.params.billId);
					const link = await ctx.call<PaymentLink, LinkRequest>("billing.startLinkPayment", {
						...ctx.params,
						payer: { kind: "guest", id: guest.sessionId },
					});
					ctx.meta.$statusCode = 201;
					return {
						paymentId: link.paymentId,
						url: link.url,
						amountCents: link.amountCents,
						tipCents: link.tipCents,
						expiresAt: link.expiresAt,
					};
				},
			},
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}
