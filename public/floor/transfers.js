// Moving an order on the floor: to another table (Move), or another table's open order into this one (Merge).
// The server decides races (another tablet took the table first: a toast naming why); the floor follows the pushes.
import { html, Modal, useStore } from "../app/ui.js";
import { api, attempt } from "../app/core.js";
import { store } from "./live.js";
import { say } from "./words.js";

const OPEN = ["placed", "in_progress", "ready", "served"];

/** The tables an order could go to (Move: those with no open order) or come from (Merge: those with one). */
export function transferChoices(state, order, mode) {
	const openAt = new Map(
		Object.values(state.orders ?? {})
			.filter(o => o.tableId && OPEN.includes(o.status) && o.id !== order.id)
			.map(o => [o.tableId, o]),
	);
	return (state.tables ?? [])
		.filter(t => t.id !== order.tableId && (mode === "move" ? !openAt.has(t.id) : openAt.has(t.id)))
		.map(t => ({ table: t, order: openAt.get(t.id) ?? null }));
}

export function TransferSheet({ order, mode, onClose }) {
	const state = useStore(store);
	const choices = transferChoices(state, order, mode);
	const pick = async ({ table, order: other }) => {
		const done = await attempt(
			() =>
				mode === "move"
					? api.post(`/orders/${order.id}/move`, { tableId: table.id })
					: api.post(`/orders/${order.id}/merge`, { orderId: other.id }),
			mode === "move" ? `Move to ${table.name}` : `Merge ${table.name}`,
			say,
		);
		if (done) {
			store.dispatch({ type: "orders", orders: [done] });
			onClose();
		}
	};
	return html`<${Modal} title=${mode === "move" ? "Move to which table?" : "Merge which table's order into this one?"} onClose=${onClose}>
		<div class="row wrap" role="group" aria-label=${mode === "move" ? "Free tables" : "Tables with an order"}>
			${choices.map(c => html`<button type="button" data-transfer-table=${c.table.id} onClick=${() => pick(c)}>${c.table.name}</button>`)}
			${!choices.length && html`<p class="muted">${mode === "move" ? "No free table." : "No other table has an open order."}</p>`}
		</div>
		<div class="actions"><button type="button" onClick=${onClose}>Back</button></div>
	</${Modal}>`;
}
