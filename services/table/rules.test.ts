// The floor's rules: who may change what on a table, when an order moves a table's status, when a table may go.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { TABLE_STATUSES, type Table } from "../../contracts";
import { checkPosition, checkRemovable, checkTableChange, freesTable, seatsByMove, orderMovesTable, seatsTable } from "./rules";

describe("changing a table", () => {
	it("admins change anything", () => {
		assert.doesNotThrow(() => checkTableChange("admin", { name: "Patio 2", seats: 6, area: "patio", status: "reserved" }));
	});

	it("floor staff set the status", () => {
		assert.doesNotThrow(() => checkTableChange("staff", { status: "cleaning" }));
	});

	it("floor staff changing more than the status are refused, naming what they may not change", () => {
		assert.throws(() => checkTableChange("staff", { status: "reserved", seats: 8, name: "VIP" }), {
			type: "FORBIDDEN",
			code: 403,
			data: { fields: ["seats", "name"] },
		});
	});

	it("a change naming nothing is refused, listing what it could change", () => {
		assert.throws(() => checkTableChange("admin", {}), {
			type: "BAD_REQUEST",
			code: 400,
			message: "Nothing to change: send name, seats, area, status, x, y, shape",
		});
	});
});

describe("a table following its orders", () => {
	it("an order cancelled or paid frees its table", () => {
		assert.equal(freesTable({ status: "cancelled", tableId: "table-1" }, undefined), true);
		assert.equal(freesTable({ status: "paid", tableId: "table-1" }, true), true);
	});

	it("unless something else at the table is still open or unpaid", () => {
		assert.equal(freesTable({ status: "paid", tableId: "table-1" }, false), false);
		assert.equal(freesTable({ status: "cancelled", tableId: "table-1" }, false), false);
	});

	it("an order still open frees nothing", () => {
		for (const status of ["placed", "in_progress", "ready", "served", "billed"] as const)
			assert.equal(freesTable({ status, tableId: "table-1" }, true), false, status);
	});

	it("a takeout or a bar tab moves no table: it seats none and frees none", () => {
		assert.equal(seatsTable({ tableId: null }), false);
		assert.equal(freesTable({ status: "paid", tableId: null }, true), false);
		assert.equal(freesTable({ status: "cancelled", tableId: null }, undefined), false);
	});

	it("an order at a table seats it", () => {
		assert.equal(seatsTable({ tableId: "table-1" }), true);
	});

	it("the first order seats a table, whatever it was set to", () => {
		for (const current of ["available", "reserved", "cleaning"] as const)
			assert.equal(orderMovesTable(current, "occupied"), true, current);
	});

	it("an order frees only a table it seated: one set to cleaning or reserved since stays so", () => {
		assert.equal(orderMovesTable("occupied", "available"), true);
		assert.equal(orderMovesTable("cleaning", "available"), false);
		assert.equal(orderMovesTable("reserved", "available"), false);
	});

	it("a table already where the order would put it does not move", () => {
		for (const status of TABLE_STATUSES) assert.equal(orderMovesTable(status, status), false, status);
	});
});

describe("deleting a table", () => {
	const table: Table = { id: "table-1", name: "5", seats: 4, area: "", status: "available" };

	it("is refused while the table is occupied", () => {
		assert.throws(() => checkRemovable({ ...table, status: "occupied" }), {
			type: "TABLE_OCCUPIED",
			code: 409,
			data: { id: "table-1" },
		});
	});

	it("is allowed otherwise", () => {
		for (const status of ["available", "reserved", "cleaning"] as const)
			assert.doesNotThrow(() => checkRemovable({ ...table, status }), status);
	});
});

describe("an order moved to another table", () => {
	it("seats the table it went to, as do lines moved there; other changes, a cancelled order and one with no table seat none", () => {
		assert.equal(seatsByMove({ tableId: "t2", status: "in_progress" }, "moved"), true);
		assert.equal(seatsByMove({ tableId: "t2", status: "placed" }, "items_moved"), true);
		assert.equal(seatsByMove({ tableId: "t2", status: "cancelled" }, "items_moved"), false);
		assert.equal(seatsByMove({ tableId: "t2", status: "placed" }, "merged"), false);
		assert.equal(seatsByMove({ tableId: null, status: "placed" }, "moved"), false);
	});
});

describe("placing a table on the plan", () => {
	it("takes x and y together, both numbers or both null; a change naming neither is no move", () => {
		assert.doesNotThrow(() => checkPosition({ x: 120, y: 300 }));
		assert.doesNotThrow(() => checkPosition({ x: null, y: null }));
		assert.doesNotThrow(() => checkPosition({}));
	});

	it("refuses one without the other, naming the one missing", () => {
		const names = (field: string, type: string) => (err: { type: string; data: { field: string; type: string }[] }) =>
			err.type === "VALIDATION_ERROR" && err.data[0].field === field && err.data[0].type === type;
		assert.throws(() => checkPosition({ x: 120 }), names("y", "required"));
		assert.throws(() => checkPosition({ y: 40 }), names("x", "required"));
		assert.throws(() => checkPosition({ x: null, y: 40 }), names("x", "nullable"));
	});
});
