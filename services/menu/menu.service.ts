// The menu: categories and items with their price, kitchen station and course, modifier groups shared by items,
// "86" (sold out) from any device, and countdowns that orders take their portions from (countdown.mixin.ts).
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import type { Trx } from "../../lib/db";
import {
	MENU_CHANGED,
	MENU_EVENTS,
	MenuErrors,
	ORDER_EVENTS,
	type CountdownLine,
	type EventContext,
	type GatewayMeta,
	type MenuCategory,
	type MenuItem,
	type ModifierGroup,
	type ModifierOption,
} from "../../contracts";
import { stationParam } from "../../lib/params";
import * as repo from "./repository";
import * as mods from "./modifier-repository";
import { CountdownMixin, type CountdownMethods, type ReserveAnswer } from "./countdown.mixin";
import { ModifiersMixin, type GroupInput, type GroupPatch, type ModifierMethods, type OptionPatch } from "./modifiers.mixin";
import {
	availabilityFor,
	changedFields,
	checkCategoryChange,
	checkGroupChange,
	itemFieldsToChange,
	MAX_CHOICES,
	MAX_OPTIONS,
	optionFieldsToChange,
} from "./rules";

type MenuThis = Service & DbMethods & MenuMethods & ModifierMethods & CountdownMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

// One cent to 100,000.00: a typo of three extra zeros is refused rather than sold.
const priceCents = {
	type: "number",
	integer: true,
	min: 0,
	max: 10_000_000,
	messages: { numberMax: "{field} must be at most {expected} (a price of 100,000.00)" },
} as const;
// An option may take money off ("No cheese" −50), within the same bounds either way.
const priceDeltaCents = { type: "number", integer: true, min: -10_000_000, max: 10_000_000 } as const;
const station = stationParam;
const name = { type: "string", trim: true, min: 1, max: 80 } as const;
const description = { type: "string", trim: true, max: 500 } as const;
const position = { type: "number", integer: true, min: 0, max: 10_000 } as const;
const course = { type: "number", integer: true, min: 1, max: 9 } as const;
// Portions left; null lifts the count.
const remaining = { type: "number", integer: true, min: 0, max: 100_000, nullable: true } as const;
const modifierGroupIds = { type: "array", items: "uuid", unique: true, max: 20 } as const;
const choices = { type: "number", integer: true, min: 0, max: MAX_CHOICES } as const;
const optionProps = {
	name,
	priceDeltaCents: { ...priceDeltaCents, optional: true },
	station: { ...station, nullable: true, optional: true },
	available: { type: "boolean", optional: true },
	remaining: { ...remaining, optional: true },
} as const;
const options = { type: "array", min: 1, max: MAX_OPTIONS, items: { type: "object", strict: "remove", props: optionProps } } as const;
const optionsPatch = { ...options, items: { ...options.items, props: { id: { type: "uuid", optional: true }, ...optionProps } } } as const;
const countdownLines = {
	type: "array",
	min: 1,
	max: 500,
	items: {
		type: "object",
		strict: "remove",
		props: {
			menuItemId: "uuid",
			optionIds: { type: "array", items: "uuid", max: 50, optional: true, default: [] },
			quantity: { type: "number", integer: true, min: 1, max: 10_000 },
		},
	},
} as const;

type ItemInput = Omit<repo.ItemFields, "courseOverride" | "available" | "remaining" | "description"> & {
	description?: string;
	available?: boolean;
	course?: number | null;
	remaining?: number | null;
	modifierGroupIds?: string[];
};
type ItemPatch = Partial<ItemInput>;

const MenuService: ServiceSchema<ServiceSettingSchema, MenuThis> = {
	name: "menu",
	mixins: [DbMixin("menu", SCHEMAS.menu), ModifiersMixin(), CountdownMixin()],
	settings: {
		rest: "/menu",
	},

	channels: {
		// An order names the countdown hold its lines took (kept from now on) and the portions a void or a cancel
		// gave back before cooking (back onto the counts).
		[ORDER_EVENTS.placed]: {
			group: "menu",
			context: true,
			async handler(this: MenuThis, ctx: EventContext<"order.placed">) {
				const { holdId, by } = ctx.params.data;
				if (holdId) await this.followOrder(ctx.params, holdId, [], by);
			},
		},
		[ORDER_EVENTS.updated]: {
			group: "menu",
			context: true,
			async handler(this: MenuThis, ctx: EventContext<"order.updated">) {
				const { holdId, returned, by } = ctx.params.data;
				if (holdId || returned?.length) await this.followOrder(ctx.params, holdId, returned ?? [], by);
			},
		},
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
			params: { $$strict: "remove", name, position: { ...position, optional: true }, course: { ...course, optional: true } },
			async handler(this: MenuThis, ctx: Ctx<{ name: string; position?: number; course?: number }>) {
				const { name, position = 0, course = 1 } = ctx.params;
				const category = await this.changeMenu(trx => repo.insertCategory(this.tables(trx), { name, position, course }));
				ctx.meta.$statusCode = 201;
				return category;
			},
		},

		updateCategory: {
			rest: "PATCH /categories/:id",
			access: ["admin"],
			params: {
				$$strict: "remove",
				id: "uuid",
				name: { ...name, optional: true },
				position: { ...position, optional: true },
				course: { ...course, optional: true },
			},
			async handler(this: MenuThis, ctx: Ctx<{ id: string; name?: string; position?: number; course?: number }>) {
				const { id, ...patch } = ctx.params;
				checkCategoryChange(patch);
				return this.changeMenu(trx => this.changeCategory(trx, id, patch, ctx.meta.user?.id ?? null));
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
				modifierGroupIds: { ...modifierGroupIds, optional: true },
				course: { ...course, nullable: true, optional: true },
				remaining: { ...remaining, optional: true },
			},
			async handler(this: MenuThis, ctx: Ctx<ItemInput>) {
				const item = await this.changeMenu(trx => this.createItem(trx, ctx.params));
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
				modifierGroupIds: { ...modifierGroupIds, optional: true },
				course: { ...course, nullable: true, optional: true },
				remaining: { ...remaining, optional: true },
			},
			async handler(this: MenuThis, ctx: Ctx<{ id: string } & ItemPatch>) {
				const { id, ...patch } = ctx.params;
				const fields = itemFieldsToChange(ctx.meta.user?.role, patch);
				return this.changeMenu(trx => this.changeItem(trx, id, patch, fields, ctx.meta.user?.id ?? null));
			},
		},

		deleteItem: {
			rest: "DELETE /items/:id",
			access: ["admin"],
			params: { id: "uuid" },
			async handler(this: MenuThis, ctx: Ctx<{ id: string }>) {
				await this.changeMenu(async trx => {
					if (!(await repo.findItemRow(this.tables(trx), ctx.params.id, true))) throw MenuErrors.itemNotFound(ctx.params.id);
					const item = (await repo.findItem(this.tables(trx), ctx.params.id))!;
					await repo.softDeleteItem(this.tables(trx), ctx.params.id);
					await this.recordEvent(trx, MENU_EVENTS.itemDeleted, { item });
				});
				ctx.meta.$statusCode = 204;
				return null;
			},
		},

		listModifierGroups: {
			rest: "GET /modifier-groups",
			access: ["admin", "staff", "kitchen"],
			async handler(this: MenuThis): Promise<ModifierGroup[]> {
				return mods.findGroups(this.tables());
			},
		},

		createModifierGroup: {
			rest: "POST /modifier-groups",
			access: ["admin"],
			params: {
				$$strict: "remove",
				name,
				required: { type: "boolean", optional: true },
				minChoices: { ...choices, optional: true },
				maxChoices: { ...choices, min: 1, optional: true },
				options,
			},
			async handler(this: MenuThis, ctx: Ctx<GroupInput>): Promise<ModifierGroup> {
				const group = await this.changeMenu(trx => this.createGroup(trx, ctx.params, ctx.meta.user?.id ?? null));
				ctx.meta.$statusCode = 201;
				return group;
			},
		},

		updateModifierGroup: {
			rest: "PATCH /modifier-groups/:id",
			access: ["admin"],
			description:
				"`options` is the full new list in display order: an entry with `id` changes that option, one without adds an option, and an option left out is removed.",
			params: {
				$$strict: "remove",
				id: "uuid",
				name: { ...name, optional: true },
				required: { type: "boolean", optional: true },
				minChoices: { ...choices, optional: true },
				maxChoices: { ...choices, min: 1, optional: true },
				options: { ...optionsPatch, optional: true },
			},
			async handler(this: MenuThis, ctx: Ctx<{ id: string } & GroupPatch>): Promise<ModifierGroup> {
				const { id, ...patch } = ctx.params;
				checkGroupChange(patch);
				return this.changeMenu(trx => this.changeGroup(trx, id, patch, ctx.meta.user?.id ?? null));
			},
		},

		deleteModifierGroup: {
			rest: "DELETE /modifier-groups/:id",
			access: ["admin"],
			params: { id: "uuid" },
			async handler(this: MenuThis, ctx: Ctx<{ id: string }>) {
				await this.changeMenu(trx => this.deleteGroup(trx, ctx.params.id, ctx.meta.user?.id ?? null));
				ctx.meta.$statusCode = 204;
				return null;
			},
		},

		updateModifierOption: {
			rest: "PATCH /modifier-options/:id",
			// Admins change anything; kitchen and floor staff may only 86 an option or bring it back.
			access: ["admin", "kitchen", "staff"],
			params: {
				$$strict: "remove",
				id: "uuid",
				...Object.fromEntries(Object.entries(optionProps).map(([k, v]) => [k, { ...v, optional: true }])),
			},
			async handler(this: MenuThis, ctx: Ctx<{ id: string } & OptionPatch>): Promise<ModifierOption> {
				const { id, ...patch } = ctx.params;
				const fields = optionFieldsToChange(ctx.meta.user?.role, patch);
				return this.changeMenu(trx => this.changeOption(trx, id, patch, fields, ctx.meta.user?.id ?? null));
			},
		},

		/** Current items by id, for pricing an order: the shape GET /menu gives (groups whole). Not on HTTP. */
		items: {
			visibility: "public",
			params: { ids: { type: "array", items: "uuid", min: 1, max: 200 } },
			async handler(this: MenuThis, ctx: Ctx<{ ids: string[] }>): Promise<MenuItem[]> {
				return repo.findItems(this.tables(), [...new Set(ctx.params.ids)]);
			},
		},

		/**
		 * Takes the lines' portions off the countdowns of their items and options, all or none (409 ITEM_UNAVAILABLE
		 * naming what is left), under a hold the order's event keeps. The same holdId again answers the same. Not on HTTP.
		 */
		reserve: {
			visibility: "public",
			params: { holdId: "uuid", lines: countdownLines },
			async handler(this: MenuThis, ctx: Ctx<{ holdId: string; lines: CountdownLine[] }>): Promise<ReserveAnswer> {
				return this.reserveHold(ctx.params.holdId, ctx.params.lines, ctx.meta.user?.id ?? null);
			},
		},

		/** Gives a hold's portions back (the order it was for failed). Idempotent; a kept hold stays taken. Not on HTTP. */
		release: {
			visibility: "public",
			params: { holdId: "uuid" },
			async handler(this: MenuThis, ctx: Ctx<{ holdId: string }>): Promise<{ holdId: string; released: boolean }> {
				return { holdId: ctx.params.holdId, released: await this.releaseHold(ctx.params.holdId, ctx.meta.user?.id ?? null) };
			},
		},
	},

	methods: {
		/**
		 * Runs a menu change in a transaction, then drops the cached menu, and every gateway's copy of it, before
		 * answering: whoever made the change (and anyone after) reads it.
		 */
		async changeMenu<T>(this: MenuThis, fn: (trx: Trx) => Promise<T>): Promise<T> {
			const result = await this.transaction(fn);
			await this.menuChanged();
			return result;
		},

		/** Drops the cached menu and tells every gateway to drop its copy (the broadcast leaves ahead of the answer). */
		async menuChanged(this: MenuThis): Promise<void> {
			try {
				await this.broker.cacher?.clean(`${this.name}.**`);
			} finally {
				await this.broker.broadcast(MENU_CHANGED, {});
			}
		},

		/** A new course moves every item that follows its category: each says so, for the devices showing it. */
		async changeCategory(
			this: MenuThis,
			trx: Trx,
			id: string,
			patch: { name?: string; position?: number; course?: number },
			by: string | null,
		): Promise<MenuCategory> {
			const t = this.tables(trx);
			const before = await repo.findCategory(t, id, true);
			if (!before) throw MenuErrors.categoryNotFound(id);
			const category = (await repo.updateCategory(t, id, patch))!;
			if (category.course !== before.course) {
				const items = await repo.findItems(t, await repo.itemIdsOfCategory(t, id));
				for (const item of items.filter(i => i.courseOverride === null))
					await this.recordEvent(trx, MENU_EVENTS.itemUpdated, { item, changed: ["course"], by });
			}
			return category;
		},

		async createItem(this: MenuThis, trx: Trx, input: ItemInput): Promise<MenuItem> {
			const t = this.tables(trx);
			if (!(await repo.findCategory(t, input.categoryId, true))) throw MenuErrors.categoryNotFound(input.categoryId);
			const groupIds = input.modifierGroupIds ?? [];
			await this.assertGroups(trx, groupIds);
			const id = await repo.insertItem(t, {
				categoryId: input.categoryId,
				name: input.name,
				description: input.description ?? "",
				priceCents: input.priceCents,
				station: input.station,
				available: availabilityFor(undefined, input) ?? true,
				courseOverride: input.course ?? null,
				remaining: input.remaining ?? null,
			});
			await mods.setItemGroups(t, id, groupIds);
			const item = (await repo.findItem(t, id))!;
			await this.recordEvent(trx, MENU_EVENTS.itemUpdated, { item });
			return item;
		},

		async changeItem(this: MenuThis, trx: Trx, id: string, patch: ItemPatch, fields: string[], by: string | null): Promise<MenuItem> {
			const t = this.tables(trx);
			const row = await repo.findItemRow(t, id, true);
			if (!row) throw MenuErrors.itemNotFound(id);
			if (patch.categoryId && !(await repo.findCategory(t, patch.categoryId))) throw MenuErrors.categoryNotFound(patch.categoryId);
			if (patch.modifierGroupIds) await this.assertGroups(trx, patch.modifierGroupIds);
			const available = availabilityFor(row, patch);
			const { course, modifierGroupIds, ...own } = patch;
			await repo.updateItem(t, id, { ...own, available, ...(course !== undefined && { courseOverride: course }) });
			if (modifierGroupIds) await mods.setItemGroups(t, id, modifierGroupIds);
			const item = (await repo.findItem(t, id))!;
			await this.recordEvent(trx, MENU_EVENTS.itemUpdated, { item, changed: changedFields(fields, row.available, available), by });
			return item;
		},
	},
};

interface MenuMethods {
	changeMenu<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
	menuChanged(): Promise<void>;
	changeCategory(
		trx: Trx,
		id: string,
		patch: { name?: string; position?: number; course?: number },
		by: string | null,
	): Promise<MenuCategory>;
	createItem(trx: Trx, input: ItemInput): Promise<MenuItem>;
	changeItem(trx: Trx, id: string, patch: ItemPatch, fields: string[], by: string | null): Promise<MenuItem>;
}

export default MenuService as unknown as ServiceSchema;
