// Who may read the cluster's metrics on the public port, without a gateway: Prometheus with METRICS_TOKEN or an admin.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { admitMetricsReader } from "./metrics-route";

const TOKEN = "s3cret-metrics-token";
const unauthorized = { code: 401, type: "NO_TOKEN" };
const forbidden = { code: 403, type: "FORBIDDEN" };

describe("admitMetricsReader", () => {
	it("admits Prometheus presenting METRICS_TOKEN, with no user behind it", () => {
		admitMetricsReader(TOKEN, TOKEN, null);
	});

	it("admits an admin, with or without METRICS_TOKEN configured", () => {
		admitMetricsReader(TOKEN, undefined, { role: "admin" });
		admitMetricsReader(undefined, undefined, { role: "admin" });
	});

	it("is a 401 for no token or a wrong one", () => {
		assert.throws(() => admitMetricsReader(TOKEN, undefined, null), unauthorized);
		assert.throws(() => admitMetricsReader(TOKEN, "s3cret-metrics-tokeN", null), unauthorized);
		assert.throws(() => admitMetricsReader(TOKEN, `${TOKEN}x`, undefined), unauthorized);
	});

	it("is a 403 for a signed-in user of another role", () => {
		assert.throws(() => admitMetricsReader(TOKEN, undefined, { role: "staff" }), forbidden);
		assert.throws(() => admitMetricsReader(TOKEN, undefined, { role: "kitchen" }), forbidden);
	});

	it("without METRICS_TOKEN configured, no bearer token opens it (an empty one neither)", () => {
		assert.throws(() => admitMetricsReader(undefined, "anything", null), unauthorized);
		assert.throws(() => admitMetricsReader("", "", null), unauthorized);
	});

	it("a token of the right length in non-ASCII bytes is a 401, never a crash in the comparison", () => {
		const sameLength = "é".repeat(TOKEN.length);

		assert.throws(() => admitMetricsReader(TOKEN, sameLength, null), unauthorized);
	});
});
