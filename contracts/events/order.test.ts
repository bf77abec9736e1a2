// The readings of an order snapshot that more than one service makes: who hears about a change, what a station still has.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { liveItemsAt, stationsOf } from "./order";

const items = [
	{ id: "a", station: "grill", status: "ready" },
	{ id: "b", station: "bar", status: "voided" },
	{ id: "c", station: "grill", status: "queued" },
	{ id: "d", station: "cold", status: "served" },
];

describe("an order snapshot, read the same way by every service", () => {
	it("names each station an order's items go to once, in the order they first appear", () => {
		assert.deepEqual(stationsOf({ items }), ["grill", "bar", "cold"]);
	});

	it("names only the stations of the items a change touched", () => {
		assert.deepEqual(stationsOf({ items }, ["b", "d"]), ["bar", "cold"]);
		assert.deepEqual(stationsOf({ items }, []), []);
	});

	it("counts every line but the voided ones as still on a station, served ones included", () => {
		assert.deepEqual(
			liveItemsAt(items, "grill").map(i => i.id),
			["a", "c"],
		);
		assert.deepEqual(liveItemsAt(items, "bar"), []);
		assert.deepEqual(
			liveItemsAt(items).map(i => i.id),
			["a", "c", "d"],
		);
	});
});
