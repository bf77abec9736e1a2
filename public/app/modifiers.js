// Modifier groups as every app shows them (the rule in words, price deltas, course names) and how a modifier:update
// push changes a menu; no DOM, so reducers and their node tests import it.
import { money } from "./format.js";

/** A group's rule as a guest or a waiter reads it: "Choose 1", "Choose 1 to 2", "Optional, up to 3". */
export function choiceRule(group) {
	const min = group.required ? Math.max(1, group.minChoices) : group.minChoices;
	const max = group.maxChoices;
	if (min === 0) return max === 1 ? "Optional, 1 at most" : `Optional, up to ${max}`;
	return min === max ? `Choose ${min}` : `Choose ${min} to ${max}`;
}

/** An option's price change: "+$2.00", "−$0.50" (a real minus sign), "" when it costs nothing more. */
export function deltaText(cents) {
	if (!cents) return "";
	return cents > 0 ? `+${money(cents)}` : `−${money(-cents)}`;
}

/** "-0.50", "+2", "1,5" typed by a person → cents, negative allowed; null when it is not an amount. */
export function parseDeltaCents(text) {
	const m = /^\s*([+\-−]?)\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(String(text ?? ""));
	if (!m) return null;
	const cents = Number(m[2]) * 100 + Number((m[3] ?? "0").padEnd(2, "0"));
	return m[1] === "-" || m[1] === "−" ? -cents : cents;
}

/** A delta as a person types it back into the field: "-0.50", "2.00", "0.00". */
export function deltaInput(cents) {
	return `${cents < 0 ? "-" : ""}${(Math.abs(cents) / 100).toFixed(2)}`;
}

/** Course n's name from the settings' list (course n = courses[n − 1]); past the list, "Course n". */
export function courseName(courses, n) {
	return (courses ?? [])[n - 1] ?? `Course ${n}`;
}

/**
 * A menu ({categories: [{items}]}) with one modifier group replaced in every item that carries it, as a
 * `modifier:update` push says; `deleted` takes it off them. The same menu when no item carries it.
 */
export function applyModifierGroup(menu, group) {
	if (!menu) return menu;
	let changed = false;
	const categories = menu.categories.map(c => {
		let touched = false;
		const items = c.items.map(i => {
			if (!i.modifierGroups?.some(g => g.id === group.id)) return i;
			touched = true;
			const modifierGroups = group.deleted
				? i.modifierGroups.filter(g => g.id !== group.id)
				: i.modifierGroups.map(g => (g.id === group.id ? group : g));
			return { ...i, modifierGroups };
		});
		if (!touched) return c;
		changed = true;
		return { ...c, items };
	});
	return changed ? { ...menu, categories } : menu;
}
