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
