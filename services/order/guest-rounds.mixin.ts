// Guest rounds: lines a guest ordered from the table's QR page, pending until a waiter confirms (or sent at once).
// A pending line is on the order (the floor and the guest see it) but in no total, no ticket, no chit and no bill;
// a confirm sends it as a waiter's round would, a reject takes it off and gives its portions back. Both decide
// under the order's row lock, so a confirm racing a reject (or another confirm) wins once and the other is a 409.
// Also what the guest service asks of a table's order: which one is open there now.
import crypto from "node:crypto";
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { lockKey, type Trx } from "../../lib/db";
import { GUEST_ACTOR, GUEST_ROUND_LIMITS, GuestErrors, ORDER_EVENTS, type GuestRoundResult, type Order, type Table } from "../../contracts";
import { roundLines } from "../../lib/params";
import { pacingCourses, planRound } from "./courses";
import { assertOpen, nextRound } from "./rules";
import { confirmedBy, confirmPlan, pendingLines, returnedByReject } from "./guest-rounds";
import type { LineInput, Priced } from "./pricing";
import * as repo from "./repository";
import * as grepo from "./guest-repository";
import { STAFF, type Ctx, type OrderThis } from "./order-this";

type GuestMode = "confirm" | "direct";

interface GuestRoundParams {
	tableId: string;
	/** The order the guest's session follows (null: the table's open one, or a new one). */
	orderId?: string | null;
	items: LineInput[];
	mode: GuestMode;
	guestSessionId: string;
}

type RoundParams = { id: string; round: number };

interface GuestRoundMethods {
	guestRoundInto(
		trx: Trx,
		order: Order,
		priced: Priced,
		asked: LineInput[],
		p: GuestRoundParams,
		holdId?: string,
	): Promise<GuestRoundResult>;
	guestOrder(trx: Trx, table: Table, priced: Priced, asked: LineInput[], p: GuestRoundParams, holdId?: string): Promise<GuestRoundResult>;
	pendingRound(trx: Trx, order: Order, round: number): Promise<grepo.GuestRoundRow>;
	assertRoundMayWait(trx: Trx, order: Order, asked: LineInput[], sessionId: string): Promise<void>;
}

type This = OrderThis & GuestRoundMethods;

/** A guest's round: far smaller than a waiter's (GUEST_ROUND_LIMITS), checked again here for a caller other than the guest service. */
const guestLines = roundLines(GUEST_ROUND_LIMITS);

const roundParams = { id: "uuid", round: { type: "number", integer: true, min: 1, max: 10_000, convert: true } } as const;

export function GuestRoundsMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, This>> = {
		actions: {
			/**
			 * The order of the party at the table now, for the guest service: its open order, else its order billed and
			 * not yet paid (a phone scanning to pay). Not on HTTP.
			 */
			openOfTable: {
				visibility: "public",
				params: { tableId: "uuid" },
				async handler(this: This, ctx: Ctx<{ tableId: string }>): Promise<{ orderId: string | null }> {
					const t = this.tables();
					const id =
						(await repo.openOrderOfTable(t, ctx.params.tableId)) ?? (await grepo.billedUnpaidOfTable(t, ctx.params.tableId));
					return { orderId: id ?? null };
				},
			},

			/**
			 * A guest's round (the guest service checked the session): into the order the session follows, else the
			 * table's open order, else a new dine-in order. mode confirm: pending until a waiter confirms; direct: sent
			 * now as a waiter's round. Portions are taken now, so a dish sold out is refused to the guest (409). Not on HTTP.
			 */
			guestRound: {
				visibility: "public",
				params: {
					tableId: "uuid",
					orderId: { type: "uuid", optional: true, nullable: true },
					items: guestLines,
					mode: { type: "enum", values: ["confirm", "direct"] },
					guestSessionId: "uuid",
				},
				async handler(this: This, ctx: Ctx<GuestRoundParams>): Promise<GuestRoundResult> {
					const p = ctx.params;
					const table = await ctx.call<Table, { id: string }>("table.get", { id: p.tableId });
					const priced = await this.priceLines(ctx, p.items);
					const holdId = await this.holdPortions(ctx, priced.countdown, () => crypto.randomUUID());
					try {
						return await this.transaction(async trx => {
							// Two phones of one table starting its order at once: one starts it, the other's round joins it.
							await lockKey(trx, `orders:table:${table.id}`);
							const openId = p.orderId ?? (await repo.openOrderOfTable(this.tables(trx), table.id));
							if (!openId) return this.guestOrder(trx, table, priced, p.items, p, holdId);
							const order = await this.lockOpen(trx, openId);
							if (order.tableId !== table.id) throw GuestErrors.sessionEnded("moved");
							return this.guestRoundInto(trx, order, priced, p.items, p, holdId);
						});
					} catch (err) {
						await this.releaseHold(ctx, holdId, err);
						throw err;
					}
				},
			},

			/** A waiter sends a guest's pending round to the kitchen, as their own round would go (course pacing included). */
			confirmGuestRound: {
				rest: "POST /:id/guest-rounds/:round/confirm",
				access: STAFF,
				params: roundParams,
				async handler(this: This, ctx: Ctx<RoundParams>): Promise<Order> {
					const user = this.userOf(ctx);
					return this.transaction(async trx => {
						const order = await this.lockOrder(trx, ctx.params.id);
						const round = await this.pendingRound(trx, order, ctx.params.round);
						// Billed meanwhile: the bill left these lines out; the round can only be rejected now.
						assertOpen(order);
						const plan = confirmPlan(order, round.round);
						const who = confirmedBy(order, user);
						const now = new Date();
						if (who.takesTable) await grepo.takeOver(this.tables(trx), order.id, user);
						await grepo.confirmLines(this.tables(trx), plan.lines, who.takenBy, now);
						await grepo.decide(this.tables(trx), round.id, "confirmed", user, now);
						return this.settle(trx, order, {
							change: "round_added",
							itemIds: plan.lines.map(l => l.id),
							round: round.round,
							by: user,
							firedCourse: plan.firedCourse,
							guest: { status: "confirmed", sessionId: round.sessionId },
						});
					});
				},
			},

			/** A waiter turns a guest's pending round down: its lines go, their portions come back. */
			rejectGuestRound: {
				rest: "POST /:id/guest-rounds/:round/reject",
				access: STAFF,
				params: roundParams,
				async handler(this: This, ctx: Ctx<RoundParams>): Promise<Order> {
					const user = this.userOf(ctx);
					return this.transaction(async trx => {
						const order = await this.lockOrder(trx, ctx.params.id);
						const round = await this.pendingRound(trx, order, ctx.params.round);
						const pending = pendingLines(order, round.round);
						const returned = returnedByReject(pending);
						await grepo.deleteLines(
							this.tables(trx),
							pending.map(l => l.id),
						);
						await grepo.decide(this.tables(trx), round.id, "rejected", user, new Date());
						return this.settle(trx, order, {
							change: "guest_round_rejected",
							itemIds: pending.map(l => l.id),
							round: round.round,
							by: user,
							...(returned.length > 0 && { returned }),
							guest: { status: "rejected", sessionId: round.sessionId },
						});
					});
				},
			},
		},

		methods: {
			/**
			 * A round that would wait for the waiter may: 409 GUEST_ROUND_WAITING while this session's last round still
			 * waits, or when the table's waiting portions would pass GUEST_ROUND_LIMITS.maxPendingPortions. Under the
			 * order's lock, so two rounds from one phone at once: one waits, the other is refused.
			 */
			async assertRoundMayWait(this: This, trx: Trx, order: Order, asked: LineInput[], sessionId: string): Promise<void> {
				if (await grepo.hasPendingRound(this.tables(trx), order.id, sessionId)) throw GuestErrors.roundAwaitingWaiter("session");
				// Dishes, not their sides (an option cooked at another station is a line of the same portion).
				const waiting = order.items.filter(i => i.status === "pending" && !i.partOf).reduce((n, i) => n + i.quantity, 0);
				const more = asked.reduce((n, l) => n + l.quantity, 0);
				if (waiting + more > GUEST_ROUND_LIMITS.maxPendingPortions) throw GuestErrors.roundAwaitingWaiter("table");
			},

			/** The pending guest round of that number on the locked order, or 409 naming what became of it. */
			async pendingRound(this: This, trx: Trx, order: Order, round: number): Promise<grepo.GuestRoundRow> {
				const row = await grepo.latestRound(this.tables(trx), order.id, round);
				if (row?.status !== "pending" || !pendingLines(order, round).length)
					throw GuestErrors.roundNotPending(order.id, round, row?.status ?? null);
				return row;
			},

			async guestRoundInto(
				this: This,
				trx: Trx,
				order: Order,
				priced: Priced,
				asked: LineInput[],
				p: GuestRoundParams,
				holdId?: string,
			): Promise<GuestRoundResult> {
				if (p.mode === "confirm") await this.assertRoundMayWait(trx, order, asked, p.guestSessionId);
				const round = nextRound(order.items);
				const now = new Date();
				const waiter = order.assignedTo ?? order.createdBy;
				const guest = { status: p.mode === "direct" ? ("sent" as const) : ("pending" as const), sessionId: p.guestSessionId };
				await grepo.insertRound(
					this.tables(trx),
					{ id: crypto.randomUUID(), orderId: order.id, round, status: guest.status, sessionId: p.guestSessionId },
					now,
				);
				const itemIds = priced.items.map(i => i.id);
				if (p.mode === "direct") {
					const plan = planRound(
						{ firedCourse: order.firedCourse, items: order.items.filter(i => i.status !== "pending") },
						pacingCourses(
							order.type,
							priced.items,
							asked.map(l => l.course),
						),
					);
					const items = priced.items.map((i, n) => ({ ...i, held: plan.held[n] }));
					await repo.insertItems(this.tables(trx), order.id, round, order.items.length, items, waiter, now);
					await this.settle(trx, order, {
						change: "round_added",
						itemIds,
						round,
						by: null,
						firedCourse: plan.firedCourse,
						...(holdId && { holdId }),
						guest,
					});
					return { status: "sent", orderId: order.id, round };
				}
				const items = priced.items.map(i => ({ ...i, held: true }));
				await repo.insertItems(this.tables(trx), order.id, round, order.items.length, items, waiter, now);
				await grepo.markPending(this.tables(trx), itemIds);
				await this.settle(trx, order, { change: "guest_round", itemIds, round, by: null, ...(holdId && { holdId }), guest });
				return { status: "pending_confirmation", orderId: order.id, round };
			},

			async guestOrder(
				this: This,
				trx: Trx,
				table: Table,
				priced: Priced,
				asked: LineInput[],
				p: GuestRoundParams,
				holdId?: string,
			): Promise<GuestRoundResult> {
				const now = new Date();
				const direct = p.mode === "direct";
				const plan = planRound(
					null,
					pacingCourses(
						"dine_in",
						priced.items,
						asked.map(l => l.course),
					),
				);
				const base = {
					id: crypto.randomUUID(),
					type: "dine_in" as const,
					tableId: table.id,
					tableName: table.name,
					name: null,
					pickupAt: null,
					covers: null,
					// Pending lines send nothing: the confirm moves the order on to their course.
					firedCourse: direct ? plan.firedCourse : 0,
					notes: "",
					createdBy: GUEST_ACTOR,
				};
				await repo.insertEmpty(this.tables(trx), { ...base, assignedTo: null });
				const items = priced.items.map((i, n) => ({ ...i, held: direct ? plan.held[n] : true }));
				await repo.insertItems(this.tables(trx), base.id, 1, 0, items, GUEST_ACTOR, now);
				if (!direct)
					await grepo.markPending(
						this.tables(trx),
						items.map(i => i.id),
					);
				const guest = { status: direct ? ("sent" as const) : ("pending" as const), sessionId: p.guestSessionId };
				await grepo.insertRound(
					this.tables(trx),
					{ id: crypto.randomUUID(), orderId: base.id, round: 1, status: guest.status, sessionId: p.guestSessionId },
					now,
				);
				const order = (await repo.find(this.tables(trx), base.id))!;
				await this.recordEvent(trx, ORDER_EVENTS.placed, { order, by: GUEST_ACTOR, ...(holdId && { holdId }), guest });
				return { status: direct ? "sent" : "pending_confirmation", orderId: order.id, round: 1 };
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
