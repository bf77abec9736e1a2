// The office's reducer: a tab's slice read, failed, closed; pushes and answers changing the menu, tables and bills.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { reducer, initialState } from "./state.js";

const run = (...actions) => actions.reduce(reducer, initialState);
const opened = (slice, data) => [
	{ type: "opened", slice },
	{ type: "loaded", slice, data },
];

describe("office state: a tab's slice", () => {
	it("starts loading, with nothing to show", () => {
		assert.deepEqual(initialState.menu, { data: undefined, error: null, loading: true, open: false, stale: false });
		assert.equal(initialState.bills.status, "paid");
	});

	it("keeps what it showed while it reads again, and an error beside it when that fails", () => {
		const s = run(
			...opened("tables", [{ id: "t1" }]),
			{ type: "loading", slice: "tables" },
			{ type: "failed", slice: "tables", error: "offline" },
		);

		assert.deepEqual(s.tables.data, [{ id: "t1" }]);
		assert.equal(s.tables.error, "offline");
		assert.equal(s.tables.loading, false);
	});

	it("clears the error once a read works", () => {
		const s = run({ type: "failed", slice: "menu", error: "offline" }, { type: "loaded", slice: "menu", data: { categories: [] } });

		assert.equal(s.menu.error, null);
	});

	it("forgets a tab's slice when it closes, the bills' filter too", () => {
		const s = run(...opened("bills", []), { type: "billFilter", status: "open" }, { type: "closed", slice: "bills" });

		assert.deepEqual(s.bills, initialState.bills);
	});

	it("counts resyncs, so every open tab reads again", () => {
		assert.equal(run({ type: "resync" }, { type: "resync" }).resyncs, 2);
	});
});

describe("office state: the menu", () => {
	const menu = { categories: [{ id: "mains", items: [{ id: "m1", name: "Steak", categoryId: "mains", available: true }] }] };

	it("86es a dish from a push while the Menu tab is open", () => {
		const s = run(...opened("menu", menu), { type: "menuItem", item: { ...menu.categories[0].items[0], available: false } });

		assert.equal(s.menu.data.categories[0].items[0].available, false);
	});

	it("ignores menu pushes while the Menu tab is closed", () => {
		const s = run({ type: "menuItem", item: { id: "m1", categoryId: "mains" } });

		assert.equal(s, initialState);
	});

	it("reads the menu again for a push in a category it has never seen, or before it has a copy", () => {
		const unknown = { id: "m9", name: "Soup", categoryId: "starters" };

		assert.equal(run(...opened("menu", menu), { type: "menuItem", item: unknown }).menu.stale, true);
		assert.equal(run({ type: "opened", slice: "menu" }, { type: "menuItem", item: unknown }).menu.stale, true);
		assert.equal(
			run(...opened("menu", menu), { type: "menuItem", item: unknown }, { type: "loaded", slice: "menu", data: menu }).menu.stale,
			false,
		);
	});

	it("keeps its copy as it is when a dish saved here lands in a category it does not have", () => {
		const s = run(...opened("menu", menu));

		assert.equal(reducer(s, { type: "menuItem", item: { id: "m9", name: "Soup", categoryId: "starters" }, saved: true }), s);
	});
});

describe("office state: tables", () => {
	const t1 = { id: "t1", name: "1", status: "available" };

	it("adds, changes and deletes tables from pushes", () => {
		let s = run(...opened("tables", [t1]));

		s = reducer(s, { type: "table", table: { id: "t2", name: "2" } });
		s = reducer(s, { type: "table", table: { ...t1, status: "occupied" } });
		assert.deepEqual(s.tables.data, [
			{ id: "t2", name: "2" },
			{ ...t1, status: "occupied" },
		]);

		s = reducer(s, { type: "table", table: { id: "t2", deleted: true } });
		assert.deepEqual(
			s.tables.data.map(t => t.id),
			["t1"],
		);
	});

	it("ignores pushes before the list is read, but shows a table added here at once", () => {
		const s = run({ type: "opened", slice: "tables" });

		assert.equal(reducer(s, { type: "table", table: t1 }), s);
		assert.deepEqual(reducer(s, { type: "table", table: t1, added: true }).tables.data, [t1]);
	});
});

describe("office state: bills", () => {
	const bill = (id, fields = {}) => ({ id, status: "paid", payments: [{ id: `${id}-p` }], ...fields });

	it("puts a newly paid bill on top of the paid list", () => {
		const s = run(...opened("bills", [bill("b1")]), { type: "bill", bill: bill("b2") });

		assert.deepEqual(
			s.bills.data.map(b => b.id),
			["b2", "b1"],
		);
	});

	it("drops a bill the filter no longer shows", () => {
		const s = run(...opened("bills", [bill("b1")]), { type: "bill", bill: bill("b1", { status: "open" }) });

		assert.deepEqual(s.bills.data, []);
	});

	it("keeps every status on the 'All' filter", () => {
		const s = run({ type: "billFilter", status: "" }, ...opened("bills", [bill("b1")]), {
			type: "bill",
			bill: bill("b1", { status: "open" }),
		});

		assert.equal(s.bills.data[0].status, "open");
	});

	it("keeps the payments it has when a push leaves them out", () => {
		const s = run(...opened("bills", [bill("b1")]), {
			type: "bill",
			bill: { id: "b1", status: "paid", refundedCents: 500, payments: undefined },
		});

		assert.deepEqual(s.bills.data[0], { id: "b1", status: "paid", refundedCents: 500, payments: [{ id: "b1-p" }] });
	});

	it("ignores bill pushes while the Bills tab is closed or still reading", () => {
		assert.equal(run({ type: "bill", bill: bill("b1") }).bills, initialState.bills);
		assert.equal(run({ type: "opened", slice: "bills" }, { type: "bill", bill: bill("b1") }).bills.data, undefined);
	});
});

describe("office state: modifier groups", () => {
	const temp = { id: "g1", name: "Temperature", options: [{ id: "o1", name: "Rare", available: true, remaining: null }] };
	const sides = { id: "g2", name: "Sides", options: [] };
	const menu = {
		categories: [{ id: "mains", items: [{ id: "m1", name: "Steak", categoryId: "mains", modifierGroups: [temp] }] }],
	};
	const soldOut = { ...temp, options: [{ ...temp.options[0], available: false, remaining: 0 }] };

	it("changes a group in the Modifiers tab's list and in every dish of the menu that offers it", () => {
		const s = run(...opened("menu", menu), ...opened("groups", [sides, temp]), { type: "modifierGroup", group: soldOut });

		assert.deepEqual(s.groups.data, [sides, soldOut]);
		assert.equal(s.menu.data.categories[0].items[0].modifierGroups[0], soldOut);
	});

	it("adds a new group to the list in name order", () => {
		const s = run(...opened("groups", [temp]), { type: "modifierGroup", group: { id: "g3", name: "Extras", options: [] } });

		assert.deepEqual(
			s.groups.data.map(g => g.name),
			["Extras", "Temperature"],
		);
	});

	it("takes a deleted group off the list and off every dish", () => {
		const s = run(...opened("menu", menu), ...opened("groups", [temp, sides]), {
			type: "modifierGroup",
			group: { id: "g1", deleted: true },
		});

		assert.deepEqual(s.groups.data, [sides]);
		assert.deepEqual(s.menu.data.categories[0].items[0].modifierGroups, []);
	});

	it("ignores a group's push while neither tab shows it, and a deletion of a group it never had", () => {
		assert.equal(run({ type: "modifierGroup", group: soldOut }), initialState);
		const s = run(...opened("groups", [sides]));
		assert.equal(reducer(s, { type: "modifierGroup", group: { id: "g9", deleted: true } }), s);
	});
});
