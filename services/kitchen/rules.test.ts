// The kitchen's rules without a broker or a database: a ticket's status from its items, the time each item step
// is stamped with, and which tickets a bump or a recall takes (or the error that refuses it).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Ticket } from "../../contracts";
import { hasLiveItemAt, itemStamps, ticketStatus, ticketsToBump, ticketsToRecall, type ItemStamps } from "./rules";

/** The typed error a rule throws: its HTTP status, stable code and details. */
const refusal = (status: number, type: string, data: unknown) => ({ code: status, type, data });
const ticket = (station: string, status: Ticket["status"]): Ticket => ({
	orderId: "o1",
	station,
	tableName: "Table 4",
	placedAt: "2024-05-01T19:00:00.000Z",
	status,
	bumpedAt: null,
	items: [],
});

describe("a ticket's status", () => {
	it("open while something on it is left to cook, for a new ticket and an open one alike", () => {
		assert.equal(ticketStatus(undefined, ["queued"]), "open");
		assert.equal(ticketStatus("open", ["ready", "preparing"]), "open");
	});

	it("an open ticket whose items are all ready stays open until a cook bumps it", () => {
		assert.equal(ticketStatus("open", ["ready", "ready"]), "open");
		assert.equal(ticketStatus(undefined, ["ready"]), "open");
	});

	it("a bumped ticket stays bumped while everything on it is ready (served and voided lines aside)", () => {
		assert.equal(ticketStatus("bumped", ["ready", "served", "voided"]), "bumped");
	});

	it("a bumped ticket comes back to the screen when a new round brings it work", () => {
		assert.equal(ticketStatus("bumped", ["ready", "queued"]), "open");
		assert.equal(ticketStatus("bumped", ["served", "preparing"]), "open");
	});

	it("closed once nothing is left to cook or hand over: every line served or voided", () => {
		for (const current of [undefined, "open", "bumped", "closed"] as const) {
			assert.equal(ticketStatus(current, ["served", "voided"]), "closed");
			assert.equal(ticketStatus(current, ["voided"]), "closed");
		}
	});

	it("a closed ticket opens again when a new round brings it work", () => {
		assert.equal(ticketStatus("closed", ["served", "queued"]), "open");
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
