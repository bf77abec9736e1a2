// Reports as CSV: a list as a table, one object as key,value rows, and cells a spreadsheet would run defused.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { flatten, safeCell, toCsv } from "./csv";

describe("reports as CSV", () => {
	it("a list: a header of every field, one row per JSON row, nested objects as dotted columns", () => {
		const csv = toCsv([
			{ at: "2026-11-22", amountCents: 1200, subject: { billId: "b1" } },
			{ at: "2026-11-23", amountCents: -5, subject: { orderId: "o1", items: [{ id: 1 }] } },
		]);
		assert.equal(
			csv,
			'at,amountCents,subject.billId,subject.orderId,subject.items\r\n2026-11-22,1200,b1,,\r\n2026-11-23,-5,,o1,"[{""id"":1}]"\r\n',
		);
	});

	it("one object: key,value rows, lists of typed rows keyed by their type", () => {
		const csv = toCsv({ grossCents: 100, byType: [{ type: "dine_in", netCents: 90 }], comps: { lines: 1 }, avg: null, ok: true });
		assert.equal(
			csv,
			"key,value\r\ngrossCents,100\r\nbyType.dine_in.type,dine_in\r\nbyType.dine_in.netCents,90\r\ncomps.lines,1\r\navg,\r\nok,true\r\n",
		);
	});

	it("defuses text a spreadsheet would run as a formula, never a number", () => {
		for (const v of ["=1+1", "+SUM(A1)", "-2+3", "@cmd", "\tx", "\rx"]) assert.equal(safeCell(v), `'${v}`);
		assert.equal(safeCell(-500), -500);
		assert.equal(safeCell("Table 5"), "Table 5");
		assert.equal(toCsv([{ reason: '=HYPERLINK("x")' }]), 'reason\r\n"\'=HYPERLINK(""x"")"\r\n');
	});

	it("flattens a row's arrays as JSON and a summary's lists by key", () => {
		assert.deepEqual(flatten({ a: { b: 1 }, c: [1, 2] }), { "a.b": 1, c: [1, 2] });
		assert.deepEqual(flatten({ t: [{ userId: "u1", tipCents: 3 }] }, true), { "t.u1.userId": "u1", "t.u1.tipCents": 3 });
	});
});
