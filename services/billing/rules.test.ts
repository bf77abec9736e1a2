// A bill's rules: its lines from the orders billed, when it is paid and settled, how it splits, how a discount
// reprices it. The rounding itself is lib/money.test.ts's.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Bill, Order, OrderItem } from "../../contracts";
import { aBill, aBillLine, anOrder, anOrderItem } from "../../test/fixtures/domain";
import {
	applyDiscount,
	billLines,
	checkDiscountRequest,
	checkSplitRequest,
	groupLines,
	isCovered,
	isSettled,
	planSplit,
	subtotalOf,
} from "./rules";

const RATES = { taxPpm: 100_000, serviceChargePpm: 0 };
const BEFORE = "2026-11-22T19:00:00Z";

const item = (id: string, over: Partial<OrderItem> = {}) =>
	anOrderItem(id, { status: "served", takenBy: "waiter-a", createdAt: BEFORE, ...over });
const order = (id: string, items: OrderItem[], over: Partial<Order> = {}) =>
	anOrder({ id, items, status: "served", createdBy: "opener", createdAt: BEFORE, updatedAt: BEFORE, ...over });
const line = (id: string, amountCents: number) => aBillLine(id, amountCents, { waiterId: "waiter-a" });
/** An open bill of three lines (10.00, 20.00, 30.00) plus 10% tax. */
const bill = (over: Partial<Omit<Bill, "balanceCents">> = {}) =>
	aBill({
		lines: [line("a", 1_000), line("b", 2_000), line("c", 3_000)],
		subtotalCents: 6_000,
		taxCents: 600,
		totalCents: 6_600,
		createdBy: "waiter-a",
		...over,
	});

describe("a bill's lines", () => {
	it("are the orders' items as ordered, quantity times unit price, in order", () => {
		const orders = [
			order("o1", [item("i1", { quantity: 2, unitPriceCents: 450 })]),
			order("o2", [item("i2"), item("i3", { quantity: 3, unitPriceCents: 0 })]),
		];

		const lines = billLines(orders);

		assert.deepEqual(
			lines.map(l => [l.id, l.orderId, l.menuItemId, l.name, l.quantity, l.unitPriceCents, l.amountCents]),
			[
				["i1", "o1", "menu-i1", "dish i1", 2, 450, 900],
				["i2", "o2", "menu-i2", "dish i2", 1, 1_000, 1_000],
				["i3", "o2", "menu-i3", "dish i3", 3, 0, 0],
			],
		);
		assert.equal(subtotalOf(lines), 1_900);
	});

	it("leave voided items off", () => {
		const lines = billLines([order("o1", [item("i1"), item("i2", { status: "voided" }), item("i3")])]);

		assert.deepEqual(
			lines.map(l => l.id),
			["i1", "i3"],
		);
	});

	it("credit each line to whoever took it, or to the order's opener when the line does not say", () => {
		const noTaker = item("i2", { takenBy: undefined as unknown as string });

		const lines = billLines([order("o1", [item("i1", { takenBy: "waiter-b" }), noTaker], { createdBy: "opener" })]);

		assert.deepEqual(
			lines.map(l => l.waiterId),
			["waiter-b", "opener"],
		);
	});
});

describe("when a bill is paid and a sale settled", () => {
	it("an open bill whose captured payments reach its total, with nothing pending, is covered", () => {
		assert.equal(isCovered(bill({ paidCents: 6_600 })), true);
		assert.equal(isCovered(bill({ totalCents: 0, subtotalCents: 0, taxCents: 0 })), true, "nothing to pay");
	});

	it("a bill short of its total, or with a payment still pending, is not", () => {
		assert.equal(isCovered(bill({ paidCents: 6_599 })), false);
		assert.equal(isCovered(bill({ paidCents: 3_600, pendingCents: 3_000 })), false);
		assert.equal(isCovered(bill({ paidCents: 6_600, pendingCents: 1 })), false, "a payment still waiting for its provider");
	});

	it("a bill already paid, or void, is not paid again", () => {
		assert.equal(isCovered(bill({ status: "paid", paidCents: 6_600 })), false);
		assert.equal(isCovered(bill({ status: "void", totalCents: 0 })), false);
	});

	it("a split sale settles with its last part paid, not before", () => {
		assert.equal(isSettled([bill({ status: "paid" }), bill({ status: "paid" })]), true);
		assert.equal(isSettled([bill({ status: "paid" }), bill({ status: "open" })]), false);
	});
});

describe("what a split asks for", () => {
	it("an even split needs parts; a split by items needs groups", () => {
		assert.throws(() => checkSplitRequest({ mode: "even" }), {
			type: "VALIDATION_ERROR",
			data: [{ field: "parts", type: "required", message: "An even split needs 'parts' (2 to 20)" }],
		});
		assert.throws(() => checkSplitRequest({ mode: "items", parts: 2 }), {
			type: "VALIDATION_ERROR",
			data: [{ field: "groups", type: "required", message: "A split by items needs 'groups': arrays of line ids" }],
		});
	});

	it("a request naming what its mode needs passes", () => {
		assert.doesNotThrow(() => checkSplitRequest({ mode: "even", parts: 3 }));
		assert.doesNotThrow(() => checkSplitRequest({ mode: "items", groups: [["a"]] }));
	});
});

describe("splitting a bill", () => {
	it("evenly: parts with no lines, each of the bill's amounts shared out to the cent, odd cents to the first parts", () => {
		const b = bill({ subtotalCents: 1_000, taxCents: 100, totalCents: 1_100 });

		const parts = planSplit(b, { mode: "even", parts: 3 });

		assert.deepEqual(
			parts.map(p => p.lines),
			[[], [], []],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.subtotalCents),
			[334, 333, 333],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.taxCents),
			[34, 33, 33],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.totalCents),
			[368, 366, 366],
		);
	});

	it("by items: each group its lines and a share in proportion to them; lines named nowhere make one more part", () => {
		const parts = planSplit(bill(), { mode: "items", groups: [["c"], ["a"]] });

		assert.deepEqual(
			parts.map(p => p.lines.map(l => l.id)),
			[["c"], ["a"], ["b"]],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.subtotalCents),
			[3_000, 1_000, 2_000],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.taxCents),
			[300, 100, 200],
		);
	});

	it("never loses or makes a cent, whatever the parts", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 5_000_000 }),
				fc.integer({ min: 0, max: 500_000 }),
				fc.integer({ min: 2, max: 20 }),
				(subtotal, tax, n) => {
					const b = bill({ subtotalCents: subtotal, taxCents: tax, totalCents: subtotal + tax });

					const parts = planSplit(b, { mode: "even", parts: n });

					assert.equal(parts.length, n);
					assert.equal(
						parts.reduce((s, p) => s + p.amounts.totalCents, 0),
						b.totalCents,
					);
				},
			),
		);
	});

	it("refuses a part of a split bill: the whole bill is split instead", () => {
		assert.throws(() => planSplit(bill({ parentId: "parent" }), { mode: "even", parts: 2 }), { type: "BILL_IS_SPLIT_PART", code: 409 });
	});

	it("refuses a bill with a payment taken or pending", () => {
		assert.throws(() => planSplit(bill({ paidCents: 1 }), { mode: "even", parts: 2 }), { type: "BILL_HAS_PAYMENTS", code: 409 });
		assert.throws(() => planSplit(bill({ pendingCents: 1 }), { mode: "even", parts: 2 }), { type: "BILL_HAS_PAYMENTS", code: 409 });
	});
});

describe("the groups of a split by items", () => {
	it("refuse a line that is not on the bill", () => {
		assert.throws(() => groupLines(bill(), [["a", "zz"]]), {
			type: "VALIDATION_ERROR",
			data: [{ field: "groups", type: "uuid", message: "Not lines of this bill: zz" }],
		});
	});

	it("refuse a line named in two groups", () => {
		assert.throws(() => groupLines(bill(), [["a"], ["a", "b"]]), {
			data: [{ field: "groups", type: "unique", message: "Named in more than one group: a" }],
		});
	});

	it("refuse a split into a single part: every line in one group", () => {
		assert.throws(() => groupLines(bill(), [["a", "b", "c"]]), {
			data: [
				{
					field: "groups",
					type: "arrayMin",
					message: "A split needs at least two parts; leave some lines out or name a second group",
				},
			],
		});
	});

	it("keep the order the groups were named in, and each line's order within them", () => {
		assert.deepEqual(
			groupLines(bill(), [["c", "a"], ["b"]]).map(g => g.map(l => l.id)),
			[["c", "a"], ["b"]],
		);
	});
});

describe("what a discount asks for", () => {
	it("a percent or an amount, not both and not neither", () => {
		const message = "Send either 'percent' or 'amountCents', not both";
		assert.throws(() => checkDiscountRequest({}), { data: [{ field: "percent", type: "required", message }] });
		assert.throws(() => checkDiscountRequest({ percent: 10, amountCents: 100 }), {
			data: [{ field: "percent", type: "required", message }],
		});
	});

	it("a percent with at most 4 decimals", () => {
		assert.doesNotThrow(() => checkDiscountRequest({ percent: 12.3456 }));
		assert.throws(() => checkDiscountRequest({ percent: 12.34567 }), {
			data: [{ field: "percent", type: "number", message: "The 'percent' field may have at most 4 decimals" }],
		});
		assert.doesNotThrow(() => checkDiscountRequest({ amountCents: 0 }));
	});
});

describe("discounting a bill", () => {
	it("by a percent of the subtotal: service charge, tax and total follow the discounted amount", () => {
		const patch = applyDiscount(bill(), { percent: 12.5 }, "birthday", RATES);

		assert.deepEqual(patch, {
			discountCents: 750,
			discountReason: "birthday",
			serviceChargeCents: 0,
			taxCents: 525,
			totalCents: 5_775,
		});
	});

	it("by an amount, replacing the discount before (not adding to it)", () => {
		const patch = applyDiscount(bill({ discountCents: 1_000 }), { amountCents: 2_000 }, "comp", RATES);

		assert.equal(patch.discountCents, 2_000);
		assert.equal(patch.totalCents, 4_400);
	});

	it("to nothing at all: a full comp", () => {
		assert.equal(applyDiscount(bill(), { percent: 100 }, "comp", RATES).totalCents, 0);
	});

	it("refuses more than the subtotal, naming it", () => {
		assert.throws(() => applyDiscount(bill(), { amountCents: 6_001 }, "too much", RATES), { type: "DISCOUNT_TOO_LARGE", code: 400 });
	});

	it("refuses to bring the total below what was paid or is pending, and allows it down to exactly that", () => {
		const b = bill({ paidCents: 2_200, pendingCents: 1_100 }); // 3_300 = 50% off, tax included

		assert.equal(applyDiscount(b, { percent: 50 }, "half", RATES).totalCents, 3_300);
		assert.throws(() => applyDiscount(b, { amountCents: 3_001 }, "too much", RATES), {
			type: "DISCOUNT_BELOW_PAID",
			code: 409,
			data: { id: "bill-1", paidCents: 3_300 },
		});
	});
});
