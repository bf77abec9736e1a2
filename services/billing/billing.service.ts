// Billing: a table's served orders become a bill, priced as ordered, with tax and service charge by the one
// rounding rule (lib/money.ts). Bills split evenly or by items, to the cent; admins discount and refund with a
// reason; payments (cash, or card through a provider) never exceed what is left to pay, even when two
// tablets pay at once. When a bill — or every part of a split one — is paid, `bill.settled` pays its orders
// and frees the table.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { IdempotencyMixin, type IdempotencyMethods } from "../../mixins/idempotency.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import { billAmounts, percentOf, splitAmounts, type Rates } from "../../lib/money";
import {
	BILLING_EVENTS,
	BILL_STATUSES,
	BillingErrors,
	CommonErrors,
	type Bill,
	type BillChange,
	type BillLine,
	type BillStatus,
	type BillUpdated,
	type EventContext,
	type GatewayMeta,
	type Order,
	type Payment,
	type Refund,
} from "../../contracts";
import { cardProvider, cashDrawer, type ChargeResult, type PaymentProvider, type RefundResult } from "./providers";
import * as repo from "./repository";

type BillingThis = Service &
	DbMethods &
	IdempotencyMethods &
	BillingMethods & { rates: Rates; currency: string; card: PaymentProvider; sweepTimer?: NodeJS.Timeout };
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const FLOOR = ["staff", "admin"] as const;
const MAX_CENTS = 10_000_000;
const cents = (min: number) => ({ type: "number", integer: true, min, max: MAX_CENTS, convert: false }) as const;
const reason = { type: "string", trim: true, min: 1, max: 200 } as const;
/** A card payment the provider has not answered after this long is asked about again. */
const PENDING_RECHECK_SECONDS = 30;

const BillingService: ServiceSchema<ServiceSettingSchema, BillingThis> = {
	name: "billing",
	mixins: [DbMixin("billing", SCHEMAS.billing), IdempotencyMixin()],
	settings: {
		rest: "/billing",
	},

	channels: {
		// The order service billed orders onto a bill: make sure the bill exists. The request that billed them
		// normally wrote it already; this covers a crash between the two writes.
		"order.updated": {
			group: "billing",
			context: true,
			async handler(this: BillingThis, ctx: EventContext<"order.updated">) {
				const { order, change, billId, by } = ctx.params.data;
				if (change !== "billed" || !billId) return;
				await this.handleOnce(ctx.params, trx => this.writeBill(trx, billId, [order], by));
			},
		},
	},

	actions: {
		create: {
			rest: "POST /bills",
			access: FLOOR,
			params: { $$strict: "remove", tableId: "uuid" },
			async handler(this: BillingThis, ctx: Ctx<{ tableId: string }>): Promise<Bill> {
				const { tableId } = ctx.params;
				const by = ctx.meta.user?.id ?? null;
				const scope = `bill:${tableId}`;
				const billId = this.resultIdFor(ctx, scope);
				const bill = await this.idempotent<Bill>(ctx, {
					scope,
					resultId: billId,
					load: id => this.mustFind(id),
					prepare: async () => {
						// Outside the transaction: the order service closes the orders under its own lock first.
						const orders = await ctx.call<Order[], { tableId: string; billId: string }>("order.bill", { tableId, billId });
						if (!orders.length) throw BillingErrors.nothingToBill(tableId, await repo.openBillIdsOfTable(this.tables(), tableId));
						return trx => this.writeBill(trx, billId, orders, by);
					},
				});
				ctx.meta.$statusCode = 201;
				return bill;
			},
		},

		list: {
			rest: "GET /bills",
			access: FLOOR,
			params: {
				status: { type: "enum", values: [...BILL_STATUSES], optional: true },
				tableId: { type: "uuid", optional: true },
				limit: { type: "number", integer: true, min: 1, max: 500, optional: true, convert: true },
			},
			async handler(this: BillingThis, ctx: Ctx<{ status?: BillStatus; tableId?: string; limit?: number }>): Promise<Bill[]> {
				return repo.list(this.tables(), { ...ctx.params, limit: ctx.params.limit ?? 100 });
			},
		},

		get: {
			rest: "GET /bills/:id",
			access: FLOOR,
			params: { id: "uuid" },
			async handler(this: BillingThis, ctx: Ctx<{ id: string }>): Promise<Bill> {
				return this.mustFind(ctx.params.id);
			},
		},

		split: {
			rest: "POST /bills/:id/split",
			access: FLOOR,
			params: {
				$$strict: "remove",
				id: "uuid",
				mode: { type: "enum", values: ["even", "items"] },
				parts: { type: "number", integer: true, min: 2, max: 20, optional: true, convert: false },
				groups: { type: "array", min: 1, max: 20, optional: true, items: { type: "array", min: 1, max: 200, items: "uuid" } },
			},
			async handler(this: BillingThis, ctx: Ctx<{ id: string; mode: "even" | "items"; parts?: number; groups?: string[][] }>): Promise<Bill[]> {
				const { id, mode, parts, groups } = ctx.params;
				if (mode === "even" && parts == null) throw fieldError("parts", "required", "An even split needs 'parts' (2 to 20)");
				if (mode === "items" && groups == null) throw fieldError("groups", "required", "A split by items needs 'groups': arrays of line ids");
				return this.transaction(async trx => {
					const bill = await this.lockOpen(trx, id);
					if (bill.parentId) throw BillingErrors.splitPart(bill.id);
					if (bill.paidCents > 0 || bill.pendingCents > 0) throw BillingErrors.hasPayments(bill.id);
					const lineGroups = mode === "even" ? Array.from({ length: parts! }, () => [] as BillLine[]) : groupLines(bill, groups!);
					const weights = mode === "even" ? lineGroups.map(() => 1) : lineGroups.map(g => g.reduce((s, l) => s + l.amountCents, 0));
					const amounts = splitAmounts(bill, weights);
					const by = ctx.meta.user?.id ?? null;
					await repo.update(this.tables(trx), bill, { status: "void" });
					const made: Bill[] = [];
					for (const [i, lines] of lineGroups.entries()) {
						const partId = crypto.randomUUID();
						await repo.insert(this.tables(trx), {
							id: partId,
							parentId: bill.id,
							tableId: bill.tableId,
							tableName: bill.tableName,
							orderIds: bill.orderIds,
							split: { mode, part: i + 1, parts: lineGroups.length },
							amounts: amounts[i],
							createdBy: by,
							lines,
						});
						made.push(await this.recordChange(trx, partId, { change: "created", by }));
					}
					await this.recordChange(trx, bill.id, { change: "split", by });
					// Only once every part exists, so the last one paid can see whether the whole bill is settled.
					for (const [i, part] of made.entries()) made[i] = await this.paidIfCovered(trx, part, by);
					return made;
				});
			},
		},

		discount: {
			rest: "POST /bills/:id/discount",
			access: ["admin"],
			params: {
				$$strict: "remove",
				id: "uuid",
				percent: { type: "number", min: 0, max: 100, optional: true, convert: false },
				amountCents: { ...cents(0), optional: true },
				reason,
			},
			async handler(this: BillingThis, ctx: Ctx<{ id: string; percent?: number; amountCents?: number; reason: string }>): Promise<Bill> {
				const { id, percent, amountCents, reason } = ctx.params;
				if ((percent == null) === (amountCents == null)) {
					throw fieldError("percent", "required", "Send either 'percent' or 'amountCents', not both");
				}
				if (percent != null && !/^\d{1,3}(\.\d{1,4})?$/.test(String(percent))) {
					throw fieldError("percent", "number", "The 'percent' field may have at most 4 decimals");
				}
				return this.transaction(async trx => {
					const bill = await this.lockOpen(trx, id);
					const discount = percent != null ? percentOf(bill.subtotalCents, percent) : amountCents!;
					if (discount > bill.subtotalCents) throw BillingErrors.discountTooLarge(bill.subtotalCents);
					const a = billAmounts(bill.subtotalCents, discount, this.rates);
					if (a.totalCents < bill.paidCents + bill.pendingCents) throw BillingErrors.discountBelowPaid(bill.id, bill.paidCents + bill.pendingCents);
					await repo.update(this.tables(trx), bill, {
						discount_cents: a.discountCents,
						discount_reason: reason,
						service_charge_cents: a.serviceChargeCents,
						tax_cents: a.taxCents,
						total_cents: a.totalCents,
					});
					const by = ctx.meta.user?.id ?? null;
					// Discounted down to what was paid (a comp, when nothing was): paid, and staff devices hear bill:paid.
					return this.paidIfCovered(trx, await this.recordChange(trx, bill.id, { change: "discounted", reason, previousDiscountCents: bill.discountCents, by }), by);
				});
			},
		},

		pay: {
			rest: "POST /bills/:id/payments",
			access: FLOOR,
			params: {
				$$strict: "remove",
				id: "uuid",
				method: { type: "enum", values: ["cash", "card"] },
				amountCents: cents(1),
				// A tablet sending "tipCents": null means no tip (the one field where null says something).
				tipCents: { ...cents(0), optional: true, nullable: true },
				cardToken: { type: "string", trim: true, min: 1, max: 200, optional: true },
			},
			async handler(this: BillingThis, ctx: Ctx<{ id: string; method: "cash" | "card"; amountCents: number; tipCents?: number; cardToken?: string }>): Promise<Payment> {
				const { id, method, amountCents, cardToken } = ctx.params;
				const tipCents = ctx.params.tipCents ?? 0;
				const paymentId = crypto.randomUUID();
				const provider = this.providerFor(method);
				const by = ctx.meta.user?.id ?? null;
				const reserved = await this.idempotent<Payment>(ctx, {
					scope: `pay:${id}`,
					resultId: paymentId,
					load: pid => this.mustFindPayment(pid),
					prepare: async () => async trx => {
						// The bill's row lock puts two tablets paying at once in line: the second sees the first's amount.
						const bill = await this.lockOpen(trx, id);
						if (amountCents > bill.balanceCents) throw BillingErrors.exceedsBalance(bill.id, bill.balanceCents);
						await repo.insertPayment(this.tables(trx), { id: paymentId, billId: bill.id, method, amountCents, tipCents, provider: provider.name, createdBy: by });
						await repo.update(this.tables(trx), bill, { pending_cents: bill.pendingCents + amountCents });
						return (await repo.findPayment(this.tables(trx), paymentId))!;
					},
				});
				ctx.meta.$statusCode = 201;
				// A replay returns the first request's payment as it stands now.
				if (reserved.id !== paymentId) return reserved;
				let result: ChargeResult;
				try {
					result = await provider.charge({ idempotencyKey: paymentId, amountCents, tipCents, currency: this.currency, reference: id, cardToken: cardToken ?? undefined });
				} catch (err) {
					this.logger.warn({ err, paymentId }, "The card provider did not answer; the payment stays pending");
					throw BillingErrors.providerUnavailable(paymentId);
				}
				const payment = await this.finishPayment(paymentId, result, by);
				if (payment.status === "failed") throw BillingErrors.declined(payment.id, payment.failureReason ?? "Declined");
				return payment;
			},
		},

		refund: {
			rest: "POST /payments/:id/refund",
			access: ["admin"],
			params: { $$strict: "remove", id: "uuid", amountCents: { ...cents(1), optional: true }, reason },
			async handler(this: BillingThis, ctx: Ctx<{ id: string; amountCents?: number; reason: string }>): Promise<Payment> {
				const { id, reason } = ctx.params;
				const by = ctx.meta.user?.id ?? null;
				const refundId = crypto.randomUUID();
				const started = await this.idempotent<Payment>(ctx, {
					scope: `refund:${id}`,
					resultId: refundId,
					load: async rid => this.mustFindPayment((await repo.paymentOfRefund(this.tables(), rid)) ?? id),
					prepare: async () => async trx => {
						const payment = await repo.findPayment(this.tables(trx), id, true);
						if (!payment) throw BillingErrors.paymentNotFound(id);
						if (payment.status !== "captured") throw BillingErrors.notCaptured(id, payment.status);
						const refundable = payment.amountCents - payment.refundedCents;
						const amount = ctx.params.amountCents ?? refundable;
						if (amount > refundable || amount === 0) throw BillingErrors.refundExceedsPayment(id, refundable);
						await repo.insertRefund(this.tables(trx), { id: refundId, paymentId: id, amountCents: amount, reason, createdBy: by });
						// Held against the payment now, so two refunds at once cannot give back more than was taken.
						await repo.setPayment(this.tables(trx), id, { refunded_cents: payment.refundedCents + amount });
						return (await repo.findPayment(this.tables(trx), id))!;
					},
				});
				const refund = started.refunds.find(r => r.id === refundId);
				if (!refund) return started; // a replay
				const provider = this.providerFor(started.method);
				let result;
				try {
					result = await provider.refund({ idempotencyKey: refundId, providerRef: started.providerRef, amountCents: refund.amountCents, currency: this.currency });
				} catch (err) {
					// No answer is not a no: the refund stays pending (its amount held) until the sweeper learns the outcome.
					this.logger.warn({ err, refundId }, "The card provider did not answer a refund; it stays pending");
					throw BillingErrors.refundPending(started.id, refundId);
				}
				return this.finishRefund(started.id, refundId, result.status === "refunded" ? { providerRef: result.providerRef } : { failed: result.reason }, by);
			},
		},
	},

	methods: {
		async mustFind(this: BillingThis, id: string): Promise<Bill> {
			const bill = await repo.find(this.tables(), id);
			if (!bill) throw BillingErrors.billNotFound(id);
			return bill;
		},

		async mustFindPayment(this: BillingThis, id: string): Promise<Payment> {
			const payment = await repo.findPayment(this.tables(), id);
			if (!payment) throw BillingErrors.paymentNotFound(id);
			return payment;
		},

		async lockOpen(this: BillingThis, trx: Trx, id: string): Promise<Bill> {
			const bill = await repo.find(this.tables(trx), id, true);
			if (!bill) throw BillingErrors.billNotFound(id);
			if (bill.status !== "open") throw BillingErrors.notOpen(bill.id, bill.status);
			return bill;
		},

		/** Writes bill `id` from the orders billed onto it, once: a second call (a retry, the recovery path) returns it. */
		async writeBill(this: BillingThis, trx: Trx, id: string, orders: Order[], by: string | null): Promise<Bill> {
			const lines: BillLine[] = orders.flatMap(o =>
				o.items.filter(i => i.status !== "voided").map(i => ({
					id: i.id,
					orderId: o.id,
					menuItemId: i.menuItemId,
					name: i.name,
					quantity: i.quantity,
					unitPriceCents: i.unitPriceCents,
					amountCents: i.quantity * i.unitPriceCents,
					// Whoever took the line; a `billed` event recorded before lines carried it names only the opener.
					waiterId: i.takenBy ?? o.createdBy,
				})),
			);
			const subtotal = lines.reduce((s, l) => s + l.amountCents, 0);
			const inserted = await repo.insert(this.tables(trx), {
				id,
				tableId: orders[0].tableId,
				tableName: orders[0].tableName,
				orderIds: orders.map(o => o.id),
				amounts: billAmounts(subtotal, 0, this.rates),
				createdBy: by,
				lines,
			});
			if (!inserted) return (await repo.find(this.tables(trx), id))!;
			// Every line free: nothing to pay, so the bill is paid as it is made.
			return this.paidIfCovered(trx, await this.recordChange(trx, id, { change: "created", by }), by);
		},

		/**
		 * A bill whose payments already cover it is paid: one with nothing to pay (free lines, a cent split four
		 * ways) as it is made, and one discounted down to what was paid (a comp, when nothing was).
		 */
		async paidIfCovered(this: BillingThis, trx: Trx, bill: Bill, by: string | null): Promise<Bill> {
			if (bill.status !== "open" || bill.pendingCents > 0 || bill.paidCents !== bill.totalCents) return bill;
			await repo.update(this.tables(trx), bill, { status: "paid", paid_at: new Date() });
			const paid = await this.recordChange(trx, bill.id, { change: "paid", by });
			await this.afterPaid(trx, paid, by);
			return paid;
		},

		providerFor(this: BillingThis, method: Payment["method"]): PaymentProvider {
			return method === "card" ? this.card : cashDrawer;
		},

		/** Reads the bill as it now stands and records `bill.updated` with it. */
		async recordChange(this: BillingThis, trx: Trx, id: string, change: Omit<BillUpdated, "bill">): Promise<Bill> {
			const bill = (await repo.find(this.tables(trx), id))!;
			await this.recordEvent(trx, BILLING_EVENTS.updated, { bill, ...change });
			return bill;
		},

		/**
		 * The provider answered: a captured payment moves from pending to paid (and may pay the bill), a declined
		 * one frees its share of the balance. Runs once per payment, whoever gets there first (the request or the sweeper).
		 */
		async finishPayment(this: BillingThis, paymentId: string, result: ChargeResult, by: string | null): Promise<Payment> {
			return this.transaction(async trx => {
				const payment = (await repo.findPayment(this.tables(trx), paymentId, true))!;
				if (payment.status !== "pending") return payment;
				const bill = (await repo.find(this.tables(trx), payment.billId, true))!;
				if (result.status === "declined") {
					await repo.setPayment(this.tables(trx), paymentId, { status: "failed", failure_reason: result.reason });
					await repo.update(this.tables(trx), bill, { pending_cents: bill.pendingCents - payment.amountCents });
				} else {
					await repo.setPayment(this.tables(trx), paymentId, { status: "captured", provider_ref: result.providerRef, captured_at: new Date() });
					const paid = bill.paidCents + payment.amountCents;
					const settles = paid === bill.totalCents;
					await repo.update(this.tables(trx), bill, {
						pending_cents: bill.pendingCents - payment.amountCents,
						paid_cents: paid,
						tip_cents: bill.tipCents + payment.tipCents,
						...(settles && { status: "paid", paid_at: new Date() }),
					});
				}
				const done = (await repo.findPayment(this.tables(trx), paymentId))!;
				const change: BillChange = done.status === "failed" ? "payment_failed" : bill.paidCents + done.amountCents === bill.totalCents ? "paid" : "payment";
				const updated = await this.recordChange(trx, bill.id, { change, payment: done, by });
				if (change === "paid") await this.afterPaid(trx, updated, by);
				return done;
			});
		},

		/** The refund went through (or was refused): record it, or give the held amount back to the payment. */
		async finishRefund(this: BillingThis, paymentId: string, refundId: string, outcome: { providerRef: string | null } | { failed: string }, by: string | null): Promise<Payment> {
			const payment = await this.transaction(async trx => {
				const payment = (await repo.findPayment(this.tables(trx), paymentId, true))!;
				const refund = payment.refunds.find(r => r.id === refundId)!;
				if (refund.status !== "pending") return payment;
				if ("failed" in outcome) {
					await repo.setRefund(this.tables(trx), refundId, { status: "failed" });
					await repo.setPayment(this.tables(trx), paymentId, { refunded_cents: payment.refundedCents - refund.amountCents });
					return (await repo.findPayment(this.tables(trx), paymentId))!;
				}
				await repo.setRefund(this.tables(trx), refundId, { status: "done", provider_ref: outcome.providerRef });
				const bill = (await repo.find(this.tables(trx), payment.billId, true))!;
				// On an open bill the money given back is owed again; on a paid bill it is a refund after the sale.
				await repo.update(this.tables(trx), bill, bill.status === "open" ? { paid_cents: bill.paidCents - refund.amountCents } : { refunded_cents: bill.refundedCents + refund.amountCents });
				const done = (await repo.findPayment(this.tables(trx), paymentId))!;
				const updated = await this.recordChange(trx, bill.id, { change: "refunded", reason: refund.reason, payment: done, by });
				await this.recordEvent(trx, BILLING_EVENTS.refunded, { payment: done, refund: done.refunds.find(r => r.id === refundId)!, bill: updated, by });
				return done;
			});
			// Refused: the held amount went back to the payment (committed above); now say so.
			if ("failed" in outcome && payment.refunds.find(r => r.id === refundId)?.status === "failed") throw BillingErrors.refundRejected(paymentId, outcome.failed);
			return payment;
		},

		/**
		 * A bill was just paid. When it is a whole bill, or the last unpaid part of a split one, the sale is
		 * settled: `bill.settled` pays the orders (and so frees the table) and feeds the reports.
		 */
		async afterPaid(this: BillingThis, trx: Trx, bill: Bill, by: string | null): Promise<Bill> {
			let root = bill;
			let parts: Bill[] = [];
			if (bill.parentId) {
				// Locking the parent puts the parts' last payments in line: exactly one of them sees all parts paid.
				root = (await repo.find(this.tables(trx), bill.parentId, true))!;
				parts = await repo.partsOf(this.tables(trx), root.id);
				if (parts.some(p => p.status !== "paid")) return bill;
			}
			await repo.update(this.tables(trx), root, { settled_at: new Date() });
			await this.recordEvent(trx, BILLING_EVENTS.settled, { billId: root.id, tableId: root.tableId, orderIds: root.orderIds, by, bill: root, parts });
			return bill;
		},

		/**
		 * Payments and refunds left pending (a crash, a provider timeout): the provider is asked what became of
		 * each, by the key it was sent with. One it never received took or gave back nothing: it fails.
		 */
		async sweepPending(this: BillingThis): Promise<void> {
			const never = "The payment provider never received it";
			for (const { id, payment_id } of await repo.stalePendingRefunds(this.tables(), PENDING_RECHECK_SECONDS, 50)) {
				await this.sweepOne(id, async () => {
					const payment = (await repo.findPayment(this.tables(), payment_id))!;
					const answer = (await this.providerFor(payment.method).lookup(id)) as RefundResult | undefined;
					const outcome = answer?.status === "refunded" ? { providerRef: answer.providerRef } : { failed: answer?.status === "failed" ? answer.reason : never };
					await this.finishRefund(payment.id, id, outcome, null).catch(err => {
						if ((err as { type?: string }).type !== "REFUND_REJECTED") throw err;
					});
				});
			}
			for (const id of await repo.stalePendingPayments(this.tables(), PENDING_RECHECK_SECONDS, 50)) {
				await this.sweepOne(id, async () => {
					const payment = (await repo.findPayment(this.tables(), id))!;
					const answer = (await this.providerFor(payment.method).lookup(id)) as ChargeResult | undefined;
					await this.finishPayment(id, answer ?? { status: "declined", reason: never }, null);
				});
			}
		},

		/** One pending item; a provider that keeps failing on it must not hold up the ones behind it. */
		async sweepOne(this: BillingThis, id: string, settle: () => Promise<void>): Promise<void> {
			try {
				await settle();
				this.logger.info({ id }, "A pending payment or refund was settled by the sweeper");
			} catch (err) {
				this.logger.warn({ err, id }, "A pending payment or refund could not be settled yet");
			}
		},
	},

	created(this: BillingThis) {
		const config = runtimeOf(this.broker).config;
		this.rates = { taxPpm: config.taxRatePpm, serviceChargePpm: config.serviceChargeRatePpm };
		this.currency = config.currency;
		this.card = cardProvider(config.paymentProvider);
	},

	started(this: BillingThis) {
		this.sweepTimer = setInterval(() => {
			this.sweepPending().catch(err => this.logger.warn({ err }, "Checking pending payments failed; trying again shortly"));
		}, 10_000);
		this.sweepTimer.unref();
	},

	stopped(this: BillingThis) {
		clearInterval(this.sweepTimer);
	},
};

interface BillingMethods {
	mustFind(id: string): Promise<Bill>;
	mustFindPayment(id: string): Promise<Payment>;
	lockOpen(trx: Trx, id: string): Promise<Bill>;
	writeBill(trx: Trx, id: string, orders: Order[], by: string | null): Promise<Bill>;
	recordChange(trx: Trx, id: string, change: Omit<BillUpdated, "bill">): Promise<Bill>;
	finishPayment(paymentId: string, result: ChargeResult, by: string | null): Promise<Payment>;
	finishRefund(paymentId: string, refundId: string, outcome: { providerRef: string | null } | { failed: string }, by: string | null): Promise<Payment>;
	afterPaid(trx: Trx, bill: Bill, by: string | null): Promise<Bill>;
	paidIfCovered(trx: Trx, bill: Bill, by: string | null): Promise<Bill>;
	providerFor(method: Payment["method"]): PaymentProvider;
	sweepPending(): Promise<void>;
	sweepOne(id: string, settle: () => Promise<void>): Promise<void>;
}

/** The groups of a split by items: every line named at most once; lines named nowhere make one more part. */
function groupLines(bill: Bill, groups: string[][]): BillLine[][] {
	const byId = new Map(bill.lines.map(l => [l.id, l]));
	const seen = new Set<string>();
	const unknown: string[] = [];
	const twice: string[] = [];
	const out = groups.map(g =>
		g.flatMap(id => {
			if (!byId.has(id)) unknown.push(id);
			else if (seen.has(id)) twice.push(id);
			else {
				seen.add(id);
				return [byId.get(id)!];
			}
			return [];
		}),
	);
	if (unknown.length) throw fieldError("groups", "uuid", `Not lines of this bill: ${unknown.join(", ")}`);
	if (twice.length) throw fieldError("groups", "unique", `Named in more than one group: ${twice.join(", ")}`);
	const rest = bill.lines.filter(l => !seen.has(l.id));
	if (rest.length) out.push(rest);
	if (out.length < 2) throw fieldError("groups", "arrayMin", "A split needs at least two parts; leave some lines out or name a second group");
	return out;
}

const fieldError = CommonErrors.invalidField;

export default BillingService as unknown as ServiceSchema;
