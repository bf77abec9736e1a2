// Events the menu service produces: an item changed (86'd, repriced...) or was deleted.
import type { MenuItem } from "../domain";

export const MENU_EVENTS = { itemUpdated: "menu.item.updated", itemDeleted: "menu.item.deleted" } as const;
/** Not durable: broadcast after every menu change so gateways drop their copy of GET /menu. */
export const MENU_CHANGED = "menu.changed";

export interface MenuItemUpdated {
	item: MenuItem;
	/** Absent when the item was created. */
	changed?: string[];
	by?: string | null;
}

export interface MenuItemDeleted {
	item: MenuItem;
}

export interface MenuEvents {
	"menu.item.updated": MenuItemUpdated;
	"menu.item.deleted": MenuItemDeleted;
}
