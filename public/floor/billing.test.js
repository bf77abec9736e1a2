// The bill as the waiter sees it: which bill a table is paying, split sums, payments checked, splits and discounts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	tableBill,
	placeBill,
	paidSoFar,
	canSplit,
	settled,
	notServed,
	checkPayment,
	dealtInTwo,
	splitGroups,
	discountValue,
	hasSeats,
	lineDetail,
	shares,
	shareRequest,
	canReopen,
	canClose,
	SHARE_GUESTS,
} from "./billing.js";
import { money } from "../app/format.js";

const bill = (id, fields = {}) => ({
	id,
	tableId: "t1",
	parentId: null,
	status: "open",
	createdAt: "2026-11-22T19:00:00Z",
	paidCents: 0,
	pendingCents: 0,
	...fields,
});

describe("a table's bill", () => {
	it("shows the bill still open", () => {
		const bills = { old: bill("old", { status: "paid", createdAt: "2026-11-22T18:00:00Z" }), now: bill("now") };

		const { active, shown, parts } = tableBill(bills, "t1", true);

		assert.equal(active.id, "now");
		assert.equal(shown.id, "now");
		assert.deepEqual(parts, []);
	});

	it("shows a split bill while one of its parts is open, with its parts in order", () => {
		const bills = {
			root: bill("root", { status: "void" }),
			p2: bill("p2", { parentId: "root", split: { part: 2 } }),
			p1: bill("p1", { parentId: "root", status: "paid", split: { part: 1 } }),
			other: bill("other", { tableId: "t2" }),
		};

		const { active, parts } = tableBill(bills, "t1", false);

		assert.equal(active.id, "root");
		assert.deepEqual(
			parts.map(p => p.id),
			["p1", "p2"],
		);
	});

	it("keeps the last paid bill in view once nothing is open at the table", () => {
		const bills = {
			a: bill("a", { status: "paid", createdAt: "2026-11-22T18:00:00Z" }),
			b: bill("b", { status: "paid", createdAt: "2026-11-22T20:00:00Z" }),
		};

		assert.equal(tableBill(bills, "t1", false).shown.id, "b");
	});

	it("shows no bill while an order is open and every bill is paid: a new one is to be made", () => {
		const { active, shown } = tableBill({ a: bill("a", { status: "paid" }) }, "t1", true);

		assert.equal(active, undefined);
		assert.equal(shown, null);
	});
});

describe("split sums", () => {
	it("adds up the parts of a split bill", () => {
		const root = bill("r", { status: "void", paidCents: 0, tipCents: 0, pendingCents: 0, balanceCents: 0 });
		const parts = [
			{ paidCents: 500, tipCents: 100, pendingCents: 0, balanceCents: 0 },
			{ paidCents: 0, tipCents: 0, pendingCents: 300, balanceCents: 700 },
		];

		assert.deepEqual(paidSoFar(root, parts), { split: true, paid: 500, tips: 100, pending: 300, balance: 700 });
	});

	it("reads a whole bill's own figures", () => {
		const b = bill("b", { paidCents: 100, tipCents: 10, pendingCents: 0, balanceCents: 900 });

		assert.deepEqual(paidSoFar(b), { split: false, paid: 100, tips: 10, pending: 0, balance: 900 });
	});

	it("splits only a whole bill nothing has been paid on", () => {
		assert.equal(canSplit(bill("b")), true);
		assert.equal(canSplit(bill("b", { paidCents: 100 })), false);
		assert.equal(canSplit(bill("b", { pendingCents: 100 })), false);
		assert.equal(canSplit(bill("b", { parentId: "r" })), false);
		assert.equal(canSplit(bill("b", { status: "paid" })), false);
	});

	it("calls a split bill paid once every part is", () => {
		const root = bill("r", { status: "void" });

		assert.equal(settled(root, [{ status: "paid" }, { status: "paid" }]), true);
		assert.equal(settled(root, [{ status: "paid" }, { status: "open" }]), false);
		assert.equal(settled(root, []), false);
		assert.equal(settled(bill("b", { status: "paid" }), []), true);
	});

	it("lists the items neither served nor voided", () => {
		const orders = [
			{
				items: [
					{ id: 1, status: "served" },
					{ id: 2, status: "ready" },
				],
			},
			{
				items: [
					{ id: 3, status: "voided" },
					{ id: 4, status: "queued" },
				],
			},
		];

		assert.deepEqual(
			notServed(orders).map(i => i.id),
			[2, 4],
		);
	});
});

describe("taking a payment", () => {
	const form = fields => ({ method: "cash", amountText: "10.00", tipText: "", cardToken: "tok_visa", balanceCents: 2000, ...fields });

	it("builds a cash payment without a card token", () => {
		assert.deepEqual(checkPayment(form({ tipText: "1.5" })), { body: { method: "cash", amountCents: 1000, tipCents: 150 } });
	});

	it("sends the card token, trimmed, with a card payment", () => {
		assert.deepEqual(checkPayment(form({ method: "card", cardToken: " tok_visa " })).body, {
			method: "card",
			amountCents: 1000,
			tipCents: 0,
			cardToken: "tok_visa",
		});
	});

	it("refuses a missing amount, a bad tip, more than the balance and a card not read", () => {
		assert.equal(checkPayment(form({ amountText: "0" })).error, "Enter the amount to pay, e.g. 12.50.");
		assert.equal(checkPayment(form({ tipText: "lots" })).error, "Enter the tip as an amount, e.g. 2.00 (or leave it empty).");
		assert.equal(checkPayment(form({ amountText: "20.01" })).error, `That is more than the ${money(2000)} left to pay.`);
		assert.equal(checkPayment(form({ method: "card", cardToken: "  " })).error, "Read the card first (no card token).");
	});
});

describe("splitting and discounting", () => {
	const lines = [{ id: "a" }, { id: "b" }, { id: "c" }];

	it("deals the lines into two parts to start with", () => {
		assert.deepEqual(dealtInTwo(lines), { a: 1, b: 2, c: 1 });
	});

	it("sends each part's lines, leaving out empty parts", () => {
		assert.deepEqual(splitGroups(lines, { a: 1, b: 3, c: 1 }, 3), [["a", "c"], ["b"]]);
	});

	it("reads a percent up to 100 with a dot or a comma", () => {
		assert.deepEqual(discountValue("percent", "12,5"), { parsed: 12.5, valid: true });
		assert.deepEqual(discountValue("percent", "150"), { parsed: 150, valid: false });
		assert.deepEqual(discountValue("percent", "ten"), { parsed: null, valid: false });
	});

	it("reads an amount off in cents", () => {
		assert.deepEqual(discountValue("amount", "5.50"), { parsed: 550, valid: true });
		assert.deepEqual(discountValue("amount", ""), { parsed: null, valid: false });
	});
});

describe("a takeout's bill and the lines of a bill", () => {
	it("finds a takeout's own bill by its order, never a table's", () => {
		const bills = {
			t: bill("t", { tableId: "t1", orderIds: ["o1"] }),
			k: bill("k", { tableId: null, orderIds: ["o2"] }),
		};

		assert.equal(placeBill(bills, b => !b.tableId && b.orderIds.includes("o2"), true).active.id, "k");
		assert.equal(placeBill(bills, b => !b.tableId && b.orderIds.includes("o1"), true).active, undefined);
	});

	it("offers a split by seat once a line has a seat", () => {
		assert.equal(hasSeats({ lines: [{ seat: null }, { seat: 2 }] }), true);
		assert.equal(hasSeats({ lines: [{ seat: null }] }), false);
	});

	it("writes a line's seat and options under its name", () => {
		assert.equal(lineDetail({ seat: 2, modifiers: [{ name: "Medium rare" }, { name: "Fries" }] }), "Seat 2 · Medium rare · Fries");
		assert.equal(lineDetail({ seat: null, modifiers: [] }), "");
	});
});

describe("sharing a line and reopening a bill", () => {
	it("previews each guest's share as the server splits it: to the cent, the first guests taking the odd cents", () => {
		assert.deepEqual(shares(2_800, 3), [934, 933, 933]);
		assert.deepEqual(shares(1, 3), [1, 0, 0]);
		for (const n of SHARE_GUESTS)
			assert.equal(
				shares(10_007, n).reduce((a, b) => a + b, 0),
				10_007,
			);
		assert.deepEqual(shareRequest("l1", 4), { mode: "share", lineId: "l1", parts: 4 });
	});

	it("offers Reopen on a paid bill or part only", () => {
		assert.equal(canReopen({ status: "paid" }), true);
		assert.equal(canReopen({ status: "open" }), false);
		assert.equal(canReopen({ status: "void" }), false);
	});

	it("offers Close bill on an open bill its payments cover, none pending (reopened with nothing changed)", () => {
		assert.equal(canClose({ status: "open", totalCents: 2000, paidCents: 2000, pendingCents: 0 }), true);
		assert.equal(canClose({ status: "open", totalCents: 2000, paidCents: 1500, pendingCents: 500 }), false);
		assert.equal(canClose({ status: "open", totalCents: 2000, paidCents: 1500, pendingCents: 0 }), false);
		assert.equal(canClose({ status: "paid", totalCents: 2000, paidCents: 2000, pendingCents: 0 }), false);
	});
});
