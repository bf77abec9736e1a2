// Orders: priced from the menu at the moment they are placed (name, price, station and chosen options copied
// in), for a table, a takeout or a bar tab; rounds added to an open order, their later courses held until fired;
// serve, and the kitchen's moves. The item statuses live here, so a cook's tap and a waiter's void on the same
// item are decided by one row lock: one wins, the other gets a 409. Beside it: voids, cancel, comps and remakes
// (line-changes.mixin.ts), fires (courses.mixin.ts), the kitchen's moves (kitchen-moves.mixin.ts), bills and
// payment (bill.mixin.ts), what is asked of the menu (menu-calls.mixin.ts), and moves, merges and hand-overs
// (transfers.mixin.ts).
import crypto from "node:crypto";
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin } from "../../mixins/db.mixin";
import { IdempotencyMixin } from "../../mixins/idempotency.mixin";
import { SCHEMAS } from "../../lib/config";
import { isUniqueViolation, lockKey, type Trx } from "../../lib/db";
import {
	CommonErrors,
	ORDER_EVENTS,
	ORDER_STATUSES,
	ORDER_TYPES,
	OrderErrors,
	type Order,
	type OrderStatus,
	type OrderType,
	type Table,
} from "../../contracts";
import { assertOpen, deriveStatus, itemsToServe, nextRound } from "./rules";
import { pacingCourses, planRound } from "./courses";
import { assertDetails, detailsChange, type DetailsPatch } from "./details";
import { covers, guestName, lines, notes, pickupAt } from "./params";
import { assertKitchenOpen } from "./takeout";
import type { LineInput } from "./pricing";
import * as repo from "./repository";
import { addCollector, increment, METRICS, setOrderItems } from "../../lib/metrics";
import { BillMixin } from "./bill.mixin";
import { CoursesMixin } from "./courses.mixin";
import { KitchenMovesMixin } from "./kitchen-moves.mixin";
import { LineChangesMixin } from "./line-changes.mixin";
import { MenuCallsMixin } from "./menu-calls.mixin";
import { TransfersMixin } from "./transfers.mixin";
import { GuestRoundsMixin } from "./guest-rounds.mixin";
import { TakeoutMixin } from "./takeout.mixin";
import { STAFF, type Change, type Ctx, type OrderThis } from "./order-this";

interface PlaceParams {
	type?: OrderType;
	tableId?: string | null;
	name?: string | null;
	pickupAt?: string | null;
	covers?: number | null;
	notes?: string;
	items: LineInput[];
}

const OrderService: ServiceSchema<ServiceSettingSchema, OrderThis> = {
	name: "order",
	mixins: [
		DbMixin("order", SCHEMAS.order),
		IdempotencyMixin(),
		MenuCallsMixin(),
		CoursesMixin(),
		LineChangesMixin(),
		KitchenMovesMixin(),
		BillMixin(),
		TransfersMixin(),
		GuestRoundsMixin(),
		TakeoutMixin(),
	],
	settings: {
		rest: "/orders",
	},

	actions: {
		place: {
			rest: "POST /",
			access: STAFF,
			params: {
				$$strict: "remove",
				type: { type: "enum", values: [...ORDER_TYPES], optional: true },
				tableId: { type: "uuid", optional: true, nullable: true },
				name: guestName,
				pickupAt,
				covers,
				items: lines,
				notes: { ...notes, max: 500 },
			},
			async handler(this: OrderThis, ctx: Ctx<PlaceParams>): Promise<Order> {
				const user = this.userOf(ctx);
				const p = ctx.params;
				const type = p.type ?? "dine_in";
				assertDetails({ type, tableId: p.tableId, name: p.name, pickupAt: p.pickupAt }, new Date());
				const orderId = crypto.randomUUID();
				let placed = false;
				let holdId: string | undefined;
				const order = await this.idempotent<Order>(ctx, {
					scope: "place",
					resultId: orderId,
					load: id => this.mustFind(id),
					prepare: async () => {
						// Takeouts and tabs have no table to ask about.
						const [table, priced] = await Promise.all([
							p.tableId ? ctx.call<Table, { id: string }>("table.get", { id: p.tableId }) : null,
							this.priceLines(ctx, p.items),
						]);
						// Before the transaction: the portions are ours before the order exists, given back if it never does.
						holdId = await this.holdPortions(ctx, priced.countdown, () => this.resultIdFor(ctx, "place:hold"));
						return async trx => {
							const now = new Date();
							const round = planRound(
								null,
								pacingCourses(
									type,
									priced.items,
									p.items.map(l => l.course),
								),
							);
							const order = await repo.insert(
								this.tables(trx),
								{
									id: orderId,
									type,
									tableId: table?.id ?? null,
									tableName: table?.name ?? null,
									name: p.name ?? null,
									pickupAt: p.pickupAt ? new Date(p.pickupAt).toISOString() : null,
									covers: p.covers ?? null,
									firedCourse: round.firedCourse,
									notes: p.notes ?? "",
									createdBy: user,
								},
								priced.items.map((i, n) => ({ ...i, held: round.held[n] })),
								now,
							);
							await this.recordEvent(trx, ORDER_EVENTS.placed, { order, by: user, ...(holdId && { holdId }) });
							placed = true;
							return order;
						};
					},
				}).catch(async err => {
					await this.releaseHold(ctx, holdId, err);
					// orders_one_open_per_table: name the open order, so the tablet can offer to add a round to it.
					if (isUniqueViolation(err) && p.tableId) {
						throw OrderErrors.tableHasOpenOrder(p.tableId, await repo.openOrderOfTable(this.tables(), p.tableId));
					}
					throw err;
				});
				// Committed now; a replay of the same Idempotency-Key never ran the transaction.
				if (placed) increment(this.broker, METRICS.ordersPlaced);
				ctx.meta.$statusCode = 201;
				return order;
			},
		},

		list: {
			rest: "GET /",
			access: ["staff", "admin", "kitchen"],
			params: {
				status: { type: "enum", values: [...ORDER_STATUSES], optional: true },
				tableId: { type: "uuid", optional: true },
				type: { type: "enum", values: [...ORDER_TYPES], optional: true },
				limit: { type: "number", integer: true, min: 1, max: 500, optional: true, convert: true },
			},
			async handler(
				this: OrderThis,
				ctx: Ctx<{ status?: OrderStatus; tableId?: string; type?: OrderType; limit?: number }>,
			): Promise<Order[]> {
				return repo.list(this.tables(), { ...ctx.params, limit: ctx.params.limit ?? 100 });
			},
		},

		get: {
			rest: "GET /:id",
			access: ["staff", "admin", "kitchen"],
			params: { id: "uuid" },
			async handler(this: OrderThis, ctx: Ctx<{ id: string }>): Promise<Order> {
				return this.mustFind(ctx.params.id);
			},
		},

		/** Who the order is for (covers, name, pickup time) and its notes, while it is open. */
		update: {
			rest: "PATCH /:id",
			access: STAFF,
			params: {
				$$strict: "remove",
				id: "uuid",
				covers,
				name: guestName,
				pickupAt,
				notes: { ...notes, max: 500 },
			},
			async handler(this: OrderThis, ctx: Ctx<DetailsPatch & { id: string }>): Promise<Order> {
				const user = this.userOf(ctx);
				const { id, ...patch } = ctx.params;
				const fields = ["covers", "name", "pickupAt", "notes"] as const;
				if (fields.every(f => patch[f] === undefined)) throw CommonErrors.nothingToChange([...fields]);
				return this.transaction(async trx => {
					const order = await this.lockOpen(trx, id);
					const change = detailsChange(order, patch, new Date());
					// The same values again: nothing changed, no event, same version.
					if (!Object.keys(change).length) return order;
					await repo.setDetails(this.tables(trx), order.id, change);
					return this.settle(trx, order, { change: "details_changed", itemIds: [], by: user });
				});
			},
		},

		addItems: {
			rest: "POST /:id/items",
			access: STAFF,
			params: { $$strict: "remove", id: "uuid", items: lines },
			async handler(this: OrderThis, ctx: Ctx<{ id: string; items: LineInput[] }>): Promise<Order> {
				const user = this.userOf(ctx);
				let holdId: string | undefined;
				return this.idempotent<Order>(ctx, {
					scope: `round:${ctx.params.id}`,
					resultId: ctx.params.id,
					load: id => this.mustFind(id),
					prepare: async () => {
						const priced = await this.priceLines(ctx, ctx.params.items);
						holdId = await this.holdPortions(ctx, priced.countdown, () => this.resultIdFor(ctx, `round:${ctx.params.id}:hold`));
						return async trx => {
							const order = await this.lockOpen(trx, ctx.params.id);
							const round = nextRound(order.items);
							// Nothing of the order in the kitchen: this round's first course goes; later courses wait.
							const plan = planRound(
								order,
								pacingCourses(
									order.type,
									priced.items,
									ctx.params.items.map(l => l.course),
								),
							);
							const items = priced.items.map((i, n) => ({ ...i, held: plan.held[n] }));
							await repo.insertItems(this.tables(trx), order.id, round, order.items.length, items, user, new Date());
							return this.settle(trx, order, {
								change: "round_added",
								itemIds: items.map(i => i.id),
								round,
								...(holdId && { holdId }),
								by: user,
								firedCourse: plan.firedCourse,
							});
						};
					},
				}).catch(async err => {
					await this.releaseHold(ctx, holdId, err);
					throw err;
				});
			},
		},

		serve: {
			rest: "POST /:id/serve",
			access: STAFF,
			params: {
				$$strict: "remove",
				id: "uuid",
				// Each line once; 200 is more lines than any table's order has, far short of a body worth refusing.
				itemIds: { type: "array", items: "uuid", min: 1, max: 200, unique: true, optional: true },
			},
			async handler(this: OrderThis, ctx: Ctx<{ id: string; itemIds?: string[] | null }>): Promise<Order> {
				const user = this.userOf(ctx);
				const { id, itemIds } = ctx.params;
				// `optional` lets null through; null is not "everything ready", so it is refused rather than guessed at.
				if (itemIds === null)
					throw CommonErrors.invalidField(
						"itemIds",
						"array",
						"The 'itemIds' field must be an array of item ids, or left out to serve every ready item",
					);
				return this.transaction(async trx => {
					// The order's row lock puts two tablets serving at once in line: the second sees the first's serve.
					const order = await this.lockOrder(trx, id);
					// A paid takeout is handed over at the counter after it was paid.
					assertKitchenOpen(order);
					const served = itemsToServe(order, itemIds);
					await repo.setItems(this.tables(trx), served, { status: "served" });
					return this.settle(trx, order, { change: "served", itemIds: served, by: user });
				});
			},
		},
	},

	methods: {
		userOf(this: OrderThis, ctx: Ctx<unknown>): string {
			const id = ctx.meta.user?.id;
			if (!id) throw CommonErrors.unauthorized();
			return id;
		},

		/** Locks the order (404 when there is none). */
		async lockOrder(this: OrderThis, trx: Trx, id: string): Promise<Order> {
			const order = await repo.find(this.tables(trx), id, true);
			if (!order) throw OrderErrors.notFound(id);
			return order;
		},

		/** Locks the order for a change; a billed, paid or cancelled order cannot change (409). */
		async lockOpen(this: OrderThis, trx: Trx, id: string): Promise<Order> {
			const order = await this.lockOrder(trx, id);
			assertOpen(order);
			return order;
		},

		/** After the items changed: the order's derived status and next version, and the event, in the same transaction. */
		async settle(this: OrderThis, trx: Trx, locked: Order, change: Change): Promise<Order> {
			const { status: forced, firedCourse, covers, ...event }: Change = change;
			// Read once after the item changes; the status and version written are applied to this copy.
			const changed = (await repo.find(this.tables(trx), locked.id))!;
			const status = forced ?? deriveStatus(locked.status, changed.items);
			const order = await repo.touch(this.tables(trx), changed, status, {
				...(status === "cancelled" && { cancelReason: change.reason }),
				...(firedCourse !== undefined && firedCourse !== changed.firedCourse && { firedCourse }),
				...(covers !== undefined && covers !== changed.covers && { covers }),
			});
			// The last open order of the table was cancelled (or lost its last item): the table may be freed.
			if (status === "cancelled") event.tableClear = await this.tableClear(trx, order);
			await this.recordEvent(trx, ORDER_EVENTS.updated, { order, ...event });
			return order;
		},

		async mustFind(this: OrderThis, id: string): Promise<Order> {
			const order = await repo.find(this.tables(), id);
			if (!order) throw OrderErrors.notFound(id);
			return order;
		},

		/** True when nothing but `order` (and its bill-mates) is open or unpaid at its table; false for an order without one. */
		async tableClear(this: OrderThis, trx: Trx, order: Order, others: string[] = []): Promise<boolean> {
			// A takeout or a tab frees no table (and an older table node reads a missing tableClear as true).
			if (!order.tableId) return false;
			// Two bills of one table settling at once would each still see the other's orders unpaid: take turns.
			await lockKey(trx, `orders:table:${order.tableId}`);
			return (await repo.unsettledCount(this.tables(trx), order.tableId, [order.id, ...others])) === 0;
		},
	},

	started(this: OrderThis) {
		// Items by status on open orders, read from this schema: right whichever node changed them.
		this.removeCollector = addCollector(this.broker, async () => setOrderItems(this.broker, await repo.openItemCounts(this.tables())));
	},

	stopped(this: OrderThis) {
		this.removeCollector?.();
	},
};

export default OrderService as unknown as ServiceSchema;
