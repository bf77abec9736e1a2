// Guaranteed dispatch through the gateway: a kitchen screen (a real socket) acknowledges what it draws, then stops;
// a real TCP listener plays the grill's printer, kept for tickets no screen acknowledged, and dies mid-service and
// comes back. After TICKET_ACK_SECONDS a ticket no screen acknowledged prints on its station's printer, or (no
// printer that works) shows on the expo flagged, and the waiter who took it is told: every ticket (order, station,
// round) lands exactly once — acknowledged, printed or on the expo — however many sweepers run (distributed: two
// kitchen and device nodes, two gateways). GET /devices/stations and `station:update` say each station's health.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import { FakePrinter } from "../helpers/printer";
import { SERVICE_NAMES, type ServiceName } from "../../lib/config";
import type { Order, StationHealth } from "../../contracts";

interface Dispatch {
	orderId: string;
	station: string;
	round: number;
	ackedAt: string | null;
	reroutedAt: string | null;
	route: string | null;
}

describe(`guaranteed dispatch: every ticket lands exactly once — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let screen: Device;
	let expo: Device;
	let waiter: Device;
	const printer = new FakePrinter();
	const orders: Order[] = [];
	let acking = true;
	const acks: Promise<unknown>[] = [];

	const stations = async () => {
		const res = await http.get<StationHealth[]>("/api/v1/devices/stations", { token: r.token.staff });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		return res.body;
	};
	const station = async (name: string) => (await stations()).find(s => s.station === name);
	const dispatches = async (orderId: string) => {
		const res = await http.get<Dispatch[]>(`/api/v1/kitchen/dispatches?orderId=${orderId}`, { token: r.token.admin });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		return res.body;
	};
	const place = async (table: number, items: { menuItemId: string; quantity: number }[]) => {
		const order = await placeOrder(http, r, r.tables[table], items);
		orders.push(order);
		return order;
	};
	/** Tickets on the expo, flagged re-routed, by order, station and round. */
	const onExpo = (o: Order, st: string, round: number) =>
		expo.events.filter(
			e =>
				e.type === "ticket:update" &&
				e.data.change === "rerouted" &&
				e.data.orderId === o.id &&
				e.data.station === st &&
				e.data.rerouted.round === round,
		).length;
	const printed = (o: Order, round: number) =>
		printer.received.filter(p => p.includes(o.tableName ?? "?") && p.includes("NOT ON SCREEN") && p.includes(`Round ${round}`)).length;
	const settled = async (o: Order) => {
		const ds = await dispatches(o.id);
		return ds.length > 0 && ds.every(d => d.ackedAt || d.route) ? ds : false;
	};

	before(async () => {
		await printer.on();
		const rest = SERVICE_NAMES.filter(s => !["api", "kitchen", "device"].includes(s)) as ServiceName[];
		cluster = await startCluster({
			env: { TICKET_ACK_SECONDS: "2", PRINTER_RETRY_MS: "100", PRINTER_TIMEOUT_MS: "400", PRINTER_FALLBACK_SECONDS: "1" },
			// Two kitchen sweepers and two device services race for every overdue ticket; two gateways take the sockets.
			split: DISTRIBUTED ? [rest, ["kitchen", "device"], ["api", "kitchen", "device"], ["api"]] : undefined,
		});
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 5);
		const res = await http.post(
			"/api/v1/devices/printers",
			{ name: "Grill", host: "127.0.0.1", port: printer.port, kind: "kitchen", station: "grill", chits: "unacknowledged" },
			{ token: r.token.admin },
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		assert.equal(res.body.chits, "unacknowledged");
		const last = cluster.gateways[cluster.gateways.length - 1];
		screen = await connectDevice(last, { token: r.token.kitchen, stations: ["grill", "cold"] });
		expo = await connectDevice(cluster.baseUrl, { token: r.token.kitchen });
		waiter = await connectDevice(cluster.baseUrl, { token: r.token.staff });
		// The screen acknowledges each ticket it is sent, as the kitchen display does once it has drawn it.
		const draw = (msg: { data: Order }) => {
			if (!acking) return;
			const keys = new Set(
				msg.data.items.filter(i => i.status === "queued" && !i.held).map(i => JSON.stringify([i.station, i.round])),
			);
			for (const k of keys) {
				const [st, round] = JSON.parse(k) as [string, number];
				acks.push(screen.socket.timeout(5000).emitWithAck("ticket:ack", { orderId: msg.data.id, station: st, round }));
			}
		};
		screen.socket.on("order:new", draw);
		screen.socket.on("order:update", draw);
	});

	after(async () => {
		for (const d of [screen, expo, waiter]) d?.close();
		await cluster?.stop();
		await printer.off();
	});

	it("a screen says which stations it shows; the stations' health lists screens and printers", async () => {
		const hello = await screen.socket.timeout(5000).emitWithAck("screen:hello", { stations: ["grill", "cold"] });
		assert.deepEqual(hello, { ok: true });
		const staffSocket = await waiter.socket.timeout(5000).emitWithAck("screen:hello", { stations: ["grill"] });
		assert.equal(staffSocket.ok, false, "a waiter's tablet is not a kitchen screen");
		const bad = await screen.socket.timeout(5000).emitWithAck("ticket:ack", { orderId: "nope", station: "grill", round: 1 });
		assert.equal(bad.error.code, "VALIDATION_ERROR");
		const grill = await until("the grill's health", async () => {
			const g = await station("grill");
			return g?.screens === 1 && g;
		});
		assert.deepEqual(
			grill.printers.map(p => [p.name, p.status]),
			[["Grill", "ok"]],
		);
		assert.equal(grill.healthy, true);
		assert.equal((await station("cold"))?.healthy, true);
		assert.equal((await http.get("/api/v1/devices/stations", { token: r.token.kitchen })).status, 403);
	});

	it("tickets a screen acknowledges stay on the screen: nothing printed, nothing on the expo", async () => {
		const a = await place(0, [
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		const more = await http.post(
			`/api/v1/orders/${a.id}/items`,
			{ items: [{ menuItemId: r.dish.burger.id, quantity: 1 }] },
			{ token: r.token.staff },
		);
		assert.equal(more.status, 200, JSON.stringify(more.body));
		const ds = await until("three tickets acknowledged", async () => {
			const d = await dispatches(a.id);
			return d.length === 3 && d.every(x => x.ackedAt) && d;
		});
		assert.deepEqual(
			ds.map(d => [d.station, d.round]),
			[
				["cold", 1],
				["grill", 1],
				["grill", 2],
			],
		);
		// Acknowledged again (a redraw): the first ack is kept.
		const again = await screen.socket.timeout(5000).emitWithAck("ticket:ack", { orderId: a.id, station: "grill", round: 1 });
		assert.equal(again.ok, true);
		assert.equal(again.first, false);
		assert.equal(again.ackedAt, ds[1].ackedAt);
		await new Promise(res => setTimeout(res, 2600));
		assert.ok(
			(await dispatches(a.id)).every(d => !d.reroutedAt),
			"none re-routed",
		);
	});

	it("a screen that stops acknowledging: the grill's ticket prints on its printer, the cold one shows on the expo, the waiter hears", async () => {
		await Promise.all(acks);
		acking = false;
		const b = await place(1, [
			{ menuItemId: r.dish.steak.id, quantity: 2 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		await until("b's grill ticket printed", () => printed(b, 1) === 1);
		await expo.waitFor(
			"ticket:update",
			(t: { orderId: string; station: string; change: string }) =>
				t.orderId === b.id && t.station === "cold" && t.change === "rerouted",
		);
		assert.match(printer.with(b.tableName!)[0], /2 x Steak/);
		const notes = await until("the waiter told twice", () => {
			const n = waiter.events.filter(
				e => e.type === "notification" && e.data.type === "ticket_unacknowledged" && e.data.data.orderId === b.id,
			);
			return n.length === 2 && n;
		});
		const words = notes.map(n => n.data.message as string).sort();
		assert.match(words[0], /'s food at the cold is not confirmed: sent to the expo/);
		assert.match(words[1], /'s food at the grill is not confirmed: printed on Grill/);
		const cold = await until("the cold station unhealthy", async () => {
			const c = await station("cold");
			return c && !c.healthy && c;
		});
		assert.equal(cold.unacknowledged, 1);
		await waiter.waitFor("station:update", (s: StationHealth) => s.station === "cold" && !s.healthy);
	});

	it("a printer that dies mid-service keeps the ticket it took and prints it once back; tickets meanwhile go to the expo", async () => {
		await printer.off();
		const c = await place(2, [{ menuItemId: r.dish.burger.id, quantity: 3 }]);
		await until("the grill printer offline", async () => (await station("grill"))?.printers[0].status === "offline");
		const d = await place(3, [{ menuItemId: r.dish.steak.id, quantity: 4 }]);
		await expo.waitFor("ticket:update", (t: { orderId: string; change: string }) => t.orderId === d.id && t.change === "rerouted");
		const grill = await station("grill");
		assert.equal(grill?.healthy, false, "a printer offline");
		await waiter.waitFor("station:update", (s: StationHealth) => s.station === "grill" && s.printers[0]?.status === "offline");
		await printer.on();
		// The worker backs off while the printer is away (doubling): its next try may come as long after as it was away.
		await until("c's ticket printed once the printer is back", () => printed(c, 1) === 1, 30_000);
		await until("the grill printer ok", async () => (await station("grill"))?.printers[0].status === "ok");
	});

	it("every ticket landed exactly once: acknowledged by a screen, printed once, or on the expo", async () => {
		for (const o of orders) await until(`order ${o.id} settled`, () => settled(o));
		// A moment more, for any second re-route a racing sweeper would make.
		await new Promise(res => setTimeout(res, 1500));
		const tally: Record<string, number> = { acked: 0, printed: 0, expo: 0 };
		for (const o of orders) {
			for (const d of await dispatches(o.id)) {
				const acked = d.ackedAt && !d.reroutedAt ? 1 : 0;
				const paper = d.station === "grill" ? printed(o, d.round) : 0;
				const shown = onExpo(o, d.station, d.round);
				assert.equal(
					acked + paper + shown,
					1,
					`${o.tableName} ${d.station} round ${d.round}: acked ${acked}, printed ${paper}, expo ${shown}`,
				);
				assert.equal(d.route, acked ? null : paper ? "printer" : "expo");
				tally.acked += acked;
				tally.printed += paper;
				tally.expo += shown;
			}
		}
		assert.deepEqual(tally, { acked: 3, printed: 2, expo: 2 });
		assert.equal(printer.received.length, 2, "nothing printed twice");
		const told = waiter.events.filter(e => e.type === "notification" && e.data.type === "ticket_unacknowledged");
		assert.equal(told.length, 4, "the waiter told once per ticket not confirmed");
	});
});
