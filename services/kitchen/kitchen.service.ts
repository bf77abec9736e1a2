// The kitchen: tickets per order and station, kept from the order events in its own schema; cooks start
// and finish items, bump a ticket when it is done and recall it when they bumped too soon.
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { lockKey, type Trx } from "../../lib/db";
import {
	DEVICE_EVENTS,
	KITCHEN_EVENTS,
	KitchenErrors,
	ORDER_EVENTS,
	withoutPending,
	type OrderChange,
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
import { runtimeOf } from "../../lib/runtime";
import * as repo from "./repository";
import * as dispatch from "./dispatch";
import { afterBump, dispatchesOf, hasLiveItemAt, overdueOutcome, ticketsToBump, ticketsToRecall, waiterOf } from "./rules";

type KitchenThis = Service & DbMethods & KitchenMethods & { $sweeper?: NodeJS.Timeout; $stopping?: boolean };

/** Order changes that send work to the kitchen's screens: each (station, round) they send must be acknowledged. */
const SENDS_WORK: ReadonlySet<OrderChange> = new Set(["round_added", "course_fired", "item_remade"]);
/** Overdue tickets one sweep claims. */
const SWEEP_BATCH = 50;
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
				await this.followOrder(ctx.params, undefined);
			},
		},
		[ORDER_EVENTS.updated]: {
			group: "kitchen",
			context: true,
			async handler(this: KitchenThis, ctx: EventContext<"order.updated">) {
				const { change, itemIds } = ctx.params.data;
				await this.followOrder(ctx.params, SENDS_WORK.has(change) ? itemIds : null);
			},
		},
		// Where the device service put a ticket no screen acknowledged (its station's printer, or the expo).
		[DEVICE_EVENTS.ticketRerouted]: {
			group: "kitchen",
			context: true,
			async handler(this: KitchenThis, ctx: EventContext<"ticket.rerouted">) {
				const { ticket, round, to, printer } = ctx.params.data;
				await this.handleOnce(ctx.params, trx =>
					dispatch.routed(
						trx,
						SCHEMAS.kitchen,
						{ orderId: ticket.orderId, station: ticket.station, round },
						to,
						printer?.id ?? null,
					),
				);
			},
		},
	},

	actions: {
		/**
		 * A screen drew a ticket (the gateway forwards its socket's `ticket:ack`): the first ack is kept, again is a
		 * no-op. `late` when the ticket had already been re-routed.
		 */
		ack: {
			visibility: "public",
			params: {
				orderId: "uuid",
				station,
				round: { type: "number", integer: true, min: 1, max: 10_000 },
				by: { type: "string", max: 200 },
			},
			async handler(
				this: KitchenThis,
				ctx: Ctx<{ orderId: string; station: string; round: number; by: string }>,
			): Promise<{ ackedAt: string; first: boolean; late: boolean }> {
				const { by, ...key } = ctx.params;
				return dispatch.ack(this.db, SCHEMAS.kitchen, key, by);
			},
		},

		/** Per station: the last ack, and the open tickets overdue that no screen acknowledged (for GET /devices/stations). */
		dispatchStats: {
			visibility: "public",
			async handler(this: KitchenThis): Promise<dispatch.StationDispatch[]> {
				return dispatch.stations(this.db, SCHEMAS.kitchen);
			},
		},

		/** Every ticket (station, round) of an order the kitchen sent, and whether a screen acknowledged it or where it went instead. */
		dispatches: {
			rest: "GET /dispatches",
			access: ["admin", "manager"],
			params: { orderId: "uuid" },
			async handler(this: KitchenThis, ctx: Ctx<{ orderId: string }>) {
				const rows = await dispatch.ofOrder(this.db, SCHEMAS.kitchen, ctx.params.orderId);
				const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());
				return rows.map(r => ({
					orderId: r.order_id,
					station: r.station,
					round: r.round,
					sentAt: iso(r.sent_at),
					ackedAt: iso(r.acked_at),
					ackedBy: r.acked_by,
					reroutedAt: iso(r.rerouted_at),
					route: r.route,
					settledAt: iso(r.settled_at),
				}));
			},
		},

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
		/** Applies an order event; `sent` names the lines it sends to the screens (undefined: all of a new order's, null: none). */
		async followOrder(
			this: KitchenThis,
			event: DomainEvent<OrderPlaced | OrderUpdated>,
			sent: readonly string[] | undefined | null,
		): Promise<void> {
			const { ackSeconds } = runtimeOf(this.broker).config.dispatch;
			// A guest round waiting for a waiter's confirm is not the kitchen's until confirmed (round_added then).
			const order = withoutPending(event.data.order);
			await this.handleOnce(event, async trx => {
				// A takeout paid before it is cooked reaches the kitchen only once paid (never, if its link lapses).
				if (order.awaitingPayment !== undefined && !order.paidAt) return;
				await this.applyOrder(trx, order, new Date(event.at));
				if (ackSeconds > 0 && sent !== null)
					await dispatch.send(trx, SCHEMAS.kitchen, order.id, waiterOf(order), dispatchesOf(order.items, sent), ackSeconds);
			});
		},

		/**
		 * Claims overdue tickets (locked, skipping those another node's sweep holds) and, in the same transaction,
		 * records each one to re-route: one event per ticket however many sweepers run. A ticket a cook started, or
		 * with nothing left to make, is settled instead.
		 */
		async sweep(this: KitchenThis): Promise<number> {
			return this.transaction(async trx => {
				const rows = await dispatch.overdue(trx, SCHEMAS.kitchen, SWEEP_BATCH);
				let n = 0;
				for (const row of rows) {
					const [ticket] = await repo.ofOrder(this.tables(trx), row.order_id, row.station);
					if (overdueOutcome(ticket, row.round) === "settle") {
						await dispatch.mark(trx, SCHEMAS.kitchen, row, "settled");
						continue;
					}
					await dispatch.mark(trx, SCHEMAS.kitchen, row, "rerouted");
					await this.recordEvent(trx, KITCHEN_EVENTS.ticketUnacknowledged, {
						ticket,
						round: row.round,
						takenBy: row.taken_by,
						sentAt: new Date(row.sent_at ?? Date.now()).toISOString(),
					});
					n++;
				}
				if (n) this.logger.warn(`${n} ticket(s) no screen acknowledged in time: re-routed`);
				return n;
			});
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

	async started(this: KitchenThis) {
		const { ackSeconds } = runtimeOf(this.broker).config.dispatch;
		if (!ackSeconds) return;
		// A few sweeps per ack period, at most one a second.
		const every = Math.min(1000, ackSeconds * 250);
		this.$sweeper = setInterval(() => {
			if (!this.$stopping) this.sweep().catch(err => this.logger.warn("Dispatch sweep failed", err));
		}, every);
		this.$sweeper.unref();
	},

	async stopped(this: KitchenThis) {
		this.$stopping = true;
		clearInterval(this.$sweeper);
	},
};

interface KitchenMethods {
	followOrder(event: DomainEvent<OrderPlaced | OrderUpdated>, sent: readonly string[] | undefined | null): Promise<void>;
	sweep(): Promise<number>;
	applyOrder(trx: Trx, order: Order, at: Date): Promise<string[]>;
	moveItem(ctx: Ctx<{ itemId: string }>, status: "preparing" | "ready"): Promise<OrderItem & { orderId: string }>;
	markTickets(trx: Trx, ctx: Ctx<unknown>, tickets: Ticket[], to: "bumped" | "open", at: Date): Promise<Ticket[]>;
}

export default KitchenService as unknown as ServiceSchema;
