// The order's side of a bill: billing takes a table's served orders (or one takeout or tab) onto a bill, and once
// the bill is settled its orders are paid and the table hears whether anything is left open on it. Mixed into the
// order service.
import type { Knex } from "knex";
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Trx } from "../../lib/db";
import {
	BILLING_EVENTS,
	CommonErrors,
	ORDER_EVENTS,
	type BillReopened,
	type BillSettled,
	type EventContext,
	type Order,
} from "../../contracts";
import { assertOpen, assertServed } from "./rules";
import * as repo from "./repository";
import type { Ctx, OrderThis } from "./order-this";
import type { TakeoutMethods } from "./takeout.mixin";

export interface BillMethods {
	markPaid(trx: Trx, settled: BillSettled, at: Date): Promise<void>;
	markReopened(trx: Trx, reopened: BillReopened, at: Date): Promise<void>;
}

/** When each order went onto its bill (or was billed again by a reopen), in ms. */
async function billedTimes(t: (name: string) => Knex.QueryBuilder, orders: Order[]): Promise<Map<string, number>> {
	if (!orders.length) return new Map();
	const rows: { id: string; billed_at: Date | string | null }[] = await t("orders")
		.whereIn(
			"id",
			orders.map(o => o.id),
		)
		.select("id", "billed_at");
	return new Map(rows.map(r => [r.id, r.billed_at ? new Date(r.billed_at).getTime() : 0]));
}

export function BillMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, OrderThis & BillMethods & TakeoutMethods>> = {
		channels: {
			// The bill is paid: its orders are paid, and the table is told whether anything is left open on it.
			[BILLING_EVENTS.settled]: {
				group: "order",
				context: true,
				async handler(this: OrderThis & BillMethods, ctx: EventContext<"bill.settled">) {
					await this.handleOnce(ctx.params, trx => this.markPaid(trx, ctx.params.data, new Date(ctx.params.at)));
				},
			},
			// A takeout's payment link failed or expired unpaid: the takeout is cancelled (takeout.mixin.ts). Here because a
			// service's channels come from one mixin (moleculer keeps one mixin's `channels`, not their union).
			[BILLING_EVENTS.updated]: {
				group: "order",
				context: true,
				async handler(this: OrderThis & BillMethods & TakeoutMethods, ctx: EventContext<"bill.updated">) {
					if (ctx.params.data.change !== "payment_failed") return;
					await this.handleOnce(ctx.params, trx => this.cancelUnpaidTakeouts(trx, ctx.params.data));
				},
			},
			// A paid bill is open again: its orders are billed (unpaid) again; the table is left as it is.
			[BILLING_EVENTS.reopened]: {
				group: "order",
				context: true,
				async handler(this: OrderThis & BillMethods, ctx: EventContext<"bill.reopened">) {
					await this.handleOnce(ctx.params, trx => this.markReopened(trx, ctx.params.data, new Date(ctx.params.at)));
				},
			},
		},

		actions: {
			/**
			 * Billing takes the table's open orders (or, for a takeout or a tab, the one order `orderId`) onto bill
			 * `billId`: they become `billed` and can no longer change. Every live item must have been served. Calling
			 * again with the same bill id returns the same orders. Not on HTTP: POST /billing/bills calls it.
			 */
			bill: {
				visibility: "public",
				params: { tableId: { type: "uuid", optional: true }, orderId: { type: "uuid", optional: true }, billId: "uuid" },
				async handler(this: OrderThis, ctx: Ctx<{ tableId?: string; orderId?: string; billId: string }>): Promise<Order[]> {
					const { tableId, orderId, billId } = ctx.params;
					if (!tableId === !orderId)
						throw CommonErrors.invalidField(
							tableId ? "orderId" : "tableId",
							"required",
							"Bill a table (tableId) or one order (orderId), not both",
						);
					return this.transaction(async trx => {
						const already = await repo.ofBill(this.tables(trx), billId);
						if (already.length) return already;
						const one = orderId ? await this.lockOrder(trx, orderId) : undefined;
						const open = one
							? [one].filter(o => o.status !== "billed")
							: await repo.openOrdersOfTable(this.tables(trx), tableId!);
						// Nothing open once the lock was ours: a twin request with this bill id may have just billed them.
						if (!open.length) {
							const twin = await repo.ofBill(this.tables(trx), billId);
							// Not the twin's: the order went onto another bill (409 ORDER_CLOSED).
							if (one && !twin.length) assertOpen(one);
							return twin;
						}
						open.forEach(assertOpen);
						// A takeout from the public page is paid before it is cooked: billed as ordered, unserved.
						open.filter(o => o.awaitingPayment !== true).forEach(assertServed);
						const billed: Order[] = [];
						for (const locked of open) {
							const order = await repo.touch(this.tables(trx), locked, "billed", { billId });
							await this.recordEvent(trx, ORDER_EVENTS.updated, {
								order,
								change: "billed",
								itemIds: [],
								billId,
								by: ctx.meta.user?.id ?? null,
							});
							billed.push(order);
						}
						return billed;
					});
				},
			},
		},

		methods: {
			/**
			 * The bill is paid: its billed orders become paid. A redelivery, or an order already paid, changes nothing;
			 * nor does a settle recorded before the bill was reopened arriving late (the reopen stamped the orders
			 * billed at its own time, after this settle's). A reopened bill's orders paid again leave the table as it is.
			 */
			async markPaid(this: OrderThis & TakeoutMethods, trx: Trx, settled: BillSettled, at: Date): Promise<void> {
				const onBill = await repo.ofBill(this.tables(trx), settled.billId, true);
				const billedAt = await billedTimes(this.tables(trx), onBill);
				const orders = onBill.filter(o => o.status === "billed" && !((billedAt.get(o.id) ?? 0) > at.getTime()));
				// Paid once already: a reopened bill's orders, whose guests left when it was first paid (the table
				// may have a new party, seated or not yet ordering). Paying them again frees no table.
				const paidOnce = await repo.paidOnce(
					this.tables(trx),
					orders.map(o => o.id),
				);
				const paidAt = new Date();
				for (const locked of orders) {
					const order = await repo.touch(this.tables(trx), locked, "paid", { paidAt });
					const tableClear =
						!paidOnce.has(order.id) &&
						(await this.tableClear(
							trx,
							order,
							orders.map(o => o.id),
						));
					await this.recordEvent(trx, ORDER_EVENTS.updated, { order, change: "paid", itemIds: [], tableClear, by: settled.by });
					// A takeout paid by its link: the kitchen gets it now (takeout.mixin.ts).
					if (locked.awaitingPayment) await this.fireTakeout(trx, order);
				}
			},

			/**
			 * The bill was reopened at `at`: its orders are billed again, stamped billed at that time, so a settle
			 * recorded before the reopen (delivered late) pays nothing. An order already billed (its settle not seen
			 * yet) is stamped too; a redelivery changes nothing.
			 */
			async markReopened(this: OrderThis, trx: Trx, reopened: BillReopened, at: Date): Promise<void> {
				const onBill = await repo.ofBill(this.tables(trx), reopened.saleId, true);
				const billedAt = await billedTimes(this.tables(trx), onBill);
				const orders = onBill.filter(
					o => (o.status === "paid" || o.status === "billed") && !((billedAt.get(o.id) ?? 0) >= at.getTime()),
				);
				for (const locked of orders) {
					const order = await repo.touch(this.tables(trx), locked, "billed", { billId: reopened.saleId, billedAt: at });
					await this.recordEvent(trx, ORDER_EVENTS.updated, {
						order,
						change: "reopened",
						itemIds: [],
						billId: reopened.saleId,
						reason: reopened.reason,
						by: reopened.by,
					});
				}
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
