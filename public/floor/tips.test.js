// Tip presets rounded half up to the cent, and the change due on cash handed over.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { changeDue, tipButtons, tipOfPercent } from "./tips.js";

describe("tip presets", () => {
	it("is the percentage of the total, rounded half up to the cent", () => {
		assert.equal(tipOfPercent(4_200, 10), 420);
		assert.equal(tipOfPercent(1_005, 10), 101); // 100.5 → 101
		assert.equal(tipOfPercent(1_004, 10), 100); // 100.4 → 100
		assert.equal(tipOfPercent(333, 15), 50); // 49.95 → 50
		assert.equal(tipOfPercent(1_001, 12.5), 125); // 125.125 → 125
		assert.equal(tipOfPercent(1_004, 12.5), 126); // 125.5 → 126
		assert.equal(tipOfPercent(0, 20), 0);
		assert.equal(tipOfPercent(10_000_000, 100), 10_000_000);
	});

	it("a button per preset, with what it comes to", () => {
		assert.deepEqual(tipButtons(2_000, [10, 15, 20]), [
			{ percent: 10, cents: 200 },
			{ percent: 15, cents: 300 },
			{ percent: 20, cents: 400 },
		]);
		assert.deepEqual(tipButtons(2_000, undefined), []);
	});
});

describe("change due", () => {
	it("is what was handed over less the amount and the tip", () => {
		assert.equal(changeDue(5_000, 4_210), 790);
		assert.equal(changeDue(5_000, 4_210, 290), 500);
		assert.equal(changeDue(4_210, 4_210, 0), 0);
	});

	it("is null when nothing, or too little, was handed over", () => {
		assert.equal(changeDue(null, 4_210), null);
		assert.equal(changeDue(4_000, 4_210), null);
		assert.equal(changeDue(4_300, 4_210, 100), null);
	});
});
