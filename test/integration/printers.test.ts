// Printers through the gateway with real TCP listeners playing the printers: a kitchen printer prints a chit for
// each round at its station (dish names, seats, notes in the ESC/POS bytes), a printer that is off, resets the
// connection mid-job or stalls keeps its jobs and prints its backlog in order once back, every job exactly once;
// a station whose printer has failed for PRINTER_FALLBACK_SECONDS sends its new chits to its fallback; a bill
// prints on the receipt printer (billing.get asked by the device service) and reads as a printable page.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import { FakePrinter } from "../helpers/printer";
import type { Order } from "../../contracts";

describe(`printers: durable kitchen chits and bills over raw TCP — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	const grill = new FakePrinter();
	const cold = new FakePrinter();
	const spare = new FakePrinter();
	const till = new FakePrinter();
	const ids: Record<string, string> = {};

	const printers = async () => {
		const res = await http.get("/api/v1/devices/printers", { token: r.token.admin });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		return res.body as { id: string; name: string; status: string; queued: number }[];
	};
	const printerNamed = async (name: string) => (await printers()).find(p => p.name === name)!;
	const jobs = async (name: string) =>
		(await http.get(`/api/v1/devices/printers/${ids[name]}/jobs`, { token: r.token.admin })).body as {
			state: string;
			reroutedFrom: string | null;
		}[];
	const round = async (order: Order, items: { menuItemId: string; quantity: number; seat?: number; notes?: string }[]) => {
		const res = await http.post<Order>(`/api/v1/orders/${order.id}/items`, { items }, { token: r.token.staff });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		return res.body;
	};
	const add = async (body: Record<string, unknown>) => {
		const res = await http.post("/api/v1/devices/printers", body, { token: r.token.admin });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		ids[body.name as string] = res.body.id;
		return res.body;
	};

	before(async () => {
		await Promise.all([grill.on(), cold.on(), spare.on(), till.on()]);
		cluster = await startCluster({
			env: { PRINTER_FALLBACK_SECONDS: "1", PRINTER_RETRY_MS: "100", PRINTER_TIMEOUT_MS: "1500" },
			// Two nodes run the device service: they share the events and race for each printer's jobs.
			split: DISTRIBUTED
				? [["auth"], ["table", "menu", "order"], ["kitchen", "device"], ["billing", "reporting", "notification"], ["api", "device"]]
				: undefined,
		});
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
	});

	after(async () => {
		await cluster?.stop();
		await Promise.all([grill.off(), cold.off(), spare.off(), till.off()]);
	});

	it("admins set printers up; the list says each one's status and queue; the floor may not", async () => {
		await add({ name: "Spare", host: "127.0.0.1", port: spare.port, kind: "kitchen", station: "pass" });
		await add({ name: "Grill", host: "127.0.0.1", port: grill.port, kind: "kitchen", station: "grill" });
		await add({ name: "Cold", host: "127.0.0.1", port: cold.port, kind: "kitchen", station: "cold", fallbackPrinterId: ids.Spare });
		await add({ name: "Till", host: "127.0.0.1", port: till.port, kind: "receipt" });
		const list = await printers();
		assert.deepEqual(
			list.map(p => [p.name, p.status, p.queued]),
			[
				["Spare", "ok", 0],
				["Grill", "ok", 0],
				["Cold", "ok", 0],
				["Till", "ok", 0],
			],
		);
		assert.equal(
			(await http.post("/api/v1/devices/printers", { name: "X", host: "h", kind: "receipt" }, { token: r.token.staff })).status,
			403,
		);
		const noStation = await http.post("/api/v1/devices/printers", { name: "X", host: "h", kind: "kitchen" }, { token: r.token.admin });
		assert.equal(noStation.status, 400, JSON.stringify(noStation.body));
		const self = await http.patch(`/api/v1/devices/printers/${ids.Spare}`, { fallbackPrinterId: ids.Spare }, { token: r.token.admin });
		assert.equal(self.status, 400, JSON.stringify(self.body));
	});

	let order: Order;
	it("a new order prints one chit per station with its lines, seats and notes", async () => {
		order = await placeOrder(http, r, r.tables[0], [
			{ menuItemId: r.dish.steak.id, quantity: 2, notes: "no salt" },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		order = await round(order, [{ menuItemId: r.dish.burger.id, quantity: 1, seat: 2 }]);
		await until("the grill's chits", () => grill.received.length >= 2);
		await until("the cold chit", () => cold.received.length >= 1);
		const first = grill.with("Steak");
		assert.equal(first.length, 1);
		assert.match(first[0], /2 x Steak/);
		assert.match(first[0], /no salt/);
		assert.ok(!first[0].includes("Salad"), "the grill's chit holds only its station's lines");
		assert.match(grill.with("Round 2")[0], /1 x Burger.*Seat 2/s);
		assert.match(cold.received[0], /1 x Salad/);
		assert.ok(first[0].startsWith("\x1b@"), "ESC/POS: the job starts by initialising the printer");
	});

	it("a printer that is off, drops the job or stalls keeps its jobs and prints them once back, in order, once each", async () => {
		await grill.off();
		order = await round(order, [{ menuItemId: r.dish.burger.id, quantity: 3, seat: 1 }]);
		await until("the grill offline", async () => (await printerNamed("Grill")).status === "offline");
		order = await round(order, [{ menuItemId: r.dish.steak.id, quantity: 4, seat: 3 }]);
		grill.mode = "drop";
		await grill.on();
		await until("a job dropped mid-way", () => grill.dropped >= 1, 5000);
		grill.mode = "stall";
		await until("a job stalled", () => grill.stalled >= 1, 5000);
		assert.equal(grill.received.length, 2);
		assert.equal((await printerNamed("Grill")).queued, 2);
		grill.mode = "ok";
		await until("the backlog printed", async () => (await printerNamed("Grill")).queued === 0, 10_000);
		const backlog = grill.received.slice(2);
		assert.equal(backlog.length, 2, "each queued chit printed once");
		assert.match(backlog[0], /3 x Burger.*Seat 1/s);
		assert.match(backlog[1], /4 x Steak.*Seat 3/s);
		assert.equal((await printerNamed("Grill")).status, "ok");
	});

	it("a station whose printer has failed for the fallback seconds sends its new chits to the fallback", async () => {
		await cold.off();
		order = await round(order, [{ menuItemId: r.dish.soup.id, quantity: 1, seat: 4 }]);
		await until("cold offline", async () => (await printerNamed("Cold")).status === "offline");
		await new Promise(res => setTimeout(res, 1200));
		order = await round(order, [{ menuItemId: r.dish.salad.id, quantity: 2, seat: 1 }]);
		await until("the fallback's chit", () => spare.with("2 x Salad").length === 1);
		assert.match(spare.received[0], /COLD/);
		assert.ok((await jobs("Spare")).every(j => j.reroutedFrom === ids.Cold));
		const told = await until("the floor told", async () => {
			const res = await http.get("/api/v1/notifications", { token: r.token.staff });
			return (res.body as { type: string; message: string }[]).find(n => n.type === "printer_offline");
		});
		assert.equal(told.message, "Printer Cold (cold) is offline: its tickets print on Spare");
		await cold.on();
		await until("cold's backlog", () => cold.with("Soup").length === 1, 10_000);
		assert.equal(cold.with("2 x Salad").length, 0, "the chit the fallback printed is not printed again");
	});

	it("a bill prints on the receipt printer and reads as a printable page", async () => {
		await serveOrder(http, r, order.id);
		const bill = await http.post("/api/v1/billing/bills", { tableId: r.tables[0].id }, { token: r.token.staff });
		assert.equal(bill.status, 201, JSON.stringify(bill.body));
		const job = await http.post(`/api/v1/billing/bills/${bill.body.id}/print`, { kind: "precheck" }, { token: r.token.staff });
		assert.equal(job.status, 202, JSON.stringify(job.body));
		assert.equal(job.body.state, "queued");
		await until("the precheck", () => till.received.length === 1);
		assert.match(till.received[0], /PRECHECK/);
		assert.match(till.received[0], /2 x Steak/);
		const page = await fetch(`${cluster.baseUrl}/api/v1/billing/bills/${bill.body.id}/receipt`, {
			headers: { authorization: `Bearer ${r.token.staff}` },
		});
		assert.equal(page.status, 200);
		assert.match(page.headers.get("content-type") ?? "", /text\/html/);
		const html = await page.text();
		assert.match(html, /2 × Steak/);
		assert.match(html, /Seat 2/);
		assert.match(html, /Total/);
		const missing = await http.post(
			`/api/v1/billing/bills/${crypto.randomUUID()}/print`,
			{ kind: "receipt" },
			{ token: r.token.staff },
		);
		assert.equal(missing.status, 404);
	});

	it("every job was printed exactly once", async () => {
		for (const [name, printer] of [
			["Grill", grill],
			["Cold", cold],
			["Spare", spare],
			["Till", till],
		] as const) {
			const all = await jobs(name);
			assert.ok(
				all.every(j => j.state === "printed"),
				name,
			);
			assert.equal(printer.received.length, all.length, `${name}: one print per job`);
		}
	});
});
