// The menu: categories and items with their price and kitchen station, and "86" (sold out) from any device.
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import type { Trx } from "../../lib/db";
import { MENU_CHANGED, MENU_EVENTS, MenuErrors, type GatewayMeta } from "../../contracts";
import { stationParam } from "../../lib/params";
import * as repo from "./repository";
import { checkCategoryChange, itemFieldsToChange } from "./rules";

type MenuThis = Service & DbMethods & MenuMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

// One cent to 100,000.00: a typo of three extra zeros is refused rather than sold.
const priceCents = {
	type: "number",
	integer: true,
	min: 0,
	max: 10_000_000,
	messages: { numberMax: "{field} must be at most {expected} (a price of 100,000.00)" },
} as const;
const station = stationParam;
const name = { type: "string", trim: true, min: 1, max: 80 } as const;
const description = { type: "string", trim: true, max: 500 } as const;
const position = { type: "number", integer: true, min: 0, max: 10_000 } as const;

type ItemPatch = Partial<Omit<repo.MenuItem, "id">>;

const MenuService: ServiceSchema<ServiceSettingSchema, MenuThis> = {
	name: "menu",
	mixins: [DbMixin("menu", SCHEMAS.menu)],
	settings: {
		rest: "/menu",
	},

	actions: {
		get: {
			rest: "GET /",
			access: "public",
			// Every tablet and the guest page read this; it is cleared on every change, so a long TTL is safe.
			cache: { keys: [], ttl: 3600 },
			async handler(this: MenuThis) {
				return { categories: await repo.menu(this.tables()) };
			},
		},

		createCategory: {
			rest: "POST /categories",
			access: ["admin"],
			params: { $$strict: "remove", name, position: { ...position, optional: true } },
			async handler(this: MenuThis, ctx: Ctx<{ name: string; position?: number }>) {
				const category = await this.changeMenu(trx =>
					repo.insertCategory(this.tables(trx), { name: ctx.params.name, position: ctx.params.position ?? 0 }),
				);
				ctx.meta.$statusCode = 201;
				return category;
			},
		},

		updateCategory: {
			rest: "PATCH /categories/:id",
			access: ["admin"],
			params: { $$strict: "remove", id: "uuid", name: { ...name, optional: true }, position: { ...position, optional: true } },
			async handler(this: MenuThis, ctx: Ctx<{ id: string; name?: string; position?: number }>) {
				const { id, ...patch } = ctx.params;
				checkCategoryChange(patch);
				const category = await this.changeMenu(trx => repo.updateCategory(this.tables(trx), id, patch));
				if (!category) throw MenuErrors.categoryNotFound(id);
				return category;
			},
		},

		deleteCategory: {
			rest: "DELETE /categories/:id",
			access: ["admin"],
			params: { id: "uuid" },
			async handler(this: MenuThis, ctx: Ctx<{ id: string }>) {
				await this.changeMenu(async trx => {
					// Locking the category stops an item being added to it while it is deleted.
					if (!(await repo.findCategory(this.tables(trx), ctx.params.id, true))) throw MenuErrors.categoryNotFound(ctx.params.id);
					const items = await repo.countLiveItems(this.tables(trx), ctx.params.id);
					if (items > 0) throw MenuErrors.categoryNotEmpty(ctx.params.id, items);
					await repo.deleteCategory(this.tables(trx), ctx.params.id);
				});
				ctx.meta.$statusCode = 204;
				return null;
			},
		},

		createItem: {
			rest: "POST /items",
			access: ["admin"],
			params: {
				$$strict: "remove",
				categoryId: "uuid",
				name,
				description: { ...description, optional: true },
				priceCents,
				station,
				available: { type: "boolean", optional: true },
			},
			async handler(
				this: MenuThis,
				ctx: Ctx<Omit<repo.MenuItem, "id" | "description" | "available"> & { description?: string; available?: boolean }>,
			) {
				const item = await this.changeMenu(async trx => {
					if (!(await repo.findCategory(this.tables(trx), ctx.params.categoryId, true)))
						throw MenuErrors.categoryNotFound(ctx.params.categoryId);
					const item = await repo.insertItem(this.tables(trx), {
						...ctx.params,
						description: ctx.params.description ?? "",
						available: ctx.params.available ?? true,
					});
					await this.recordEvent(trx, MENU_EVENTS.itemUpdated, { item });
					return item;
				});
				ctx.meta.$statusCode = 201;
				return item;
			},
		},

		updateItem: {
			rest: "PATCH /items/:id",
			// Admins change anything; kitchen and floor staff may only 86 an item or bring it back.
			access: ["admin", "kitchen", "staff"],
			params: {
				$$strict: "remove",
				id: "uuid",
				categoryId: { type: "uuid", optional: true },
				name: { ...name, optional: true },
				description: { ...description, optional: true },
				priceCents: { ...priceCents, optional: true },
				station: { ...station, optional: true },
				available: { type: "boolean", optional: true },
			},
			async handler(this: MenuThis, ctx: Ctx<{ id: string } & ItemPatch>) {
				const { id, ...patch } = ctx.params;
				const fields = itemFieldsToChange(ctx.meta.user?.role, patch);
				return this.changeMenu(async trx => {
					if (!(await repo.findItem(this.tables(trx), id, true))) throw MenuErrors.itemNotFound(id);
					if (patch.categoryId && !(await repo.findCategory(this.tables(trx), patch.categoryId)))
						throw MenuErrors.categoryNotFound(patch.categoryId);
					const item = await repo.updateItem(this.tables(trx), id, patch);
					await this.recordEvent(trx, MENU_EVENTS.itemUpdated, { item, changed: fields, by: ctx.meta.user?.id ?? null });
					return item;
				});
			},
		},

		deleteItem: {
			rest: "DELETE /items/:id",
			access: ["admin"],
			params: { id: "uuid" },
			async handler(this: MenuThis, ctx: Ctx<{ id: string }>) {
				await this.changeMenu(async trx => {
					const item = await repo.findItem(this.tables(trx), ctx.params.id, true);
					if (!item) throw MenuErrors.itemNotFound(ctx.params.id);
					await repo.softDeleteItem(this.tables(trx), ctx.params.id);
					await this.recordEvent(trx, MENU_EVENTS.itemDeleted, { item });
				});
				ctx.meta.$statusCode = 204;
				return null;
			},
		},

		/** Current items by id, for pricing an order. Not on HTTP. */
		items: {
			visibility: "public",
			params: { ids: { type: "array", items: "uuid", min: 1, max: 200 } },
			async handler(this: MenuThis, ctx: Ctx<{ ids: string[] }>): Promise<repo.MenuItem[]> {
				return repo.findItems(this.tables(), [...new Set(ctx.params.ids)]);
			},
		},
	},

	methods: {
		/**
		 * Runs a menu change in a transaction, then drops the cached menu, and every gateway's copy of it, before
		 * answering: whoever made the change (and anyone after) reads it. The broadcast leaves on the same
		 * transporter connection as the answer, ahead of it.
		 */
		async changeMenu<T>(this: MenuThis, fn: (trx: Trx) => Promise<T>): Promise<T> {
			const result = await this.transaction(fn);
			try {
				await this.broker.cacher?.clean(`${this.name}.**`);
			} finally {
				await this.broker.broadcast(MENU_CHANGED, {});
			}
			return result;
		},
	},
};

interface MenuMethods {
	changeMenu<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
}

export default MenuService as unknown as ServiceSchema;
