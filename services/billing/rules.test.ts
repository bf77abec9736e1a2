// A bill's rules: its lines from the orders billed, when it is paid and settled, how it splits, how a discount
// reprices it. The rounding itself is lib/money.test.ts's.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import type { Bill, BillLine, ChosenModifier, Order, OrderItem } from "../../contracts";
import { aBill, aBillLine, anOrder, anOrderItem } from "../../test/fixtures/domain";
import { splitEvenly } from "../../lib/money";
import {
	applyDiscount,
	billHolder,
	billLines,
	checkBillRequest,
	checkDiscountRequest,
	checkReopen,
	checkSplitRequest,
	groupLines,
	isBilledAlready,
	isCovered,
	isSettled,
	planSplit,
	seatGroups,
	shareLine,
	shareOut,
	subtotalOf,
} from "./rules";

const RATES = { taxPpm: 100_000, serviceChargePpm: 0 };
const BEFORE = "2026-11-22T19:00:00Z";

const item = (id: string, over: Partial<OrderItem> = {}) =>
	anOrderItem(id, { status: "served", takenBy: "waiter-a", createdAt: BEFORE, ...over });
const order = (id: string, items: OrderItem[], over: Partial<Order> = {}) =>
	anOrder({ id, items, status: "served", createdBy: "opener", createdAt: BEFORE, updatedAt: BEFORE, ...over });
const line = (id: string, amountCents: number, over: Partial<BillLine> = {}) =>
	aBillLine(id, amountCents, { waiterId: "waiter-a", ...over });
const BACON: ChosenModifier = { groupId: "g-extras", groupName: "Extras", optionId: "o-bacon", name: "Bacon", priceDeltaCents: 200 };
const FRIES: ChosenModifier = { groupId: "g-sides", groupName: "Sides", optionId: "o-fries", name: "Fries", priceDeltaCents: 0 };
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

	it("leave remakes and side lines off: a remake is the kitchen's loss, a side is priced in its parent's options", () => {
		const burger = item("i1", { unitPriceCents: 1_650, modifiers: [BACON, FRIES] });
		const fries = item("i2", { name: "Fries", station: "fryer", unitPriceCents: 0, partOf: "i1", optionId: "o-fries" });
		const remake = item("i3", { unitPriceCents: 0, remakeOf: "i1", remakeReason: "dropped", round: 2 });

		const lines = billLines([order("o1", [burger, fries, remake])]);

		assert.deepEqual(
			lines.map(l => l.id),
			["i1"],
		);
		assert.deepEqual(lines[0].modifiers, [BACON, FRIES]);
		assert.equal(lines[0].amountCents, 1_650);
	});

	it("carry each line's seat and chosen options; a comped line is at 0 with its reason and what it was worth", () => {
		const comp = { reason: "birthday", by: "manager", at: BEFORE, valueCents: 1_800 };
		const lines = billLines([
			order("o1", [item("i1", { seat: 2, modifiers: [BACON] }), item("i2", { seat: null, quantity: 2, unitPriceCents: 0, comp })]),
		]);

		assert.deepEqual(
			lines.map(l => [l.id, l.seat, l.modifiers.length, l.amountCents, l.comp]),
			[
				["i1", 2, 1, 1_000, null],
				["i2", null, 0, 0, { reason: "birthday", valueCents: 1_800 }],
			],
		);
	});

	it("read an order recorded before seats, options and comps as having none of them", () => {
		const old = item("i1");
		for (const k of ["seat", "modifiers", "comp", "remakeOf", "partOf"] as const) delete (old as Partial<OrderItem>)[k];

		const [l] = billLines([order("o1", [old])]);

		assert.deepEqual([l.seat, l.modifiers, l.comp], [null, [], null]);
	});
});

describe("whom a bill is for", () => {
	it("a table's dine-in orders: the table", () => {
		assert.deepEqual(billHolder([order("o1", []), order("o2", [])]), {
			tableId: "table-1",
			tableName: "5",
			orderType: "dine_in",
			name: null,
		});
	});

	it("a takeout or a tab: no table, the guest's name", () => {
		const takeout = order("o1", [], { type: "takeout", tableId: null, tableName: null, name: "Kim" });

		assert.deepEqual(billHolder([takeout]), { tableId: null, tableName: null, orderType: "takeout", name: "Kim" });
	});
});

describe("what a bill is asked for", () => {
	it("a table or an order, exactly one: neither or both is refused naming the two fields", () => {
		assert.doesNotThrow(() => checkBillRequest({ tableId: "t" }));
		assert.doesNotThrow(() => checkBillRequest({ orderId: "o" }));
		const neither = "Send 'tableId' (a table's orders) or 'orderId' (a takeout or a bar tab)";
		assert.throws(() => checkBillRequest({}), {
			type: "VALIDATION_ERROR",
			data: [
				{ field: "tableId", type: "required", message: neither },
				{ field: "orderId", type: "required", message: neither },
			],
		});
		const both = "Send either 'tableId' or 'orderId', not both";
		assert.throws(() => checkBillRequest({ tableId: "t", orderId: "o" }), {
			type: "VALIDATION_ERROR",
			data: [
				{ field: "tableId", type: "forbidden", message: both },
				{ field: "orderId", type: "forbidden", message: both },
			],
		});
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

describe("an order billed already", () => {
	it("is the order service's ORDER_CLOSED for a billed or paid order, not for a cancelled one or another error", () => {
		const closed = (status: string) => ({ type: "ORDER_CLOSED", code: 409, data: { id: "o1", status } });

		assert.equal(isBilledAlready(closed("billed")), true);
		assert.equal(isBilledAlready(closed("paid")), true);
		assert.equal(isBilledAlready(closed("cancelled")), false);
		assert.equal(isBilledAlready({ type: "ORDER_NOT_FOUND", code: 404, data: { id: "o1" } }), false);
		assert.equal(isBilledAlready(new Error("boom")), false);
		assert.equal(isBilledAlready(undefined), false);
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

	it("a request naming what its mode needs passes; a split by seats needs nothing more", () => {
		assert.doesNotThrow(() => checkSplitRequest({ mode: "even", parts: 3 }));
		assert.doesNotThrow(() => checkSplitRequest({ mode: "items", groups: [["a"]] }));
		assert.doesNotThrow(() => checkSplitRequest({ mode: "seats" }));
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

describe("splitting a bill by seats", () => {
	/** Seat 2: 20.00; seat 1: 10.00 + 5.00; for the table: 10.00 bread and 0.01 of something. 45.01 + 10% tax. */
	const seated = () =>
		bill({
			lines: [
				line("a", 2_000, { seat: 2 }),
				line("bread", 1_000),
				line("b", 1_000, { seat: 1 }),
				line("c", 500, { seat: 1 }),
				line("mint", 1),
			],
			subtotalCents: 4_501,
			taxCents: 450,
			totalCents: 4_951,
		});

	it("one part per seat with lines, in seat order, each with its lines in the bill's order", () => {
		const parts = planSplit(seated(), { mode: "seats" });

		assert.deepEqual(
			parts.map(p => p.seat),
			[1, 2],
		);
		assert.deepEqual(
			parts.map(p => p.lines.filter(l => l.seat !== null).map(l => l.id)),
			[["b", "c"], ["a"]],
		);
	});

	it("the unseated lines are on every part, shared to the cent, the first part taking the odd cent", () => {
		const parts = planSplit(seated(), { mode: "seats" });

		assert.deepEqual(
			parts.map(p => p.lines.map(l => [l.id, l.amountCents])),
			[
				[
					["bread", 500],
					["b", 1_000],
					["c", 500],
					["mint", 1],
				],
				[
					["a", 2_000],
					["bread", 500],
					["mint", 0],
				],
			],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.subtotalCents),
			[2_001, 2_500],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.taxCents),
			[200, 250],
		);
		assert.deepEqual(
			parts.map(p => p.amounts.totalCents),
			[2_201, 2_750],
		);
	});

	it("a discount, service charge and tax are shared by the parts' subtotals, as a split by items shares them", () => {
		const b = { ...seated(), discountCents: 451, serviceChargeCents: 405, taxCents: 405, totalCents: 4_860 };

		const parts = planSplit(b, { mode: "seats" });

		assert.deepEqual(
			parts.map(p => [p.amounts.discountCents, p.amounts.serviceChargeCents, p.amounts.taxCents]),
			[
				[201, 180, 180],
				[250, 225, 225],
			],
		);
		assert.equal(
			parts.reduce((s, p) => s + p.amounts.totalCents, 0),
			4_860,
		);
	});

	it("a bill where no line has a seat is refused: NO_SEATS", () => {
		assert.throws(() => planSplit(bill(), { mode: "seats" }), { type: "NO_SEATS", code: 409, data: { id: "bill-1" } });
	});

	it("comped lines stay on their seat's part at 0; a bill of free lines splits into free parts", () => {
		const b = bill({
			lines: [line("a", 0, { seat: 1 }), line("b", 0, { seat: 3 }), line("c", 0)],
			subtotalCents: 0,
			taxCents: 0,
			totalCents: 0,
		});

		const parts = planSplit(b, { mode: "seats" });

		assert.deepEqual(
			parts.map(p => [p.seat, p.amounts.totalCents, p.lines.map(l => l.id).join()]),
			[
				[1, 0, "a,c"],
				[3, 0, "b,c"],
			],
		);
	});

	it("refuses a part of a split bill and a bill with payments, as every split does", () => {
		assert.throws(() => planSplit({ ...seated(), parentId: "p" }, { mode: "seats" }), { type: "BILL_IS_SPLIT_PART" });
		assert.throws(() => planSplit({ ...seated(), paidCents: 1 }, { mode: "seats" }), { type: "BILL_HAS_PAYMENTS" });
	});

	it("never loses or makes a cent: each part's lines add up to its subtotal, and the parts to the bill", () => {
		fc.assert(
			fc.property(
				fc.array(fc.record({ cents: fc.integer({ min: 0, max: 100_000 }), seat: fc.option(fc.integer({ min: 1, max: 12 })) }), {
					minLength: 1,
					maxLength: 30,
				}),
				fc.integer({ min: 0, max: 20_000 }),
				(spec, taxCents) => {
					fc.pre(spec.some(s => s.seat !== null));
					const lines = spec.map((s, i) => line(`l${i}`, s.cents, { seat: s.seat }));
					const subtotalCents = subtotalOf(lines);
					const b = bill({ lines, subtotalCents, taxCents, totalCents: subtotalCents + taxCents });

					const parts = planSplit(b, { mode: "seats" });

					assert.equal(parts.length, new Set(spec.flatMap(s => (s.seat === null ? [] : [s.seat]))).size);
					for (const p of parts) assert.equal(subtotalOf(p.lines), p.amounts.subtotalCents);
					assert.equal(
						parts.reduce((s, p) => s + p.amounts.totalCents, 0),
						b.totalCents,
					);
					for (const l of lines.filter(x => x.seat === null))
						assert.equal(
							parts.reduce((s, p) => s + p.lines.find(x => x.id === l.id)!.amountCents, 0),
							l.amountCents,
						);
				},
			),
		);
	});
});

describe("sharing the unseated lines among the seats", () => {
	it("every amount's shares add up to it, and every part gets its even share of the total, first parts first", () => {
		fc.assert(
			fc.property(
				fc.array(fc.integer({ min: 0, max: 1_000_000 }), { maxLength: 40 }),
				fc.integer({ min: 1, max: 99 }),
				(amounts, n) => {
					const shares = shareOut(amounts, n);

					shares.forEach((row, k) => {
						assert.equal(
							row.reduce((a, b) => a + b, 0),
							amounts[k],
						);
						for (const x of row) assert.ok(x >= Math.floor(amounts[k] / n) && x <= Math.ceil(amounts[k] / n));
					});
					const perPart = Array.from({ length: n }, (_, p) => shares.reduce((s, row) => s + row[p], 0));
					assert.deepEqual(
						perPart,
						splitEvenly(
							amounts.reduce((a, b) => a + b, 0),
							n,
						),
					);
				},
			),
		);
	});

	it("three 10.01 lines over two seats: 15.02 and 15.01, not 15.03 and 15.00", () => {
		assert.deepEqual(shareOut([1_001, 1_001, 1_001], 2), [
			[501, 500],
			[501, 500],
			[500, 501],
		]);
	});

	it("seatGroups names each seat once, even when its lines are apart on the bill", () => {
		const b = bill({ lines: [line("a", 100, { seat: 4 }), line("b", 100, { seat: 1 }), line("c", 100, { seat: 4 })] });

		assert.deepEqual(
			seatGroups(b).map(g => [g.seat, g.lines.map(l => l.id)]),
			[
				[1, ["b"]],
				[4, ["a", "c"]],
			],
		);
	});
});

/** assert.throws' check: a 400 naming `field` first. */
const naming = (field: string) => (e: unknown) => (e as { data?: { field?: string }[] }).data?.[0]?.field === field;

describe("sharing one line among guests", () => {
	it("each guest's share of the line, to the cent, the first guests taking the odd cents; the rest on one more part", () => {
		const b = bill({ lines: [line("a", 1_000), line("wine", 3_001, { modifiers: [BACON] }), line("c", 3_000)] });

		const parts = shareLine(b, "wine", 3);

		assert.deepEqual(
			parts.map(p => p.map(l => [l.id, l.amountCents, l.sharedBy])),
			[
				[["wine", 1_001, 3]],
				[["wine", 1_000, 3]],
				[["wine", 1_000, 3]],
				[
					["a", 1_000, undefined],
					["c", 3_000, undefined],
				],
			],
		);
		assert.deepEqual(parts[0][0].modifiers, [BACON]);
	});

	it("the amounts follow the shares: every column of the parts adds up to the bill's", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 0, max: 1_000_000 }),
				fc.integer({ min: 0, max: 100_000 }),
				fc.integer({ min: 2, max: 20 }),
				(shared, other, n) => {
					const lines = [line("x", shared), ...(other ? [line("y", other)] : [])];
					const subtotal = shared + other;
					const tax = Math.round(subtotal / 10);
					const b = bill({ lines, subtotalCents: subtotal, taxCents: tax, totalCents: subtotal + tax });

					const parts = planSplit(b, { mode: "share", lineId: "x", parts: n });

					assert.equal(parts.length, other ? n + 1 : n);
					assert.equal(
						parts.reduce((s, p) => s + p.amounts.totalCents, 0),
						b.totalCents,
					);
					for (const p of parts) assert.equal(subtotalOf(p.lines), p.amounts.subtotalCents);
					const shares = parts.slice(0, n).map(p => p.lines[0].amountCents);
					assert.ok(Math.max(...shares) - Math.min(...shares) <= 1);
				},
			),
		);
	});

	it("a line not on the bill is a 400 naming lineId; a share split asks for lineId and parts", () => {
		assert.throws(() => shareLine(bill(), "nope", 2), naming("lineId"));
		assert.throws(() => checkSplitRequest({ mode: "share", parts: 2 }), naming("lineId"));
		assert.throws(() => checkSplitRequest({ mode: "share", lineId: "a" }), naming("parts"));
		assert.throws(() => checkSplitRequest({ mode: "even", parts: 2, share: ["a"] }), naming("share"));
	});

	it("a split by seats shares the lines named in 'share' among every seat, as it does the unseated ones", () => {
		const b = bill({ lines: [line("a", 1_000, { seat: 1 }), line("wine", 3_001, { seat: 2 }), line("bread", 500)] });

		const groups = seatGroups(b, ["wine"]);

		assert.deepEqual(
			groups.map(g => [g.seat, g.lines.map(l => [l.id, l.amountCents])]),
			[
				[
					1,
					[
						["a", 1_000],
						["wine", 1_501],
						["bread", 250],
					],
				],
				[
					2,
					[
						["wine", 1_500],
						["bread", 250],
					],
				],
			],
		);
		assert.throws(() => seatGroups(b, ["nope"]), naming("share"));
	});

	it("only a paid bill opens again: 409 BILL_NOT_PAID", () => {
		assert.doesNotThrow(() => checkReopen({ id: "b", status: "paid" }));
		for (const status of ["open", "void"] as const)
			assert.throws(() => checkReopen({ id: "b", status }), { type: "BILL_NOT_PAID", code: 409 });
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
