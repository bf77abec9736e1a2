// A report's date range: bounds that are real days and times in a year reports cover, and a range that holds something.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { checkBounds, checkOrder, DATE_OR_INSTANT, isRealDate } from "./range";

describe("the bounds of a report", () => {
	it("takes a local date, or a time with its offset", () => {
		for (const v of [
			"2026-11-22",
			"2026-11-22T18:00Z",
			"2026-11-22T18:00:00Z",
			"2026-11-22T18:00:00.123456+14:00",
			"2026-11-22T18:00:00-05:30",
		]) {
			assert.match(v, DATE_OR_INSTANT, v);
		}
	});

	it("refuses a time without its offset, or a date written another way", () => {
		for (const v of [
			"2026-11-22T18:00:00",
			"22/11/2026",
			"2026-11-22T18:00:00+15:00",
			"2026-11-22 18:00Z",
			"2026-11-22T18:00:00.1234567Z",
		]) {
			assert.doesNotMatch(v, DATE_OR_INSTANT, v);
		}
	});

	it("knows the days that exist: 29 February in a leap year, not in another; no 31 April", () => {
		assert.equal(isRealDate("2028-02-29"), true);
		assert.equal(isRealDate("2026-02-29"), false);
		assert.equal(isRealDate("2026-02-30"), false);
		assert.equal(isRealDate("2026-04-31"), false);
		assert.equal(isRealDate("2026-13-01"), false);
	});

	it("knows the times that exist: up to 23:59:59", () => {
		assert.equal(isRealDate("2026-11-22T23:59:59Z"), true);
		assert.equal(isRealDate("2026-11-22T24:00Z"), false);
		assert.equal(isRealDate("2026-11-22T18:60Z"), false);
		assert.equal(isRealDate("2026-11-22T18:00:60Z"), false);
	});

	it("refuses a day that does not exist, naming the bound", () => {
		assert.throws(() => checkBounds({ from: "2026-11-01", to: "2026-02-30" }), {
			type: "VALIDATION_ERROR",
			data: [{ field: "to", type: "date", message: "to is not a real date or time: 2026-02-30" }],
		});
	});

	it("refuses a year outside 2000 to 2999 (a typo, or past what a date can hold)", () => {
		const message = "from must be a date between 2000 and 2999";
		assert.throws(() => checkBounds({ from: "1999-12-31" }), { data: [{ field: "from", type: "date", message }] });
		assert.throws(() => checkBounds({ from: "3000-01-01" }), { data: [{ field: "from", type: "date", message }] });
		assert.throws(() => checkBounds({ from: "9999-12-31" }), { data: [{ field: "from", type: "date", message }] });
	});

	it("takes the first and last years, and no bounds at all (today)", () => {
		assert.doesNotThrow(() => checkBounds({ from: "2000-01-01", to: "2999-12-31T23:59:59Z" }));
		assert.doesNotThrow(() => checkBounds({}));
	});
});

describe("the order of a range", () => {
	it("holds something when from is before to", () => {
		assert.doesNotThrow(() => checkOrder({ from: new Date("2026-11-22T00:00:00Z"), to: new Date("2026-11-22T00:00:00.001Z") }));
	});

	it("refuses an empty or backwards range, naming from", () => {
		const message = "from must be before to (to may be the same day as from)";
		const day = new Date("2026-11-22T00:00:00Z");
		assert.throws(() => checkOrder({ from: day, to: day }), { data: [{ field: "from", type: "date", message }] });
		assert.throws(() => checkOrder({ from: new Date("2026-11-23T00:00:00Z"), to: day }), {
			data: [{ field: "from", type: "date", message }],
		});
	});
});
