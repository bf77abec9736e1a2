// A payment link's share of the bill (whole, even, chosen lines), and what a provider's "paid" must match to settle it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { aBill, aBillLine } from "../../test/fixtures/domain";
import { splitEvenly } from "../../lib/money";
import { isOwnPage, linkMismatch, linkShareCents, returnTo } from "./link-rules";

const lines = [aBillLine("a", 3_000), aBillLine("b", 1_000), aBillLine("c", 6_000)];
// 10.00% tax and 5.00% service on a 100.00 subtotal: 115.00.
const taxed = aBill({ lines, subtotalCents: 10_000, serviceChargeCents: 500, taxCents: 1_000, totalCents: 11_500 });

describe("a payment link's share of the bill", () => {
	it("whole pays the balance, what others paid or hold excluded", () => {
		assert.equal(linkShareCents(aBill({ paidCents: 2_500, pendingCents: 1_000 }), { share: "whole" }), 6_500);
	});

	it("even pays the first share of an even split of the balance (largest remainder: the odd cent goes first)", () => {
		assert.equal(linkShareCents(aBill({ totalCents: 10_001 }), { share: "even", parts: 3 }), 3_334);
		assert.equal(linkShareCents(aBill({ totalCents: 9_999 }), { share: "even", parts: 3 }), 3_333);
	});

	it("even shares paid one after another pay the balance exactly, never more", () => {
		fc.assert(
			fc.property(fc.integer({ min: 1, max: 1_000_000 }), fc.integer({ min: 2, max: 20 }), (total, parts) => {
				let paid = 0;
				let n = parts;
				// Each guest pays 1/n of what is left, n counting down as guests pay: the split's own shares, in order.
				while (n > 0 && paid < total) {
					const share = linkShareCents(aBill({ totalCents: total, paidCents: paid }), { share: "even", parts: n });
					assert.ok(share <= total - paid);
					paid += share;
					n--;
				}
				assert.equal(paid, total);
				assert.deepEqual(splitEvenly(total, parts)[0], linkShareCents(aBill({ totalCents: total }), { share: "even", parts }));
			}),
		);
	});

	it("items pays the chosen lines' share of the total, tax and service charge included", () => {
		// 30.00 + 10.00 of 100.00: 40% of 115.00.
		assert.equal(linkShareCents(taxed, { share: "items", lineIds: ["a", "b"] }), 4_600);
	});

	it("items never pays more than the balance", () => {
		const mostlyPaid = aBill({ ...taxed, paidCents: 10_000 });
		assert.equal(linkShareCents(mostlyPaid, { share: "items", lineIds: ["c"] }), 1_500);
	});

	it("a line not on the bill is a 400 naming it", () => {
		assert.throws(
			() => linkShareCents(taxed, { share: "items", lineIds: ["a", "zz"] }),
			(e: { code: number; type: string; data: { lineIds: string[] } }) =>
				e.code === 400 && e.type === "LINE_NOT_ON_BILL" && e.data.lineIds.join() === "zz",
		);
	});

	it("nothing left to pay (held by another link) is a 409", () => {
		assert.throws(
			() => linkShareCents(aBill({ pendingCents: 10_000 }), { share: "whole" }),
			(e: { code: number; type: string }) => e.code === 409 && e.type === "NOTHING_TO_PAY",
		);
	});
});

describe("what settles a link", () => {
	const expected = { amountCents: 4_000, tipCents: 500, currency: "USD" };
	it("the share and its tip, in the restaurant's currency (whatever its case)", () => {
		assert.equal(linkMismatch(expected, { status: "paid", providerRef: "pi", amountCents: 4_500, currency: "usd" }), null);
	});
	it("another amount does not", () => {
		assert.deepEqual(linkMismatch(expected, { status: "paid", providerRef: "pi", amountCents: 4_000, currency: "usd" }), {
			reason: "amount",
			expected: "4500",
			got: "4000",
		});
	});
	it("another currency does not", () => {
		assert.equal(
			linkMismatch(expected, { status: "paid", providerRef: "pi", amountCents: 4_500, currency: "eur" })?.reason,
			"currency",
		);
	});
	it("the payer goes back told which payment and how it went", () => {
		assert.equal(returnTo("http://x/guest/?table=1", "p1", "paid"), "http://x/guest/?table=1&payment=p1&outcome=paid");
	});
});

describe("isOwnPage", () => {
	it("admits only PUBLIC_URL's origin (scheme, host and port)", () => {
		assert.equal(isOwnPage("http://192.168.1.20:3000/guest/?table=1", "http://192.168.1.20:3000"), true);
		assert.equal(isOwnPage("https://phish.example/paid", "http://192.168.1.20:3000"), false);
		assert.equal(isOwnPage("http://192.168.1.20:3001/guest/", "http://192.168.1.20:3000"), false);
		assert.equal(isOwnPage("https://192.168.1.20:3000/guest/", "http://192.168.1.20:3000"), false);
		assert.equal(isOwnPage("not a url", "http://192.168.1.20:3000"), false);
	});
});
