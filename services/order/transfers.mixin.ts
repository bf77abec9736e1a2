// Moving things on the floor: an order to another table, another order's lines into this one (a merge), some
// lines (or part of one) to another table's order or a new order there, and the table handed to another waiter.
// Nothing is sent to the kitchen again: lines keep their ids, statuses and stamps, and the kitchen's tickets follow
// the order.updated events recorded in the same transaction (a new order made by a move is announced by one too,
// not as placed: nothing on it is new to the kitchen, its printers or the menu's counts). Two orders are
// locked by id, whichever tablet asks; the one-open-order-per-table index decides two tablets taking one free
// table (one wins, the other gets 409 TABLE_HAS_OPEN_ORDER). Mixed into the order service.
import crypto from "node:crypto";
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { isUniqueViolation, type Trx } from "../../lib/db";
import { CommonErrors, ORDER_EVENTS, OrderErrors, type Order, type Table, type User } from "../../contracts";
import { assertOpen, deriveStatus, nextRound } from "./rules";
import { assertCanTakeTable, lockOrder, mergedCovers, planMove, type MoveRequest } from "./transfers";
import { assertNoPendingRound } from "./guest-rounds";
import * as repo from "./repository";
import { STAFF, type Ctx, type OrderThis } from "./order-this";

export interface TransferMethods {
	/** Locks two orders by id (never one before the other the other way round): [the first asked, the second]. */
	lockPair(trx: Trx, first: string, second: string): Promise<[Order, Order]>;
	/** The table, or 404 (the table service's own). */
	tableFor(ctx: Ctx<unknown>, tableId: string): Promise<Table>;
}

type This = OrderThis & TransferMethods;

const moveItems = {
	type: "array",
	min: 1,
	max: 200,
	items: {
		type: "object",
		strict: "remove",
		props: {
			itemId: "uuid",
			// Part of the line: the rest stays here. Left out: the whole line.
			quantity: { type: "number", integer: true, min: 1, max: 99, optional: true, convert: false },
		},
	},
} as const;

export function TransfersMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, This>> = {
		actions: {
			move: {
				rest: "POST /:id/move",
				access: STAFF,
				params: { $$strict: "remove", id: "uuid", tableId: "uuid" },
				async handler(this: This, ctx: Ctx<{ id: string; tableId: string }>): Promise<Order> {
					const user = this.userOf(ctx);
					const table = await this.tableFor(ctx, ctx.params.tableId);
					try {
						return await this.transaction(async trx => {
							const order = await this.lockOpen(trx, ctx.params.id);
							// Already there (a second tap): nothing changes, no event, same version.
							if (order.tableId === table.id) return order;
							// The index refuses a table with an open order here; a race for one free table waits on the winner.
							await repo.setTable(this.tables(trx), order.id, table);
							const fromTable = order.tableId
								? { tableId: order.tableId, tableClear: await this.tableClear(trx, order) }
								: undefined;
							return this.settle(trx, order, {
								change: "moved",
								itemIds: order.items.map(i => i.id),
								...(fromTable && { fromTable }),
								by: user,
							});
						});
					} catch (err) {
						if (isUniqueViolation(err))
							throw OrderErrors.tableHasOpenOrder(table.id, await repo.openOrderOfTable(this.tables(), table.id));
						throw err;
					}
				},
			},

			merge: {
				rest: "POST /:id/merge",
				access: STAFF,
				params: { $$strict: "remove", id: "uuid", orderId: "uuid" },
				async handler(this: This, ctx: Ctx<{ id: string; orderId: string }>): Promise<Order> {
					const user = this.userOf(ctx);
					const { id, orderId } = ctx.params;
					if (id === orderId)
						throw CommonErrors.invalidField("orderId", "uuid", "An order cannot be merged into itself; name the other order");
					return this.transaction(async trx => {
						const [order, other] = await this.lockPair(trx, id, orderId);
						assertOpen(order);
						assertOpen(other);
						// A guest round moved onto another order could be neither confirmed nor rejected there.
						assertNoPendingRound(order);
						assertNoPendingRound(other);
						// The other's lines join this order as its next round, in their own order (voided ones too, for the record).
						const itemIds = other.items.map(i => i.id);
						await repo.moveLines(
							this.tables(trx),
							order.id,
							nextRound(order.items),
							order.items.length,
							itemIds.map(i => ({ id: i })),
						);
						await repo.markMerged(this.tables(trx), other.id, order.id);
						// The other order is cancelled, empty, naming this one; its table is freed when nothing else is there.
						await this.settle(trx, other, {
							change: "merged",
							itemIds,
							status: "cancelled",
							reason: `merged into the order of ${order.tableName ?? order.name ?? order.id}`,
							otherOrderId: order.id,
							by: user,
						});
						return this.settle(trx, order, {
							change: "merged",
							itemIds,
							otherOrderId: other.id,
							by: user,
							firedCourse: Math.max(order.firedCourse, other.firedCourse),
							// The other table's guests sit at this check now: the covers add up (none known on either: none).
							covers: mergedCovers(order.covers, other.covers),
						});
					});
				},
			},

			moveItems: {
				rest: "POST /:id/items/move",
				access: STAFF,
				params: { $$strict: "remove", id: "uuid", tableId: "uuid", items: moveItems },
				async handler(
					this: This,
					ctx: Ctx<{ id: string; tableId: string; items: MoveRequest[] }>,
				): Promise<{ from: Order; to: Order }> {
					const user = this.userOf(ctx);
					const { id } = ctx.params;
					const table = await this.tableFor(ctx, ctx.params.tableId);
					const attempt = () =>
						this.transaction(async trx => {
							const targetId = await repo.openOrderOfTable(this.tables(trx), table.id);
							if (targetId === id)
								throw CommonErrors.invalidField(
									"tableId",
									"uuid",
									"These lines are at this table already; name another table",
								);
							let from: Order;
							let target: Order | undefined;
							if (targetId) {
								[from, target] = await this.lockPair(trx, id, targetId);
								assertOpen(from);
								assertOpen(target);
								// It moved away before its lock was ours: the table's order is another one now (or none).
								if (target.tableId !== table.id) throw OrderErrors.tableHasOpenOrder(table.id, target.id);
							} else {
								from = await this.lockOpen(trx, id);
							}
							const plan = planMove(from.items, ctx.params.items);
							const reason = `moved to ${table.name}`;
							if (target) {
								await repo.moveLines(this.tables(trx), target.id, nextRound(target.items), target.items.length, plan.lines);
								const left = await this.settle(trx, from, {
									change: "items_moved",
									itemIds: [...plan.shrunk, ...plan.itemIds],
									otherOrderId: target.id,
									reason,
									by: user,
								});
								const to = await this.settle(trx, target, {
									change: "items_moved",
									itemIds: plan.itemIds,
									otherOrderId: from.id,
									by: user,
									firedCourse: Math.max(target.firedCourse, from.firedCourse),
								});
								return { from: left, to };
							}
							// No order there: a new one, the waiter's who moved the lines, as round 1 of it.
							const newId = crypto.randomUUID();
							await repo.insertEmpty(this.tables(trx), {
								id: newId,
								type: "dine_in",
								tableId: table.id,
								tableName: table.name,
								name: null,
								pickupAt: null,
								covers: null,
								firedCourse: from.firedCourse,
								notes: "",
								createdBy: user,
								assignedTo: null,
							});
							await repo.moveLines(this.tables(trx), newId, 1, 0, plan.lines);
							const left = await this.settle(trx, from, {
								change: "items_moved",
								itemIds: [...plan.shrunk, ...plan.itemIds],
								otherOrderId: newId,
								reason,
								by: user,
							});
							const to = (await repo.find(this.tables(trx), newId))!;
							// Its status follows the lines it got (a started one makes it in progress).
							const placed = await repo.touch(this.tables(trx), to, deriveStatus("placed", to.items));
							// An update, not a placing: nothing of it is new to the kitchen, its printers or the menu's counts.
							await this.recordEvent(trx, ORDER_EVENTS.updated, {
								order: placed,
								change: "items_moved",
								itemIds: plan.itemIds,
								otherOrderId: from.id,
								by: user,
							});
							return { from: left, to: placed };
						});
					try {
						return await attempt();
					} catch (err) {
						// Another tablet opened the table a moment ago: once more, joining its order.
						if (!isUniqueViolation(err)) throw err;
						try {
							return await attempt();
						} catch (again) {
							if (isUniqueViolation(again))
								throw OrderErrors.tableHasOpenOrder(table.id, await repo.openOrderOfTable(this.tables(), table.id));
							throw again;
						}
					}
				},
			},

			assign: {
				rest: "POST /:id/assign",
				access: STAFF,
				params: { $$strict: "remove", id: "uuid", userId: "uuid" },
				async handler(this: This, ctx: Ctx<{ id: string; userId: string }>): Promise<Order> {
					const user = this.userOf(ctx);
					const { id, userId } = ctx.params;
					// Asked of the accounts before the lock: a name and a role do not change under a hand-over.
					const users = await ctx.call<User[], { active: boolean }>("auth.users", { active: true });
					assertCanTakeTable(
						users.find(u => u.id === userId),
						userId,
					);
					return this.transaction(async trx => {
						const order = await this.lockOpen(trx, id);
						if (order.assignedTo === userId) return order;
						await repo.assign(this.tables(trx), order.id, userId);
						return this.settle(trx, order, { change: "assigned", itemIds: [], by: user });
					});
				},
			},
		},

		methods: {
			async lockPair(this: This, trx: Trx, first: string, second: string): Promise<[Order, Order]> {
				const [a, b] = lockOrder(first, second);
				const lockedA = await this.lockOrder(trx, a);
				const lockedB = await this.lockOrder(trx, b);
				return a === first ? [lockedA, lockedB] : [lockedB, lockedA];
			},

			async tableFor(this: This, ctx: Ctx<unknown>, tableId: string): Promise<Table> {
				return ctx.call<Table, { id: string }>("table.get", { id: tableId });
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
