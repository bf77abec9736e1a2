// How often a guest may do a thing: a budget per key, 429 with the wait once spent, keys apart from each other.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { loadConfig } from "../../lib/config";
import { GuestLimiter } from "./limiter";

describe("a guest budget (embedded: counted in memory)", () => {
	it("lets `points` through per key, then answers 429 RATE_LIMITED with the seconds to wait", async () => {
		const limiter = new GuestLimiter(
			loadConfig({ DATA_DIR: "/tmp/brigade-limiter-test", NAMESPACE: `t${Date.now()}` }),
			"sessions",
			2,
			60,
		);
		await limiter.take("10.0.0.1");
		await limiter.take("10.0.0.1");
		await assert.rejects(limiter.take("10.0.0.1"), (err: { code?: number; type?: string; data?: { retryAfterSeconds?: number } }) => {
			assert.equal(err.code, 429);
			assert.equal(err.type, "RATE_LIMITED");
			assert.ok((err.data?.retryAfterSeconds ?? 0) >= 1 && (err.data?.retryAfterSeconds ?? 0) <= 60);
			return true;
		});
		// Another address has its own budget.
		await limiter.take("10.0.0.2");
		await limiter.close();
	});
});
