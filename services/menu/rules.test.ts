// Who may change what on the menu: admins edit it, anyone else only 86es an item or brings it back.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkCategoryChange, itemFieldsToChange } from "./rules";

describe("changing a menu item", () => {
	it("admins change anything, and the change names its fields", () => {
		assert.deepEqual(itemFieldsToChange("admin", { name: "Soup", priceCents: 650, available: false }), [
			"name",
			"priceCents",
			"available",
		]);
	});

	it("kitchen and floor staff 86 an item or bring it back", () => {
		assert.deepEqual(itemFieldsToChange("kitchen", { available: false }), ["available"]);
		assert.deepEqual(itemFieldsToChange("staff", { available: true }), ["available"]);
	});

	it("anyone else changing more than availability is refused, naming what they may not change", () => {
		for (const role of ["kitchen", "staff"] as const) {
			assert.throws(
				() => itemFieldsToChange(role, { available: false, priceCents: 1 }),
				{ type: "FORBIDDEN", code: 403, data: { fields: ["priceCents"] } },
				role,
			);
		}
		assert.throws(() => itemFieldsToChange(undefined, { name: "x" }), { type: "FORBIDDEN", data: { fields: ["name"] } });
	});

	it("a change naming nothing is refused, listing what it could change", () => {
		assert.throws(() => itemFieldsToChange("admin", {}), {
			type: "BAD_REQUEST",
			code: 400,
			message: "Nothing to change: send categoryId, name, description, priceCents, station, available",
		});
	});
});

describe("changing a menu category", () => {
	it("names its name, its position or both", () => {
		assert.doesNotThrow(() => checkCategoryChange({ name: "Mains" }));
		assert.doesNotThrow(() => checkCategoryChange({ position: 0 }));
	});

	it("naming neither is refused", () => {
		assert.throws(() => checkCategoryChange({}), { type: "BAD_REQUEST", message: "Nothing to change: send name, position" });
	});
});
