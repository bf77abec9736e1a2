// Voids (whole or part of a line, sides following), comps and remakes without a broker: what changes, what new
// lines appear, what goes back onto the countdowns, and each refusal's error.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { anOrderItem } from "../../test/fixtures/domain";
import type { ChosenModifier, OrderItem } from "../../contracts";
import { compOf, compShare, planVoid, remakeCountdownOptions, remakeOf, returnedBy, returnedByCancel } from "./line-changes";

const mod = (optionId: string): ChosenModifier => ({ groupId: "g", groupName: "G", optionId, name: optionId, priceDeltaCents: 0 });
const counter = () => {
	let n = 0;
	return () => `new-${++n}`;
};
/** A burger ×4 with fries (a side at the fryer) and a sauce (cooked with it). */
const burgerWithFries = (over: Partial<OrderItem> = {}, fries: Partial<OrderItem> = {}): OrderItem[] => [
	anOrderItem("burger", { menuItemId: "m-burger", quantity: 4, unitPriceCents: 1_750, modifiers: [mod("fries"), mod("sauce")], ...over }),
	anOrderItem("fries", {
		menuItemId: "m-burger",
		station: "fryer",
		quantity: 4,
		unitPriceCents: 0,
		partOf: "burger",
		optionId: "fries",
		...fries,
	}),
];
const refusal = (status: number, type: string) => ({ code: status, type });

describe("voiding part of a line", () => {
	it("3 of 4: the line keeps 1, a new voided line holds 3; its side splits the same way, under the voided part", () => {
		const plan = planVoid(burgerWithFries(), "burger", 3, "staff", counter());
		assert.deepEqual(plan.whole, []);
		assert.deepEqual(plan.splits, [
			{ id: "burger", keep: 1, newId: "new-1", quantity: 3, partOf: null },
			{ id: "fries", keep: 1, newId: "new-2", quantity: 3, partOf: "new-1" },
		]);
		assert.deepEqual(plan.itemIds, ["burger", "new-1", "fries", "new-2"]);
		assert.equal(plan.quantity, 3);
		// Never cooked: the 3 burgers and their options go back onto the countdowns.
		assert.deepEqual(plan.returned, [{ menuItemId: "m-burger", optionIds: ["fries", "sauce"], quantity: 3 }]);
	});

	it("all of it (or no quantity): the line and its sides are voided whole, no new line", () => {
		for (const q of [4, undefined]) {
			const plan = planVoid(burgerWithFries(), "burger", q, "staff", counter());
			assert.deepEqual(plan.whole, ["burger", "fries"]);
			assert.deepEqual(plan.splits, []);
			assert.deepEqual(plan.itemIds, ["burger", "fries"]);
		}
	});

	it("more than the line holds is a 400 naming quantity", () => {
		assert.throws(
			() => planVoid(burgerWithFries(), "burger", 5, "staff"),
			(e: { type: string; data: { field: string }[] }) => e.type === "VALIDATION_ERROR" && e.data[0].field === "quantity",
		);
	});

	it("started lines (the line or a side the fryer has started) need an admin; a started line gives nothing back", () => {
		assert.throws(() => planVoid(burgerWithFries({ status: "preparing" }), "burger", 1, "staff"), refusal(403, "APPROVAL_REQUIRED"));
		assert.throws(
			() => planVoid(burgerWithFries({}, { status: "preparing" }), "burger", 1, "staff"),
			refusal(403, "APPROVAL_REQUIRED"),
		);
		assert.deepEqual(planVoid(burgerWithFries({ status: "ready" }), "burger", 1, "admin").returned, []);
		// The burger is queued but its fries are frying: the burger and its sauce go back, the fries do not.
		assert.deepEqual(planVoid(burgerWithFries({}, { status: "preparing" }), "burger", 2, "admin").returned, [
			{ menuItemId: "m-burger", optionIds: ["sauce"], quantity: 2 },
		]);
	});

	it("a held line is queued: a waiter voids it, and its portions go back", () => {
		const plan = planVoid(burgerWithFries({ held: true, firedAt: null }, { held: true, firedAt: null }), "burger", undefined, "staff");
		assert.deepEqual(plan.whole, ["burger", "fries"]);
		assert.equal(plan.returned[0].quantity, 4);
	});

	it("a side voided alone gives nothing back (a countdown line always names its dish)", () => {
		const plan = planVoid(burgerWithFries(), "fries", 1, "staff", counter());
		assert.deepEqual(plan.splits, [{ id: "fries", keep: 3, newId: "new-1", quantity: 1, partOf: "burger" }]);
		assert.deepEqual(plan.returned, []);
	});

	it("property: a partial void keeps every unit somewhere (kept + voided = the line), on the line and on each side", () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 99 }), fc.integer({ min: 1, max: 99 }), (quantity, q) => {
				fc.pre(q <= quantity);
				const items = burgerWithFries({ quantity }, { quantity });
				const plan = planVoid(items, "burger", q, "staff", counter());
				for (const id of ["burger", "fries"]) {
					const split = plan.splits.find(s => s.id === id);
					if (q === quantity) assert.ok(plan.whole.includes(id));
					else assert.equal(split!.keep + split!.quantity, quantity);
				}
			}),
		);
	});
});

describe("what a cancel gives back", () => {
	it("every queued or held dish with its options; nothing for started, voided or side lines", () => {
		const items = [
			...burgerWithFries({ quantity: 2 }, { quantity: 2 }),
			anOrderItem("steak", { menuItemId: "m-steak", status: "preparing" }),
			anOrderItem("soup", { menuItemId: "m-soup", status: "voided" }),
			anOrderItem("cake", { menuItemId: "m-cake", held: true, firedAt: null, course: 3 }),
		];
		assert.deepEqual(returnedByCancel(items), [
			{ menuItemId: "m-burger", optionIds: ["fries", "sauce"], quantity: 2 },
			{ menuItemId: "m-cake", optionIds: [], quantity: 1 },
		]);
		assert.deepEqual(returnedBy(items, [{ id: "nope", quantity: 1 }]), []);
	});
});

describe("comps", () => {
	const at = new Date("2026-11-27T20:00:00Z");

	it("a live line: its value is quantity × its price, with who, why and when", () => {
		const comp = compOf(burgerWithFries({ quantity: 2 }), "burger", "cold fries", "manager", at);
		assert.deepEqual(comp, { reason: "cold fries", by: "manager", at: at.toISOString(), valueCents: 3_500 });
	});

	it("voided, comped already, a side or a remake: 409; not on the order: 404", () => {
		const comp = { reason: "x", by: "m", at: at.toISOString(), valueCents: 1 };
		assert.throws(() => compOf(burgerWithFries({ status: "voided" }), "burger", "x", "m", at), refusal(409, "ITEM_STATE_CONFLICT"));
		assert.throws(() => compOf(burgerWithFries({ comp }), "burger", "x", "m", at), refusal(409, "ITEM_STATE_CONFLICT"));
		assert.throws(() => compOf(burgerWithFries(), "fries", "x", "m", at), refusal(409, "ITEM_STATE_CONFLICT"));
		assert.throws(() => compOf([anOrderItem("r", { remakeOf: "burger" })], "r", "x", "m", at), refusal(409, "ITEM_STATE_CONFLICT"));
		assert.throws(() => compOf(burgerWithFries(), "nope", "x", "m", at), refusal(404, "ORDER_ITEM_NOT_FOUND"));
	});

	it("a comped line split by a partial void: each part keeps the comp for its own units, summing to the whole", () => {
		const comp = { reason: "x", by: "m", at: at.toISOString(), valueCents: 4 * 1_750 };
		assert.equal(compShare(comp, 4, 1).valueCents + compShare(comp, 4, 3).valueCents, comp.valueCents);
	});
});

describe("remakes", () => {
	it("a started line: a free copy of it (dish, station, options, seat, course, notes, quantity), marked as its remake", () => {
		const [burger] = burgerWithFries({ status: "ready", seat: 2, course: 2, notes: "no onion" });
		const line = remakeOf([burger], "burger", "dropped", () => "remake-1");
		assert.deepEqual(line, {
			id: "remake-1",
			menuItemId: "m-burger",
			name: burger.name,
			station: "grill",
			quantity: 4,
			unitPriceCents: 0,
			notes: "no onion",
			seat: 2,
			course: 2,
			modifiers: burger.modifiers,
			partOf: null,
			optionId: null,
			remakeOf: "burger",
			remakeReason: "dropped",
		});
		for (const status of ["preparing", "served"] as const)
			assert.equal(remakeOf(burgerWithFries({ status }), "burger", "x").remakeOf, "burger");
	});

	it("a held line is a 409 ITEM_HELD; a queued or voided one 409 naming its status; not on the order 404", () => {
		assert.throws(() => remakeOf(burgerWithFries({ held: true }), "burger", "x"), refusal(409, "ITEM_HELD"));
		assert.throws(() => remakeOf(burgerWithFries(), "burger", "x"), refusal(409, "ITEM_STATE_CONFLICT"));
		assert.throws(() => remakeOf(burgerWithFries({ status: "voided" }), "burger", "x"), refusal(409, "ITEM_STATE_CONFLICT"));
		assert.throws(() => remakeOf(burgerWithFries(), "nope", "x"), refusal(404, "ORDER_ITEM_NOT_FOUND"));
	});

	it("a line is remade once: a double tap or a retry does not make a second free dish (a voided remake frees it)", () => {
		const items = burgerWithFries({ status: "served" });
		const remake = { ...anOrderItem("r1", { menuItemId: "m-burger" }), ...remakeOf(items, "burger", "cold", () => "r1") };
		assert.throws(() => remakeOf([...items, remake], "burger", "cold"), refusal(409, "ITEM_STATE_CONFLICT"));
		assert.equal(remakeOf([...items, { ...remake, status: "voided" }], "burger", "cold").remakeOf, "burger");
	});

	it("a remake takes countdown portions for the options cooked with the dish, not for its sides (which are not remade)", () => {
		const items = burgerWithFries({ status: "served" });
		assert.deepEqual(remakeCountdownOptions(items, "burger", items[0].modifiers), ["sauce"]);
	});

	it("a remade side took no portion, so voiding it gives none back", () => {
		const [, fries] = burgerWithFries({}, { status: "ready" });
		const remade = { ...anOrderItem("r2"), ...remakeOf([fries], "fries", "cold", () => "r2") };
		assert.deepEqual(returnedBy([remade], [{ id: "r2", quantity: 4 }]), []);
	});
});
