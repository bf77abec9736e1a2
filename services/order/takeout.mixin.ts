// Takeouts ordered from the public page: placed with every line held from the kitchen, billed at once so the guest
// can pay by link, fired whole once the bill is paid (bill.mixin's markPaid calls fireTakeout in its transaction),
// and cancelled, its portions given back, when the link fails or expires unpaid (bill.mixin's bill.updated calls
// cancelUnpaidTakeouts). Not on HTTP: the guest service's POST /public/takeout calls these. Mixed into the order
// service.
import crypto from "node:crypto";
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Knex } from "knex";
import { isUniqueViolation, type Trx } from "../../lib/db";
import { roundLines } from "../../lib/params";
import {
	CommonErrors,
	GUEST_ROUND_LIMITS,
	ORDER_EVENTS,
	OrderErrors,
	PUBLIC_PAGE_ID,
	type BillUpdated,
	type Order,
	type TakeoutLink,
} from "../../contracts";
import { returnedByCancel } from "./line-changes";
import { pickupAt } from "./params";
import type { LineInput } from "./pricing";
import * as repo from "./repository";
import { assertPhone, assertTakeoutPickup, cancelsOnFailure, mayClaimLink, nameBasedId, takeoutCourse } from "./takeout";
import type { Ctx, OrderThis } from "./order-this";

export interface PlaceTakeoutParams {
	/** The caller's Idempotency-Key: the same key (and body) places the same takeout. */
	key?: string;
	requestHash: string;
	name: string;
	phone: string;
	pickupAt: string;
	notes?: string;
	items: LineInput[];
}

export interface TakeoutMethods {
	/** A paid takeout: every held line goes to the kitchen, in the transaction that marked it paid. */
	fireTakeout(trx: Trx, paid: Order): Promise<void>;
	/** A takeout's link failed unpaid: the takeout is cancelled, its portions back. */
	cancelUnpaidTakeouts(trx: Trx, updated: BillUpdated): Promise<void>;
	takeoutRow(trx?: Trx, orderId?: string, lock?: boolean): Promise<TakeoutRow | undefined>;
}

interface TakeoutRow {
	order_id: string;
	request_hash: string;
	bill_id: string | null;
	payment_id: string | null;
	payment_url: string | null;
	amount_cents: number | null;
	link_claim: string | null;
	link_claimed_at: Date | string | null;
}

type This = OrderThis & TakeoutMethods;
const takeouts = (t: (name: string) => Knex.QueryBuilder) => t("takeouts");
const linkOf = (row: TakeoutRow): TakeoutLink | null =>
	row.payment_id && row.payment_url && row.bill_id
		? { billId: row.bill_id, paymentId: row.payment_id, paymentUrl: row.payment_url, amountCents: row.amount_cents ?? 0 }
		: null;

export function TakeoutMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, This>> = {
		actions: {
			/**
			 * A takeout from the public page: priced from the menu, its portions held, every line held from the kitchen
			 * until its bill is paid. With `key`, the same key and body return the same takeout (a double tap, a retry);
			 * the same key with another body is a 409. Returns the order and its payment link once one was made.
			 */
			placeTakeout: {
				visibility: "public",
				params: {
					key: { type: "string", max: 200, optional: true },
					requestHash: { type: "string", length: 64 },
					name: { type: "string", trim: true, min: 1, max: 60 },
					phone: { type: "string", trim: true, min: 7, max: 32 },
					pickupAt: { ...pickupAt, optional: false, nullable: false },
					notes: { type: "string", trim: true, max: 500, optional: true },
					// A public page: a guest's limits (GUEST_ROUND_LIMITS), not a waiter's.
					items: roundLines(GUEST_ROUND_LIMITS),
				},
				async handler(this: This, ctx: Ctx<PlaceTakeoutParams>): Promise<{ order: Order; link: TakeoutLink | null }> {
					const p = ctx.params;
					const phone = assertPhone(p.phone);
					assertTakeoutPickup(p.pickupAt, new Date());
					const orderId = p.key ? nameBasedId("takeout", p.key) : crypto.randomUUID();
					const replay = async (): Promise<{ order: Order; link: TakeoutLink | null } | undefined> => {
						const row = await this.takeoutRow(undefined, orderId);
						if (!row) return undefined;
						if (row.request_hash !== p.requestHash)
							throw CommonErrors.conflict(
								"IDEMPOTENCY_KEY_REUSED",
								"This Idempotency-Key was used for a different request; use a new key",
							);
						return { order: await this.mustFind(orderId), link: linkOf(row) };
					};
					const first = await replay();
					if (first) return first;
					const priced = await this.priceLines(ctx, p.items);
					// The hold's id follows the key too: a racing twin asks the menu for the same hold, taken once.
					const holdId = await this.holdPortions(ctx, priced.countdown, () =>
						p.key ? nameBasedId("takeout-hold", p.key) : crypto.randomUUID(),
					);
					try {
						const order = await this.transaction(async trx => {
							const order = await repo.insert(
								this.tables(trx),
								{
									id: orderId,
									type: "takeout",
									tableId: null,
									tableName: null,
									name: p.name,
									pickupAt: new Date(p.pickupAt).toISOString(),
									covers: null,
									// Nothing fired: every line waits for the payment.
									firedCourse: 0,
									notes: p.notes ?? "",
									createdBy: PUBLIC_PAGE_ID,
									phone,
									prepaid: true,
								},
								priced.items.map(i => ({ ...i, held: true })),
								new Date(),
							);
							await takeouts(this.tables(trx)).insert({ order_id: orderId, request_hash: p.requestHash });
							await this.recordEvent(trx, ORDER_EVENTS.placed, { order, by: PUBLIC_PAGE_ID, ...(holdId && { holdId }) });
							return order;
						});
						return { order, link: null };
					} catch (err) {
						// A twin with the same key placed it first: its answer is ours (and the hold is its, not ours to give back).
						if (p.key && isUniqueViolation(err)) {
							const twin = await replay();
							if (twin) return twin;
						}
						await this.releaseHold(ctx, holdId, err);
						throw err;
					}
				},
			},

			/**
			 * Asks to make the takeout's payment link: `{link}` when it exists already, `{claimed: true}` when this
			 * caller (`claim`) is now the one to make it, `{claimed: false}` while another request is making it.
			 */
			claimTakeoutLink: {
				visibility: "public",
				params: { orderId: "uuid", claim: "uuid" },
				async handler(
					this: This,
					ctx: Ctx<{ orderId: string; claim: string }>,
				): Promise<{ claimed: boolean; link: TakeoutLink | null }> {
					return this.transaction(async trx => {
						const row = await this.takeoutRow(trx, ctx.params.orderId, true);
						if (!row) throw OrderErrors.notFound(ctx.params.orderId);
						const link = linkOf(row);
						const now = new Date();
						const claimedAt = row.link_claimed_at ? new Date(row.link_claimed_at) : null;
						if (!mayClaimLink({ claimedAt, hasLink: !!link }, now)) return { claimed: false, link };
						await takeouts(this.tables(trx))
							.where({ order_id: row.order_id })
							.update({ link_claim: ctx.params.claim, link_claimed_at: now });
						return { claimed: true, link: null };
					});
				},
			},

			/** The link the claimant made: kept once (a later one for the same takeout changes nothing); returns the kept one. */
			setTakeoutLink: {
				visibility: "public",
				params: {
					orderId: "uuid",
					claim: "uuid",
					billId: "uuid",
					paymentId: { type: "string", max: 100 },
					paymentUrl: { type: "string", max: 2000 },
					amountCents: { type: "number", integer: true, min: 0 },
				},
				async handler(
					this: This,
					ctx: Ctx<{
						orderId: string;
						claim: string;
						billId: string;
						paymentId: string;
						paymentUrl: string;
						amountCents: number;
					}>,
				): Promise<TakeoutLink> {
					const { orderId, billId, paymentId, paymentUrl, amountCents } = ctx.params;
					return this.transaction(async trx => {
						const row = await this.takeoutRow(trx, orderId, true);
						if (!row) throw OrderErrors.notFound(orderId);
						const kept = linkOf(row);
						if (kept) return kept;
						await takeouts(this.tables(trx))
							.where({ order_id: orderId })
							.update({ bill_id: billId, payment_id: paymentId, payment_url: paymentUrl, amount_cents: amountCents });
						return { billId, paymentId, paymentUrl, amountCents };
					});
				},
			},

			/** The claimant could not make the link (billing or the provider refused): the next request may try at once. */
			releaseTakeoutLink: {
				visibility: "public",
				params: { orderId: "uuid", claim: "uuid" },
				async handler(this: This, ctx: Ctx<{ orderId: string; claim: string }>): Promise<void> {
					await takeouts(this.tables())
						.where({ order_id: ctx.params.orderId, link_claim: ctx.params.claim })
						.whereNull("payment_id")
						.update({ link_claim: null, link_claimed_at: null });
				},
			},

			/** A takeout and its link, for the public page's return (404 for any order that is not a public takeout). */
			takeout: {
				visibility: "public",
				params: { id: "uuid" },
				async handler(this: This, ctx: Ctx<{ id: string }>): Promise<{ order: Order; link: TakeoutLink | null }> {
					const row = await this.takeoutRow(undefined, ctx.params.id);
					if (!row) throw OrderErrors.notFound(ctx.params.id);
					return { order: await this.mustFind(ctx.params.id), link: linkOf(row) };
				},
			},
		},

		methods: {
			/**
			 * A takeout's payment link failed or expired unpaid (bill.updated payment_failed, consumed in bill.mixin.ts:
			 * a service's channels come from one mixin): the takeout is cancelled and its portions go back. Only for
			 * that very payment, and only while the takeout waits for it; a redelivery changes nothing.
			 */
			async cancelUnpaidTakeouts(this: This, trx: Trx, updated: BillUpdated): Promise<void> {
				const { bill, change, payment } = updated;
				if (change !== "payment_failed" || !bill.orderIds?.length) return;
				for (const orderId of bill.orderIds) {
					const row = await this.takeoutRow(trx, orderId);
					if (!row) continue;
					const order = await this.lockOrder(trx, orderId);
					if (!cancelsOnFailure(order, row.payment_id, payment?.id)) continue;
					const live = order.items.filter(i => i.status !== "voided").map(i => i.id);
					const returned = returnedByCancel(order.items);
					const reason = "The payment link expired or failed unpaid";
					await repo.setItems(this.tables(trx), live, { status: "voided", voidReason: reason, voidedBy: null });
					await this.settle(trx, order, {
						change: "cancelled",
						status: "cancelled",
						itemIds: live,
						// Billing voids the takeout's bill on this (nothing was paid on it).
						...(row.bill_id && { billId: row.bill_id }),
						...(returned.length > 0 && { returned }),
						reason,
						by: null,
					});
				}
			},

			async takeoutRow(this: This, trx?: Trx, orderId?: string, lock = false): Promise<TakeoutRow | undefined> {
				const q = takeouts(this.tables(trx)).where({ order_id: orderId }).first();
				return lock ? q.forUpdate() : q;
			},

			async fireTakeout(this: This, trx: Trx, paid: Order): Promise<void> {
				if (paid.awaitingPayment === undefined) return;
				const course = takeoutCourse(paid.items);
				// The kitchen gets it now: every held line, as a fire nobody on the floor tapped.
				if (course !== null) await this.fireCourse(trx, paid, course, null);
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
