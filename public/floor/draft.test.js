// The round being built: adding dishes, the request that sends it, what a lost answer means, and whose draft it is.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	readDraft,
	settleDraft,
	addDish,
	roundRequest,
	joinOrder,
	afterSent,
	answered,
	dishCount,
	soldOutLines,
	draftTotal,
	draftOwner,
	emptyDraft,
	lineProblem,
	linePrice,
} from "./draft.js";
import { ApiError } from "../app/errors.js";

const steak = { id: "m1", name: "Steak", priceCents: 2500 };
const keys = () => {
	let n = 0;
	return () => `k${++n}`;
};
const line = (key, fields = {}) => ({
	key,
	menuItemId: "m1",
	name: "Steak",
	priceCents: 2500,
	quantity: 1,
	notes: "",
	modifiers: [],
	seat: null,
	course: null,
	...fields,
});

describe("building a round", () => {
	it("adds a new dish as a line, and the same dish again as one more", () => {
		const newKey = keys();

		const d = addDish(addDish(emptyDraft(), steak, newKey), steak, newKey);

		assert.deepEqual(d.lines, [line("k1", { quantity: 2 })]);
	});

	it("starts a new line when the last one of that dish has a note", () => {
		const d = addDish({ lines: [line("a", { notes: "rare" })] }, steak, () => "b");

		assert.deepEqual(
			d.lines.map(l => [l.key, l.quantity]),
			[
				["a", 1],
				["b", 1],
			],
		);
	});

	it("never changes a line already on its way to the kitchen", () => {
		const d = addDish({ lines: [line("a")], send: { lines: ["a"] } }, steak, () => "b");

		assert.deepEqual(
			d.lines.map(l => [l.key, l.quantity]),
			[
				["a", 1],
				["b", 1],
			],
		);
	});

	it("stops at 99 of a dish on one line", () => {
		const d = addDish({ lines: [line("a", { quantity: 99 })] }, steak, () => "b");

		assert.equal(d.lines[0].quantity, 99);
		assert.equal(d.lines.length, 1);
	});
});

describe("keeping the draft", () => {
	it("stamps a draft's first dish with the open order and the time", () => {
		const now = new Date("2026-11-22T19:00:00Z");

		const { draft, kept } = settleDraft({ lines: [line("a")] }, "o1", now);

		assert.equal(kept, true);
		assert.equal(draft.orderId, "o1");
		assert.equal(draft.since, "2026-11-22T19:00:00.000Z");
	});

	it("stamps a draft started at an empty table as the table's next order", () => {
		assert.equal(settleDraft({ lines: [line("a")] }, undefined).draft.orderId, null);
	});

	it("keeps the stamp of a draft already started", () => {
		const d = { lines: [line("a")], orderId: "o1", since: "earlier" };

		assert.equal(settleDraft(d, "o2").draft, d);
	});

	it("forgets a draft with nothing left in it", () => {
		assert.deepEqual(settleDraft({ lines: [], notes: "  ", orderId: "o1", since: "x" }, "o1"), { draft: { lines: [] }, kept: false });
	});

	it("keeps a draft holding only an order note, or a send", () => {
		assert.equal(settleDraft({ lines: [], notes: "birthday" }, null).kept, true);
		assert.equal(settleDraft({ lines: [], send: { lines: [] } }, null).kept, true);
	});

	it("reads what the tablet stored, and nothing from junk", () => {
		assert.deepEqual(readDraft(JSON.stringify({ lines: [line("a")] })), { lines: [line("a")] });
		assert.deepEqual(readDraft(null), { lines: [] });
		assert.deepEqual(readDraft("{not json"), { lines: [] });
	});

	it("drops a send saved by an older floor that cannot be repeated as it was", () => {
		const d = readDraft(JSON.stringify({ lines: [line("a")], send: { lines: ["a"] } }));

		assert.equal(d.send, undefined);
		assert.equal(d.lines.length, 1);
	});
});

describe("sending a round", () => {
	const d = {
		lines: [line("a", { quantity: 2, notes: " no salt " }), line("b", { menuItemId: "m2", notes: "  " })],
		notes: " nut allergy ",
	};

	it("opens a new order at an empty table, with the order's note", () => {
		const r = roundRequest(d, { id: "t1" }, undefined, "key");

		assert.deepEqual(r, {
			path: "/orders",
			body: {
				tableId: "t1",
				items: [
					{ menuItemId: "m1", quantity: 2, notes: "no salt" },
					{ menuItemId: "m2", quantity: 1 },
				],
				notes: "nut allergy",
			},
			key: "key",
			lines: ["a", "b"],
		});
	});

	it("adds a round to the table's open order", () => {
		const r = roundRequest(d, { id: "t1" }, { id: "o1" }, "key");

		assert.equal(r.path, "/orders/o1/items");
		assert.deepEqual(Object.keys(r.body), ["items"]);
	});

	it("joins the order another tablet opened, with the same key and dishes", () => {
		const r = joinOrder(roundRequest(d, { id: "t1" }, undefined, "key"), "o9");

		assert.equal(r.path, "/orders/o9/items");
		assert.equal(r.key, "key");
		assert.deepEqual(r.body, { items: roundRequest(d, { id: "t1" }, undefined, "key").body.items });
	});

	it("counts the dishes in a round", () => {
		assert.equal(dishCount(roundRequest(d, { id: "t1" }, undefined, "key")), 3);
	});

	it("takes only what went off the draft, and the order note with a new order", () => {
		const request = { path: "/orders", lines: ["a"] };
		const after = afterSent({ lines: [line("a"), line("c")], notes: "vip", send: request }, request);

		assert.deepEqual(after, { lines: [line("c")], notes: "" });
	});

	it("keeps the order note after a round on an open order", () => {
		const request = { path: "/orders/o1/items", lines: ["a"] };

		assert.equal(afterSent({ lines: [line("a")], notes: "vip", send: request }, request).notes, "vip");
	});

	it("treats a refusal as an answer, and silence, overload or a send still running as none", () => {
		assert.equal(answered(new ApiError(409, { code: "ITEM_UNAVAILABLE" })), true);
		assert.equal(answered(new ApiError(0, { code: "OFFLINE" })), false);
		assert.equal(answered(new ApiError(503, { code: "UNAVAILABLE" })), false);
		assert.equal(answered(new ApiError(429, { code: "RATE_LIMITED" })), false);
		assert.equal(answered(new ApiError(409, { code: "IDEMPOTENCY_KEY_IN_USE" })), false);
		assert.equal(answered(new TypeError("Failed to fetch")), false);
	});
});

describe("what a draft comes to", () => {
	const menuItems = new Map([
		["m1", { id: "m1", priceCents: 2600, available: true }],
		["m2", { id: "m2", priceCents: 900, available: false }],
	]);

	it("finds 86'd dishes and dishes gone from the menu", () => {
		const lines = [line("a"), line("b", { menuItemId: "m2" }), line("c", { menuItemId: "gone" })];

		assert.deepEqual(
			soldOutLines(lines, menuItems).map(l => l.key),
			["b", "c"],
		);
	});

	it("finds nothing sold out before the menu has loaded", () => {
		assert.deepEqual(soldOutLines([line("c", { menuItemId: "gone" })], new Map()), []);
	});

	it("prices a draft at today's prices, or at the tapped price for a dish gone from the menu", () => {
		const lines = [line("a", { quantity: 2 }), line("c", { menuItemId: "gone", priceCents: 100 })];

		assert.equal(draftTotal(lines, menuItems), 2 * 2600 + 100);
	});
});

describe("whose draft it is", () => {
	const table = { id: "t1" };
	const never = {
		orderStatus: () => assert.fail("asked the server"),
		tableOrders: () => assert.fail("asked the server"),
	};
	const draft = fields => ({ lines: [line("a")], ...fields });

	it("keeps an empty draft and a round on its way without asking", async () => {
		assert.equal(await draftOwner(emptyDraft(), table, [], [], never), "keep");
		assert.equal(await draftOwner(draft({ orderId: "o1", send: {} }), table, [], [], never), "keep");
	});

	it("keeps a draft whose order is still open here", async () => {
		assert.equal(await draftOwner(draft({ orderId: "o1" }), table, [{ id: "o1" }], [], never), "keep");
	});

	it("drops a draft whose order this tablet heard was paid", async () => {
		assert.equal(await draftOwner(draft({ orderId: "o1" }), table, [], [{ id: "o1", status: "paid" }], never), "drop");
	});

	it("asks the server about an order it has not heard closing, and drops the draft when it was cancelled", async () => {
		const asked = [];
		const ask = {
			...never,
			orderStatus: async id => {
				asked.push(id);
				return "cancelled";
			},
		};

		assert.equal(await draftOwner(draft({ orderId: "o1" }), table, [], [], ask), "drop");
		assert.deepEqual(asked, ["o1"]);
	});

	it("keeps a takeout or tab not sent yet without asking", async () => {
		assert.equal(await draftOwner(draft({ orderId: null, start: { type: "bar_tab" } }), null, [], [], never), "keep");
	});

	it("keeps the draft when the server cannot say", async () => {
		assert.equal(await draftOwner(draft({ orderId: "o1" }), table, [], [], { ...never, orderStatus: async () => null }), "keep");
	});

	it("gives a draft started at an empty table to the order opened there since", async () => {
		assert.equal(await draftOwner(draft({ orderId: null }), table, [{ id: "o1" }, { id: "o2" }], [], never), "o2");
	});

	it("drops a draft started at an empty table when a party has come and gone since", async () => {
		const known = [{ id: "o1", tableId: "t1", status: "paid", createdAt: "2026-11-22T20:00:00Z" }];

		assert.equal(await draftOwner(draft({ orderId: null, since: "2026-11-22T19:00:00Z" }), table, [], known, never), "drop");
	});

	it("does not count a party that left before the draft was started", async () => {
		const listed = [{ id: "o1", tableId: "t1", status: "paid", createdAt: "2026-11-22T18:00:00Z" }];
		const ask = { ...never, tableOrders: async () => listed };

		assert.equal(await draftOwner(draft({ orderId: null, since: "2026-11-22T19:00:00Z" }), table, [], [], ask), "keep");
	});

	it("asks the server for the table's recent orders when this tablet heard of none", async () => {
		const listed = [{ id: "o1", tableId: "t1", status: "cancelled", createdAt: "2026-11-22T20:00:00Z" }];
		const ask = { ...never, tableOrders: async tableId => (tableId === "t1" ? listed : []) };

		assert.equal(await draftOwner(draft({ orderId: null, since: "2026-11-22T19:00:00Z" }), table, [], [], ask), "drop");
	});
});

describe("a dish with choices, a seat and a course", () => {
	const rare = { groupId: "g-temp", groupName: "Temperature", optionId: "rare", name: "Rare", priceDeltaCents: 0 };
	const fries = { groupId: "g-sides", groupName: "Sides", optionId: "fries", name: "Fries", priceDeltaCents: 200 };
	const mains = { ...steak, course: 2 };

	it("goes to the draft's current seat, in the dish's course, with its options", () => {
		const d = addDish({ lines: [], seat: 2 }, mains, () => "a", { modifiers: [rare, fries] });

		assert.deepEqual(d.lines, [line("a", { modifiers: [rare, fries], seat: 2, course: 2 })]);
	});

	it("adds one more only to a line of the same options, seat and course", () => {
		const newKey = keys();
		let d = addDish(emptyDraft(), mains, newKey, { modifiers: [rare] });
		d = addDish(d, mains, newKey, { modifiers: [rare] });
		d = addDish(d, mains, newKey, { modifiers: [rare, fries] });
		d = addDish({ ...d, seat: 1 }, mains, newKey, { modifiers: [rare, fries] });

		assert.deepEqual(
			d.lines.map(l => [l.key, l.quantity, l.seat]),
			[
				["k1", 2, null],
				["k2", 1, null],
				["k3", 1, 1],
			],
		);
	});

	it("sends seat, course and options only where a line has them", () => {
		const d = { lines: [line("a", { modifiers: [rare, fries], seat: 2, course: 2 }), line("b")] };

		assert.deepEqual(roundRequest(d, { id: "t1" }, { id: "o1" }, "k").body.items, [
			{
				menuItemId: "m1",
				quantity: 1,
				seat: 2,
				course: 2,
				modifiers: [
					{ groupId: "g-temp", optionIds: ["rare"] },
					{ groupId: "g-sides", optionIds: ["fries"] },
				],
			},
			{ menuItemId: "m1", quantity: 1 },
		]);
	});

	it("opens a table's order for the guests the waiter said, else for its seats", () => {
		const d = { lines: [line("a")] };

		assert.equal(roundRequest({ ...d, covers: 3 }, { id: "t1", seats: 4 }, undefined, "k").body.covers, 3);
		assert.equal(roundRequest(d, { id: "t1", seats: 4 }, undefined, "k").body.covers, 4);
	});

	it("opens a takeout or a tab by its name (and pickup), with no table", () => {
		const start = { type: "takeout", name: "Kim", pickupAt: "2026-11-22T19:30:00.000Z" };

		const r = roundRequest({ lines: [line("a")], start, notes: "no nuts" }, undefined, undefined, "k");

		assert.deepEqual(r.body, {
			type: "takeout",
			name: "Kim",
			pickupAt: start.pickupAt,
			items: [{ menuItemId: "m1", quantity: 1 }],
			notes: "no nuts",
		});
		assert.deepEqual(roundRequest({ lines: [line("a")], start: { type: "bar_tab", name: "Sam" } }, undefined, undefined, "k").body, {
			type: "bar_tab",
			name: "Sam",
			items: [{ menuItemId: "m1", quantity: 1 }],
		});
	});

	it("keeps a takeout's start until it is sent, then forgets it with the guest count", () => {
		assert.equal(settleDraft({ lines: [], start: { type: "bar_tab", name: "Sam" } }, null).kept, true);

		const request = { path: "/orders", lines: ["a"] };
		const after = afterSent({ lines: [line("a")], start: { type: "bar_tab" }, covers: 2, seat: 1, send: request }, request);

		assert.deepEqual(after, { lines: [], notes: "", seat: 1 });
	});

	it("prices a line with its options at today's deltas", () => {
		const menuItems = new Map([
			["m1", { id: "m1", priceCents: 2600, modifierGroups: [{ id: "g-sides", options: [{ id: "fries", priceDeltaCents: 250 }] }] }],
		]);

		assert.equal(linePrice(line("a", { modifiers: [rare, fries] }), menuItems), 2600 + 250);
		assert.equal(linePrice(line("a", { menuItemId: "gone", modifiers: [fries] }), menuItems), 2500 + 200);
	});
});

describe("what a countdown leaves", () => {
	const fries = { groupId: "g", groupName: "Sides", optionId: "fries", name: "Fries", priceDeltaCents: 0 };
	const menu = (item, option = {}) =>
		new Map([
			[
				"m1",
				{
					id: "m1",
					priceCents: 2600,
					available: true,
					remaining: null,
					modifierGroups: [{ id: "g", options: [{ id: "fries", available: true, remaining: null, ...option }] }],
					...item,
				},
			],
		]);

	it("finds a line asking more than is left, counting every line of the dish", () => {
		const lines = [line("a", { quantity: 2 }), line("b", { seat: 2 })];

		assert.equal(lineProblem(lines[1], lines, menu({ remaining: 2 })), "Only 2 left");
		assert.equal(lineProblem(lines[1], lines, menu({ remaining: 3 })), null);
	});

	it("names an option that sold out or is short", () => {
		const l = line("a", { quantity: 2, modifiers: [fries] });

		assert.equal(lineProblem(l, [l], menu({}, { available: false })), "Fries sold out");
		assert.equal(lineProblem(l, [l], menu({}, { remaining: 1 })), "Only 1 Fries left");
	});

	it("finds lines whose option is 86'd among the sold out", () => {
		const l = line("a", { modifiers: [fries] });

		assert.deepEqual(soldOutLines([l], menu({}, { available: false })), [l]);
	});
});
