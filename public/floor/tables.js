// The floor grid of tables by area, and one table's screen with its Order and Bill tabs.
import { html, useEffect, useMemo } from "../app/ui.js";
import { api, attempt, tableLabel } from "../app/core.js";
import { store } from "./live.js";
import { openOrdersAt, tablesByArea, readyAt } from "./state.js";
import { go } from "./route.js";
import { word, plural, say } from "./words.js";
import { OrderScreen } from "./order.js";
import { BillScreen } from "./bill.js";

export function FloorGrid({ tables, orders }) {
	const areas = useMemo(() => tablesByArea(tables), [tables]);
	if (!tables.length) return html`<div class="panel"><p>No tables yet. A manager adds them in the admin screen.</p></div>`;
	return html`<div class="stack floor-grid">
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
	</div>`;
}

export function TableView({ table, view, state, reloadBills }) {
	const orders = openOrdersAt(state.orders, table.id);
	useEffect(() => {
		reloadBills(table.id);
	}, [table.id]);

	const known = Object.values(state.orders).filter(o => o.tableId === table.id);

	return html`<div class="stack table-view" data-table-id=${table.id} data-view=${view}>
		<div class="row table-head">
			<button onClick=${() => go("")} aria-label="Back to the floor">‹ Floor</button>
			<h1>${tableLabel(table.name)}</h1>
			<span class=${`pill ${table.status}`} data-table-status=${table.status}>${word(table.status)}</span>
			<span class="muted">${plural(table.seats, "seat")}${table.area ? ` · ${table.area}` : ""}</span>
			<span class="grow"></span>
			${view === "order" && !orders.length && table.status !== "occupied" && html`<${TableStatus} table=${table} />`}
			<nav class="tabs" aria-label="Table screens">
				<button aria-pressed=${view === "order"} onClick=${() => go(`table/${table.id}`)}>Order</button>
				<button aria-pressed=${view === "bill"} onClick=${() => go(`table/${table.id}/bill`)}>Bill</button>
			</nav>
		</div>
		${
			view === "bill"
				? html`<${BillScreen} table=${table} orders=${orders} bills=${state.bills} reloadBills=${reloadBills} />`
				: html`<${OrderScreen} key=${table.id} table=${table} orders=${orders} known=${known} menu=${state.menu} />`
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
