// The floor: tables by area beside the open takeouts and tabs, and one place's screen (a table, a takeout or a tab)
// with its Order and Bill tabs.
import { html, useEffect, useMemo } from "../app/ui.js";
import { api, attempt } from "../app/core.js";
import { store } from "./live.js";
import { tablesByArea, readyAt, openOrdersAway, readyOn } from "./state.js";
import { go } from "./route.js";
import { word, plural, say } from "./words.js";
import { OrderScreen } from "./order.js";
import { BillScreen } from "./bill.js";
import { AwayPanel } from "./away.js";
import { pickupText } from "./place.js";
import { discardDraft } from "./use-draft.js";

export function FloorGrid({ tables, orders }) {
	const areas = useMemo(() => tablesByArea(tables), [tables]);
	const away = openOrdersAway(orders);
	return html`<div class="floor-layout">
		<div class="stack floor-grid">
			${!tables.length && html`<div class="panel"><p>No tables yet. A manager adds them in the admin screen.</p></div>`}
			${areas.map(
				([area, list]) => html`<section class="area" aria-label=${area}>
					<h2>${area}</h2>
					<div class="tiles">
						${list.map(t => {
							const ready = readyAt(orders, t.id);
							return html`<button class=${`tile status-${t.status}`} data-table-id=${t.id} data-status=${t.status} onClick=${() => go(`table/${t.id}`)}>
								<span class="tile-name">${t.name}</span>
								<span class="tile-meta">${plural(t.seats, "seat")}</span>
								<span class=${`pill ${t.status}`}>${word(t.status)}</span>
								${ready > 0 && html`<span class="tile-ready">${ready} ready to serve</span>`}
							</button>`;
						})}
					</div>
				</section>`,
			)}
		</div>
		<${AwayPanel} orders=${away} readyOn=${readyOn} />
	</div>`;
}

/** A place's screen: its name and state, then its order or its bill. */
export function PlaceView({ place, view, state, reloadBills }) {
	const { table, order } = place;
	const orders = place.orders;
	useEffect(() => {
		if (place.bills) reloadBills(place.bills);
	}, [place.key]);
	const status = table?.status ?? order?.status;

	return html`<div class="stack table-view" data-table-id=${table?.id} data-order-id=${order?.id} data-place=${place.kind} data-view=${view}>
		<div class="row table-head">
			<button onClick=${() => go("")} aria-label="Back to the floor">‹ Floor</button>
			<h1>${place.label}</h1>
			${status && html`<span class=${`pill ${status}`} data-table-status=${table ? status : undefined}>${word(status)}</span>`}
			${table && html`<span class="muted">${plural(table.seats, "seat")}${table.area ? ` · ${table.area}` : ""}</span>`}
			${place.kind === "new" && html`<span class="pill queued">Not sent yet</span>`}
			${(order ?? place.start)?.type === "takeout" && html`<span class="pickup">Pickup ${pickupText((order ?? place.start).pickupAt)}</span>`}
			<span class="grow"></span>
			${table && view === "order" && !orders.length && table.status !== "occupied" && html`<${TableStatus} table=${table} />`}
			${
				place.kind === "new"
					? html`<button class="danger" onClick=${() => {
							discardDraft(place.key);
							go("");
						}}>Discard</button>`
					: html`<nav class="tabs" aria-label=${table ? "Table screens" : "Order screens"}>
						<button aria-pressed=${view === "order"} onClick=${() => go(place.base)}>Order</button>
						<button aria-pressed=${view === "bill"} onClick=${() => go(`${place.base}/bill`)}>Bill</button>
					</nav>`
			}
		</div>
		${
			view === "bill"
				? html`<${BillScreen} place=${place} orders=${orders} bills=${state.bills} reloadBills=${reloadBills} />`
				: html`<${OrderScreen} key=${place.key} place=${place} menu=${state.menu} courses=${state.courses} courseFiring=${state.courseFiring} />`
		}
	</div>`;
}

/** A free table's state (reserved, being cleaned): staff may set it; orders and payments set it otherwise. */
function TableStatus({ table }) {
	const set = async status => {
		const t = await attempt(() => api.patch(`/tables/${table.id}`, { status }), null, say);
		if (t) store.dispatch({ type: "table", table: t });
	};
	// A free table can be held or cleaned; a held or cleaned one made free again.
	const next = table.status === "available" ? ["reserved", "cleaning"] : ["available"];
	return html`<div class="row table-status" role="group" aria-label="Table state">
		${next.map(s => html`<button class="small" onClick=${() => set(s)}>Mark ${word(s).toLowerCase()}</button>`)}
	</div>`;
}
