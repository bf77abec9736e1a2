// The floor's reducer: what a REST load, a push or an answer does to the tables, orders, menu, bills and notifications.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { reducer, initialState, openOrdersAt, openOrdersAway, tablesByArea, readyAt, DEFAULT_COURSES } from "./state.js";

const order = (id, fields = {}) => ({
	id,
	tableId: "t1",
	status: "placed",
	version: 1,
	createdAt: "2026-11-22T19:00:00Z",
	items: [],
	...fields,
});
const loaded = (s, fields = {}, pushed) =>
	reducer(s, { type: "loaded", state: { tables: [], menu: [], notifications: [], orders: [], ...fields }, pushed });

describe("floor state: loading", () => {
	it("takes the REST copy and clears an earlier load error", () => {
		const failed = reducer(initialState, { type: "loadError", error: "offline" });

		const s = loaded(failed, { tables: [{ id: "t1" }], orders: [order("o1")] });

		assert.deepEqual(s.tables, [{ id: "t1" }]);
		assert.deepEqual(Object.keys(s.orders), ["o1"]);
		assert.equal(s.loadError, null);
	});

	it("keeps an order pushed during the load when it is newer than the REST copy", () => {
		const pushed = reducer(initialState, { type: "orders", orders: [order("o1", { version: 3, status: "ready" })] });

		const s = loaded(pushed, { orders: [order("o1", { version: 2 })] }, new Set(["o1"]));

		assert.equal(s.orders.o1.version, 3);
	});

	it("keeps an open order pushed during the load that the REST copy does not have yet", () => {
		const pushed = reducer(initialState, { type: "orders", orders: [order("o2")] });

		const s = loaded(pushed, { orders: [] }, new Set(["o2"]));

		assert.ok(s.orders.o2);
	});

	it("drops what was not pushed during the load, and a pushed order that closed", () => {
		let s = reducer(initialState, { type: "orders", orders: [order("old"), order("paid", { status: "paid", version: 9 })] });

		s = loaded(s, { orders: [] }, new Set(["paid"]));

		assert.deepEqual(s.orders, {});
	});
});

describe("floor state: pushes", () => {
	it("ignores an order older than the one it holds", () => {
		let s = reducer(initialState, { type: "orders", orders: [order("o1", { version: 4, status: "ready" })] });

		s = reducer(s, { type: "orders", orders: [order("o1", { version: 3, status: "placed" })] });

		assert.equal(s.orders.o1.status, "ready");
	});

	it("updates one kitchen item inside its order", () => {
		let s = reducer(initialState, {
			type: "orders",
			orders: [
				order("o1", {
					items: [
						{ id: "i1", status: "queued" },
						{ id: "i2", status: "queued" },
					],
				}),
			],
		});

		s = reducer(s, { type: "item", item: { orderId: "o1", id: "i2", status: "ready" } });

		assert.deepEqual(s.orders.o1.items, [
			{ id: "i1", status: "queued" },
			{ id: "i2", status: "ready" },
		]);
	});

	it("ignores a kitchen item of an order it does not hold", () => {
		const s = reducer(initialState, { type: "item", item: { orderId: "nope", id: "i", status: "ready" } });

		assert.equal(s, initialState);
	});

	it("adds, changes and removes tables once the floor is loaded", () => {
		let s = loaded(initialState, { tables: [{ id: "t1", status: "available", name: "1" }] });

		s = reducer(s, { type: "table", table: { id: "t1", status: "occupied" } });
		s = reducer(s, { type: "table", table: { id: "t2", status: "available", name: "2" } });
		assert.deepEqual(s.tables, [
			{ id: "t1", status: "occupied", name: "1" },
			{ id: "t2", status: "available", name: "2" },
		]);

		s = reducer(s, { type: "table", table: { id: "t1", deleted: true } });
		assert.deepEqual(
			s.tables.map(t => t.id),
			["t2"],
		);
	});

	it("ignores table pushes before the floor is loaded", () => {
		assert.equal(reducer(initialState, { type: "table", table: { id: "t1" } }), initialState);
	});

	it("marks a dish sold out in the menu it holds", () => {
		const s = loaded(initialState, {
			menu: [{ id: "mains", items: [{ id: "m1", name: "Steak", categoryId: "mains", available: true }] }],
		});

		const next = reducer(s, { type: "menuItem", item: { id: "m1", name: "Steak", categoryId: "mains", available: false } });

		assert.equal(next.menu[0].items[0].available, false);
		assert.equal(next.menuStale, false);
	});

	it("flags the menu stale when a dish lands in a category it has never seen, until the menu is read again", () => {
		const s = loaded(initialState, { menu: [{ id: "mains", items: [] }] });

		const stale = reducer(s, { type: "menuItem", item: { id: "m9", name: "Soup", categoryId: "starters", available: true } });
		const fresh = reducer(stale, { type: "menu", menu: [{ id: "starters", items: [] }] });

		assert.equal(stale.menuStale, true);
		assert.equal(fresh.menuStale, false);
	});

	it("keeps bills without the change a payment answer carries, and not older copies", () => {
		let s = reducer(initialState, { type: "bills", bills: [{ id: "b1", version: 2, status: "open", change: 150 }] });
		s = reducer(s, { type: "bills", bills: [{ id: "b1", version: 1, status: "void" }] });

		assert.deepEqual(s.bills.b1, { id: "b1", version: 2, status: "open" });
	});

	it("adds a notification once, newest first, and forgets the read ones", () => {
		let s = reducer(initialState, { type: "notifications", notifications: [{ id: "n1" }] });
		s = reducer(s, { type: "notification", notification: { id: "n2" } });
		const again = reducer(s, { type: "notification", notification: { id: "n2" } });

		assert.equal(again, s);
		assert.deepEqual(
			s.notifications.map(n => n.id),
			["n2", "n1"],
		);
		assert.deepEqual(reducer(s, { type: "read", ids: ["n1", "n2"] }).notifications, []);
	});
});

describe("floor state: what the screens show", () => {
	it("lists a table's open orders, oldest first, leaving out closed ones and other tables'", () => {
		const orders = {
			b: order("b", { createdAt: "2026-11-22T20:00:00Z" }),
			a: order("a", { createdAt: "2026-11-22T19:00:00Z", status: "served" }),
			p: order("p", { status: "paid" }),
			x: order("x", { tableId: "t2" }),
		};

		assert.deepEqual(
			openOrdersAt(orders, "t1").map(o => o.id),
			["a", "b"],
		);
	});

	it("groups tables by area, areas and names in reading order, 'Floor' for no area", () => {
		const tables = [
			{ id: "10", name: "10", area: "Patio" },
			{ id: "2", name: "2", area: "Patio" },
			{ id: "1", name: "1", area: "" },
			{ id: "b", name: "Bar 1", area: "Bar" },
		];

		const areas = tablesByArea(tables).map(([area, list]) => [area, list.map(t => t.id)]);

		assert.deepEqual(areas, [
			["Bar", ["b"]],
			["Floor", ["1"]],
			["Patio", ["2", "10"]],
		]);
	});

	it("counts the dishes waiting at the pass for a table, on open orders only", () => {
		const orders = {
			a: order("a", { items: [{ status: "ready" }, { status: "queued" }] }),
			b: order("b", { items: [{ status: "ready" }] }),
			c: order("c", { status: "paid", items: [{ status: "ready" }] }),
		};

		assert.equal(readyAt(orders, "t1"), 2);
		assert.equal(readyAt(orders, "t2"), 0);
	});
});

describe("floor state: courses, choices and orders without a table", () => {
	it("takes the venue's course names from the settings, and keeps the defaults when they name none", () => {
		const s = reducer(initialState, { type: "settings", settings: { courses: ["Apps", "Mains"], courseFiring: "on_bump" } });

		assert.deepEqual(s.courses, ["Apps", "Mains"]);
		assert.equal(s.courseFiring, "on_bump");
		assert.deepEqual(reducer(initialState, { type: "settings", settings: {} }).courses, DEFAULT_COURSES);
	});

	it("gives a pushed modifier group to the dishes offering it", () => {
		const group = id => ({ id, name: "Sides", options: [{ id: "fries", available: true, remaining: 3 }] });
		const s = loaded(initialState, { menu: [{ id: "c", items: [{ id: "m1", modifierGroups: [group("g")] }] }] });

		const next = reducer(s, {
			type: "modifierGroup",
			group: { ...group("g"), options: [{ id: "fries", available: false, remaining: 0 }] },
		});

		assert.equal(next.menu[0].items[0].modifierGroups[0].options[0].available, false);
		assert.equal(reducer(s, { type: "modifierGroup", group: group("other") }), s);
	});

	it("lists takeouts still to settle by pickup time, then tabs by when they opened, billed ones too", () => {
		const orders = {
			t1: order("t1", { tableId: null, type: "takeout", pickupAt: "2026-11-22T20:00:00Z" }),
			t2: order("t2", { tableId: null, type: "takeout", pickupAt: "2026-11-22T19:30:00Z" }),
			b1: order("b1", { tableId: null, type: "bar_tab", createdAt: "2026-11-22T18:00:00Z" }),
			paid: order("paid", { tableId: null, type: "bar_tab", status: "paid" }),
			billed: order("billed", { tableId: null, type: "bar_tab", status: "billed", createdAt: "2026-11-22T18:30:00Z" }),
			dine: order("dine"),
		};

		assert.deepEqual(
			openOrdersAway(orders).map(o => o.id),
			["t2", "t1", "b1", "billed"],
		);
	});
});
