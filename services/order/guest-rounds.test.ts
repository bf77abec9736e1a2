// Guest rounds' rules: what a confirm sends and holds, whose the lines become, what a reject gives back, and which
// changes wait for a pending round to be decided.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { GUEST_ACTOR } from "../../contracts";
import { anOrder, anOrderItem } from "../../test/fixtures/domain";
import { assertNoPendingRound, confirmedBy, confirmPlan, pendingLines, returnedByReject } from "./guest-rounds";
import { assertServed, deriveStatus, itemToVoid, orderTotal } from "./rules";

const pending = (id: string, over = {}) => anOrderItem(id, { status: "pending", held: true, firedAt: null, round: 2, ...over });

describe("a pending guest round", () => {
	it("counts in no total and moves no status; an order of pending lines only stays as it is", () => {
		const burger = anOrderItem("burger", { status: "preparing", unitPriceCents: 1450 });
		assert.equal(orderTotal([burger, pending("beer", { unitPriceCents: 600, quantity: 2 })]), 1450);
		assert.equal(deriveStatus("in_progress", [anOrderItem("a", { status: "served" }), pending("b")]), "served");
		assert.equal(deriveStatus("placed", [pending("b")]), "placed");
		assert.equal(deriveStatus("placed", [anOrderItem("a", { status: "voided" })]), "cancelled");
	});

	it("is not served, so no bill takes the order while it waits (409 naming it pending)", () => {
		assert.throws(
			() => assertServed({ id: "o", items: [anOrderItem("a", { status: "served" }), pending("b")] }),
			(err: { type?: string; data?: { items?: { status: string }[]; rounds?: number[] } }) => {
				assert.equal(err.type, "ORDER_NOT_SERVED");
				assert.deepEqual(
					err.data?.items?.map(i => i.status),
					["pending"],
				);
				return true;
			},
		);
	});

	it("cannot be voided, comped-around or cancelled past: the waiter rejects or confirms it", () => {
		assert.throws(() => itemToVoid([pending("b")], "b", "admin"), { code: 409, type: "ITEM_STATE_CONFLICT" });
		assert.throws(
			() => assertNoPendingRound(anOrder({ items: [anOrderItem("a"), pending("b"), pending("c", { round: 3 })] })),
			(err: { type?: string; data?: { items?: { status: string }[]; rounds?: number[] } }) => {
				assert.equal(err.type, "GUEST_ROUND_PENDING");
				assert.deepEqual(err.data?.rounds, [2, 3]);
				return true;
			},
		);
		assert.doesNotThrow(() => assertNoPendingRound(anOrder({ items: [anOrderItem("a")] })));
	});
});

describe("confirming a guest round", () => {
	it("sends it as a waiter's round: an idle order moves on to its lowest course, later courses are held", () => {
		const order = anOrder({
			firedCourse: 1,
			items: [anOrderItem("soup", { status: "served" }), pending("steak", { course: 2 }), pending("cake", { course: 3 })],
		});
		assert.deepEqual(confirmPlan(order, 2), {
			lines: [
				{ id: "steak", held: false },
				{ id: "cake", held: true },
			],
			firedCourse: 2,
		});
	});

	it("into an order the kitchen is busy with: its course goes if fired already, others wait; other pending rounds count for nothing", () => {
		const order = anOrder({
			firedCourse: 1,
			items: [
				anOrderItem("soup", { status: "preparing" }),
				pending("beer", { course: 1 }),
				pending("steak", { course: 2 }),
				pending("x", { round: 3 }),
			],
		});
		assert.deepEqual(confirmPlan(order, 2), {
			lines: [
				{ id: "beer", held: false },
				{ id: "steak", held: true },
			],
			firedCourse: 1,
		});
		assert.deepEqual(
			pendingLines(order, 3).map(i => i.id),
			["x"],
		);
	});

	it("the lines are the table's waiter's; a guest-started order's confirmer takes the table", () => {
		assert.deepEqual(confirmedBy({ createdBy: "ana", assignedTo: "ben" }, "cy"), { takenBy: "ben", takesTable: false });
		assert.deepEqual(confirmedBy({ createdBy: GUEST_ACTOR, assignedTo: GUEST_ACTOR }, "cy"), { takenBy: "cy", takesTable: true });
		// Handed over to a waiter before the confirm: theirs.
		assert.deepEqual(confirmedBy({ createdBy: GUEST_ACTOR, assignedTo: "ben" }, "cy"), { takenBy: "ben", takesTable: false });
	});
});

describe("rejecting a guest round", () => {
	it("gives back each main line's portions with its options; sides are in their line", () => {
		const burger = pending("burger", {
			menuItemId: "m-burger",
			quantity: 2,
			modifiers: [{ groupId: "g", groupName: "Side", optionId: "fries", name: "Fries", priceDeltaCents: 0 }],
		});
		const fries = pending("fries-line", { partOf: "burger", optionId: "fries", menuItemId: "m-burger" });
		assert.deepEqual(returnedByReject([burger, fries]), [{ menuItemId: "m-burger", optionIds: ["fries"], quantity: 2 }]);
	});
});
