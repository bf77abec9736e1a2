// A report's range: each bad bound is named by its own field, a range that ends before it starts is refused
// (by one day as by ten), and a far-off year is a 400, not a date the server cannot hold.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { ADMIN } from "../helpers/cluster";

describe(`report ranges — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let token: string;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		token = (await http.login(ADMIN.username, ADMIN.password)).accessToken;
	});
	after(async () => {
		await cluster?.stop();
	});

	const REPORTS = ["sales", "summary", "best-sellers", "modifiers", "tables", "kitchen", "staff", "losses", "audit"];

	it("names the bound that is wrong: a bad to is details.field to", async () => {
		for (const report of REPORTS) {
			for (const [query, field] of [
				["to=2026-02-30", "to"],
				["to=tomorrow", "to"],
				["from=2026-13-01", "from"],
				["to=9999-12-31", "to"],
				["from=0001-01-01", "from"],
			] as const) {
				const res = await http.get(`/api/v1/reports/${report}?${query}`, { token });
				assert.equal(res.status, 400, `${report}?${query}: ${res.status} ${JSON.stringify(res.body)}`);
				assert.deepEqual(
					res.body.error.details.map((d: { field: string }) => d.field),
					[field],
					`${report}?${query}: ${JSON.stringify(res.body)}`,
				);
			}
		}
	});

	it("refuses a range that ends before it starts, by one day as by ten; the same day is one day", async () => {
		for (const report of REPORTS) {
			for (const query of [
				"from=2026-11-23&to=2026-11-22",
				"from=2026-11-22&to=2026-11-12",
				"from=2026-11-22T10:00:00Z&to=2026-11-22T10:00:00Z",
			]) {
				const res = await http.get(`/api/v1/reports/${report}?${query}`, { token });
				assert.equal(res.status, 400, `${report}?${query}: ${res.status} ${JSON.stringify(res.body)}`);
				assert.equal(res.body.error.details[0].field, "from");
			}
			const day = await http.get(`/api/v1/reports/${report}?from=2026-11-22&to=2026-11-22`, { token });
			assert.equal(day.status, 200, JSON.stringify(day.body));
			const lastDay = await http.get(`/api/v1/reports/${report}?from=2999-12-31&to=2999-12-31`, { token });
			assert.equal(lastDay.status, 200, JSON.stringify(lastDay.body));
		}
	});
});
