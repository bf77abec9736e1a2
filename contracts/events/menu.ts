// Events the menu service produces: an item changed (86'd, repriced...) or was deleted.
import type { MenuItem, ModifierGroup } from "../domain";

export const MENU_EVENTS = {
	itemUpdated: "menu.item.updated",
	itemDeleted: "menu.item.deleted",
	modifierGroupUpdated: "menu.modifier-group.updated",
	modifierGroupDeleted: "menu.modifier-group.deleted",
} as const;
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

/** A modifier group was created or changed, or one of its options was (86'd, a countdown moved): the group, whole. */
export interface ModifierGroupUpdated {
	group: ModifierGroup;
	/** Absent when the group was created. */
	changed?: string[];
	/** The option that changed, when only one did. */
	optionId?: string;
	by?: string | null;
}

export interface ModifierGroupDeleted {
	group: ModifierGroup;
}

export interface MenuEvents {
	"menu.item.updated": MenuItemUpdated;
	"menu.item.deleted": MenuItemDeleted;
	"menu.modifier-group.updated": ModifierGroupUpdated;
	"menu.modifier-group.deleted": ModifierGroupDeleted;
}
