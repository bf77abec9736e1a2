// The kitchen's rules without a broker or a database: a ticket's status from its lines (held ones too), its clock
// and due time, the time each item step is stamped with, and which tickets a bump or a recall takes (or the
// error that refuses it).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ItemStatus, Ticket } from "../../contracts";
import {
	afterBump,
	dueAt,
	hasLiveItemAt,
	itemStamps,
	queuedAt,
	ticketClock,
	ticketStatus,
	ticketsToBump,
	ticketsToRecall,
	type ItemStamps,
	type TicketLine,
} from "./rules";

/** The typed error a rule throws: its HTTP status, stable code and details. */
const refusal = (status: number, type: string, data: unknown) => ({ code: status, type, data });
const PLACED = "2024-05-01T19:00:00.000Z";
type TicketItem = Ticket["items"][number];
const line = (id: string, status: ItemStatus, over: Partial<TicketItem> = {}): TicketItem => ({
	id,
	menuItemId: `m-${id}`,
	name: id,
	station: "grill",
	quantity: 1,
	unitPriceCents: 1000,
	notes: "",
	status,
	round: 1,
	voidReason: null,
	createdAt: PLACED,
	seat: null,
	course: 1,
	held: false,
	firedAt: PLACED,
	modifiers: [],
	remakeOf: null,
	remakeReason: null,
	partOf: null,
	optionId: null,
	startedAt: null,
	readyAt: null,
	...over,
});
const ticket = (station: string, status: Ticket["status"], items: TicketItem[] = [line("a", "queued")]): Ticket => ({
	orderId: "o1",
	station,
	tableName: "Table 4",
	orderType: "dine_in",
	name: null,
	pickupAt: null,
	covers: null,
	dueAt: PLACED,
	placedAt: PLACED,
	status,
	bumpedAt: null,
	items,
});
/** Fired lines in these statuses. */
const fired = (...statuses: ItemStatus[]): TicketLine[] => statuses.map(status => ({ status, held: false }));
/** A line of a course not fired yet. */
const HELD: TicketLine = { status: "queued", held: true };

describe("a ticket's status", () => {
	it("open while something on it is left to cook, for a new ticket and an open one alike", () => {
		assert.equal(ticketStatus(undefined, fired("queued")), "open");
		assert.equal(ticketStatus("open", fired("ready", "preparing")), "open");
	});

	it("an open ticket whose items are all ready stays open until a cook bumps it", () => {
		assert.equal(ticketStatus("open", fired("ready", "ready")), "open");
		assert.equal(ticketStatus(undefined, fired("ready")), "open");
	});

	it("a bumped ticket stays bumped while everything on it is ready (served and voided lines aside)", () => {
		assert.equal(ticketStatus("bumped", fired("ready", "served", "voided")), "bumped");
	});

	it("a bumped ticket comes back to the screen when a new round brings it work", () => {
		assert.equal(ticketStatus("bumped", fired("ready", "queued")), "open");
		assert.equal(ticketStatus("bumped", fired("served", "preparing")), "open");
	});

	it("closed once nothing is left to cook or hand over: every line served or voided", () => {
		for (const current of [undefined, "open", "bumped", "closed"] as const) {
			assert.equal(ticketStatus(current, fired("served", "voided")), "closed");
			assert.equal(ticketStatus(current, fired("voided")), "closed");
		}
	});

	it("a closed ticket opens again when a new round brings it work", () => {
		assert.equal(ticketStatus("closed", fired("served", "queued")), "open");
	});
});

describe("a ticket's status with held lines", () => {
	it("a ticket whose only live lines are held is open: the cook sees the course coming", () => {
		assert.equal(ticketStatus(undefined, [HELD]), "open");
		assert.equal(ticketStatus("open", [...fired("served"), HELD]), "open");
		assert.equal(ticketStatus("closed", [...fired("served"), HELD]), "open");
	});

	it("held lines do not keep a bumped ticket on the screen: it stays bumped while everything fired is ready", () => {
		assert.equal(ticketStatus("bumped", [...fired("ready"), HELD]), "bumped");
		assert.equal(ticketStatus("bumped", [...fired("served"), HELD]), "bumped");
	});

	it("a bumped ticket comes back open when its next course fires", () => {
		assert.equal(ticketStatus("bumped", fired("served", "queued")), "open");
	});

	it("a held line still counts as something left: the ticket is not closed", () => {
		assert.equal(ticketStatus("open", [...fired("served", "voided"), HELD]), "open");
	});
});

describe("a ticket's clock and due time", () => {
	const at = new Date("2024-05-01T19:30:00Z");
	const placed = new Date(PLACED);
	const fire = new Date("2024-05-01T19:25:00Z");

	it("a new ticket's clock starts at the event that brought it", () => {
		assert.deepEqual(ticketClock(undefined, [{ ...HELD, queuedAt: at }], at), at);
	});

	it("a ticket the cook already has fired work on keeps its time when more comes", () => {
		const prior = { status: "open" as const, placedAt: placed, lines: fired("preparing") };
		const lines = [
			{ status: "preparing" as const, held: false, queuedAt: placed },
			{ status: "queued" as const, held: false, queuedAt: fire },
		];
		assert.deepEqual(ticketClock(prior, lines, at), placed);
	});

	it("a held-only ticket whose course fires starts its clock at the fire, not at the order", () => {
		const prior = { status: "open" as const, placedAt: placed, lines: [HELD] };
		assert.deepEqual(ticketClock(prior, [{ status: "queued", held: false, queuedAt: fire }], at), fire);
	});

	it("a bumped ticket brought back by a fired course starts again at the earliest waiting line", () => {
		const prior = { status: "bumped" as const, placedAt: placed, lines: [...fired("ready"), HELD] };
		const lines = [
			{ status: "ready" as const, held: false, queuedAt: placed },
			{ status: "queued" as const, held: false, queuedAt: fire },
		];
		assert.deepEqual(ticketClock(prior, lines, at), fire);
	});

	it("a ticket with nothing waiting keeps its time (a bumped one being served, a held one voided)", () => {
		const prior = { status: "bumped" as const, placedAt: placed, lines: fired("ready") };
		assert.deepEqual(ticketClock(prior, [{ status: "served", held: false, queuedAt: placed }], at), placed);
	});

	it("a takeout is due at its pickup time; a dine-in, a tab, or a takeout without a time, when its work arrived", () => {
		const pickup = new Date("2024-05-01T20:15:00Z");
		assert.deepEqual(dueAt("takeout", pickup, placed), pickup);
		assert.deepEqual(dueAt("takeout", null, placed), placed);
		assert.deepEqual(dueAt("dine_in", pickup, placed), placed);
		assert.deepEqual(dueAt("bar_tab", null, placed), placed);
	});

	it("a line's timer: a new line starts now, a line fired from a held course starts at its fire, any other keeps its time", () => {
		assert.deepEqual(queuedAt(undefined, { held: false, firedAt: fire }, at), at);
		assert.deepEqual(queuedAt({ held: true, queuedAt: placed }, { held: false, firedAt: fire }, at), fire);
		assert.deepEqual(queuedAt({ held: true, queuedAt: placed }, { held: false, firedAt: null }, at), at);
		assert.deepEqual(queuedAt({ held: true, queuedAt: placed }, { held: true, firedAt: null }, at), placed);
		assert.deepEqual(queuedAt({ held: false, queuedAt: placed }, { held: false, firedAt: fire }, at), placed);
	});
});

describe("an item's step stamps", () => {
	const at = new Date("2024-05-01T19:10:00Z");
	const earlier = new Date("2024-05-01T19:02:00Z");
	const none: ItemStamps<Date> = { startedAt: null, readyAt: null, servedAt: null, voidedAt: null };

	it("a queued item has no step stamped", () => {
		assert.deepEqual(itemStamps(undefined, "queued", at), none);
	});

	it("each step the status shows for the first time gets the time of that event", () => {
		assert.deepEqual(itemStamps(undefined, "preparing", at), { ...none, startedAt: at });
		assert.deepEqual(itemStamps(undefined, "voided", at), { ...none, voidedAt: at });
	});

	it("a step skipped (bumped straight to ready, served before anyone tapped it) is stamped with the event that showed it", () => {
		assert.deepEqual(itemStamps(undefined, "ready", at), { ...none, startedAt: at, readyAt: at });
		assert.deepEqual(itemStamps(undefined, "served", at), { startedAt: at, readyAt: at, servedAt: at, voidedAt: null });
	});

	it("a step already stamped keeps its first time; only the new step gets this event's", () => {
		const kept = { ...none, startedAt: earlier };
		const stamped = itemStamps(kept, "ready", at);
		assert.equal(stamped.startedAt, earlier);
		assert.deepEqual(stamped, { ...none, startedAt: earlier, readyAt: at });
	});

	it("an item voided after the kitchen started it keeps when it was started", () => {
		assert.deepEqual(itemStamps({ ...none, startedAt: earlier }, "voided", at), { ...none, startedAt: earlier, voidedAt: at });
	});

	it("the same snapshot again changes no stamp: the kept values come back as they are (the repository skips the write)", () => {
		const first = itemStamps(undefined, "ready", earlier);
		const again = itemStamps(first, "ready", at);
		assert.deepEqual(again, first);
		assert.equal(again.startedAt, first.startedAt);
		assert.equal(again.readyAt, first.readyAt);
	});
});

describe("a bump", () => {
	it("has something to act on when a live item sits at the station, or at any station when none is named", () => {
		const items = [
			{ station: "grill", status: "voided" },
			{ station: "bar", status: "served" },
		] as const;
		assert.equal(hasLiveItemAt(items, "bar"), true);
		assert.equal(hasLiveItemAt(items), true);
	});

	it("has nothing to act on where every item is voided, or at a station the order never used", () => {
		const items = [
			{ station: "grill", status: "voided" },
			{ station: "bar", status: "voided" },
		] as const;
		assert.equal(hasLiveItemAt(items, "grill"), false);
		assert.equal(hasLiveItemAt(items, "pastry"), false);
		assert.equal(hasLiveItemAt(items), false);
	});

	it("takes the open tickets and leaves the bumped and closed ones", () => {
		const tickets = [ticket("bar", "bumped"), ticket("grill", "open"), ticket("pastry", "closed"), ticket("wok", "open")];
		assert.deepEqual(
			ticketsToBump(tickets, "o1").map(t => t.station),
			["grill", "wok"],
		);
	});

	it("a ticket with held lines beside fired work is bumped; one with held lines only is left for its course", () => {
		const withHeld = ticket("grill", "open", [line("steak", "ready"), line("cake", "queued", { held: true, firedAt: null })]);
		const heldOnly = ticket("pastry", "open", [line("tart", "queued", { held: true, firedAt: null })]);
		assert.deepEqual(
			ticketsToBump([withHeld, heldOnly], "o1").map(t => t.station),
			["grill"],
		);
	});

	it("held lines only: 409 TICKET_HELD naming the station, even beside a bumped ticket", () => {
		const heldOnly = ticket("pastry", "open", [line("tart", "queued", { held: true, firedAt: null }), line("pie", "served")]);
		assert.throws(() => ticketsToBump([heldOnly], "o1", "pastry"), refusal(409, "TICKET_HELD", { orderId: "o1", station: "pastry" }));
		assert.throws(
			() => ticketsToBump([ticket("bar", "bumped"), heldOnly], "o1"),
			refusal(409, "TICKET_HELD", { orderId: "o1", station: "pastry" }),
		);
	});

	it("no ticket at all: 404 TICKET_NOT_FOUND naming the order and station", () => {
		assert.throws(() => ticketsToBump([], "o1", "grill"), refusal(404, "TICKET_NOT_FOUND", { orderId: "o1", station: "grill" }));
	});

	it("nothing open: 409 TICKET_CLOSED or TICKET_ALREADY_BUMPED, as the first ticket is", () => {
		const closedFirst = [ticket("bar", "closed"), ticket("grill", "bumped")];
		const bumpedFirst = [ticket("bar", "bumped"), ticket("grill", "closed")];
		assert.throws(() => ticketsToBump(closedFirst, "o1"), refusal(409, "TICKET_CLOSED", { orderId: "o1", station: "bar" }));
		assert.throws(() => ticketsToBump(bumpedFirst, "o1"), refusal(409, "TICKET_ALREADY_BUMPED", { orderId: "o1", station: "bar" }));
	});
});

describe("a ticket just bumped", () => {
	it("is bumped when everything fired on it is ready, held lines or not", () => {
		const t = ticket("grill", "open", [line("steak", "ready"), line("cake", "queued", { held: true, firedAt: null })]);
		assert.deepEqual(afterBump(t), { status: "bumped", placedAt: new Date(PLACED) });
	});

	it("is straight back on the rail when the bump fired its next course onto it, its clock started at that fire", () => {
		const fire = "2024-05-01T19:40:00.000Z";
		const t = ticket("grill", "open", [
			line("starter", "ready"),
			line("main", "queued", { course: 2, createdAt: fire, firedAt: fire }),
		]);
		assert.deepEqual(afterBump(t), { status: "open", placedAt: new Date(fire) });
	});
});

describe("a recall", () => {
	it("brings back the bumped tickets only", () => {
		const tickets = [ticket("bar", "open"), ticket("grill", "bumped"), ticket("pastry", "closed")];
		assert.deepEqual(
			ticketsToRecall(tickets, "o1").map(t => t.station),
			["grill"],
		);
	});

	it("no ticket: 404 TICKET_NOT_FOUND; none bumped: 409 TICKET_NOT_BUMPED naming the first", () => {
		assert.throws(() => ticketsToRecall([], "o1"), refusal(404, "TICKET_NOT_FOUND", { orderId: "o1", station: undefined }));
		const noneBumped = [ticket("bar", "open"), ticket("grill", "closed")];
		assert.throws(() => ticketsToRecall(noneBumped, "o1"), refusal(409, "TICKET_NOT_BUMPED", { orderId: "o1", station: "bar" }));
	});
});
