// The kitchen: tickets per order and station, kept from the order events in its own schema; cooks start
// and finish items, bump a ticket when it is done and recall it when they bumped too soon.
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { lockKey, type Trx } from "../../lib/db";
import {
	KITCHEN_EVENTS,
	KitchenErrors,
	ORDER_EVENTS,
	type DomainEvent,
	type EventContext,
	type GatewayMeta,
	type Order,
	type OrderItem,
	type OrderPlaced,
	type OrderUpdated,
	type Ticket,
} from "../../contracts";
import { stationParam } from "../../lib/params";
import * as repo from "./repository";
import { afterBump, hasLiveItemAt, ticketsToBump, ticketsToRecall } from "./rules";

type KitchenThis = Service & DbMethods & KitchenMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const station = stationParam;
const COOKS = ["kitchen", "admin"] as const;

const KitchenService: ServiceSchema<ServiceSettingSchema, KitchenThis> = {
	name: "kitchen",
	mixins: [DbMixin("kitchen", SCHEMAS.kitchen)],
	settings: {
		rest: "/kitchen",
	},

	channels: {
		[ORDER_EVENTS.placed]: {
			group: "kitchen",
			context: true,
			async handler(this: KitchenThis, ctx: EventContext<"order.placed">) {
				await this.followOrder(ctx.params);
			},
		},
		[ORDER_EVENTS.updated]: {
			group: "kitchen",
			context: true,
			async handler(this: KitchenThis, ctx: EventContext<"order.updated">) {
				await this.followOrder(ctx.params);
			},
		},
	},

	actions: {
		tickets: {
			rest: "GET /tickets",
			access: ["kitchen", "admin", "staff"],
			params: {
				station: { ...station, optional: true },
				// "bumped" lists the most recently bumped tickets, for a recall screen.
				status: { type: "enum", values: ["open", "bumped"], optional: true },
				limit: { type: "number", integer: true, min: 1, max: 500, optional: true, convert: true },
			},
			async handler(
				this: KitchenThis,
				ctx: Ctx<{ station?: string; status?: "open" | "bumped"; limit?: number }>,
			): Promise<Ticket[]> {
				return repo.list(this.tables(), {
					station: ctx.params.station,
					status: ctx.params.status ?? "open",
					limit: ctx.params.limit ?? 200,
				});
			},
		},

		start: {
			rest: "POST /items/:itemId/start",
			access: COOKS,
			params: { itemId: "uuid" },
			async handler(this: KitchenThis, ctx: Ctx<{ itemId: string }>) {
				return this.moveItem(ctx, "preparing");
			},
		},

		ready: {
			rest: "POST /items/:itemId/ready",
			access: COOKS,
			params: { itemId: "uuid" },
			async handler(this: KitchenThis, ctx: Ctx<{ itemId: string }>) {
				return this.moveItem(ctx, "ready");
			},
		},

		bump: {
			rest: "POST /tickets/:orderId/bump",
			access: COOKS,
			params: { orderId: "uuid", station: { ...station, optional: true } },
			async handler(this: KitchenThis, ctx: Ctx<{ orderId: string; station?: string }>): Promise<Ticket[]> {
				const { orderId, station } = ctx.params;
				// The items first (the order service owns them, idempotently), then the ticket: a crash in between
				// leaves a ticket whose items are all ready, and bumping it again finishes the job.
				const order = await ctx.call<Order, { orderId: string; station?: string }>("order.readyStation", { orderId, station });
				// The order comes back unchanged when no live item sits at the station: no ticket to bump, whatever the order's state.
				if (!hasLiveItemAt(order.items, station)) throw KitchenErrors.ticketNotFound(orderId, station);
				return this.transaction(async trx => {
					const now = new Date();
					await this.applyOrder(trx, order, now);
					const tickets = await repo.ofOrder(this.tables(trx), orderId, station, true);
					return this.markTickets(trx, ctx, ticketsToBump(tickets, orderId, station), "bumped", now);
				});
			},
		},

		recall: {
			rest: "POST /tickets/:orderId/recall",
			access: COOKS,
			params: { orderId: "uuid", station: { ...station, optional: true } },
			async handler(this: KitchenThis, ctx: Ctx<{ orderId: string; station?: string }>): Promise<Ticket[]> {
				const { orderId, station } = ctx.params;
				return this.transaction(async trx => {
					const tickets = await repo.ofOrder(this.tables(trx), orderId, station, true);
					return this.markTickets(trx, ctx, ticketsToRecall(tickets, orderId, station), "open", new Date());
				});
			},
		},
	},

	methods: {
		async followOrder(this: KitchenThis, event: DomainEvent<OrderPlaced | OrderUpdated>): Promise<void> {
			await this.handleOnce(event, trx => this.applyOrder(trx, event.data.order, new Date(event.at)));
		},

		/**
		 * Brings the order's tickets up to a snapshot. The event consumer and a bump may both write an order's
		 * first ticket at once; a row lock cannot serialise them before the row exists, so they take turns on the order.
		 */
		async applyOrder(this: KitchenThis, trx: Trx, order: Order, at: Date): Promise<string[]> {
			await lockKey(trx, `kitchen:order:${order.id}`);
			return repo.applyOrder(this.tables(trx), order, at);
		},

		/** Start or finish one item through the order service, which decides races; the ticket follows from its event. */
		async moveItem(
			this: KitchenThis,
			ctx: Ctx<{ itemId: string }>,
			status: "preparing" | "ready",
		): Promise<OrderItem & { orderId: string }> {
			const { order, item } = await ctx.call<{ order: Order; item: OrderItem }, { itemId: string; status: string }>(
				"order.setItemStatus",
				{ itemId: ctx.params.itemId, status },
			);
			return { ...item, orderId: order.id };
		},

		/**
		 * Bumps or recalls tickets and records each change. A bumped ticket the bump itself fired the next course onto
		 * (FIRE_NEXT_COURSE=on_bump, same station) is back on the rail at once: the event still says "bumped".
		 */
		async markTickets(
			this: KitchenThis,
			trx: Trx,
			ctx: Ctx<unknown>,
			tickets: Ticket[],
			to: "bumped" | "open",
			at: Date,
		): Promise<Ticket[]> {
			const done: Ticket[] = [];
			for (const t of tickets) {
				if (to === "bumped") {
					const next = afterBump(t);
					await repo.setStatus(this.tables(trx), t, next.status, at, {
						bumped: true,
						...(next.status === "open" && { placedAt: next.placedAt }),
					});
				} else {
					await repo.setStatus(this.tables(trx), t, "open", at);
				}
				const [ticket] = await repo.ofOrder(this.tables(trx), t.orderId, t.station);
				await this.recordEvent(trx, KITCHEN_EVENTS.ticketUpdated, {
					ticket,
					change: to === "bumped" ? "bumped" : "recalled",
					by: ctx.meta.user?.id ?? null,
				});
				done.push(ticket);
			}
			return done;
		},
	},
};

interface KitchenMethods {
	followOrder(event: DomainEvent<OrderPlaced | OrderUpdated>): Promise<void>;
	applyOrder(trx: Trx, order: Order, at: Date): Promise<string[]>;
	moveItem(ctx: Ctx<{ itemId: string }>, status: "preparing" | "ready"): Promise<OrderItem & { orderId: string }>;
	markTickets(trx: Trx, ctx: Ctx<unknown>, tickets: Ticket[], to: "bumped" | "open", at: Date): Promise<Ticket[]>;
}

export default KitchenService as unknown as ServiceSchema;
