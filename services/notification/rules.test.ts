// What an event says and to whom: the waiter hears the order is ready, the kitchen hears voids and cancellations
// at its stations, admins hear about refunds; every message names the table the way the apps do.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	GUEST_ACTOR,
	type Bill,
	type Order,
	type OrderChange,
	type OrderItem,
	type OrderStatus,
	type Payment,
	type Refund,
} from "../../contracts";
import { anOrder, anOrderItem } from "../../test/fixtures/domain";
import { guestCallNotifications, orderNotifications, refundNotifications } from "./rules";

const BEFORE = "2026-11-22T19:00:00Z";
const item = (id: string, over: Partial<OrderItem> = {}) => anOrderItem(id, { takenBy: "waiter-b", createdAt: BEFORE, ...over });
const order = (status: OrderStatus = "placed", tableName = "5"): Order =>
	anOrder({
		tableName,
		status,
		items: [
			item("i1", { station: "bar", name: "Lemonade", quantity: 2 }),
			item("i2", { name: "Steak" }),
			item("i3", { name: "Fries", station: "fryer" }),
		],
		createdBy: "waiter-a",
		createdAt: BEFORE,
		updatedAt: BEFORE,
		version: 2,
	});

const about = { orderId: "order-1", tableId: "table-1", tableName: "5" };
/** The order with these of its items voided, as an item_voided event carries it. */
const voided = (o: Order, ...ids: string[]): Order => ({
	...o,
	items: o.items.map(i => (ids.includes(i.id) ? { ...i, status: "voided" as const } : i)),
});

describe("what an order change says", () => {
	it("the order's last item ready: the waiter who opened the order hears it is ready", () => {
		const notes = orderNotifications({ order: order("ready"), change: "items_ready", itemIds: ["i2"], by: "cook" });

		assert.deepEqual(notes, [{ to: { userId: "waiter-a" }, type: "order.ready", message: "Table 5: order ready", data: about }]);
	});

	it("items ready while others still cook: nothing yet", () => {
		assert.deepEqual(orderNotifications({ order: order("in_progress"), change: "items_ready", itemIds: ["i1"], by: "cook" }), []);
	});

	it("a held line voided or cancelled was never sent: the kitchen is not bothered", () => {
		const held = order();
		held.items = held.items.map(i => (i.id === "i1" ? { ...i, held: true } : i));
		assert.deepEqual(
			orderNotifications({ order: voided(held, "i1"), change: "item_voided", itemIds: ["i1"], reason: "changed mind", by: "w" }),
			[],
		);
		const allHeld = { ...held, items: held.items.map(i => ({ ...i, held: true })) };
		assert.deepEqual(
			orderNotifications({
				order: voided(allHeld, ...allHeld.items.map(i => i.id)),
				change: "cancelled",
				itemIds: allHeld.items.map(i => i.id),
				reason: "left",
				by: "w",
			}),
			[],
		);
	});

	it("a void: each voided item to the kitchen at its own station, with the quantity and the reason", () => {
		const notes = orderNotifications({
			order: voided(order(), "i1", "i3"),
			change: "item_voided",
			itemIds: ["i1", "i3"],
			reason: "wrong table",
			by: "manager",
		});

		assert.deepEqual(notes, [
			{
				to: { role: "kitchen", stations: ["bar"] },
				type: "item.voided",
				message: "Table 5: 2 × Lemonade voided (wrong table)",
				data: { ...about, itemId: "i1", station: "bar" },
			},
			{
				to: { role: "kitchen", stations: ["fryer"] },
				type: "item.voided",
				message: "Table 5: 1 × Fries voided (wrong table)",
				data: { ...about, itemId: "i3", station: "fryer" },
			},
		]);
	});

	it("a void without a reason says no parentheses", () => {
		const [note] = orderNotifications({ order: voided(order(), "i2"), change: "item_voided", itemIds: ["i2"], by: "manager" });

		assert.equal(note.message, "Table 5: 1 × Steak voided");
	});

	it("a cancellation: one word to the kitchen, to the stations of the items it names", () => {
		const notes = orderNotifications({
			order: order(),
			change: "cancelled",
			itemIds: ["i1", "i2"],
			reason: "guest left",
			by: "manager",
		});

		assert.deepEqual(notes, [
			{
				to: { role: "kitchen", stations: ["bar", "grill"] },
				type: "order.cancelled",
				message: "Table 5: order cancelled (guest left)",
				data: about,
			},
		]);
	});

	it("names a table already called 'Table 12' as Table 12", () => {
		const [note] = orderNotifications({ order: order("ready", "Table 12"), change: "items_ready", itemIds: ["i1"], by: "cook" });

		assert.equal(note.message, "Table 12: order ready");
		assert.equal(note.data.tableName, "Table 12");
	});

	it("a partial void: only the new voided line is news, with the quantity voided; the line that shrank says nothing", () => {
		const o = order();
		const split: Order = {
			...o,
			items: [...o.items, item("i4", { station: "bar", name: "Lemonade", quantity: 1, status: "voided", voidReason: "spilt" })],
		};

		const notes = orderNotifications({
			order: split,
			change: "item_voided",
			itemIds: ["i1", "i4"],
			quantity: 1,
			reason: "spilt",
			by: "w",
		});

		assert.deepEqual(
			notes.map(n => [n.message, n.data.itemId]),
			[["Table 5: 1 × Lemonade voided (spilt)", "i4"]],
		);
	});

	it("a takeout is named by its guest, a bar tab too: 'Takeout: Kim: order ready', no table", () => {
		const takeout: Order = { ...order("ready"), type: "takeout", tableId: null, tableName: null, name: "Kim", pickupAt: BEFORE };
		const tab: Order = { ...voided(order(), "i1"), type: "bar_tab", tableId: null, tableName: null, name: "Sam" };

		const [ready] = orderNotifications({ order: takeout, change: "items_ready", itemIds: ["i2"], by: "cook" });
		const [void1] = orderNotifications({ order: tab, change: "item_voided", itemIds: ["i1"], by: "w" });
		const [cancel] = orderNotifications({ order: takeout, change: "cancelled", itemIds: ["i2"], by: "w" });

		assert.deepEqual(ready, {
			to: { userId: "waiter-a" },
			type: "order.ready",
			message: "Takeout: Kim: order ready",
			data: { orderId: "order-1", tableId: null, tableName: null, orderType: "takeout", name: "Kim" },
		});
		assert.equal(void1.message, "Tab: Sam: 2 × Lemonade voided");
		assert.equal(cancel.message, "Takeout: Kim: order cancelled");
	});

	it("other changes say nothing", () => {
		const changes = [
			"round_added",
			"course_fired",
			"items_started",
			"item_comped",
			"item_remade",
			"details_changed",
			"served",
			"billed",
			"paid",
		] satisfies OrderChange[];
		for (const change of changes) {
			assert.deepEqual(orderNotifications({ order: order("ready"), change, itemIds: ["i1"], by: "waiter-a" }), [], change);
		}
	});
});

describe("what a refund says", () => {
	const bill = { id: "bill-1", tableId: "table-1", tableName: "7" } as Bill;
	const payment = { id: "pay-1" } as Payment;
	const refund = { id: "ref-1", amountCents: 1_250, reason: "cold soup" } as Refund;

	it("to every admin: the table, the amount in the restaurant's currency, and why", () => {
		const notes = refundNotifications({ refund, bill, payment, by: "manager" }, "USD");

		assert.deepEqual(notes, [
			{
				to: { role: "admin" },
				type: "payment.refunded",
				message: "Table 7: $12.50 refunded (cold soup)",
				data: { billId: "bill-1", paymentId: "pay-1", refundId: "ref-1", amountCents: 1_250, tableId: "table-1", tableName: "7" },
			},
		]);
	});

	it("a takeout's or a tab's bill is named by its guest", () => {
		const takeout = { ...bill, tableId: null, tableName: null, orderType: "takeout", name: "Kim" } as Bill;
		const tab = { ...bill, tableId: null, tableName: null, orderType: "bar_tab", name: "Sam" } as Bill;

		assert.equal(
			refundNotifications({ refund, bill: takeout, payment, by: "m" }, "USD")[0].message,
			"Takeout: Kim: $12.50 refunded (cold soup)",
		);
		assert.equal(
			refundNotifications({ refund, bill: tab, payment, by: "m" }, "USD")[0].message,
			"Tab: Sam: $12.50 refunded (cold soup)",
		);
	});

	it("in the restaurant's own currency", () => {
		const [note] = refundNotifications({ refund, bill, payment, by: "manager" }, "EUR");

		assert.equal(note.message, "Table 7: €12.50 refunded (cold soup)");
	});
});

describe("a guest's call", () => {
	const call = { tableId: "t7", tableName: "7", at: BEFORE, sessionId: "s1", orderId: "o1" };

	it("reaches the table's waiter, naming the table and what the guests want", () => {
		assert.deepEqual(guestCallNotifications({ ...call, kind: "bill", waiterId: "waiter-b" }), [
			{
				to: { userId: "waiter-b" },
				type: "guest.bill",
				message: "Table 7: the guests ask for the bill",
				data: { tableId: "t7", tableName: "7", orderId: "o1", kind: "bill" },
			},
		]);
	});

	it("a table with no waiter yet (no order, or one a guest started): everyone on the floor", () => {
		for (const waiterId of [null, GUEST_ACTOR]) {
			const [note] = guestCallNotifications({ ...call, kind: "waiter", waiterId, orderId: null });
			assert.deepEqual(note.to, { role: "staff" });
			assert.equal(note.message, "Table 7: the guests call the waiter");
		}
	});
});
