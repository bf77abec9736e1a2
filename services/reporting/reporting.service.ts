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
	ACCOUNT_MAIL_EVENTS,
	APPROVAL_EVENTS,
	BILLING_EVENTS,
	CommonErrors,
	DRAWER_EVENTS,
	ORDER_EVENTS,
	PERMISSIONS,
	PAYMENT_LINK_EVENTS,
	SIGN_IN_EVENTS,
	USER_EVENTS,
	type EventContext,
	type GatewayMeta,
} from "../../contracts";
import { auditOfApproval } from "./approval-audit";
import { auditOfAccountMail, type AccountMailEvent } from "./account-mail-audit";
import { auditOfWebhookRejected } from "./payment-audit";
import { toCsv } from "./csv";
import { checkBounds, checkOrder, DATE_OR_INSTANT, type RangeParams } from "./range";
import * as repo from "./repository";
import {
	auditOfAccount,
	auditOfBill,
	auditOfOrder,
	auditOfRefund,
	auditOfRefusedSignIn,
	auditOfReopen,
	auditOfSignIn,
	byTable,
	dayCloseOf,
	LOSS_KINDS,
	lossesOf,
	orderFactOf,
	saleRefundOf,
	summarize,
	type DayClose,
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
/** `?format=csv`: the same rows as CSV (csv.ts says how nested figures become columns). */
const format = { type: "enum", values: ["json", "csv"], optional: true } as const;
const range = { from: bound, to: bound, format };
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

	hooks: {
		after: {
			// ?format=csv on every report: the same rows as CSV text, as a download.
			"*"(this: ReportingThis, ctx: Ctx<{ format?: string }>, res: unknown) {
				if (ctx.params?.format !== "csv") return res;
				ctx.meta.$responseType = "text/csv; charset=utf-8";
				ctx.meta.$responseHeaders = {
					...ctx.meta.$responseHeaders,
					"Content-Disposition": `attachment; filename="${ctx.action?.rawName ?? "report"}.csv"`,
				};
				return toCsv(res);
			},
		},
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
		// A paid bill opened again: its sale comes out of the reports until it settles again; the reopen is audited.
		[BILLING_EVENTS.reopened]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"bill.reopened">) {
				await this.handleOnce(ctx.params, async trx => {
					await repo.reopenSale(this.facts(trx), ctx.params.data.saleId, new Date(ctx.params.at));
					await repo.insertAudit(this.facts(trx), auditOfReopen(ctx.params));
				});
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
		// A drawer counted: its difference goes into the day's close.
		[DRAWER_EVENTS.closed]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"drawer.closed">) {
				const { drawer } = ctx.params.data;
				if (drawer.countedCents === null || drawer.differenceCents === null || !drawer.closedAt) return;
				const close = {
					drawerId: drawer.id,
					name: drawer.name,
					closedAt: drawer.closedAt,
					expectedCents: drawer.expectedCents,
					countedCents: drawer.countedCents,
					differenceCents: drawer.differenceCents,
				};
				await this.handleOnce(ctx.params, trx => repo.insertDrawerClose(this.facts(trx), close));
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
		// A manager's approvals: asked, decided, spent.
		...Object.fromEntries(
			Object.values(APPROVAL_EVENTS).map(name => [
				name,
				{
					group: "reporting",
					context: true,
					async handler(this: ReportingThis, ctx: EventContext<"approval.requested" | "approval.decided" | "approval.spent">) {
						await this.handleOnce(ctx.params, trx => repo.insertAudit(this.facts(trx), auditOfApproval(ctx.params)));
					},
				},
			]),
		),
		// Account mail: invitations sent and accepted, password resets asked for and done.
		...Object.fromEntries(
			Object.values(ACCOUNT_MAIL_EVENTS).map(name => [
				name,
				{
					group: "reporting",
					context: true,
					async handler(this: ReportingThis, ctx: Context<AccountMailEvent>) {
						await this.handleOnce(ctx.params, trx => repo.insertAudit(this.facts(trx), auditOfAccountMail(ctx.params)));
					},
				},
			]),
		),
		// A payment webhook refused (bad signature) or not matching its payment: on the money trail.
		[PAYMENT_LINK_EVENTS.webhookRejected]: {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"payment.webhook_rejected">) {
				await this.handleOnce(ctx.params, trx => repo.insertAudit(this.facts(trx), auditOfWebhookRejected(ctx.params)));
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
		x: {
			rest: "GET /x",
			access: PERMISSIONS.reports,
			description:
				"The day's close so far (today in TIMEZONE, nothing recorded): checks = bills settled, net = gross − discounts − refunds, avgCheckCents = net ÷ checks, byType and byMethod (captured payments of the bills settled, refunds made, per method), tips per person who took the payment, comps, remakes, voids, and the drawers counted today with their differences (counted − expected).",
			params: { format },
			async handler(this: ReportingThis) {
				const db = this.facts();
				const date = await repo.today(db, this.timezone());
				const r = await this.range({ from: date });
				return { date, from: r.from.toISOString(), to: r.to.toISOString(), ...(await this.dayFigures(db, r)) };
			},
		},

		z: {
			rest: "GET /z",
			access: PERMISSIONS.reports,
			description:
				"Closes a day (date in TIMEZONE, today when not given; never a day still to come): the X's figures for the whole day, recorded under the next Z number. A second Z of the same date answers the figures recorded the first time.",
			params: {
				date: {
					type: "string",
					optional: true,
					pattern: /^\d{4}-\d{2}-\d{2}$/,
					messages: { stringPattern: "Use a date (2026-11-22)" },
				},
				format,
			},
			async handler(this: ReportingThis, ctx: Ctx<{ date?: string; format?: string }>) {
				const today = await repo.today(this.facts(), this.timezone());
				const date = ctx.params.date ?? today;
				if (date > today)
					throw CommonErrors.invalidField("date", "date", `${date} has not begun yet: a Z closes a day that has begun`);
				const r = await this.range({ from: date, to: date });
				const z = await this.transaction(async trx => {
					const db = this.facts(trx);
					await repo.lockZ(db);
					const recorded = await repo.zOfDate(db, date);
					if (recorded) return recorded;
					return repo.recordZ(db, date, await this.dayFigures(db, r), ctx.meta.user?.id ?? null);
				});
				return {
					number: z.number,
					date: z.date,
					from: r.from.toISOString(),
					to: r.to.toISOString(),
					closedAt: z.closedAt,
					closedBy: z.closedBy,
					...z.figures,
				};
			},
		},

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
				"kind=money: voids, cancellations, discounts, refunds and payment webhooks refused; kind=accounts: sign-ins (and refused ones), accounts created, role and password changes, deactivations; kind=approvals: a manager's approvals asked for, decided (by whom, PIN or tap) and spent; without kind, all.",
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

		/** The day's close figures over a range (rules.ts dayCloseOf). */
		async dayFigures(this: ReportingThis, db: repo.Db, r: repo.Range): Promise<DayClose> {
			// One after another: inside the Z's transaction they share one connection.
			const sales = await repo.saleFacts(db, r);
			const refunds = await repo.refundFacts(db, r);
			const losses = await repo.lossTotals(db, r);
			const methods = await repo.methodFacts(db, r);
			const staff = await repo.staff(db, r);
			const drawers = await repo.drawerCloses(db, r);
			return dayCloseOf({ sales, refunds, losses, methods, tips: staff, drawers });
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
	dayFigures(db: repo.Db, r: repo.Range): Promise<DayClose>;
	timezone(): string;
	range(p: RangeParams): Promise<repo.Range>;
}

export default ReportingService as unknown as ServiceSchema;
