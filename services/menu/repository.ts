// SQL over the menu schema's categories and items, and the item as every reader gets it (its modifier groups whole,
// its effective course). Callers pass `t`, the schema-bound table builder.
import crypto from "node:crypto";
import type { Knex } from "knex";
import type { MenuCategory as Category, MenuItem } from "../../contracts";
import { groupsOfItems } from "./modifier-repository";

export type { Category, MenuItem };

export type Tables = (
	name: "categories" | "items" | "modifier_groups" | "modifier_options" | "item_modifier_groups" | "countdown_holds",
) => Knex.QueryBuilder;

export interface ItemRow {
	id: string;
	category_id: string;
	name: string;
	description: string;
	price_cents: number;
	station: string;
	available: boolean;
	course: number | null;
	remaining: number | null;
}

interface CategoryRow {
	id: string;
	name: string;
	position: number;
	course: number;
}

/** An item's own fields as a change names them (modifierGroupIds are written by setItemGroups). */
export interface ItemFields {
	categoryId: string;
	name: string;
	description: string;
	priceCents: number;
	station: string;
	available: boolean;
	courseOverride: number | null;
	remaining: number | null;
}

const toItem = (r: ItemRow, categoryCourse: number, groups: MenuItem["modifierGroups"]): MenuItem => ({
	id: r.id,
	categoryId: r.category_id,
	name: r.name,
	description: r.description,
	priceCents: r.price_cents,
	station: r.station,
	available: r.available,
	course: r.course ?? categoryCourse,
	courseOverride: r.course,
	remaining: r.remaining,
	modifierGroups: groups,
});

const toCategory = (r: CategoryRow): Category => ({ id: r.id, name: r.name, position: r.position, course: r.course });

/** Items as readers see them: the category gives the course an item does not set, the links give the groups. */
async function assemble(t: Tables, rows: ItemRow[], courses?: Map<string, number>): Promise<MenuItem[]> {
	if (!rows.length) return [];
	const courseOf =
		courses ??
		new Map(
			(
				(await t("categories")
					.whereIn("id", [...new Set(rows.map(r => r.category_id))])
					.select("id", "course")) as CategoryRow[]
			).map(c => [c.id, c.course]),
		);
	const groups = await groupsOfItems(
		t,
		rows.map(r => r.id),
	);
	return rows.map(r => toItem(r, courseOf.get(r.category_id) ?? 1, groups.get(r.id) ?? []));
}

export async function menu(t: Tables): Promise<(Category & { items: MenuItem[] })[]> {
	const [cats, rows] = await Promise.all([
		t("categories")
			.whereNull("deleted_at")
			.orderBy([{ column: "position" }, { column: "name" }]) as Promise<CategoryRow[]>,
		t("items").whereNull("deleted_at").orderBy("name") as Promise<ItemRow[]>,
	]);
	const items = await assemble(t, rows, new Map(cats.map(c => [c.id, c.course])));
	return cats.map(c => ({ ...toCategory(c), items: items.filter(i => i.categoryId === c.id) }));
}

export const findCategory = async (t: Tables, id: string, lock = false): Promise<Category | undefined> => {
	const q = t("categories").where({ id }).whereNull("deleted_at").first();
	const row: CategoryRow | undefined = await (lock ? q.forUpdate() : q);
	return row && toCategory(row);
};

export async function insertCategory(t: Tables, c: { name: string; position: number; course: number }): Promise<Category> {
	const [row] = await t("categories")
		.insert({ id: crypto.randomUUID(), ...c })
		.returning("*");
	return toCategory(row);
}

export async function updateCategory(
	t: Tables,
	id: string,
	patch: { name?: string; position?: number; course?: number },
): Promise<Category | undefined> {
	const [row] = await t("categories")
		.where({ id })
		.whereNull("deleted_at")
		.update({ ...patch, updated_at: new Date() })
		.returning("*");
	return row && toCategory(row);
}

export const countLiveItems = async (t: Tables, categoryId: string): Promise<number> => {
	const row = await t("items")
		.where({ category_id: categoryId })
		.whereNull("deleted_at")
		.count<{ count: number }[]>("* as count")
		.first();
	return Number(row?.count ?? 0);
};

/** Live item ids of a category: the items whose effective course a change of the category's course moves. */
export const itemIdsOfCategory = async (t: Tables, categoryId: string): Promise<string[]> =>
	(await t("items").where({ category_id: categoryId }).whereNull("deleted_at").select("id")).map((r: { id: string }) => r.id);

// Soft, like items: deleted items still point at their category.
export const deleteCategory = (t: Tables, id: string) =>
	t("categories").where({ id }).whereNull("deleted_at").update({ deleted_at: new Date() });

/** The item's row, locked when asked (the change that follows is decided on it). */
export const findItemRow = async (t: Tables, id: string, lock = false): Promise<ItemRow | undefined> => {
	const q = t("items").where({ id }).whereNull("deleted_at").first();
	return lock ? q.forUpdate() : q;
};

export async function findItem(t: Tables, id: string): Promise<MenuItem | undefined> {
	const [item] = await findItems(t, [id]);
	return item;
}

/** Live items by id, as GET /menu shows them (missing ones are left out). */
export async function findItems(t: Tables, ids: string[]): Promise<MenuItem[]> {
	if (!ids.length) return [];
	const rows: ItemRow[] = await t("items").whereIn("id", ids).whereNull("deleted_at");
	return assemble(t, rows);
}

export async function insertItem(t: Tables, i: ItemFields): Promise<string> {
	const id = crypto.randomUUID();
	await t("items").insert({
		id,
		category_id: i.categoryId,
		name: i.name,
		description: i.description,
		price_cents: i.priceCents,
		station: i.station,
		available: i.available,
		course: i.courseOverride,
		remaining: i.remaining,
	});
	return id;
}

export async function updateItem(t: Tables, id: string, patch: Partial<ItemFields>): Promise<void> {
	await t("items")
		.where({ id })
		.update({
			...(patch.categoryId !== undefined && { category_id: patch.categoryId }),
			...(patch.name !== undefined && { name: patch.name }),
			...(patch.description !== undefined && { description: patch.description }),
			...(patch.priceCents !== undefined && { price_cents: patch.priceCents }),
			...(patch.station !== undefined && { station: patch.station }),
			...(patch.available !== undefined && { available: patch.available }),
			...(patch.courseOverride !== undefined && { course: patch.courseOverride }),
			...(patch.remaining !== undefined && { remaining: patch.remaining }),
			updated_at: new Date(),
		});
}

export const softDeleteItem = (t: Tables, id: string) =>
	t("items").where({ id }).whereNull("deleted_at").update({ deleted_at: new Date() });
