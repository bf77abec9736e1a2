// What an event says and to whom, free of the bus and the database: the waiter hears their order is ready, the
// kitchen hears about voids and cancellations at its stations, admins hear about refunds.
import { formatCents } from "../../lib/money";
import { stationsOf, type OrderUpdated, type PaymentRefunded } from "../../contracts";
import type { NewNotification } from "./repository";
import { tableLabel } from "./table-label";

/** A notification before it is stored: who it is for, its type, its words and the ids a device acts on. */
export type Draft = Omit<NewNotification, "id" | "at">;

/** What an order change says, and to whom. Changes not named here say nothing. */
export function orderNotifications(e: OrderUpdated): Draft[] {
	const { order, change, itemIds, reason } = e;
	const about = { orderId: order.id, tableId: order.tableId, tableName: order.tableName };
	const items = order.items.filter(i => itemIds.includes(i.id));
	const table = tableLabel(order.tableName);
	switch (change) {
		// The last item came off the pass: the waiter who took the order goes to pick it up.
		case "items_ready":
			return order.status === "ready"
				? [{ to: { userId: order.createdBy }, type: "order.ready", message: `${table}: order ready`, data: about }]
				: [];
		case "item_voided":
			return items.map(i => ({
				to: { role: "kitchen", stations: [i.station] },
				type: "item.voided",
				message: `${table}: ${i.quantity} × ${i.name} voided${reason ? ` (${reason})` : ""}`,
				data: { ...about, itemId: i.id, station: i.station },
			}));
		case "cancelled":
			return [
				{
					to: { role: "kitchen", stations: stationsOf(order, itemIds) },
					type: "order.cancelled",
					message: `${table}: order cancelled${reason ? ` (${reason})` : ""}`,
					data: about,
				},
			];
		default:
			return [];
	}
}

/** A refund, to every admin: the table, the amount in the restaurant's currency, and why. */
export function refundNotifications(e: PaymentRefunded, currency: string): Draft[] {
	const { refund, bill, payment } = e;
	const amount = formatCents(refund.amountCents, currency);
	return [
		{
			to: { role: "admin" },
			type: "payment.refunded",
			message: `${tableLabel(bill.tableName)}: ${amount} refunded (${refund.reason})`,
			data: {
				billId: bill.id,
				paymentId: payment.id,
				refundId: refund.id,
				amountCents: refund.amountCents,
				tableId: bill.tableId,
				tableName: bill.tableName,
			},
		},
	];
}
