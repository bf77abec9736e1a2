// What the billing events put in a drawer, and a drawer's expected cash and difference.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { aBill, aPayment, aRefund } from "../../test/fixtures/domain";
import { cashOfBills, cashOfPayment, cashOfRefund, drawerOf, type DrawerRow } from "./rules";

const AT = "2026-11-22T21:15:00.000Z";

const row = (over: Partial<DrawerRow> = {}): DrawerRow => ({
	id: "d1",
	name: "Main",
	status: "open",
	floatCents: 10_000,
	expectedCents: null,
	countedCents: null,
	openedBy: "m",
	openedAt: new Date(AT),
	closedBy: null,
	closedAt: null,
	...over,
});

describe("cash from billing events", () => {
	it("a captured cash payment puts its amount and tip in the drawer (the change went back)", () => {
		const p = aPayment({
			method: "cash",
			status: "captured",
			amountCents: 1_850,
			tipCents: 150,
			tenderedCents: 2_500,
			changeCents: 500,
			capturedAt: AT,
		});
		assert.deepEqual(cashOfPayment(p), [{ id: "payment:pay-1", kind: "payment", amountCents: 2_000, at: new Date(AT) }]);
	});

	it("a card payment, or a cash one not captured, puts nothing in", () => {
		assert.deepEqual(cashOfPayment(aPayment({ status: "captured" })), []);
		assert.deepEqual(cashOfPayment(aPayment({ method: "cash", status: "failed" })), []);
	});

	it("a bill and its parts: each captured cash payment once per id", () => {
		const cash = aPayment({ id: "c1", method: "cash", status: "captured" });
		const entries = cashOfBills([aBill({ payments: [cash] }), aBill({ id: "part", payments: [aPayment({ status: "captured" })] })]);
		assert.deepEqual(
			entries.map(e => e.id),
			["payment:c1"],
		);
	});

	it("a done refund of a cash payment is cash out; of a card payment, or not done, nothing", () => {
		const cash = aPayment({ method: "cash", status: "captured" });
		assert.deepEqual(cashOfRefund(cash, aRefund({ status: "done", createdAt: AT })), [
			{ id: "refund:ref-1", kind: "refund", amountCents: -1_000, at: new Date(AT) },
		]);
		assert.deepEqual(cashOfRefund(cash, aRefund({ status: "pending" })), []);
		assert.deepEqual(cashOfRefund(aPayment(), aRefund({ status: "done" })), []);
	});
});

describe("a drawer's expected cash and difference", () => {
	const moves = [
		{ id: "m1", amountCents: 2_000, reason: "change from the bank", by: "m", at: AT },
		{ id: "m2", amountCents: -3_500, reason: "flowers", by: "m", at: AT },
	];

	it("expected = float + cash in − cash out + cash payments − cash refunds; no difference until counted", () => {
		const d = drawerOf(row(), moves, [{ amountCents: 2_000 }, { amountCents: 1_250 }, { amountCents: -400 }]);
		assert.equal(d.cashInCents, 2_000);
		assert.equal(d.cashOutCents, 3_500);
		assert.equal(d.cashPaymentsCents, 3_250);
		assert.equal(d.cashRefundsCents, 400);
		assert.equal(d.expectedCents, 10_000 + 2_000 - 3_500 + 3_250 - 400);
		assert.equal(d.differenceCents, null);
	});

	it("a closed drawer keeps the expected it was counted against; difference = counted − expected", () => {
		const d = drawerOf(row({ status: "closed", expectedCents: 11_350, countedCents: 11_300, closedAt: new Date(AT) }), moves, [
			{ amountCents: 9_999 },
		]);
		assert.equal(d.expectedCents, 11_350);
		assert.equal(d.differenceCents, -50);
		assert.equal(d.closedAt, AT);
	});
});
