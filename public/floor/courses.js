// How an open order reads on the tablet: its lines by course (held courses waiting for a fire) or by round, sides
// under the dish they belong to, and what a waiter may still do to a line. No DOM.

export { courseName } from "../app/modifiers.js";

/** "Seat 2", or "Table" for a line the table shares. */
export const seatName = seat => (seat == null ? "Table" : `Seat ${seat}`);

/** The order's lines as shown: each dish with its sides (lines cooked elsewhere from one of its options) under it. */
export function withSides(items) {
	const ids = new Set(items.map(i => i.id));
	return items.filter(i => !i.partOf || !ids.has(i.partOf)).map(i => ({ ...i, sides: items.filter(s => s.partOf === i.id) }));
}

/**
 * The order's sections: by course once it spans more than one course or holds one back (each with `held` while any
 * of its live lines waits for a fire), otherwise by round as before courses. Each section's `lines` carry their sides.
 */
export function orderSections(order) {
	// A guest's round waiting for a confirm shows on its own (guest-round-card.js), not among the kitchen's.
	const lines = withSides(order.items.filter(i => i.status !== "pending"));
	const courses = [...new Set(lines.map(i => i.course ?? 1))].sort((a, b) => a - b);
	const anyHeld = order.items.some(i => i.held && i.status !== "voided" && i.status !== "pending");
	if (courses.length > 1 || anyHeld)
		return courses.map(course => {
			const here = lines.filter(i => (i.course ?? 1) === course);
			return { kind: "course", course, lines: here, held: here.some(i => i.held && i.status !== "voided") };
		});
	const rounds = [...new Set(lines.map(i => i.round))].sort((a, b) => a - b);
	return rounds.map(round => ({ kind: "round", round, lines: lines.filter(i => i.round === round) }));
}

/** The courses still held back, lowest first: the first is the one the waiter fires next. */
export const heldCourses = order =>
	[...new Set(order.items.filter(i => i.held && i.status !== "voided" && i.status !== "pending").map(i => i.course ?? 1))].sort(
		(a, b) => a - b,
	);

/** A line the kitchen has started on (cooking, ready or served): a remake makes it again. */
export const started = i => !i.held && ["preparing", "ready", "served"].includes(i.status);

/** What a waiter may do to a line (`admin`: a manager's tablet). */
export function lineActions(i, admin) {
	const live = i.status !== "voided";
	const side = Boolean(i.partOf);
	return {
		serve: i.status === "ready",
		// A held or queued line was never started; a ready one only a manager takes back; a side follows its dish.
		void: live && !side && i.status !== "served" && (i.status !== "ready" || admin),
		comp: admin && live && !side && !i.remakeOf && !i.comp && i.unitPriceCents > 0,
		remake: live && !side && started(i),
	};
}

/** "Held", "Queued", "Cooking"…: a held line says it waits for its course, whatever its status. */
export const lineStatus = i => (i.held && i.status !== "voided" ? "held" : i.status);
