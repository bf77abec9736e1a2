// A paid bill opened again and a line shared among guests, through the gateway: a manager reopens a paid bill
// with a reason (staff may not; an open bill is 409 BILL_NOT_PAID; two reopens at once, one wins), its orders
// go back to billed and the table stays free, the reports take the sale out, and once the mistake is put right
// (the card refunded, cash taken) the sale is in /reports/sales, the X and the Z exactly once, by the method
// that paid it. Sharing a line splits it among 2–20 guests to the cent (the rest of the bill on one more part),
// a split by seats shares named lines among every seat, and a bad line or a missing count is a 400 naming it.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, serveOrder, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { Bill, Order, Payment, Table } from "../../contracts";

describe(`reopening a paid bill, sharing a line — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let tables: Table[];
	/** The parts of the first test's shared steak, paid and reopened in the last test. */
	let shared: Bill[] = [];

	const expect = (res: Reply, status: number, code?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	/** A served table's bill for the items given (seats optional). */
	const billOf = async (table: Table, items: { menuItemId: string; quantity: number; seat?: number }[]) => {
		const placed = await http.post<Order>("/api/v1/orders", { tableId: table.id, items }, { token: r.token.staff });
		expect(placed, 201);
		await serveOrder(http, r, placed.body.id);
		const res = await http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff });
		expect(res, 201);
		return { bill: res.body, order: placed.body };
	};
	const split = (bill: Bill, body: Record<string, unknown>) =>
		http.post(`/api/v1/billing/bills/${bill.id}/split`, body, { token: r.token.staff });
	const reopen = (bill: Bill, body: Record<string, unknown>, role: "staff" | "manager" | "admin" = "manager") =>
		http.post(`/api/v1/billing/bills/${bill.id}/reopen`, body, { token: r.token[role] });
	const report = async (path: string) => {
		const res = await http.get(`/api/v1/reports/${path}`, { token: r.token.manager });
		expect(res, 200);
		return res.body;
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 4);
		tables = r.tables;
		const made = await http.post(
			"/api/v1/auth/register",
			{ username: `manager-${Date.now().toString(36)}`, password: "password-123", fullName: "A manager", role: "manager" },
			{ token: r.token.admin },
		);
		expect(made, 201);
		r.token.manager = (await http.login(made.body.username, "password-123")).accessToken;
	});
	after(async () => {
		await cluster?.stop();
	});

	it("shares one line among guests to the cent, the rest of the bill on one more part; 400s name the field", async () => {
		const { bill } = await billOf(tables[0], [
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		const steak = bill.lines.find(l => l.menuItemId === r.dish.steak.id)!;

		expect(await split(bill, { mode: "share", lineId: crypto.randomUUID(), parts: 3 }), 400);
		const missing = await split(bill, { mode: "share", lineId: steak.id });
		expect(missing, 400);
		assert.equal(missing.body.error.details[0].field, "parts");
		const badLine = await split(bill, { mode: "share", lineId: crypto.randomUUID(), parts: 3 });
		assert.equal(badLine.body.error.details[0].field, "lineId");

		const res = await split(bill, { mode: "share", lineId: steak.id, parts: 3 });
		expect(res, 200);
		const parts: Bill[] = res.body;
		shared = parts;
		assert.equal(parts.length, 4);
		assert.deepEqual(
			parts.slice(0, 3).map(p => p.lines.map(l => [l.id, l.amountCents, l.sharedBy])),
			[[[steak.id, 934, 3]], [[steak.id, 933, 3]], [[steak.id, 933, 3]]],
		);
		assert.deepEqual(
			parts[3].lines.map(l => l.menuItemId),
			[r.dish.salad.id],
		);
		for (const k of ["subtotalCents", "taxCents", "serviceChargeCents", "totalCents"] as const)
			assert.equal(
				parts.reduce((s, p) => s + p[k], 0),
				bill[k],
				k,
			);
		assert.deepEqual(
			parts.map(p => p.split),
			[1, 2, 3, 4].map(part => ({ mode: "share", part, parts: 4 })),
		);
	});

	it("a split by seats shares the lines named in 'share'; a bill with a payment taken is not split (409)", async () => {
		const { bill } = await billOf(tables[1], [
			{ menuItemId: r.dish.burger.id, quantity: 1, seat: 1 },
			{ menuItemId: r.dish.steak.id, quantity: 1, seat: 2 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		const steak = bill.lines.find(l => l.menuItemId === r.dish.steak.id)!;
		const bad = await split(bill, { mode: "seats", share: [crypto.randomUUID()] });
		expect(bad, 400);
		assert.equal(bad.body.error.details[0].field, "share");

		const paid = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.id}/payments`,
			{ method: "cash", amountCents: 100 },
			{ token: r.token.staff },
		);
		expect(paid, 201);
		expect(await split(bill, { mode: "share", lineId: steak.id, parts: 2 }), 409, "BILL_HAS_PAYMENTS");
		expect(await split(bill, { mode: "seats", share: [steak.id] }), 409, "BILL_HAS_PAYMENTS");
	});

	it("a manager reopens a paid bill; the sale leaves the reports and, put right, is counted exactly once", async () => {
		const { bill, order } = await billOf(tables[2], [{ menuItemId: r.dish.burger.id, quantity: 2 }]);
		expect(await reopen(bill, { reason: "wrong card" }), 409, "BILL_NOT_PAID");
		const card = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.id}/payments`,
			{ method: "card", amountCents: bill.totalCents, tipCents: 200 },
			{ token: r.token.staff },
		);
		expect(card, 201);
		await until("the sale in the X", async () => (await report("x")).checks === 1);
		await until("the order paid", async () => {
			const o = await http.get<Order>(`/api/v1/orders/${order.id}`, { token: r.token.staff });
			return o.body.status === "paid";
		});

		// Staff may not on their own: the gateway asks a manager (the approval is used at the end); a reason is needed.
		expect(await reopen(bill, { reason: "tip on the wrong bill" }, "staff"), 403, "APPROVAL_REQUIRED");
		const noReason = await reopen(bill, {});
		expect(noReason, 400);
		assert.equal(noReason.body.error.details[0].field, "reason");

		// Two managers at once: one reopens, the other hears it is not paid any more.
		const both = await Promise.all([reopen(bill, { reason: "wrong card" }), reopen(bill, { reason: "wrong card" }, "admin")]);
		assert.deepEqual(both.map(x => x.status).sort(), [200, 409], JSON.stringify(both.map(x => x.body)));
		const won: Bill = both.find(x => x.status === 200)!.body;
		assert.equal(both.find(x => x.status === 409)!.body.error.code, "BILL_NOT_PAID");
		assert.equal(won.status, "open");
		assert.equal(won.paidCents, bill.totalCents);
		assert.deepEqual(
			won.reopenings?.map(x => x.reason),
			["wrong card"],
		);

		await until("the order billed again", async () => {
			const o = await http.get<Order>(`/api/v1/orders/${order.id}`, { token: r.token.staff });
			return o.body.status === "billed";
		});
		await until("the sale out of the X", async () => (await report("x")).checks === 0);
		const table = (await http.get<Table[]>("/api/v1/tables", { token: r.token.staff })).body.find(t => t.id === tables[2].id)!;
		assert.equal(table.status, "available", "the table is not seated again");

		// Put right: the card given back (the bill owes it again), cash taken; the bill settles again.
		const refunded = await http.post<Payment>(
			`/api/v1/billing/payments/${card.body.id}/refund`,
			{ reason: "wrong card" },
			{ token: r.token.manager },
		);
		expect(refunded, 200);
		const cash = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.id}/payments`,
			{ method: "cash", tenderedCents: 5_000 },
			{ token: r.token.staff },
		);
		expect(cash, 201);
		assert.equal(cash.body.amountCents, bill.totalCents);
		const again = (await http.get<Bill>(`/api/v1/billing/bills/${bill.id}`, { token: r.token.staff })).body;
		assert.equal(again.status, "paid");

		await until("the order paid again", async () => {
			const o = await http.get<Order>(`/api/v1/orders/${order.id}`, { token: r.token.staff });
			return o.body.status === "paid";
		});
		const x = await until("the sale back in the X", async () => {
			const res = await report("x");
			return res.checks === 1 && res;
		});
		assert.equal(x.grossCents, bill.subtotalCents);
		assert.equal(x.refundCents, 0, "money given back while the bill was open is no refund of the sale");
		assert.deepEqual(x.byMethod.map((m: { method: string; amountCents: number }) => [m.method, m.amountCents]).sort(), [
			["card", 0],
			["cash", bill.totalCents],
		]);
		const sales = await report("sales");
		assert.equal(
			sales.reduce((s: number, row: { grossCents: number }) => s + row.grossCents, 0),
			bill.subtotalCents,
		);
		const z = await report("z");
		assert.equal(z.checks, 1);
		assert.equal(z.grossCents, bill.subtotalCents);
		const audit = await report("audit?kind=money");
		const entry = audit.find((a: { action: string }) => a.action === "bill_reopened");
		assert.ok(entry, JSON.stringify(audit));
		assert.equal(entry.reason, "wrong card");

		// The waiter reopens it again with a manager's approval: the same call, sent again with the token.
		const asked = await reopen(bill, { reason: "tip on the wrong bill" }, "staff");
		expect(asked, 403, "APPROVAL_REQUIRED");
		const approved = await http.post(`/api/v1/approvals/${asked.body.error.details.approvalRequestId}/approve`, undefined, {
			token: r.token.manager,
		});
		expect(approved, 200);
		const withApproval = await http.post(
			`/api/v1/billing/bills/${bill.id}/reopen`,
			{ reason: "tip on the wrong bill" },
			{ token: r.token.staff, headers: { "x-approval": approved.body.approvalToken } },
		);
		expect(withApproval, 200);
		assert.equal(withApproval.body.reopenings.length, 2);
		await until("the sale out of the X again", async () => (await report("x")).checks === 0);
	});

	it("a paid part of a split bill reopens: the whole sale leaves the reports and is counted once when the part is paid again", async () => {
		const payPart = (part: Bill, amountCents: number) =>
			http.post(`/api/v1/billing/bills/${part.id}/payments`, { method: "cash", amountCents }, { token: r.token.staff });
		for (const part of shared) if (part.totalCents > 0) expect(await payPart(part, part.totalCents), 201);
		const sale = shared[0].parentId!;
		const inX = async (n: number) =>
			until(`${n} sale(s) in the X`, async () => {
				const x = await report("x");
				return x.checks === n && x;
			});
		await inX(1);
		const reopened = await reopen(shared[1], { reason: "paid the wrong share" });
		expect(reopened, 200);
		assert.equal(reopened.body.status, "open");
		await inX(0);
		expect(await payPart(shared[1], shared[1].totalCents), 409, "PAYMENT_EXCEEDS_BALANCE");
		const [cash] = reopened.body.payments;
		expect(await http.post(`/api/v1/billing/payments/${cash.id}/refund`, { reason: "wrong share" }, { token: r.token.manager }), 200);
		expect(await payPart(shared[1], shared[1].totalCents), 201);
		const x = await inX(1);
		const whole = (await http.get<Bill>(`/api/v1/billing/bills/${sale}`, { token: r.token.staff })).body;
		assert.equal(x.grossCents, whole.subtotalCents);
	});

	it("a reopened bill nothing was changed on is closed again: the sale back in the X once, the new party's table kept", async () => {
		const close = (bill: Bill, role: "staff" | "admin" = "staff") =>
			http.post(`/api/v1/billing/bills/${bill.id}/close`, undefined, { token: r.token[role] });
		const orderStatus = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.staff })).body.status;
		const tableStatus = async (id: string) =>
			(await http.get<Table[]>("/api/v1/tables", { token: r.token.staff })).body.find(t => t.id === id)!.status;
		const before = (await report("x")).checks as number;
		const inX = (n: number) =>
			until(`${n} more sale(s) in the X`, async () => {
				const x = await report("x");
				return x.checks === before + n && x;
			});
		const table = tables[3];
		const { bill, order } = await billOf(table, [{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		const cash = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.id}/payments`,
			{ method: "cash", amountCents: bill.totalCents },
			{ token: r.token.staff },
		);
		expect(cash, 201);
		await inX(1);
		await until("the table free", async () => (await tableStatus(table.id)) === "available");
		expect(await close(bill), 409, "BILL_NOT_OPEN");

		expect(await reopen(bill, { reason: "nothing wrong after all" }), 200);
		await inX(0);
		await until("the order billed again", async () => (await orderStatus(order.id)) === "billed");
		// New guests sit at the table (a walk-in, no order yet): paying the old bill again must not free it.
		expect(await http.patch(`/api/v1/tables/${table.id}`, { status: "occupied" }, { token: r.token.admin }), 200);
		expect(
			await http.post(`/api/v1/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: 1 }, { token: r.token.staff }),
			409,
			"PAYMENT_EXCEEDS_BALANCE",
		);

		const closed = await close(bill);
		expect(closed, 200);
		assert.equal(closed.body.status, "paid");
		assert.equal(closed.body.paidCents, bill.totalCents);
		await until("the order paid again", async () => (await orderStatus(order.id)) === "paid");
		const x = await inX(1);
		await new Promise(res => setTimeout(res, 1500));
		assert.equal((await report("x")).checks, before + 1, "counted once");
		assert.ok(x.grossCents >= bill.subtotalCents);
		assert.equal(await tableStatus(table.id), "occupied", "the new party's table is not freed by the old bill");

		// Reopened again and refunded in part: short, it cannot be closed; paying the difference settles it.
		expect(await reopen(bill, { reason: "overcharged" }), 200);
		await inX(0);
		expect(
			await http.post(
				`/api/v1/billing/payments/${cash.body.id}/refund`,
				{ amountCents: 300, reason: "overcharged" },
				{ token: r.token.manager },
			),
			200,
		);
		const short = await close(bill);
		expect(short, 409, "BILL_NOT_COVERED");
		assert.equal(short.body.error.details.balanceCents, 300);
		expect(
			await http.post(`/api/v1/billing/bills/${bill.id}/payments`, { method: "card", amountCents: 300 }, { token: r.token.staff }),
			201,
		);
		const again = (await http.get<Bill>(`/api/v1/billing/bills/${bill.id}`, { token: r.token.staff })).body;
		assert.equal(again.status, "paid");
		await inX(1);
		await until("the order paid once more", async () => (await orderStatus(order.id)) === "paid");
		assert.equal(await tableStatus(table.id), "occupied");
	});
});
