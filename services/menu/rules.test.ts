// The menu's rules without a broker: who may change what, what a modifier group may ask of a guest, how a group's
// new option list becomes writes, and the countdowns' bookkeeping.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	availabilityFor,
	changedFields,
	checkCategoryChange,
	checkChoices,
	checkGroupChange,
	countdownFields,
	countdownsOf,
	effectiveMinChoices,
	isStale,
	itemFieldsToChange,
	onKeep,
	onRelease,
	onReserveAgain,
	optionFieldsToChange,
	planOptions,
	type HoldState,
} from "./rules";

describe("changing a menu item", () => {
	it("admins change anything, and the change names its fields", () => {
		assert.deepEqual(itemFieldsToChange("admin", { name: "Soup", priceCents: 650, available: false, remaining: 12 }), [
			"name",
			"priceCents",
			"available",
			"remaining",
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
			assert.throws(() => itemFieldsToChange(role, { remaining: 5 }), { type: "FORBIDDEN", data: { fields: ["remaining"] } }, role);
		}
		assert.throws(() => itemFieldsToChange(undefined, { name: "x" }), { type: "FORBIDDEN", data: { fields: ["name"] } });
	});

	it("a change naming nothing is refused, listing what it could change", () => {
		assert.throws(() => itemFieldsToChange("admin", {}), {
			type: "BAD_REQUEST",
			code: 400,
			message:
				"Nothing to change: send categoryId, name, description, priceCents, station, available, modifierGroupIds, course, remaining",
		});
	});
});

describe("changing a modifier option", () => {
	it("admins change anything; kitchen and floor staff only 86 it or bring it back", () => {
		assert.deepEqual(optionFieldsToChange("admin", { name: "Chips", priceDeltaCents: -50, remaining: 3 }), [
			"name",
			"priceDeltaCents",
			"remaining",
		]);
		assert.deepEqual(optionFieldsToChange("kitchen", { available: false }), ["available"]);
		assert.deepEqual(optionFieldsToChange("staff", { available: true }), ["available"]);
	});

	it("anyone else changing more is refused with 403 naming the fields and saying it is an option", () => {
		for (const role of ["kitchen", "staff"] as const) {
			assert.throws(
				() => optionFieldsToChange(role, { available: false, priceDeltaCents: 0, station: "fry" }),
				(err: Error & { code: number; data: { fields: string[] } }) => {
					assert.equal(err.code, 403);
					assert.deepEqual(err.data.fields, ["priceDeltaCents", "station"]);
					assert.match(err.message, /modifier option/);
					return true;
				},
			);
		}
	});

	it("naming nothing is refused, listing what it could change", () => {
		assert.throws(() => optionFieldsToChange("staff", {}), {
			type: "BAD_REQUEST",
			message: "Nothing to change: send available, remaining, name, priceDeltaCents, station",
		});
	});
});

describe("changing a menu category or a modifier group", () => {
	it("a category change names its name, position, course or several", () => {
		assert.doesNotThrow(() => checkCategoryChange({ name: "Mains" }));
		assert.doesNotThrow(() => checkCategoryChange({ position: 0 }));
		assert.doesNotThrow(() => checkCategoryChange({ course: 2 }));
	});

	it("naming none is refused", () => {
		assert.throws(() => checkCategoryChange({}), { type: "BAD_REQUEST", message: "Nothing to change: send name, position, course" });
		assert.throws(() => checkGroupChange({}), {
			type: "BAD_REQUEST",
			message: "Nothing to change: send name, required, minChoices, maxChoices, options",
		});
	});
});

describe("what a modifier group may ask of a guest", () => {
	it("a required group needs at least one choice, whatever minChoices says", () => {
		assert.equal(effectiveMinChoices({ required: true, minChoices: 0 }), 1);
		assert.equal(effectiveMinChoices({ required: true, minChoices: 2 }), 2);
		assert.equal(effectiveMinChoices({ required: false, minChoices: 0 }), 0);
	});

	it("minChoices above maxChoices is refused naming minChoices", () => {
		assert.throws(() => checkChoices({ required: false, minChoices: 3, maxChoices: 2 }, 5), {
			name: "ValidationError",
			code: 422,
			data: [{ field: "minChoices", type: "choices", message: "minChoices (3) must not exceed maxChoices (2)" }],
		});
	});

	it("asking for more choices than there are options is refused: nobody could order the item", () => {
		assert.throws(() => checkChoices({ required: true, minChoices: 3, maxChoices: 3 }, 2), {
			data: [{ field: "minChoices", type: "choices", message: "The group asks for at least 3 choice(s) but offers 2 option(s)" }],
		});
		assert.throws(() => checkChoices({ required: true, minChoices: 0, maxChoices: 1 }, 0), { name: "ValidationError" });
		assert.doesNotThrow(() => checkChoices({ required: true, minChoices: 0, maxChoices: 5 }, 1));
		assert.doesNotThrow(() => checkChoices({ required: false, minChoices: 0, maxChoices: 5 }, 1));
	});
});

describe("a group's new option list", () => {
	it("changes the options named by id, adds those without, removes those left out, in the list's order", () => {
		const plan = planOptions(["a", "b", "c"], [{ id: "c", name: "C" }, { name: "New" }, { id: "a", name: "A", priceDeltaCents: 100 }]);

		assert.deepEqual(plan, {
			keep: [
				{ id: "c", name: "C", position: 0 },
				{ id: "a", name: "A", priceDeltaCents: 100, position: 2 },
			],
			add: [{ name: "New", position: 1 }],
			remove: ["b"],
		});
	});

	it("an id that is not one of the group's options is a 404 naming it", () => {
		assert.throws(() => planOptions(["a"], [{ id: "z", name: "Z" }]), {
			type: "MODIFIER_OPTION_NOT_FOUND",
			code: 404,
			data: { id: "z" },
		});
	});

	it("the same id twice is a 400 naming the second entry", () => {
		assert.throws(
			() =>
				planOptions(
					["a"],
					[
						{ id: "a", name: "A" },
						{ id: "a", name: "A again" },
					],
				),
			{
				name: "ValidationError",
				data: [{ field: "options[1].id", type: "unique", message: "options[1].id lists option a a second time" }],
			},
		);
	});
});

describe("availability under a countdown", () => {
	const burger = { id: "m1", name: "Burger", remaining: 3, available: true };

	it("a count above 0 brings the dish back; 0 sells it out", () => {
		assert.equal(availabilityFor({ ...burger, remaining: 0, available: false }, { remaining: 5 }), true);
		assert.equal(availabilityFor(burger, { remaining: 0 }), false);
	});

	it("the same change may 86 it while setting a count", () => {
		assert.equal(availabilityFor(burger, { remaining: 5, available: false }), false);
	});

	it("available at 0 left is refused naming available", () => {
		assert.throws(() => availabilityFor(burger, { remaining: 0, available: true }), {
			name: "ValidationError",
			data: [
				{ field: "available", type: "countdown", message: "available cannot be true with remaining 0: nothing is left to sell" },
			],
		});
	});

	it("bringing back a dish counted down to 0 without a new count is a 409 saying none is left", () => {
		assert.throws(() => availabilityFor({ ...burger, remaining: 0, available: false }, { available: true }), {
			type: "ITEM_UNAVAILABLE",
			code: 409,
			message: "Not enough left: Burger (0 left)",
		});
	});

	it("a change says it changed availability when a new count moved it without naming it", () => {
		assert.deepEqual(changedFields(["remaining"], true, false), ["remaining", "available"]);
		assert.deepEqual(changedFields(["remaining"], false, true), ["remaining", "available"]);
		assert.deepEqual(changedFields(["remaining"], true, true), ["remaining"]);
		assert.deepEqual(changedFields(["name"], true, undefined), ["name"]);
		assert.deepEqual(changedFields(["available", "remaining"], true, false), ["available", "remaining"]);
	});

	it("lifting the count, or a change without one, leaves availability to what the change says", () => {
		assert.equal(availabilityFor(burger, { remaining: null }), undefined);
		assert.equal(availabilityFor(burger, {}), undefined);
		assert.equal(availabilityFor(burger, { available: false }), false);
		assert.equal(availabilityFor(undefined, { available: true }), true);
	});
});

describe("what order lines take from the countdowns", () => {
	it("each line's quantity off its item and off each chosen option, summed per countdown", () => {
		const taken = countdownsOf([
			{ menuItemId: "burger", optionIds: ["fries", "bacon"], quantity: 2 },
			{ menuItemId: "burger", optionIds: ["fries"], quantity: 1 },
			{ menuItemId: "soup", optionIds: [], quantity: 4 },
		]);

		assert.deepEqual(taken, [
			{ kind: "item", id: "burger", quantity: 3 },
			{ kind: "item", id: "soup", quantity: 4 },
			{ kind: "option", id: "bacon", quantity: 2 },
			{ kind: "option", id: "fries", quantity: 3 },
		]);
	});

	it("only the counted ones when told which count, items then options, each by id (one lock order for every reserve)", () => {
		const taken = countdownsOf(
			[
				{ menuItemId: "z-steak", optionIds: ["b-rare"], quantity: 1 },
				{ menuItemId: "a-salad", optionIds: ["a-dressing"], quantity: 1 },
			],
			{ items: new Set(["z-steak", "a-salad"]), options: new Set(["a-dressing"]) },
		);

		assert.deepEqual(
			taken.map(c => `${c.kind}:${c.id}`),
			["item:a-salad", "item:z-steak", "option:a-dressing"],
		);
	});

	it("crossing zero changes availability too; any other move only the count", () => {
		assert.deepEqual(countdownFields(1, 0), ["remaining", "available"]);
		assert.deepEqual(countdownFields(0, 2), ["remaining", "available"]);
		assert.deepEqual(countdownFields(5, 3), ["remaining"]);
		assert.deepEqual(countdownFields(3, 5), ["remaining"]);
	});
});

describe("a countdown hold's life", () => {
	const at = new Date("2024-05-01T19:00:00Z");
	const live: HoldState = { createdAt: at, keptAt: null, releasedAt: null };
	const kept: HoldState = { ...live, keptAt: at };
	const released: HoldState = { ...live, releasedAt: at };

	it("reserving the same hold again answers as the first time, unless it was released: then it is taken again", () => {
		assert.equal(onReserveAgain(live), "answer");
		assert.equal(onReserveAgain(kept), "answer");
		assert.equal(onReserveAgain(released), "take");
	});

	it("only a live hold is released; a kept one belongs to its order, an unknown or released one has nothing to give", () => {
		assert.equal(onRelease(live), "release");
		assert.equal(onRelease(kept), "none");
		assert.equal(onRelease(released), "none");
		assert.equal(onRelease(undefined), "none");
	});

	it("an order keeps its hold once; one released before its order's event came is kept and taken again", () => {
		assert.equal(onKeep(live), "keep");
		assert.equal(onKeep(kept), "none");
		assert.equal(onKeep(released), "keep_and_take_again");
		assert.equal(onKeep(undefined), "none");
	});

	it("a live hold is stale once its time is up; a kept or released one never is", () => {
		assert.equal(isStale(live, new Date(at.getTime() + 299_000), 300), false);
		assert.equal(isStale(live, new Date(at.getTime() + 300_000), 300), true);
		assert.equal(isStale(kept, new Date(at.getTime() + 900_000), 300), false);
		assert.equal(isStale(released, new Date(at.getTime() + 900_000), 300), false);
	});
});
