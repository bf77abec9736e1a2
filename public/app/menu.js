// The menu as every app keeps it ({categories: [{id, items}]}), and how a menu:update push changes it; no DOM.

/** Dishes, tables and categories in the order people read them: "Table 2" before "Table 10", case aside. */
export const byName = (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: "base" });

/**
 * A menu (`{categories: [{id, items}]}`) with one item changed as a `menu:update` push says: moved to its
 * category, or removed when `deleted`. Null when its category is not in this copy: read the menu again.
 */
export function applyMenuItem(menu, item) {
	if (!menu) return menu;
	if (!item.deleted && !menu.categories.some(c => c.id === item.categoryId)) return null;
	const categories = menu.categories.map(c => {
		const items = c.items.filter(i => i.id !== item.id);
		if (c.id === item.categoryId && !item.deleted) {
			items.push(item);
			items.sort(byName);
		}
		return { ...c, items };
	});
	return { ...menu, categories };
}
