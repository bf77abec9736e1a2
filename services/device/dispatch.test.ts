// Where a ticket no screen acknowledged prints, a re-routed chit, and a station's health.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Ticket } from "../../contracts";
import { rerouteTarget, reroutedChit, stationHealth, healthSnapshot } from "./rules";

const printer = (id: string, station: string | null, failing = false, fallbackPrinterId: string | null = null) => ({
	id,
	name: id,
	station,
	failingSince: failing ? new Date(0) : null,
	fallbackPrinterId,
});

describe("rerouteTarget", () => {
	const all = [
		printer("grill", "grill"),
		printer("grill-2", "grill", true, "spare"),
		printer("spare", "pass"),
		printer("dead", "pass", true),
	];
	const byId = (id: string) => all.find(p => p.id === id);

	it("the station's first printer that works", () => {
		assert.equal(rerouteTarget([all[1], all[0]], byId)?.id, "grill");
	});

	it("else a working fallback, at once; else none (the expo)", () => {
		assert.equal(rerouteTarget([all[1]], byId)?.id, "spare");
		assert.equal(rerouteTarget([printer("x", "grill", true, "dead")], byId), null);
		assert.equal(rerouteTarget([], byId), null);
	});
});

describe("reroutedChit", () => {
	it("prints the round's lines still to make, flagged as not on a screen", () => {
		const item = (id: string, name: string, round: number, status = "queued") =>
			({
				id,
				name,
				round,
				status,
				quantity: 1,
				station: "grill",
				modifiers: [],
				held: false,
				seat: null,
				notes: "",
				partOf: null,
				remakeOf: null,
			}) as never;
		const ticket = {
			orderId: "o1",
			station: "grill",
			tableName: "4",
			orderType: "dine_in",
			name: null,
			covers: 2,
			items: [item("a", "Steak", 1), item("b", "Burger", 2), item("c", "Ribs", 2, "voided")],
		} as unknown as Ticket;
		const chit = reroutedChit(ticket, 2, new Date("2026-01-01T12:00:00Z"));
		assert.equal(chit.lines, 1);
		assert.match(chit.document, /NOT ON SCREEN/);
		assert.match(chit.document, /Round 2/);
		assert.match(chit.document, /1 x Burger/);
		assert.doesNotMatch(chit.document, /Steak|Ribs/);
	});
});

describe("stationHealth", () => {
	const base = { station: "grill", screens: 1, printers: [], lastAckAt: null, unacknowledged: 0 };
	it("healthy with a live screen and nothing overdue, or with no screen but a working printer", () => {
		assert.equal(stationHealth(base).healthy, true);
		assert.equal(stationHealth({ ...base, screens: 0, printers: [{ id: "p", name: "P", status: "ok" }] }).healthy, true);
	});

	it("not with tickets overdue, a printer offline, or neither a screen nor a printer", () => {
		assert.equal(stationHealth({ ...base, unacknowledged: 1 }).healthy, false);
		assert.equal(stationHealth({ ...base, printers: [{ id: "p", name: "P", status: "offline" }] }).healthy, false);
		assert.equal(stationHealth({ ...base, screens: 0 }).healthy, false);
	});

	it("a new ack alone is no change to push", () => {
		const h = stationHealth(base);
		assert.equal(healthSnapshot(h), healthSnapshot({ ...h, lastAckAt: "2026-01-01T00:00:00Z" }));
		assert.notEqual(healthSnapshot(h), healthSnapshot(stationHealth({ ...base, screens: 2 })));
	});
});
