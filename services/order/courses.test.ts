// Courses without a broker: which lines of a round go now and which are held, what a fire sends, and when the
// kitchen's last move on a course fires the next (FIRE_NEXT_COURSE=on_bump).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ITEM_STATUSES, type ItemStatus } from "../../contracts";
import { courseToFireOnBump, linesToFire, pacingCourses, planRound } from "./courses";

const line = (id: string, course: number, status: ItemStatus = "queued", held = false) => ({ id, course, status, held });

describe("a round's courses", () => {
	it("a new order: its lowest course goes now, later ones are held", () => {
		assert.deepEqual(planRound(null, [1, 2, 2, 3]), { firedCourse: 1, held: [false, true, true, true] });
		// Mains only: the mains go (nothing is held back for a course nobody ordered).
		assert.deepEqual(planRound(null, [2, 2]), { firedCourse: 2, held: [false, false] });
	});

	it("a takeout or a tab is not paced by the menu's courses, only by a course the waiter gave a line", () => {
		const lines = [
			{ course: 1, partOf: null },
			{ course: 3, partOf: null },
			{ course: 2, partOf: null },
			{ course: 2, partOf: "x" },
		];
		assert.deepEqual(pacingCourses("dine_in", lines, [undefined, undefined, undefined]), [1, 3, 2, 2]);
		// The tart (course 3 on the menu) goes with the takeout's round; a side follows its dish.
		assert.deepEqual(pacingCourses("takeout", lines, [undefined, undefined, undefined]), [1, 1, 1, 1]);
		// On a tab, the soup the waiter put in course 2 waits, with its side.
		assert.deepEqual(pacingCourses("bar_tab", lines, [undefined, null, 2]), [1, 1, 2, 2]);
		assert.deepEqual(planRound(null, pacingCourses("takeout", lines, [])), { firedCourse: 1, held: [false, false, false, false] });
	});

	it("a round while starters cook and mains are held: starters go with it, mains and desserts wait", () => {
		const order = { firedCourse: 1, items: [line("a", 1, "preparing"), line("b", 2, "queued", true)] };
		assert.deepEqual(planRound(order, [1, 2, 3]), { firedCourse: 1, held: [false, true, true] });
	});

	it("a round when nothing is in the kitchen (all served or voided): the order moves on to the round's lowest course", () => {
		const done = { firedCourse: 2, items: [line("a", 1, "served"), line("b", 2, "served"), line("c", 2, "voided")] };
		assert.deepEqual(planRound(done, [3, 3]), { firedCourse: 3, held: [false, false] });
		// A drink (course 1) for a table on its mains: it goes, and the order stays on its mains.
		assert.deepEqual(planRound(done, [1]), { firedCourse: 2, held: [false] });
	});

	it("a held line keeps the order in the kitchen: a dessert ordered while the mains wait is held too", () => {
		const waiting = { firedCourse: 1, items: [line("a", 1, "served"), line("b", 2, "queued", true)] };
		assert.deepEqual(planRound(waiting, [3]), { firedCourse: 1, held: [true] });
	});

	it("property: a line is held exactly when its course is above the fired course, which never goes down", () => {
		const status = fc.constantFrom(...ITEM_STATUSES);
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 9 }),
				fc.array(fc.tuple(fc.integer({ min: 1, max: 9 }), status, fc.boolean()), { maxLength: 8 }),
				fc.array(fc.integer({ min: 1, max: 9 }), { minLength: 1, maxLength: 8 }),
				(fired, existing, courses) => {
					const order = { firedCourse: fired, items: existing.map(([c, s, h], n) => line(`x${n}`, c, s, h && s === "queued")) };
					const plan = planRound(order, courses);
					assert.ok(plan.firedCourse >= fired);
					assert.deepEqual(
						plan.held,
						courses.map(c => c > plan.firedCourse),
					);
					// The lowest course of a round into an idle order always goes.
					if (!order.items.some(i => ["queued", "preparing", "ready"].includes(i.status)))
						assert.equal(plan.held[courses.indexOf(Math.min(...courses))], false);
				},
			),
		);
	});
});

describe("firing a course", () => {
	it("fires the held lines of that course and below, not later ones, not voided ones", () => {
		const items = [
			line("starter", 1, "queued", true),
			line("main", 2, "queued", true),
			line("dessert", 3, "queued", true),
			line("gone", 2, "voided", true),
			line("cooking", 1, "preparing"),
		];
		assert.deepEqual(
			linesToFire(items, 2).map(i => i.id),
			["starter", "main"],
		);
		assert.deepEqual(
			linesToFire(items, 1).map(i => i.id),
			["starter"],
		);
	});

	it("a course with nothing held (fired already, or never ordered) fires nothing", () => {
		assert.deepEqual(linesToFire([line("a", 2, "queued"), line("b", 1, "ready")], 2), []);
	});
});

describe("FIRE_NEXT_COURSE=on_bump", () => {
	it("the last fired line leaving the stove fires the lowest held course", () => {
		assert.equal(
			courseToFireOnBump([line("a", 1, "ready"), line("b", 1, "served"), line("c", 3, "queued", true), line("d", 2, "queued", true)]),
			2,
		);
	});

	it("nothing fires while a fired line is queued or cooking, or when nothing is held", () => {
		assert.equal(courseToFireOnBump([line("a", 1, "ready"), line("b", 1, "preparing"), line("c", 2, "queued", true)]), null);
		assert.equal(courseToFireOnBump([line("a", 1, "queued"), line("c", 2, "queued", true)]), null);
		assert.equal(courseToFireOnBump([line("a", 1, "ready"), line("b", 2, "voided", true)]), null);
	});
});
