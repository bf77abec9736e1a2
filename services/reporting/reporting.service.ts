// Reports for the manager's morning: sales by day or hour in the restaurant's time zone, the evening's summary
// (by order type, covers, checks, turn times, losses), best-sellers and the options sold, tables, kitchen times
// per station, sales and tips per person, comps, remakes and voids, and the audit trail of voids, discounts and refunds.
// Built from the events into the reporting schema, so reports keep answering when the floor is busy or down.
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import {
	BILLING_EVENTS,
	ORDER_EVENTS,
	PERMISSIONS,
	SIGN_IN_EVENTS,
	USER_EVENTS,
	type EventContext,
	type GatewayMeta,
} from "../../contracts";
import { checkBounds, checkOrder, DATE_OR_INSTANT, type RangeParams } from "./range";
import * as repo from "./repository";
import {
	auditOfAccount,
	auditOfBill,
	auditOfOrder,
	auditOfRefund,
	auditOfRefusedSignIn,
	auditOfSignIn,
	byTable,
	LOSS_KINDS,
	lossesOf,
	orderFactOf,
	saleRefundOf,
	summarize,
	type LossKind,
} from "./rules";

type ReportingThis = Service & DbMethods & ReportingMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const bound = {
	type: "string",
	optional: true,
	pattern: DATE_OR_INSTANT,
	messages: { stringPattern: "Use a date (2026-11-22) or a time with its offset (2026-11-22T18:00:00Z)" },
} as const;
const range = { from: bound, to: bound };
const limit = (max: number) => ({ type: "number", integer: true, min: 1, max, optional: true, convert: true }) as const;

const accountChanged = {
	group: "reporting",
	context: true,
	async handler(this: ReportingThis, ctx: EventContext<"user.created"> | EventContext<"user.updated">) {
		await this.handleOnce(ctx.params, async trx => {
			await repo.upsertStaff(this.facts(trx), ctx.params.data.user);
			await repo.insertAudit(this.facts(trx), auditOfAccount(ctx.params));
		});
	},
};

const ReportingService: ServiceSchema<ServiceSettingSchema, ReportingThis> = {
	name: "reporting",
	mixins: [DbMixin("reporting", SCHEMAS.reporting)],
	settings: {
		rest: "/reports",
	},

	channels: {
		[ORDER_EVENTS.placed]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"order.placed">) {
				const { order } = ctx.params.data;
				await this.handleOnce(ctx.params, async trx => {
					await repo.applyOrderTimes(this.facts(trx), order, new Date(ctx.params.at));
					await repo.upsertOrderFact(this.facts(trx), orderFactOf(order));
				});
			},
		},
		[ORDER_EVENTS.updated]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"order.updated">) {
				const e = ctx.params;
				await this.handleOnce(e, async trx => {
					await repo.applyOrderTimes(this.facts(trx), e.data.order, new Date(e.at));
					await repo.upsertOrderFact(this.facts(trx), orderFactOf(e.data.order));
					await repo.insertLosses(this.facts(trx), lossesOf(e));
					await repo.insertAudit(this.facts(trx), auditOfOrder(e));
				});
			},
		},
		[BILLING_EVENTS.updated]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"bill.updated">) {
				const entries = auditOfBill(ctx.params);
				if (entries.length) await this.handleOnce(ctx.params, trx => repo.insertAudit(this.facts(trx), entries));
			},
		},
		[BILLING_EVENTS.settled]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"bill.settled">) {
				const { bill, parts } = ctx.params.data;
				await this.handleOnce(ctx.params, trx => repo.insertSale(this.facts(trx), bill, parts, new Date(ctx.params.at)));
			},
		},
		[BILLING_EVENTS.refunded]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"payment.refunded">) {
				const saleRefund = saleRefundOf(ctx.params);
				await this.handleOnce(ctx.params, async trx => {
					if (saleRefund) await repo.insertRefund(this.facts(trx), saleRefund);
					await repo.insertAudit(this.facts(trx), auditOfRefund(ctx.params));
				});
			},
		},
		// An account made or changed: the staff names reports show, and the audit trail's account half.
		[USER_EVENTS.created]: accountChanged,
		[USER_EVENTS.updated]: accountChanged,
		[SIGN_IN_EVENTS.started]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"session.started">) {
				await this.handleOnce(ctx.params, trx => repo.insertAudit(this.facts(trx), auditOfSignIn(ctx.params)));
			},
		},
		[SIGN_IN_EVENTS.refused]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"login.refused">) {
				await this.handleOnce(ctx.params, trx => repo.insertAudit(this.facts(trx), auditOfRefusedSignIn(ctx.params)));
			},
		},
	},

	actions: {
		sales: {
			rest: "GET /sales",
			access: PERMISSIONS.reports,
			params: { ...range, groupBy: { type: "enum", values: ["day", "hour"], optional: true } },
			async handler(this: ReportingThis, ctx: Ctx<RangeParams & { groupBy?: "day" | "hour" }>) {
				return repo.sales(this.facts(), await this.range(ctx.params), ctx.params.groupBy ?? "day", this.timezone());
			},
		},

		summary: {
			rest: "GET /summary",
			access: PERMISSIONS.reports,
			description:
				"Bills settled in the range: orders, covers, gross and net as /reports/sales (net = gross − discounts − refunds made in the range), avgCheckCents = net ÷ bills, avgCheckPerCoverCents = net of the bills whose orders told covers ÷ those covers, avgTurnSeconds = dine-in order opened → paid; byType per order type; comps, remakes and voids made in the range with what they were worth.",
			params: range,
			async handler(this: ReportingThis, ctx: Ctx<RangeParams>) {
				const r = await this.range(ctx.params);
				const db = this.facts();
				const [sales, refunds, losses] = await Promise.all([
					repo.saleFacts(db, r),
					repo.refundFacts(db, r),
					repo.lossTotals(db, r),
				]);
				return summarize(sales, refunds, losses);
			},
		},

		modifiers: {
			rest: "GET /modifiers",
			access: PERMISSIONS.reports,
			description:
				"The options sold on bills settled in the range: quantity = portions that carried the option (× the line's quantity), deltaCents = what its price deltas added to gross (a comped line adds nothing).",
			params: { ...range, limit: limit(200) },
			async handler(this: ReportingThis, ctx: Ctx<RangeParams & { limit?: number }>) {
				return repo.modifiers(this.facts(), await this.range(ctx.params), ctx.params.limit ?? 50);
			},
		},

		tables: {
			rest: "GET /tables",
			access: PERMISSIONS.reports,
			description:
				"Per table, from its bills settled in the range: turns (its dine-in orders paid), covers, the average turn (opened → paid), gross, and net per cover as the summary's.",
			params: range,
			async handler(this: ReportingThis, ctx: Ctx<RangeParams>) {
				const r = await this.range(ctx.params);
				const db = this.facts();
				const [sales, refunds] = await Promise.all([repo.saleFacts(db, r), repo.refundFacts(db, r)]);
				return byTable(sales, refunds);
			},
		},

		losses: {
			rest: "GET /losses",
			access: PERMISSIONS.reports,
			description:
				"Comps (at what the line would have cost), remakes (their quantity × the list price of the line they replace) and voids (quantity × unit price at the time; a partial void is its voided part; a cancellation each line it voided), newest first.",
			params: { ...range, kind: { type: "enum", values: [...LOSS_KINDS], optional: true }, limit: limit(1000) },
			async handler(this: ReportingThis, ctx: Ctx<RangeParams & { kind?: LossKind; limit?: number }>) {
				return repo.losses(this.facts(), await this.range(ctx.params), ctx.params.limit ?? 500, ctx.params.kind);
			},
		},

		bestSellers: {
			rest: "GET /best-sellers",
			access: PERMISSIONS.reports,
			params: { ...range, limit: limit(200) },
			async handler(this: ReportingThis, ctx: Ctx<RangeParams & { limit?: number }>) {
				return repo.bestSellers(this.facts(), await this.range(ctx.params), ctx.params.limit ?? 10);
			},
		},

		kitchen: {
			rest: "GET /kitchen",
			access: PERMISSIONS.reports,
			params: range,
			async handler(this: ReportingThis, ctx: Ctx<RangeParams>) {
				return repo.kitchen(this.facts(), await this.range(ctx.params));
			},
		},

		staff: {
			rest: "GET /staff",
			access: PERMISSIONS.reports,
			// The rule the admin screen states beside the table; the OpenAPI document carries it too.
			description:
				"Per user: grossCents is the lines they took (orderItem.takenBy: a round added to a colleague's order is theirs), orders counts the orders they took at least one line of. Tips are credited to whoever took the payment.",
			params: range,
			async handler(this: ReportingThis, ctx: Ctx<RangeParams>) {
				return repo.staff(this.facts(), await this.range(ctx.params));
			},
		},

		audit: {
			rest: "GET /audit",
			access: PERMISSIONS.reports,
			description:
				"kind=money: voids, cancellations, discounts and refunds; kind=accounts: sign-ins (and refused ones), accounts created, role and password changes, deactivations; without kind, both.",
			params: {
				...range,
				kind: { type: "enum", values: Object.keys(repo.AUDIT_KINDS), optional: true },
				limit: limit(1000),
			},
			async handler(this: ReportingThis, ctx: Ctx<RangeParams & { kind?: repo.AuditKind; limit?: number }>) {
				return repo.audit(this.facts(), await this.range(ctx.params), ctx.params.limit ?? 200, ctx.params.kind);
			},
		},
	},

	methods: {
		facts(this: ReportingThis, trx?: Trx): repo.Db {
			return { t: this.tables(trx), knex: trx ?? this.db, schema: SCHEMAS.reporting };
		},

		timezone(this: ReportingThis): string {
			return runtimeOf(this.broker).config.timezone;
		},

		/** The range asked for, checked (range.ts) and resolved in the restaurant's time zone. */
		async range(this: ReportingThis, p: RangeParams): Promise<repo.Range> {
			checkBounds(p);
			const r = await repo.resolveRange(this.facts(), this.timezone(), p.from ?? undefined, p.to ?? undefined);
			checkOrder(r);
			return r;
		},
	},
};

interface ReportingMethods {
	facts(trx?: Trx): repo.Db;
	timezone(): string;
	range(p: RangeParams): Promise<repo.Range>;
}

export default ReportingService as unknown as ServiceSchema;
