// Orders: priced from the menu at the moment they are placed (name, price and station copied in), rounds
// added to an open order, voids, cancel and serve. The item statuses live here, so a cook's tap and a
// waiter's void on the same item are decided by one row lock: one wins, the other gets a 409.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { IdempotencyMixin, type IdempotencyMethods } from "../../mixins/idempotency.mixin";
import { SCHEMAS } from "../../lib/config";
import { isUniqueViolation, lockKey, type Trx } from "../../lib/db";
import {
	BILLING_EVENTS,
	CommonErrors,
	ORDER_EVENTS,
	ORDER_STATUSES,
	OrderErrors,
	type BillSettled,
	type EventContext,
	type GatewayMeta,
	type MenuItem,
	type Order,
	type OrderItem,
	type OrderStatus,
	type OrderUpdated,
	type Table,
} from "../../contracts";
import {
	assertKitchenMove,
	assertOpen,
	assertServed,
	deriveStatus,
	itemToVoid,
	itemsToServe,
	linesToCancel,
	nextRound,
	readyAtStation,
	type KitchenMove,
} from "./rules";
import * as repo from "./repository";
import { addCollector, increment, METRICS, observe, setOrderItems } from "../../lib/metrics";

type OrderThis = Service & DbMethods & IdempotencyMethods & OrderMethods & { removeCollector?: () => void };
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

interface LineInput {
	menuItemId: string;
	quantity: number;
	notes?: string;
}

const notes = { type: "string", trim: true, max: 200, optional: true } as const;
const lines = {
	type: "array",
	min: 1,
	max: 50,
	items: {
		type: "object",
		strict: "remove",
		props: {
			menuItemId: "uuid",
			// A dozen of one dish is a big table; 99 is a typo's ceiling, not an order.
			quantity: { type: "number", integer: true, min: 1, max: 99, convert: false },
			notes,
		},
	},
} as const;
const reason = { type: "string", trim: true, min: 1, max: 200 } as const;

const STAFF = ["staff", "admin"] as const;

const OrderService: ServiceSchema<ServiceSettingSchema, OrderThis> = {
	name: "order",
	mixins: [DbMixin("order", SCHEMAS.order), IdempotencyMixin()],
	settings: {
		rest: "/orders",
	},

	channels: {
		// The bill is paid: its orders are paid, and the table is told whether anything is left open on it.
		[BILLING_EVENTS.settled]: {
			group: "order",
			context: true,
			async handler(this: OrderThis, ctx: EventContext<"bill.settled">) {
				await this.handleOnce(ctx.params, trx => this.markPaid(trx, ctx.params.data));
			},
		},
	},

	actions: {
		place: {
			rest: "POST /",
			access: STAFF,
			params: { $$strict: "remove", tableId: "uuid", items: lines, notes: { ...notes, max: 500 } },
			async handler(this: OrderThis, ctx: Ctx<{ tableId: string; items: LineInput[]; notes?: string }>): Promise<Order> {
				const user = this.userOf(ctx);
				const orderId = crypto.randomUUID();
				let placed = false;
				const order = await this.idempotent<Order>(ctx, {
					scope: "place",
					resultId: orderId,
					load: id => this.mustFind(id),
					prepare: async () => {
						const [table, priced] = await Promise.all([
							ctx.call<Table, { id: string }>("table.get", { id: ctx.params.tableId }),
							this.priceLines(ctx, ctx.params.items),
						]);
						return async trx => {
							const order = await repo.insert(
								this.tables(trx),
								{ id: orderId, tableId: table.id, tableName: table.name, notes: ctx.params.notes ?? "", createdBy: user },
								priced,
							);
							await this.recordEvent(trx, ORDER_EVENTS.placed, { order, by: user });
							placed = true;
							return order;
						};
					},
				}).catch(async err => {
					// orders_one_open_per_table: name the open order, so the tablet can offer to add a round to it.
					if (isUniqueViolation(err)) {
						throw OrderErrors.tableHasOpenOrder(
							ctx.params.tableId,
							await repo.openOrderOfTable(this.tables(), ctx.params.tableId),
						);
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
				limit: { type: "number", integer: true, min: 1, max: 500, optional: true, convert: true },
			},
			async handler(this: OrderThis, ctx: Ctx<{ status?: OrderStatus; tableId?: string; limit?: number }>): Promise<Order[]> {
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

		addItems: {
			rest: "POST /:id/items",
			access: STAFF,
			params: { $$strict: "remove", id: "uuid", items: lines },
			async handler(this: OrderThis, ctx: Ctx<{ id: string; items: LineInput[] }>): Promise<Order> {
				const user = this.userOf(ctx);
				return this.idempotent<Order>(ctx, {
					scope: `round:${ctx.params.id}`,
					resultId: ctx.params.id,
					load: id => this.mustFind(id),
					prepare: async () => {
						const priced = await this.priceLines(ctx, ctx.params.items);
						return async trx => {
							const order = await this.lockOpen(trx, ctx.params.id);
							const round = nextRound(order.items);
							await repo.insertItems(this.tables(trx), order.id, round, order.items.length, priced, user);
							return this.settle(trx, order, { change: "round_added", itemIds: priced.map(p => p.id), round, by: user });
						};
					},
				});
			},
		},

		voidItem: {
			rest: "POST /:id/items/:itemId/void",
			access: STAFF,
			params: { $$strict: "remove", id: "uuid", itemId: "uuid", reason },
			async handler(this: OrderThis, ctx: Ctx<{ id: string; itemId: string; reason: string }>): Promise<Order> {
				const user = this.userOf(ctx);
				return this.transaction(async trx => {
					const order = await this.lockOpen(trx, ctx.params.id);
					const item = itemToVoid(order.items, ctx.params.itemId, ctx.meta.user?.role);
					await repo.setItems(this.tables(trx), [item.id], { status: "voided", voidReason: ctx.params.reason, voidedBy: user });
					return this.settle(trx, order, { change: "item_voided", itemIds: [item.id], reason: ctx.params.reason, by: user });
				});
			},
		},

		cancel: {
			rest: "POST /:id/cancel",
			access: STAFF,
			params: { $$strict: "remove", id: "uuid", reason },
			async handler(this: OrderThis, ctx: Ctx<{ id: string; reason: string }>): Promise<Order> {
				const user = this.userOf(ctx);
				return this.transaction(async trx => {
					const order = await this.lockOpen(trx, ctx.params.id);
					const live = linesToCancel(order);
					await repo.setItems(this.tables(trx), live, { status: "voided", voidReason: ctx.params.reason, voidedBy: user });
					return this.settle(trx, order, {
						change: "cancelled",
						itemIds: live,
						reason: ctx.params.reason,
						by: user,
						status: "cancelled",
					});
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
					const order = await this.lockOpen(trx, id);
					const served = itemsToServe(order, itemIds);
					await repo.setItems(this.tables(trx), served, { status: "served" });
					return this.settle(trx, order, { change: "served", itemIds: served, by: user });
				});
			},
		},

		/**
		 * Billing takes the table's open orders onto bill `billId`: they become `billed` and can no longer change.
		 * Every live item must have been served. Calling again with the same bill id returns the same orders.
		 * Not on HTTP: POST /billing/bills calls it.
		 */
		bill: {
			visibility: "public",
			params: { tableId: "uuid", billId: "uuid" },
			async handler(this: OrderThis, ctx: Ctx<{ tableId: string; billId: string }>): Promise<Order[]> {
				const { tableId, billId } = ctx.params;
				return this.transaction(async trx => {
					const already = await repo.ofBill(this.tables(trx), billId);
					if (already.length) return already;
					const open = await repo.openOrdersOfTable(this.tables(trx), tableId);
					// Nothing open once the lock was ours: a twin request with this bill id may have just billed them.
					if (!open.length) return repo.ofBill(this.tables(trx), billId);
					open.forEach(assertServed);
					const billed: Order[] = [];
					for (const locked of open) {
						const order = await repo.touch(this.tables(trx), locked, "billed", { billId });
						await this.recordEvent(trx, ORDER_EVENTS.updated, {
							order,
							change: "billed",
							itemIds: [],
							billId,
							by: ctx.meta.user?.id ?? null,
						});
						billed.push(order);
					}
					return billed;
				});
			},
		},

		// Here, not in the kitchen: the order owns its items' statuses, so one row lock decides a cook's tap against a waiter's void.
		/** The kitchen starts or finishes one item. Not on HTTP: the kitchen service's routes call it. */
		setItemStatus: {
			visibility: "public",
			params: { itemId: "uuid", status: { type: "enum", values: ["preparing", "ready"] } },
			async handler(
				this: OrderThis,
				ctx: Ctx<{ itemId: string; status: "preparing" | "ready" }>,
			): Promise<{ order: Order; item: OrderItem }> {
				const { itemId, status } = ctx.params;
				const orderId = await repo.orderIdOfItem(this.tables(), itemId);
				if (!orderId) throw OrderErrors.itemNotFound(itemId);
				const order = await this.transaction(async trx => {
					const order = await this.lockOpen(trx, orderId);
					assertKitchenMove(order.items.find(i => i.id === itemId)!, status);
					return this.kitchenMove(trx, ctx, order, [itemId], status);
				});
				if (status === "ready") this.observePrep(order.items.filter(i => i.id === itemId));
				return { order, item: order.items.find(i => i.id === itemId)! };
			},
		},

		// The bump's item half stays here for the same reason: the items are the order's, readied under its row lock like any tap or void.
		/**
		 * Bump: every live item of the order at `station` (or every station) is ready. Not on HTTP.
		 * No live item there: the order comes back unchanged, and the kitchen, whose tickets those are, answers for it.
		 */
		readyStation: {
			visibility: "public",
			params: { orderId: "uuid", station: { type: "string", optional: true } },
			async handler(this: OrderThis, ctx: Ctx<{ orderId: string; station?: string }>): Promise<Order> {
				const { orderId, station } = ctx.params;
				let readied: string[] = [];
				const result = await this.transaction(async trx => {
					const order = await this.lockOrder(trx, orderId);
					const { live, toReady } = readyAtStation(order.items, station);
					// Before the closed check: nothing at the station is the kitchen's 404 even on a closed order.
					if (!live.length) return order;
					assertOpen(order);
					// Bumping twice (or after a crash between the two writes of a bump) changes nothing the second time.
					if (!toReady.length) return order;
					readied = toReady;
					return this.kitchenMove(trx, ctx, order, toReady, "ready");
				});
				this.observePrep(result.items.filter(i => readied.includes(i.id)));
				return result;
			},
		},
	},

	methods: {
		/** Kitchen time of items that just turned ready: from their round reaching the kitchen to now. */
		observePrep(this: OrderThis, items: OrderItem[]): void {
			const now = Date.now();
			for (const i of items)
				observe(this.broker, METRICS.ticketPrep, Math.max(0, (now - Date.parse(i.createdAt)) / 1000), { station: i.station });
		},

		userOf(this: OrderThis, ctx: Ctx<unknown>): string {
			const id = ctx.meta.user?.id;
			if (!id) throw CommonErrors.unauthorized();
			return id;
		},

		/** Prices the lines from the menu as it is now; unknown items are a 404 and sold-out ones a 409. */
		async priceLines(this: OrderThis, ctx: Ctx<unknown>, lines: LineInput[]): Promise<repo.NewItem[]> {
			const menu = await ctx.call<MenuItem[], { ids: string[] }>("menu.items", { ids: lines.map(l => l.menuItemId) });
			const byId = new Map(menu.map(m => [m.id, m]));
			const missing = [...new Set(lines.map(l => l.menuItemId).filter(id => !byId.has(id)))];
			if (missing.length) throw OrderErrors.menuItemsNotFound(missing);
			const soldOut = [...new Set(lines.map(l => byId.get(l.menuItemId)!))].filter(m => !m.available);
			if (soldOut.length) throw OrderErrors.unavailable(soldOut);
			return lines.map(l => {
				const m = byId.get(l.menuItemId)!;
				return {
					id: crypto.randomUUID(),
					menuItemId: m.id,
					name: m.name,
					station: m.station,
					quantity: l.quantity,
					unitPriceCents: m.priceCents,
					notes: l.notes ?? "",
				};
			});
		},

		/** A kitchen move on the locked order's items: their status, then the order's, and the event, in the same transaction. */
		async kitchenMove(
			this: OrderThis,
			trx: Trx,
			ctx: Ctx<unknown>,
			order: Order,
			itemIds: string[],
			status: KitchenMove,
		): Promise<Order> {
			await repo.setItems(this.tables(trx), itemIds, { status });
			const change = status === "preparing" ? "items_started" : "items_ready";
			return this.settle(trx, order, { change, itemIds, by: ctx.meta.user?.id ?? null });
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
		async settle(
			this: OrderThis,
			trx: Trx,
			locked: Order,
			change: Omit<OrderUpdated, "order"> & { status?: OrderStatus },
		): Promise<Order> {
			const { status: forced, ...event }: Omit<OrderUpdated, "order"> & { status?: OrderStatus } = change;
			// Read once after the item changes; the status and version written are applied to this copy.
			const changed = (await repo.find(this.tables(trx), locked.id))!;
			const status = forced ?? deriveStatus(locked.status, changed.items);
			const order = await repo.touch(
				this.tables(trx),
				changed,
				status,
				status === "cancelled" ? { cancelReason: change.reason } : {},
			);
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

		/** True when nothing but `order` (and its bill-mates) is open or unpaid at its table. */
		async tableClear(this: OrderThis, trx: Trx, order: Order, others: string[] = []): Promise<boolean> {
			// Two bills of one table settling at once would each still see the other's orders unpaid: take turns.
			await lockKey(trx, `orders:table:${order.tableId}`);
			return (await repo.unsettledCount(this.tables(trx), order.tableId, [order.id, ...others])) === 0;
		},

		/** The bill is paid: its billed orders become paid. A redelivery, or an order already paid, changes nothing. */
		async markPaid(this: OrderThis, trx: Trx, settled: BillSettled): Promise<void> {
			const orders = (await repo.ofBill(this.tables(trx), settled.billId, true)).filter(o => o.status === "billed");
			const paidAt = new Date();
			for (const locked of orders) {
				const order = await repo.touch(this.tables(trx), locked, "paid", { paidAt });
				const tableClear = await this.tableClear(
					trx,
					order,
					orders.map(o => o.id),
				);
				await this.recordEvent(trx, ORDER_EVENTS.updated, { order, change: "paid", itemIds: [], tableClear, by: settled.by });
			}
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

interface OrderMethods {
	observePrep(items: OrderItem[]): void;
	userOf(ctx: Ctx<unknown>): string;
	priceLines(ctx: Ctx<unknown>, lines: LineInput[]): Promise<repo.NewItem[]>;
	kitchenMove(trx: Trx, ctx: Ctx<unknown>, order: Order, itemIds: string[], status: KitchenMove): Promise<Order>;
	lockOrder(trx: Trx, id: string): Promise<Order>;
	lockOpen(trx: Trx, id: string): Promise<Order>;
	settle(trx: Trx, locked: Order, change: Omit<OrderUpdated, "order"> & { status?: OrderStatus }): Promise<Order>;
	mustFind(id: string): Promise<Order>;
	tableClear(trx: Trx, order: Order, others?: string[]): Promise<boolean>;
	markPaid(trx: Trx, settled: BillSettled): Promise<void>;
}

export default OrderService as unknown as ServiceSchema;
