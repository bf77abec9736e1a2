// Guest rounds' rules, free of the bus and the database: which lines a confirm or a reject takes, what a confirm
// sends now and holds by course, whose the lines are, and which portions a reject gives back.
import { GUEST_ACTOR, GuestErrors, type CountdownLine, type Order, type OrderItem } from "../../contracts";
import { pacingCourses, planRound } from "./courses";

/** The pending lines of `round` (a guest round waiting for a waiter). */
export function pendingLines(order: Pick<Order, "items">, round: number): OrderItem[] {
	return order.items.filter(i => i.round === round && i.status === "pending");
}

/**
 * A confirm sends the round as a waiter's round would (addItems): when nothing else of the order is in the kitchen
 * its lowest course goes, later courses are held; pending lines of other rounds count for nothing.
 */
export function confirmPlan(order: Order, round: number): { lines: { id: string; held: boolean }[]; firedCourse: number } {
	const pending = pendingLines(order, round);
	const confirmed = { firedCourse: order.firedCourse, items: order.items.filter(i => i.status !== "pending") };
	const plan = planRound(
		confirmed,
		pacingCourses(
			order.type,
			pending,
			pending.map(() => undefined),
		),
	);
	return { lines: pending.map((l, n) => ({ id: l.id, held: plan.held[n] })), firedCourse: plan.firedCourse };
}

/**
 * Whose the confirmed lines are: the table's waiter (the order's assignee) when the order has one; a guest-started
 * order's confirmer takes the table (and the lines). `takesTable` says the order's creator and assignee change.
 */
export function confirmedBy(order: Pick<Order, "createdBy" | "assignedTo">, confirmer: string): { takenBy: string; takesTable: boolean } {
	if (order.createdBy === GUEST_ACTOR && (!order.assignedTo || order.assignedTo === GUEST_ACTOR))
		return { takenBy: confirmer, takesTable: true };
	return { takenBy: order.assignedTo ?? order.createdBy, takesTable: false };
}

/** Refuses (409 GUEST_ROUND_PENDING) a change that would leave a guest's pending round hanging: a cancel, a merge. */
export function assertNoPendingRound(order: Pick<Order, "id" | "items">): void {
	const rounds = [...new Set(order.items.filter(i => i.status === "pending").map(i => i.round))];
	if (rounds.length) throw GuestErrors.roundWaiting(order.id, rounds);
}

/** The portions a rejected round gives back: each main line's item and options, as many as ordered (sides are in them). */
export function returnedByReject(lines: readonly OrderItem[]): CountdownLine[] {
	return lines
		.filter(l => !l.partOf && !l.optionId)
		.map(l => ({ menuItemId: l.menuItemId, optionIds: l.modifiers.map(m => m.optionId), quantity: l.quantity }));
}
