// Billing through the gateway: a table's served orders become a bill priced by the one rounding rule; splits
// to the cent; admin discounts and refunds with a reason; payments that never overpay, even from tablets
// racing on PostgreSQL; Idempotency-Key on payments; the last payment pays the orders and frees the table,
// which staff devices hear live; notifications to the waiter, the kitchen and admins.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Bill, Notification, Order, Payment, Table } from "../../contracts";

// 8.75% tax and 10% service charge, on the subtotal after discount, each rounded half up once.
const TAX = 0.0875;
const SERVICE = 0.1;
const halfUp = (cents: number, rate: number) => Math.floor(cents * rate + 0.5 + 1e-9);
const expectedTotal = (net: number) => net + halfUp(net, TAX) + halfUp(net, SERVICE);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

describe(`billing, payments and notifications — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let waiterDevice: Device;
	let n = 0;

	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Bill table ${++n}`, seats: 4 }, { token: r.token.admin });
		assert.equal(res.status, 201);
		return res.body;
	};
	/** A table with one served order of `items`; returns the table and the order. */
	const servedTable = async (items: { menuItemId: string; quantity: number }[]) => {
		const table = await freshTable();
		const order = await placeOrder(http, r, table, items);
		await serveOrder(http, r, order.id);
		return { table, order };
	};
	const billTable = async (tableId: string): Promise<Bill> => {
		const res = await http.post<Bill>("/api/v1/billing/bills", { tableId }, { token: r.token.staff });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const pay = (billId: string, body: Record<string, unknown>, headers?: Record<string, string>) =>
		http.post<Payment>(`/api/v1/billing/bills/${billId}/payments`, body, { token: r.token.staff, headers });
	const getBill = async (id: string) => (await http.get<Bill>(`/api/v1/billing/bills/${id}`, { token: r.token.staff })).body;
	const getOrder = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.staff })).body;
	const tableStatus = async (id: string) =>
		(await http.get<Table[]>("/api/v1/tables", { token: r.token.staff })).body.find(t => t.id === id)?.status;
	const expectError = (res: Reply, status: number, code: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};

	before(async () => {
		cluster = await startCluster({ env: { TAX_RATE: String(TAX), SERVICE_CHARGE_RATE: String(SERVICE) } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		waiterDevice = await connectDevice(cluster.baseUrl, { token: r.token.staff });
	});
	after(async () => {
		waiterDevice?.close();
		await cluster?.stop();
	});

	it("a bill gathers the table's served order, voided lines left out, taxed and charged once on the subtotal", async () => {
		const table = await freshTable();
		const order = await placeOrder(http, r, table, [
			{ menuItemId: r.dish.burger.id, quantity: 2 },
			{ menuItemId: r.dish.beer.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		const salad = order.items.find(i => i.menuItemId === r.dish.salad.id)!;
		assert.equal(
			(
				await http.post(
					`/api/v1/orders/${order.id}/items/${salad.id}/void`,
					{ reason: "guest changed mind" },
					{ token: r.token.staff },
				)
			).status,
			200,
		);
		assert.equal(
			(
				await http.post(
					`/api/v1/orders/${order.id}/items`,
					{ items: [{ menuItemId: r.dish.soup.id, quantity: 1 }] },
					{ token: r.token.staff },
				)
			).status,
			200,
		);

		// Food still in the kitchen: no bill yet, and nothing was closed.
		const early = await http.post("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff });
		expectError(early, 409, "ORDER_NOT_SERVED");
		assert.ok(early.body.error.details.items.length >= 3);
		assert.equal((await getOrder(order.id)).status, "placed");

		await serveOrder(http, r, order.id);
		const bill = await billTable(table.id);
		const subtotal = 2 * 1450 + 600 + 650;
		assert.equal(bill.status, "open");
		assert.deepEqual(bill.lines.map(l => [l.name, l.quantity, l.amountCents]).sort(), [
			["Beer", 1, 600],
			["Burger", 2, 2900],
			["Soup", 1, 650],
		]);
		assert.equal(bill.subtotalCents, subtotal);
		assert.equal(bill.serviceChargeCents, 415);
		assert.equal(bill.taxCents, 363); // 363.125
		assert.equal(bill.totalCents, expectedTotal(subtotal));
		assert.equal(bill.balanceCents, bill.totalCents);
		assert.deepEqual(bill.orderIds, [order.id]);
		for (const key of [
			"id",
			"tableId",
			"status",
			"lines",
			"subtotalCents",
			"discountCents",
			"taxCents",
			"serviceChargeCents",
			"totalCents",
			"paidCents",
			"tipCents",
			"createdAt",
		]) {
			assert.ok(key in bill, `bill.${key}`);
		}
		// The order is closed: no more rounds on it, and the kitchen hears nothing new.
		assert.equal((await getOrder(order.id)).status, "billed");
		const round = await http.post(
			`/api/v1/orders/${order.id}/items`,
			{ items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] },
			{ token: r.token.staff },
		);
		expectError(round, 409, "ORDER_CLOSED");
		// Billing again finds nothing new and names the open bill.
		const again = await http.post("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff });
		expectError(again, 409, "NOTHING_TO_BILL");
		assert.deepEqual(again.body.error.details.openBillIds, [bill.id]);
		await waiterDevice.waitFor<Bill>("bill:update", b => b.id === bill.id);
	});

	it("the last payment pays the orders, frees the table and tells staff devices with bill:paid", async () => {
		const { table, order } = await servedTable([{ menuItemId: r.dish.steak.id, quantity: 1 }]);
		assert.equal(await tableStatus(table.id), "occupied");
		const bill = await billTable(table.id);
		const first = await pay(bill.id, { method: "cash", amountCents: 1000, tipCents: 0 });
		assert.equal(first.status, 201, JSON.stringify(first.body));
		assert.equal(first.body.status, "captured");
		assert.equal((await getBill(bill.id)).balanceCents, bill.totalCents - 1000);
		assert.equal((await getBill(bill.id)).status, "open");

		const over = await pay(bill.id, { method: "cash", amountCents: bill.totalCents });
		expectError(over, 409, "PAYMENT_EXCEEDS_BALANCE");
		assert.equal((over as Reply).body.error.details.balanceCents, bill.totalCents - 1000);

		const last = await pay(bill.id, { method: "card", amountCents: bill.totalCents - 1000, tipCents: 500 });
		assert.equal(last.status, 201, JSON.stringify(last.body));
		assert.equal(last.body.provider, "simulated");
		assert.match(last.body.providerRef ?? "", /^sim_/);
		const paid = await getBill(bill.id);
		assert.equal(paid.status, "paid");
		assert.equal(paid.paidCents, paid.totalCents);
		assert.equal(paid.tipCents, 500);
		assert.equal(paid.balanceCents, 0);
		expectError(await pay(bill.id, { method: "cash", amountCents: 1 }), 409, "BILL_NOT_OPEN");

		const pushed = await waiterDevice.waitFor<Bill>("bill:paid", b => b.id === bill.id);
		assert.equal(pushed.data.status, "paid");
		await waiterDevice.waitFor<Table>("table:update", t => t.id === table.id && t.status === "available");
		await until("the order is paid", async () => (await getOrder(order.id)).status === "paid");
		assert.equal(await tableStatus(table.id), "available");
	});

	it("a table with a second open order stays occupied when the first bill is paid", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.beer.id, quantity: 2 }]);
		const bill = await billTable(table.id);
		// Another round of drinks after the bill came: a new order on the same table.
		const second = await placeOrder(http, r, table, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		assert.equal((await pay(bill.id, { method: "cash", amountCents: bill.totalCents })).status, 201);
		await until(
			"the first order is paid",
			async () =>
				(await http.get<Order[]>(`/api/v1/orders?tableId=${table.id}&status=paid`, { token: r.token.staff })).body.length === 1,
		);
		assert.equal(await tableStatus(table.id), "occupied");
		await serveOrder(http, r, second.id);
		const bill2 = await billTable(table.id);
		assert.deepEqual(bill2.orderIds, [second.id]);
		assert.equal((await pay(bill2.id, { method: "cash", amountCents: bill2.totalCents })).status, 201);
		await until("the table is free", async () => (await tableStatus(table.id)) === "available");
	});

	it("an even split adds up to the exact cent of the whole; the parts are paid separately", async () => {
		const { table, order } = await servedTable([
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.soup.id, quantity: 1 },
		]);
		const bill = await billTable(table.id);
		const split = await http.post<Bill[]>(
			`/api/v1/billing/bills/${bill.id}/split`,
			{ mode: "even", parts: 3 },
			{ token: r.token.staff },
		);
		assert.equal(split.status, 200, JSON.stringify(split.body));
		const parts = split.body;
		assert.equal(parts.length, 3);
		for (const k of ["subtotalCents", "serviceChargeCents", "taxCents", "totalCents"] as const) {
			assert.equal(sum(parts.map(p => p[k])), bill[k], k);
		}
		assert.ok(Math.max(...parts.map(p => p.totalCents)) - Math.min(...parts.map(p => p.totalCents)) <= 1);
		assert.deepEqual(
			parts.map(p => p.split),
			[1, 2, 3].map(part => ({ mode: "even", part, parts: 3 })),
		);
		assert.equal((await getBill(bill.id)).status, "void");
		expectError(await pay(bill.id, { method: "cash", amountCents: 1 }), 409, "BILL_NOT_OPEN");
		expectError(
			await http.post(`/api/v1/billing/bills/${parts[0].id}/split`, { mode: "even", parts: 2 }, { token: r.token.staff }),
			409,
			"BILL_IS_SPLIT_PART",
		);

		for (const [i, p] of parts.entries()) {
			assert.equal((await pay(p.id, { method: i === 1 ? "card" : "cash", amountCents: p.totalCents, tipCents: 100 })).status, 201);
			if (i < 2) assert.equal(await tableStatus(table.id), "occupied", "the table waits for every part");
		}
		await until("the split bill's order is paid", async () => (await getOrder(order.id)).status === "paid");
		await until("the table is free", async () => (await tableStatus(table.id)) === "available");
	});

	it("a split by items keeps each guest's lines; lines named nowhere make one more part; bad groups are a 400", async () => {
		const { table } = await servedTable([
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 3 },
		]);
		const bill = await billTable(table.id);
		const line = (name: string) => bill.lines.find(l => l.name === name)!.id;
		const url = `/api/v1/billing/bills/${bill.id}/split`;
		expectError(
			await http.post(url, { mode: "items", groups: [[line("Steak"), line("Steak")]] }, { token: r.token.staff }),
			400,
			"VALIDATION_ERROR",
		);
		expectError(
			await http.post(url, { mode: "items", groups: [[crypto.randomUUID()]] }, { token: r.token.staff }),
			400,
			"VALIDATION_ERROR",
		);
		expectError(
			await http.post(url, { mode: "items", groups: [bill.lines.map(l => l.id)] }, { token: r.token.staff }),
			400,
			"VALIDATION_ERROR",
		);
		expectError(await http.post(url, { mode: "items" }, { token: r.token.staff }), 400, "VALIDATION_ERROR");
		expectError(await http.post(url, { mode: "even", parts: 1 }, { token: r.token.staff }), 400, "VALIDATION_ERROR");
		assert.equal((await getBill(bill.id)).status, "open", "nothing was split by the bad requests");

		const split = await http.post<Bill[]>(url, { mode: "items", groups: [[line("Steak")], [line("Salad")]] }, { token: r.token.staff });
		assert.equal(split.status, 200, JSON.stringify(split.body));
		assert.deepEqual(
			split.body.map(p => p.lines.map(l => l.name)),
			[["Steak"], ["Salad"], ["Beer"]],
		);
		assert.deepEqual(
			split.body.map(p => p.subtotalCents),
			[2800, 900, 1800],
		);
		for (const k of ["subtotalCents", "serviceChargeCents", "taxCents", "totalCents"] as const) {
			assert.equal(sum(split.body.map(p => p[k])), bill[k], k);
		}
	});

	it("a split part with nothing to pay is paid as it is made, so the table still frees", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const bill = await billTable(table.id);
		// Comp all but 3 cents, then split four ways: one part gets nothing to pay.
		const comped = await http.post<Bill>(
			`/api/v1/billing/bills/${bill.id}/discount`,
			{ amountCents: bill.subtotalCents - 3, reason: "staff drink" },
			{ token: r.token.admin },
		);
		assert.equal(comped.status, 200, JSON.stringify(comped.body));
		assert.equal(comped.body.totalCents, 3); // tax 0.2625 and service 0.3 of a cent both round to 0
		const parts = (
			await http.post<Bill[]>(`/api/v1/billing/bills/${bill.id}/split`, { mode: "even", parts: 4 }, { token: r.token.staff })
		).body;
		assert.deepEqual(parts.map(p => `${p.totalCents} ${p.status}`).sort(), ["0 paid", "1 open", "1 open", "1 open"]);
		for (const p of parts.filter(x => x.status === "open")) {
			const res = await pay(p.id, { method: "cash", amountCents: 1, tipCents: null });
			assert.equal(res.status, 201, JSON.stringify(res.body));
			assert.equal(res.body.tipCents, 0, "a null tip is no tip");
		}
		await until("the table is free", async () => (await tableStatus(table.id)) === "available");
	});

	it("only an admin discounts, with a reason; the bill is re-taxed on the discounted subtotal", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.steak.id, quantity: 2 }]);
		const bill = await billTable(table.id);
		const url = `/api/v1/billing/bills/${bill.id}/discount`;
		expectError(await http.post(url, { percent: 10, reason: "regulars" }, { token: r.token.staff }), 403, "APPROVAL_REQUIRED");
		expectError(await http.post(url, { percent: 10 }, { token: r.token.admin }), 400, "VALIDATION_ERROR");
		expectError(
			await http.post(url, { percent: 10, amountCents: 100, reason: "x" }, { token: r.token.admin }),
			400,
			"VALIDATION_ERROR",
		);
		expectError(await http.post(url, { amountCents: 999_999, reason: "x" }, { token: r.token.admin }), 400, "DISCOUNT_TOO_LARGE");
		expectError(await http.post(url, { percent: 12.34567, reason: "x" }, { token: r.token.admin }), 400, "VALIDATION_ERROR");
		const res = await http.post<Bill>(url, { percent: 12.5, reason: "birthday" }, { token: r.token.admin });
		assert.equal(res.status, 200, JSON.stringify(res.body));
		assert.equal(res.body.discountCents, 700); // 12.5% of 56.00
		assert.equal(res.body.discountReason, "birthday");
		assert.equal(res.body.totalCents, expectedTotal(5600 - 700));
		// A discount below what was already paid is refused.
		assert.equal((await pay(bill.id, { method: "cash", amountCents: 5000 })).status, 201);
		expectError(await http.post(url, { percent: 50, reason: "too late" }, { token: r.token.admin }), 409, "DISCOUNT_BELOW_PAID");
	});

	it("a 100% discount comps the table: the bill is paid with no payment and the table is freed", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		const bill = await billTable(table.id);
		const res = await http.post<Bill>(
			`/api/v1/billing/bills/${bill.id}/discount`,
			{ percent: 100, reason: "hair in the soup" },
			{ token: r.token.admin },
		);
		assert.equal(res.status, 200, JSON.stringify(res.body));
		assert.equal(res.body.totalCents, 0);
		assert.equal(res.body.status, "paid");
		await waiterDevice.waitFor<Bill>("bill:paid", b => b.id === bill.id);
		await until("the comped table is free", async () => (await tableStatus(table.id)) === "available");
	});

	it("two tablets paying the same bill at once never overpay it: one wins, the rest get 409", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.burger.id, quantity: 2 }]);
		const bill = await billTable(table.id);
		const tries = await Promise.all(Array.from({ length: 6 }, () => pay(bill.id, { method: "cash", amountCents: bill.totalCents })));
		assert.deepEqual(tries.map(t => t.status).sort(), [201, 409, 409, 409, 409, 409]);
		// Half and half from two tablets at once: both fit, exactly.
		const { table: t2 } = await servedTable([{ menuItemId: r.dish.burger.id, quantity: 2 }]);
		const b2 = await billTable(t2.id);
		const half = Math.floor(b2.totalCents / 2);
		const both = await Promise.all([
			pay(b2.id, { method: "card", amountCents: half }),
			pay(b2.id, { method: "cash", amountCents: b2.totalCents - half }),
			pay(b2.id, { method: "cash", amountCents: half }),
		]);
		assert.equal(both.filter(t => t.status === 201).length, 2, JSON.stringify(both.map(b => b.body)));
		const after = await getBill(b2.id);
		assert.equal(after.paidCents, sum(both.filter(t => t.status === 201).map(t => t.body.amountCents)));
		assert.ok(after.paidCents <= after.totalCents);
		const settled = await getBill(bill.id);
		assert.equal(settled.paidCents, settled.totalCents);
		assert.equal(settled.payments.length, 1);
	});

	it("a replayed payment request takes the money once; the same key for another payment is a 409", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.steak.id, quantity: 1 }]);
		const bill = await billTable(table.id);
		const key = { "Idempotency-Key": `pay-${crypto.randomUUID()}` };
		const taps = await Promise.all(
			Array.from({ length: 4 }, () => pay(bill.id, { method: "card", amountCents: 1000, tipCents: 200 }, key)),
		);
		assert.ok(
			taps.every(t => t.status === 201),
			JSON.stringify(taps.map(t => t.body)),
		);
		assert.equal(new Set(taps.map(t => t.body.id)).size, 1, "one payment");
		assert.ok(taps.some(t => t.headers.get("idempotent-replayed") === "true"));
		const after = await getBill(bill.id);
		assert.equal(after.paidCents, 1000);
		assert.equal(after.tipCents, 200);
		expectError(await pay(bill.id, { method: "card", amountCents: 999 }, key), 409, "IDEMPOTENCY_KEY_REUSED");
	});

	it("a double tap on 'bill the table' with one Idempotency-Key makes one bill", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.salad.id, quantity: 2 }]);
		const headers = { "Idempotency-Key": `bill-${crypto.randomUUID()}` };
		const taps = await Promise.all(
			Array.from({ length: 4 }, () =>
				http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff, headers }),
			),
		);
		assert.deepEqual(
			taps.map(t => t.status),
			[201, 201, 201, 201],
			JSON.stringify(taps.map(t => t.body)),
		);
		assert.equal(new Set(taps.map(t => t.body.id)).size, 1);
		const bills = (await http.get<Bill[]>(`/api/v1/billing/bills?tableId=${table.id}`, { token: r.token.staff })).body;
		assert.equal(bills.length, 1);
	});

	it("a declined card takes nothing and frees its share of the balance", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const bill = await billTable(table.id);
		const res = await pay(bill.id, { method: "card", amountCents: bill.totalCents, cardToken: "tok_declined" });
		expectError(res, 402, "PAYMENT_DECLINED");
		const after = await getBill(bill.id);
		assert.equal(after.paidCents, 0);
		assert.equal(after.pendingCents, 0);
		assert.equal(after.balanceCents, bill.totalCents);
		assert.equal(after.payments[0].status, "failed");
		assert.equal((await pay(bill.id, { method: "card", amountCents: bill.totalCents, cardToken: "tok_visa" })).status, 201);
	});

	it("an admin refunds part of a payment with a reason; never more than was taken; admins are told", async () => {
		const admin = await connectDevice(cluster.baseUrl, { token: r.token.admin });
		try {
			const { table } = await servedTable([{ menuItemId: r.dish.steak.id, quantity: 1 }]);
			const bill = await billTable(table.id);
			const payment = (await pay(bill.id, { method: "card", amountCents: bill.totalCents, tipCents: 300 })).body;
			const url = `/api/v1/billing/payments/${payment.id}/refund`;
			expectError(
				await http.post(url, { amountCents: 500, reason: "cold steak" }, { token: r.token.staff }),
				403,
				"APPROVAL_REQUIRED",
			);
			expectError(await http.post(url, { amountCents: 500 }, { token: r.token.admin }), 400, "VALIDATION_ERROR");
			expectError(
				await http.post(url, { amountCents: bill.totalCents + 1, reason: "x" }, { token: r.token.admin }),
				409,
				"REFUND_EXCEEDS_PAYMENT",
			);
			const res = await http.post<Payment>(url, { amountCents: 500, reason: "cold steak" }, { token: r.token.admin });
			assert.equal(res.status, 200, JSON.stringify(res.body));
			assert.equal(res.body.refundedCents, 500);
			assert.equal(res.body.refunds[0].reason, "cold steak");
			const refunded = await getBill(bill.id);
			assert.equal(refunded.status, "paid", "a refund after the sale leaves the bill paid");
			assert.equal(refunded.refundedCents, 500);
			// The rest of it, then nothing more.
			const rest = await http.post<Payment>(url, { reason: "manager's call" }, { token: r.token.admin });
			assert.equal(rest.body.refundedCents, bill.totalCents);
			expectError(await http.post(url, { reason: "again" }, { token: r.token.admin }), 409, "REFUND_EXCEEDS_PAYMENT");

			const note = await admin.waitFor<Notification>(
				"notification",
				x => x.type === "payment.refunded" && x.data.paymentId === payment.id,
			);
			assert.match(note.data.message, /\$5\.00 refunded \(cold steak\)/);
		} finally {
			admin.close();
		}
	});

	it("a refund the card provider refuses is a 409 and gives the held amount back to the payment", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		const bill = await billTable(table.id);
		const payment = (await pay(bill.id, { method: "card", amountCents: bill.totalCents, cardToken: "tok_no_refunds" })).body;
		const url = `/api/v1/billing/payments/${payment.id}/refund`;
		expectError(await http.post(url, { amountCents: 300, reason: "wrong table" }, { token: r.token.admin }), 409, "REFUND_REJECTED");
		const after = (await getBill(bill.id)).payments[0];
		assert.equal(after.refundedCents, 0);
		assert.deepEqual(
			after.refunds.map(x => x.status),
			["failed"],
		);
		assert.equal((await getBill(bill.id)).refundedCents, 0);
	});

	it("the waiter hears the order is ready; the kitchen hears about voids; notifications keep their read state", async () => {
		const cook = await connectDevice(cluster.baseUrl, { token: r.token.kitchen, stations: ["grill"] });
		try {
			const table = await freshTable();
			const order = await placeOrder(http, r, table, [
				{ menuItemId: r.dish.burger.id, quantity: 1 },
				{ menuItemId: r.dish.soup.id, quantity: 1 },
			]);
			const soup = order.items.find(i => i.menuItemId === r.dish.soup.id)!;
			const burger = order.items.find(i => i.menuItemId === r.dish.burger.id)!;
			assert.equal((await http.post(`/api/v1/kitchen/items/${burger.id}/start`, undefined, { token: r.token.kitchen })).status, 200);
			assert.equal(
				(await http.post(`/api/v1/orders/${order.id}/items/${burger.id}/void`, { reason: "allergy" }, { token: r.token.admin }))
					.status,
				200,
			);
			const voided = await cook.waitFor<Notification>("notification", x => x.type === "item.voided" && x.data.itemId === burger.id);
			assert.match(voided.data.message, /1 × Burger voided \(allergy\)/);

			assert.equal((await http.post(`/api/v1/kitchen/items/${soup.id}/ready`, undefined, { token: r.token.kitchen })).status, 200);
			const ready = await waiterDevice.waitFor<Notification>(
				"notification",
				x => x.type === "order.ready" && x.data.orderId === order.id,
			);
			assert.equal(ready.data.message, `Table ${table.name}: order ready`);
			assert.equal(
				cook.events.filter(e => e.type === "notification" && e.data.type === "order.ready").length,
				0,
				"only the waiter hears it",
			);

			const unread = await http.get<Notification[]>("/api/v1/notifications?unread=true", { token: r.token.staff });
			assert.equal(unread.status, 200);
			const mine = unread.body.find(x => x.id === ready.data.id)!;
			assert.deepEqual(Object.keys(mine).sort(), ["createdAt", "data", "id", "message", "readAt", "type"]);
			assert.equal(mine.readAt, null);
			// Nobody else may read it (or learn it exists).
			expectError(
				await http.post(`/api/v1/notifications/${mine.id}/read`, undefined, { token: r.token.kitchen }),
				404,
				"NOTIFICATION_NOT_FOUND",
			);
			const read = await http.post(`/api/v1/notifications/${mine.id}/read`, undefined, { token: r.token.staff });
			assert.equal(read.status, 204);
			assert.ok(
				!(await http.get<Notification[]>("/api/v1/notifications?unread=true", { token: r.token.staff })).body.some(
					x => x.id === mine.id,
				),
			);
			const all = await http.get<Notification[]>("/api/v1/notifications", { token: r.token.staff });
			assert.ok(all.body.find(x => x.id === mine.id)!.readAt);
			// The kitchen's copy of the void, for any cook; the admin who voided has it read already.
			assert.ok(
				(await http.get<Notification[]>("/api/v1/notifications?unread=true", { token: r.token.kitchen })).body.some(
					x => x.id === voided.data.id,
				),
			);
			assert.equal((await http.post("/api/v1/notifications/read-all", undefined, { token: r.token.kitchen })).status, 204);
			assert.equal((await http.get<Notification[]>("/api/v1/notifications?unread=true", { token: r.token.kitchen })).body.length, 0);
		} finally {
			cook.close();
		}
	});

	it("refuses bad billing input with a 4xx naming the problem, and writes nothing", async () => {
		const { table } = await servedTable([{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const bill = await billTable(table.id);
		const cases: [string, string, unknown, number, string?][] = [
			["POST", "/api/v1/billing/bills", {}, 400, "tableId"],
			["POST", "/api/v1/billing/bills", { tableId: "nope" }, 400, "tableId"],
			["POST", "/api/v1/billing/bills", { tableId: crypto.randomUUID() }, 409],
			["GET", `/api/v1/billing/bills/${crypto.randomUUID()}`, undefined, 404],
			["GET", "/api/v1/billing/bills?status=closed", undefined, 400, "status"],
			["POST", `/api/v1/billing/bills/${bill.id}/payments`, { method: "cash" }, 400, "amountCents"],
			["POST", `/api/v1/billing/bills/${bill.id}/payments`, { method: "cheque", amountCents: 100 }, 400, "method"],
			["POST", `/api/v1/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: 10.5 }, 400, "amountCents"],
			["POST", `/api/v1/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: "100" }, 400, "amountCents"],
			["POST", `/api/v1/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: 0 }, 400, "amountCents"],
			["POST", `/api/v1/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: 100, tipCents: -1 }, 400, "tipCents"],
			["POST", `/api/v1/billing/bills/${crypto.randomUUID()}/payments`, { method: "cash", amountCents: 100 }, 404],
			["POST", `/api/v1/billing/bills/${bill.id}/split`, { mode: "thirds" }, 400, "mode"],
			["POST", `/api/v1/billing/bills/${bill.id}/split`, { mode: "even", parts: 21 }, 400, "parts"],
			["POST", `/api/v1/billing/payments/${crypto.randomUUID()}/refund`, { reason: "x" }, 404],
			// JSON null where a field is optional is not a value: refused, never a 500.
			["POST", `/api/v1/billing/bills/${bill.id}/split`, { mode: "even", parts: null }, 400, "parts"],
			["POST", `/api/v1/billing/bills/${bill.id}/split`, { mode: "items", groups: null }, 400, "groups"],
			["POST", `/api/v1/billing/bills/${bill.id}/discount`, { amountCents: null, reason: "x" }, 400, "amountCents"],
			["POST", `/api/v1/billing/bills/${bill.id}/discount`, { reason: "x" }, 400, "percent"],
			["POST", `/api/v1/billing/bills/${bill.id}/discount`, { percent: 10, amountCents: null }, 400, "reason"],
			["GET", "/api/v1/reports/sales?from=2026-11-22T10:00:00%2B99:99", undefined, 400, "from"],
			["GET", "/api/v1/reports/sales?from=2026-02-30", undefined, 400, "from"],
			["GET", "/api/v1/reports/sales?groupBy=week", undefined, 400, "groupBy"],
			["GET", "/api/v1/reports/sales?from=yesterday", undefined, 400, "from"],
			["GET", "/api/v1/reports/sales?from=2026-11-22&to=2026-11-01", undefined, 400, "from"],
			["POST", `/api/v1/notifications/${crypto.randomUUID()}/read`, undefined, 404],
		];
		for (const [method, path, body, status, field] of cases) {
			const token =
				path.startsWith("/api/v1/reports") || path.includes("/refund") || path.includes("/discount")
					? r.token.admin
					: r.token.staff;
			const res = method === "GET" ? await http.get(path, { token }) : await http.post(path, body, { token });
			assert.equal(res.status, status, `${method} ${path} ${JSON.stringify(body)} → ${res.status} ${JSON.stringify(res.body)}`);
			assert.ok(res.body.error?.code, "a coded error");
			if (field)
				assert.ok(
					JSON.stringify(res.body.error.details ?? "").includes(field),
					`${path}: names ${field}: ${JSON.stringify(res.body)}`,
				);
		}
		const after = await getBill(bill.id);
		assert.equal(after.paidCents, 0);
		assert.equal(after.payments.length, 0);
		assert.equal(after.status, "open");
	});
});
