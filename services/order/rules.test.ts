// The order's rules without a broker or a database: its status and total as its items move, what a void, a cancel,
// a serve, a bill and the kitchen's taps may take, and the error each refusal is.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { ITEM_STATUSES, type ItemStatus, type OrderStatus } from "../../contracts";
import {
	CLOSED_STATUSES,
	KITCHEN_MOVES,
	assertKitchenMove,
	assertOpen,
	assertServed,
	deriveStatus,
	itemToVoid,
	itemsToServe,
	linesToCancel,
	nextRound,
	orderTotal,
	pickToServe,
	readyAtStation,
} from "./rules";

const of = (...statuses: ItemStatus[]) => statuses.map(status => ({ status }));
/** Lines a, b, c… with the statuses given, in line order. */
const lines = (...statuses: ItemStatus[]) => statuses.map((status, n) => ({ id: "abcdefgh"[n], name: `dish ${n + 1}`, status }));
const ids = (xs: readonly { id: string }[]) => xs.map(x => x.id);
/** The typed error a rule throws: its HTTP status, stable code and (when given) details. */
const refusal = (status: number, type: string, data?: unknown) => ({ code: status, type, ...(data !== undefined && { data }) });

describe("an order's status as its items are served piecemeal", () => {
	it("drinks served while the grill cooks: in progress, whether the grill has started or not", () => {
		assert.equal(deriveStatus("in_progress", of("served", "preparing")), "in_progress");
		assert.equal(deriveStatus("in_progress", of("served", "queued")), "in_progress");
	});

	it("round 1 served, round 2 on its way: in progress; round 2 ready: ready; all of it served: served", () => {
		assert.equal(deriveStatus("served", of("served", "served", "queued")), "in_progress");
		assert.equal(deriveStatus("in_progress", of("served", "served", "ready")), "ready");
		assert.equal(deriveStatus("ready", of("served", "served", "served")), "served");
	});

	it("some served, the rest ready: ready (the waiter still has plates to carry)", () => {
		assert.equal(deriveStatus("ready", of("served", "ready", "ready")), "ready");
	});

	it("voided lines count for nothing either way", () => {
		assert.equal(deriveStatus("ready", of("served", "voided")), "served");
		assert.equal(deriveStatus("in_progress", of("served", "voided", "preparing")), "in_progress");
	});

	it("a closed order keeps its status", () => {
		assert.equal(deriveStatus("billed", of("served", "queued")), "billed");
	});

	it("what a serve takes: every ready item when none are named; the named ones, in the order's line order, otherwise", () => {
		const items = [
			{ id: "a", status: "ready" },
			{ id: "b", status: "preparing" },
			{ id: "c", status: "served" },
			{ id: "d", status: "ready" },
			{ id: "e", status: "queued" },
		] as const;
		const all = pickToServe(items);
		assert.deepEqual([ids(all.ready), ids(all.notReady), all.unknown], [["a", "d"], [], []]);
		const named = pickToServe(items, ["e", "d", "zz", "c"]);
		assert.deepEqual([ids(named.ready), ids(named.notReady), named.unknown], [["d"], ["c", "e"], ["zz"]]);
		// Nothing ready: what is still cooking is what the waiter is told about (not what was served long ago).
		const none = pickToServe([items[1], items[2], items[4]]);
		assert.deepEqual([ids(none.ready), ids(none.notReady)], [[], ["b", "e"]]);
	});
});

describe("an order's status before anything is served", () => {
	it("placed while every live item is queued; in progress once the kitchen starts one", () => {
		assert.equal(deriveStatus("placed", of("queued", "queued")), "placed");
		assert.equal(deriveStatus("placed", of("queued", "preparing")), "in_progress");
		assert.equal(deriveStatus("placed", of("queued", "ready")), "in_progress");
	});

	it("every item voided: cancelled, since nothing is left to cook or bill", () => {
		assert.equal(deriveStatus("in_progress", of("voided", "voided")), "cancelled");
	});

	it("a billed, paid or cancelled order keeps its status whatever its items say", () => {
		fc.assert(
			fc.property(fc.constantFrom(...CLOSED_STATUSES), fc.array(fc.constantFrom(...ITEM_STATUSES)), (closed, statuses) => {
				assert.equal(deriveStatus(closed, of(...statuses)), closed);
			}),
		);
	});
});

describe("the order's total", () => {
	const line = (status: ItemStatus, quantity: number, unitPriceCents: number) => ({ status, quantity, unitPriceCents });

	it("is quantity × unit price summed over the lines", () => {
		assert.equal(orderTotal([line("queued", 2, 450), line("served", 1, 1200)]), 2100);
	});

	it("leaves voided lines out", () => {
		assert.equal(orderTotal([line("ready", 3, 500), line("voided", 2, 9900)]), 1500);
	});

	it("is zero for an order with nothing live on it", () => {
		assert.equal(orderTotal([line("voided", 1, 700)]), 0);
		assert.equal(orderTotal([]), 0);
	});

	it("voiding a line takes exactly its quantity × price off the total", () => {
		const live = fc.constantFrom<ItemStatus>("queued", "preparing", "ready", "served");
		const quantity = fc.integer({ min: 1, max: 99 });
		const lineOf = fc.record({ status: live, quantity, unitPriceCents: fc.integer({ min: 0, max: 100_000 }) });
		fc.assert(
			fc.property(fc.array(lineOf, { minLength: 1, maxLength: 30 }), fc.nat(), (items, pick) => {
				const n = pick % items.length;
				const voided = items.map((l, i) => (i === n ? { ...l, status: "voided" as const } : l));
				assert.equal(orderTotal(items) - orderTotal(voided), items[n].quantity * items[n].unitPriceCents);
			}),
		);
	});
});

describe("an order that can still change", () => {
	it("billed, paid or cancelled: 409 ORDER_CLOSED naming its status", () => {
		for (const status of CLOSED_STATUSES) {
			assert.throws(() => assertOpen({ id: "o1", status }), refusal(409, "ORDER_CLOSED", { id: "o1", status }));
		}
	});

	it("placed, in progress, ready or served: may change", () => {
		const open: OrderStatus[] = ["placed", "in_progress", "ready", "served"];
		for (const status of open) assert.doesNotThrow(() => assertOpen({ id: "o1", status }));
	});

	it("a round added is numbered one after the last round", () => {
		assert.equal(nextRound([{ round: 1 }, { round: 1 }, { round: 3 }, { round: 2 }]), 4);
	});
});

describe("voiding an item", () => {
	it("a queued item: anyone on the floor may void it", () => {
		const items = lines("queued", "preparing");
		assert.equal(itemToVoid(items, "a", "staff"), items[0]);
	});

	it("once the kitchen has started it, only a manager or an admin may write it off, or a waiter a manager approved it for (403 APPROVAL_REQUIRED otherwise)", () => {
		const items = lines("preparing", "ready", "served");
		for (const item of items) {
			assert.throws(() => itemToVoid(items, item.id, "staff"), refusal(403, "APPROVAL_REQUIRED", { action: "voidStarted" }));
			assert.throws(() => itemToVoid(items, item.id, undefined), refusal(403, "APPROVAL_REQUIRED"));
			// An approval for something else is not one for this.
			assert.throws(
				() => itemToVoid(items, item.id, { role: "staff", approval: { permission: "comp" } }),
				refusal(403, "APPROVAL_REQUIRED"),
			);
			assert.equal(itemToVoid(items, item.id, { role: "staff", approval: { permission: "voidStarted" } }), item);
			assert.equal(itemToVoid(items, item.id, "admin"), item);
			assert.equal(itemToVoid(items, item.id, "manager"), item);
		}
	});

	it("an item already voided: 409 ITEM_STATE_CONFLICT, even for an admin", () => {
		const conflict = refusal(409, "ITEM_STATE_CONFLICT", { id: "a", status: "voided", wanted: "voided" });
		assert.throws(() => itemToVoid(lines("voided"), "a", "admin"), conflict);
	});

	it("an item not on the order: 404 ORDER_ITEM_NOT_FOUND", () => {
		assert.throws(() => itemToVoid(lines("queued"), "zz", "admin"), refusal(404, "ORDER_ITEM_NOT_FOUND", { id: "zz" }));
	});
});

describe("cancelling an order", () => {
	it("voids every live line and leaves the lines already voided alone", () => {
		assert.deepEqual(linesToCancel({ id: "o1", items: lines("queued", "voided", "preparing") }), ["a", "c"]);
	});

	it("once something is ready or served it is not cancellable (409 ORDER_NOT_CANCELLABLE)", () => {
		for (const status of ["ready", "served"] as const) {
			assert.throws(
				() => linesToCancel({ id: "o1", items: lines("queued", status) }),
				refusal(409, "ORDER_NOT_CANCELLABLE", { id: "o1" }),
			);
		}
	});
});

describe("serving", () => {
	it("takes every ready item when none are named", () => {
		assert.deepEqual(itemsToServe({ id: "o1", items: lines("ready", "preparing", "ready") }), ["a", "c"]);
	});

	it("a named item not on the order is a 404 naming it, before anything about readiness", () => {
		const order = { id: "o1", items: lines("queued") };
		assert.throws(() => itemsToServe(order, ["a", "zz"]), refusal(404, "ORDER_ITEM_NOT_FOUND", { orderId: "o1", itemIds: ["zz"] }));
	});

	it("a named item not ready is a 409 naming it, and nothing goes out (not even the ready ones named)", () => {
		const order = { id: "o1", items: lines("ready", "preparing") };
		const notReady = refusal(409, "ORDER_NOT_READY", { orderId: "o1", items: [{ id: "b", name: "dish 2", status: "preparing" }] });
		assert.throws(() => itemsToServe(order, ["a", "b"]), notReady);
	});

	it("nothing ready and nothing named: a 409 naming what is still cooking", () => {
		const order = { id: "o1", items: lines("served", "queued") };
		const cooking = refusal(409, "ORDER_NOT_READY", { orderId: "o1", items: [{ id: "b", name: "dish 2", status: "queued" }] });
		assert.throws(() => itemsToServe(order), cooking);
	});

	it("nothing ready and nothing cooking either (all of it served): still a 409, with no item to name", () => {
		const order = { id: "o1", items: lines("served", "voided") };
		assert.throws(() => itemsToServe(order), refusal(409, "ORDER_NOT_READY", { orderId: "o1", items: [] }));
	});
});

describe("billing an order", () => {
	it("every live line served: it may be billed", () => {
		assert.doesNotThrow(() => assertServed({ id: "o1", items: lines("served", "voided") }));
	});

	it("a line still waiting: 409 ORDER_NOT_SERVED naming each one the table waits for", () => {
		const order = { id: "o1", items: lines("served", "ready", "voided", "queued") };
		const waiting = [
			{ id: "b", name: "dish 2", status: "ready" },
			{ id: "d", name: "dish 4", status: "queued" },
		];
		assert.throws(() => assertServed(order), refusal(409, "ORDER_NOT_SERVED", { orderId: "o1", items: waiting }));
	});
});

describe("the kitchen's moves", () => {
	it("a cook starts a queued item and finishes a queued or preparing one", () => {
		assert.deepEqual(KITCHEN_MOVES, { preparing: ["queued"], ready: ["queued", "preparing"] });
		assert.doesNotThrow(() => assertKitchenMove({ id: "a", status: "queued" }, "preparing"));
		assert.doesNotThrow(() => assertKitchenMove({ id: "a", status: "queued" }, "ready"));
		assert.doesNotThrow(() => assertKitchenMove({ id: "a", status: "preparing" }, "ready"));
	});

	it("any other tap is a 409 ITEM_STATE_CONFLICT naming where the item is and where it was asked to go", () => {
		const refused: [ItemStatus, "preparing" | "ready"][] = [
			["preparing", "preparing"],
			["ready", "preparing"],
			["ready", "ready"],
			["served", "ready"],
			["voided", "preparing"],
			["voided", "ready"],
		];
		for (const [status, to] of refused) {
			assert.throws(
				() => assertKitchenMove({ id: "a", status }, to),
				refusal(409, "ITEM_STATE_CONFLICT", { id: "a", status, wanted: to }),
			);
		}
	});

	it("a bump readies the live items at its station that are not ready yet; voided ones and other stations are left alone", () => {
		const items = [
			{ id: "a", station: "grill", status: "queued" },
			{ id: "b", station: "grill", status: "preparing" },
			{ id: "c", station: "grill", status: "ready" },
			{ id: "d", station: "grill", status: "voided" },
			{ id: "e", station: "bar", status: "queued" },
		] as const;
		const grill = readyAtStation(items, "grill");
		assert.deepEqual(
			[ids(grill.live), grill.toReady],
			[
				["a", "b", "c"],
				["a", "b"],
			],
		);
		assert.deepEqual(readyAtStation(items).toReady, ["a", "b", "e"]);
	});

	it("a bump twice readies nothing the second time; a station with only voided items has nothing live", () => {
		const again = readyAtStation([{ id: "a", station: "grill", status: "ready" }], "grill");
		assert.deepEqual([ids(again.live), again.toReady], [["a"], []]);
		const gone = readyAtStation(
			[
				{ id: "a", station: "grill", status: "voided" },
				{ id: "b", station: "bar", status: "queued" },
			],
			"grill",
		);
		assert.deepEqual([gone.live, gone.toReady], [[], []]);
	});
});

describe("held lines (a course not fired yet)", () => {
	const held = (id: string, status: ItemStatus = "queued") => ({ id, name: `dish ${id}`, status, held: true, course: 2 });

	it("a cook cannot start or finish one: 409 ITEM_HELD naming the course", () => {
		for (const to of ["preparing", "ready"] as const)
			assert.throws(() => assertKitchenMove(held("a"), to), refusal(409, "ITEM_HELD", { id: "a", course: 2 }));
	});

	it("a bump leaves them alone: a station with only held lines has live lines but readies none", () => {
		const items = [
			{ ...held("a"), station: "grill" },
			{ id: "b", station: "grill", status: "queued" as const },
			{ ...held("c"), station: "cold" },
		];
		assert.deepEqual(readyAtStation(items, "grill").toReady, ["b"]);
		const cold = readyAtStation(items, "cold");
		assert.deepEqual([ids(cold.live), cold.toReady], [["c"], []]);
	});

	it("a serve never takes one; with nothing ready the waiter hears what is cooking, not what is held", () => {
		const order = { id: "o1", items: [held("a"), { id: "b", name: "dish b", status: "preparing" as const }] };
		assert.throws(
			() => itemsToServe(order),
			refusal(409, "ORDER_NOT_READY", { orderId: "o1", items: [{ id: "b", name: "dish b", status: "preparing" }] }),
		);
		assert.throws(
			() => itemsToServe(order, ["a"]),
			refusal(409, "ORDER_NOT_READY", { orderId: "o1", items: [{ id: "a", name: "dish a", status: "held" }] }),
		);
	});

	it("billing names them as held; a cancel voids them with the rest; the order's status counts them as queued", () => {
		const order = { id: "o1", items: [{ id: "a", name: "dish a", status: "served" as const }, held("b")] };
		assert.throws(
			() => assertServed(order),
			refusal(409, "ORDER_NOT_SERVED", { orderId: "o1", items: [{ id: "b", name: "dish b", status: "held" }] }),
		);
		assert.deepEqual(linesToCancel({ id: "o1", items: [held("a"), held("b")] }), ["a", "b"]);
		assert.equal(deriveStatus("placed", [held("a"), { status: "queued" }]), "placed");
		assert.equal(deriveStatus("in_progress", [held("a"), { status: "served" }]), "in_progress");
	});
});
