// Where an order is taken: a table, a takeout or a bar tab (open, or not sent yet). Every order screen, draft and
// bill works on a place, so a takeout is opened, ordered, fired and billed like a table. No DOM.
import { orderLabel, tableLabel } from "../app/format.js";
import { OPEN_ORDER, openOrdersAt } from "./state.js";

/**
 * A table: its open orders (the last one takes the next round), every order this tablet knows of there (to tell
 * whose a draft is), its bills, and its seats for the seat chooser.
 */
export function tablePlace(table, orders) {
	return {
		kind: "table",
		key: table.id,
		base: `table/${table.id}`,
		label: tableLabel(table.name),
		table,
		orders: openOrdersAt(orders, table.id),
		known: Object.values(orders).filter(o => o.tableId === table.id),
		bills: { tableId: table.id },
		ownsBill: b => b.tableId === table.id,
		dineIn: true,
	};
}

/** An open takeout or tab (or one just closed: its bill stays in view, paid). */
export function orderPlace(order) {
	return {
		kind: "order",
		key: `order.${order.id}`,
		base: `order/${order.id}`,
		label: orderLabel(order),
		order,
		orders: OPEN_ORDER.includes(order.status) ? [order] : [],
		known: [order],
		bills: { orderId: order.id },
		ownsBill: b => !b.tableId && (b.orderIds ?? []).includes(order.id),
		dineIn: order.type === "dine_in",
	};
}

/** A takeout or tab being written before its first round opens it: `start` is `{type, name, pickupAt?}`. */
export function newPlace(id, start) {
	return {
		kind: "new",
		key: `new.${id}`,
		base: `new/${id}`,
		label: orderLabel({ ...start, tableName: null }),
		start,
		orders: [],
		known: [],
		bills: null,
		ownsBill: () => false,
		dineIn: false,
	};
}

/** How many seats to offer: the order's guests, else the new order's, else the table's seats. */
export function seatsAt(place, order, draft) {
	if (!place.dineIn) return 0;
	return order?.covers ?? draft?.covers ?? place.table?.seats ?? 0;
}

/** A pickup time as a waiter says it: "19:30", with "in 25 min" or "12 min late" against `now`. */
export function pickupText(pickupAt, now = Date.now()) {
	if (!pickupAt) return "";
	const at = new Date(pickupAt);
	const clock = at.toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
	const minutes = Math.round((at.getTime() - now) / 60_000);
	if (minutes > 0) return `${clock} (in ${minutes} min)`;
	if (minutes < 0) return `${clock} (${-minutes} min late)`;
	return `${clock} (now)`;
}

/**
 * "19:30" typed for a pickup → that time today, or tomorrow when it is more than an hour gone today (a late
 * evening's "00:15"). Null when it is not a time.
 */
export function pickupFrom(text, now = new Date()) {
	const m = /^(\d{1,2}):(\d{2})$/.exec(text.trim());
	if (!m || Number(m[1]) > 23 || Number(m[2]) > 59) return null;
	const at = new Date(now);
	at.setHours(Number(m[1]), Number(m[2]), 0, 0);
	if (at.getTime() < now.getTime() - 3_600_000) at.setDate(at.getDate() + 1);
	return at;
}
