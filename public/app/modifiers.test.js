// Modifier groups in words, price deltas typed and shown, course names, and a modifier:update push on a menu.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { choiceRule, deltaText, parseDeltaCents, deltaInput, courseName, applyModifierGroup } from "./modifiers.js";

const group = (over = {}) => ({ id: "g1", name: "Temperature", required: true, minChoices: 1, maxChoices: 1, options: [], ...over });

describe("a modifier group's rule in words", () => {
	it("says how many to choose when the group is required", () => {
		assert.equal(choiceRule(group()), "Choose 1");
		assert.equal(choiceRule(group({ minChoices: 1, maxChoices: 2 })), "Choose 1 to 2");
		assert.equal(choiceRule(group({ minChoices: 2, maxChoices: 2 })), "Choose 2");
	});

	it("counts a required group with no minimum as at least one, as the server does", () => {
		assert.equal(choiceRule(group({ minChoices: 0, maxChoices: 3 })), "Choose 1 to 3");
	});

	it("says an optional group is optional, with its limit", () => {
		assert.equal(choiceRule(group({ required: false, minChoices: 0, maxChoices: 3 })), "Optional, up to 3");
		assert.equal(choiceRule(group({ required: false, minChoices: 0, maxChoices: 1 })), "Optional, 1 at most");
	});

	it("keeps an optional group's own minimum", () => {
		assert.equal(choiceRule(group({ required: false, minChoices: 2, maxChoices: 4 })), "Choose 2 to 4");
	});
});

describe("price deltas", () => {
	it("shows a surcharge with a plus, a discount with a real minus sign, nothing for no change", () => {
		assert.equal(deltaText(250), "+$2.50");
		assert.equal(deltaText(-50), "−$0.50");
		assert.equal(deltaText(0), "");
	});

	it("reads what a person types, negative too", () => {
		assert.equal(parseDeltaCents("2.5"), 250);
		assert.equal(parseDeltaCents("-0.50"), -50);
		assert.equal(parseDeltaCents("−1"), -100);
		assert.equal(parseDeltaCents("+3,05"), 305);
		assert.equal(parseDeltaCents(" 0 "), 0);
	});

	it("refuses what is not an amount", () => {
		for (const text of ["", "abc", "1.234", "--1", "1-"]) assert.equal(parseDeltaCents(text), null, text);
	});

	it("writes a delta back as it is typed", () => {
		assert.equal(deltaInput(-50), "-0.50");
		assert.equal(deltaInput(200), "2.00");
		assert.equal(parseDeltaCents(deltaInput(-1234)), -1234);
	});
});

describe("course names", () => {
	it("names course n from the settings' list, and past it as Course n", () => {
		const courses = ["Starters", "Mains", "Desserts"];
		assert.equal(courseName(courses, 2), "Mains");
		assert.equal(courseName(courses, 5), "Course 5");
		assert.equal(courseName(undefined, 1), "Course 1");
	});
});

describe("a modifier:update push on a menu", () => {
	const temp = group({ options: [{ id: "o1", name: "Rare", available: true }] });
	const menu = {
		categories: [
			{
				id: "c1",
				items: [
					{ id: "i1", modifierGroups: [temp] },
					{ id: "i2", modifierGroups: [] },
				],
			},
			{ id: "c2", items: [{ id: "i3", modifierGroups: [group({ id: "g2" }), temp] }] },
		],
	};

	it("replaces the group in every item that carries it, and leaves the others as they were", () => {
		const soldOut = { ...temp, options: [{ id: "o1", name: "Rare", available: false }] };
		const next = applyModifierGroup(menu, soldOut);

		assert.equal(next.categories[0].items[0].modifierGroups[0].options[0].available, false);
		assert.equal(next.categories[1].items[0].modifierGroups[1], soldOut);
		assert.equal(next.categories[1].items[0].modifierGroups[0].id, "g2", "the item's order of groups is kept");
		assert.equal(next.categories[0].items[1], menu.categories[0].items[1]);
	});

	it("takes a deleted group off every item", () => {
		const next = applyModifierGroup(menu, { id: "g1", deleted: true });

		assert.deepEqual(next.categories[0].items[0].modifierGroups, []);
		assert.deepEqual(
			next.categories[1].items[0].modifierGroups.map(g => g.id),
			["g2"],
		);
	});

	it("changes nothing for a group no item carries, or before there is a menu", () => {
		assert.equal(applyModifierGroup(menu, group({ id: "g9" })), menu);
		assert.equal(applyModifierGroup(undefined, temp), undefined);
	});
});
