// What a void (whole or part of a line), a comp and a remake do to an order's lines, free of the bus: which lines
// change and how, which new lines appear, and which portions go back onto the menu's countdowns.
import crypto from "node:crypto";
import { CommonErrors, OrderErrors, type Comp, type CountdownLine, type OrderItem } from "../../contracts";
import { itemToVoid, type Voider } from "./rules";
import type { NewItem } from "./pricing";

type Line = Pick<
	OrderItem,
	| "id"
	| "menuItemId"
	| "name"
	| "station"
	| "notes"
	| "seat"
	| "status"
	| "quantity"
	| "unitPriceCents"
	| "held"
	| "course"
	| "modifiers"
	| "comp"
	| "partOf"
	| "optionId"
	| "remakeOf"
>;

/** Part of a line voided: the line keeps `keep`, a new voided line `newId` takes `quantity` (with its share of a comp). */
export interface Split {
	id: string;
	keep: number;
	newId: string;
	quantity: number;
	/** A side's voided part belongs to its line's voided part. */
	partOf: string | null;
}

export interface VoidPlan {
	/** Lines voided whole. */
	whole: string[];
	splits: Split[];
	/** What the event names: the line, its voided part, then its sides and theirs. */
	itemIds: string[];
	/** How many were voided of the line named. */
	quantity: number;
	returned: CountdownLine[];
}

/**
 * A void of `quantity` of a line (all of it when none is given), or why not: the line's own rule (on the order,
 * not voided already, an admin's once started), more than the line holds is a 400 naming `quantity`. The line's
 * sides go with it, as many as the line loses; a side the kitchen has started needs an admin like the line.
 */
export function planVoid(
	items: readonly Line[],
	itemId: string,
	quantity: number | undefined,
	role: Voider,
	newId: () => string = crypto.randomUUID,
): VoidPlan {
	const item = itemToVoid(items, itemId, role);
	const q = quantity ?? item.quantity;
	if (q > item.quantity)
		throw CommonErrors.invalidField("quantity", "numberMax", `The line holds ${item.quantity}; void at most ${item.quantity}`);
	const sides = items.filter(s => s.partOf === item.id && s.status !== "voided");
	for (const s of sides) itemToVoid(items, s.id, role);

	const plan: VoidPlan = { whole: [], splits: [], itemIds: [], quantity: q, returned: [] };
	const take = (line: Line, n: number, partOf: string | null): string => {
		if (n >= line.quantity) {
			plan.whole.push(line.id);
			plan.itemIds.push(line.id);
			return line.id;
		}
		const split: Split = { id: line.id, keep: line.quantity - n, newId: newId(), quantity: n, partOf };
		plan.splits.push(split);
		plan.itemIds.push(line.id, split.newId);
		return split.newId;
	};
	const voidedPart = take(item, q, item.partOf);
	for (const s of sides) take(s, Math.min(q, s.quantity), voidedPart);
	plan.returned = returnedBy(items, [{ id: item.id, quantity: q }]);
	return plan;
}

/**
 * Portions never cooked, for the countdowns: each line voided while queued (held lines are queued) gives back its
 * item and its options, but for an option whose side the kitchen has started. A side voided alone gives nothing
 * back (a countdown line always names its item), nor does a remade side (it took nothing), nor a line already started.
 */
export function returnedBy(items: readonly Line[], voided: readonly { id: string; quantity: number }[]): CountdownLine[] {
	return voided.flatMap(({ id, quantity }) => {
		const line = items.find(i => i.id === id);
		if (line?.status !== "queued" || line.partOf || line.optionId) return [];
		const started = new Set(
			items.filter(s => s.partOf === line.id && s.status !== "queued" && s.status !== "voided").map(s => s.optionId),
		);
		return [{ menuItemId: line.menuItemId, optionIds: line.modifiers.map(m => m.optionId).filter(o => !started.has(o)), quantity }];
	});
}

/** What a cancel gives back: every live line, as many as each holds. */
export function returnedByCancel(items: readonly Line[]): CountdownLine[] {
	return returnedBy(
		items,
		items.filter(i => i.status !== "voided").map(i => ({ id: i.id, quantity: i.quantity })),
	);
}

/**
 * A comp of a line, or why not (409): it must be live, not comped already, and carry a price of its own (a side's
 * is in its line's, a remake is free). Its value is what the guest would have paid: quantity × the price it had.
 */
export function compOf(items: readonly Line[], itemId: string, reason: string, by: string, at: Date): Comp {
	const item = items.find(i => i.id === itemId);
	if (!item) throw OrderErrors.itemNotFound(itemId);
	if (item.status === "voided") throw OrderErrors.itemState(item.id, "voided", "comped");
	if (item.status === "pending") throw OrderErrors.itemState(item.id, "pending (a guest's round: confirm it first)", "comped");
	if (item.comp) throw OrderErrors.itemState(item.id, "comped already", "comped");
	if (item.partOf) throw OrderErrors.itemState(item.id, "a side (its price is its line's)", "comped");
	if (item.remakeOf) throw OrderErrors.itemState(item.id, "a remake (free already)", "comped");
	return { reason, by, at: at.toISOString(), valueCents: item.quantity * item.unitPriceCents };
}

/** A comped line split by a partial void: each part keeps the comp for its own units. */
export function compShare(comp: Comp, of: number, units: number): Comp {
	return { ...comp, valueCents: Math.round((comp.valueCents * units) / of) };
}

/** The options of a remade line that take a countdown portion: not those cooked as sides of the original (no side is remade). */
export function remakeCountdownOptions(items: readonly Line[], original: string, modifiers: readonly { optionId: string }[]): string[] {
	const sides = new Set(items.filter(i => i.partOf === original).map(i => i.optionId));
	return modifiers.map(m => m.optionId).filter(o => !sides.has(o));
}

/**
 * A remake of a line, or why not: the kitchen must have fired and started it (preparing, ready or served); a held
 * line is a 409 ITEM_HELD, a queued or voided one a 409 naming its status. The new line is the same dish (name,
 * station, options, seat, course, notes), as many, free, marked as the line's remake; the original is kept.
 */
export function remakeOf(items: readonly Line[], itemId: string, reason: string, newId: () => string = crypto.randomUUID): NewItem {
	const item = items.find(i => i.id === itemId);
	if (!item) throw OrderErrors.itemNotFound(itemId);
	if (item.held) throw OrderErrors.itemHeld(item.id, item.name, item.course);
	if (item.status !== "preparing" && item.status !== "ready" && item.status !== "served")
		throw OrderErrors.itemState(item.id, item.status, "remade");
	// A double tap (or a retried request) must not make two free dishes: a line is remade once; remake the remake if
	// that one goes wrong too, or void the remake first.
	if (items.some(i => i.remakeOf === item.id && i.status !== "voided")) throw OrderErrors.itemState(item.id, "remade already", "remade");
	return {
		id: newId(),
		menuItemId: item.menuItemId,
		name: item.name,
		station: item.station,
		quantity: item.quantity,
		unitPriceCents: 0,
		notes: item.notes,
		seat: item.seat,
		course: item.course,
		modifiers: item.modifiers,
		// A remade side stands alone: a later void of its line does not take the remake with it.
		partOf: null,
		optionId: item.optionId,
		remakeOf: item.id,
		remakeReason: reason,
	};
}
