// POST /public/takeout: a takeout ordered and paid by link from the public page. The order service places it with
// every line held from the kitchen; billing bills it and makes the payment link; the kitchen gets it once the link
// is paid. One link per takeout: a double tap (the same Idempotency-Key) gets the same order and the same link,
// even while the first request is still making it. GET /public/takeout/:id is what the page shows on return.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { roundLines } from "../../lib/params";
import { RateBudget } from "../../lib/rate-budget";
import { runtimeOf } from "../../lib/runtime";
import {
	GUEST_ROUND_LIMITS,
	CommonErrors,
	PUBLIC_PAGE_CALLER,
	type Bill,
	type GatewayMeta,
	type Order,
	type TakeoutLine,
	type TakeoutLink,
	type TakeoutPlaced,
	type TakeoutState,
	type TakeoutView,
} from "../../contracts";

type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;
type TakeoutThis = Service & { takeoutBudget?: RateBudget } & TakeoutMethods;

interface TakeoutMethods {
	takeoutLink(ctx: Ctx<unknown>, order: Order): Promise<TakeoutLink>;
	asPublicPage<T>(ctx: Ctx<unknown>, action: string, params: object): Promise<T>;
	/** The bill's pending links no guest ever got (an earlier attempt's): closed, their hold released. */
	closeOrphanLinks(ctx: Ctx<unknown>, billId: string): Promise<void>;
}

interface TakeoutRequest {
	name: string;
	phone: string;
	pickupAt: string;
	notes?: string;
	items: TakeoutLine[];
}

/** Takeouts one address may place per window: a family ordering twice is far below it, a script is not. */
export const TAKEOUTS_PER_IP = 20;
export const TAKEOUT_WINDOW_SECONDS = 900;
/** How long a double tap waits for the first tap's payment link before it is told to retry. */
const LINK_WAIT_MS = 15_000;

/** Where the guest is, from the order (no staff data leaves here). */
export function takeoutState(order: Pick<Order, "status" | "awaitingPayment" | "items">): TakeoutState {
	if (order.status === "cancelled") return "cancelled";
	if (order.awaitingPayment) return "awaiting_payment";
	const live = order.items.filter(i => i.status !== "voided");
	if (live.length && live.every(i => i.status === "served")) return "collected";
	if (live.length && live.every(i => i.status === "ready" || i.status === "served")) return "ready";
	return "in_kitchen";
}

export function GuestTakeoutMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, TakeoutThis>> = {
		actions: {
			placeTakeout: {
				rest: { method: "POST", basePath: "/public", path: "/takeout" },
				access: "public",
				params: {
					$$strict: "remove",
					name: { type: "string", trim: true, min: 1, max: 60 },
					phone: { type: "string", trim: true, min: 7, max: 32 },
					// Its form is the order service's to judge (as for any order); the lines' shape is checked here, before
					// the hop (a quantity of 1e400 would cross it as null), and against the menu there.
					pickupAt: { type: "string", max: 40 },
					notes: { type: "string", trim: true, max: 500, optional: true },
					items: roundLines(GUEST_ROUND_LIMITS),
				},
				async handler(this: TakeoutThis, ctx: Ctx<TakeoutRequest>): Promise<TakeoutPlaced> {
					await this.takeoutBudget?.consume(ctx.meta.ip ?? "unknown");
					const { name, phone, pickupAt, notes, items } = ctx.params;
					const body = { name, phone, pickupAt, notes: notes ?? "", items };
					const requestHash = crypto.createHash("sha256").update(JSON.stringify(body)).digest("hex");
					const { order, link } = await ctx.call<{ order: Order; link: TakeoutLink | null }, object>("order.placeTakeout", {
						...body,
						requestHash,
						...(ctx.meta.idempotencyKey && { key: ctx.meta.idempotencyKey }),
					});
					const made = link ?? (await this.takeoutLink(ctx, order));
					ctx.meta.$statusCode = 201;
					return {
						orderId: order.id,
						paymentId: made.paymentId,
						paymentUrl: made.paymentUrl,
						totalCents: made.amountCents,
						pickupAt: order.pickupAt ?? pickupAt,
					};
				},
			},

			takeoutStatus: {
				rest: { method: "GET", basePath: "/public", path: "/takeout/:id" },
				access: "public",
				params: { id: "uuid" },
				async handler(this: TakeoutThis, ctx: Ctx<{ id: string }>): Promise<TakeoutView> {
					const { order, link } = await ctx.call<{ order: Order; link: TakeoutLink | null }, { id: string }>("order.takeout", {
						id: ctx.params.id,
					});
					const state = takeoutState(order);
					return {
						orderId: order.id,
						state,
						name: order.name ?? "",
						pickupAt: order.pickupAt ?? "",
						totalCents: order.totalCents,
						items: order.items
							.filter(i => i.status !== "voided" || state === "cancelled")
							.filter(i => !i.partOf)
							.map(i => ({ name: i.name, quantity: i.quantity, options: (i.modifiers ?? []).map(m => m.name) })),
						paymentUrl: state === "awaiting_payment" ? (link?.paymentUrl ?? null) : null,
					};
				},
			},
		},

		methods: {
			/**
			 * The takeout's one payment link: made by whichever request claims it first (bill, then link), found by
			 * the others once it is kept. A request that waits too long is told to retry (409), never given a second link.
			 */
			async takeoutLink(this: TakeoutThis, ctx: Ctx<unknown>, order: Order): Promise<TakeoutLink> {
				const claim = crypto.randomUUID();
				const until = Date.now() + LINK_WAIT_MS;
				for (;;) {
					const asked = await ctx.call<{ claimed: boolean; link: TakeoutLink | null }, object>("order.claimTakeoutLink", {
						orderId: order.id,
						claim,
					});
					if (asked.link) return asked.link;
					if (asked.claimed) break;
					if (Date.now() > until)
						throw CommonErrors.conflict("IDEMPOTENCY_KEY_IN_USE", "This takeout's payment link is still being made; retry");
					await new Promise(r => setTimeout(r, 200));
				}
				try {
					const billId = await this.asPublicPage<Bill>(ctx, "billing.create", { orderId: order.id }).then(
						bill => bill.id,
						(err: { type?: string; data?: { openBillIds?: string[] } }) => {
							// Billed by an earlier attempt that made no link (it failed or its node went away): that bill is the one.
							const open = err?.type === "NOTHING_TO_BILL" ? err.data?.openBillIds?.[0] : undefined;
							if (!open) throw err;
							return open;
						},
					);
					const { publicUrl } = runtimeOf(this.broker).config;
					const start = () =>
						this.asPublicPage<{ paymentId: string; url: string; amountCents: number; tipCents: number }>(
							ctx,
							"billing.startLinkPayment",
							{
								billId,
								share: "whole",
								payer: { kind: "takeout", id: order.id },
								returnUrl: `${publicUrl}/takeout/?order=${order.id}`,
							},
						);
					const link = await start().catch(async (err: { type?: string }) => {
						if (err?.type !== "NOTHING_TO_PAY") throw err;
						// An earlier attempt's link holds the bill (the provider did not answer it, or its node went away): nobody
						// got it, as this request holds the claim and none was kept. It is closed, and this one made instead.
						await this.closeOrphanLinks(ctx, billId);
						return start();
					});
					return await ctx.call<TakeoutLink, object>("order.setTakeoutLink", {
						orderId: order.id,
						claim,
						billId,
						paymentId: link.paymentId,
						paymentUrl: link.url,
						amountCents: link.amountCents + (link.tipCents ?? 0),
					});
				} catch (err) {
					// Not made: the guest's retry (the same key) may try again at once rather than wait for the claim to lapse.
					await ctx
						.call("order.releaseTakeoutLink", { orderId: order.id, claim })
						.catch(releaseErr =>
							this.logger.warn({ orderId: order.id, releaseErr }, "Could not release a takeout's link claim; it lapses"),
						);
					throw err;
				}
			},

			async closeOrphanLinks(this: TakeoutThis, ctx: Ctx<unknown>, billId: string): Promise<void> {
				const bill = await ctx.call<Bill, { id: string }>("billing.get", { id: billId });
				for (const p of bill.payments ?? [])
					if (p.method === "link" && p.status === "pending") await ctx.call("billing.cancelPaymentLink", { id: p.id });
			},

			/** Billing keeps who made a bill and asks for a caller: the public page is one, never a signed-in user. */
			async asPublicPage<T>(this: TakeoutThis, ctx: Ctx<unknown>, action: string, params: object): Promise<T> {
				const before = ctx.meta.user;
				try {
					return await ctx.call<T, object>(action, params, { meta: { user: PUBLIC_PAGE_CALLER } });
				} finally {
					// Moleculer merges a call's meta back into the caller's: the gateway must not see a user here.
					ctx.meta.user = before;
				}
			},
		},

		created(this: TakeoutThis) {
			this.takeoutBudget = new RateBudget(runtimeOf(this.broker).config, "takeout-ip", TAKEOUTS_PER_IP, TAKEOUT_WINDOW_SECONDS);
		},

		async stopped(this: TakeoutThis) {
			await this.takeoutBudget?.close();
		},
	};
	return schema as Partial<ServiceSchema>;
}
