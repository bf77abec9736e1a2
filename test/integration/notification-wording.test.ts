// Notifications name the table the way the apps do: "Table 1: order ready" for a table called 1, and a table
// already called "Table 5" stays "Table 5", never "Table Table 5"; a takeout and a bar tab are named by their
// guest ("Takeout: Kim: order ready", "Tab: Sam") and seat no table. Read back through GET /notifications.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import { tableLabel } from "../../services/notification/table-label";
import type { Bill, Notification, Order, Payment, Table } from "../../contracts";

describe("a table's name in a notification", () => {
	it("prefixes a bare name with 'Table'; a name that already says Table is kept", () => {
		assert.equal(tableLabel("1"), "Table 1");
		assert.equal(tableLabel("Patio 4"), "Table Patio 4");
		assert.equal(tableLabel("Table 5"), "Table 5");
		assert.equal(tableLabel("table 12"), "table 12");
		assert.equal(tableLabel("Table5"), "Table5");
		assert.equal(tableLabel("Tablet bar"), "Table Tablet bar");
	});
});

describe(`notifications say "Table 1" — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;

	const table = async (name: string): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name, seats: 4 }, { token: r.token.admin });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	/** The caller's notifications about one order (or bill), polled: they arrive through a durable event. */
	const noticeOf = (token: string, type: string, match: (n: Notification) => boolean) =>
		until(`a ${type} notification`, async () => {
			const res = await http.get<Notification[]>("/api/v1/notifications", { token });
			assert.equal(res.status, 200);
			return res.body.find(n => n.type === type && match(n));
		});

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
	});
	after(() => cluster?.stop());

	it("a takeout and a bar tab are named by their guest ('Takeout: Kim: order ready', 'Tab: Sam: …') and move no table", async () => {
		const tablesNow = async () =>
			Object.fromEntries((await http.get<Table[]>("/api/v1/tables", { token: r.token.staff })).body.map(t => [t.id, t.status]));
		const before = await tablesNow();
		const pickupAt = new Date(Date.now() + 30 * 60_000).toISOString();
		const takeout = await http.post<Order>(
			"/api/v1/orders",
			{ type: "takeout", name: "Kim", pickupAt, items: [{ menuItemId: r.dish.soup.id, quantity: 1 }] },
			{ token: r.token.staff },
		);
		assert.equal(takeout.status, 201, JSON.stringify(takeout.body));
		const tab = await http.post<Order>(
			"/api/v1/orders",
			{
				type: "bar_tab",
				name: "Sam",
				items: [
					{ menuItemId: r.dish.beer.id, quantity: 1 },
					{ menuItemId: r.dish.salad.id, quantity: 1 },
				],
			},
			{ token: r.token.staff },
		);
		assert.equal(tab.status, 201, JSON.stringify(tab.body));

		assert.equal(
			(await http.post(`/api/v1/kitchen/tickets/${takeout.body.id}/bump`, undefined, { token: r.token.kitchen })).status,
			200,
		);
		const ready = await noticeOf(r.token.staff, "order.ready", n => n.data.orderId === takeout.body.id);
		assert.equal(ready.message, "Takeout: Kim: order ready");
		assert.deepEqual(
			{ tableId: ready.data.tableId, tableName: ready.data.tableName, orderType: ready.data.orderType, name: ready.data.name },
			{ tableId: null, tableName: null, orderType: "takeout", name: "Kim" },
		);

		const [beer] = tab.body.items;
		const voided = await http.post(
			`/api/v1/orders/${tab.body.id}/items/${beer.id}/void`,
			{ reason: "spilt" },
			{ token: r.token.staff },
		);
		assert.equal(voided.status, 200, JSON.stringify(voided.body));
		assert.equal(
			(await noticeOf(r.token.kitchen, "item.voided", n => n.data.itemId === beer.id)).message,
			"Tab: Sam: 1 × Beer voided (spilt)",
		);
		const cancelled = await http.post(`/api/v1/orders/${tab.body.id}/cancel`, { reason: "walked out" }, { token: r.token.staff });
		assert.equal(cancelled.status, 200, JSON.stringify(cancelled.body));
		assert.equal(
			(await noticeOf(r.token.kitchen, "order.cancelled", n => n.data.orderId === tab.body.id)).message,
			"Tab: Sam: order cancelled (walked out)",
		);

		// The takeout collected and paid on its own bill, then partly refunded: the admins hear it by the guest's name.
		assert.equal((await http.post(`/api/v1/orders/${takeout.body.id}/serve`, undefined, { token: r.token.staff })).status, 200);
		const bill = await http.post<Bill>("/api/v1/billing/bills", { orderId: takeout.body.id }, { token: r.token.staff });
		assert.equal(bill.status, 201, JSON.stringify(bill.body));
		const paid = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.body.id}/payments`,
			{ method: "cash", amountCents: bill.body.totalCents },
			{ token: r.token.staff },
		);
		assert.equal(paid.status, 201, JSON.stringify(paid.body));
		const refund = await http.post(
			`/api/v1/billing/payments/${paid.body.id}/refund`,
			{ amountCents: 100, reason: "late" },
			{ token: r.token.admin },
		);
		assert.equal(refund.status, 200, JSON.stringify(refund.body));
		const refunded = await noticeOf(r.token.admin, "payment.refunded", n => n.data.billId === bill.body.id);
		assert.match(refunded.message, /^Takeout: Kim: .*1\.00 refunded \(late\)$/);

		// Then a dine-in order seats its table: the table service has read the events before it, and none moved a table.
		const seated = await table("After takeout");
		await placeOrder(http, r, seated, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		await until("the dine-in table to be occupied", async () => (await tablesNow())[seated.id] === "occupied");
		const { [seated.id]: _, ...others } = await tablesNow();
		assert.deepEqual(others, before);
	});

	it("order ready, to the waiter: 'Table 1: order ready'; a table called 'Table 5' is not 'Table Table 5'", async () => {
		for (const [name, said] of [
			["1", "Table 1"],
			["Table 5", "Table 5"],
		]) {
			const o = await placeOrder(http, r, await table(name), [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
			assert.equal((await http.post(`/api/v1/kitchen/tickets/${o.id}/bump`, undefined, { token: r.token.kitchen })).status, 200);
			const ready = await noticeOf(r.token.staff, "order.ready", n => n.data.orderId === o.id);
			assert.equal(ready.message, `${said}: order ready`);
			// The name itself stays as given, for a device that lays it out its own way.
			assert.equal(ready.data.tableName, name);
		}
	});

	it("voids and cancellations, to the kitchen, and refunds, to admins, name the table the same way", async () => {
		const t = await table("7");
		const o = await placeOrder(http, r, t, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.salad.id, quantity: 2 },
		]);
		const [burger] = o.items;
		assert.equal(
			(await http.post(`/api/v1/orders/${o.id}/items/${burger.id}/void`, { reason: "allergy" }, { token: r.token.staff })).status,
			200,
		);
		assert.equal(
			(await noticeOf(r.token.kitchen, "item.voided", n => n.data.itemId === burger.id)).message,
			"Table 7: 1 × Burger voided (allergy)",
		);
		assert.equal(
			(await http.post<Order>(`/api/v1/orders/${o.id}/cancel`, { reason: "guests left" }, { token: r.token.staff })).status,
			200,
		);
		assert.equal(
			(await noticeOf(r.token.kitchen, "order.cancelled", n => n.data.orderId === o.id)).message,
			"Table 7: order cancelled (guests left)",
		);

		const again = await until("the table to be free", async () => {
			const res = await http.post<Order>(
				"/api/v1/orders",
				{ tableId: t.id, items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] },
				{ token: r.token.staff },
			);
			return res.status === 201 && res.body;
		});
		await serveOrder(http, r, again.id);
		const bill = await http.post<Bill>("/api/v1/billing/bills", { tableId: t.id }, { token: r.token.staff });
		assert.equal(bill.status, 201);
		const paid = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.body.id}/payments`,
			{ method: "cash", amountCents: bill.body.totalCents },
			{ token: r.token.staff },
		);
		assert.equal(paid.status, 201);
		assert.equal(
			(
				await http.post(
					`/api/v1/billing/payments/${paid.body.id}/refund`,
					{ amountCents: 100, reason: "cold beer" },
					{ token: r.token.admin },
				)
			).status,
			200,
		);
		const refunded = await noticeOf(r.token.admin, "payment.refunded", n => n.data.billId === bill.body.id);
		assert.match(refunded.message, /^Table 7: .*1\.00 refunded \(cold beer\)$/);
	});
});
