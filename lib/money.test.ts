// The money rules, checked as properties over thousands of generated bills: nothing is lost or made up
// by a split, tax and service charge round once and half up, and the same input always splits the same way.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { allocate, applyRate, billAmounts, percentOf, percentToPpm, splitAmounts, splitEvenly } from "./money";

const cents = fc.integer({ min: 0, max: 50_000_000 });
const ppm = fc.integer({ min: 0, max: 1_000_000 });
const rates = fc.record({ taxPpm: fc.integer({ min: 0, max: 300_000 }), serviceChargePpm: fc.integer({ min: 0, max: 300_000 }) });
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe("money", () => {
	it("rounds a rate half up, to the cent, exactly as the decimal arithmetic does", () => {
		fc.assert(
			fc.property(cents, ppm, (c, p) => {
				const exact = BigInt(c) * BigInt(p); // in millionths of a cent
				const expected = Number((exact * 2n + 1_000_000n) / 2_000_000n);
				assert.equal(applyRate(c, p), expected);
			}),
		);
		assert.equal(applyRate(1000, 87_500), 88); // 87.5 → 88
		assert.equal(applyRate(1, 500_000), 1); // half a cent rounds up
		assert.equal(applyRate(1, 499_999), 0);
	});

	it("allocates every cent: the shares add up to the total and follow the weights to within a cent", () => {
		fc.assert(
			fc.property(cents, fc.array(fc.integer({ min: 0, max: 1_000_000 }), { minLength: 1, maxLength: 20 }), (total, weights) => {
				const shares = allocate(total, weights);
				assert.equal(sum(shares), total);
				const wsum = sum(weights);
				shares.forEach((s, i) => {
					const exact = wsum === 0 ? total / weights.length : (total * weights[i]) / wsum;
					assert.ok(Math.abs(s - exact) < 1 + 1e-6, `share ${s} vs exact ${exact}`);
				});
				assert.deepEqual(allocate(total, weights), shares, "deterministic");
			}),
		);
	});

	it("splits evenly into parts a cent apart at most, the bigger first: 100.00 in three is 33.34 + 33.33 + 33.33", () => {
		assert.deepEqual(splitEvenly(10_000, 3), [3334, 3333, 3333]);
		fc.assert(
			fc.property(cents, fc.integer({ min: 1, max: 50 }), (total, parts) => {
				const shares = splitEvenly(total, parts);
				assert.equal(shares.length, parts);
				assert.equal(sum(shares), total);
				assert.ok(Math.max(...shares) - Math.min(...shares) <= 1);
				assert.deepEqual(
					[...shares].sort((a, b) => b - a),
					shares,
				);
			}),
		);
	});

	it("a bill's total is its subtotal less discount plus service charge and tax, each rounded once", () => {
		fc.assert(
			fc.property(cents, fc.integer({ min: 0, max: 100 }), rates, (subtotal, pct, r) => {
				const discount = percentOf(subtotal, pct);
				assert.ok(discount <= subtotal);
				const b = billAmounts(subtotal, discount, r);
				assert.equal(b.totalCents, subtotal - discount + b.serviceChargeCents + b.taxCents);
				assert.equal(b.taxCents, applyRate(subtotal - discount, r.taxPpm));
				assert.equal(b.serviceChargeCents, applyRate(subtotal - discount, r.serviceChargePpm));
			}),
		);
		assert.throws(() => billAmounts(100, 101, { taxPpm: 0, serviceChargePpm: 0 }), RangeError);
	});

	it("every column of a split adds up to the bill's, whether split evenly or by items", () => {
		const lines = fc.array(fc.integer({ min: 0, max: 500_000 }), { minLength: 1, maxLength: 30 });
		fc.assert(
			fc.property(
				lines,
				fc.integer({ min: 0, max: 100 }),
				rates,
				fc.integer({ min: 1, max: 12 }),
				fc.boolean(),
				(amounts, pct, r, parts, even) => {
					const subtotal = sum(amounts);
					const bill = billAmounts(subtotal, percentOf(subtotal, pct), r);
					// By items: the lines dealt round-robin into groups; evenly: equal weights.
					const weights = even
						? Array.from({ length: parts }, () => 1)
						: Array.from({ length: parts }, (_, g) => sum(amounts.filter((_, i) => i % parts === g)));
					const split = splitAmounts(bill, weights);
					for (const k of ["subtotalCents", "discountCents", "serviceChargeCents", "taxCents", "totalCents"] as const) {
						assert.equal(sum(split.map(p => p[k])), bill[k], k);
					}
					if (!even)
						for (const [i, p] of split.entries())
							assert.equal(p.subtotalCents, weights[i], "a part by items keeps its own lines' subtotal");
					for (const p of split) assert.ok(p.discountCents <= p.subtotalCents, "no part is discounted below zero");
				},
			),
		);
	});

	it("reads a percentage as a decimal, not a float: 12.5% of 10.00 is 1.25, 33.3333% is exact", () => {
		assert.equal(percentToPpm(12.5), 125_000);
		assert.equal(percentToPpm(33.3333), 333_333);
		assert.equal(percentOf(1000, 12.5), 125);
		assert.throws(() => percentToPpm(100.5), RangeError);
		assert.throws(() => percentToPpm(1.23456), RangeError);
	});
});
