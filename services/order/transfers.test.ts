// Moving things: which lines a move takes (whole, part of a line, its sides with it), who may take a table, and the
// order two orders are locked in.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Comp, OrderItem } from "../../contracts";
import { assertCanTakeTable, lockOrder, mergedCovers, planMove } from "./transfers";

type Line = Pick<OrderItem, "id" | "name" | "status" | "quantity" | "partOf" | "comp">;
const line = (id: string, over: Partial<Line> = {}): Line => ({
	id,
	name: id,
	status: "queued",
	quantity: 1,
	partOf: null,
	comp: null,
	...over,
});
const ids = () => {
	let n = 0;
	return () => `new-${++n}`;
};

describe("a move of lines", () => {
	it("takes whole lines by their ids, in the order asked, and leaves the rest", () => {
		const items = [line("a"), line("b", { status: "preparing" }), line("c")];
		const plan = planMove(items, [{ itemId: "c" }, { itemId: "b" }], ids());
		assert.deepEqual(plan, { lines: [{ id: "c" }, { id: "b" }], itemIds: ["c", "b"], shrunk: [] });
	});

	it("takes part of a line as a new line, the rest staying, with each part's share of a comp", () => {
		const comp: Comp = { reason: "birthday", by: "u", at: "2026-01-01T00:00:00.000Z", valueCents: 3000 };
		const plan = planMove([line("a", { quantity: 3, comp })], [{ itemId: "a", quantity: 1 }], ids());
		assert.deepEqual(plan.itemIds, ["new-1"]);
		assert.deepEqual(plan.shrunk, ["a"]);
		assert.deepEqual(plan.lines[0].split, {
			newId: "new-1",
			keep: 2,
			quantity: 1,
			partOf: null,
			comps: { kept: { ...comp, valueCents: 2000 }, moved: { ...comp, valueCents: 1000 } },
		});
	});

	it("moves all of a line when its quantity is said in full", () => {
		const plan = planMove([line("a", { quantity: 2 })], [{ itemId: "a", quantity: 2 }], ids());
		assert.deepEqual(plan.lines, [{ id: "a" }]);
	});

	it("takes a line's sides with it, as many as the line moves, belonging to the part that moved", () => {
		const items = [
			line("burger", { quantity: 2 }),
			line("fries", { quantity: 2, partOf: "burger" }),
			line("slaw", { partOf: "burger" }),
		];
		const whole = planMove(items, [{ itemId: "burger" }], ids());
		assert.deepEqual(whole.lines, [{ id: "burger" }, { id: "fries" }, { id: "slaw" }]);
		const part = planMove(items, [{ itemId: "burger", quantity: 1 }], ids());
		assert.deepEqual(
			part.lines.map(l => [l.id, l.split?.newId ?? null, l.split?.partOf ?? l.partOf ?? null]),
			[
				["burger", "new-1", null],
				["fries", "new-2", "new-1"],
				["slaw", null, "new-1"],
			],
		);
	});

	it("leaves a voided side where it was voided", () => {
		const items = [line("burger"), line("fries", { partOf: "burger", status: "voided" })];
		assert.deepEqual(planMove(items, [{ itemId: "burger" }], ids()).lines, [{ id: "burger" }]);
	});

	it("refuses a line not on the order (404), a voided line or a side alone (409), too many or a line twice (400)", () => {
		const items = [line("a", { quantity: 2 }), line("v", { status: "voided" }), line("s", { partOf: "a" })];
		assert.throws(() => planMove(items, [{ itemId: "x" }]), { type: "ORDER_ITEM_NOT_FOUND", code: 404 });
		assert.throws(() => planMove(items, [{ itemId: "v" }]), { type: "ITEM_STATE_CONFLICT", code: 409 });
		assert.throws(() => planMove(items, [{ itemId: "s" }]), { type: "ITEM_STATE_CONFLICT", code: 409 });
		assert.throws(() => planMove(items, [{ itemId: "a", quantity: 3 }]), { type: "VALIDATION_ERROR" });
		assert.throws(() => planMove(items, [{ itemId: "a" }, { itemId: "a" }]), { type: "VALIDATION_ERROR" });
	});
});

describe("who may take a table", () => {
	const user = { id: "u", role: "staff" as const, isActive: true };
	it("an active waiter or admin (a manager acts as staff)", () => {
		for (const role of ["staff", "admin"] as const) assert.doesNotThrow(() => assertCanTakeTable({ ...user, role }, "u"));
	});
	it("not a cook, a deactivated account or one that does not exist (409 naming the user)", () => {
		for (const u of [{ ...user, role: "kitchen" as const }, { ...user, isActive: false }, undefined])
			assert.throws(() => assertCanTakeTable(u, "u"), { type: "USER_CANNOT_TAKE_TABLE", code: 409, data: { userId: "u" } });
	});
});

describe("two orders locked", () => {
	it("by id, whichever is asked first", () => {
		assert.deepEqual(lockOrder("b", "a"), ["a", "b"]);
		assert.deepEqual(lockOrder("a", "b"), ["a", "b"]);
	});
});

describe("a merged check's covers", () => {
	it("adds both tables' guests; a table with none asked counts none; unknown on both stays unknown", () => {
		assert.equal(mergedCovers(2, 3), 5);
		assert.equal(mergedCovers(2, null), 2);
		assert.equal(mergedCovers(null, 4), 4);
		assert.equal(mergedCovers(null, null), null);
	});
});
