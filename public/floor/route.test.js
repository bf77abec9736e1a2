// The floor's addresses: the grid, a table, and its bill.
import { it } from "node:test";
import assert from "node:assert/strict";
import { routeOf } from "./route.js";

it("opens the grid for an empty or unknown address", () => {
	assert.deepEqual(routeOf(""), { tableId: null, view: "grid" });
	assert.deepEqual(routeOf("#tables"), { tableId: null, view: "grid" });
});

it("opens a table's order, and its bill", () => {
	const id = "5f0c2a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a";

	assert.deepEqual(routeOf(`#table/${id}`), { tableId: id, view: "order" });
	assert.deepEqual(routeOf(`#table/${id}/bill`), { tableId: id, view: "bill" });
});

it("does not take a table id that is not one", () => {
	assert.deepEqual(routeOf("#table/<script>"), { tableId: null, view: "grid" });
});

it("opens a takeout or a tab by its order, and its bill", () => {
	const id = "5f0c2a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a";

	assert.deepEqual(routeOf(`#order/${id}`), { tableId: null, orderId: id, view: "order" });
	assert.deepEqual(routeOf(`#order/${id}/bill`), { tableId: null, orderId: id, view: "bill" });
});

it("opens a takeout or a tab that has not been sent yet by its draft", () => {
	const id = "5f0c2a8e-1b2c-4d3e-8f9a-0b1c2d3e4f5a";

	assert.deepEqual(routeOf(`#new/${id}`), { tableId: null, newId: id, view: "order" });
	assert.deepEqual(routeOf(`#new/${id}/bill`), { tableId: null, view: "grid" });
});
