// Takeouts from the public page without a broker: a phone a cook can call, a pickup later today, the id a double tap
// finds again, what a paid takeout lets the kitchen do, what its payment fires, and when a failed link cancels it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ItemStatus, OrderStatus } from "../../contracts";
import {
	assertKitchenOpen,
	assertPhone,
	assertTakeoutPickup,
	cancelsOnFailure,
	mayClaimLink,
	nameBasedId,
	PICKUP_AHEAD_HOURS,
	takeoutCourse,
} from "./takeout";

const refusedField = (fn: () => unknown, field: string) =>
	assert.throws(fn, (err: { type?: string; data?: { field: string }[] }) => {
		assert.equal(err.type, "VALIDATION_ERROR");
		assert.equal(err.data?.[0].field, field);
		return true;
	});

describe("a takeout's guest", () => {
	it("a phone is digits with the usual separators, 7 to 15 of them, an optional leading +", () => {
		assert.equal(assertPhone(" +44 20  7946 0958 "), "+44 20 7946 0958");
		assert.equal(assertPhone("(555) 123-4567"), "(555) 123-4567");
		for (const bad of ["12345", "call me maybe", "+1 234 567 890 123 456", "555-CALL-NOW", "+", "1234567a"])
			refusedField(() => assertPhone(bad), "phone");
	});

	it("the pickup is later today: not past (a minute of clock skew allowed), not beyond today's service", () => {
		const now = new Date("2026-11-28T12:00:00Z");
		assertTakeoutPickup("2026-11-28T12:30:00Z", now);
		assertTakeoutPickup("2026-11-28T11:59:30Z", now);
		assertTakeoutPickup(new Date(now.getTime() + PICKUP_AHEAD_HOURS * 3_600_000).toISOString(), now);
		refusedField(() => assertTakeoutPickup("2026-11-28T11:50:00Z", now), "pickupAt");
		refusedField(() => assertTakeoutPickup("2026-11-29T12:30:00Z", now), "pickupAt");
	});
});

describe("a double tap", () => {
	it("the same key names the same takeout, another key another; the ids are UUIDs", () => {
		const a = nameBasedId("takeout", "key-1");
		assert.equal(nameBasedId("takeout", "key-1"), a);
		assert.notEqual(nameBasedId("takeout", "key-2"), a);
		assert.notEqual(nameBasedId("takeout-hold", "key-1"), a);
		assert.match(a, /^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
	});

	it("one request makes the link: a second waits while the first is at it, takes over once it gave up", () => {
		const now = new Date("2026-11-28T12:00:00Z");
		assert.equal(mayClaimLink({ claimedAt: null, hasLink: false }, now), true);
		assert.equal(mayClaimLink({ claimedAt: new Date(now.getTime() - 5_000), hasLink: false }, now), false);
		assert.equal(mayClaimLink({ claimedAt: new Date(now.getTime() - 60_000), hasLink: false }, now), true);
		assert.equal(mayClaimLink({ claimedAt: null, hasLink: true }, now), false);
	});
});

describe("a prepaid takeout in the kitchen", () => {
	const order = (status: OrderStatus, awaitingPayment?: boolean) => ({ id: "o", status, awaitingPayment });

	it("paid, it is still the kitchen's to cook and the counter's to hand over; any other paid or billed order is closed", () => {
		assertKitchenOpen(order("paid", false));
		assertKitchenOpen(order("placed"));
		for (const closed of [order("paid"), order("billed", true), order("billed"), order("cancelled", false)])
			assert.throws(() => assertKitchenOpen(closed), { type: "ORDER_CLOSED" });
	});

	it("its payment fires every held line (the highest held course); nothing held, nothing to fire", () => {
		const line = (course: number, held: boolean, status: ItemStatus = "queued") => ({ course, held, status });
		assert.equal(takeoutCourse([line(1, true), line(3, true), line(2, true)]), 3);
		assert.equal(takeoutCourse([line(1, false), line(2, true, "voided")]), null);
	});

	it("a failed link cancels the takeout only while it waits for that very payment", () => {
		const waiting = { status: "billed" as const, awaitingPayment: true };
		assert.equal(cancelsOnFailure(waiting, "pay-1", "pay-1"), true);
		assert.equal(cancelsOnFailure(waiting, "pay-1", "pay-2"), false, "another payment of the bill");
		assert.equal(cancelsOnFailure(waiting, "pay-1", undefined), false);
		assert.equal(cancelsOnFailure({ status: "paid", awaitingPayment: false }, "pay-1", "pay-1"), false, "paid meanwhile");
		assert.equal(cancelsOnFailure({ status: "cancelled", awaitingPayment: false }, "pay-1", "pay-1"), false, "a redelivery");
	});
});
