// The floor and the money over one service, scripted step by step: a manager opens the till and signs a shared
// tablet in, two waiters take turns on it by PIN, the grill's chit printer dies mid-service and comes back (every
// chit printed once), a party moves table and two tables merge into one check, a waiter's comp and refund go
// through with a manager's approval (by PIN on the waiter's tablet, and by one tap on the manager's phone), the
// bills are paid in cash with change and by card with a tip, the receipt prints, the till is counted, and the Z
// report matches the test's own books to the cent.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { FakePrinter } from "../helpers/printer";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Bill, Drawer, Order, Payment, TokenPair } from "../../contracts";

const TAX_PPM = 100_000; // 10%, no service charge
const rate = (cents: number, ppm: number) => Math.floor((cents * ppm * 2 + 1_000_000) / 2_000_000);
const totalOf = (subtotal: number) => subtotal + rate(subtotal, TAX_PPM);

describe(`a scripted service day: shared tablets, approvals, moves, a printer outage, the Z — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let manager: { token: string; id: string };
	/** The shared tablet's device session (POST /auth/devices, signed in by the manager). */
	let device: { token: string };
	let ann: { token: string; id: string };
	let ben: { token: string; id: string };
	let managerPhone: Device;
	const grill = new FakePrinter();
	const till = new FakePrinter();
	const printerId: Record<string, string> = {};
	const PIN = { manager: "4821", ann: "1357", ben: "2468" };

	// The books, as the test counts them.
	const books = { checks: [] as { subtotal: number; total: number }[], tips: 0, refunds: 0, comps: 0, voids: 0 };
	const orders: Record<"t1" | "t2" | "t3", Order> = {} as never;
	let drawer: Drawer;

	const ok = async <T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
		const res = await p;
		assert.equal(res.status, status, JSON.stringify(res.body));
		return res.body;
	};
	const post = <T>(path: string, body: unknown, as: { token: string }, headers?: Record<string, string>) =>
		http.post<T>(`/api/v1${path}`, body, { ...as, headers });
	const person = async (fullName: string, role: "staff" | "manager", pin: string) => {
		const username = `${fullName.split(" ")[0].toLowerCase()}-${Math.random().toString(36).slice(2, 7)}`;
		const made = await ok(
			post<{ id: string }>("/auth/register", { username, password: "password-123", fullName, role }, { token: r.token.admin }),
			201,
		);
		await ok(http.patch(`/api/v1/auth/users/${made.id}`, { pin }, { token: r.token.admin }));
		return { id: made.id, username };
	};
	const pinLogin = async (pin: string) => {
		const pair = await ok(post<TokenPair & { user: { id: string } }>("/auth/pin-login", { pin }, device));
		return { token: pair.accessToken, id: pair.user.id };
	};
	/** A manager-only action asked by a waiter: 403 APPROVAL_REQUIRED naming the request. */
	const needsApproval = async (path: string, body: unknown, as: { token: string }, action: string) => {
		const res = await post<{ error: { code: string; details: { action: string; approvalRequestId: string } } }>(path, body, as);
		assert.equal(res.status, 403, JSON.stringify(res.body));
		assert.equal(res.body.error.code, "APPROVAL_REQUIRED");
		assert.equal(res.body.error.details.action, action);
		return res.body.error.details.approvalRequestId;
	};

	before(async () => {
		await Promise.all([grill.on(), till.on()]);
		cluster = await startCluster({
			env: {
				TAX_RATE: "0.1",
				SERVICE_CHARGE_RATE: "0",
				PRINTER_RETRY_MS: "100",
				PRINTER_TIMEOUT_MS: "500",
				// The grill has no fallback printer: its chits wait for it, however long it is off.
				PRINTER_FALLBACK_SECONDS: "3600",
			},
		});
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 4);
		const mia = await person("Mia Manager", "manager", PIN.manager);
		manager = { token: (await http.login(mia.username, "password-123")).accessToken, id: mia.id };
		await person("Ann Waiter", "staff", PIN.ann);
		await person("Ben Waiter", "staff", PIN.ben);
		for (const [name, port, kind] of [
			["Grill", grill.port, "kitchen"],
			["Till", till.port, "receipt"],
		] as const) {
			const made = await ok(
				post<{ id: string }>(
					"/devices/printers",
					{ name, host: "127.0.0.1", port, kind, ...(kind === "kitchen" && { station: "grill" }) },
					{ token: r.token.admin },
				),
				201,
			);
			printerId[name] = made.id;
		}
		managerPhone = await connectDevice(cluster.baseUrl, { token: manager.token });
	});

	after(async () => {
		managerPhone?.close();
		await cluster?.stop();
		await Promise.all([grill.off(), till.off()]);
	});

	it("opens: the manager opens the till with a float and signs the shared tablet in; Ann and Ben take turns by PIN", async () => {
		drawer = await ok(post<Drawer>("/drawers/open", { name: "Bar till", floatCents: 15_000 }, manager), 201);
		// The manager signs the tablet in as a device: a session of its own that only lets waiters on by PIN.
		device = { token: (await ok(post<TokenPair>("/auth/devices", { name: "Floor tablet" }, manager), 201)).accessToken };
		ann = await pinLogin(PIN.ann);
		orders.t1 = await ok(
			post<Order>(
				"/orders",
				{
					tableId: r.tables[0].id,
					covers: 2,
					items: [
						{ menuItemId: r.dish.burger.id, quantity: 2 },
						{ menuItemId: r.dish.beer.id, quantity: 2 },
					],
				},
				ann,
			),
			201,
		);
		// One tap to switch: Ben's PIN, and the tablet is his.
		ben = await pinLogin(PIN.ben);
		assert.notEqual(ben.id, ann.id);
		orders.t2 = await ok(
			post<Order>("/orders", { tableId: r.tables[1].id, covers: 1, items: [{ menuItemId: r.dish.salad.id, quantity: 1 }] }, ben),
			201,
		);
		orders.t3 = await ok(
			post<Order>(
				"/orders",
				{
					tableId: r.tables[2].id,
					covers: 3,
					items: [
						{ menuItemId: r.dish.soup.id, quantity: 3 },
						{ menuItemId: r.dish.beer.id, quantity: 3 },
					],
				},
				ben,
			),
			201,
		);
		assert.ok(orders.t1.items.every(i => i.takenBy === ann.id));
		assert.ok(orders.t3.items.every(i => i.takenBy === ben.id));
		// A wrong PIN lets nobody on.
		assert.equal((await post("/auth/pin-login", { pin: "0000" }, device)).status, 401);
		await until("the grill printed table 1's burgers", async () => grill.with("Burger").length === 1);
	});

	it("keeps the grill's chits while its printer is off and prints each once when it is back", async () => {
		await grill.off();
		ann = await pinLogin(PIN.ann);
		orders.t1 = await ok(post<Order>(`/orders/${orders.t1.id}/items`, { items: [{ menuItemId: r.dish.steak.id, quantity: 1 }] }, ann));
		orders.t2 = await ok(post<Order>(`/orders/${orders.t2.id}/items`, { items: [{ menuItemId: r.dish.steak.id, quantity: 1 }] }, ben));
		await until("both steak chits queued at the dead grill printer", async () => {
			const list = (await http.get<{ id: string; queued: number }[]>("/api/v1/devices/printers", { token: manager.token })).body;
			return list.find(p => p.id === printerId.Grill)?.queued === 2;
		});
		await grill.on();
		await until("the backlog printed", async () => grill.received.length === 3);
		// Nothing twice: a moment later still three chits, the steaks once per table.
		await new Promise(resolve => setTimeout(resolve, 500));
		assert.equal(grill.received.length, 3);
		assert.equal(grill.with("Steak").length, 2);
	});

	it("moves table 3's party to table 4 and merges table 2 into table 1's check; nothing reaches the kitchen twice", async () => {
		const chits = grill.received.length;
		orders.t3 = await ok(post<Order>(`/orders/${orders.t3.id}/move`, { tableId: r.tables[3].id }, ben));
		assert.equal(orders.t3.tableId, r.tables[3].id);
		orders.t1 = await ok(post<Order>(`/orders/${orders.t1.id}/merge`, { orderId: orders.t2.id }, ann));
		assert.equal(orders.t1.covers, 3);
		assert.equal(orders.t1.items.filter(i => i.name === "Steak").length, 2);
		// Ben hands table 4 to Ann at the end of his shift.
		orders.t3 = await ok(post<Order>(`/orders/${orders.t3.id}/assign`, { userId: ann.id }, ben));
		assert.equal(orders.t3.assignedTo, ann.id);
		await new Promise(resolve => setTimeout(resolve, 300));
		assert.equal(grill.received.length, chits, "a move or a merge prints nothing");
	});

	it("voids a soup before the kitchen starts it, and comps a beer with the manager's PIN typed on Ann's tablet", async () => {
		const soup = orders.t3.items.find(i => i.name === "Soup")!;
		orders.t3 = await ok(post<Order>(`/orders/${orders.t3.id}/items/${soup.id}/void`, { quantity: 1, reason: "ordered twice" }, ann));
		books.voids += r.dish.soup.priceCents;

		const beer = orders.t1.items.find(i => i.name === "Beer")!;
		const compPath = `/orders/${orders.t1.id}/items/${beer.id}/comp`;
		const compBody = { reason: "spilt over the table" };
		const requestId = await needsApproval(compPath, compBody, ann, "comp");
		// The manager's phone hears the request.
		await managerPhone.waitFor("approval:request", (d: { id: string }) => d.id === requestId);
		// A waiter's PIN approves nothing.
		assert.equal((await post(`/approvals/${requestId}/pin`, { pin: PIN.ben }, ann)).status, 401);
		const { approvalToken } = await ok(post<{ approvalToken: string }>(`/approvals/${requestId}/pin`, { pin: PIN.manager }, ann));
		orders.t1 = await ok(post<Order>(compPath, compBody, ann, { "X-Approval": approvalToken }));
		const comped = orders.t1.items.find(i => i.id === beer.id)!;
		assert.equal(comped.comp?.reason, "spilt over the table");
		books.comps += beer.unitPriceCents * beer.quantity;
		// Single use: the same token does not comp a second line.
		const other = orders.t1.items.find(i => i.name === "Burger")!;
		const again = await post(`/orders/${orders.t1.id}/items/${other.id}/comp`, compBody, ann, { "X-Approval": approvalToken });
		assert.equal(again.status, 403, JSON.stringify(again.body));
	});

	it("cooks, serves and bills both checks; table 1 pays by card with a tip, table 4 in cash with change", async () => {
		for (const order of [orders.t1, orders.t3]) {
			for (const station of new Set(order.items.filter(i => i.status !== "voided").map(i => i.station))) {
				await ok(post(`/kitchen/tickets/${order.id}/bump?station=${station}`, undefined, { token: r.token.kitchen }));
			}
			await ok(post<Order>(`/orders/${order.id}/serve`, undefined, ann));
		}
		const billOf = async (tableId: string) => ok(post<Bill>("/billing/bills", { tableId }, ann), 201);
		const one = await billOf(r.tables[0].id);
		const four = await billOf(r.tables[3].id);

		// Table 1 (with table 2 merged in): 2 burgers, the 2 beers comped, 1 salad, 2 steaks.
		const d = r.dish;
		const oneSubtotal = 2 * d.burger.priceCents + d.salad.priceCents + 2 * d.steak.priceCents;
		assert.equal(one.subtotalCents, oneSubtotal);
		assert.equal(one.totalCents, totalOf(oneSubtotal));
		// Table 4 (table 3's party): 2 soups (one voided), 3 beers.
		const fourSubtotal = 2 * d.soup.priceCents + 3 * d.beer.priceCents;
		assert.equal(four.subtotalCents, fourSubtotal);
		books.checks.push({ subtotal: oneSubtotal, total: one.totalCents }, { subtotal: fourSubtotal, total: four.totalCents });

		const card = await ok(
			post<Payment>(
				`/billing/bills/${one.id}/payments`,
				{ method: "card", amountCents: one.totalCents, tipCents: 800, cardToken: "tok_visa" },
				ann,
			),
			201,
		);
		books.tips += 800;
		const tendered = Math.ceil(four.totalCents / 5_000) * 5_000;
		const cash = await ok(post<Payment>(`/billing/bills/${four.id}/payments`, { method: "cash", tenderedCents: tendered }, ann), 201);
		assert.equal(cash.changeCents, tendered - four.totalCents);

		// The receipt prints on the till printer, with its total.
		await ok(post(`/billing/bills/${one.id}/print`, { printerId: printerId.Till, kind: "receipt" }, ann), 202);
		await until("the receipt printed", async () => till.received.length === 1);
		assert.match(till.received[0], new RegExp((one.totalCents / 100).toFixed(2).replace(".", "\\.")));

		// A steak came back cold: Ann asks to refund 12.00 of the card payment; Mia approves with one tap on her phone.
		const tablet = await connectDevice(cluster.baseUrl, { token: ann.token });
		try {
			const refundPath = `/billing/payments/${card.id}/refund`;
			const refundBody = { amountCents: 1_200, reason: "steak came back cold" };
			const requestId = await needsApproval(refundPath, refundBody, ann, "refund");
			const pending = await ok(http.get<{ id: string }[]>("/api/v1/approvals?status=pending", { token: manager.token }));
			assert.ok(pending.some(a => a.id === requestId));
			await ok(post(`/approvals/${requestId}/approve`, undefined, manager));
			const update = await tablet.waitFor<{ id: string; status: string; approvalToken: string }>(
				"approval:update",
				d => d.id === requestId,
			);
			assert.equal(update.data.status, "approved");
			// The approval is for this refund only: another amount is another request.
			const other = await post(refundPath, { ...refundBody, amountCents: 5_000 }, ann, { "X-Approval": update.data.approvalToken });
			assert.equal(other.status, 403, JSON.stringify(other.body));
			await ok(post(refundPath, refundBody, ann, { "X-Approval": update.data.approvalToken }));
			books.refunds += 1_200;
		} finally {
			tablet.close();
		}
	});

	it("counts the till and closes the day: the Z matches the books to the cent", async () => {
		const cashTaken = books.checks[1].total;
		const expected = 15_000 + cashTaken;
		await until("the cash payment in the drawer", async () => {
			const open = await http.get<Drawer[]>("/api/v1/drawers?status=open", { token: manager.token });
			return open.body.find(d => d.id === drawer.id)?.expectedCents === expected;
		});
		const closed = await ok(post<Drawer>(`/drawers/${drawer.id}/close`, { countedCents: expected - 200 }, manager));
		assert.equal(closed.differenceCents, -200);

		const gross = books.checks.reduce((s, c) => s + c.subtotal, 0);
		const z = await until("every sale, refund, loss and the count in the day's figures", async () => {
			const x = (await http.get("/api/v1/reports/x", { token: manager.token })).body;
			return x.checks === 2 && x.refundCents === books.refunds && x.drawers.length === 1 && x.comps.lines === 1 && x;
		});
		const final = await ok(http.get("/api/v1/reports/z", { token: manager.token }));
		for (const [k, v] of Object.entries({
			checks: 2,
			orders: 2,
			covers: 3 + 3,
			grossCents: gross,
			discountCents: 0,
			refundCents: books.refunds,
			netCents: gross - books.refunds,
			avgCheckCents: Math.round((gross - books.refunds) / 2),
			tipCents: books.tips,
			drawerDifferenceCents: -200,
		}))
			assert.equal(final[k], v, `Z ${k}`);
		assert.deepEqual(
			final.byMethod.map((m: { method: string; payments: number; amountCents: number; tipCents: number; refundCents: number }) => [
				m.method,
				m.payments,
				m.amountCents,
				m.tipCents,
				m.refundCents,
			]),
			[
				["cash", 1, books.checks[1].total, 0, 0],
				["card", 1, books.checks[0].total, books.tips, books.refunds],
			],
		);
		assert.deepEqual(
			final.tipsByWaiter.map((t: { userId: string; tipCents: number }) => [t.userId, t.tipCents]),
			[[ann.id, books.tips]],
		);
		assert.deepEqual([final.comps.lines, final.comps.valueCents], [1, books.comps]);
		assert.deepEqual([final.voids.quantity, final.voids.valueCents], [1, books.voids]);
		assert.equal(z.grossCents, final.grossCents);

		// The approvals are in the audit trail: who asked, who decided and how, and that each was spent on its action.
		const audit = await until("the approvals in the audit trail", async () => {
			const res = await http.get<{ action: string; actorId: string; subject: Record<string, unknown> }[]>(
				"/api/v1/reports/audit?kind=approvals",
				{ token: r.token.admin },
			);
			assert.equal(res.status, 200, JSON.stringify(res.body));
			return res.body.filter(e => e.action === "approval_spent").length === 2 && res.body;
		});
		const of = (action: string) => audit.filter(e => e.action === action);
		assert.deepEqual(
			of("approval_requested")
				.map(e => [e.subject.permission, e.actorId])
				.sort(),
			[
				["comp", ann.id],
				["refund", ann.id],
			],
		);
		assert.deepEqual(
			of("approval_decided")
				.map(e => [e.subject.permission, e.actorId, e.subject.how])
				.sort(),
			[
				["comp", manager.id, "pin"],
				["refund", manager.id, "tap"],
			],
		);
	});
});
