// Reports for the manager's morning: sales by day or hour in the restaurant's time zone, best-sellers,
// kitchen times per station, sales and tips per person, and the audit trail of voids, discounts and refunds.
// Built from the events into the reporting schema, so reports keep answering when the floor is busy or down.
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import {
	ReportErrors,
	type DomainEvent,
	type EventContext,
	type GatewayMeta,
	type OrderUpdated,
	type UserCreated,
	type UserUpdated,
} from "../../contracts";
import * as repo from "./repository";

type ReportingThis = Service & DbMethods & ReportingMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

// A local date (the whole day, in the restaurant's time zone) or an instant with its offset.
const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d))?$/;
const bound = { type: "string", optional: true, pattern: DATE_OR_INSTANT, messages: { stringPattern: "Use a date (2026-11-22) or a time with its offset (2026-11-22T18:00:00Z)" } } as const;
const range = { from: bound, to: bound };
/** Reports cover a restaurant's lifetime: years outside these are typos, and year 9999 + 1 day overflows a JS Date. */
const FIRST_YEAR = 2000;
const LAST_YEAR = 2999;
type RangeParams = { from?: string; to?: string };

const accountChanged = {
	group: "reporting",
	context: true,
	async handler(this: ReportingThis, ctx: Context<DomainEvent<UserChanged>>) {
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
		"order.placed": {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"order.placed">) {
				await this.handleOnce(ctx.params, trx => repo.applyOrderTimes(this.facts(trx), ctx.params.data.order, new Date(ctx.params.at)));
			},
		},
		"order.updated": {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"order.updated">) {
				const e = ctx.params;
				await this.handleOnce(e, async trx => {
					await repo.applyOrderTimes(this.facts(trx), e.data.order, new Date(e.at));
					await repo.insertAudit(this.facts(trx), auditOfOrder(e));
				});
			},
		},
		"bill.updated": {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"bill.updated">) {
				const e = ctx.params;
				const { bill, change, reason, previousDiscountCents, by } = e.data;
				if (change !== "discounted") return;
				await this.handleOnce(e, trx =>
					repo.insertAudit(this.facts(trx), [
						{ id: e.eventId, at: new Date(e.at), action: "bill_discounted", actorId: by, reason: reason ?? null, tableName: bill.tableName, amountCents: bill.discountCents, subject: { billId: bill.id, previousDiscountCents } },
					]),
				);
			},
		},
		"bill.settled": {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"bill.settled">) {
				const { bill, parts } = ctx.params.data;
				await this.handleOnce(ctx.params, trx => repo.insertSale(this.facts(trx), bill, parts, new Date(ctx.params.at)));
			},
		},
		"payment.refunded": {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"payment.refunded">) {
				const e = ctx.params;
				const { refund, payment, bill, by } = e.data;
				await this.handleOnce(e, async trx => {
					// A refund on a bill not yet paid only reopens its balance: the sale, when it settles, is net of it.
					if (bill.status === "paid") {
						await repo.insertRefund(this.facts(trx), { refundId: refund.id, paymentId: payment.id, billId: bill.parentId ?? bill.id, amountCents: refund.amountCents, at: new Date(e.at) });
					}
					await repo.insertAudit(this.facts(trx), [
						{ id: e.eventId, at: new Date(e.at), action: "payment_refunded", actorId: by, reason: refund.reason, tableName: bill.tableName, amountCents: refund.amountCents, subject: { billId: bill.id, paymentId: payment.id, method: payment.method } },
					]);
				});
			},
		},
		// An account made or changed: the staff names reports show, and the audit trail's account half.
		"user.created": accountChanged,
		"user.updated": accountChanged,
		"session.started": {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"session.started">) {
				const e = ctx.params;
				const { user, ip, userAgent } = e.data;
				await this.handleOnce(e, trx =>
					repo.insertAudit(this.facts(trx), [
						{ id: e.eventId, at: new Date(e.at), action: "signed_in", actorId: user.id, reason: null, tableName: "", amountCents: 0, subject: { userId: user.id, username: user.username, role: user.role, ip, userAgent } },
					]),
				);
			},
		},
		"login.refused": {
			group: "reporting",
			context: true,
			async handler(this: ReportingThis, ctx: EventContext<"login.refused">) {
				const e = ctx.params;
				const { username, userId, reason, ip, userAgent } = e.data;
				await this.handleOnce(e, trx =>
					repo.insertAudit(this.facts(trx), [
						{ id: e.eventId, at: new Date(e.at), action: "sign_in_refused", actorId: userId, reason, tableName: "", amountCents: 0, subject: { userId, username, ip, userAgent } },
					]),
				);
			},
		},
	},

	actions: {
		sales: {
			rest: "GET /sales",
			params: { ...range, groupBy: { type: "enum", values: ["day", "hour"], optional: true } },
			async handler(this: ReportingThis, ctx: Ctx<RangeParams & { groupBy?: "day" | "hour" }>) {
				return repo.sales(this.facts(), await this.range(ctx.params), ctx.params.groupBy ?? "day", this.timezone());
			},
		},

		bestSellers: {
			rest: "GET /best-sellers",
			params: { ...range, limit: { type: "number", integer: true, min: 1, max: 200, optional: true, convert: true } },
			async handler(this: ReportingThis, ctx: Ctx<RangeParams & { limit?: number }>) {
				return repo.bestSellers(this.facts(), await this.range(ctx.params), ctx.params.limit ?? 10);
			},
		},

		kitchen: {
			rest: "GET /kitchen",
			params: range,
			async handler(this: ReportingThis, ctx: Ctx<RangeParams>) {
				return repo.kitchen(this.facts(), await this.range(ctx.params));
			},
		},

		staff: {
			rest: "GET /staff",
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
			description: "kind=money: voids, cancellations, discounts and refunds; kind=accounts: sign-ins (and refused ones), accounts created, role and password changes, deactivations; without kind, both.",
			params: {
				...range,
				kind: { type: "enum", values: Object.keys(repo.AUDIT_KINDS), optional: true },
				limit: { type: "number", integer: true, min: 1, max: 1000, optional: true, convert: true },
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

		async range(this: ReportingThis, p: RangeParams): Promise<repo.Range> {
			for (const field of ["from", "to"] as const) {
				const v = p[field];
				if (v == null) continue;
				if (!isRealDate(v)) throw ReportErrors.badRange(field, `${field} is not a real date or time: ${v}`);
				const year = Number(v.slice(0, 4));
				if (year < FIRST_YEAR || year > LAST_YEAR) throw ReportErrors.badRange(field, `${field} must be a date between ${FIRST_YEAR} and ${LAST_YEAR}`);
			}
			const r = await repo.resolveRange(this.facts(), this.timezone(), p.from ?? undefined, p.to ?? undefined);
			// `to` is the end of its day (exclusive), so from=23rd&to=22nd is an empty range, not a one-day report.
			if (r.from >= r.to) throw ReportErrors.badRange("from", "from must be before to (to may be the same day as from)");
			return r;
		},
	},
};

interface ReportingMethods {
	facts(trx?: Trx): repo.Db;
	timezone(): string;
	range(p: RangeParams): Promise<repo.Range>;
}

/** 2026-02-30 matches the pattern but is no day; PostgreSQL would refuse it with an error, so refuse it here. */
function isRealDate(v: string): boolean {
	const [y, m, d] = v.slice(0, 10).split("-").map(Number);
	const day = new Date(Date.UTC(y, m - 1, d));
	if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return false;
	const time = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(v);
	return !time || (Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 60);
}

type UserChanged = UserCreated | UserUpdated;

/** Accounts, for the audit trail: who created or changed whose account, and what changed (a name alone is not audited). */
export function auditOfAccount(e: DomainEvent<UserChanged>): repo.AuditEntry[] {
	const { user, by } = e.data;
	const { changed, previousRole, via }: Partial<UserUpdated> = e.data;
	const subject = { userId: user.id, username: user.username, role: user.role, ...(via && { via }) };
	const make = (n: number, action: repo.AuditEntry["action"], extra: Record<string, unknown> = {}): repo.AuditEntry => ({
		id: n ? `${e.eventId}:${n}` : e.eventId,
		at: new Date(e.at),
		action,
		actorId: by,
		reason: null,
		tableName: "",
		amountCents: 0,
		subject: { ...subject, ...extra },
	});
	if (e.type === "user.created") return [make(0, "user_created")];
	const out: repo.AuditEntry[] = [];
	if (changed?.includes("role")) out.push(make(1, "role_changed", { previousRole: previousRole ?? null }));
	if (changed?.includes("password")) out.push(make(2, "password_changed"));
	if (changed?.includes("isActive")) out.push(make(3, user.isActive ? "user_reactivated" : "user_deactivated"));
	return out;
}

/** Voids and cancellations, for the audit trail: who, when, why, and what it was worth. */
function auditOfOrder(e: DomainEvent<OrderUpdated>): repo.AuditEntry[] {
	const { order, change, itemIds, reason, by } = e.data;
	if (change !== "item_voided" && change !== "cancelled") return [];
	const items = order.items.filter(i => itemIds.includes(i.id));
	return [
		{
			id: e.eventId,
			at: new Date(e.at),
			action: change === "cancelled" ? "order_cancelled" : "item_voided",
			actorId: by,
			reason: reason ?? null,
			tableName: order.tableName,
			amountCents: items.reduce((s, i) => s + i.quantity * i.unitPriceCents, 0),
			subject: { orderId: order.id, items: items.map(i => ({ id: i.id, name: i.name, quantity: i.quantity, station: i.station })) },
		},
	];
}

export default ReportingService as unknown as ServiceSchema;
