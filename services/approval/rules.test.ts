// Approval rules: the status a person sees, why a token cannot be used for a request, and the card's words.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { hashToken, newToken, statusOf, summaryOf, whyNotClaimable } from "./rules";

const now = new Date("2026-11-28T12:00:00Z");
const later = new Date(now.getTime() + 60_000);
const earlier = new Date(now.getTime() - 1);

describe("an approval request's status", () => {
	it("pending and approved ones past their time are expired; a token in use shows as approved", () => {
		assert.equal(statusOf({ status: "pending", expiresAt: later }, now), "pending");
		assert.equal(statusOf({ status: "pending", expiresAt: earlier }, now), "expired");
		assert.equal(statusOf({ status: "approved", expiresAt: now }, now), "expired");
		assert.equal(statusOf({ status: "claimed", expiresAt: later }, now), "approved");
		assert.equal(statusOf({ status: "denied", expiresAt: earlier }, now), "denied");
		assert.equal(statusOf({ status: "spent", expiresAt: earlier }, now), "spent");
	});
});

describe("claiming an approval token", () => {
	const row = { status: "approved" as const, expiresAt: later, fingerprint: "f1", requestedBy: { id: "u1", fullName: "Ann" } };
	it("is allowed for the same request by the user it was given to, before it expires", () => {
		assert.equal(whyNotClaimable(row, "f1", "u1", now), undefined);
	});
	it("names why not otherwise", () => {
		assert.match(whyNotClaimable(undefined, "f1", "u1", now)!, /no approval/);
		assert.match(whyNotClaimable(row, "f1", "u2", now)!, /another user/);
		assert.match(whyNotClaimable(row, "f2", "u1", now)!, /different request/);
		assert.match(whyNotClaimable({ ...row, status: "spent" }, "f1", "u1", now)!, /already used/);
		assert.match(whyNotClaimable({ ...row, status: "claimed" }, "f1", "u1", now)!, /being used/);
		assert.match(whyNotClaimable({ ...row, status: "denied" }, "f1", "u1", now)!, /denied/);
		assert.match(whyNotClaimable({ ...row, status: "pending" }, "f1", "u1", now)!, /not approved/);
		assert.match(whyNotClaimable({ ...row, expiresAt: earlier }, "f1", "u1", now)!, /expired/);
	});
});

describe("approval tokens", () => {
	it("are 32 random bytes, base64url, kept only as their sha256", () => {
		const a = newToken();
		const b = newToken();
		assert.notEqual(a.token, b.token);
		assert.equal(Buffer.from(a.token, "base64url").length, 32);
		assert.match(a.token, /^[A-Za-z0-9_-]{43}$/);
		assert.equal(a.hash, hashToken(a.token));
		assert.match(a.hash, /^[0-9a-f]{64}$/);
	});
});

describe("what the manager's card says", () => {
	it("names the action, the amount or quantity and the reason", () => {
		assert.equal(summaryOf("comp", { reason: " birthday " }), "Comp a line: birthday");
		assert.equal(summaryOf("discount", { percent: 10, reason: "regular" }), "Discount a bill 10%: regular");
		assert.equal(summaryOf("refund", { amountCents: 1250, reason: "cold" }), "Refund a payment 12.50: cold");
		assert.equal(summaryOf("voidStarted", { quantity: 2, reason: "wrong table" }), "Void a line the kitchen started × 2: wrong table");
		assert.equal(summaryOf("reopenBill", undefined), "Reopen a paid bill");
		assert.ok(summaryOf("comp", { reason: "x".repeat(500) }).length <= 200);
	});
});
