// The kitchen's moves on an order's items: a cook starts or finishes one item, or bumps a station. Here, not in
// the kitchen: the order owns its items' statuses, so one row lock decides a cook's tap against a waiter's void,
// and a held line (its course not fired) is refused here. Not on HTTP: the kitchen service's routes call these.
// Mixed into the order service.
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Trx } from "../../lib/db";
import { observe, METRICS } from "../../lib/metrics";
import { OrderErrors, type Order, type OrderItem } from "../../contracts";
import { assertKitchenMove, readyAtStation, type KitchenMove } from "./rules";
import { assertKitchenOpen } from "./takeout";
import * as repo from "./repository";
import type { Ctx, OrderThis } from "./order-this";

export interface KitchenMoveMethods {
	kitchenMove(trx: Trx, ctx: Ctx<unknown>, order: Order, itemIds: string[], status: KitchenMove): Promise<Order>;
	observePrep(items: OrderItem[]): void;
}

export function KitchenMovesMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, OrderThis & KitchenMoveMethods>> = {
		actions: {
			/** The kitchen starts or finishes one item. */
			setItemStatus: {
				visibility: "public",
				params: { itemId: "uuid", status: { type: "enum", values: ["preparing", "ready"] } },
				async handler(
					this: OrderThis & KitchenMoveMethods,
					ctx: Ctx<{ itemId: string; status: "preparing" | "ready" }>,
				): Promise<{ order: Order; item: OrderItem }> {
					const { itemId, status } = ctx.params;
					const orderId = await repo.orderIdOfItem(this.tables(), itemId);
					if (!orderId) throw OrderErrors.itemNotFound(itemId);
					const order = await this.transaction(async trx => {
						// A paid takeout is still the kitchen's to cook (paid before it is cooked).
						const order = await this.lockOrder(trx, orderId);
						assertKitchenOpen(order);
						// A held line (its course not fired) is a 409 ITEM_HELD: the cook sees it greyed, and cannot start it.
						assertKitchenMove(order.items.find(i => i.id === itemId)!, status);
						return this.kitchenMove(trx, ctx, order, [itemId], status);
					});
					if (status === "ready") this.observePrep(order.items.filter(i => i.id === itemId));
					return { order, item: order.items.find(i => i.id === itemId)! };
				},
			},

			/**
			 * Bump: every live item of the order at `station` (or every station) is ready; held ones wait for their
			 * course. No live item there (or only held ones): the order comes back unchanged, and the kitchen, whose
			 * tickets those are, answers for it (404, or 409 TICKET_HELD).
			 */
			readyStation: {
				visibility: "public",
				params: { orderId: "uuid", station: { type: "string", optional: true } },
				async handler(this: OrderThis & KitchenMoveMethods, ctx: Ctx<{ orderId: string; station?: string }>): Promise<Order> {
					const { orderId, station } = ctx.params;
					let readied: string[] = [];
					const result = await this.transaction(async trx => {
						const order = await this.lockOrder(trx, orderId);
						const { live, toReady } = readyAtStation(order.items, station);
						// Before the closed check: nothing at the station is the kitchen's 404 even on a closed order.
						if (!live.length) return order;
						assertKitchenOpen(order);
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
			/**
			 * A kitchen move on the locked order's items: their status, then the order's, and the event, in the same
			 * transaction; with FIRE_NEXT_COURSE=on_bump a move that finishes the fired courses fires the next in it too.
			 */
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
				const moved = await this.settle(trx, order, { change, itemIds, by: ctx.meta.user?.id ?? null });
				return status === "ready" ? this.fireOnBump(trx, moved) : moved;
			},

			/** Kitchen time of items that just turned ready: from their round (or their course's fire) reaching the kitchen to now. */
			observePrep(this: OrderThis, items: OrderItem[]): void {
				const now = Date.now();
				for (const i of items)
					observe(this.broker, METRICS.ticketPrep, Math.max(0, (now - Date.parse(i.firedAt ?? i.createdAt)) / 1000), {
						station: i.station,
					});
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
