// A line's price and shape from the menu, without a broker: choices checked against the item's groups (each refusal
// a 400 naming the line's field and the group), deltas added and clamped at 0, options copied in the menu's order,
// a side line per option cooked elsewhere, and the countdown lines for menu.reserve.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { MenuItem, ModifierGroup, ModifierOption } from "../../contracts";
import { choiceRule, chooseModifiers, MAX_UNIT_PRICE_CENTS, priceLines, unitPrice, type LineInput } from "./pricing";

const option = (id: string, over: Partial<ModifierOption> = {}): ModifierOption => ({
	id,
	groupId: "g",
	name: id,
	priceDeltaCents: 0,
	station: null,
	available: true,
	remaining: null,
	position: 0,
	...over,
});
const group = (id: string, options: ModifierOption[], over: Partial<ModifierGroup> = {}): ModifierGroup => ({
	id,
	name: id,
	required: false,
	minChoices: 0,
	maxChoices: 1,
	options: options.map(o => ({ ...o, groupId: id })),
	...over,
});
const burger = (over: Partial<MenuItem> = {}): MenuItem => ({
	id: "burger",
	categoryId: "mains",
	name: "Burger",
	description: "",
	priceCents: 1_450,
	station: "grill",
	available: true,
	course: 2,
	courseOverride: null,
	remaining: null,
	modifierGroups: [
		group("Temperature", [option("rare", { position: 0 }), option("medium", { position: 1 }), option("well", { position: 2 })], {
			required: true,
		}),
		group(
			"Extras",
			[option("bacon", { priceDeltaCents: 200, position: 1 }), option("no-cheese", { priceDeltaCents: -50, position: 0 })],
			{ maxChoices: 2 },
		),
		group("Side", [option("fries", { station: "fryer", priceDeltaCents: 300 }), option("salad", { station: "grill" })]),
	],
	...over,
});
/** A counter for ids, so a test can name the lines it expects. */
const ids = () => {
	let n = 0;
	return () => `line-${++n}`;
};
const menuOf = (...items: MenuItem[]) => new Map(items.map(i => [i.id, i]));
const line = (over: Partial<LineInput> = {}): LineInput => ({
	menuItemId: "burger",
	quantity: 2,
	modifiers: [{ groupId: "Temperature", optionIds: ["medium"] }],
	...over,
});
/** The 400 a bad choice is: the line's field and the group, with the rule in the message. */
const badChoice = (field: string, group: string, message: RegExp) => (err: unknown) => {
	const e = err as { code: number; type: string; data: { field: string; group: string; message: string }[] };
	assert.equal(e.code, 422, JSON.stringify(e)); // the gateway answers every VALIDATION_ERROR with 400
	assert.equal(e.type, "VALIDATION_ERROR");
	assert.equal(e.data[0].field, field);
	assert.equal(e.data[0].group, group);
	assert.match(e.data[0].message, message);
	return true;
};

describe("choosing modifiers", () => {
	it("options are copied in the menu's order (group, then option position), with their names and prices", () => {
		const chosen = chooseModifiers(
			burger(),
			[
				{ groupId: "Extras", optionIds: ["bacon", "no-cheese"] },
				{ groupId: "Temperature", optionIds: ["rare"] },
			],
			"items[0].modifiers",
		);
		assert.deepEqual(
			chosen.map(c => [c.groupName, c.name, c.priceDeltaCents]),
			[
				["Temperature", "rare", 0],
				["Extras", "no-cheese", -50],
				["Extras", "bacon", 200],
			],
		);
	});

	it("a required group left out, or too many chosen: 400 naming the line's field and the group, with the rule", () => {
		assert.throws(
			() => chooseModifiers(burger(), [], "items[3].modifiers"),
			badChoice("items[3].modifiers", "Temperature", /Temperature: choose 1$/),
		);
		assert.throws(
			() =>
				chooseModifiers(
					burger(),
					[
						{ groupId: "Temperature", optionIds: ["rare"] },
						{ groupId: "Extras", optionIds: [] },
						{ groupId: "Side", optionIds: ["fries", "salad"] },
					],
					"items[0].modifiers",
				),
			badChoice("items[0].modifiers", "Side", /Side: choose up to 1/),
		);
	});

	it("a group not on the item, an option of another group, the same option or group twice: 400 naming the group", () => {
		const f = "items[0].modifiers";
		const temp = { groupId: "Temperature", optionIds: ["rare"] };
		assert.throws(
			() => chooseModifiers(burger(), [temp, { groupId: "Sauces", optionIds: [] }], f),
			badChoice(f, "Sauces", /no modifier group/),
		);
		assert.throws(
			() => chooseModifiers(burger(), [temp, { groupId: "Extras", optionIds: ["fries"] }], f),
			badChoice(f, "Extras", /not one of its options/),
		);
		assert.throws(
			() => chooseModifiers(burger(), [{ groupId: "Temperature", optionIds: ["rare", "rare"] }], f),
			badChoice(f, "Temperature", /chosen twice/),
		);
		assert.throws(() => chooseModifiers(burger(), [temp, temp], f), badChoice(f, "Temperature", /once/));
	});

	it("the rule a refusal states: exactly, up to, or from-to; a required group needs one even at minChoices 0", () => {
		assert.equal(choiceRule({ required: true, minChoices: 0, maxChoices: 1 }), "choose 1");
		assert.equal(choiceRule({ required: false, minChoices: 0, maxChoices: 3 }), "choose up to 3");
		assert.equal(choiceRule({ required: true, minChoices: 1, maxChoices: 2 }), "choose 1 to 2");
		assert.equal(choiceRule({ required: false, minChoices: 2, maxChoices: 2 }), "choose 2");
	});

	it("an item without groups (or from a menu node that sends none) takes no modifiers and refuses any", () => {
		assert.deepEqual(chooseModifiers({ name: "Beer", modifierGroups: [] }, undefined, "items[0].modifiers"), []);
		assert.deepEqual(chooseModifiers({ name: "Beer" } as MenuItem, [], "items[0].modifiers"), []);
		assert.throws(
			() => chooseModifiers({ name: "Beer", modifierGroups: [] }, [{ groupId: "x", optionIds: [] }], "f"),
			badChoice("f", "x", /no modifier group/),
		);
	});
});

describe("a line's price", () => {
	it("the item's price plus every delta, negative ones included; below zero it is free, never negative", () => {
		assert.equal(unitPrice(1_450, [{ priceDeltaCents: 200 }, { priceDeltaCents: -50 }]), 1_600);
		assert.equal(unitPrice(100, [{ priceDeltaCents: -250 }]), 0);
		fc.assert(
			fc.property(
				fc.nat(10_000_000),
				fc.array(fc.integer({ min: -10_000_000, max: 10_000_000 }), { maxLength: 20 }),
				(price, deltas) => {
					const p = unitPrice(
						price,
						deltas.map(d => ({ priceDeltaCents: d })),
					);
					assert.ok(Number.isInteger(p) && p >= 0);
					assert.equal(p, Math.max(0, price + deltas.reduce((a, b) => a + b, 0)));
				},
			),
		);
	});

	it("priced lines: the price with the options, the course the item's unless the line says, the seat and notes kept", () => {
		const { items } = priceLines(
			menuOf(burger()),
			[
				line({
					modifiers: [
						{ groupId: "Temperature", optionIds: ["rare"] },
						{ groupId: "Extras", optionIds: ["bacon"] },
					],
					seat: 3,
					notes: "no onion",
				}),
				line({ course: 1, quantity: 1 }),
			],
			"items",
			ids(),
		);
		assert.deepEqual(
			items.map(i => [i.id, i.unitPriceCents, i.course, i.seat, i.notes, i.quantity]),
			[
				["line-1", 1_650, 2, 3, "no onion", 2],
				["line-2", 1_450, 1, null, "", 1],
			],
		);
	});

	it("a price pushed over 100,000.00 by its options is a 400 naming the line", () => {
		const dear = burger({
			priceCents: 10_000_000,
			modifierGroups: [group("Gold", [option("leaf", { priceDeltaCents: MAX_UNIT_PRICE_CENTS })])],
		});
		assert.throws(
			() => priceLines(menuOf(dear), [line({ modifiers: [{ groupId: "Gold", optionIds: ["leaf"] }] })], "items", ids()),
			(e: { data: { field: string }[] }) => e.data[0].field === "items[0].modifiers",
		);
	});

	it("refusals in order: a bad choice (400, naming items[i]) before a sold-out dish (409), before a sold-out option (409 naming it)", () => {
		const soldOut = burger({ available: false });
		const badSecond = [line(), line({ modifiers: [] })];
		assert.throws(
			() => priceLines(menuOf(soldOut), badSecond, "items", ids()),
			badChoice("items[1].modifiers", "Temperature", /choose 1/),
		);
		assert.throws(() => priceLines(menuOf(soldOut), [line()], "items", ids()), { code: 409, type: "ITEM_UNAVAILABLE" });
		const rareGone = burger();
		rareGone.modifierGroups[0].options[0].available = false;
		assert.throws(
			() =>
				priceLines(
					menuOf(rareGone),
					[
						line({ modifiers: [{ groupId: "Temperature", optionIds: ["rare"] }] }),
						line({ modifiers: [{ groupId: "Temperature", optionIds: ["rare"] }] }),
					],
					"items",
					ids(),
				),
			{ code: 409, type: "ITEM_UNAVAILABLE", data: { optionIds: ["rare"] } },
		);
	});
});

describe("side lines", () => {
	it("an option cooked at another station is its own line right after its dish: its name and station, priced 0, same quantity, seat and course", () => {
		const { items } = priceLines(
			menuOf(burger()),
			[
				line({
					seat: 2,
					modifiers: [
						{ groupId: "Temperature", optionIds: ["rare"] },
						{ groupId: "Side", optionIds: ["fries"] },
					],
				}),
				line({
					quantity: 1,
					modifiers: [
						{ groupId: "Temperature", optionIds: ["rare"] },
						{ groupId: "Side", optionIds: ["salad"] },
					],
				}),
			],
			"items",
			ids(),
		);
		assert.deepEqual(
			items.map(i => [i.id, i.name, i.station, i.quantity, i.unitPriceCents, i.partOf, i.optionId, i.seat, i.course]),
			[
				["line-1", "Burger", "grill", 2, 1_750, null, null, 2, 2],
				["line-2", "fries", "fryer", 2, 0, "line-1", "fries", 2, 2],
				// The salad is made at the grill with the burger: no line of its own.
				["line-3", "Burger", "grill", 1, 1_450, null, null, null, 2],
			],
		);
	});
});

describe("countdown lines for menu.reserve", () => {
	it("only lines whose item or a chosen option is counted down, each with every option chosen and the line's quantity", () => {
		const counted = burger();
		counted.modifierGroups[2].options[0].remaining = 5;
		const beer: MenuItem = { ...burger(), id: "beer", name: "Beer", station: "bar", modifierGroups: [], remaining: 12 };
		const { countdown } = priceLines(
			menuOf(counted, beer),
			[
				line({ quantity: 1 }),
				line({
					quantity: 2,
					modifiers: [
						{ groupId: "Temperature", optionIds: ["well"] },
						{ groupId: "Side", optionIds: ["fries"] },
					],
				}),
				{ menuItemId: "beer", quantity: 3 },
			],
			"items",
			ids(),
		);
		assert.deepEqual(countdown, [
			{ menuItemId: "burger", optionIds: ["well", "fries"], quantity: 2 },
			{ menuItemId: "beer", optionIds: [], quantity: 3 },
		]);
	});
});
