// A table's order screen: each open order by round with every dish's kitchen status, serving and voids, beside the menu.
import { html, useState, useMemo } from "../app/ui.js";
import { api, attempt, toast, money, newIdempotencyKey } from "../app/core.js";
import { isAdmin } from "./session.js";
import { store } from "./live.js";
import { go } from "./route.js";
import { word, plural, say } from "./words.js";
import { addDish } from "./draft.js";
import { useDraft } from "./use-draft.js";
import { Draft } from "./round.js";
import { MenuPanel } from "./menu-picker.js";
import { ReasonModal } from "./reason.js";

export function OrderScreen({ table, orders, known, menu }) {
	const [draft, updateDraft, checked] = useDraft(table, orders, known);
	const menuItems = useMemo(() => new Map((menu ?? []).flatMap(c => c.items.map(i => [i.id, i]))), [menu]);

	const add = item => {
		if (!item.available) {
			toast(`${item.name} is sold out (86'd)`, "error");
			return;
		}
		updateDraft(d => addDish(d, item, newIdempotencyKey));
	};

	return html`<div class="order-screen">
		<${Draft} table=${table} order=${orders[orders.length - 1]} draft=${draft} checked=${checked} updateDraft=${updateDraft} menuItems=${menuItems}>
			${orders.map(o => html`<${OrderCard} key=${o.id} order=${o} />`)}
			${!orders.length && html`<div class="panel muted">No open order at this table. Add dishes from the menu, then send them to the kitchen.</div>`}
		</${Draft}>
		<${MenuPanel} menu=${menu} add=${add} />
	</div>`;
}

/**
 * Serving what is ready: one item, a round's ready items, or every ready item the waiter can see. The request
 * names the items, so nothing the screen does not show goes out; a refusal (another tablet served it first, a
 * dish went back) reads the order again.
 */
export function useServe() {
	const [busy, setBusy] = useState(() => new Set());
	const serve = async (order, items) => {
		const ids = items.map(i => i.id);
		setBusy(b => new Set([...b, ...ids]));
		const count = items.reduce((n, i) => n + i.quantity, 0);
		const what = items.length === 1 ? `${items[0].quantity}× ${items[0].name}` : plural(count, "item");
		const o = await attempt(() => api.post(`/orders/${order.id}/serve`, { itemIds: ids }), `Served: ${what}`, say);
		if (o) store.dispatch({ type: "orders", orders: [o] });
		else
			api.get(`/orders/${order.id}`).then(
				fresh => store.dispatch({ type: "orders", orders: [fresh] }),
				() => undefined,
			);
		setBusy(b => new Set([...b].filter(id => !ids.includes(id))));
	};
	return [serve, id => busy.has(id)];
}

function OrderCard({ order }) {
	const [voiding, setVoiding] = useState(null);
	const [cancelling, setCancelling] = useState(false);
	const [serve, serving] = useServe();
	const ready = order.items.filter(i => i.status === "ready");
	const rounds = [...new Set(order.items.map(i => i.round))].sort((a, b) => a - b);

	return html`<section class="panel stack order-card" data-order-id=${order.id} data-status=${order.status} aria-label="Open order">
		<div class="row between">
			<h2>Order <span class=${`pill ${order.status}`} data-order-status>${word(order.status)}</span></h2>
			<span class="num order-total">${money(order.totalCents)}</span>
		</div>
		${order.notes && html`<p class="order-notes" data-order-notes><strong>Note:</strong> ${order.notes}</p>`}
		${rounds.map(r => {
			const items = order.items.filter(i => i.round === r);
			const readyHere = items.filter(i => i.status === "ready");
			// A round's ready dishes in one tap, when they are not all the order has ready (that is "Serve all").
			const roundButton = readyHere.length > 1 && readyHere.length < ready.length;
			return html`<div class="round" data-round=${r}>
				<div class="row between round-head">
					<h3 class="muted">Round ${r}</h3>
					${
						roundButton &&
						html`<button class="small ok" aria-label=${`Serve round ${r}: ${readyHere.length} ready`} disabled=${readyHere.some(i => serving(i.id))} onClick=${() => serve(order, readyHere)}>
						Serve ${readyHere.length} ready
					</button>`
					}
				</div>
				<ul class="items">
					${items.map(
						i => html`<li class=${`item status-${i.status}`} data-item-id=${i.id} data-status=${i.status}>
							<span class="qty">${i.quantity}×</span>
							<span class="grow"><span class="item-name">${i.name}</span>${i.notes && html`<span class="item-notes">${i.notes}</span>`}${
								i.voidReason && html`<span class="item-notes">Voided: ${i.voidReason}</span>`
							}</span>
							<span class=${`pill ${i.status}`} data-item-status>${word(i.status)}</span>
							${
								i.status === "ready" &&
								html`<button class="small ok" aria-label=${`Serve ${i.name}`} disabled=${serving(i.id)} onClick=${() => serve(order, [i])}>Serve</button>`
							}
							${i.status !== "voided" && i.status !== "served" && (i.status !== "ready" || isAdmin) && html`<button class="small danger" aria-label=${`Void ${i.name}`} onClick=${() => setVoiding(i)}>Void</button>`}
						</li>`,
					)}
				</ul>
			</div>`;
		})}
		<div class="row order-actions" data-keep-clear>
			<button class="ok" aria-label=${`Serve all ${ready.length} ready`} disabled=${!ready.length || ready.some(i => serving(i.id))} onClick=${() => serve(order, ready)}>
				Serve all ready${ready.length ? ` (${ready.length})` : ""}
			</button>
			<button onClick=${() => go(`table/${order.tableId}/bill`)}>Bill</button>
			<span class="grow"></span>
			<button class="danger" onClick=${() => setCancelling(true)}>Cancel order</button>
		</div>
		${
			voiding &&
			html`<${ReasonModal}
			title=${`Void ${voiding.quantity}× ${voiding.name}`}
			confirm="Void item"
			onClose=${() => setVoiding(null)}
			onSubmit=${async reason => store.dispatch({ type: "orders", orders: [await api.post(`/orders/${order.id}/items/${voiding.id}/void`, { reason })] })}
			done=${`${voiding.name} voided`}
		/>`
		}
		${
			cancelling &&
			html`<${ReasonModal}
			title="Cancel the whole order"
			confirm="Cancel order"
			onClose=${() => setCancelling(false)}
			onSubmit=${async reason => store.dispatch({ type: "orders", orders: [await api.post(`/orders/${order.id}/cancel`, { reason })] })}
			done="Order cancelled"
		/>`
		}
	</section>`;
}
