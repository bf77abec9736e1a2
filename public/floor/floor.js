// The waiter's tablet: the floor grid with the takeouts and tabs, a place's order and its bill, routed by the
// address; live.js keeps the state current.
import { html, mount, TopBar, useState, useEffect, useRef, useStore } from "../app/ui.js";
import { api, settings } from "../app/core.js";
import { user } from "./session.js";
import { store, reload, reloadBills, reloadMenu, startLive } from "./live.js";
import { routeOf, go } from "./route.js";
import { FloorGrid, PlaceView } from "./tables.js";
import { NotificationsButton, NotificationsSheet } from "./notifications.js";
import { StationBanner } from "./stations.js";
import { tablePlace, orderPlace, newPlace } from "./place.js";
import { readDraft } from "./draft.js";
import { draftKey } from "./use-draft.js";
import { SharedTabletButton, startIdleLock } from "./shared-tablet.js";
import { startApprovals } from "./approval.js";
import { GuestAlerts, keepGuestAlerts } from "./guest-alerts.js";

/** The screen the address names, read at every render: a location.replace() shows at the next render, before its hashchange. */
function useRoute() {
	const [, setHash] = useState(location.hash);
	useEffect(() => {
		const on = () => setHash(location.hash);
		addEventListener("hashchange", on);
		return () => removeEventListener("hashchange", on);
	}, []);
	return routeOf(location.hash);
}

/** A takeout or tab not sent yet, as this tablet keeps it (null once sent or discarded). */
function unsentStart(id) {
	try {
		return readDraft(localStorage.getItem(draftKey(`new.${id}`))).start ?? null;
	} catch {
		return null;
	}
}

function Floor() {
	const state = useStore(store);
	const route = useRoute();
	const [sheet, setSheet] = useState(false);
	const placeRef = useRef(null);

	useEffect(() => {
		reload();
		const socket = startLive(() => placeRef.current?.bills ?? null);
		// A call that needs a manager opens "Ask a manager"; a manager's tablet shows the waiters' requests.
		startApprovals(user);
		// A guest's call or round popped up here stays through a reload until dismissed.
		const unkeep = keepGuestAlerts();
		// A shared tablet locks back to its PIN pad once left untouched (GET /settings idleLockSeconds).
		settings().then(
			s => startIdleLock(s.idleLockSeconds),
			() => undefined,
		);
		return () => {
			unkeep();
			socket.disconnect();
		};
	}, []);

	useEffect(() => {
		if (state.menuStale) reloadMenu();
	}, [state.menuStale]);

	// A takeout or tab this tablet does not hold (closed before a reload, opened elsewhere): read it once.
	const order = route.orderId && state.orders[route.orderId];
	const [missing, setMissing] = useState(null);
	useEffect(() => {
		if (route.orderId && !order && state.tables !== null)
			api.get(`/orders/${route.orderId}`).then(
				o => store.dispatch({ type: "orders", orders: [o] }),
				() => setMissing(route.orderId),
			);
	}, [route.orderId, Boolean(order), state.tables !== null]);

	const table = route.tableId && state.tables?.find(t => t.id === route.tableId);
	const start = route.newId && unsentStart(route.newId);
	const place = table ? tablePlace(table, state.orders) : order ? orderPlace(order) : start ? newPlace(route.newId, start) : null;
	placeRef.current = place;

	let body;
	if (state.tables === null)
		body = state.loadError
			? html`<${LoadFailed} error=${state.loadError} retry=${reload} />`
			: html`<p class="muted">Loading the floor…</p>`;
	else if (place) body = html`<${PlaceView} place=${place} view=${route.view} state=${state} reloadBills=${reloadBills} />`;
	else if (route.tableId) body = html`<${Gone} what="That table no longer exists." />`;
	else if (route.orderId)
		body =
			missing === route.orderId
				? html`<${Gone} what="That order could not be found." />`
				: html`<p class="muted">Loading the order…</p>`;
	else if (route.newId) body = html`<${Gone} what="That takeout or tab was sent or discarded." />`;
	else body = html`<${FloorGrid} tables=${state.tables} orders=${state.orders} />`;

	return html`<${TopBar} user=${user}><${NotificationsButton} count=${state.notifications.length} onOpen=${() => setSheet(true)} /><${SharedTabletButton} user=${user} /></${TopBar}>
		<${StationBanner} />
		<main class="floor">${body}</main>
		<${GuestAlerts} alerts=${state.guestAlerts} hereTableId=${route.tableId} />
		${sheet && html`<${NotificationsSheet} notifications=${state.notifications} onClose=${() => setSheet(false)} />`}`;
}

function Gone({ what }) {
	return html`<div class="panel stack"><p>${what}</p><button onClick=${() => go("")}>Back to the floor</button></div>`;
}

function LoadFailed({ error, retry }) {
	return html`<div class="panel stack" role="alert">
		<p class="error-text">The floor could not be loaded: ${error}</p>
		<div><button class="primary" onClick=${retry}>Try again</button></div>
	</div>`;
}

mount(Floor);
