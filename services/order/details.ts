// Who an order is for, free of the bus: a dine-in order has a table; a takeout a name and a pickup time; a bar tab
// a name. What the validator cannot judge alone (one field depending on another) is a 400 naming the field here.
import { CommonErrors, type Order, type OrderType } from "../../contracts";

/** An instant with its offset, as the tablets send it: 2026-11-27T19:30:00Z, 2026-11-27T19:30+01:00. */
export const ISO_INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d)$/;

/** A pickup time further than this from now is a typo (a wrong month or year), not an order. */
export const PICKUP_WINDOW_DAYS = 7;

export interface OrderDetails {
	type: OrderType;
	tableId?: string | null;
	name?: string | null;
	pickupAt?: string | null;
}

/** Which of the fields each type needs, and which do not belong on it. */
const NEEDS: Record<OrderType, { required: (keyof OrderDetails)[]; refused: (keyof OrderDetails)[] }> = {
	dine_in: { required: ["tableId"], refused: ["pickupAt"] },
	takeout: { required: ["name", "pickupAt"], refused: ["tableId"] },
	bar_tab: { required: ["name"], refused: ["tableId", "pickupAt"] },
};

const WHAT: Record<OrderType, string> = { dine_in: "A dine-in order", takeout: "A takeout", bar_tab: "A bar tab" };

/** The fields the order's type needs are there, and none that does not belong; a pickup time is a real one near now. */
export function assertDetails(d: OrderDetails, now: Date): void {
	const { required, refused } = NEEDS[d.type];
	for (const field of required)
		if (d[field] == null) throw CommonErrors.invalidField(field, "required", `${WHAT[d.type]} needs '${field}'`);
	for (const field of refused)
		if (d[field] != null) throw CommonErrors.invalidField(field, "forbidden", `${WHAT[d.type]} has no '${field}'; leave it out`);
	if (d.pickupAt != null) assertPickup(d.pickupAt, now);
}

/** A pickup time is a real day and time (no 30 February) within a week of now either way. */
export function assertPickup(value: string, now: Date): void {
	const at = Date.parse(value);
	if (!ISO_INSTANT.test(value) || Number.isNaN(at) || !isRealDay(value))
		throw CommonErrors.invalidField(
			"pickupAt",
			"date",
			"'pickupAt' must be a date and time with its offset, e.g. 2026-11-27T19:30:00Z",
		);
	if (Math.abs(at - now.getTime()) > PICKUP_WINDOW_DAYS * 86_400_000)
		throw CommonErrors.invalidField("pickupAt", "date", `'pickupAt' must be within ${PICKUP_WINDOW_DAYS} days of now`);
}

function isRealDay(v: string): boolean {
	const [y, m, d] = v.slice(0, 10).split("-").map(Number);
	const day = new Date(Date.UTC(y, m - 1, d));
	const [hh, mm, ss] = [v.slice(11, 13), v.slice(14, 16), v.slice(17, 19)].map(x => Number(x || 0));
	return day.getUTCMonth() === m - 1 && day.getUTCDate() === d && hh < 24 && mm < 60 && ss < 60;
}

/** What PATCH /orders/:id may change. */
export interface DetailsPatch {
	covers?: number | null;
	name?: string | null;
	pickupAt?: string | null;
	notes?: string;
}

/**
 * The changes a PATCH makes to the order (only fields whose value differs), or a 400 naming the field: a takeout
 * or a tab keeps its name, only a takeout has a pickup time (and keeps one).
 */
export function detailsChange(
	order: Pick<Order, "type" | "covers" | "name" | "pickupAt" | "notes">,
	patch: DetailsPatch,
	now: Date,
): DetailsPatch {
	if (patch.name === null && order.type !== "dine_in")
		throw CommonErrors.invalidField("name", "required", `${WHAT[order.type]} needs 'name'`);
	if (patch.pickupAt !== undefined) {
		if (order.type !== "takeout")
			throw CommonErrors.invalidField("pickupAt", "forbidden", `${WHAT[order.type]} has no 'pickupAt'; leave it out`);
		if (patch.pickupAt === null) throw CommonErrors.invalidField("pickupAt", "required", "A takeout needs 'pickupAt'");
		assertPickup(patch.pickupAt, now);
	}
	const change: DetailsPatch = {};
	if (patch.covers !== undefined && patch.covers !== order.covers) change.covers = patch.covers;
	if (patch.name !== undefined && patch.name !== order.name) change.name = patch.name;
	if (patch.pickupAt != null && Date.parse(patch.pickupAt) !== (order.pickupAt ? Date.parse(order.pickupAt) : null))
		change.pickupAt = new Date(patch.pickupAt).toISOString();
	if (patch.notes !== undefined && patch.notes !== order.notes) change.notes = patch.notes;
	return change;
}
