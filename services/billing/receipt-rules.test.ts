// Who may have a receipt mailed: staff any bill but a void one; a guest only its own table's, while it is recent.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { aBill } from "../../test/fixtures/domain";
import type { GuestCaller } from "../../contracts";
import { checkReceiptRequest, GUEST_RECEIPT_AFTER_PAID_MS } from "./receipt-rules";

const NOW = Date.parse("2026-11-28T21:00:00Z");
const guest = (over: Partial<GuestCaller> = {}): GuestCaller => ({
	sessionId: "s1",
	tableId: "table-1",
	tableName: "5",
	orderId: "order-1",
	expiresAt: NOW + 3600_000,
	unboundUntil: null,
	...over,
});
const code = (fn: () => void) => {
	try {
		fn();
		return "ok";
	} catch (err) {
		return (err as { type?: string }).type;
	}
};

describe("receipt requests", () => {
	it("staff may mail any bill's receipt but a void one's (its parts have theirs)", () => {
		assert.equal(
			code(() => checkReceiptRequest(aBill({ status: "paid" }), undefined, NOW)),
			"ok",
		);
		assert.equal(
			code(() => checkReceiptRequest(aBill(), undefined, NOW)),
			"ok",
		);
		assert.equal(
			code(() => checkReceiptRequest(aBill({ status: "void" }), undefined, NOW)),
			"RECEIPT_UNAVAILABLE",
		);
	});

	it("a guest: its own table's bill of its order, open or paid within 30 minutes; anything else is unknown to it", () => {
		const paidAt = (msAgo: number) => new Date(NOW - msAgo).toISOString();
		assert.equal(
			code(() => checkReceiptRequest(aBill(), guest(), NOW)),
			"ok",
		);
		assert.equal(
			code(() => checkReceiptRequest(aBill({ status: "paid", paidAt: paidAt(60_000) }), guest(), NOW)),
			"ok",
		);
		assert.equal(
			code(() => checkReceiptRequest(aBill({ status: "paid", paidAt: paidAt(GUEST_RECEIPT_AFTER_PAID_MS + 1) }), guest(), NOW)),
			"BILL_NOT_FOUND",
		);
		assert.equal(
			code(() => checkReceiptRequest(aBill({ tableId: "table-2" }), guest(), NOW)),
			"BILL_NOT_FOUND",
		);
		assert.equal(
			code(() => checkReceiptRequest(aBill({ orderIds: ["order-9"] }), guest(), NOW)),
			"BILL_NOT_FOUND",
		);
		assert.equal(
			code(() => checkReceiptRequest(aBill({ tableId: null, tableName: null }), guest(), NOW)),
			"BILL_NOT_FOUND",
		);
		// A session that follows no order: no bill is its own.
		assert.equal(
			code(() => checkReceiptRequest(aBill(), guest({ orderId: null }), NOW)),
			"BILL_NOT_FOUND",
		);
	});
});
