// Which request lines drop to debug: the probes and scrapes an orchestrator sends every few seconds, while they succeed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { isRoutine } from "./request-log";

describe("isRoutine", () => {
	it("a probe or a scrape that succeeds is routine", () => {
		for (const route of ["/health/live", "/health/ready", "/metrics", "/metrics/"]) assert.equal(isRoutine(route, 200), true, route);
	});

	it("a probe or scrape that fails is worth an info line (not ready, refused)", () => {
		assert.equal(isRoutine("/health/ready", 503), false);
		assert.equal(isRoutine("/metrics", 401), false);
	});

	it("every other route is logged at info, the API's own metrics-like paths included", () => {
		for (const route of ["/api/v1/menu", "/api/v1/metrics", "/health", "/health/live/extra", "/metricsx"])
			assert.equal(isRoutine(route, 200), false, route);
	});
});
