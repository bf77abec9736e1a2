// Where an order is taken: a table, a takeout or a tab, each with its draft's key, its orders and its bills.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { tablePlace, orderPlace, newPlace, seatsAt, pickupText, pickupFrom } from "./place.js";

const order = (id, fields = {}) => ({
	id,
	type: "dine_in",
	tableId: "t1",
	tableName: "5",
	name: null,
	status: "placed",
	createdAt: "2026-11-22T19:00:00Z",
	items: [],
	...fields,
});

describe("places", () => {
	it("keeps a table's draft under its id, its open orders and its bills", () => {
		const p = tablePlace({ id: "t1", name: "5", seats: 4 }, { a: order("a"), b: order("b", { tableId: "t2" }) });

		assert.equal(p.key, "t1");
		assert.equal(p.label, "Table 5");
		assert.deepEqual(
			p.orders.map(o => o.id),
			["a"],
		);
		assert.equal(p.ownsBill({ tableId: "t1" }), true);
	});

	it("names a takeout by its guest, and owns the bills of its order only", () => {
		const p = orderPlace(order("o1", { type: "takeout", tableId: null, tableName: null, name: "Kim" }));

		assert.equal(p.label, "Takeout: Kim");
		assert.equal(p.key, "order.o1");
		assert.equal(p.ownsBill({ tableId: null, orderIds: ["o1"] }), true);
		assert.equal(p.ownsBill({ tableId: null, orderIds: ["o2"] }), false);
	});

	it("keeps a paid takeout's screen with no open order, for its bill", () => {
		assert.deepEqual(orderPlace(order("o1", { type: "takeout", status: "paid" })).orders, []);
	});

	it("names a tab not sent yet by its start", () => {
		assert.equal(newPlace("x", { type: "bar_tab", name: "Sam" }).label, "Tab: Sam");
	});

	it("offers the order's guests as seats, else the new order's, else the table's; none away from a table", () => {
		const p = tablePlace({ id: "t1", name: "5", seats: 4 }, {});

		assert.equal(seatsAt(p, { covers: 6 }, { covers: 2 }), 6);
		assert.equal(seatsAt(p, undefined, { covers: 2 }), 2);
		assert.equal(seatsAt(p, undefined, {}), 4);
		assert.equal(seatsAt(newPlace("x", { type: "takeout" }), undefined, {}), 0);
	});
});

describe("pickup times", () => {
	const now = new Date(2026, 10, 22, 19, 0);

	it("says how long until a pickup, or how late it is", () => {
		assert.match(pickupText(new Date(2026, 10, 22, 19, 25).toISOString(), now.getTime()), /\(in 25 min\)$/);
		assert.match(pickupText(new Date(2026, 10, 22, 18, 48).toISOString(), now.getTime()), /\(12 min late\)$/);
	});

	it("reads a typed time as today, or tomorrow past midnight", () => {
		assert.equal(pickupFrom("19:30", now).getDate(), 22);
		assert.equal(pickupFrom("00:15", now).getDate(), 23);
		assert.equal(pickupFrom("18:30", now).getDate(), 22, "half an hour ago is still today (a late guest)");
		assert.equal(pickupFrom("25:00", now), null);
		assert.equal(pickupFrom("soon", now), null);
	});
});
