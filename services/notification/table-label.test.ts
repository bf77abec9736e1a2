// How a notification names a table: "Table 5" from the name staff gave it, never "Table Table 5".
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { tableLabel } from "./table-label";

describe("a table's label", () => {
	it("prefixes a bare name with 'Table'", () => {
		assert.equal(tableLabel("1"), "Table 1");
		assert.equal(tableLabel("Patio 4"), "Table Patio 4");
	});

	it("keeps a name that already says Table, in any case, with or without a space", () => {
		assert.equal(tableLabel("Table 5"), "Table 5");
		assert.equal(tableLabel("table 12"), "table 12");
		assert.equal(tableLabel("TABLE 3"), "TABLE 3");
		assert.equal(tableLabel("Table5"), "Table5");
	});

	it("still prefixes a name that merely starts with the letters", () => {
		assert.equal(tableLabel("Tablet bar"), "Table Tablet bar");
		assert.equal(tableLabel("Tableau"), "Table Tableau");
	});

	it("trims the name first", () => {
		assert.equal(tableLabel("  Table 5 "), "Table 5");
		assert.equal(tableLabel(" 9 "), "Table 9");
	});
});
