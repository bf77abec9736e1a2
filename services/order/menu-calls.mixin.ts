// What the order service asks of the menu before it writes: prices and choices as they are now (menu.items), and
// the countdown portions a write takes (menu.reserve), given back when the write fails (menu.release). Mixed into
// the order service.
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { OrderErrors, type CountdownLine, type MenuItem } from "../../contracts";
import type { Ctx, OrderThis } from "./order-this";
import { priceLines, type LineInput, type Priced } from "./pricing";

/** Refusals that mean another request with the same Idempotency-Key holds the hold: never ours to give back. */
const NOT_OURS = new Set(["IDEMPOTENCY_KEY_IN_USE", "IDEMPOTENCY_KEY_REUSED"]);

export function MenuCallsMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, OrderThis>> = {
		methods: {
			async priceLines(this: OrderThis, ctx: Ctx<unknown>, lines: LineInput[], field = "items"): Promise<Priced> {
				const menu = await ctx.call<MenuItem[], { ids: string[] }>("menu.items", {
					ids: [...new Set(lines.map(l => l.menuItemId))],
				});
				const byId = new Map(menu.map(m => [m.id, m]));
				const missing = [...new Set(lines.map(l => l.menuItemId).filter(id => !byId.has(id)))];
				if (missing.length) throw OrderErrors.menuItemsNotFound(missing);
				return priceLines(byId, lines, field);
			},

			async holdPortions(
				this: OrderThis,
				ctx: Ctx<unknown>,
				countdown: CountdownLine[],
				holdId: () => string,
			): Promise<string | undefined> {
				if (!countdown.length) return undefined;
				const id = holdId();
				// A 409 (not enough left) goes to the tablet as the menu said it.
				await ctx.call("menu.reserve", { holdId: id, lines: countdown });
				return id;
			},

			async releaseHold(this: OrderThis, ctx: Ctx<unknown>, holdId: string | undefined, err: unknown): Promise<void> {
				if (!holdId || NOT_OURS.has((err as { type?: string })?.type ?? "")) return;
				try {
					await ctx.call("menu.release", { holdId });
				} catch (releaseErr) {
					// The menu's sweeper gives back holds nobody kept: the portions return in a few minutes instead.
					this.logger.warn(`Could not release countdown hold ${holdId}; the menu's sweeper will`, releaseErr);
				}
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
