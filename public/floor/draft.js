// The rules of the round being built on the tablet: adding a dish, the request that sends it, and whose draft it is.
import { ApiError } from "../app/errors.js";

/**
 * A draft is `{lines, notes?, orderId, since, send?}`: `send` is the request for the round on its way to the
 * kitchen (`{path, body, key, lines}`, `lines` the keys of the draft lines in it), kept until the server answers
 * so a retry is that same request. `orderId` is the order it was started for (null: started at an empty table,
 * so it is for the table's next order), `since` when it was started.
 */
export const emptyDraft = () => ({ lines: [] });

/** A draft as the tablet stored it (JSON); anything unreadable is an empty draft. */
export function readDraft(text) {
	try {
		const d = JSON.parse(text ?? "null") ?? emptyDraft();
		// A send saved by an older floor (no request in it) cannot be retried as it was: the round sends anew.
		if (d.send && !(d.send.path && d.send.body && d.send.key && Array.isArray(d.send.lines))) delete d.send;
		return d;
	} catch {
		return emptyDraft();
	}
}

/**
 * The draft to keep after a change, or an empty one when nothing is left in it. The first dish (or note) says
 * whose draft it is: the open order's (`openOrderId`), or the table's next one (null).
 */
export function settleDraft(next, openOrderId, now = new Date()) {
	const kept = next.lines.length > 0 || Boolean(next.send) || Boolean(next.notes?.trim());
	if (!kept) return { draft: emptyDraft(), kept };
	if (!next.since) return { draft: { ...next, orderId: openOrderId ?? null, since: now.toISOString() }, kept };
	return { draft: next, kept };
}

/** One more of a dish: a line on its way to the kitchen is not changed, and a line with a note is its own dish. */
export function addDish(d, item, newKey) {
	const lines = [...d.lines];
	const last = lines.findLastIndex(l => l.menuItemId === item.id && !d.send?.lines.includes(l.key));
	if (last >= 0 && !lines[last].notes) lines[last] = { ...lines[last], quantity: Math.min(99, lines[last].quantity + 1) };
	else lines.push({ key: newKey(), menuItemId: item.id, name: item.name, priceCents: item.priceCents, quantity: 1, notes: "" });
	return { ...d, lines };
}

/** The request that sends the draft: a new order at the table (with its note), or a round on the open `order`. */
export function roundRequest(d, table, order, key) {
	const items = d.lines.map(l => ({ menuItemId: l.menuItemId, quantity: l.quantity, ...(l.notes.trim() && { notes: l.notes.trim() }) }));
	const notes = d.notes?.trim();
	const lines = d.lines.map(l => l.key);
	return order
		? { path: `/orders/${order.id}/items`, body: { items }, key, lines }
		: { path: "/orders", body: { tableId: table.id, items, ...(notes && { notes }) }, key, lines };
}

/** Another tablet opened the table first: the same round (same key) joins that order instead. */
export const joinOrder = (request, orderId) => ({ ...request, path: `/orders/${orderId}/items`, body: { items: request.body.items } });

export const withoutSend = ({ send, ...d }) => d;

/** After the kitchen took `request`: only what went leaves the draft; dishes tapped meanwhile stay for the next round. */
export function afterSent(d, request) {
	const sent = new Set(request.lines);
	return { ...withoutSend(d), lines: d.lines.filter(l => !sent.has(l.key)), notes: request.path === "/orders" ? "" : d.notes };
}

/** Dishes in a round, counting quantities. */
export const dishCount = request => request.body.items.reduce((n, i) => n + i.quantity, 0);

/** The kitchen answered (2xx or a refusal): the request is settled. No answer, or "still running": keep it for a retry. */
export const answered = err =>
	err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429 && err.code !== "IDEMPOTENCY_KEY_IN_USE";

/** Lines that cannot go: the dish is 86'd, or gone from a menu that is loaded. */
export const soldOutLines = (lines, menuItems) =>
	lines.filter(l => menuItems.get(l.menuItemId)?.available === false || (menuItems.size && !menuItems.has(l.menuItemId)));

/** What the draft comes to at today's prices (the price when tapped, for a dish no longer on the menu). */
export const draftTotal = (lines, menuItems) =>
	lines.reduce((s, l) => s + l.quantity * (menuItems.get(l.menuItemId)?.priceCents ?? l.priceCents ?? 0), 0);

const CLOSED_ORDER = ["paid", "cancelled"];

/**
 * Whose draft is it? "keep", "drop" (its party has paid or left), or the id of the open order a draft started at
 * an empty table now belongs to. `ask` reads what this tablet may have missed: `orderStatus(id)` (null when
 * unknown) and `tableOrders(tableId)` (a table's recent orders).
 */
export async function draftOwner(d, table, orders, known, ask) {
	if ((!d.lines.length && !d.notes?.trim()) || d.send) return "keep"; // a round on its way is settled by its answer
	if (d.orderId) {
		if (orders.some(o => o.id === d.orderId)) return "keep";
		// Not open here: closed as far as this tablet heard, or else ask (pushes missed while it was away).
		const heard = known.find(o => o.id === d.orderId)?.status;
		const status = CLOSED_ORDER.includes(heard) ? heard : await ask.orderStatus(d.orderId);
		return CLOSED_ORDER.includes(status) ? "drop" : "keep";
	}
	// Started at an empty table: the order placed there since is its order; one that came and went was its party's.
	const open = orders[orders.length - 1];
	if (open) return open.id;
	const since = d.since ?? "";
	const closedSince = list => list.some(o => o.tableId === table.id && o.createdAt > since && CLOSED_ORDER.includes(o.status));
	if (closedSince(known)) return "drop";
	return closedSince(await ask.tableOrders(table.id)) ? "drop" : "keep";
}
