// The floor plan through the gateway: an admin places a table (its centre on a 1000 × 700 plan) and gives it a
// shape; every floor device gets table:update with them; a position off the plan, half a position or a shape
// that is not one is refused 400 naming the field; floor staff still set the status only.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import type { Table } from "../../contracts";

describe(`the floor plan: table positions and shapes — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let waiter: Device;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		waiter = await connectDevice(cluster.baseUrl, { token: r.token.staff });
	});
	after(async () => {
		waiter?.close();
		await cluster?.stop();
	});

	const patch = (id: string, body: object, token = r.token.admin) => http.patch<any>(`/api/v1/tables/${id}`, body, { token });

	it("a new table is off the plan and square until placed; placing it pushes its position and shape", async () => {
		const [t1] = r.tables;
		assert.deepEqual([t1.x, t1.y, t1.shape], [null, null, "square"]);
		const res = await patch(t1.id, { x: 250, y: 600, shape: "round" });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		assert.deepEqual([res.body.x, res.body.y, res.body.shape], [250, 600, "round"]);
		const pushed = await waiter.waitFor<Table>("table:update", t => t.id === t1.id && t.x === 250);
		assert.deepEqual([pushed.data.y, pushed.data.shape], [600, "round"]);
		const listed = (await http.get<Table[]>("/api/v1/tables", { token: r.token.staff })).body.find(t => t.id === t1.id)!;
		assert.deepEqual([listed.x, listed.y, listed.shape, listed.name], [250, 600, "round", t1.name]);

		// Made placed, then taken off the plan again; the shape stays.
		const made = await http.post<Table>(
			"/api/v1/tables",
			{ name: `Long ${Math.random().toString(36).slice(2, 6)}`, seats: 10, area: "Patio", x: 500, y: 350, shape: "rect" },
			{ token: r.token.admin },
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		assert.deepEqual([made.body.x, made.body.y, made.body.shape], [500, 350, "rect"]);
		const off = await patch(made.body.id, { x: null, y: null });
		assert.deepEqual([off.body.x, off.body.y, off.body.shape], [null, null, "rect"]);
	});

	it("refuses a position off the plan, half a position and an unknown shape, naming the field", async () => {
		const [, t2] = r.tables;
		const cases: [object, string][] = [
			[{ x: 1001, y: 10 }, "x"],
			[{ x: 10, y: 701 }, "y"],
			[{ x: -1, y: 10 }, "x"],
			[{ x: 10.5, y: 10 }, "x"],
			[{ x: "10", y: 10 }, "x"],
			[{ x: 10 }, "y"],
			[{ x: null, y: 10 }, "x"],
			[{ shape: "oval" }, "shape"],
		];
		for (const [body, field] of cases) {
			const res = await patch(t2.id, body);
			assert.equal(res.status, 400, `${JSON.stringify(body)} → ${JSON.stringify(res.body)}`);
			assert.ok(
				(res.body.error.details as { field: string }[]).some(d => d.field === field),
				`${JSON.stringify(body)} names ${field}: ${JSON.stringify(res.body)}`,
			);
		}
		const still = (await http.get<Table[]>("/api/v1/tables", { token: r.token.admin })).body.find(t => t.id === t2.id)!;
		assert.deepEqual([still.x, still.y, still.shape], [null, null, "square"]);
	});

	it("floor staff may not move tables on the plan", async () => {
		const res = await patch(r.tables[1].id, { x: 100, y: 100 }, r.token.staff);
		assert.equal(res.status, 403, JSON.stringify(res.body));
		assert.deepEqual(res.body.error.details.fields, ["x", "y"]);
	});
});
