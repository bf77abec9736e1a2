// Who an order is for, without a broker: what each type needs and refuses (400 naming the field), a pickup time
// that is a real one near now, and what a PATCH changes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { anOrder } from "../../test/fixtures/domain";
import { assertDetails, assertPickup, detailsChange } from "./details";

const now = new Date("2026-11-27T18:00:00Z");
/** The 400 naming `field`. */
const names = (field: string) => (e: { type: string; data: { field: string }[] }) =>
	e.type === "VALIDATION_ERROR" && e.data[0].field === field;

describe("an order's type and what it needs", () => {
	it("dine-in needs a table and has no pickup time; a name is allowed", () => {
		assertDetails({ type: "dine_in", tableId: "t", name: "Kim" }, now);
		assert.throws(() => assertDetails({ type: "dine_in" }, now), names("tableId"));
		assert.throws(() => assertDetails({ type: "dine_in", tableId: "t", pickupAt: "2026-11-27T19:00:00Z" }, now), names("pickupAt"));
	});

	it("takeout needs a name and a pickup time, and has no table", () => {
		assertDetails({ type: "takeout", name: "Kim", pickupAt: "2026-11-27T19:00:00Z" }, now);
		assert.throws(() => assertDetails({ type: "takeout", pickupAt: "2026-11-27T19:00:00Z" }, now), names("name"));
		assert.throws(() => assertDetails({ type: "takeout", name: "Kim" }, now), names("pickupAt"));
		assert.throws(
			() => assertDetails({ type: "takeout", name: "Kim", pickupAt: "2026-11-27T19:00:00Z", tableId: "t" }, now),
			names("tableId"),
		);
	});

	it("a bar tab needs a name, and has neither a table nor a pickup time", () => {
		assertDetails({ type: "bar_tab", name: "Sam", tableId: null }, now);
		assert.throws(() => assertDetails({ type: "bar_tab" }, now), names("name"));
		assert.throws(() => assertDetails({ type: "bar_tab", name: "Sam", tableId: "t" }, now), names("tableId"));
		assert.throws(() => assertDetails({ type: "bar_tab", name: "Sam", pickupAt: "2026-11-27T19:00:00Z" }, now), names("pickupAt"));
	});

	it("a pickup time is a real instant with its offset, within 7 days of now either way", () => {
		assertPickup("2026-11-27T19:30+01:00", now);
		assertPickup("2026-12-04T17:59:59.000Z", now);
		for (const bad of [
			"2026-02-30T10:00:00Z",
			"2026-11-27T24:10:00Z",
			"2026-11-27 19:00",
			"2026-12-05T18:00:01Z",
			"2026-11-20T17:59:00Z",
		])
			assert.throws(() => assertPickup(bad, now), names("pickupAt"), bad);
	});
});

describe("PATCH /orders/:id", () => {
	const takeout = anOrder({
		type: "takeout",
		tableId: null,
		tableName: null,
		name: "Kim",
		pickupAt: "2026-11-27T19:00:00.000Z",
		covers: null,
	});

	it("only what differs changes; the same values again change nothing", () => {
		assert.deepEqual(detailsChange(takeout, { covers: 2, name: "Kim", pickupAt: "2026-11-27T20:00:00+01:00" }, now), { covers: 2 });
		assert.deepEqual(detailsChange(takeout, { pickupAt: "2026-11-27T19:30:00Z", notes: "ring the bell" }, now), {
			pickupAt: "2026-11-27T19:30:00.000Z",
			notes: "ring the bell",
		});
		assert.deepEqual(detailsChange(anOrder(), { covers: null, name: null }, now), {});
	});

	it("a takeout keeps its name and pickup time; only a takeout has one", () => {
		assert.throws(() => detailsChange(takeout, { name: null }, now), names("name"));
		assert.throws(() => detailsChange(takeout, { pickupAt: null }, now), names("pickupAt"));
		assert.throws(() => detailsChange(anOrder(), { pickupAt: "2026-11-27T19:30:00Z" }, now), names("pickupAt"));
		assert.deepEqual(detailsChange(anOrder(), { name: "Birthday" }, now), { name: "Birthday" });
	});
});
