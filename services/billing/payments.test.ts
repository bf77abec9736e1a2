// The payment and refund state machine: what a payment may hold, what the provider's answer does to a pending
// payment or refund and to its bill, and what the sweeper makes of an answer the provider never gave.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { aBill, aPayment, aRefund, AT } from "../../test/fixtures/domain";
import {
	cashTendered,
	chargeOutcome,
	checkPayRequest,
	holdRefund,
	NEVER_RECEIVED,
	paymentOnBill,
	refundAmount,
	refundOnBill,
	refundOutcome,
	reservePayment,
	settlePayment,
	settleRefund,
} from "./payments";

const NOW = new Date(AT);
const bill = aBill;
const payment = aPayment;
const refund = aRefund;

describe("reserving a payment on a bill", () => {
	it("holds the amount as pending, on top of what is pending already", () => {
		const b = bill({ pendingCents: 2_000 });

		const patch = reservePayment(b, 3_000);

		assert.deepEqual(patch, { pendingCents: 5_000 });
	});

	it("takes exactly what is left to pay", () => {
		const b = bill({ paidCents: 6_000, pendingCents: 1_000 });

		assert.deepEqual(reservePayment(b, 3_000), { pendingCents: 4_000 });
	});

	it("refuses a cent more than is left to pay, naming the balance", () => {
		const b = bill({ paidCents: 6_000, pendingCents: 1_000 });

		assert.throws(() => reservePayment(b, 3_001), {
			type: "PAYMENT_EXCEEDS_BALANCE",
			code: 409,
			data: { id: "bill-1", balanceCents: 3_000 },
		});
	});
});

describe("a provider's answer to a pending payment", () => {
	it("captured: the payment keeps the provider's reference and when it was taken", () => {
		const patch = settlePayment(payment(), { status: "captured", providerRef: "ch_1" }, NOW);

		assert.deepEqual(patch, { status: "captured", providerRef: "ch_1", capturedAt: NOW });
	});

	it("declined: the payment fails with the provider's reason", () => {
		const patch = settlePayment(payment(), { status: "declined", reason: "The card was declined" }, NOW);

		assert.deepEqual(patch, { status: "failed", failureReason: "The card was declined" });
	});

	it("moves a payment once: one already captured or failed is left as it is", () => {
		for (const status of ["captured", "failed"] as const) {
			assert.equal(settlePayment(payment({ status }), { status: "captured", providerRef: "ch_2" }, NOW), undefined, status);
			assert.equal(settlePayment(payment({ status }), { status: "declined", reason: "no" }, NOW), undefined, status);
		}
	});
});

describe("what a settled payment does to its bill", () => {
	it("captured short of the total: paid and tip grow, the amount is no longer pending, the change is a payment", () => {
		const b = bill({ pendingCents: 4_000, paidCents: 1_000, tipCents: 100 });

		const { bill: patch, change } = paymentOnBill(b, payment(), "captured", NOW);

		assert.deepEqual(patch, { pendingCents: 0, paidCents: 5_000, tipCents: 600 });
		assert.equal(change, "payment");
	});

	it("captured to the total: the bill is paid, at that moment", () => {
		const b = bill({ pendingCents: 4_000, paidCents: 6_000 });

		const { bill: patch, change } = paymentOnBill(b, payment(), "captured", NOW);

		assert.deepEqual(patch, { pendingCents: 0, paidCents: 10_000, tipCents: 500, status: "paid", paidAt: NOW });
		assert.equal(change, "paid");
	});

	it("failed: only its hold is released (the balance is owed again), and the change says so", () => {
		const b = bill({ pendingCents: 4_000, paidCents: 6_000, tipCents: 100 });

		const { bill: patch, change } = paymentOnBill(b, payment(), "failed", NOW);

		assert.deepEqual(patch, { pendingCents: 0 });
		assert.equal(change, "payment_failed");
	});

	it("keeps every cent: captured moves the amount from pending to paid; failed gives it back to the balance", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 0, max: 1_000_000 }),
				fc.integer({ min: 0, max: 1_000_000 }),
				(amount, paid, rest) => {
					const b = bill({ totalCents: amount + paid + rest, paidCents: paid, pendingCents: amount });
					const p = payment({ amountCents: amount });

					const captured = paymentOnBill(b, p, "captured", NOW).bill;
					const failed = paymentOnBill(b, p, "failed", NOW).bill;

					assert.equal(captured.paidCents! + captured.pendingCents!, paid + amount);
					assert.equal(captured.status === "paid", rest === 0);
					assert.equal(b.totalCents - paid - failed.pendingCents!, amount + rest);
				},
			),
		);
	});
});

describe("how much a refund gives back", () => {
	it("without an amount, all that is left of the payment", () => {
		assert.equal(refundAmount(payment({ status: "captured", amountCents: 4_000, refundedCents: 1_500 })), 2_500);
	});

	it("an amount up to what is left", () => {
		const p = payment({ status: "captured", amountCents: 4_000, refundedCents: 1_500 });

		assert.equal(refundAmount(p, 2_500), 2_500);
		assert.equal(refundAmount(p, 1), 1);
	});

	it("refuses more than is left, naming what is refundable", () => {
		const p = payment({ status: "captured", amountCents: 4_000, refundedCents: 1_500 });

		assert.throws(() => refundAmount(p, 2_501), {
			type: "REFUND_EXCEEDS_PAYMENT",
			code: 409,
			data: { id: "pay-1", refundableCents: 2_500 },
		});
	});

	it("refuses a payment already given back in full", () => {
		const p = payment({ status: "captured", amountCents: 4_000, refundedCents: 4_000 });

		assert.throws(() => refundAmount(p), { type: "REFUND_EXCEEDS_PAYMENT", data: { id: "pay-1", refundableCents: 0 } });
	});

	it("refunds only a captured payment: a pending or failed one took nothing to give back", () => {
		for (const status of ["pending", "failed"] as const) {
			assert.throws(() => refundAmount(payment({ status }), 100), {
				type: "PAYMENT_NOT_CAPTURED",
				code: 409,
				data: { id: "pay-1", status },
			});
		}
	});

	it("holds the refund against the payment at once, on top of what was given back before", () => {
		assert.deepEqual(holdRefund(payment({ status: "captured", refundedCents: 1_500 }), 1_000), { refundedCents: 2_500 });
	});
});

describe("a provider's answer to a pending refund", () => {
	it("done: the refund keeps the provider's reference; the payment keeps its hold", () => {
		const settled = settleRefund(payment({ status: "captured", refundedCents: 1_000 }), refund(), { providerRef: "re_1" });

		assert.deepEqual(settled, { refund: { status: "done", providerRef: "re_1" } });
	});

	it("refused: the refund fails and its hold goes back to the payment", () => {
		const settled = settleRefund(payment({ status: "captured", refundedCents: 2_500 }), refund({ amountCents: 1_000 }), {
			failed: "issuer said no",
		});

		assert.deepEqual(settled, { refund: { status: "failed" }, payment: { refundedCents: 1_500 } });
	});

	it("moves a refund once: one already done or failed is left as it is", () => {
		for (const status of ["done", "failed"] as const) {
			assert.equal(settleRefund(payment({ status: "captured" }), refund({ status }), { providerRef: "re_2" }), undefined, status);
			assert.equal(settleRefund(payment({ status: "captured" }), refund({ status }), { failed: "no" }), undefined, status);
		}
	});

	it("on an open bill the money given back is owed again", () => {
		assert.deepEqual(refundOnBill(bill({ status: "open", paidCents: 6_000 }), 1_000), { paidCents: 5_000 });
	});

	it("on a paid bill it is a refund after the sale: paid stays, refunded grows", () => {
		assert.deepEqual(refundOnBill(bill({ status: "paid", paidCents: 10_000, refundedCents: 500 }), 1_000), { refundedCents: 1_500 });
	});
});

describe("what an answer looked up later means", () => {
	it("a refund the provider made or refused is taken as it says", () => {
		assert.deepEqual(refundOutcome({ status: "refunded", providerRef: "re_1" }), { providerRef: "re_1" });
		assert.deepEqual(refundOutcome({ status: "failed", reason: "issuer said no" }), { failed: "issuer said no" });
	});

	it("a refund the provider has no record of failed: nothing was given back", () => {
		assert.deepEqual(refundOutcome(undefined), { failed: NEVER_RECEIVED });
	});

	it("a charge the provider made or declined is taken as it says", () => {
		assert.deepEqual(chargeOutcome({ status: "captured", providerRef: "ch_1" }), { status: "captured", providerRef: "ch_1" });
		assert.deepEqual(chargeOutcome({ status: "declined", reason: "no" }), { status: "declined", reason: "no" });
	});

	it("a charge the provider has no record of is declined: nothing was taken", () => {
		assert.deepEqual(chargeOutcome(undefined), { status: "declined", reason: NEVER_RECEIVED });
	});
});

describe("cash tendered with change", () => {
	const open = { id: "bill-1", balanceCents: 4_210 };

	it("pays what is owed, never more than the balance: the rest after the tip is the change due", () => {
		assert.deepEqual(cashTendered(open, { tipCents: 0, tenderedCents: 5_000 }), { amountCents: 4_210, changeCents: 790 });
		assert.deepEqual(cashTendered(open, { tipCents: 290, tenderedCents: 5_000 }), { amountCents: 4_210, changeCents: 500 });
		assert.deepEqual(cashTendered(open, { tipCents: 0, tenderedCents: 4_210 }), { amountCents: 4_210, changeCents: 0 });
	});

	it("less than the balance pays what it covers, with no change", () => {
		assert.deepEqual(cashTendered(open, { tipCents: 0, tenderedCents: 2_000 }), { amountCents: 2_000, changeCents: 0 });
	});

	it("an amount asked pays that amount from the note; the change is the rest", () => {
		assert.deepEqual(cashTendered(open, { amountCents: 2_000, tipCents: 0, tenderedCents: 5_000 }), {
			amountCents: 2_000,
			changeCents: 3_000,
		});
	});

	it("nothing left to pay: 409 PAYMENT_EXCEEDS_BALANCE", () => {
		assert.throws(() => cashTendered({ id: "bill-1", balanceCents: 0 }, { tipCents: 0, tenderedCents: 5_000 }), {
			type: "PAYMENT_EXCEEDS_BALANCE",
		});
	});

	it("always adds up: tendered = amount + tip + change, amount within the balance", () => {
		fc.assert(
			fc.property(
				fc.integer({ min: 1, max: 1_000_000 }),
				fc.integer({ min: 0, max: 10_000 }),
				fc.integer({ min: 1, max: 2_000_000 }),
				(balanceCents, tipCents, extra) => {
					const tenderedCents = tipCents + extra;
					const { amountCents, changeCents } = cashTendered({ id: "b", balanceCents }, { tipCents, tenderedCents });
					assert.equal(amountCents + tipCents + changeCents, tenderedCents);
					assert.ok(amountCents >= 1 && amountCents <= balanceCents && changeCents >= 0);
				},
			),
		);
	});
});

describe("a payment request", () => {
	const refused = (field: string, type: string) => (err: { type?: string; data?: { field: string; type: string }[] }) => {
		assert.equal(err.type, "VALIDATION_ERROR");
		assert.deepEqual(
			err.data?.map(d => [d.field, d.type]),
			[[field, type]],
		);
		return true;
	};

	it("names an amount, or cash tendered", () => {
		checkPayRequest({ method: "card", amountCents: 100 });
		checkPayRequest({ method: "cash", tenderedCents: 5_000 });
		checkPayRequest({ method: "cash", amountCents: 2_000, tipCents: 500, tenderedCents: 2_500 });
		assert.throws(() => checkPayRequest({ method: "cash" }), refused("amountCents", "required"));
	});

	it("a card is never tendered: 400 VALIDATION_ERROR", () => {
		assert.throws(() => checkPayRequest({ method: "card", tenderedCents: 5_000 }), refused("tenderedCents", "forbidden"));
	});

	it("cash handed over must cover the amount and the tip: 400 VALIDATION_ERROR", () => {
		assert.throws(
			() => checkPayRequest({ method: "cash", amountCents: 2_000, tipCents: 500, tenderedCents: 2_400 }),
			refused("tenderedCents", "numberMin"),
		);
		assert.throws(() => checkPayRequest({ method: "cash", tipCents: 500, tenderedCents: 500 }), refused("tenderedCents", "numberMin"));
	});
});
