// Guests ordering from their phones, as the floor keeps it: rounds waiting for a waiter's confirm, and the calls
// ("Table 5 asks for the bill") that pop up on every floor device until someone dismisses them. No DOM.

/** Who took an order a guest started from the table's phone, until a waiter confirms it (contracts GUEST_ACTOR). */
export const GUEST_ACTOR = "00000000-0000-0000-0000-000000000000";

/** A line of a guest round that waits for a waiter: in the order, in no total, not the kitchen's yet. */
export const isPending = item => item.status === "pending";

/** The order's guest rounds waiting for a confirm, oldest first: `[{round, lines}]`. */
export function pendingRounds(order) {
	const lines = (order?.items ?? []).filter(isPending);
	const rounds = [...new Set(lines.map(i => i.round))].sort((a, b) => a - b);
	return rounds.map(round => ({ round, lines: lines.filter(i => i.round === round) }));
}

/** An order a guest started whose every line still waits for a waiter: nothing of it has gone to the kitchen. */
export const onlyGuestRounds = order => order.items.some(isPending) && order.items.every(i => isPending(i) || i.status === "voided");

/** How many guest rounds wait for a confirm at a table (its open orders). */
export const pendingAt = orders => orders.reduce((n, o) => n + pendingRounds(o).length, 0);

/** What a pop-up says. */
export function alertText(alert) {
	const where = alert.tableName ? `Table ${alert.tableName.replace(/^table\s+/i, "")}` : "A table";
	if (alert.kind === "bill") return `${where} asks for the bill`;
	if (alert.kind === "waiter") return `${where} calls the waiter`;
	if (alert.kind === "sent") return `${where} ordered from the table: round ${alert.round} went to the kitchen`;
	return `${where} sent an order from the table to confirm`;
}

/** A call and a round's pop-up are one per table and kind (a second call refreshes it), one per round. */
const alertId = a => (a.kind === "round" ? `round:${a.orderId}:${a.round}` : `${a.kind}:${a.tableId}`);

/**
 * The floor's pop-ups (`state.guestAlerts`, newest first) after a push or a tap: `guest:call` adds one, `guest:round`
 * pending adds one and decided (confirmed, rejected) or sent takes it off on every device, Dismiss takes one off here.
 */
export function guestAlerts(alerts, action) {
	switch (action.type) {
		case "guestCall": {
			const { tableId, tableName, kind, at } = action.call;
			const alert = { tableId, tableName, kind, at: at ?? new Date().toISOString() };
			const id = alertId(alert);
			return [{ ...alert, id }, ...alerts.filter(a => a.id !== id)];
		}
		case "guestRound": {
			const { orderId, tableId, tableName, round, status } = action.round;
			const id = alertId({ kind: "round", orderId, round });
			const rest = alerts.filter(a => a.id !== id);
			if (status !== "pending") return rest.length === alerts.length ? alerts : rest;
			return [{ id, kind: "round", orderId, tableId, tableName, round, at: action.at ?? new Date().toISOString() }, ...rest];
		}
		case "dismissGuestAlert":
			return alerts.filter(a => a.id !== action.id);
		case "loaded": {
			// The floor read afresh: a round's pop-up stays only while its order still has that round waiting.
			const pending = new Set(action.orders.flatMap(o => pendingRounds(o).map(r => `round:${o.id}:${r.round}`)));
			const kept = alerts.filter(a => a.kind !== "round" || pending.has(a.id));
			return kept.length === alerts.length ? alerts : kept;
		}
		case "guestAlertsKept": {
			// What this tablet showed before a reload (pushes are not replayed to a fresh page), less what is old.
			const since = (action.now ?? Date.now()) - KEEP_ALERTS_MS;
			const kept = action.alerts.filter(a => a?.id && Date.parse(a.at) >= since && !alerts.some(b => b.id === a.id));
			return kept.length ? [...alerts, ...kept] : alerts;
		}
		case "orders": {
			// A round confirmed or rejected on another device: its pop-up goes when the order shows it decided.
			const stale = alerts.filter(
				a => a.kind === "round" && action.orders.some(o => o.id === a.orderId && !pendingRounds(o).some(r => r.round === a.round)),
			);
			return stale.length ? alerts.filter(a => !stale.includes(a)) : alerts;
		}
		default:
			return alerts;
	}
}

/** A pop-up kept over a reload is dropped after this long (a call from two hours ago is stale). */
export const KEEP_ALERTS_MS = 2 * 3600_000;

/** The calls waiting at one table (for its tile). */
export const callsAt = (alerts, tableId) => alerts.filter(a => a.tableId === tableId && a.kind !== "round");
