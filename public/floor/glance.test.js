// A table at a glance: seated since its oldest order, guests and spend over all its orders, whose it is (handed
// over: the new waiter), the course it is on and the next held, what is ready; and where the plan draws it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { tableGlance, seatedFor, isMine, planBox, splitPlaced, snap, waiterOf, freeSpot } from "./glance.js";

const item = (id, fields = {}) => ({ id, status: "queued", quantity: 1, course: 1, held: false, takenBy: "u1", ...fields });
const order = (id, fields = {}) => ({
	id,
	tableId: "t1",
	status: "in_progress",
	createdAt: "2026-01-01T19:00:00.000Z",
	covers: 2,
	totalCents: 4550,
	firedCourse: 1,
	createdBy: "u1",
	items: [item(`${id}-a`)],
	...fields,
});

describe("a table at a glance", () => {
	it("is nothing for a table with no order", () => {
		assert.equal(tableGlance({ a: order("a", { tableId: "t2" }), b: order("b", { status: "paid" }) }, "t1"), null);
	});

	it("adds guests and spend over its orders, seated since the oldest, a billed one included", () => {
		const g = tableGlance(
			{
				b: order("b", { createdAt: "2026-01-01T19:30:00.000Z", covers: 1, totalCents: 1000, status: "billed" }),
				a: order("a"),
			},
			"t1",
		);
		assert.deepEqual(
			{ seatedAt: g.seatedAt, covers: g.covers, spendCents: g.spendCents, billed: g.billed },
			{ seatedAt: "2026-01-01T19:00:00.000Z", covers: 3, spendCents: 5550, billed: true },
		);
	});

	it("leaves out a reopened bill's orders (paid once): the table is free, or its new party's alone", () => {
		const reopened = order("old", { status: "billed", paidAt: "2026-01-01T20:00:00.000Z", covers: 4, totalCents: 9000 });
		assert.equal(tableGlance({ old: reopened }, "t1"), null, "a free table shows nothing");
		const g = tableGlance({ old: reopened, n: order("n", { createdAt: "2026-01-01T21:00:00.000Z", createdBy: "u2" }) }, "t1");
		assert.deepEqual(
			{ seatedAt: g.seatedAt, covers: g.covers, spendCents: g.spendCents, billed: g.billed, waiterId: g.waiterId },
			{ seatedAt: "2026-01-01T21:00:00.000Z", covers: 2, spendCents: 4550, billed: false, waiterId: "u2" },
		);
	});

	it("is the waiter's it was handed to, else its taker's", () => {
		assert.equal(waiterOf(order("a", { assignedTo: "u2" })), "u2");
		assert.equal(waiterOf(order("a")), "u1");
		assert.equal(tableGlance({ a: order("a", { assignedTo: "u2" }) }, "t1").waiterId, "u2");
		assert.equal(isMine(tableGlance({ a: order("a", { assignedTo: "u2" }) }, "t1"), "u2"), true);
		assert.equal(isMine(tableGlance({ a: order("a", { assignedTo: "u2" }) }, "t1"), "u1"), false);
		assert.equal(isMine(null, "u1"), false);
	});

	it("says the course on, the next held and what is ready", () => {
		const g = tableGlance(
			{
				a: order("a", {
					firedCourse: 1,
					items: [
						item("x", { status: "ready" }),
						item("y", { status: "ready" }),
						item("z", { course: 2, held: true }),
						item("v", { course: 3, held: true }),
						item("w", { course: 2, held: true, status: "voided" }),
					],
				}),
			},
			"t1",
		);
		assert.deepEqual([g.firedCourse, g.heldCourse, g.ready], [1, 2, 2]);
		assert.equal(tableGlance({ a: order("a", { covers: null }) }, "t1").covers, null);
	});

	it("says how long it has been seated", () => {
		const at = "2026-01-01T19:00:00.000Z";
		const t = Date.parse(at);
		assert.equal(seatedFor(at, t + 20_000), "Just seated");
		assert.equal(seatedFor(at, t + 20_000, true), "0 min");
		assert.equal(seatedFor(at, t + 12 * 60_000), "12 min");
		assert.equal(seatedFor(at, t + 65 * 60_000), "1 h 05");
	});
});

describe("the floor plan", () => {
	it("draws a placed table by its centre, kept inside the plan", () => {
		assert.deepEqual(planBox({ x: 500, y: 350, seats: 4, shape: "square" }), {
			left: "43.000%",
			top: "40.000%",
			width: "14.000%",
			height: "20.000%",
		});
		assert.equal(planBox({ x: 0, y: 700, seats: 8, shape: "rect" }).left, "0.000%");
		assert.equal(planBox({ x: 0, y: 700, seats: 8, shape: "rect" }).top, `${(((700 - 130) / 700) * 100).toFixed(3)}%`);
		assert.equal(planBox({ x: null, y: null, seats: 4 }), null);
	});

	it("keeps the tables not placed yet apart, and snaps a drag to the grid on the plan", () => {
		const { placed, unplaced } = splitPlaced([{ id: "a", x: 1, y: 2 }, { id: "b", x: null, y: null }, { id: "c" }]);
		assert.deepEqual([placed.map(t => t.id), unplaced.map(t => t.id)], [["a"], ["b", "c"]]);
		assert.deepEqual([snap(123, 1000), snap(-20, 700), snap(996, 1000), snap(1200, 1000)], [120, 0, 1000, 1000]);
	});

	it("puts a table newly on the plan on a spot clear of the others", () => {
		const t = { seats: 4, shape: "square" };
		assert.deepEqual(freeSpot([], t), { x: 90, y: 90 });
		const spot = freeSpot([{ ...t, x: 90, y: 90 }], t);
		assert.ok(spot.x - 90 >= 160 || spot.y - 90 >= 160, JSON.stringify(spot));
	});
});
