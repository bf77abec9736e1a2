// An open order as the waiter reads it: by course once it has more than one (held courses waiting for their fire)
// or by round, sides under their dish, and what may be done to each line.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { courseName, seatName, withSides, orderSections, heldCourses, lineActions, lineStatus } from "./courses.js";

const item = (id, fields = {}) => ({
	id,
	name: id,
	status: "queued",
	quantity: 1,
	unitPriceCents: 1000,
	round: 1,
	course: 1,
	held: false,
	partOf: null,
	remakeOf: null,
	comp: null,
	...fields,
});

describe("names", () => {
	it("names a course as the venue does, and past its names by number", () => {
		assert.equal(courseName(["Starters", "Mains"], 2), "Mains");
		assert.equal(courseName(["Starters", "Mains"], 4), "Course 4");
	});

	it("names a shared line 'Table'", () => {
		assert.equal(seatName(null), "Table");
		assert.equal(seatName(3), "Seat 3");
	});
});

describe("an order's sections", () => {
	it("puts each side under its dish", () => {
		const lines = withSides([item("steak"), item("fries", { partOf: "steak" }), item("soup")]);

		assert.deepEqual(
			lines.map(l => [l.id, l.sides.map(s => s.id)]),
			[
				["steak", ["fries"]],
				["soup", []],
			],
		);
	});

	it("keeps rounds for an order of one course with nothing held", () => {
		const s = orderSections({ items: [item("a"), item("b", { round: 2 })] });

		assert.deepEqual(
			s.map(x => [x.kind, x.round]),
			[
				["round", 1],
				["round", 2],
			],
		);
	});

	it("groups by course once there are several, a course held while any of its live lines waits", () => {
		const s = orderSections({
			items: [
				item("soup", { course: 1, status: "preparing" }),
				item("steak", { course: 2, held: true }),
				item("cake", { course: 3, held: true, status: "voided" }),
			],
		});

		assert.deepEqual(
			s.map(x => [x.course, x.held]),
			[
				[1, false],
				[2, true],
				[3, false],
			],
		);
	});

	it("lists the held courses lowest first, leaving voided lines out", () => {
		const order = {
			items: [
				item("cake", { course: 3, held: true }),
				item("steak", { course: 2, held: true }),
				item("x", { course: 4, held: true, status: "voided" }),
			],
		};

		assert.deepEqual(heldCourses(order), [2, 3]);
	});
});

describe("what a line allows", () => {
	it("serves a ready line; voids a waiting one; a ready one only on a manager's tablet", () => {
		assert.deepEqual(lineActions(item("a", { status: "ready" }), false), { serve: true, void: false, comp: false, remake: true });
		assert.equal(lineActions(item("a", { status: "ready" }), true).void, true);
		assert.equal(lineActions(item("a", { held: true }), false).void, true, "a held line was never started");
	});

	it("remakes only what the kitchen started, never a side on its own", () => {
		assert.equal(lineActions(item("a", { status: "queued" }), false).remake, false);
		assert.equal(lineActions(item("a", { status: "served" }), false).remake, true);
		assert.equal(lineActions(item("a", { status: "served", partOf: "p" }), false).remake, false);
	});

	it("comps on a manager's tablet only, a priced line not comped yet", () => {
		assert.equal(lineActions(item("a"), false).comp, false);
		assert.equal(lineActions(item("a"), true).comp, true);
		assert.equal(lineActions(item("a", { comp: { reason: "x" } }), true).comp, false);
		assert.equal(lineActions(item("a", { remakeOf: "b", unitPriceCents: 0 }), true).comp, false);
		assert.equal(lineActions(item("a", { status: "voided" }), true).comp, false);
	});

	it("says a held line is held, whatever its status", () => {
		assert.equal(lineStatus(item("a", { held: true })), "held");
		assert.equal(lineStatus(item("a", { held: true, status: "voided" })), "voided");
		assert.equal(lineStatus(item("a", { status: "ready" })), "ready");
	});
});
