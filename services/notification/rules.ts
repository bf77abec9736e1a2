// What an event says and to whom, free of the bus and the database: the waiter hears their order is ready, the
// kitchen hears about voids and cancellations at its stations, admins hear about refunds. Every message names
// the order the way the apps do: "Table 5", "Takeout: Kim", "Tab: Sam".
import { formatCents } from "../../lib/money";
import {
	GUEST_ACTOR,
	stationsOf,
	type GuestCalled,
	type OrderUpdated,
	type PaymentRefunded,
	type PrinterOffline,
	type TicketRerouted,
} from "../../contracts";
import type { NewNotification } from "./repository";
import { orderLabel } from "./table-label";

/** A notification before it is stored: who it is for, its type, its words and the ids a device acts on. */
export type Draft = Omit<NewNotification, "id" | "at">;

/**
 * The ids a device acts on, and the table as staff named it: null for a takeout or a tab, which carry their
 * type and the guest's name instead.
 */
function aboutOrder(order: OrderUpdated["order"]): Record<string, unknown> {
	const about = { orderId: order.id, tableId: order.tableId, tableName: order.tableName };
	const type = order.type ?? "dine_in";
	return type === "dine_in" ? about : { ...about, orderType: type, name: order.name ?? null };
}

/**
 * A guest called the waiter or asked for the bill from the table's QR page: the table's waiter hears it (every floor
 * device also pops it up live); a table with no waiter yet (no order, or one a guest started), everyone on the floor.
 */
export function guestCallNotifications(e: GuestCalled): Draft[] {
	const table = orderLabel({ type: "dine_in", tableName: e.tableName });
	const to = e.waiterId && e.waiterId !== GUEST_ACTOR ? { userId: e.waiterId } : { role: "staff" as const };
	const message = e.kind === "bill" ? `${table}: the guests ask for the bill` : `${table}: the guests call the waiter`;
	return [
		{ to, type: `guest.${e.kind}`, message, data: { tableId: e.tableId, tableName: e.tableName, orderId: e.orderId, kind: e.kind } },
	];
}

/** What an order change says, and to whom. Changes not named here say nothing. */
export function orderNotifications(e: OrderUpdated): Draft[] {
	const { order, change, itemIds, reason } = e;
	const about = aboutOrder(order);
	const items = order.items.filter(i => itemIds.includes(i.id));
	const table = orderLabel(order);
	switch (change) {
		// The last item came off the pass: the waiter who took the order goes to pick it up.
		case "items_ready":
			return order.status === "ready"
				? [{ to: { userId: order.createdBy }, type: "order.ready", message: `${table}: order ready`, data: about }]
				: [];
		// A partial void names the line that shrank and the new voided line that holds what went: only the latter is news.
		// A held line was never sent: voiding it does not bother the kitchen.
		case "item_voided":
			return items
				.filter(i => i.status === "voided" && !i.held)
				.map(i => ({
					to: { role: "kitchen", stations: [i.station] },
					type: "item.voided",
					message: `${table}: ${i.quantity} × ${i.name} voided${reason ? ` (${reason})` : ""}`,
					data: { ...about, itemId: i.id, station: i.station },
				}));
		case "cancelled": {
			// Only the stations that had something fired: a station whose lines were all held never started on them.
			const stations = stationsOf(
				order,
				items.filter(i => !i.held).map(i => i.id),
			);
			if (!stations.length) return [];
			return [
				{
					to: { role: "kitchen", stations },
					type: "order.cancelled",
					message: `${table}: order cancelled${reason ? ` (${reason})` : ""}`,
					data: about,
				},
			];
		}
		default:
			return [];
	}
}

/** A refund, to every admin: the table (or takeout, or tab), the amount in the restaurant's currency, and why. */
export function refundNotifications(e: PaymentRefunded, currency: string): Draft[] {
	const { refund, bill, payment } = e;
	const amount = formatCents(refund.amountCents, currency);
	return [
		{
			to: { role: "admin" },
			type: "payment.refunded",
			message: `${orderLabel({ type: bill.orderType, tableName: bill.tableName, name: bill.name })}: ${amount} refunded (${refund.reason})`,
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

/** A printer offline long enough that its jobs go to its fallback: to the floor and the admins, naming both. */
export function printerNotifications(e: PrinterOffline): Draft[] {
	const where = e.printer.station ? ` (${e.printer.station})` : "";
	const message = `Printer ${e.printer.name}${where} is offline: its tickets print on ${e.fallback.name}`;
	const data = { printerId: e.printer.id, station: e.printer.station, fallbackPrinterId: e.fallback.id, failingSince: e.failingSince };
	return (["staff", "admin"] as const).map(role => ({ to: { role }, type: "printer_offline", message, data }));
}

/**
 * A ticket no screen acknowledged in time, to the waiter who took the order: "Table 4's food at the grill is not
 * confirmed", and where it went instead. None when the station's printer had printed it anyway (nothing was missed).
 */
export function unacknowledgedNotifications(e: TicketRerouted): Draft[] {
	const { ticket, round, to, printer, alreadyPrinted, takenBy } = e;
	if (!takenBy || alreadyPrinted) return [];
	const label = orderLabel({ type: ticket.orderType, tableName: ticket.tableName, name: ticket.name });
	const where = to === "printer" && printer ? `printed on ${printer.name}` : "sent to the expo";
	return [
		{
			to: { userId: takenBy },
			type: "ticket_unacknowledged",
			message: `${label}'s food at the ${ticket.station} is not confirmed: ${where}`,
			data: {
				orderId: ticket.orderId,
				station: ticket.station,
				round,
				to,
				printerId: printer?.id ?? null,
				tableName: ticket.tableName,
			},
		},
	];
}
