// SQL over the menu schema. Callers pass `t`, the schema-bound table builder.
import crypto from "node:crypto";
import type { Knex } from "knex";
import type { MenuCategory as Category, MenuItem } from "../../contracts";

export type { Category, MenuItem };

export type Tables = (name: "categories" | "items") => Knex.QueryBuilder;

interface ItemRow {
	id: string;
	category_id: string;
	name: string;
	description: string;
	price_cents: number;
	station: string;
	available: boolean;
}

interface CategoryRow {
	id: string;
	name: string;
	position: number;
}

export const toItem = (r: ItemRow): MenuItem => ({
	id: r.id,
	categoryId: r.category_id,
	name: r.name,
	description: r.description,
	priceCents: r.price_cents,
	station: r.station,
	available: r.available,
});

export const toCategory = (r: CategoryRow): Category => ({ id: r.id, name: r.name, position: r.position });

export async function menu(t: Tables): Promise<(Category & { items: MenuItem[] })[]> {
	const [cats, items] = await Promise.all([
		t("categories")
			.whereNull("deleted_at")
			.orderBy([{ column: "position" }, { column: "name" }]) as Promise<CategoryRow[]>,
		t("items").whereNull("deleted_at").orderBy("name") as Promise<ItemRow[]>,
	]);
	return cats.map(c => ({ ...toCategory(c), items: items.filter(i => i.category_id === c.id).map(toItem) }));
}

export const findCategory = async (t: Tables, id: string, lock = false): Promise<Category | undefined> => {
	const q = t("categories").where({ id }).whereNull("deleted_at").first();
	const row: CategoryRow | undefined = await (lock ? q.forUpdate() : q);
	return row && toCategory(row);
};

export async function insertCategory(t: Tables, c: { name: string; position: number }): Promise<Category> {
	const [row] = await t("categories")
		.insert({ id: crypto.randomUUID(), ...c })
		.returning("*");
	return toCategory(row);
}

export async function updateCategory(t: Tables, id: string, patch: { name?: string; position?: number }): Promise<Category | undefined> {
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

// Soft, like items: deleted items still point at their category.
export const deleteCategory = (t: Tables, id: string) =>
	t("categories").where({ id }).whereNull("deleted_at").update({ deleted_at: new Date() });

export const findItem = async (t: Tables, id: string, lock = false): Promise<MenuItem | undefined> => {
	const q = t("items").where({ id }).whereNull("deleted_at").first();
	const row: ItemRow | undefined = await (lock ? q.forUpdate() : q);
	return row && toItem(row);
};

export async function findItems(t: Tables, ids: string[]): Promise<MenuItem[]> {
	const rows: ItemRow[] = await t("items").whereIn("id", ids).whereNull("deleted_at");
	return rows.map(toItem);
}

export async function insertItem(t: Tables, i: Omit<MenuItem, "id">): Promise<MenuItem> {
	const [row] = await t("items")
		.insert({
			id: crypto.randomUUID(),
			category_id: i.categoryId,
			name: i.name,
			description: i.description,
			price_cents: i.priceCents,
			station: i.station,
			available: i.available,
		})
		.returning("*");
	return toItem(row);
}

export async function updateItem(t: Tables, id: string, patch: Partial<Omit<MenuItem, "id">>): Promise<MenuItem> {
	const [row] = await t("items")
		.where({ id })
		.update({
			...(patch.categoryId !== undefined && { category_id: patch.categoryId }),
			...(patch.name !== undefined && { name: patch.name }),
			...(patch.description !== undefined && { description: patch.description }),
			...(patch.priceCents !== undefined && { price_cents: patch.priceCents }),
			...(patch.station !== undefined && { station: patch.station }),
			...(patch.available !== undefined && { available: patch.available }),
			updated_at: new Date(),
		})
		.returning("*");
	return toItem(row);
}

export const softDeleteItem = (t: Tables, id: string) =>
	t("items").where({ id }).whereNull("deleted_at").update({ deleted_at: new Date() });
