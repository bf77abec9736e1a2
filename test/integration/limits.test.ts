// The limits that protect a node, each answered in API.md's error shape (the README lists them): a body over
// 100 kB, JSON nested deeper than 16 levels, more than 50 lines in a round, a URL and headers over 16 kB.
// Sockets per user are in socket-abuse.test.ts, sign-in and refresh budgets in ratelimit and audit-accounts.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import net from "node:net";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { MAX_INPUT_DEPTH } from "../../services/api/input-guard";

describe(`limits that protect a node — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 1);
	});
	after(async () => {
		await cluster?.stop();
	});

	it("a body over 100 kB is a 413", async () => {
		const res = await http.post("/api/v1/tables", { name: "x".repeat(101 * 1024), seats: 2 }, { token: r.token.admin });
		assert.equal(res.status, 413);
		assert.equal(res.body.error.code, "PAYLOAD_TOO_LARGE");
	});

	it(`JSON nested deeper than ${MAX_INPUT_DEPTH} levels is a 400 naming where`, async () => {
		let notes: unknown = "deep";
		for (let i = 0; i < MAX_INPUT_DEPTH; i++) notes = { notes };
		const res = await http.post(
			"/api/v1/orders",
			{ tableId: r.tables[0].id, items: [{ menuItemId: r.dish.beer.id, quantity: 1 }], notes },
			{ token: r.token.staff },
		);
		assert.equal(res.status, 400, JSON.stringify(res.body));
		assert.match(res.body.error.details[0].field, /^notes/);
		assert.equal(res.body.error.details[0].type, "depth", JSON.stringify(res.body));
	});

	it("a round of more than 50 lines is a 400", async () => {
		const items = Array.from({ length: 51 }, () => ({ menuItemId: r.dish.beer.id, quantity: 1 }));
		const res = await http.post("/api/v1/orders", { tableId: r.tables[0].id, items }, { token: r.token.staff });
		assert.equal(res.status, 400);
		assert.equal(res.body.error.details[0].field, "items");
	});

	it("a URL over 16 kB is a 431 with a JSON error, and the gateway keeps serving", async () => {
		const { port } = new URL(cluster.baseUrl);
		const reply = await new Promise<string>((resolve, reject) => {
			const socket = net.connect(Number(port), "127.0.0.1", () =>
				socket.write(`GET /api/v1/menu?q=${"x".repeat(20_000)} HTTP/1.1\r\nHost: localhost\r\n\r\n`),
			);
			let text = "";
			socket.on("data", d => (text += d));
			socket.on("end", () => resolve(text));
			socket.on("error", reject);
		});
		const [head, body] = reply.split("\r\n\r\n");
		assert.match(head, /^HTTP\/1\.1 431 /);
		assert.match(head, /content-type: application\/json/i);
		assert.equal(JSON.parse(body).error.code, "REQUEST_TOO_LARGE");
		assert.equal((await http.get("/api/v1/menu")).status, 200);
	});
});
