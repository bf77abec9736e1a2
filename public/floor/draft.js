// The rules of the round being built on the tablet: adding a dish, the request that sends it, and whose draft it is.
import { ApiError } from "../app/errors.js";
import { modifiersRequest, unitPrice } from "./modifiers.js";

/**
 * A draft is `{lines, notes?, covers?, seat?, start?, orderId, since, send?}`: `send` is the request for the round
 * on its way to the kitchen (`{path, body, key, lines}`, `lines` the keys of the draft lines in it), kept until the
 * server answers so a retry is that same request. `orderId` is the order it was started for (null: started at an
 * empty table, so it is for the table's next order), `since` when it was started. `covers` is the guest count of a
 * new table order, `seat` the seat new dishes go to (null: the table), `start` a takeout's or a tab's
 * `{type, name, pickupAt?}` until its first round opens the order. A line is `{key, menuItemId, name, priceCents,
 * quantity, notes, modifiers, seat, course}`.
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
	const kept = next.lines.length > 0 || Boolean(next.send) || Boolean(next.notes?.trim()) || Boolean(next.start);
	if (!kept) return { draft: emptyDraft(), kept };
	if (!next.since) return { draft: { ...next, orderId: openOrderId ?? null, since: now.toISOString() }, kept };
	return { draft: next, kept };
}

/** The same dish the same way (options, seat, course): one more of it goes on the same line. */
const sameDish = (l, item, modifiers, seat, course) =>
	l.menuItemId === item.id &&
	(l.seat ?? null) === seat &&
	(l.course ?? null) === course &&
	(l.modifiers ?? []).map(m => m.optionId).join() === modifiers.map(m => m.optionId).join();

/**
 * One more of a dish, with its `modifiers` (ChosenModifier[]), for the draft's current seat (`d.seat`, null: the
 * table) unless `seat` says, in the dish's course unless `course` says. A line on its way to the kitchen is not
 * changed, and a line with a note is its own dish.
 */
export function addDish(d, item, newKey, { modifiers = [], seat = d.seat ?? null, course = item.course ?? null } = {}) {
	const lines = [...d.lines];
	const last = lines.findLastIndex(l => l.menuItemId === item.id && !d.send?.lines.includes(l.key));
	if (last >= 0 && !lines[last].notes && sameDish(lines[last], item, modifiers, seat, course))
		lines[last] = { ...lines[last], quantity: Math.min(99, lines[last].quantity + 1) };
	else
		lines.push({
			key: newKey(),
			menuItemId: item.id,
			name: item.name,
			priceCents: item.priceCents,
			quantity: 1,
			notes: "",
			modifiers,
			seat,
			course,
		});
	return { ...d, lines };
}

/** A line as the request carries it: seat, course and options only when there are some. */
const lineRequest = l => ({
	menuItemId: l.menuItemId,
	quantity: l.quantity,
	...(l.notes.trim() && { notes: l.notes.trim() }),
	...(l.seat != null && { seat: l.seat }),
	...(l.course != null && { course: l.course }),
	...(l.modifiers?.length && { modifiers: modifiersRequest(l.modifiers) }),
});

/**
 * The request that sends the draft: a round on the open `order`; else a new order — a takeout or a tab as the
 * draft's `start` says (`{type, name, pickupAt?}`), or one at `table` for `d.covers` guests (the table's seats
 * unless the waiter said), with the order's note.
 */
export function roundRequest(d, table, order, key) {
	const items = d.lines.map(lineRequest);
	const notes = d.notes?.trim();
	const lines = d.lines.map(l => l.key);
	if (order) return { path: `/orders/${order.id}/items`, body: { items }, key, lines };
	if (d.start) {
		const { type, name, pickupAt } = d.start;
		return { path: "/orders", body: { type, name, ...(pickupAt && { pickupAt }), items, ...(notes && { notes }) }, key, lines };
	}
	const covers = d.covers ?? table.seats;
	return { path: "/orders", body: { tableId: table.id, ...(covers && { covers }), items, ...(notes && { notes }) }, key, lines };
}

/** Another tablet opened the table first: the same round (same key) joins that order instead. */
export const joinOrder = (request, orderId) => ({ ...request, path: `/orders/${orderId}/items`, body: { items: request.body.items } });

export const withoutSend = ({ send, ...d }) => d;

/** After the kitchen took `request`: only what went leaves the draft; dishes tapped meanwhile stay for the next round. */
export function afterSent(d, request) {
	const sent = new Set(request.lines);
	const opened = request.path === "/orders";
	const { start, covers, ...rest } = withoutSend(d);
	return {
		...rest,
		lines: d.lines.filter(l => !sent.has(l.key)),
		notes: opened ? "" : d.notes,
		...(!opened && start && { start }),
		...(!opened && covers && { covers }),
	};
}

/** Dishes in a round, counting quantities. */
export const dishCount = request => request.body.items.reduce((n, i) => n + i.quantity, 0);

/** The kitchen answered (2xx or a refusal): the request is settled. No answer, or "still running": keep it for a retry. */
export const answered = err =>
	err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429 && err.code !== "IDEMPOTENCY_KEY_IN_USE";

/**
 * Why a line cannot go as it is, in a few words ("Sold out", "Fries sold out", "Only 2 left"), or null. Counted
 * dishes and options are checked against every line of the draft that takes from the same countdown.
 */
export function lineProblem(line, lines, menuItems) {
	if (!menuItems.size) return null;
	const item = menuItems.get(line.menuItemId);
	if (!item || item.available === false) return "Sold out";
	const options = new Map((item.modifierGroups ?? []).flatMap(g => g.options.map(o => [o.id, o])));
	for (const m of line.modifiers ?? []) {
		const o = options.get(m.optionId);
		if (!o || o.available === false) return `${m.name} sold out`;
	}
	const want = ids => lines.filter(ids).reduce((n, l) => n + l.quantity, 0);
	if (item.remaining != null && want(l => l.menuItemId === item.id) > item.remaining) return `Only ${item.remaining} left`;
	for (const m of line.modifiers ?? []) {
		const o = options.get(m.optionId);
		if (o.remaining != null && want(l => (l.modifiers ?? []).some(x => x.optionId === o.id)) > o.remaining)
			return `Only ${o.remaining} ${m.name} left`;
	}
	return null;
}

/** Lines that cannot go: the dish or an option is 86'd, gone from a menu that is loaded, or counted short. */
export const soldOutLines = (lines, menuItems) => lines.filter(l => lineProblem(l, lines, menuItems));

/** A line's unit price at today's prices (the dish's and its options'), or as tapped for what left the menu. */
export function linePrice(line, menuItems) {
	const item = menuItems.get(line.menuItemId);
	const options = new Map((item?.modifierGroups ?? []).flatMap(g => g.options.map(o => [o.id, o])));
	const modifiers = (line.modifiers ?? []).map(m => ({
		...m,
		priceDeltaCents: options.get(m.optionId)?.priceDeltaCents ?? m.priceDeltaCents,
	}));
	return unitPrice(item?.priceCents ?? line.priceCents ?? 0, modifiers);
}

/** What the draft comes to at today's prices (the price when tapped, for a dish no longer on the menu). */
export const draftTotal = (lines, menuItems) => lines.reduce((s, l) => s + l.quantity * linePrice(l, menuItems), 0);

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
	// A takeout or tab not sent yet is nobody else's.
	if (!table) return "keep";
	// Started at an empty table: the order placed there since is its order; one that came and went was its party's.
	const open = orders[orders.length - 1];
	if (open) return open.id;
	const since = d.since ?? "";
	const closedSince = list => list.some(o => o.tableId === table.id && o.createdAt > since && CLOSED_ORDER.includes(o.status));
	if (closedSince(known)) return "drop";
	return closedSince(await ask.tableOrders(table.id)) ? "drop" : "keep";
}
