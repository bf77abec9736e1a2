// A dish's choices on the tablet: the rule each group states, a tap on an option, what Add waits for, the price and
// the request, and a modifier:update push reaching every dish that offers the group.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	limits,
	choiceRule,
	deltaText,
	countdownText,
	toggleOption,
	missingChoices,
	unavailableChoices,
	chosenModifiers,
	unitPrice,
	modifiersRequest,
	optionsText,
	applyModifierGroup,
	optionsById,
} from "./modifiers.js";
import { money } from "../app/format.js";

const option = (id, fields = {}) => ({
	id,
	name: id,
	priceDeltaCents: 0,
	station: null,
	available: true,
	remaining: null,
	position: 0,
	...fields,
});
const temperature = {
	id: "g-temp",
	name: "Temperature",
	required: true,
	minChoices: 0,
	maxChoices: 1,
	options: [option("rare", { position: 0 }), option("medium", { position: 1 }), option("well", { position: 2 })],
};
const sides = {
	id: "g-sides",
	name: "Sides",
	required: false,
	minChoices: 0,
	maxChoices: 2,
	options: [
		option("salad", { position: 1, priceDeltaCents: 150 }),
		option("fries", { position: 0, priceDeltaCents: 200, station: "fryer", remaining: 3 }),
		option("slaw", { position: 2, available: false }),
	],
};
const steak = { id: "steak", name: "Steak", priceCents: 2800, modifierGroups: [temperature, sides] };

describe("a group's rule", () => {
	it("needs at least one choice in a required group, whatever its minimum says", () => {
		assert.deepEqual(limits(temperature), { min: 1, max: 1 });
		assert.deepEqual(limits(sides), { min: 0, max: 2 });
	});

	it("says the rule with the words every app shares", () => {
		assert.equal(choiceRule(temperature), "Choose 1");
		assert.equal(choiceRule(sides), "Optional, up to 2");
		assert.equal(deltaText(-50), `−${money(50)}`);
	});

	it("says what is left of a counted dish or option, and sold out at the end", () => {
		assert.equal(countdownText({ available: true, remaining: 3 }), "3 left");
		assert.equal(countdownText({ available: false, remaining: 0 }), "Sold out");
		assert.equal(countdownText({ available: true, remaining: null }), "");
	});
});

describe("choosing", () => {
	it("swaps the choice in a group of one", () => {
		const c = toggleOption(toggleOption({}, temperature, "rare"), temperature, "medium");

		assert.deepEqual(c, { "g-temp": ["medium"] });
	});

	it("adds up to the group's most, keeps what it has at the most, and takes an option off on a second tap", () => {
		let c = toggleOption({}, sides, "salad");
		c = toggleOption(c, sides, "fries");
		assert.equal(toggleOption(c, sides, "slaw"), c, "a third side is not taken");

		assert.deepEqual(toggleOption(c, sides, "salad"), { "g-sides": ["fries"] });
	});

	it("waits for the required groups, naming what each still needs", () => {
		assert.deepEqual(
			missingChoices(steak, {}).map(m => [m.group.name, m.need]),
			[["Temperature", 1]],
		);
		assert.deepEqual(missingChoices(steak, { "g-temp": ["rare"] }), []);
	});

	it("finds a chosen option that sold out while the sheet was open", () => {
		assert.deepEqual(
			unavailableChoices(steak, { "g-sides": ["slaw", "salad"] }).map(o => o.id),
			["slaw"],
		);
	});

	it("copies the choices in group order, then option position, with their names and prices", () => {
		const m = chosenModifiers(steak, { "g-sides": ["salad", "fries"], "g-temp": ["rare"] });

		assert.deepEqual(
			m.map(x => [x.groupName, x.name, x.priceDeltaCents]),
			[
				["Temperature", "rare", 0],
				["Sides", "fries", 200],
				["Sides", "salad", 150],
			],
		);
	});

	it("prices a unit as the dish plus its deltas, never below zero", () => {
		assert.equal(unitPrice(2800, [{ priceDeltaCents: 200 }, { priceDeltaCents: 150 }]), 3150);
		assert.equal(unitPrice(300, [{ priceDeltaCents: -500 }]), 0);
		assert.equal(unitPrice(300), 300);
	});

	it("sends the options by group, and reads them back in a few words", () => {
		const m = chosenModifiers(steak, { "g-sides": ["salad", "fries"], "g-temp": ["rare"] });

		assert.deepEqual(modifiersRequest(m), [
			{ groupId: "g-temp", optionIds: ["rare"] },
			{ groupId: "g-sides", optionIds: ["fries", "salad"] },
		]);
		assert.equal(optionsText(m), "rare · fries · salad");
	});
});

describe("a modifier:update push", () => {
	const menu = [
		{ id: "mains", items: [steak, { id: "burger", name: "Burger", modifierGroups: [sides] }] },
		{ id: "drinks", items: [{ id: "beer", name: "Beer", modifierGroups: [] }] },
	];

	it("gives every dish offering the group its new copy, and leaves the rest as they were", () => {
		const counted = { ...sides, options: sides.options.map(o => (o.id === "fries" ? { ...o, remaining: 2 } : o)) };

		const next = applyModifierGroup(menu, counted);

		assert.equal(next[0].items[0].modifierGroups[1], counted);
		assert.equal(next[0].items[1].modifierGroups[0], counted);
		assert.equal(next[0].items[0].modifierGroups[0], temperature);
		assert.equal(next[1], menu[1], "a category with no dish offering it is the same object");
	});

	it("takes a deleted group off the dishes", () => {
		const next = applyModifierGroup(menu, { id: "g-sides", deleted: true });

		assert.deepEqual(
			next[0].items[0].modifierGroups.map(g => g.id),
			["g-temp"],
		);
	});

	it("changes nothing for a group no dish offers", () => {
		assert.equal(applyModifierGroup(menu, { id: "other", options: [] }), menu);
	});

	it("finds every option by id with its group's name", () => {
		assert.equal(optionsById(menu).get("fries").groupName, "Sides");
	});
});
