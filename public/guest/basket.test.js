import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	addToBasket,
	setQuantity,
	basketTotal,
	basketCount,
	roundBody,
	roundSent,
	orderRounds,
	openBills,
	allPaid,
	shareCents,
	payBody,
	paymentOutcome,
	turnedDown,
	basketFull,
	MAX_LINES,
	MAX_QUANTITY,
} from "./basket.js";

const steak = {
	id: "steak",
	name: "Steak",
	priceCents: 2800,
	modifierGroups: [
		{
			id: "temp",
			name: "Temperature",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [
				{ id: "rare", name: "Rare", priceDeltaCents: 0, position: 1 },
				{ id: "wagyu", name: "Wagyu", priceDeltaCents: 1500, position: 2 },
			],
		},
	],
};
const beer = { id: "beer", name: "Beer", priceCents: 600, modifierGroups: [] };

describe("the guest's basket", () => {
	it("the same dish the same way is one more on its line; other choices are a line of their own", () => {
		let b = addToBasket([], steak, { temp: ["rare"] }, "k1");
		b = addToBasket(b, steak, { temp: ["rare"] }, "k2");
		b = addToBasket(b, steak, { temp: ["wagyu"] }, "k3");
		b = addToBasket(b, beer, {}, "k4");
		assert.deepEqual(
			b.map(l => [l.key, l.quantity]),
			[
				["k1", 2],
				["k3", 1],
				["k4", 1],
			],
		);
		assert.equal(basketCount(b), 4);
		assert.equal(basketTotal(b), 2 * 2800 + 4300 + 600);
		assert.deepEqual(roundBody(b).items, [
			{ menuItemId: "steak", quantity: 2, modifiers: [{ groupId: "temp", optionIds: ["rare"] }] },
			{ menuItemId: "steak", quantity: 1, modifiers: [{ groupId: "temp", optionIds: ["wagyu"] }] },
			{ menuItemId: "beer", quantity: 1 },
		]);
		assert.equal(setQuantity(b, "k4", 0).length, 2);
		assert.equal(setQuantity(b, "k1", 5)[0].quantity, 5);
	});

	it("holds what one round may (the server's guest limits): 10 of a line, 10 lines", () => {
		let b = [];
		for (let n = 0; n < MAX_QUANTITY + 3; n++) b = addToBasket(b, beer, {}, "beer");
		assert.equal(b[0].quantity, MAX_QUANTITY);
		assert.equal(setQuantity(b, "beer", 50)[0].quantity, MAX_QUANTITY);
		for (let n = 1; n < MAX_LINES + 2; n++) b = addToBasket(b, { ...beer, id: `dish-${n}` }, {}, `k${n}`);
		assert.equal(b.length, MAX_LINES);
		assert.ok(basketFull(b));
	});

	it("says where a round went: with the waiter, or in the kitchen", () => {
		assert.match(roundSent({ status: "pending_confirmation" }), /waiter, who will confirm/);
		assert.match(roundSent({ status: "sent" }), /in the kitchen/);
	});

	it("shows the table's order newest round first, marking a round that waits for the waiter", () => {
		const rounds = orderRounds({
			items: [
				{ id: "a", round: 1, status: "served" },
				{ id: "b", round: 2, status: "pending" },
			],
		});
		assert.deepEqual(
			rounds.map(r => [r.round, r.pending]),
			[
				[2, true],
				[1, false],
			],
		);
	});
});

describe("paying from the phone", () => {
	const bill = {
		id: "b1",
		status: "open",
		balanceCents: 10_001,
		paidCents: 0,
		pendingCents: 0,
		lines: [
			{ id: "l1", amountCents: 4000 },
			{ id: "l2", amountCents: 6001 },
		],
	};
	it("an even share is rounded up to the cent; chosen items never more than the balance", () => {
		assert.equal(shareCents(bill, "whole"), 10_001);
		assert.equal(shareCents(bill, "even", { parts: 3 }), 3334);
		assert.equal(shareCents(bill, "items", { lineIds: ["l2"] }), 6001);
		assert.equal(shareCents({ ...bill, balanceCents: 5000 }, "items", { lineIds: ["l1", "l2"] }), 5000);
		assert.equal(shareCents(null, "whole"), 0);
	});

	it("asks for only what the share needs", () => {
		assert.deepEqual(payBody(bill, "even", { parts: 3, lineIds: ["x"], tipCents: 0 }), { billId: "b1", share: "even", parts: 3 });
		assert.deepEqual(payBody(bill, "items", { parts: 3, lineIds: ["l1"], tipCents: 200 }), {
			billId: "b1",
			share: "items",
			lineIds: ["l1"],
			tipCents: 200,
		});
	});

	it("the open bills are the ones to pay (a split's parts in order); paid when every one is", () => {
		const bills = {
			a: { id: "a", status: "void" },
			p2: { id: "p2", status: "open", split: { part: 2 } },
			p1: { id: "p1", status: "paid", split: { part: 1 } },
		};
		assert.deepEqual(
			openBills(bills).map(b => b.id),
			["p2"],
		);
		assert.equal(allPaid(bills), false);
		assert.equal(allPaid({ ...bills, p2: { id: "p2", status: "paid" } }), true);
		assert.equal(allPaid({}), false);
	});

	it("back from the payment page: paid once the money is on the bill, failed when its hold went without it", () => {
		const paying = { billId: "b1", amountCents: 3334, paidBefore: 0 };
		assert.equal(paymentOutcome(paying, {}).state, "checking");
		assert.equal(paymentOutcome(paying, { b1: { ...bill, pendingCents: 3334 } }).state, "checking");
		assert.equal(paymentOutcome(paying, { b1: { ...bill, paidCents: 3334, balanceCents: 6667 } }).state, "paid");
		assert.equal(paymentOutcome(paying, { b1: { ...bill, status: "paid" } }).state, "paid");
		assert.equal(paymentOutcome(paying, { b1: bill }).state, "failed");
	});
});

describe("a round the waiter turned down", () => {
	it("is a pending round whose lines left the order", () => {
		const before = {
			id: "o",
			items: [
				{ round: 1, status: "served" },
				{ round: 2, status: "pending" },
				{ round: 3, status: "pending" },
			],
		};
		const after = {
			id: "o",
			items: [
				{ round: 1, status: "served" },
				{ round: 3, status: "queued" },
			],
		};
		assert.deepEqual(turnedDown(before, after), [2]);
		assert.deepEqual(turnedDown(before, { ...after, id: "other" }), []);
		assert.deepEqual(turnedDown(null, after), []);
	});
});
