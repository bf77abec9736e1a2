// Courses, hold and fire, free of the bus: which lines of a round go to the kitchen now and which wait for their
// course, what a fire sends, and (FIRE_NEXT_COURSE=on_bump) when the kitchen's last move on a course fires the next.
import type { ItemStatus, OrderType } from "../../contracts";

/** A line as the course rules see it. */
interface CourseLine {
	id: string;
	status: ItemStatus;
	course: number;
	held: boolean;
}

/** Statuses of a line the kitchen still has (or will have): the order is "in the kitchen" while one is there. */
const IN_KITCHEN: readonly ItemStatus[] = ["queued", "preparing", "ready"];

/**
 * A new round (the first included): when nothing of the order is in the kitchen (no held line, nothing queued,
 * cooking or at the pass), the order moves on to the round's lowest course; lines up to the order's fired course go
 * now, later ones are held until fired. A new order is the same with nothing before it.
 */
export function planRound(
	order: { firedCourse: number; items: readonly CourseLine[] } | null,
	courses: readonly number[],
): { firedCourse: number; held: boolean[] } {
	const lowest = Math.min(...courses);
	if (order?.items.some(i => IN_KITCHEN.includes(i.status)))
		return { firedCourse: order.firedCourse, held: courses.map(c => c > order.firedCourse) };
	const firedCourse = Math.max(order?.firedCourse ?? 0, lowest);
	return { firedCourse, held: courses.map(c => c > firedCourse) };
}

/** The lines a fire of `course` sends: every held line of that course and below (firing mains also fires held starters). */
export function linesToFire<T extends CourseLine>(items: readonly T[], course: number): T[] {
	return items.filter(i => i.held && i.status === "queued" && i.course <= course);
}

/**
 * FIRE_NEXT_COURSE=on_bump: after a kitchen move, the course that fires by itself, or null. Once no fired line is
 * left queued or cooking (everything sent is at the pass, served or voided), the lowest held course goes.
 */
export function courseToFireOnBump(items: readonly CourseLine[]): number | null {
	const cooking = items.some(i => !i.held && (i.status === "queued" || i.status === "preparing"));
	const held = items.filter(i => i.held && i.status === "queued").map(i => i.course);
	return cooking || !held.length ? null : Math.min(...held);
}

/**
 * The course each new line is paced by. A dine-in follows each dish's course. A takeout or a bar tab is not paced
 * by the menu (the guest collects it all at once, or drinks as it comes): its lines count as course 1 and go with
 * their round, unless the waiter gave a line a course of its own (a tab's food "for later"), which is then held.
 * `lines` are the priced lines in order, sides right after their dish; `asked` is the course each input line named.
 */
export function pacingCourses(
	type: OrderType,
	lines: readonly { course: number; partOf: string | null }[],
	asked: readonly (number | undefined | null)[],
): number[] {
	if (type === "dine_in") return lines.map(l => l.course);
	let input = -1;
	return lines.map(l => {
		if (!l.partOf) input++;
		return asked[input] != null ? l.course : 1;
	});
}
