// When the queue tries a message again, when it gives up, and which SMTP answers end it at once.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { afterFailure, backoffMs, describe as describeFailure, GIVE_UP_MS, isPermanent, MAX_BACKOFF_MS, messageIdFor } from "./rules";

describe("mail queue rules", () => {
	it("waits the base after the first failure, doubling each time, never more than an hour", () => {
		assert.deepEqual(
			[1, 2, 3, 4].map(n => backoffMs(n, 30)),
			[30_000, 60_000, 120_000, 240_000],
		);
		assert.equal(backoffMs(12, 30), MAX_BACKOFF_MS);
		assert.equal(backoffMs(1000, 30), MAX_BACKOFF_MS);
	});

	it("a refused recipient (5xx to RCPT TO) is final; a 4xx, a 5xx elsewhere or no connection is tried again", () => {
		assert.equal(isPermanent({ responseCode: 550, command: "RCPT TO" }), true);
		assert.equal(isPermanent({ responseCode: 451, command: "DATA" }), false);
		assert.equal(isPermanent({ responseCode: 554, command: "DATA" }), false);
		assert.equal(isPermanent({ code: "ECONNECTION", command: "CONN" }), false);
	});

	it("a failure puts the message back for later, until 48 hours after it was queued; then it fails", () => {
		const now = new Date("2026-11-28T12:00:00Z");
		const fresh = afterFailure({ code: "ECONNECTION", message: "connect ECONNREFUSED" }, { attempts: 1, createdAt: now }, 30, now);
		assert.equal(fresh.status, "queued");
		assert.equal(fresh.status === "queued" && fresh.nextAttemptAt.getTime() - now.getTime(), 30_000);
		assert.match(fresh.error, /ECONNECTION connect ECONNREFUSED/);

		const old = new Date(now.getTime() - GIVE_UP_MS + 10_000);
		const late = afterFailure({ responseCode: 421, message: "busy" }, { attempts: 40, createdAt: old }, 30, now);
		assert.equal(late.status, "failed");
		assert.match(late.error, /421 busy \(gave up\)/);

		const refused = afterFailure(
			{ responseCode: 550, command: "RCPT TO", message: "no such user" },
			{ attempts: 1, createdAt: now },
			30,
			now,
		);
		assert.equal(refused.status, "failed");
	});

	it("keeps the last error to one line of at most 500 characters", () => {
		assert.equal(describeFailure({ message: "a\nb" }), "a b");
		assert.equal(describeFailure({ message: "x".repeat(900) }).length, 500);
		assert.equal(describeFailure({}), "unknown error");
	});

	it("names each message in the sender's domain, the same on every attempt", () => {
		assert.equal(messageIdFor("m-1", "Brigade <bills@chez.example>"), "<m-1@chez.example>");
		assert.equal(messageIdFor("m-1", "no address"), "<m-1@localhost>");
	});
});
