// Billing: a table's served orders — or one takeout or bar tab — become a bill, priced as ordered, with tax and
// service charge by the one rounding rule (lib/money.ts). Bills split evenly, by items, by seats or by sharing
// one line among guests, to the cent; managers and admins discount and refund with a
// reason; payments (cash, or card through a provider) never exceed what is left to pay, even when two
// tablets pay at once. When a bill — or every part of a split one — is paid, `bill.settled` pays its orders
// and frees the table. A manager may reopen a paid bill (`bill.reopened`) to put it right; it settles again.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { IdempotencyMixin, type IdempotencyMethods } from "../../mixins/idempotency.mixin";
import { SCHEMAS } from "../../lib/config";
import { PaymentLinksMixin } from "./links.mixin";
import { ReceiptMailMixin } from "./receipt.mixin";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import { billAmounts, type Rates } from "../../lib/money";
import {
	BILLING_EVENTS,
	BILL_STATUSES,
	BillingErrors,
	CommonErrors,
	ORDER_TYPES,
	ORDER_EVENTS,
	PERMISSIONS,
	type Bill,
	type BillStatus,
	type BillUpdated,
	type EventContext,
	type GatewayMeta,
	type Order,
	type OrderType,
	type Payment,
} from "../../contracts";
import { checkPayRequest, type PayRequest } from "./payments";
import { ProviderMixin, type ProviderMethods, type RefundRequest } from "./provider.mixin";
import * as repo from "./repository";
import {
	applyDiscount,
	billHolder,
	billLines,
	checkBillRequest,
	checkDiscountRequest,
	checkReopen,
	checkSplitRequest,
	isBilledAlready,
	isCovered,
	isSettled,
	planSplit,
	subtotalOf,
	type BillRequest,
	type DiscountRequest,
	type SplitPart,
	type SplitRequest,
} from "./rules";

type BillingThis = Service & DbMethods & IdempotencyMethods & ProviderMethods & BillingMethods & { rates: Rates };
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const FLOOR = ["staff", "admin"] as const;
const MAX_CENTS = 10_000_000;
const cents = (min: number) => ({ type: "number", integer: true, min, max: MAX_CENTS, convert: false }) as const;
const reason = { type: "string", trim: true, min: 1, max: 200 } as const;
/** Who made the change, for the events: nobody when the call came from inside (the sweeper, another service). */
const actorOf = (ctx: Ctx<unknown>) => ctx.meta.user?.id ?? null;

const BillingService: ServiceSchema<ServiceSettingSchema, BillingThis> = {
	name: "billing",
	mixins: [DbMixin("billing", SCHEMAS.billing), IdempotencyMixin(), ProviderMixin(), PaymentLinksMixin(), ReceiptMailMixin()],
	settings: {
		rest: "/billing",
	},

	channels: {
		// The order service billed orders onto a bill: make sure the bill exists. The request that billed them
		// normally wrote it already; this covers a crash between the two writes.
		[ORDER_EVENTS.updated]: {
			group: "billing",
			context: true,
			async handler(this: BillingThis, ctx: EventContext<"order.updated">) {
				const { order, change, billId, by, reason } = ctx.params.data;
				// A takeout cancelled before it was paid (its payment link lapsed): its bill goes with it, as nothing was paid.
				if (change === "cancelled" && billId) {
					await this.handleOnce(ctx.params, async trx => {
						const bill = await repo.find(this.tables(trx), billId, true);
						if (bill?.status !== "open" || bill.paidCents > 0 || bill.pendingCents > 0) return;
						await repo.update(this.tables(trx), bill, { status: "void" });
						await this.recordChange(trx, billId, { change: "voided", ...(reason && { reason }), by });
					});
					return;
				}
				if (change !== "billed" || !billId) return;
				await this.handleOnce(ctx.params, trx => this.writeBill(trx, billId, [order], by));
			},
		},
	},

	actions: {
		/**
		 * `{tableId}` bills the table's dine-in orders; `{orderId}` bills one order on its own (a takeout, a bar
		 * tab). Two tablets billing the same table or takeout at once get one bill: the order service bills each
		 * order under its row lock, so the second finds nothing left to bill (409 NOTHING_TO_BILL, naming it).
		 */
		create: {
			rest: "POST /bills",
			access: FLOOR,
			params: { $$strict: "remove", tableId: { type: "uuid", optional: true }, orderId: { type: "uuid", optional: true } },
			async handler(this: BillingThis, ctx: Ctx<BillRequest>): Promise<Bill> {
				checkBillRequest(ctx.params);
				const { tableId, orderId } = ctx.params;
				const by = actorOf(ctx);
				const scope = tableId ? `bill:${tableId}` : `bill:order:${orderId}`;
				const billId = this.resultIdFor(ctx, scope);
				const bill = await this.idempotent<Bill>(ctx, {
					scope,
					resultId: billId,
					load: id => this.mustFind(id),
					prepare: async () => {
						const orders = await this.billOrders(ctx, billId);
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
				orderId: { type: "uuid", optional: true },
				orderType: { type: "enum", values: [...ORDER_TYPES], optional: true },
				limit: { type: "number", integer: true, min: 1, max: 500, optional: true, convert: true },
			},
			async handler(
				this: BillingThis,
				ctx: Ctx<{ status?: BillStatus; tableId?: string; orderId?: string; orderType?: OrderType; limit?: number }>,
			): Promise<Bill[]> {
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
				mode: { type: "enum", values: ["even", "items", "seats", "share"] },
				parts: { type: "number", integer: true, min: 2, max: 20, optional: true, convert: false },
				groups: { type: "array", min: 1, max: 20, optional: true, items: { type: "array", min: 1, max: 200, items: "uuid" } },
				lineId: { type: "uuid", optional: true },
				share: { type: "array", min: 1, max: 200, unique: true, optional: true, items: "uuid" },
			},
			async handler(this: BillingThis, ctx: Ctx<{ id: string } & SplitRequest>): Promise<Bill[]> {
				checkSplitRequest(ctx.params);
				return this.transaction(async trx => {
					const bill = await this.lockOpen(trx, ctx.params.id);
					return this.splitBill(trx, bill, ctx.params.mode, planSplit(bill, ctx.params), actorOf(ctx));
				});
			},
		},

		/**
		 * A paid bill (or a paid part of a split one) is open again, its payments kept, so a manager can put a
		 * mistake right: refund, discount, take another payment; it settles again when paid. Its orders go back
		 * to billed and the reports take the sale out until then; the table stays as it is. The bill's row lock
		 * puts two reopens in line: the second finds it open (409 BILL_NOT_PAID).
		 */
		reopen: {
			rest: "POST /bills/:id/reopen",
			access: PERMISSIONS.reopenBill,
			approval: "reopenBill",
			params: { $$strict: "remove", id: "uuid", reason },
			async handler(this: BillingThis, ctx: Ctx<{ id: string; reason: string }>): Promise<Bill> {
				const { id, reason } = ctx.params;
				const by = actorOf(ctx);
				return this.transaction(async trx => {
					const bill = await repo.find(this.tables(trx), id, true);
					if (!bill) throw BillingErrors.billNotFound(id);
					checkReopen(bill);
					const at = new Date();
					await repo.insertReopening(this.tables(trx), { billId: id, reason, by, at, paidAt: bill.paidAt });
					await repo.update(this.tables(trx), bill, { status: "open", paidAt: null, settledAt: null });
					const saleId = bill.parentId ?? bill.id;
					// A part reopened: the whole bill is no longer settled either.
					if (bill.parentId) {
						const root = (await repo.find(this.tables(trx), saleId, true))!;
						await repo.update(this.tables(trx), root, { settledAt: null });
					}
					const reopened = await this.recordChange(trx, id, { change: "reopened", reason, by });
					await this.recordEvent(trx, BILLING_EVENTS.reopened, {
						billId: id,
						saleId,
						tableId: reopened.tableId,
						orderIds: reopened.orderIds,
						reason,
						by,
						bill: reopened,
					});
					return reopened;
				});
			},
		},

		/**
		 * An open bill its payments cover (a reopened bill nothing was changed on, or paid back up after a refund) is
		 * paid and may settle the sale, as the payment that covered it would have: 409 BILL_NOT_OPEN when it is not
		 * open, BILL_NOT_COVERED while anything is left to pay or a payment is pending.
		 */
		close: {
			rest: "POST /bills/:id/close",
			access: FLOOR,
			params: { id: "uuid" },
			async handler(this: BillingThis, ctx: Ctx<{ id: string }>): Promise<Bill> {
				return this.transaction(async trx => {
					const bill = await this.lockOpen(trx, ctx.params.id);
					if (!isCovered(bill))
						throw CommonErrors.conflict(
							"BILL_NOT_COVERED",
							`The bill still has ${bill.balanceCents} cents to pay${bill.pendingCents ? " and a payment pending" : ""}; it cannot be closed`,
							{ id: bill.id, balanceCents: bill.balanceCents, pendingCents: bill.pendingCents },
						);
					return this.paidIfCovered(trx, bill, actorOf(ctx));
				});
			},
		},

		discount: {
			rest: "POST /bills/:id/discount",
			access: PERMISSIONS.discount,
			approval: "discount",
			params: {
				$$strict: "remove",
				id: "uuid",
				percent: { type: "number", min: 0, max: 100, optional: true, convert: false },
				amountCents: { ...cents(0), optional: true },
				reason,
			},
			async handler(this: BillingThis, ctx: Ctx<{ id: string; reason: string } & DiscountRequest>): Promise<Bill> {
				checkDiscountRequest(ctx.params);
				return this.transaction(trx => this.discountBill(trx, ctx.params.id, ctx.params, ctx.params.reason, actorOf(ctx)));
			},
		},

		pay: {
			rest: "POST /bills/:id/payments",
			access: FLOOR,
			params: {
				$$strict: "remove",
				id: "uuid",
				method: { type: "enum", values: ["cash", "card"] },
				// Optional when cash is tendered: the payment then takes what the cash covers of the balance.
				amountCents: { ...cents(1), optional: true },
				// A tablet sending "tipCents": null means no tip (the one field where null says something).
				tipCents: { ...cents(0), optional: true, nullable: true },
				// Cash handed over, which may exceed the balance: the rest is the change due (payment.changeCents).
				tenderedCents: { ...cents(1), optional: true },
				cardToken: { type: "string", trim: true, min: 1, max: 200, optional: true },
			},
			async handler(this: BillingThis, ctx: Ctx<{ id: string; cardToken?: string } & PayRequest>): Promise<Payment> {
				checkPayRequest(ctx.params);
				const { id, method, cardToken, tenderedCents } = ctx.params;
				const payment: repo.NewPayment = {
					id: crypto.randomUUID(),
					billId: id,
					method,
					// 0 with cash tendered and no amount: reserve() works it out under the bill's lock.
					amountCents: ctx.params.amountCents ?? 0,
					...(tenderedCents != null && { tenderedCents }),
					tipCents: ctx.params.tipCents ?? 0,
					provider: this.providerFor(method).name,
					createdBy: actorOf(ctx),
				};
				const reserved = await this.idempotent<Payment>(ctx, {
					scope: `pay:${id}`,
					resultId: payment.id,
					load: pid => this.mustFindPayment(pid),
					prepare: async () => trx => this.reserve(trx, payment),
				});
				ctx.meta.$statusCode = 201;
				// A replay returns the first request's payment as it stands now.
				return reserved.id === payment.id ? this.charge(reserved, cardToken) : reserved;
			},
		},

		refund: {
			rest: "POST /payments/:id/refund",
			access: PERMISSIONS.refund,
			approval: "refund",
			params: { $$strict: "remove", id: "uuid", amountCents: { ...cents(1), optional: true }, reason },
			async handler(this: BillingThis, ctx: Ctx<{ id: string; amountCents?: number; reason: string }>): Promise<Payment> {
				const { id, amountCents, reason } = ctx.params;
				const refund: RefundRequest = { id: crypto.randomUUID(), paymentId: id, amountCents, reason, createdBy: actorOf(ctx) };
				const started = await this.idempotent<Payment>(ctx, {
					scope: `refund:${id}`,
					resultId: refund.id,
					load: async rid => this.mustFindPayment((await repo.paymentOfRefund(this.tables(), rid)) ?? id),
					prepare: async () => trx => this.startRefund(trx, refund),
				});
				const held = started.refunds.find(r => r.id === refund.id);
				return held ? this.sendRefund(started, held, refund.createdBy) : started; // none: a replay
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

		/**
		 * The orders for bill `billId`, closed by the order service under its own row locks first (outside the
		 * bill's transaction). Nothing left to bill — the table's orders, or the one takeout, billed already — is
		 * a 409 NOTHING_TO_BILL naming the open bills.
		 */
		async billOrders(this: BillingThis, ctx: Ctx<BillRequest>, billId: string): Promise<Order[]> {
			const { tableId, orderId } = ctx.params;
			try {
				const orders = await ctx.call<Order[], { tableId?: string; orderId?: string; billId: string }>(
					"order.bill",
					tableId ? { tableId, billId } : { orderId, billId },
				);
				if (orders.length) return orders;
			} catch (err) {
				if (!isBilledAlready(err)) throw err;
			}
			throw await this.nothingToBill(ctx.params);
		},

		/** 409 NOTHING_TO_BILL for a table, or an order, whose orders are all billed already: it names their open bills. */
		async nothingToBill(this: BillingThis, { tableId, orderId }: BillRequest): Promise<Error> {
			if (tableId) return BillingErrors.nothingToBill(tableId, await repo.openBillIdsOfTable(this.tables(), tableId));
			const openBillIds = await repo.openBillIdsOfOrder(this.tables(), orderId!);
			return CommonErrors.conflict(
				"NOTHING_TO_BILL",
				`The order is billed already${openBillIds.length ? "; its open bill is waiting for payment" : ""}`,
				{ orderId, openBillIds },
			);
		},

		/** Writes bill `id` from the orders billed onto it, once: a second call (a retry, the recovery path) returns it. */
		async writeBill(this: BillingThis, trx: Trx, id: string, orders: Order[], by: string | null): Promise<Bill> {
			const lines = billLines(orders);
			const inserted = await repo.insert(this.tables(trx), {
				id,
				...billHolder(orders),
				orderIds: orders.map(o => o.id),
				amounts: billAmounts(subtotalOf(lines), 0, this.rates),
				createdBy: by,
				lines,
			});
			if (!inserted) return (await repo.find(this.tables(trx), id))!;
			// Every line free: nothing to pay, so the bill is paid as it is made.
			return this.paidIfCovered(trx, await this.recordChange(trx, id, { change: "created", by }), by);
		},

		/** The whole bill is void once split; each part is a bill of its own, paid on its own. */
		async splitBill(
			this: BillingThis,
			trx: Trx,
			bill: Bill,
			mode: SplitRequest["mode"],
			parts: SplitPart[],
			by: string | null,
		): Promise<Bill[]> {
			await repo.update(this.tables(trx), bill, { status: "void" });
			const made: Bill[] = [];
			for (const [i, { lines, amounts, seat }] of parts.entries()) {
				const partId = crypto.randomUUID();
				await repo.insert(this.tables(trx), {
					id: partId,
					parentId: bill.id,
					tableId: bill.tableId,
					tableName: bill.tableName,
					orderType: bill.orderType,
					name: bill.name,
					orderIds: bill.orderIds,
					split: { mode, part: i + 1, parts: parts.length, ...(seat !== undefined && { seat }) },
					amounts,
					createdBy: by,
					lines,
				});
				made.push(await this.recordChange(trx, partId, { change: "created", by }));
			}
			await this.recordChange(trx, bill.id, { change: "split", by });
			// Only once every part exists, so the last one paid can see whether the whole bill is settled.
			for (const [i, part] of made.entries()) made[i] = await this.paidIfCovered(trx, part, by);
			return made;
		},

		async discountBill(
			this: BillingThis,
			trx: Trx,
			id: string,
			discount: DiscountRequest,
			reason: string,
			by: string | null,
		): Promise<Bill> {
			const bill = await this.lockOpen(trx, id);
			await repo.update(this.tables(trx), bill, applyDiscount(bill, discount, reason, this.rates));
			const previousDiscountCents = bill.discountCents;
			const discounted = await this.recordChange(trx, bill.id, { change: "discounted", reason, previousDiscountCents, by });
			// Discounted down to what was paid (a comp, when nothing was): paid, and staff devices hear bill:paid.
			return this.paidIfCovered(trx, discounted, by);
		},

		/** A bill whose payments already cover it is paid (rules.ts `isCovered`), and may settle the sale. */
		async paidIfCovered(this: BillingThis, trx: Trx, bill: Bill, by: string | null): Promise<Bill> {
			if (!isCovered(bill)) return bill;
			await repo.update(this.tables(trx), bill, { status: "paid", paidAt: new Date() });
			const paid = await this.recordChange(trx, bill.id, { change: "paid", by });
			await this.afterPaid(trx, paid, by);
			return paid;
		},

		/** Reads the bill as it now stands and records `bill.updated` with it. */
		async recordChange(this: BillingThis, trx: Trx, id: string, change: Omit<BillUpdated, "bill">): Promise<Bill> {
			const bill = (await repo.find(this.tables(trx), id))!;
			await this.recordEvent(trx, BILLING_EVENTS.updated, { bill, ...change });
			return bill;
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
				if (!isSettled(parts)) return bill;
			}
			await repo.update(this.tables(trx), root, { settledAt: new Date() });
			await this.recordEvent(trx, BILLING_EVENTS.settled, {
				billId: root.id,
				tableId: root.tableId,
				orderIds: root.orderIds,
				by,
				bill: root,
				parts,
			});
			return bill;
		},
	},

	created(this: BillingThis) {
		const config = runtimeOf(this.broker).config;
		this.rates = { taxPpm: config.taxRatePpm, serviceChargePpm: config.serviceChargeRatePpm };
	},
};

interface BillingMethods {
	mustFind(id: string): Promise<Bill>;
	mustFindPayment(id: string): Promise<Payment>;
	lockOpen(trx: Trx, id: string): Promise<Bill>;
	billOrders(ctx: Ctx<BillRequest>, billId: string): Promise<Order[]>;
	nothingToBill(request: BillRequest): Promise<Error>;
	writeBill(trx: Trx, id: string, orders: Order[], by: string | null): Promise<Bill>;
	splitBill(trx: Trx, bill: Bill, mode: SplitRequest["mode"], parts: SplitPart[], by: string | null): Promise<Bill[]>;
	discountBill(trx: Trx, id: string, discount: DiscountRequest, reason: string, by: string | null): Promise<Bill>;
	paidIfCovered(trx: Trx, bill: Bill, by: string | null): Promise<Bill>;
	recordChange(trx: Trx, id: string, change: Omit<BillUpdated, "bill">): Promise<Bill>;
	afterPaid(trx: Trx, bill: Bill, by: string | null): Promise<Bill>;
}

export default BillingService as unknown as ServiceSchema;
