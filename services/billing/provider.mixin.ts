// Money through the payment provider: a payment is reserved on its bill, then charged; a refund is held on its
// payment, then sent; what the provider answers (or never answers, which the sweeper asks about again) moves
// them on by the state machine in payments.ts. Mixed into the billing service, whose bill methods it uses.
import type { Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { DbMethods } from "../../mixins/db.mixin";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import { BILLING_EVENTS, BillingErrors, type Bill, type BillUpdated, type Payment, type Refund } from "../../contracts";
import {
	cashTendered,
	chargeOutcome,
	holdRefund,
	paymentOnBill,
	PENDING_RECHECK_SECONDS,
	refundAmount,
	refundOnBill,
	refundOutcome,
	reservePayment,
	settlePayment,
	settleRefund,
	type RefundOutcome,
} from "./payments";
import { cardProvider, cashDrawer, type ChargeResult, type PaymentProvider, type RefundResult } from "./providers";
import * as repo from "./repository";

/** What this mixin needs from the billing service it is mixed into. */
interface BillMethods {
	lockOpen(trx: Trx, id: string): Promise<Bill>;
	recordChange(trx: Trx, id: string, change: Omit<BillUpdated, "bill">): Promise<Bill>;
	afterPaid(trx: Trx, bill: Bill, by: string | null): Promise<Bill>;
	paidIfCovered(trx: Trx, bill: Bill, by: string | null): Promise<Bill>;
}

/** What it needs from the payment links mixin: a pending link asked about (links.mixin.ts). */
interface LinkMethods {
	checkLink(paymentId: string): Promise<void>;
}

type ProviderThis = Service &
	DbMethods &
	BillMethods &
	LinkMethods &
	ProviderMethods & { currency: string; card: PaymentProvider; sweepTimer?: NodeJS.Timeout };

/** A refund as asked for: without an amount it gives back all that is left of the payment. */
export type RefundRequest = Omit<repo.NewRefund, "amountCents"> & { amountCents?: number };

export interface ProviderMethods {
	providerFor(method: Payment["method"]): PaymentProvider;
	reserve(trx: Trx, payment: repo.NewPayment): Promise<Payment>;
	charge(payment: Payment, cardToken?: string): Promise<Payment>;
	finishPayment(paymentId: string, result: ChargeResult, by: string | null): Promise<Payment>;
	finishPaymentIn(trx: Trx, paymentId: string, result: ChargeResult, by: string | null): Promise<Payment>;
	startRefund(trx: Trx, request: RefundRequest): Promise<Payment>;
	sendRefund(payment: Payment, refund: Refund, by: string | null): Promise<Payment>;
	finishRefund(paymentId: string, refundId: string, outcome: RefundOutcome, by: string | null): Promise<Payment>;
	sweepPending(): Promise<void>;
	sweepOne(id: string, settle: () => Promise<void>): Promise<void>;
}

export function ProviderMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, ProviderThis>> = {
		methods: {
			providerFor(this: ProviderThis, method: Payment["method"]): PaymentProvider {
				return method === "cash" ? cashDrawer : this.card;
			},
			/** Writes the payment, pending, and holds its amount on the bill before the provider is asked. */
			async reserve(this: ProviderThis, trx: Trx, request: repo.NewPayment): Promise<Payment> {
				// The bill's row lock puts two tablets paying at once in line: the second sees the first's amount.
				const bill = await this.lockOpen(trx, request.billId);
				// Cash handed over: what it pays is known only now, against the balance as it stands under the lock.
				const payment =
					request.tenderedCents == null
						? request
						: {
								...request,
								...cashTendered(bill, {
									amountCents: request.amountCents || undefined,
									tipCents: request.tipCents,
									tenderedCents: request.tenderedCents,
								}),
							};
				const held = reservePayment(bill, payment.amountCents);
				await repo.insertPayment(this.tables(trx), payment);
				await repo.update(this.tables(trx), bill, held);
				return (await repo.findPayment(this.tables(trx), payment.id))!;
			},
			/** Asks the provider to take a reserved payment; no answer leaves it pending for the sweeper, a decline is a 402. */
			async charge(this: ProviderThis, payment: Payment, cardToken?: string): Promise<Payment> {
				let result: ChargeResult;
				try {
					result = await this.providerFor(payment.method).charge({
						idempotencyKey: payment.id,
						amountCents: payment.amountCents,
						tipCents: payment.tipCents,
						currency: this.currency,
						reference: payment.billId,
						cardToken,
					});
				} catch (err) {
					this.logger.warn({ err, paymentId: payment.id }, "The card provider did not answer; the payment stays pending");
					throw BillingErrors.providerUnavailable(payment.id);
				}
				const done = await this.finishPayment(payment.id, result, payment.createdBy);
				if (done.status === "failed") throw BillingErrors.declined(done.id, done.failureReason ?? "Declined");
				return done;
			},
			/**
			 * The provider answered: the payment moves from pending to captured or failed, and its bill with it
			 * (payments.ts). Runs once per payment, whoever gets there first (the request or the sweeper).
			 */
			async finishPayment(this: ProviderThis, paymentId: string, result: ChargeResult, by: string | null): Promise<Payment> {
				return this.transaction(trx => this.finishPaymentIn(trx, paymentId, result, by));
			},
			/** finishPayment inside a transaction the caller holds (a webhook records its event in the same one). */
			async finishPaymentIn(
				this: ProviderThis,
				trx: Trx,
				paymentId: string,
				result: ChargeResult,
				by: string | null,
			): Promise<Payment> {
				const payment = (await repo.findPayment(this.tables(trx), paymentId, true))!;
				if (payment.status !== "pending") return payment;
				const bill = (await repo.find(this.tables(trx), payment.billId, true))!;
				// Stamped once both rows are ours: a payment that waited for its bill's lock is captured when it got it.
				const now = new Date();
				const settled = settlePayment(payment, result, now)!;
				const { bill: billPatch, change } = paymentOnBill(bill, payment, settled.status, now);
				await repo.setPayment(this.tables(trx), paymentId, settled);
				await repo.update(this.tables(trx), bill, billPatch);
				const done = (await repo.findPayment(this.tables(trx), paymentId))!;
				const updated = await this.recordChange(trx, bill.id, { change, payment: done, by });
				if (change === "paid") await this.afterPaid(trx, updated, by);
				return done;
			},
			/** Writes the refund, pending, and holds its amount against the payment before the provider is asked. */
			async startRefund(this: ProviderThis, trx: Trx, request: RefundRequest): Promise<Payment> {
				const payment = await repo.findPayment(this.tables(trx), request.paymentId, true);
				if (!payment) throw BillingErrors.paymentNotFound(request.paymentId);
				const amountCents = refundAmount(payment, request.amountCents);
				await repo.insertRefund(this.tables(trx), { ...request, amountCents });
				await repo.setPayment(this.tables(trx), payment.id, holdRefund(payment, amountCents));
				return (await repo.findPayment(this.tables(trx), payment.id))!;
			},
			/** Asks the provider to give a held refund back and records its answer. */
			async sendRefund(this: ProviderThis, payment: Payment, refund: Refund, by: string | null): Promise<Payment> {
				let result: RefundResult;
				try {
					result = await this.providerFor(payment.method).refund({
						idempotencyKey: refund.id,
						providerRef: payment.providerRef,
						amountCents: refund.amountCents,
						currency: this.currency,
					});
				} catch (err) {
					// No answer is not a no: the refund stays pending (its amount held) until the sweeper learns the outcome.
					this.logger.warn({ err, refundId: refund.id }, "The card provider did not answer a refund; it stays pending");
					throw BillingErrors.refundPending(payment.id, refund.id);
				}
				return this.finishRefund(payment.id, refund.id, refundOutcome(result), by);
			},
			/** The refund went through (or was refused): record it, or give the held amount back to the payment. */
			async finishRefund(
				this: ProviderThis,
				paymentId: string,
				refundId: string,
				outcome: RefundOutcome,
				by: string | null,
			): Promise<Payment> {
				const payment = await this.transaction(async trx => {
					const payment = (await repo.findPayment(this.tables(trx), paymentId, true))!;
					const refund = payment.refunds.find(r => r.id === refundId)!;
					const settled = settleRefund(payment, refund, outcome);
					if (!settled) return payment;
					await repo.setRefund(this.tables(trx), refundId, settled.refund);
					if (settled.payment) {
						await repo.setPayment(this.tables(trx), paymentId, settled.payment);
						return (await repo.findPayment(this.tables(trx), paymentId))!;
					}
					const bill = (await repo.find(this.tables(trx), payment.billId, true))!;
					await repo.update(this.tables(trx), bill, refundOnBill(bill, refund.amountCents));
					const done = (await repo.findPayment(this.tables(trx), paymentId))!;
					const updated = await this.recordChange(trx, bill.id, { change: "refunded", reason: refund.reason, payment: done, by });
					await this.recordEvent(trx, BILLING_EVENTS.refunded, {
						payment: done,
						refund: done.refunds.find(r => r.id === refundId)!,
						bill: updated,
						by,
					});
					// The bill may be covered again (nothing left owed on it): paid, as a discount down to what was paid is.
					await this.paidIfCovered(trx, updated, by);
					return (await repo.findPayment(this.tables(trx), paymentId))!;
				});
				// Refused: the held amount went back to the payment (committed above); now say so.
				if ("failed" in outcome && payment.refunds.find(r => r.id === refundId)?.status === "failed")
					throw BillingErrors.refundRejected(paymentId, outcome.failed);
				return payment;
			},
			/**
			 * Payments and refunds left pending (a crash, a provider timeout): the provider is asked what became of
			 * each, by the key it was sent with. One it never received took or gave back nothing: it fails.
			 */
			async sweepPending(this: ProviderThis): Promise<void> {
				for (const { id, payment_id } of await repo.stalePendingRefunds(this.tables(), PENDING_RECHECK_SECONDS, 50)) {
					await this.sweepOne(id, async () => {
						const payment = (await repo.findPayment(this.tables(), payment_id))!;
						const answer = (await this.providerFor(payment.method).lookup(id, { providerRef: payment.providerRef })) as
							| RefundResult
							| undefined;
						await this.finishRefund(payment.id, id, refundOutcome(answer), null).catch(err => {
							if ((err as { type?: string }).type !== "REFUND_REJECTED") throw err;
						});
					});
				}
				for (const id of await repo.stalePendingPayments(this.tables(), PENDING_RECHECK_SECONDS, 50)) {
					await this.sweepOne(id, async () => {
						const payment = (await repo.findPayment(this.tables(), id))!;
						const answer = (await this.providerFor(payment.method).lookup(id)) as ChargeResult | undefined;
						await this.finishPayment(id, chargeOutcome(answer), null);
					});
				}
				// Links wait for their payer: the provider is asked about each now and then, so a webhook that never
				// came still settles it, and one past its time is closed (its hold released).
				for (const id of await repo.stalePendingLinks(this.tables(), PENDING_RECHECK_SECONDS, 50)) {
					await this.checkLink(id).catch(err => this.logger.warn({ err, id }, "A pending payment link could not be checked yet"));
				}
			},
			/** One pending item; a provider that keeps failing on it must not hold up the ones behind it. */
			async sweepOne(this: ProviderThis, id: string, settle: () => Promise<void>): Promise<void> {
				try {
					await settle();
					this.logger.info({ id }, "A pending payment or refund was settled by the sweeper");
				} catch (err) {
					this.logger.warn({ err, id }, "A pending payment or refund could not be settled yet");
				}
			},
		},

		created(this: ProviderThis) {
			const config = runtimeOf(this.broker).config;
			this.currency = config.currency;
			this.card = cardProvider(config.paymentProvider, config);
		},

		started(this: ProviderThis) {
			this.sweepTimer = setInterval(() => {
				this.sweepPending().catch(err => this.logger.warn({ err }, "Checking pending payments failed; trying again shortly"));
			}, 10_000);
			this.sweepTimer.unref();
		},

		stopped(this: ProviderThis) {
			clearInterval(this.sweepTimer);
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}
