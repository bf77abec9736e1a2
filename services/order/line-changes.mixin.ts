// A line changed after it was ordered: voided (whole or in part, its sides with it), the whole order cancelled,
// comped (priced 0, with a reason) or remade (a free copy sent to the kitchen, the original kept). Each under the
// order's row lock, so a comp racing a void, or a void racing the kitchen, is decided by one of them going first.
// Mixed into the order service.
import crypto from "node:crypto";
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { PERMISSIONS, type MenuItem, type Order } from "../../contracts";
import { compOf, compShare, planVoid, remakeCountdownOptions, remakeOf, returnedByCancel } from "./line-changes";
import { assertOpen, linesToCancel, nextRound } from "./rules";
import { takesCountdown } from "./pricing";
import * as repo from "./repository";
import { assertNoPendingRound } from "./guest-rounds";
import { reason, STAFF, type Ctx, type OrderThis } from "./order-this";

export function LineChangesMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, OrderThis>> = {
		actions: {
			voidItem: {
				rest: "POST /:id/items/:itemId/void",
				access: STAFF,
				params: {
					$$strict: "remove",
					id: "uuid",
					itemId: "uuid",
					reason,
					// Part of the line: the rest stays on it. Left out: the whole line.
					quantity: { type: "number", integer: true, min: 1, max: 99, optional: true, convert: false },
				},
				async handler(
					this: OrderThis,
					ctx: Ctx<{ id: string; itemId: string; reason: string; quantity?: number }>,
				): Promise<Order> {
					const user = this.userOf(ctx);
					const { id, itemId, quantity } = ctx.params;
					return this.transaction(async trx => {
						const order = await this.lockOpen(trx, id);
						const plan = planVoid(order.items, itemId, quantity ?? undefined, {
							role: ctx.meta.user?.role,
							approval: ctx.meta.approval,
						});
						const t = this.tables(trx);
						await repo.setItems(t, plan.whole, { status: "voided", voidReason: ctx.params.reason, voidedBy: user });
						let line = order.items.length;
						for (const split of plan.splits) {
							const item = order.items.find(i => i.id === split.id)!;
							const comps = item.comp
								? {
										kept: compShare(item.comp, item.quantity, split.keep),
										voided: compShare(item.comp, item.quantity, split.quantity),
									}
								: { kept: null, voided: null };
							await repo.splitVoided(t, { ...split, line: ++line }, { reason: ctx.params.reason, by: user }, comps);
						}
						const partial = plan.splits.some(s => s.id === itemId);
						return this.settle(trx, order, {
							change: "item_voided",
							itemIds: plan.itemIds,
							...(partial && { quantity: plan.quantity }),
							...(plan.returned.length > 0 && { returned: plan.returned }),
							reason: ctx.params.reason,
							by: user,
						});
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
						assertNoPendingRound(order);
						const live = linesToCancel(order);
						const returned = returnedByCancel(order.items);
						await repo.setItems(this.tables(trx), live, { status: "voided", voidReason: ctx.params.reason, voidedBy: user });
						return this.settle(trx, order, {
							change: "cancelled",
							itemIds: live,
							...(returned.length > 0 && { returned }),
							reason: ctx.params.reason,
							by: user,
							status: "cancelled",
						});
					});
				},
			},

			comp: {
				rest: "POST /:id/items/:itemId/comp",
				// A manager's call (PERMISSIONS.comp), or a waiter's a manager approved.
				access: PERMISSIONS.comp,
				approval: "comp",
				params: { $$strict: "remove", id: "uuid", itemId: "uuid", reason },
				async handler(this: OrderThis, ctx: Ctx<{ id: string; itemId: string; reason: string }>): Promise<Order> {
					const user = this.userOf(ctx);
					const { id, itemId } = ctx.params;
					return this.transaction(async trx => {
						const order = await this.lockOpen(trx, id);
						const comp = compOf(order.items, itemId, ctx.params.reason, user, new Date());
						await repo.comp(this.tables(trx), itemId, comp);
						return this.settle(trx, order, { change: "item_comped", itemIds: [itemId], reason: ctx.params.reason, by: user });
					});
				},
			},

			remake: {
				rest: "POST /:id/items/:itemId/remake",
				access: STAFF,
				params: { $$strict: "remove", id: "uuid", itemId: "uuid", reason },
				async handler(this: OrderThis, ctx: Ctx<{ id: string; itemId: string; reason: string }>): Promise<Order> {
					const user = this.userOf(ctx);
					const { id, itemId } = ctx.params;
					// Judged first on the order as it is (a refusal asks nothing of the menu), again under the lock.
					const current = await this.mustFind(id);
					assertOpen(current);
					const line = remakeOf(current.items, itemId, ctx.params.reason);
					let holdId: string | undefined;
					// A side's countdown line would name its dish too, taking a portion of it: a remade side takes none.
					if (!line.optionId) {
						const [item] = await ctx.call<MenuItem[], { ids: string[] }>("menu.items", { ids: [line.menuItemId] });
						// The original's sides (fries at the fryer) are not remade: their options take no portion.
						const optionIds = remakeCountdownOptions(current.items, itemId, line.modifiers);
						if (
							item &&
							takesCountdown(
								item,
								line.modifiers.filter(m => optionIds.includes(m.optionId)),
							)
						) {
							const countdown = [{ menuItemId: line.menuItemId, optionIds, quantity: line.quantity }];
							holdId = await this.holdPortions(ctx, countdown, () => crypto.randomUUID());
						}
					}
					try {
						return await this.transaction(async trx => {
							const order = await this.lockOpen(trx, id);
							remakeOf(order.items, itemId, ctx.params.reason);
							const round = nextRound(order.items);
							await repo.insertItems(
								this.tables(trx),
								order.id,
								round,
								order.items.length,
								[{ ...line, held: false }],
								user,
								new Date(),
							);
							return this.settle(trx, order, {
								change: "item_remade",
								itemIds: [line.id],
								round,
								...(holdId && { holdId }),
								reason: ctx.params.reason,
								by: user,
							});
						});
					} catch (err) {
						await this.releaseHold(ctx, holdId, err);
						throw err;
					}
				},
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
