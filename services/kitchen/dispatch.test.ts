// Which tickets an order event sends to the screens (each a station and round to acknowledge), and what an overdue one becomes.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ItemStatus } from "../../contracts";
import { dispatchesOf, overdueOutcome, waiterOf } from "./rules";

const line = (id: string, station: string, round: number, status: ItemStatus = "queued", held = false) => ({
	id,
	station,
	round,
	status,
	held,
});

describe("dispatchesOf", () => {
	it("a new order sends one ticket per station and round of its fired, waiting lines", () => {
		const items = [line("a", "grill", 1), line("b", "grill", 1), line("c", "cold", 1), line("d", "bar", 1, "queued", true)];
		assert.deepEqual(dispatchesOf(items), [
			{ station: "grill", round: 1 },
			{ station: "cold", round: 1 },
		]);
	});

	it("a later change sends only the lines it touched; a line already started or voided sends nothing", () => {
		const items = [line("a", "grill", 1), line("b", "grill", 2), line("c", "cold", 2, "preparing"), line("d", "cold", 2, "voided")];
		assert.deepEqual(dispatchesOf(items, ["b", "c", "d"]), [{ station: "grill", round: 2 }]);
		assert.deepEqual(dispatchesOf(items, []), []);
	});
});

describe("overdueOutcome", () => {
	const ticket = (status: "open" | "bumped" | "closed", items: { round: number; status: ItemStatus; held?: boolean }[]) => ({
		status,
		items: items.map(i => ({ held: false, ...i })) as never,
	});

	it("re-routes a round whose lines all still wait for a cook", () => {
		assert.equal(
			overdueOutcome(
				ticket("open", [
					{ round: 1, status: "queued" },
					{ round: 2, status: "ready" },
				]),
				1,
			),
			"reroute",
		);
	});

	it("settles a round a cook started, one voided, a closed ticket or none", () => {
		assert.equal(
			overdueOutcome(
				ticket("open", [
					{ round: 1, status: "queued" },
					{ round: 1, status: "preparing" },
				]),
				1,
			),
			"settle",
		);
		assert.equal(overdueOutcome(ticket("open", [{ round: 1, status: "voided" }]), 1), "settle");
		assert.equal(overdueOutcome(ticket("closed", [{ round: 1, status: "queued" }]), 1), "settle");
		assert.equal(overdueOutcome(undefined, 1), "settle");
	});
});

describe("waiterOf", () => {
	it("a ticket not confirmed is the waiter's the table was handed to, else the one who took the order", () => {
		assert.equal(waiterOf({ createdBy: "ann", assignedTo: "bob" }), "bob");
		assert.equal(waiterOf({ createdBy: "ann" }), "ann");
	});
});
