// What a line costs and what the kitchen makes of it, free of the bus: the guest's choices checked against the
// item's modifier groups, the price with the options' deltas, the options copied into the line, a side line for
// each option cooked at another station, and the countdown portions the lines take.
import crypto from "node:crypto";
import {
	CommonErrors,
	OrderErrors,
	type ChosenModifier,
	type CountdownLine,
	type MenuItem,
	type ModifierGroup,
	type OrderItem,
} from "../../contracts";

/** A line as the tablet sends it. */
export interface LineInput {
	menuItemId: string;
	quantity: number;
	notes?: string;
	seat?: number;
	course?: number;
	modifiers?: { groupId: string; optionIds: string[] }[];
}

/** A line about to be written: an order item before it has a status, a round or a fire. */
export type NewItem = Pick<
	OrderItem,
	| "id"
	| "menuItemId"
	| "name"
	| "station"
	| "quantity"
	| "unitPriceCents"
	| "notes"
	| "seat"
	| "course"
	| "modifiers"
	| "partOf"
	| "optionId"
> &
	Partial<Pick<OrderItem, "remakeOf" | "remakeReason">>;

/** Lines priced from the menu: what to write, in order (each side right after its line), and what the countdowns give. */
export interface Priced {
	items: NewItem[];
	/** One per ordered line that touches a countdown (its item's or an option's): what menu.reserve takes. */
	countdown: CountdownLine[];
}

/**
 * A unit price above this (100,000.00, the menu's own ceiling for a dish) is a menu built to overflow, not a dish:
 * refused as the line's problem. 99 of them still fit the 32-bit money columns of bills and reports.
 */
export const MAX_UNIT_PRICE_CENTS = 10_000_000;

/** How many a guest must choose in a group: a required group at least one, whatever its minChoices says. */
export function minChoicesOf(group: Pick<ModifierGroup, "required" | "minChoices">): number {
	return group.required ? Math.max(1, group.minChoices) : group.minChoices;
}

/** "choose 1", "choose 1 to 2", "choose up to 3": the rule a refusal states. */
export function choiceRule(group: Pick<ModifierGroup, "required" | "minChoices" | "maxChoices">): string {
	const min = minChoicesOf(group);
	if (min === group.maxChoices) return `choose ${min}`;
	if (min === 0) return `choose up to ${group.maxChoices}`;
	return `choose ${min} to ${group.maxChoices}`;
}

/**
 * The options chosen for one line, checked against the item's groups and in the menu's order (group, then the
 * option's position), or a 400 naming the line's field and the group: a group the item does not offer, an option
 * not in its group, the same option or group twice, fewer or more choices than the group allows (a group left out
 * counts as none chosen). Availability is not judged here: an 86'd option is a 409, after every line is valid.
 */
export function chooseModifiers(
	item: Pick<MenuItem, "name" | "modifierGroups">,
	chosen: LineInput["modifiers"],
	field: string,
): ChosenModifier[] {
	const groups = item.modifierGroups ?? [];
	const picked = new Map<string, string[]>();
	for (const c of chosen ?? []) {
		const group = groups.find(g => g.id === c.groupId);
		if (!group) throw OrderErrors.badModifiers(field, c.groupId, `${item.name} has no modifier group ${c.groupId}`);
		if (picked.has(group.id))
			throw OrderErrors.badModifiers(field, group.name, `${group.name}: send the group once, with every option chosen`);
		const seen = new Set<string>();
		for (const id of c.optionIds) {
			const option = group.options.find(o => o.id === id);
			if (!option) throw OrderErrors.badModifiers(field, group.name, `${group.name}: ${id} is not one of its options`);
			if (seen.has(id)) throw OrderErrors.badModifiers(field, group.name, `${group.name}: ${option.name} is chosen twice`);
			seen.add(id);
		}
		picked.set(group.id, c.optionIds);
	}
	const out: ChosenModifier[] = [];
	for (const group of groups) {
		const ids = picked.get(group.id) ?? [];
		if (ids.length < minChoicesOf(group) || ids.length > group.maxChoices)
			throw OrderErrors.badModifiers(field, group.name, `${group.name}: ${choiceRule(group)}`);
		const options = [...group.options].filter(o => ids.includes(o.id)).sort((a, b) => a.position - b.position);
		for (const o of options)
			out.push({ groupId: group.id, groupName: group.name, optionId: o.id, name: o.name, priceDeltaCents: o.priceDeltaCents });
	}
	return out;
}

/** The item's price plus its options' deltas; options that take more off than the dish costs make it free, never negative. */
export function unitPrice(priceCents: number, modifiers: readonly Pick<ChosenModifier, "priceDeltaCents">[]): number {
	return Math.max(
		0,
		modifiers.reduce((sum, m) => sum + m.priceDeltaCents, priceCents),
	);
}

/** Options of the chosen ones that are 86'd (unavailable, or their countdown at 0): each once. */
export function unavailableOptions(
	item: Pick<MenuItem, "modifierGroups">,
	chosen: readonly ChosenModifier[],
): { id: string; name: string }[] {
	const options = (item.modifierGroups ?? []).flatMap(g => g.options);
	return chosen
		.map(c => options.find(o => o.id === c.optionId)!)
		.filter(o => !o.available)
		.map(o => ({ id: o.id, name: o.name }));
}

/**
 * Prices every line from the menu as it is now (`menu` holds each item named), or the first refusal: a 400 naming
 * `<field>[i].modifiers` and the group, then 409 ITEM_UNAVAILABLE for 86'd items, then for 86'd options.
 * `newId` makes the ids (tests pass a counter).
 */
export function priceLines(
	menu: ReadonlyMap<string, MenuItem>,
	lines: readonly LineInput[],
	field = "items",
	newId: () => string = crypto.randomUUID,
): Priced {
	const chosen = lines.map((l, i) => chooseModifiers(menu.get(l.menuItemId)!, l.modifiers, `${field}[${i}].modifiers`));
	lines.forEach((l, i) => {
		const price = unitPrice(menu.get(l.menuItemId)!.priceCents, chosen[i]);
		if (price > MAX_UNIT_PRICE_CENTS)
			throw CommonErrors.invalidField(`${field}[${i}].modifiers`, "number", "This line's price with its options is over 100,000.00");
	});
	const soldOut = [...new Set(lines.map(l => menu.get(l.menuItemId)!))].filter(m => !m.available);
	if (soldOut.length) throw OrderErrors.unavailable(soldOut);
	const options = lines.flatMap((l, i) => unavailableOptions(menu.get(l.menuItemId)!, chosen[i]));
	if (options.length) throw OrderErrors.unavailableOptions([...new Map(options.map(o => [o.id, o])).values()]);

	const items: NewItem[] = [];
	const countdown: CountdownLine[] = [];
	lines.forEach((l, i) => {
		const m = menu.get(l.menuItemId)!;
		const modifiers = chosen[i];
		const parent: NewItem = {
			id: newId(),
			menuItemId: m.id,
			name: m.name,
			station: m.station,
			quantity: l.quantity,
			unitPriceCents: unitPrice(m.priceCents, modifiers),
			notes: l.notes ?? "",
			seat: l.seat ?? null,
			// An older menu node sends no course: everything goes with its round, as before.
			course: l.course ?? m.course ?? 1,
			modifiers,
			partOf: null,
			optionId: null,
		};
		items.push(parent, ...sidesOf(m, parent, newId));
		if (takesCountdown(m, modifiers))
			countdown.push({ menuItemId: m.id, optionIds: modifiers.map(c => c.optionId), quantity: l.quantity });
	});
	return { items, countdown };
}

/** A side line for each chosen option cooked at another station than the item: its name, that station, priced 0 (its delta is in the line's price). */
export function sidesOf(
	item: Pick<MenuItem, "station" | "modifierGroups">,
	parent: NewItem,
	newId: () => string = crypto.randomUUID,
): NewItem[] {
	const options = (item.modifierGroups ?? []).flatMap(g => g.options);
	return parent.modifiers.flatMap(c => {
		const o = options.find(x => x.id === c.optionId);
		if (!o?.station || o.station === item.station) return [];
		return [
			{
				id: newId(),
				menuItemId: parent.menuItemId,
				name: o.name,
				station: o.station,
				quantity: parent.quantity,
				unitPriceCents: 0,
				notes: "",
				seat: parent.seat,
				course: parent.course,
				modifiers: [],
				partOf: parent.id,
				optionId: o.id,
			},
		];
	});
}

/** True when the item or one of the chosen options is counted down (remaining not null). */
export function takesCountdown(
	item: Pick<MenuItem, "remaining" | "modifierGroups">,
	chosen: readonly Pick<ChosenModifier, "optionId">[],
): boolean {
	if (item.remaining != null) return true;
	const options = (item.modifierGroups ?? []).flatMap(g => g.options);
	return chosen.some(c => options.find(o => o.id === c.optionId)?.remaining != null);
}
