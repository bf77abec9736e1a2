// The floor: tables by area beside the open takeouts and tabs, and one place's screen (a table, a takeout or a tab)
// with its Order and Bill tabs.
import { html, useEffect, useMemo, useState, useStore, useNow } from "../app/ui.js";
import { api, attempt, money } from "../app/core.js";
import { user } from "./session.js";
import { tableGlance, seatedFor, isMine } from "./glance.js";
import { AreaPlan } from "./plan.js";
import { useStaff, waiterName } from "./handover.js";
import { courseName } from "./courses.js";
import { store } from "./live.js";
import { tablesByArea, openOrdersAway, readyOn } from "./state.js";
import { go } from "./route.js";
import { word, plural, say } from "./words.js";
import { OrderScreen } from "./order.js";
import { BillScreen } from "./bill.js";
import { AwayPanel } from "./away.js";
import { pickupText } from "./place.js";
import { discardDraft } from "./use-draft.js";
import { callsAt, GUEST_ACTOR } from "./guest-rounds.js";

/** What the floor shows, kept on the tablet: the grid or the plan, and every table or only mine. */
const VIEW_KEY = "brigade.floor.view";
const readPref = (key, fallback) => {
	try {
		return localStorage.getItem(key) ?? fallback;
	} catch {
		return fallback;
	}
};
const usePref = (key, fallback) => {
	const [value, set] = useState(() => readPref(key, fallback));
	const save = v => {
		set(v);
		try {
			localStorage.setItem(key, v);
		} catch {}
	};
	return [value, save];
};

export function FloorGrid({ tables, orders }) {
	const { courses, guestAlerts } = useStore(store);
	const staff = useStaff();
	const now = useNow(30_000);
	const [view, setView] = usePref(VIEW_KEY, "grid");
	const [filter, setFilter] = usePref(`${VIEW_KEY}.${user.id}.filter`, "all");
	const areas = useMemo(() => tablesByArea(tables), [tables]);
	const glances = useMemo(() => new Map(tables.map(t => [t.id, tableGlance(orders, t.id)])), [tables, orders]);
	const away = openOrdersAway(orders);
	const mineOnly = filter === "mine";
	const mine = t => isMine(glances.get(t.id), user.id);
	const shown = mineOnly && view === "grid" ? areas.map(([a, list]) => [a, list.filter(mine)]).filter(([, list]) => list.length) : areas;
	const tile = table =>
		html`<${TableTile} key=${table.id} table=${table} glance=${glances.get(table.id)} now=${now} staff=${staff} courses=${courses} calls=${callsAt(guestAlerts, table.id)} />`;
	return html`<div class="floor-layout">
		<div class="stack floor-grid" data-view=${view} data-filter=${filter}>
			${
				tables.length > 0 &&
				html`<div class="row floor-tools">
					<div class="row" role="group" aria-label="Which tables">
						<button type="button" aria-pressed=${!mineOnly} onClick=${() => setFilter("all")}>All tables</button>
						<button type="button" aria-pressed=${mineOnly} data-filter-mine onClick=${() => setFilter("mine")}>Mine (${tables.filter(mine).length})</button>
					</div>
					<span class="grow"></span>
					<div class="row" role="group" aria-label="Floor view">
						<button type="button" aria-pressed=${view === "grid"} onClick=${() => setView("grid")}>Grid</button>
						<button type="button" aria-pressed=${view === "plan"} data-view-plan onClick=${() => setView("plan")}>Plan</button>
					</div>
				</div>`
			}
			${!tables.length && html`<div class="panel"><p>No tables yet. A manager adds them in the admin screen.</p></div>`}
			${mineOnly && !shown.length && html`<div class="panel muted" data-mine-empty>None of the tables is yours right now.</div>`}
			${shown.map(([area, list]) =>
				view === "plan"
					? html`<${AreaPlan} area=${area} tables=${list} glances=${glances} now=${now} dim=${t => mineOnly && !mine(t)} tile=${tile} />`
					: html`<section class="area" aria-label=${area}>
					<h2>${area}</h2>
					<div class="tiles">${list.map(tile)}</div>
				</section>`,
			)}
		</div>
		<${AwayPanel} orders=${away} readyOn=${readyOn} />
	</div>`;
}

/** A table's tile: name and state; once seated, guests and time, spend, whose it is, the course, what waits. */
function TableTile({ table: t, glance: g, now, staff, courses, calls = [] }) {
	return html`<button class=${`tile status-${t.status}`} data-table-id=${t.id} data-status=${t.status} onClick=${() => go(`table/${t.id}`)}>
		<span class="row between tile-top">
			<span class="tile-name">${t.name}</span>
			<span class=${`pill ${t.status}`}>${word(t.status)}</span>
		</span>
		${
			g
				? html`<span class="tile-meta" data-glance-seated>${g.covers ? `${plural(g.covers, "guest")} · ` : ""}${seatedFor(g.seatedAt, now)}</span>
					<span class="tile-spend num" data-glance-spend>${money(g.spendCents)}</span>
					<span class="tile-waiter" data-glance-waiter>${g.waiterId === GUEST_ACTOR ? "From the table's phone" : waiterName(staff, g.waiterId)}</span>
					${(g.firedCourse > 0 || g.heldCourse) && html`<span class="tile-course" data-glance-course>${g.firedCourse > 0 ? `${courseName(courses, g.firedCourse)} on` : "Nothing fired"}</span>`}
					${g.heldCourse && html`<span class="tile-held" data-glance-held>${courseName(courses, g.heldCourse)} held</span>`}
					${g.billed && html`<span class="tile-held">Bill out</span>`}`
				: html`<span class="tile-meta">${plural(t.seats, "seat")}</span>`
		}
		${g?.ready > 0 && html`<span class="tile-ready" data-glance-ready>${g.ready} ready to serve</span>`}
		${g?.guestRounds > 0 && html`<span class="tile-guest" data-glance-guest-round>Guest order to confirm</span>`}
		${calls.map(c => html`<span class="tile-guest" data-glance-call=${c.kind}>${c.kind === "bill" ? "Asks for the bill" : "Calls the waiter"}</span>`)}
	</button>`;
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
