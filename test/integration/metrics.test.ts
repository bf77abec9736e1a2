// Operations: the gateway's GET /metrics (the whole cluster in Prometheus text) counts orders, times the
// kitchen by station, counts sockets and shows outboxes; every node's own ops endpoint (OPS_PORT) answers
// probes and serves its metrics; tracing sends spans where TRACING_EXPORTER says.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ServiceSchema } from "moleculer";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice } from "../helpers/socket";
import { until } from "../helpers/wait";
import { opsAddress } from "../../lib/ops-server";
import type { Order } from "../../contracts";

interface Span {
	name: string;
	traceID: string;
	tags: Record<string, unknown>;
}
const spans: Span[] = [];

/** Receives what the Event trace exporter of every node emits. */
const SpanSink: ServiceSchema = {
	name: "spansink",
	events: {
		"$tracing.spans"(ctx: { params: Span[] }) {
			spans.push(...ctx.params);
		},
	},
};

/** The sum of a metric's samples whose labels include `labels` (over every node that reports it). */
function sample(text: string, name: string, labels: Record<string, string> = {}): number | undefined {
	let found: number | undefined;
	for (const line of text.split("\n")) {
		if (line.startsWith("#")) continue;
		const m = /^([a-zA-Z_:][\w:]*)(\{(.*)\})? (\S+)$/.exec(line);
		if (!m || m[1] !== name) continue;
		const have = Object.fromEntries([...(m[3] ?? "").matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map(x => [x[1], x[2]]));
		if (Object.entries(labels).every(([k, v]) => have[k] === v)) found = (found ?? 0) + Number(m[4]);
	}
	return found;
}

describe(`metrics, the ops endpoint and tracing (${MODE})`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	const METRICS_TOKEN = "prometheus-scrapes-with-this-token-0123";
	const scrape = async () => {
		const res = await fetch(`${cluster.baseUrl}/metrics`, { headers: { authorization: `Bearer ${METRICS_TOKEN}` } });
		assert.equal(res.status, 200);
		assert.match(res.headers.get("content-type") ?? "", /^text\/plain; version=0\.0\.4/);
		return res.text();
	};

	before(async () => {
		cluster = await startCluster({ env: { OPS_PORT: "0", TRACING_EXPORTER: "Event", METRICS_TOKEN }, extraServices: [SpanSink] });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 3);
	});

	it("the gateway's /metrics answers Prometheus (METRICS_TOKEN) and admins only: it is the restaurant's business", async () => {
		const get = (authorization?: string) => fetch(`${cluster.baseUrl}/metrics`, { headers: authorization ? { authorization } : {} });
		const anonymous = await get();
		assert.equal(anonymous.status, 401);
		assert.equal(((await anonymous.json()) as { error: { code: string } }).error.code, "UNAUTHORIZED");
		assert.equal((await get(`Bearer ${METRICS_TOKEN.slice(0, -1)}x`)).status, 401);
		// Bytes that are no ASCII, as many characters as the token: still a plain 401.
		assert.equal((await get(`Bearer ${"é".repeat(METRICS_TOKEN.length)}`)).status, 401);
		assert.equal((await get(`Bearer ${r.token.staff}`)).status, 403);
		assert.equal((await get(`Bearer ${r.token.kitchen}`)).status, 403);
		assert.equal((await get(`Bearer ${r.token.admin}`)).status, 200);
		assert.equal((await get(`Bearer ${METRICS_TOKEN}`)).status, 200);
	});
	after(async () => {
		await cluster?.stop();
	});

	it("counts placed orders once (not an Idempotency-Key replay) and times items to ready by station", async () => {
		const before = await scrape();
		const placedBefore = sample(before, "brigade_orders_placed_total") ?? 0;
		const barBefore = sample(before, "brigade_ticket_prep_seconds_count", { station: "bar" }) ?? 0;

		const first = await placeOrder(http, r, r.tables[0], [
			{ menuItemId: r.dish.beer.id, quantity: 1 },
			{ menuItemId: r.dish.burger.id, quantity: 1 },
		]);
		const key = { "idempotency-key": `metrics-${Date.now()}` };
		const body = { tableId: r.tables[1].id, items: [{ menuItemId: r.dish.salad.id, quantity: 2 }] };
		const second = await http.post<Order>("/api/v1/orders", body, { token: r.token.staff, headers: key });
		assert.equal(second.status, 201);
		const replay = await http.post<Order>("/api/v1/orders", body, { token: r.token.staff, headers: key });
		assert.equal(replay.headers.get("idempotent-replayed"), "true");

		const beer = first.items.find(i => i.station === "bar")!;
		const ready = await http.post(`/api/v1/kitchen/items/${beer.id}/ready`, undefined, { token: r.token.kitchen });
		assert.equal(ready.status, 200, JSON.stringify(ready.body));

		const text = await scrape();
		assert.equal(sample(text, "brigade_orders_placed_total"), placedBefore + 2, "two orders placed, the replay not counted");
		assert.match(text, /# TYPE brigade_ticket_prep_seconds histogram/);
		assert.equal(sample(text, "brigade_ticket_prep_seconds_count", { station: "bar" }), barBefore + 1);
		assert.equal(sample(text, "brigade_ticket_prep_seconds_bucket", { station: "bar", le: "+Inf" }), barBefore + 1);
		assert.ok((sample(text, "brigade_ticket_prep_seconds_sum", { station: "bar" }) ?? -1) >= 0);
		assert.equal(
			sample(text, "brigade_ticket_prep_seconds_count", { station: "grill" }) ?? 0,
			sample(before, "brigade_ticket_prep_seconds_count", { station: "grill" }) ?? 0,
			"the burger is not ready",
		);

		// Gauges read from the order schema: the beer is ready, the burger and the salads (one line) wait (refreshed within seconds).
		await until("the item gauge to show the ready beer", async () => {
			const t = await scrape();
			return (
				(sample(t, "brigade_order_items", { status: "ready" }) ?? 0) >= 1 &&
				(sample(t, "brigade_order_items", { status: "queued" }) ?? 0) >= 2
			);
		});
		// Every DbMixin service's outbox is measured (the order service just wrote to its own).
		for (const service of ["order", "kitchen", "auth", "api"]) {
			assert.notEqual(sample(text, "brigade_outbox_pending", { service }), undefined, `outbox of ${service}`);
			assert.notEqual(sample(text, "brigade_outbox_oldest_seconds", { service }), undefined, `oldest outbox event of ${service}`);
		}
		// Moleculer's own metrics are there too, from every node.
		assert.ok((sample(text, "moleculer_request_total", { action: "order.place" }) ?? 0) >= 2);
		assert.equal(sample(text, "brigade_scrape_nodes"), cluster.brokers.length);
		assert.equal(sample(text, "brigade_scrape_nodes_failed"), 0);
		if (DISTRIBUTED) {
			// Channel consumer groups in Redis: the kitchen's group on order.placed has caught up soon after.
			await until(
				"the kitchen's consumer group to have nothing waiting",
				async () => {
					const t = await scrape();
					return (
						sample(t, "brigade_channel_lag", { channel: "order.placed", group: "kitchen" }) === 0 &&
						sample(t, "brigade_channel_pending", { channel: "order.placed", group: "kitchen" }) === 0
					);
				},
				20_000,
			);
		}
	});

	it("counts connected sockets by role while they are connected", async () => {
		const cook = await connectDevice(cluster.baseUrl, { token: r.token.kitchen, stations: ["grill"] });
		const guest = await connectDevice(cluster.baseUrl, {});
		try {
			const text = await scrape();
			assert.equal(sample(text, "brigade_sockets_connected", { role: "kitchen" }), 1);
			assert.equal(sample(text, "brigade_sockets_connected", { role: "guest" }), 1);
			assert.equal(sample(text, "brigade_sockets_connected", { role: "staff" }), 0);
		} finally {
			cook.close();
			guest.close();
		}
		await until("the socket gauge to drop back", async () => {
			const t = await scrape();
			return (
				sample(t, "brigade_sockets_connected", { role: "kitchen" }) === 0 &&
				sample(t, "brigade_sockets_connected", { role: "guest" }) === 0
			);
		});
	});

	it("serves probes and its own metrics on a node's OPS_PORT (a non-gateway node when distributed)", async () => {
		const broker = cluster.brokerOf("kitchen");
		if (DISTRIBUTED) assert.equal(broker.getLocalService("api"), undefined, "the kitchen runs on a node of its own");
		const address = opsAddress(broker);
		assert.ok(address, "OPS_PORT=0 gave the node an ops endpoint");
		const base = `http://127.0.0.1:${address.port}`;

		const live = await fetch(`${base}/health/live`);
		assert.equal(live.status, 200);
		const ready = await fetch(`${base}/health/ready`);
		assert.equal(ready.status, 200);
		const body = (await ready.json()) as { status: string; nodeID: string; checks: Record<string, string> };
		assert.equal(body.status, "ok");
		assert.equal(body.nodeID, broker.nodeID);
		assert.deepEqual(body.checks, DISTRIBUTED ? { database: "ok", transporter: "ok" } : { database: "ok" });

		const metrics = await fetch(`${base}/metrics`);
		assert.equal(metrics.status, 200);
		const text = await metrics.text();
		assert.notEqual(sample(text, "brigade_outbox_pending", { service: "kitchen", nodeID: broker.nodeID }), undefined);
		// Only this node: no other node's series.
		const nodes = new Set([...text.matchAll(/nodeID="([^"]+)"/g)].map(m => m[1]));
		assert.deepEqual([...nodes], [broker.nodeID]);
		assert.equal((await fetch(`${base}/nope`)).status, 404);
	});

	it("sends a span per call, with the request id as its trace id, to the exporter TRACING_EXPORTER names", async () => {
		const requestID = `trace-${Date.now()}`;
		const res = await http.get("/api/v1/orders", { token: r.token.staff, headers: { "x-request-id": requestID } });
		assert.equal(res.status, 200);
		// The Event exporter sends its batch every 5 s.
		const span = await until(
			"the order.list span",
			() => spans.find(s => s.traceID === requestID && s.name === "action 'order.list'"),
			15_000,
		);
		assert.equal((span.tags.params as unknown) ?? null, null, "params (passwords, tokens) are not put on spans");
	});
});
