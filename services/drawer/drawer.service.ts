// Cash drawers: a till opened with a float, cash put in or taken out with a reason, and closed with what was
// counted against what should be there — the float, the cash moved by hand, and the cash payments (less cash
// refunds) the billing events say were taken while it was open. Its own schema, fed by billing's events; a
// closed drawer's difference goes to the reports as `drawer.closed`.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import type { Trx } from "../../lib/db";
import { BILLING_EVENTS, DrawerErrors, PERMISSIONS, type Drawer, type EventContext, type GatewayMeta } from "../../contracts";
import * as repo from "./repository";
import { cashOfBills, cashOfRefund, type CashEntry } from "./rules";

type DrawerThis = Service & DbMethods & DrawerMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

/** Who counts the cash: a manager or an admin (PERMISSIONS.drawer). */
const CASH_HANDLERS = PERMISSIONS.drawer;
/** As billing's: no till holds more than 100,000.00 at once. */
const MAX_CENTS = 10_000_000;
const cents = (min: number) => ({ type: "number", integer: true, min, max: MAX_CENTS, convert: false }) as const;
const actorOf = (ctx: Ctx<unknown>) => ctx.meta.user?.id ?? null;

const DrawerService: ServiceSchema<ServiceSettingSchema, DrawerThis> = {
	name: "drawer",
	mixins: [DbMixin("drawer", SCHEMAS.drawer)],
	settings: {
		rest: "/drawers",
	},

	channels: {
		[BILLING_EVENTS.updated]: {
			group: "drawer",
			context: true,
			async handler(this: DrawerThis, ctx: EventContext<"bill.updated">) {
				const { bill, payment } = ctx.params.data;
				await this.takeCash(
					ctx.params,
					cashOfBills([{ ...bill, payments: payment ? [...bill.payments, payment] : bill.payments }]),
				);
			},
		},
		[BILLING_EVENTS.settled]: {
			group: "drawer",
			context: true,
			async handler(this: DrawerThis, ctx: EventContext<"bill.settled">) {
				const { bill, parts } = ctx.params.data;
				await this.takeCash(ctx.params, cashOfBills([bill, ...parts]));
			},
		},
		[BILLING_EVENTS.refunded]: {
			group: "drawer",
			context: true,
			async handler(this: DrawerThis, ctx: EventContext<"payment.refunded">) {
				const { payment, refund } = ctx.params.data;
				await this.takeCash(ctx.params, cashOfRefund(payment, refund));
			},
		},
	},

	actions: {
		open: {
			rest: "POST /open",
			access: CASH_HANDLERS,
			params: {
				$$strict: "remove",
				name: { type: "string", trim: true, min: 1, max: 60, optional: true },
				floatCents: cents(0),
			},
			async handler(this: DrawerThis, ctx: Ctx<{ name?: string; floatCents: number }>): Promise<Drawer> {
				const name = ctx.params.name ?? "Main";
				const id = crypto.randomUUID();
				const drawer = await this.transaction(async trx => {
					if (
						!(await repo.open(this.tables(trx), {
							id,
							name,
							floatCents: ctx.params.floatCents,
							by: actorOf(ctx),
							at: new Date(),
						}))
					)
						return undefined;
					return repo.get(this.tables(trx), id);
				});
				if (!drawer) throw DrawerErrors.alreadyOpen(name, (await repo.openNamed(this.tables(), name)) ?? "");
				ctx.meta.$statusCode = 201;
				return drawer;
			},
		},

		cash: {
			rest: "POST /:id/cash",
			access: CASH_HANDLERS,
			description: "Cash put in (amountCents > 0) or taken out (amountCents < 0) of an open drawer by hand, with why.",
			params: {
				$$strict: "remove",
				id: "uuid",
				amountCents: { type: "number", integer: true, min: -MAX_CENTS, max: MAX_CENTS, convert: false, not: 0 },
				reason: { type: "string", trim: true, min: 1, max: 200 },
			},
			async handler(this: DrawerThis, ctx: Ctx<{ id: string; amountCents: number; reason: string }>): Promise<Drawer> {
				const { id, amountCents, reason } = ctx.params;
				return this.transaction(async trx => {
					await this.lockOpen(trx, id);
					await repo.addMovement(this.tables(trx), {
						id: crypto.randomUUID(),
						drawerId: id,
						amountCents,
						reason,
						by: actorOf(ctx),
						at: new Date(),
					});
					return (await repo.get(this.tables(trx), id))!;
				});
			},
		},

		close: {
			rest: "POST /:id/close",
			access: CASH_HANDLERS,
			description:
				"Counts an open drawer: expectedCents = float + cash in − cash out + cash payments (amount + tip) − cash refunds taken while it was open, frozen now; differenceCents = counted − expected.",
			params: { $$strict: "remove", id: "uuid", countedCents: cents(0) },
			async handler(this: DrawerThis, ctx: Ctx<{ id: string; countedCents: number }>): Promise<Drawer> {
				const { id, countedCents } = ctx.params;
				return this.transaction(async trx => {
					const open = await this.lockOpen(trx, id);
					const by = actorOf(ctx);
					await repo.close(this.tables(trx), id, { expectedCents: open.expectedCents, countedCents, by, at: new Date() });
					const drawer = (await repo.get(this.tables(trx), id))!;
					await this.recordEvent(trx, "drawer.closed", { drawer, by });
					return drawer;
				});
			},
		},

		list: {
			rest: "GET /",
			access: CASH_HANDLERS,
			params: { $$strict: "remove", status: { type: "enum", values: ["open", "closed"], optional: true } },
			async handler(this: DrawerThis, ctx: Ctx<{ status?: "open" | "closed" }>): Promise<Drawer[]> {
				return repo.list(this.tables(), ctx.params.status);
			},
		},
	},

	methods: {
		async lockOpen(this: DrawerThis, trx: Trx, id: string): Promise<Drawer> {
			const drawer = await repo.get(this.tables(trx), id, true);
			if (!drawer) throw DrawerErrors.notFound(id);
			if (drawer.status !== "open") throw DrawerErrors.closed(id);
			return drawer;
		},

		async takeCash(this: DrawerThis, event: { eventId: string; type: string }, entries: CashEntry[]): Promise<void> {
			if (entries.length) await this.handleOnce(event, trx => repo.addCash(this.tables(trx), entries));
		},
	},
};

interface DrawerMethods {
	lockOpen(trx: Trx, id: string): Promise<Drawer>;
	takeCash(event: { eventId: string; type: string }, entries: CashEntry[]): Promise<void>;
}

export default DrawerService as unknown as ServiceSchema;
