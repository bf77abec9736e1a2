// The shared formatting, errors and menu helpers every screen relies on, run without a browser.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { money, setCurrency, centsText, parseCents, secondsSince, clock, tableLabel, orderLabel } from "./format.js";
import { ApiError, describeError } from "./errors.js";
import { applyMenuItem, byName } from "./menu.js";

describe("amounts", () => {
	it("formats cents in the restaurant's currency once settings name it", () => {
		const euros = new Intl.NumberFormat(undefined, { style: "currency", currency: "EUR" }).format(12.34);
		setCurrency("EUR");
		try {
			assert.equal(money(1234), euros);
		} finally {
			setCurrency("USD");
		}
	});

	it("treats a missing amount as zero", () => {
		assert.equal(money(undefined), money(0));
	});

	it("writes cents as a person types them", () => {
		assert.equal(centsText(1234), "12.34");
		assert.equal(centsText(500), "5.00");
	});

	it("reads typed amounts with a dot, a comma or no cents", () => {
		assert.equal(parseCents("12.5"), 1250);
		assert.equal(parseCents(" 12,05 "), 1205);
		assert.equal(parseCents("7"), 700);
	});

	it("refuses what is not an amount", () => {
		for (const text of ["", "abc", "1.234", "-3", "12.", null, undefined]) assert.equal(parseCents(text), null, String(text));
	});
});

describe("times", () => {
	it("counts whole seconds since a moment, never below zero", () => {
		const at = Date.parse("2026-11-22T19:00:00Z");

		assert.equal(secondsSince("2026-11-22T18:58:30.400Z", at), 89);
		assert.equal(secondsSince("2026-11-22T19:00:05Z", at), 0);
	});

	it("shows minutes and seconds, and hours once there are any", () => {
		assert.equal(clock(0), "0:00");
		assert.equal(clock(75), "1:15");
		assert.equal(clock(3725), "1:02:05");
	});
});

describe("table names", () => {
	it("adds 'Table' to a bare name", () => {
		assert.equal(tableLabel("5"), "Table 5");
		assert.equal(tableLabel(" Patio 3 "), "Table Patio 3");
	});

	it("keeps a name that already says it, in any case", () => {
		assert.equal(tableLabel("Table 5"), "Table 5");
		assert.equal(tableLabel("table 12"), "table 12");
	});

	it("does not mistake a word that starts with 'table' for it", () => {
		assert.equal(tableLabel("Tablet bar"), "Table Tablet bar");
	});
});

describe("orderLabel", () => {
	it("names a dine-in order by its table, a takeout and a tab by the guest's name", () => {
		assert.equal(orderLabel({ type: "dine_in", tableName: "5", name: null }), "Table 5");
		assert.equal(orderLabel({ type: "takeout", tableName: null, name: "Kim" }), "Takeout: Kim");
		assert.equal(orderLabel({ type: "bar_tab", tableName: null, name: "Sam" }), "Tab: Sam");
	});

	it("treats an order from before order types as dine-in", () => {
		assert.equal(orderLabel({ tableName: "Table 7" }), "Table 7");
	});
});

describe("describeError", () => {
	it("shows a validation answer as it is, without the field names again", () => {
		const err = new ApiError(400, { code: "VALIDATION_ERROR", message: "name must not be empty", details: [{ field: "name" }] });

		assert.equal(describeError(err), "name must not be empty");
	});

	it("names the fields of another bad request", () => {
		const err = new ApiError(400, {
			code: "BAD_REQUEST",
			message: "Check the form",
			details: [{ field: "seats" }, { message: "area" }],
		});

		assert.equal(describeError(err), "Check the form (seats, area)");
	});

	it("uses the server's message for other refusals, and any error's message otherwise", () => {
		assert.equal(
			describeError(new ApiError(409, { code: "CONFLICT", message: "Table is occupied", details: [{ field: "x" }] })),
			"Table is occupied",
		);
		assert.equal(describeError(new Error("boom")), "boom");
		assert.equal(describeError("plain"), "plain");
	});

	it("words an answer without a body by its status", () => {
		const err = new ApiError(502, undefined);

		assert.equal(err.message, "Request failed (502)");
		assert.equal(err.code, "ERROR");
	});
});

describe("the menu", () => {
	const menu = () => ({
		categories: [
			{ id: "mains", items: [{ id: "a", name: "Burger", categoryId: "mains" }] },
			{ id: "drinks", items: [{ id: "d", name: "Cola", categoryId: "drinks" }] },
		],
	});

	it("sorts names with numbers in reading order, case aside", () => {
		const names = [{ name: "Table 10" }, { name: "table 2" }, { name: "Table 1" }].sort(byName).map(t => t.name);

		assert.deepEqual(names, ["Table 1", "table 2", "Table 10"]);
	});

	it("puts a changed dish in its category, sorted by name", () => {
		const next = applyMenuItem(menu(), { id: "b", name: "Atlantic cod", categoryId: "mains" });

		assert.deepEqual(
			next.categories[0].items.map(i => i.id),
			["b", "a"],
		);
	});

	it("moves a dish that changed category", () => {
		const next = applyMenuItem(menu(), { id: "a", name: "Burger", categoryId: "drinks" });

		assert.deepEqual(next.categories[0].items, []);
		assert.deepEqual(
			next.categories[1].items.map(i => i.id),
			["a", "d"],
		);
	});

	it("removes a deleted dish", () => {
		const next = applyMenuItem(menu(), { id: "d", deleted: true });

		assert.deepEqual(next.categories[1].items, []);
	});

	it("says to read the menu again when the dish's category is not in this copy", () => {
		assert.equal(applyMenuItem(menu(), { id: "z", name: "Soup", categoryId: "starters" }), null);
	});

	it("leaves a menu not loaded yet as it is", () => {
		assert.equal(applyMenuItem(null, { id: "z", categoryId: "mains" }), null);
		assert.equal(applyMenuItem(undefined, { id: "z", categoryId: "mains" }), undefined);
	});
});
