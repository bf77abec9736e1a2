// The rules of a dish's choices on the tablet (a tap on an option, what Add waits for, the price and the request,
// countdowns), as the server checks them; the wording every app shares is public/app/modifiers.js. No DOM.
import { applyModifierGroup as applyToMenu } from "../app/modifiers.js";

export { choiceRule, deltaText } from "../app/modifiers.js";

/** A group's effective limits: a required group needs at least one choice whatever its minChoices says. */
export function limits(group) {
	const min = group.required ? Math.max(1, group.minChoices ?? 0) : (group.minChoices ?? 0);
	return { min, max: Math.max(min, group.maxChoices ?? 1) };
}

/** What a countdown says on a button: "3 left", "Sold out"; "" when the dish or option is not counted. */
export function countdownText(thing) {
	if (thing.available === false) return "Sold out";
	return thing.remaining === null || thing.remaining === undefined ? "" : `${thing.remaining} left`;
}

/**
 * One tap on an option: `choices` maps a group id to the option ids chosen. A group of one choice swaps; a group
 * already at its most keeps what it has (the sheet greys the rest); a second tap takes an option off.
 */
export function toggleOption(choices, group, optionId) {
	const had = choices[group.id] ?? [];
	const { max } = limits(group);
	let next;
	if (had.includes(optionId)) next = had.filter(id => id !== optionId);
	else if (max === 1) next = [optionId];
	else if (had.length >= max) return choices;
	else next = [...had, optionId];
	return { ...choices, [group.id]: next };
}

/** The groups still short of their minimum, with what each needs: Add waits for these. */
export function missingChoices(item, choices) {
	return (item.modifierGroups ?? []).map(g => ({ group: g, need: limits(g).min - (choices[g.id] ?? []).length })).filter(m => m.need > 0);
}

/** The options chosen that the kitchen can no longer make (86'd or counted out since they were tapped). */
export function unavailableChoices(item, choices) {
	return (item.modifierGroups ?? []).flatMap(g => g.options.filter(o => (choices[g.id] ?? []).includes(o.id) && o.available === false));
}

/** The choices as the order line carries them (group order, then option position), with today's names and prices. */
export function chosenModifiers(item, choices) {
	return (item.modifierGroups ?? []).flatMap(g =>
		[...g.options]
			.sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
			.filter(o => (choices[g.id] ?? []).includes(o.id))
			.map(o => ({ groupId: g.id, groupName: g.name, optionId: o.id, name: o.name, priceDeltaCents: o.priceDeltaCents })),
	);
}

/** One unit's price: the dish and its options' deltas, never below 0 (as the server prices it). */
export const unitPrice = (priceCents, modifiers = []) => Math.max(0, priceCents + modifiers.reduce((s, m) => s + m.priceDeltaCents, 0));

/** The request's `modifiers` for a line: its options by group. */
export function modifiersRequest(modifiers = []) {
	const by = new Map();
	for (const m of modifiers) {
		if (!by.has(m.groupId)) by.set(m.groupId, []);
		by.get(m.groupId).push(m.optionId);
	}
	return [...by].map(([groupId, optionIds]) => ({ groupId, optionIds }));
}

/** "Medium rare · Fries": a line's options in a few words. */
export const optionsText = (modifiers = []) => modifiers.map(m => m.name).join(" · ");

/** The floor's menu (its categories) with a `modifier:update` push applied to every dish offering the group. */
export function applyModifierGroup(categories, group) {
	if (!categories) return categories;
	const menu = applyToMenu({ categories }, group);
	return menu.categories;
}

/** Every option of the menu by id, with its group's name: for wording a refusal that names option ids. */
export function optionsById(categories) {
	const by = new Map();
	for (const c of categories ?? [])
		for (const i of c.items)
			for (const g of i.modifierGroups ?? []) for (const o of g.options) by.set(o.id, { ...o, groupName: g.name });
	return by;
}
