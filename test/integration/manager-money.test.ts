// The manager role and money at the table, through the gateway: a manager works the floor as staff does and
// also comps, voids what the kitchen started, discounts, refunds and reads the reports, but manages neither
// accounts nor the menu's prices; cash handed over beyond the balance pays what is owed and records the change
// (a card paying more is still a 409), and two tablets taking cash at once never take more than the balance;
// GET /settings lists the tip presets.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import type { Bill, Order, Payment, Table } from "../../contracts";

describe(`the manager role and money at the table — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let tables: Table[];

	const expect = (res: Reply, status: number, code?: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		if (code) assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	/** A served table's bill, for 2 burgers (29.00, no tax or service charge here). */
	const billOf = async (table: Table): Promise<Bill> => {
		const order = await placeOrder(http, r, table, [{ menuItemId: r.dish.burger.id, quantity: 2 }]);
		await serveOrder(http, r, order.id);
		const res = await http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff });
		expect(res, 201);
		return res.body;
	};
	const pay = (bill: Bill, body: Record<string, unknown>, role: "staff" | "manager" = "staff") =>
		http.post<Payment>(`/api/v1/billing/bills/${bill.id}/payments`, body, { token: r.token[role] });
	const getBill = async (id: string) => (await http.get<Bill>(`/api/v1/billing/bills/${id}`, { token: r.token.staff })).body;

	before(async () => {
		cluster = await startCluster({ env: { TIP_PRESETS: "12.5,18" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 5);
		tables = r.tables;
		const made = await http.post(
			"/api/v1/auth/register",
			{ username: `manager-${Date.now().toString(36)}`, password: "password-123", fullName: "A manager", role: "manager" },
			{ token: r.token.admin },
		);
		expect(made, 201);
		assert.equal(made.body.role, "manager");
		const pair = await http.login(made.body.username, "password-123");
		r.token.manager = pair.accessToken;
		r.userId.manager = pair.user.id;
	});
	after(async () => {
		await cluster?.stop();
	});

	it("GET /settings lists the tip presets", async () => {
		const res = await http.get("/api/v1/settings");
		expect(res, 200);
		assert.deepEqual(res.body.tipPresets, [12.5, 18]);
	});

	it("a manager works the floor, comps and voids what the kitchen started; staff may not", async () => {
		const res = await http.post<Order>(
			"/api/v1/orders",
			{
				tableId: tables[0].id,
				items: [
					{ menuItemId: r.dish.burger.id, quantity: 1 },
					{ menuItemId: r.dish.steak.id, quantity: 1 },
				],
			},
			{ token: r.token.manager },
		);
		expect(res, 201);
		const order = res.body;
		const [burger, steak] = order.items;
		expect(await http.post(`/api/v1/kitchen/tickets/${order.id}/bump`, undefined, { token: r.token.kitchen }), 200);

		const comp = (role: "staff" | "manager") =>
			http.post(`/api/v1/orders/${order.id}/items/${burger.id}/comp`, { reason: "birthday" }, { token: r.token[role] });
		// Staff may with a manager's approval (test/integration/approvals.test.ts).
		expect(await comp("staff"), 403, "APPROVAL_REQUIRED");
		const comped = await comp("manager");
		expect(comped, 200);
		assert.equal(comped.body.items.find((i: { id: string }) => i.id === burger.id).comp.reason, "birthday");

		const voidSteak = (role: "staff" | "manager") =>
			http.post(`/api/v1/orders/${order.id}/items/${steak.id}/void`, { reason: "dropped" }, { token: r.token[role] });
		expect(await voidSteak("staff"), 403, "APPROVAL_REQUIRED");
		const voided = await voidSteak("manager");
		expect(voided, 200);
		assert.equal(voided.body.items.find((i: { id: string }) => i.id === steak.id).status, "voided");
	});

	it("a manager discounts, refunds and reads the reports; staff may not; accounts and prices stay the admin's", async () => {
		const bill = await billOf(tables[1]);
		const discount = (role: "staff" | "manager") =>
			http.post(`/api/v1/billing/bills/${bill.id}/discount`, { amountCents: 500, reason: "late" }, { token: r.token[role] });
		expect(await discount("staff"), 403, "APPROVAL_REQUIRED");
		expect(await discount("manager"), 200);

		const paid = await pay(bill, { method: "card", amountCents: 2_400, cardToken: "tok_visa" });
		expect(paid, 201);
		const refund = (role: "staff" | "manager") =>
			http.post(`/api/v1/billing/payments/${paid.body.id}/refund`, { amountCents: 400, reason: "cold" }, { token: r.token[role] });
		expect(await refund("staff"), 403, "APPROVAL_REQUIRED");
		const refunded = await refund("manager");
		assert.ok(refunded.status < 300, JSON.stringify(refunded.body));
		assert.equal(refunded.body.refundedCents, 400);

		for (const path of ["/api/v1/reports/sales", "/api/v1/reports/summary", "/api/v1/reports/audit"]) {
			expect(await http.get(path, { token: r.token.staff }), 403, "FORBIDDEN");
			expect(await http.get(path, { token: r.token.manager }), 200);
		}

		expect(await http.get("/api/v1/auth/users", { token: r.token.manager }), 403, "FORBIDDEN");
		expect(
			await http.post(
				"/api/v1/auth/register",
				{ username: "not-by-a-manager", password: "password-123", fullName: "No", role: "admin" },
				{ token: r.token.manager },
			),
			403,
			"FORBIDDEN",
		);
		expect(await http.patch(`/api/v1/auth/users/${r.userId.staff}`, { role: "manager" }, { token: r.token.manager }), 403, "FORBIDDEN");
		expect(await http.patch(`/api/v1/menu/items/${r.dish.beer.id}`, { priceCents: 1 }, { token: r.token.manager }), 403, "FORBIDDEN");
		// What staff may do to the menu (86 a dish), a manager may too.
		expect(await http.patch(`/api/v1/menu/items/${r.dish.beer.id}`, { available: true }, { token: r.token.manager }), 200);
	});

	it("cash handed over beyond the balance pays what is owed and records the change; a card may not pay more", async () => {
		const bill = await billOf(tables[2]);
		assert.equal(bill.totalCents, 2_900);

		expect(await pay(bill, { method: "card", amountCents: 3_000, cardToken: "tok_visa" }), 409, "PAYMENT_EXCEEDS_BALANCE");
		expect(await pay(bill, { method: "card", tenderedCents: 5_000, cardToken: "tok_visa" }), 400, "VALIDATION_ERROR");
		expect(await pay(bill, { method: "cash" }), 400, "VALIDATION_ERROR");
		expect(await pay(bill, { method: "cash", amountCents: 1_000, tipCents: 200, tenderedCents: 1_100 }), 400, "VALIDATION_ERROR");

		// Part of it from a 10.00 note, then the rest from a 50.00 note with a 2.00 tip.
		const part = await pay(bill, { method: "cash", tenderedCents: 1_000 });
		expect(part, 201);
		assert.deepEqual([part.body.amountCents, part.body.tenderedCents, part.body.changeCents], [1_000, 1_000, 0]);
		const rest = await pay(bill, { method: "cash", tipCents: 200, tenderedCents: 5_000 });
		expect(rest, 201);
		assert.deepEqual(
			[rest.body.amountCents, rest.body.tipCents, rest.body.tenderedCents, rest.body.changeCents],
			[1_900, 200, 5_000, 2_900],
		);
		const after = await getBill(bill.id);
		assert.equal(after.status, "paid");
		assert.equal(after.paidCents, 2_900);
		assert.equal(after.tipCents, 200);
		// A card payment tells no cash.
		const other = await billOf(tables[3]);
		const card = await pay(other, { method: "card", amountCents: other.totalCents, cardToken: "tok_visa" });
		expect(card, 201);
		assert.deepEqual([card.body.tenderedCents, card.body.changeCents], [null, null]);
	});

	it("two tablets taking cash for the whole bill at once: one pays it and gives change, the other is a 409", async () => {
		const bill = await billOf(tables[4]);
		const [a, b] = await Promise.all([
			pay(bill, { method: "cash", tenderedCents: 5_000 }),
			pay(bill, { method: "cash", tenderedCents: 5_000 }, "manager"),
		]);
		const statuses = [a.status, b.status].sort();
		assert.deepEqual(statuses, [201, 409], `${JSON.stringify(a.body)} ${JSON.stringify(b.body)}`);
		const won = a.status === 201 ? a.body : b.body;
		assert.deepEqual([won.amountCents, won.changeCents], [2_900, 2_100]);
		const after = await getBill(bill.id);
		assert.equal(after.status, "paid");
		assert.equal(after.paidCents, 2_900);
		assert.equal(after.payments.length, 1);
	});
});
