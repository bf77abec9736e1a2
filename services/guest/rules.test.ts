// The guest session's rules: tokens, when a session stands or has ended, and how often a guest may call.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fc from "fast-check";
import { anOrder } from "../../test/fixtures/domain";
import { GUEST_UNBOUND_MS } from "../../contracts";
import {
	AFTER_PAID_MS,
	assertUnexpired,
	callerOf,
	callWait,
	endReason,
	hashGuestToken,
	isGuestToken,
	mayFollow,
	newGuestToken,
	type SessionRow,
} from "./rules";

const NOW = new Date("2026-11-28T20:00:00Z");
const session = (over: Partial<SessionRow> = {}): SessionRow => ({
	id: "s1",
	tableId: "table-1",
	tableName: "5",
	orderId: "order-1",
	createdAt: new Date(NOW.getTime() - 3600_000),
	expiresAt: new Date(NOW.getTime() + 3600_000),
	...over,
});

describe("guest tokens", () => {
	it("are gst_ and 256 random bits, never the same twice, stored only as their hash", () => {
		const a = newGuestToken();
		const b = newGuestToken();
		assert.match(a, /^gst_[A-Za-z0-9_-]{43}$/);
		assert.notEqual(a, b);
		assert.ok(isGuestToken(a));
		assert.ok(!isGuestToken("eyJhbGciOi.staff.jwt"));
		assert.equal(hashGuestToken(a), hashGuestToken(a));
		assert.notEqual(hashGuestToken(a), hashGuestToken(b));
		assert.ok(!hashGuestToken(a).includes(a.slice(4)));
	});
});

describe("a guest session stands", () => {
	it("until it expires: unknown or expired is 401 GUEST_SESSION_INVALID", () => {
		assert.doesNotThrow(() => assertUnexpired(session(), NOW));
		for (const s of [undefined, session({ expiresAt: NOW }), session({ expiresAt: new Date(NOW.getTime() - 1) })])
			assert.throws(() => assertUnexpired(s, NOW), { code: 401, type: "GUEST_SESSION_INVALID" });
	});

	it("while its order is open at its table", () => {
		for (const status of ["placed", "in_progress", "ready", "served", "billed"] as const)
			assert.equal(endReason(session(), anOrder({ status }), NOW), null, status);
	});

	it("ends once the order moved to another table, was cancelled (merged too) or paid", () => {
		assert.equal(endReason(session(), anOrder({ tableId: "table-2" }), NOW), "moved");
		assert.equal(endReason(session(), anOrder({ status: "cancelled" }), NOW), "cancelled");
		assert.equal(endReason(session(), anOrder({ status: "paid", paidAt: NOW.toISOString() }), NOW), "paid");
		// A reopened bill's order is billed again, but its guests paid once and left.
		assert.equal(endReason(session(), anOrder({ status: "billed", paidAt: NOW.toISOString() }), NOW), "paid");
	});

	it("afterPaid: a guest who just paid may still read it for 30 minutes, never after a move", () => {
		const paidAt = (ago: number) => new Date(NOW.getTime() - ago).toISOString();
		assert.equal(endReason(session(), anOrder({ status: "paid", paidAt: paidAt(AFTER_PAID_MS) }), NOW, true), null);
		assert.equal(endReason(session(), anOrder({ status: "paid", paidAt: paidAt(AFTER_PAID_MS + 1) }), NOW, true), "paid");
		assert.equal(endReason(session(), anOrder({ status: "paid", tableId: "table-2", paidAt: paidAt(0) }), NOW, true), "moved");
		// Paid with no time recorded (an older node's event): ended.
		assert.equal(endReason(session(), anOrder({ status: "paid" }), NOW, true), "paid");
	});
});

describe("calls", () => {
	it("the same call again waits out the cooldown, in whole seconds", () => {
		assert.equal(callWait(undefined, NOW), 0);
		assert.equal(callWait(new Date(NOW.getTime() - 60_000), NOW), 0);
		assert.equal(callWait(new Date(NOW.getTime() - 59_001), NOW), 1);
		assert.equal(callWait(NOW, NOW), 60);
		fc.assert(
			fc.property(fc.integer({ min: 0, max: 120_000 }), ago => {
				const wait = callWait(new Date(NOW.getTime() - ago), NOW);
				assert.ok(wait >= 0 && wait <= 60);
				assert.equal(wait === 0, ago >= 60_000);
			}),
		);
	});
});

describe("a session opened at a table with no order", () => {
	const opened = new Date(NOW.getTime() - 5 * 60_000);
	const at = (ms: number) => ({ createdAt: new Date(opened.getTime() + ms).toISOString() });
	it("follows an order opened before it or within GUEST_UNBOUND_MS after, never a later party's", () => {
		const s = session({ orderId: null, createdAt: opened });
		assert.ok(mayFollow(s, at(-3600_000)), "the party seated before the scan");
		assert.ok(mayFollow(s, at(GUEST_UNBOUND_MS)));
		assert.ok(!mayFollow(s, at(GUEST_UNBOUND_MS + 1)));
	});
	it("tells the gateway until when it may wait unbound; a bound one waits for nothing", () => {
		assert.equal(callerOf(session({ orderId: null, createdAt: opened })).unboundUntil, opened.getTime() + GUEST_UNBOUND_MS);
		assert.equal(callerOf(session()).unboundUntil, null);
	});
});
