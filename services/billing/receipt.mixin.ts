// POST /billing/bills/:id/receipt-email: a bill's receipt queued for mail. The bill as it stands is recorded with the
// request (`receipt.requested`, through billing's outbox); the mail service renders and sends it, once.
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { DbMethods } from "../../mixins/db.mixin";
import { runtimeOf } from "../../lib/runtime";
import { RateBudget } from "../../lib/rate-budget";
import { RECEIPT_EVENTS, type Bill, type GatewayMeta, type GuestCaller, type ReceiptRequester } from "../../contracts";
import { checkReceiptRequest, RECEIPT_WINDOW_SECONDS, RECEIPTS_PER_BILL } from "./receipt-rules";

type ReceiptThis = Service & DbMethods & { mustFind(id: string): Promise<Bill>; receiptBudget?: RateBudget };
type Ctx<P> = Context<P, GatewayMeta>;

export function ReceiptMailMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, ReceiptThis>> = {
		actions: {
			receiptEmail: {
				rest: "POST /bills/:id/receipt-email",
				access: ["staff", "admin", "guest"],
				description:
					"Mails the bill's receipt (plain text and HTML: lines with options, taxes, tip, payments) to `email`: 202 once it is queued; sent once, retried while the mail server is down. A guest: only its own table's bill, up to 30 minutes after paying. At most 5 per bill in 15 minutes.",
				params: {
					$$strict: "remove",
					id: "uuid",
					email: { type: "email", normalize: true, max: 254 },
				},
				async handler(this: ReceiptThis, ctx: Ctx<{ id: string; email: string }>): Promise<{ queued: true }> {
					// A guest's session as it stands (not only as the gateway resolved it): 401 once over, 409 once its
					// table's order was moved or cancelled, or paid more than 30 minutes ago (contracts/guest.ts).
					const guest = ctx.meta.guest
						? await ctx.call<GuestCaller, { afterPaid: boolean }>("guest.live", { afterPaid: true })
						: undefined;
					const bill = await this.mustFind(ctx.params.id);
					checkReceiptRequest(bill, guest);
					await this.receiptBudget!.consume(bill.id);
					const by: ReceiptRequester = guest
						? { kind: "guest", id: guest.sessionId }
						: { kind: "user", id: ctx.meta.user?.id ?? "internal" };
					const requestKey = ctx.meta.idempotencyKey;
					await this.transaction(trx =>
						this.recordEvent(trx, RECEIPT_EVENTS.requested, {
							bill,
							email: ctx.params.email,
							by,
							...(requestKey && { requestKey: `${by.kind}:${by.id}:${requestKey}` }),
						}),
					);
					ctx.meta.$statusCode = 202;
					return { queued: true };
				},
			},
		},

		started(this: ReceiptThis) {
			this.receiptBudget = new RateBudget(runtimeOf(this.broker).config, "receipts", RECEIPTS_PER_BILL, RECEIPT_WINDOW_SECONDS);
		},

		async stopped(this: ReceiptThis) {
			await this.receiptBudget?.close();
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}
