// The menu's rules, free of the bus and the database: who may change what (admins edit the menu; kitchen and floor
// staff only 86 an item or an option, or bring it back), what a modifier group may ask of a guest, how a PATCH's
// option list becomes writes, and the countdowns' bookkeeping (what a hold takes, when it is given back).
import { CommonErrors, MenuErrors, type CountdownLine, type Role } from "../../contracts";

const ITEM_FIELDS = ["categoryId", "name", "description", "priceCents", "station", "available", "modifierGroupIds", "course", "remaining"];
const CATEGORY_FIELDS = ["name", "position", "course"];
const GROUP_FIELDS = ["name", "required", "minChoices", "maxChoices", "options"];
const OPTION_FIELDS = ["available", "remaining", "name", "priceDeltaCents", "station"];

/** The most choices a group may ask for, and the most options it may offer. */
export const MAX_CHOICES = 20;
export const MAX_OPTIONS = 50;

/**
 * The fields a change to an item names (what `menu.item.updated` says changed). Admins change anything; anyone
 * else only `available`, and a change naming more is refused, listing what they may not change.
 */
export function itemFieldsToChange(role: Role | undefined, patch: object): string[] {
	return fieldsToChange(role, patch, ITEM_FIELDS, "a menu item");
}

/** The same rule for a modifier option: kitchen and floor staff 86 "Fries" or bring them back, nothing more. */
export function optionFieldsToChange(role: Role | undefined, patch: object): string[] {
	return fieldsToChange(role, patch, OPTION_FIELDS, "a modifier option");
}

function fieldsToChange(role: Role | undefined, patch: object, all: string[], what: string): string[] {
	const fields = Object.keys(patch);
	if (fields.length === 0) throw CommonErrors.nothingToChange(all);
	const beyondAvailability = fields.filter(f => f !== "available");
	if (role !== "admin" && beyondAvailability.length) throw MenuErrors.availabilityOnly(beyondAvailability, what);
	return fields;
}

/** A change to a category names at least one of its name, position or course. */
export function checkCategoryChange(patch: { name?: string; position?: number; course?: number }): void {
	if (patch.name === undefined && patch.position === undefined && patch.course === undefined)
		throw CommonErrors.nothingToChange(CATEGORY_FIELDS);
}

/** A change to a modifier group names at least one field. */
export function checkGroupChange(patch: object): void {
	if (Object.keys(patch).length === 0) throw CommonErrors.nothingToChange(GROUP_FIELDS);
}

// ── Modifier groups ──────────────────────────────────────────────────────────────────────────────────────────

export interface Choices {
	required: boolean;
	minChoices: number;
	maxChoices: number;
}

/** How many options a guest must choose: a required group needs at least one, whatever minChoices says. */
export function effectiveMinChoices(group: Pick<Choices, "required" | "minChoices">): number {
	return group.required ? Math.max(1, group.minChoices) : group.minChoices;
}

/**
 * A group a guest can satisfy: minChoices ≤ maxChoices (the validator bounds each to 0..20), and no more choices
 * asked for than it has options (a required group of 3 with 2 options would make its items impossible to order).
 */
export function checkChoices(group: Choices, optionCount: number): void {
	if (group.minChoices > group.maxChoices)
		throw CommonErrors.invalidField(
			"minChoices",
			"choices",
			`minChoices (${group.minChoices}) must not exceed maxChoices (${group.maxChoices})`,
		);
	const min = effectiveMinChoices(group);
	if (min > optionCount)
		throw CommonErrors.invalidField(
			"minChoices",
			"choices",
			`The group asks for at least ${min} choice(s) but offers ${optionCount} option(s)`,
		);
}

/** An option as a PATCH of its group lists it: with `id` it changes that option, without it adds one. */
export interface OptionInput {
	id?: string;
	name: string;
	priceDeltaCents?: number;
	station?: string | null;
	available?: boolean;
	remaining?: number | null;
}

export interface OptionPlan {
	/** Existing options named by id, with their new position. */
	keep: (OptionInput & { id: string; position: number })[];
	/** New options, with their position. */
	add: (OptionInput & { position: number })[];
	/** Existing options the new list leaves out. */
	remove: string[];
}

/**
 * The writes that turn a group's options (`existingIds`) into `incoming`, the full new list in display order. An id
 * that is not one of the group's options is a 404 (another group's option cannot be moved in); an id listed twice
 * is a 400 naming the entry.
 */
export function planOptions(existingIds: readonly string[], incoming: readonly OptionInput[]): OptionPlan {
	const existing = new Set(existingIds);
	const seen = new Set<string>();
	const plan: OptionPlan = { keep: [], add: [], remove: [] };
	incoming.forEach((option, position) => {
		if (option.id === undefined) {
			plan.add.push({ ...option, position });
			return;
		}
		if (!existing.has(option.id)) throw MenuErrors.modifierOptionNotFound(option.id);
		if (seen.has(option.id))
			throw CommonErrors.invalidField(
				`options[${position}].id`,
				"unique",
				`options[${position}].id lists option ${option.id} a second time`,
			);
		seen.add(option.id);
		plan.keep.push({ ...option, id: option.id, position });
	});
	plan.remove = existingIds.filter(id => !seen.has(id));
	return plan;
}

// ── Countdowns ───────────────────────────────────────────────────────────────────────────────────────────────

/** Something that can carry a countdown: an item or a modifier option. */
export interface Counted {
	id: string;
	name: string;
	remaining: number | null;
	available: boolean;
}

/**
 * The availability a change of `remaining` (and maybe `available`) writes, or undefined to leave it. Setting a
 * count above 0 brings the dish back (unless the same change 86es it); 0 sells it out, and asking for it to be
 * available at 0 is refused. Without a new count, bringing back something counted down to 0 is a 409: nothing is
 * left to sell until an admin sets a new count.
 */
export function availabilityFor(
	current: Counted | undefined,
	patch: { remaining?: number | null; available?: boolean },
): boolean | undefined {
	if (patch.remaining === 0) {
		if (patch.available === true)
			throw CommonErrors.invalidField("available", "countdown", "available cannot be true with remaining 0: nothing is left to sell");
		return false;
	}
	if (typeof patch.remaining === "number") return patch.available ?? true;
	if (patch.remaining === undefined && patch.available === true && current?.remaining === 0)
		throw MenuErrors.soldOut([{ id: current.id, name: current.name, remaining: 0 }]);
	return patch.available;
}

/** What a change says it changed: the fields it named, and `available` when a new count moved it without being named. */
export function changedFields(fields: string[], wasAvailable: boolean, available: boolean | undefined): string[] {
	return available !== undefined && available !== wasAvailable && !fields.includes("available") ? [...fields, "available"] : fields;
}

export type CountdownKind = "item" | "option";

/** Portions to take off (or give back to) one countdown. */
export interface Countdown {
	kind: CountdownKind;
	id: string;
	quantity: number;
}

/**
 * What order lines take from the countdowns: each line's quantity off its item and off each chosen option,
 * summed per countdown. Only those in `counted` when given (the ones with a count). Items first, then options,
 * each by id: every transaction locks the rows in this one order, so two reserves never deadlock.
 */
export function countdownsOf(
	lines: readonly CountdownLine[],
	counted?: { items: ReadonlySet<string>; options: ReadonlySet<string> },
): Countdown[] {
	const totals = new Map<string, Countdown>();
	const add = (kind: CountdownKind, id: string, quantity: number) => {
		if (counted && !(kind === "item" ? counted.items : counted.options).has(id)) return;
		const key = `${kind}:${id}`;
		const c = totals.get(key) ?? { kind, id, quantity: 0 };
		c.quantity += quantity;
		totals.set(key, c);
	};
	for (const line of lines) {
		add("item", line.menuItemId, line.quantity);
		for (const optionId of line.optionIds) add("option", optionId, line.quantity);
	}
	return [...totals.values()].filter(c => c.quantity > 0).sort(byLockOrder);
}

function byLockOrder(a: Countdown, b: Countdown): number {
	if (a.kind !== b.kind) return a.kind === "item" ? -1 : 1;
	return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

/** What a countdown's move changed, for `menu.item.updated` / `menu.modifier-group.updated`: crossing 0 changes availability too. */
export function countdownFields(before: number, after: number): string[] {
	return (before === 0) !== (after === 0) ? ["remaining", "available"] : ["remaining"];
}

/** Where a hold stands: taken (live), kept by its order, released (given back), or both (kept after a release). */
export interface HoldState {
	keptAt: Date | null;
	releasedAt: Date | null;
	createdAt: Date;
}

/**
 * menu.reserve with a holdId seen before: a live or kept hold answers as it did the first time; a released one is
 * taken again (the order that asked for it failed and released it, and is now being retried with the same id).
 */
export function onReserveAgain(hold: HoldState): "answer" | "take" {
	return hold.releasedAt && !hold.keptAt ? "take" : "answer";
}

/** menu.release: only a live hold gives its portions back; a kept one belongs to an order, a released one is gone. */
export function onRelease(hold: HoldState | undefined): "release" | "none" {
	return hold && !hold.keptAt && !hold.releasedAt ? "release" : "none";
}

/**
 * An order event names the hold: a live one is kept. One the sweeper already released (the event came later than
 * the hold's time) is kept and its portions taken again, as far as they go: the order was placed with them.
 */
export function onKeep(hold: HoldState | undefined): "keep" | "keep_and_take_again" | "none" {
	if (!hold || hold.keptAt) return "none";
	return hold.releasedAt ? "keep_and_take_again" : "keep";
}

/** A live hold older than `holdSeconds`: its order never came (a crash between reserve and the order's commit). */
export function isStale(hold: HoldState, now: Date, holdSeconds: number): boolean {
	return onRelease(hold) === "release" && now.getTime() - hold.createdAt.getTime() >= holdSeconds * 1000;
}
