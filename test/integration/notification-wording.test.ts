// Notifications name the table the way the apps do: "Table 1: order ready" for a table called 1, and a table
// already called "Table 5" stays "Table 5", never "Table Table 5". Read back through GET /notifications.
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
