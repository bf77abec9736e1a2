// The kitchen display's reducer: tickets arriving, changing, flagged before they go, bumped and recalled; 86s and all-day counts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	reducer,
	initialState,
	keyOf,
	mergeItems,
	rail,
	allDay,
	stationsOf,
	stationLabel,
	ageLevel,
	ticketStart,
	heldCourses,
	labelParts,
	ticketLabel,
	timeOfDay,
	untilText,
	panelGroups,
	outCount,
	optionStations,
	sideParent,
	courseName,
	ALL,
	ALERT_MS,
	GONE_MS,
	RECENT_BUMPS,
} from "./state.js";

const NOW = Date.parse("2026-11-22T19:00:00Z");
const item = (id, fields = {}) => ({
	id,
	name: `Dish ${id}`,
	station: "grill",
	status: "queued",
	round: 1,
	quantity: 1,
	createdAt: "2026-11-22T18:59:00Z",
	...fields,
});
const order = (items, fields = {}) => ({ id: "o1", tableName: "5", status: "placed", createdAt: "2026-11-22T18:59:00Z", items, ...fields });
const grill = () => initialState({ station: "grill" });
const push = (s, o, now = NOW) => reducer(s, { type: "order", order: o, now });
const ticketOf = (s, orderId = "o1", station = "grill") => s.tickets.get(keyOf(orderId, station));

describe("kitchen state: lines moved from another order", () => {
	it("a started line moved to another table's order leaves its old ticket and is not flashed or beeped as new", () => {
		let s = push(grill(), order([item("a", { status: "preparing" }), item("b")]));
		const beeps = s.beep.count;
		// The order moved its started line "a" to table 7's order (o2): o2's push arrives first, o1's may never reach a station.
		s = push(s, order([item("a", { status: "preparing" })], { id: "o2", tableName: "7" }), NOW + 1000);
		assert.deepEqual(
			ticketOf(s, "o2").items.map(i => [i.id, i.status]),
			[["a", "preparing"]],
		);
		assert.equal(ticketOf(s, "o2").alert, null, "no flash");
		assert.equal(s.beep.count, beeps, "no beep");
		assert.deepEqual(
			ticketOf(s).items.map(i => i.id),
			["b"],
			"the old ticket no longer shows it",
		);
	});

	it("an old ticket left with nothing goes quietly", () => {
		let s = push(grill(), order([item("a", { status: "ready" }), item("x", { status: "preparing" })]));
		s = push(s, order([item("a", { status: "ready" }), item("x", { status: "preparing" })], { id: "o2" }), NOW + 1000);
		assert.equal(ticketOf(s), undefined);
		assert.ok(ticketOf(s, "o2"));
	});
});

describe("kitchen state: new work", () => {
	it("opens a ticket for this station's items only, flashing and beeping once", () => {
		const s = push(grill(), order([item("a"), item("b", { station: "cold" }), item("c")]));

		assert.deepEqual([...s.tickets.keys()], ["o1|grill"]);
		assert.deepEqual(
			ticketOf(s).items.map(i => i.id),
			["a", "c"],
		);
		assert.deepEqual(ticketOf(s).alert, { kind: "new", until: NOW + ALERT_MS });
		assert.deepEqual(s.beep, { kind: "new", count: 1 });
	});

	it("shows every station's tickets on the expo", () => {
		const s = push(initialState({ station: ALL }), order([item("a"), item("b", { station: "cold" })]));

		assert.deepEqual([...s.tickets.keys()].sort(), ["o1|cold", "o1|grill"]);
		assert.equal(s.beep.count, 1, "one push, one beep");
	});

	it("opens no ticket for an order with nothing left to cook", () => {
		const s = push(grill(), order([item("a", { status: "ready" })]));

		assert.equal(s.tickets.size, 0);
		assert.equal(s.beep.count, 0);
	});

	it("dates a ticket from its station's first item, and keeps the order's note", () => {
		const s = push(
			grill(),
			order([item("a", { createdAt: "2026-11-22T18:58:00Z" }), item("b", { station: "cold", createdAt: "2026-11-22T18:50:00Z" })], {
				notes: "nut allergy",
			}),
		);

		assert.equal(ticketOf(s).placedAt, "2026-11-22T18:58:00Z");
		assert.equal(s.notes.get("o1"), "nut allergy");
	});

	it("beeps again for a new round on a ticket, not for a repeat of the same push", () => {
		let s = push(grill(), order([item("a")]));
		s = push(s, order([item("a")]));
		assert.equal(s.beep.count, 1);

		s = push(s, order([item("a"), item("b", { round: 2 })]));
		assert.equal(s.beep.count, 2);
	});
});

describe("kitchen state: items only move forward", () => {
	it("ignores a snapshot older than what it holds", () => {
		const merged = mergeItems([item("a", { status: "ready", readyAt: "t2" })], [item("a", { status: "preparing" })]);

		assert.equal(merged[0].status, "ready");
	});

	it("keeps the start and ready times a later snapshot leaves out, and orders items by round", () => {
		const merged = mergeItems(
			[item("a", { status: "preparing", startedAt: "t1" })],
			[item("b", { round: 2 }), item("a", { status: "ready", startedAt: null })],
		);

		assert.deepEqual(
			merged.map(i => [i.id, i.status, i.startedAt]),
			[
				["a", "ready", "t1"],
				["b", "queued", null],
			],
		);
	});

	it("updates one item on a ticket from a kitchen:item push", () => {
		const s = push(grill(), order([item("a"), item("b")]));

		const next = reducer(s, { type: "item", item: { ...item("b", { status: "preparing" }), orderId: "o1" }, now: NOW });

		assert.deepEqual(
			ticketOf(next).items.map(i => i.status),
			["queued", "preparing"],
		);
	});

	it("ignores an item of a ticket it does not show", () => {
		const s = grill();

		assert.equal(reducer(s, { type: "item", item: { ...item("a"), orderId: "o9" }, now: NOW }), s);
		assert.equal(reducer(s, { type: "item", item: { ...item("a", { station: "cold" }), orderId: "o1" }, now: NOW }), s);
	});
});

describe("kitchen state: voids and cancellations", () => {
	it("flags a cancelled order loudly before it leaves, then sweeps it off", () => {
		const s = push(grill(), order([item("a")]));

		const cancelled = push(s, order([item("a")], { status: "cancelled" }), NOW + 1000);

		assert.deepEqual(ticketOf(cancelled).gone, { kind: "cancelled", until: NOW + 1000 + GONE_MS });
		assert.deepEqual(cancelled.beep, { kind: "void", count: 2 });
		assert.equal(reducer(cancelled, { type: "sweep", now: NOW + GONE_MS }).tickets.size, 1, "still flagged");
		assert.equal(reducer(cancelled, { type: "sweep", now: NOW + 1000 + GONE_MS }).tickets.size, 0);
	});

	it("flags a ticket whose last item is voided", () => {
		const s = push(grill(), order([item("a")]));

		const voided = push(s, order([item("a", { status: "voided" })]));

		assert.equal(ticketOf(voided).gone.kind, "voided");
		assert.equal(voided.beep.kind, "void");
	});

	it("buzzes for a void on a ticket that keeps other work, louder than new work in the same push", () => {
		const s = push(grill(), order([item("a"), item("b")]));

		const next = push(s, order([item("a", { status: "voided" }), item("b"), item("c", { round: 2 })]));

		assert.equal(ticketOf(next).gone, null);
		assert.equal(ticketOf(next).alert.kind, "void");
		assert.deepEqual(next.beep, { kind: "void", count: 2 });
	});

	it("beeps once for a push, the void over the new work when the expo sees both", () => {
		const s = push(initialState({ station: ALL }), order([item("a", { station: "cold" })]));

		const next = push(s, order([item("b", { round: 2 }), item("a", { station: "cold", status: "voided" })]));

		assert.deepEqual(next.beep, { kind: "void", count: 2 });
	});

	it("takes a ticket off quietly when its last item is served", () => {
		const s = push(grill(), order([item("a", { status: "ready" }), item("b")]));

		const next = push(s, order([item("a", { status: "served" }), item("b", { status: "served" })]));

		assert.equal(next.tickets.size, 0);
		assert.equal(next.beep.count, 1);
	});

	it("leaves the rail as it is when the sweep finds nothing to take off", () => {
		const s = push(grill(), order([item("a")]));

		assert.equal(reducer(s, { type: "sweep", now: NOW + 60_000 }), s);
	});
});

describe("kitchen state: bump and recall", () => {
	const bumped = (fields = {}) => ({
		orderId: "o1",
		station: "grill",
		tableName: "5",
		placedAt: "2026-11-22T18:59:00Z",
		status: "bumped",
		bumpedAt: "2026-11-22T19:05:00Z",
		items: [item("a", { status: "ready" })],
		...fields,
	});

	it("moves a bumped ticket from the rail to the strip", () => {
		const s = push(grill(), order([item("a")]));

		const next = reducer(s, { type: "ticket", ticket: bumped(), now: NOW });

		assert.equal(next.tickets.size, 0);
		assert.deepEqual(
			next.bumped.map(t => t.orderId),
			["o1"],
		);
	});

	it("keeps the newest bumps in the strip, newest first", () => {
		let s = grill();
		for (let i = 0; i < RECENT_BUMPS + 2; i++)
			s = reducer(s, {
				type: "ticket",
				ticket: bumped({ orderId: `o${i}`, bumpedAt: new Date(NOW + i * 1000).toISOString() }),
				now: NOW,
			});

		assert.equal(s.bumped.length, RECENT_BUMPS);
		assert.equal(s.bumped[0].orderId, `o${RECENT_BUMPS + 1}`);
	});

	it("brings a recalled ticket back to the rail, flagged as a recall", () => {
		const s = reducer(grill(), { type: "ticket", ticket: bumped(), now: NOW });

		const next = reducer(s, { type: "ticket", ticket: bumped({ status: "open", bumpedAt: null }), now: NOW });

		assert.deepEqual(next.bumped, []);
		assert.equal(ticketOf(next).alert.kind, "recall");
	});

	it("brings a bumped ticket back when a new round arrives for it", () => {
		const s = reducer(grill(), { type: "ticket", ticket: bumped(), now: NOW });

		const next = push(s, order([item("a", { status: "ready" }), item("b", { round: 2 })]));

		assert.deepEqual(next.bumped, []);
		assert.equal(ticketOf(next).status, "open");
		assert.equal(next.beep.kind, "new");
	});

	it("ignores another station's ticket", () => {
		const s = grill();

		assert.equal(reducer(s, { type: "ticket", ticket: bumped({ station: "cold" }), now: NOW }), s);
	});
});

describe("kitchen state: loading", () => {
	const ticket = (orderId, fields = {}) => ({
		orderId,
		station: "grill",
		tableName: "5",
		placedAt: "2026-11-22T18:59:00Z",
		status: "open",
		items: [item(`${orderId}-a`)],
		...fields,
	});

	it("takes the REST copy, keeping a ticket pushed while it was read", () => {
		const s = push(grill(), order([item("a")], { id: "pushed" }), NOW);

		const next = reducer(s, { type: "loaded", open: [ticket("o2")], bumped: [ticket("o3", { status: "bumped" })], startedAt: NOW - 1 });

		assert.deepEqual([...next.tickets.keys()].sort(), ["o2|grill", "pushed|grill"]);
		assert.deepEqual(
			next.bumped.map(t => t.orderId),
			["o3"],
		);
		assert.equal(next.loaded, true);
	});

	it("drops a ticket pushed before the load started that the REST copy no longer has", () => {
		const s = push(grill(), order([item("a")], { id: "old" }), NOW - 5000);

		const next = reducer(s, { type: "loaded", open: [], bumped: [], startedAt: NOW });

		assert.equal(next.tickets.size, 0);
	});

	it("empties the rail for another station until it loads", () => {
		const s = push(grill(), order([item("a")]));

		const next = reducer(s, { type: "station", station: "cold" });

		assert.equal(next.station, "cold");
		assert.equal(next.tickets.size, 0);
		assert.equal(next.loaded, false);
	});

	it("keeps the orders' notes, an order without one as empty", () => {
		const s = reducer(grill(), { type: "notes", orders: [{ id: "o1", notes: "birthday" }, { id: "o2" }] });

		assert.equal(s.notes.get("o1"), "birthday");
		assert.equal(s.notes.get("o2"), "");
	});
});

describe("kitchen state: the menu and the 86 panel", () => {
	const menu = {
		categories: [
			{ id: "mains", items: [{ id: "m2", name: "Steak 10", station: "grill", categoryId: "mains", available: true }] },
			{ id: "cold", items: [{ id: "m1", name: "Steak 9", station: "cold", categoryId: "cold", available: true }] },
		],
	};

	it("lists the dishes flat, by name with numbers in order", () => {
		const s = reducer(grill(), { type: "menu", menu });

		assert.deepEqual(
			s.dishes.map(d => d.id),
			["m1", "m2"],
		);
		assert.equal(s.menuLoaded, true);
	});

	it("86es a dish from a push", () => {
		const s = reducer(reducer(grill(), { type: "menu", menu }), {
			type: "menuItem",
			item: { ...menu.categories[0].items[0], available: false },
		});

		assert.equal(s.dishes.find(d => d.id === "m2").available, false);
	});

	it("flags the menu stale for a dish in a category it has never seen", () => {
		const s = reducer(reducer(grill(), { type: "menu", menu }), {
			type: "menuItem",
			item: { id: "m9", name: "Soup", station: "grill", categoryId: "starters", available: true },
		});

		assert.equal(s.menuStale, true);
	});

	it("still lets the screen pick a station when the menu could not load", () => {
		assert.equal(reducer(grill(), { type: "menuFailed" }).menuLoaded, true);
	});

	it("names stations A→Z, and the expo as all stations", () => {
		assert.deepEqual(stationsOf([{ station: "grill" }, { station: "bar" }, { station: "grill" }]), ["bar", "grill"]);
		assert.equal(stationLabel("grill"), "Grill");
		assert.equal(stationLabel(ALL), "All stations");
	});
});

describe("kitchen state: what the rail shows", () => {
	it("orders the rail oldest first, then by station", () => {
		let s = push(initialState({ station: ALL }), order([item("a", { createdAt: "2026-11-22T18:50:00Z" })], { id: "late" }));
		s = push(
			s,
			order([item("b", { createdAt: "2026-11-22T18:40:00Z", station: "cold" }), item("c", { createdAt: "2026-11-22T18:40:00Z" })], {
				id: "early",
			}),
		);

		assert.deepEqual(
			rail(s).map(t => keyOf(t.orderId, t.station)),
			["early|cold", "early|grill", "late|grill"],
		);
	});

	it("counts all day what is still to make, most first, leaving out flagged tickets", () => {
		const tickets = [
			{ items: [item("a", { name: "Burger", quantity: 2 }), item("b", { name: "Fries", status: "ready" })] },
			{ items: [item("c", { name: "Fries", status: "preparing", quantity: 1 }), item("d", { name: "Burger" })] },
			{ gone: { kind: "cancelled" }, items: [item("e", { name: "Soup", quantity: 9 })] },
		];

		assert.deepEqual(allDay(tickets), [
			["Burger", 3],
			["Fries", 1],
		]);
	});

	it("reads a ticket's age against the restaurant's thresholds", () => {
		assert.equal(ageLevel(599, 600, 1200), "ok");
		assert.equal(ageLevel(600, 600, 1200), "warn");
		assert.equal(ageLevel(1200, 600, 1200), "late");
	});
});

describe("kitchen state: courses held and fired", () => {
	const FIRE = "2026-11-22T19:20:00.000Z";
	const held = (id, fields = {}) => item(id, { held: true, firedAt: null, course: 2, ...fields });
	const fired = (id, fields = {}) => item(id, { held: false, firedAt: FIRE, course: 2, ...fields });

	it("shows a ticket of held lines only, quietly: no flash, no beep, nothing all day, no clock", () => {
		const s = push(grill(), order([held("m")]));

		assert.equal(ticketOf(s).alert, null);
		assert.equal(s.beep.count, 0);
		assert.deepEqual(allDay(rail(s)), []);
		assert.equal(ticketStart(ticketOf(s)), null);
		assert.deepEqual(
			heldCourses(ticketOf(s)).map(([course, lines]) => [course, lines.map(l => l.id)]),
			[[2, ["m"]]],
		);
	});

	it("keeps the held lines out of all day beside the fired ones", () => {
		const s = push(grill(), order([item("a", { name: "Soup" }), held("m", { name: "Steak" })]));

		assert.deepEqual(allDay(rail(s)), [["Soup", 1]]);
		assert.equal(s.beep.count, 1);
	});

	it("flashes and beeps when the course fires, its clock starting at the fire", () => {
		let s = push(grill(), order([held("m")]));

		s = push(s, order([fired("m")]), NOW + 60_000);

		assert.deepEqual(ticketOf(s).alert, { kind: "new", until: NOW + 60_000 + ALERT_MS });
		assert.deepEqual(s.beep, { kind: "new", count: 1 });
		assert.equal(ticketStart(ticketOf(s)), FIRE);
		assert.equal(ticketOf(s).dueAt, FIRE, "a table's ticket is due from when its work reached the kitchen");
	});

	it("keeps the clock of a ticket already cooking when a later course fires onto it", () => {
		let s = push(grill(), order([item("a"), held("m")]));
		const started = ticketOf(s).placedAt;

		s = push(s, order([item("a"), fired("m")]));

		assert.equal(ticketOf(s).placedAt, started);
		assert.equal(s.beep.count, 2, "the fire is heard");
	});

	it("brings a bumped ticket back when its next course fires, not when a held line changes", () => {
		let s = push(grill(), order([item("a"), held("m")]));
		s = reducer(s, {
			type: "ticket",
			ticket: {
				...ticketOf(s),
				status: "bumped",
				bumpedAt: "2026-11-22T19:10:00Z",
				items: [item("a", { status: "ready" }), held("m")],
			},
			now: NOW,
		});
		assert.equal(s.tickets.size, 0);

		const quiet = push(s, order([item("a", { status: "ready" }), held("m", { notes: "no salt" })]));
		assert.equal(quiet.tickets.size, 0, "still bumped");
		assert.equal(quiet.beep.count, s.beep.count);

		const back = push(s, order([item("a", { status: "ready" }), fired("m")]), NOW + 1000);
		assert.equal(ticketOf(back).status, "open");
		assert.equal(ticketOf(back).alert.kind, "new");
		assert.equal(ticketOf(back).placedAt, FIRE);
		assert.deepEqual(back.bumped, []);
	});

	it("beeps for a fire that reaches the screen as a ticket update first", () => {
		const s = push(grill(), order([held("m")]));

		const next = reducer(s, {
			type: "ticket",
			ticket: { ...ticketOf(s), placedAt: FIRE, dueAt: FIRE, items: [fired("m")] },
			now: NOW,
		});

		assert.equal(ticketOf(next).alert.kind, "new");
		assert.deepEqual(next.beep, { kind: "new", count: 1 });
	});

	it("lets a held line be voided, or its order cancelled, without bothering the kitchen", () => {
		const s = push(grill(), order([item("a"), held("m")]));

		const voided = push(s, order([item("a"), held("m", { status: "voided" })]));
		assert.equal(voided.beep.count, 1);
		assert.equal(ticketOf(voided).alert.kind, "new", "the first alert, nothing louder");

		const onlyHeld = push(grill(), order([held("m")]));
		const cancelled = push(onlyHeld, order([held("m", { status: "voided" })], { status: "cancelled" }));
		assert.equal(cancelled.tickets.size, 0, "gone without a flag: nothing was cooking");
		assert.equal(cancelled.beep.count, 0);
	});
});

describe("kitchen state: partial voids", () => {
	it("shrinks the line, puts the voided part right under it and buzzes", () => {
		const steak = { menuItemId: "steak", name: "Steak" };
		let s = push(grill(), order([item("a", { quantity: 3, ...steak }), item("b", { menuItemId: "fries" })]));

		s = push(
			s,
			order([
				item("a", { quantity: 2, ...steak }),
				item("b", { menuItemId: "fries" }),
				item("a2", { quantity: 1, ...steak, status: "voided", voidReason: "too many" }),
			]),
		);

		const lines = ticketOf(s).items;
		assert.deepEqual(
			lines.map(i => [i.id, i.quantity, i.status]),
			[
				["a", 2, "queued"],
				["a2", 1, "voided"],
				["b", 1, "queued"],
			],
		);
		assert.equal(lines[0].shrunkFrom, 3);
		assert.equal(lines[1].splitFrom, "a");
		assert.equal(ticketOf(s).alert.kind, "void");
		assert.deepEqual(s.beep, { kind: "void", count: 2 });
		assert.deepEqual(allDay(rail(s)), [
			["Steak", 2],
			["Dish b", 1],
		]);
	});

	it("stays quiet for part of a held line", () => {
		const steak = { menuItemId: "steak", name: "Steak", held: true, firedAt: null, course: 2 };
		let s = push(grill(), order([item("a", { quantity: 3, ...steak })]));

		s = push(s, order([item("a", { quantity: 1, ...steak }), item("a2", { quantity: 2, ...steak, status: "voided" })]));

		assert.equal(ticketOf(s).items[0].quantity, 1);
		assert.equal(ticketOf(s).alert, null);
		assert.equal(s.beep.count, 0);
	});

	it("keeps the voided part under its line through a reload", () => {
		const merged = mergeItems(
			[item("a", { quantity: 2, shrunkFrom: 3 }), item("a2", { status: "voided", splitFrom: "a" }), item("b", { round: 2 })],
			[item("b", { round: 2 }), item("a", { quantity: 2 }), item("a2", { status: "voided" })],
		);

		assert.deepEqual(
			merged.map(i => i.id),
			["a", "a2", "b"],
		);
		assert.equal(merged[0].shrunkFrom, 3);
	});
});

describe("kitchen state: order types", () => {
	const takeout = (id, pickupAt, items) =>
		order(items, { id, type: "takeout", tableId: null, tableName: null, name: "Kim", pickupAt, covers: null });

	it("keeps whose it is, and dues a takeout at its pickup time", () => {
		const s = push(grill(), takeout("k", "2026-11-22T19:30:00.000Z", [item("a")]));

		const t = ticketOf(s, "k");
		assert.equal(t.orderType, "takeout");
		assert.equal(t.name, "Kim");
		assert.equal(t.dueAt, "2026-11-22T19:30:00.000Z");
		assert.equal(ticketLabel(t), "Takeout: Kim");
	});

	it("sorts takeouts among the tables by pickup time", () => {
		let s = push(grill(), takeout("late", "2026-11-22T19:45:00Z", [item("a", { createdAt: "2026-11-22T18:00:00Z" })]));
		s = push(s, takeout("soon", "2026-11-22T18:30:00Z", [item("b", { createdAt: "2026-11-22T18:10:00Z" })]));
		s = push(s, order([item("c", { createdAt: "2026-11-22T18:20:00Z" })], { id: "table", covers: 4 }));

		assert.deepEqual(
			rail(s).map(t => t.orderId),
			["table", "soon", "late"],
		);
		assert.equal(ticketOf(s, "table").covers, 4);
	});

	it("moves a takeout on the rail when its pickup time changes", () => {
		let s = push(grill(), takeout("k", "2026-11-22T19:30:00Z", [item("a")]));
		s = push(s, order([item("b")], { id: "table" }));
		assert.deepEqual(
			rail(s).map(t => t.orderId),
			["table", "k"],
		);

		s = push(s, takeout("k", "2026-11-22T18:45:00Z", [item("a")]));

		assert.equal(ticketOf(s, "k").pickupAt, "2026-11-22T18:45:00Z");
		assert.deepEqual(
			rail(s).map(t => t.orderId),
			["k", "table"],
		);
		assert.equal(s.beep.count, 2, "a new pickup time is not new work");
	});

	it("names a ticket as every screen does, the name apart from its kind", () => {
		assert.deepEqual(labelParts({ orderType: "dine_in", tableName: "5" }), { kind: "Table", name: "5" });
		assert.deepEqual(labelParts({ orderType: "dine_in", tableName: "Table 12" }), { kind: "", name: "Table 12" });
		assert.deepEqual(labelParts({ orderType: "bar_tab", tableName: null, name: "Sam" }), { kind: "Tab:", name: "Sam" });
		assert.equal(ticketLabel({ tableName: "5" }), "Table 5", "a ticket from an older kitchen node is a table's");
		assert.equal(ticketLabel({ orderType: "bar_tab", name: "Sam" }), "Tab: Sam");
	});

	it("says a pickup time in the restaurant's zone, and how far off it is", () => {
		assert.equal(timeOfDay("2026-11-22T19:30:00Z", "UTC"), "19:30");
		assert.equal(timeOfDay("2026-11-22T19:30:00Z", "Europe/Paris"), "20:30");
		assert.equal(untilText("2026-11-22T19:25:00Z", NOW), "in 25 min");
		assert.equal(untilText("2026-11-22T19:00:20Z", NOW), "now");
		assert.equal(untilText("2026-11-22T18:55:00Z", NOW), "5 min late");
		assert.equal(untilText("2026-11-22T22:00:00Z", NOW), "in 3 h");
	});
});

describe("kitchen state: modifier options on the 86 panel", () => {
	const option = (id, fields = {}) => ({
		id,
		groupId: "g",
		name: `Option ${id}`,
		priceDeltaCents: 0,
		station: null,
		available: true,
		remaining: null,
		position: 0,
		...fields,
	});
	const temperature = {
		id: "temp",
		name: "Temperature",
		required: true,
		minChoices: 1,
		maxChoices: 1,
		options: [option("rare", { position: 0 }), option("well", { position: 1 })],
	};
	const sides = {
		id: "sides",
		name: "Sides",
		required: false,
		minChoices: 0,
		maxChoices: 2,
		options: [option("fries", { station: "fryer" }), option("slaw", { position: 1 })],
	};
	const menu = {
		categories: [
			{
				id: "mains",
				items: [
					{
						id: "steak",
						name: "Steak",
						station: "grill",
						categoryId: "mains",
						available: true,
						remaining: 3,
						modifierGroups: [temperature, sides],
					},
					{
						id: "salad",
						name: "Salad",
						station: "cold",
						categoryId: "mains",
						available: true,
						remaining: null,
						modifierGroups: [],
					},
				],
			},
		],
	};
	const loaded = (station = "grill") => reducer(initialState({ station }), { type: "menu", menu });

	it("lists the options cooked here, under their groups: the grill's with its steak, the fryer's own side", () => {
		const ids = s => panelGroups(s).map(({ group, options }) => [group.name, options.map(o => o.id)]);

		assert.deepEqual(ids(loaded("grill")), [
			["Sides", ["slaw"]],
			["Temperature", ["rare", "well"]],
		]);
		assert.deepEqual(ids(loaded("fryer")), [["Sides", ["fries"]]]);
		assert.deepEqual(ids(loaded("cold")), []);
		assert.deepEqual(ids(loaded(ALL)), [
			["Sides", ["fries", "slaw"]],
			["Temperature", ["rare", "well"]],
		]);
	});

	it("86es an option from a modifier:update push, on the panel and in the dishes that carry it", () => {
		const s = reducer(loaded(), {
			type: "modifierGroup",
			group: { ...temperature, options: [option("rare", { available: false }), temperature.options[1]] },
		});

		assert.equal(s.groups.get("temp").options[0].available, false);
		assert.equal(s.dishes.find(d => d.id === "steak").modifierGroups[0].options[0].available, false);
		assert.equal(outCount(s), 1);
	});

	it("drops a deleted group from the panel and the dishes", () => {
		const s = reducer(loaded(), { type: "modifierGroup", group: { ...sides, deleted: true } });

		assert.equal(s.groups.has("sides"), false);
		assert.deepEqual(
			s.dishes.find(d => d.id === "steak").modifierGroups.map(g => g.id),
			["temp"],
		);
	});

	it("counts a dish down from a menu:update push, and takes its groups as they came", () => {
		const s = reducer(loaded(), {
			type: "menuItem",
			item: {
				...menu.categories[0].items[0],
				remaining: 0,
				available: false,
				modifierGroups: [{ ...temperature, name: "Doneness" }],
			},
		});

		assert.equal(s.dishes.find(d => d.id === "steak").remaining, 0);
		assert.equal(s.groups.get("temp").name, "Doneness");
		assert.equal(outCount(s), 1);
	});

	it("knows where an option is cooked, and which dish a side goes with", () => {
		const s = loaded(ALL);
		assert.equal(optionStations(s).get("fries"), "fryer");
		assert.equal(optionStations(s).get("rare"), null);

		const withParent = push(
			s,
			order([
				item("p", { name: "Steak", menuItemId: "steak" }),
				item("f", { name: "Fries", station: "fryer", partOf: "p", menuItemId: "steak" }),
			]),
		);
		const side = ticketOf(withParent, "o1", "fryer").items[0];
		assert.equal(sideParent(withParent, side), "Steak");
		assert.equal(
			sideParent(loaded("fryer"), { ...side, partOf: "elsewhere" }),
			"Steak",
			"from the menu when the parent is on another screen",
		);
		assert.equal(sideParent(s, item("x")), null);
	});

	it("names a course as the venue does, past the list as its number", () => {
		assert.equal(courseName(["Starters", "Mains"], 2), "Mains");
		assert.equal(courseName(["Starters", "Mains"], 4), "Course 4");
	});
});
