// Who may change what on the menu, free of the bus and the database: admins edit it; kitchen and floor staff may
// only 86 an item (sold out) or bring it back.
import { CommonErrors, MenuErrors, type Role } from "../../contracts";

const ITEM_FIELDS = ["categoryId", "name", "description", "priceCents", "station", "available"];
const CATEGORY_FIELDS = ["name", "position"];

/**
 * The fields a change to an item names (what `menu.item.updated` says changed). Admins change anything; anyone
 * else only `available`, and a change naming more is refused, listing what they may not change.
 */
export function itemFieldsToChange(role: Role | undefined, patch: object): string[] {
	const fields = Object.keys(patch);
	if (fields.length === 0) throw CommonErrors.nothingToChange(ITEM_FIELDS);
	const beyondAvailability = fields.filter(f => f !== "available");
	if (role !== "admin" && beyondAvailability.length) throw MenuErrors.availabilityOnly(beyondAvailability);
	return fields;
}

/** A change to a category names its name, its position or both. */
export function checkCategoryChange(patch: { name?: string; position?: number }): void {
	if (patch.name === undefined && patch.position === undefined) throw CommonErrors.nothingToChange(CATEGORY_FIELDS);
}
