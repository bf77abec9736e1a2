// The waiter's tablet: the floor grid, a table's order and its bill, routed by the address; live.js keeps the state current.
import { html, mount, TopBar, useState, useEffect, useRef, useStore } from "../app/ui.js";
import { user } from "./session.js";
import { store, reload, reloadBills, reloadMenu, startLive } from "./live.js";
import { routeOf, go } from "./route.js";
import { FloorGrid, TableView } from "./tables.js";
import { NotificationsButton, NotificationsSheet } from "./notifications.js";

function useRoute() {
	const [hash, setHash] = useState(location.hash);
	useEffect(() => {
		const on = () => setHash(location.hash);
		addEventListener("hashchange", on);
		return () => removeEventListener("hashchange", on);
	}, []);
	return routeOf(hash);
}

function Floor() {
	const state = useStore(store);
	const route = useRoute();
	const [sheet, setSheet] = useState(false);
	const routeRef = useRef(route);
	routeRef.current = route;

	useEffect(() => {
		reload();
		const socket = startLive(() => routeRef.current.tableId);
		return () => socket.disconnect();
	}, []);

	useEffect(() => {
		if (state.menuStale) reloadMenu();
	}, [state.menuStale]);

	const table = route.tableId && state.tables?.find(t => t.id === route.tableId);
	let body;
	if (state.tables === null)
		body = state.loadError
			? html`<${LoadFailed} error=${state.loadError} retry=${reload} />`
			: html`<p class="muted">Loading the floor…</p>`;
	else if (route.tableId && !table)
		body = html`<div class="panel stack"><p>That table no longer exists.</p><button onClick=${() => go("")}>Back to the floor</button></div>`;
	else if (table) body = html`<${TableView} table=${table} view=${route.view} state=${state} reloadBills=${reloadBills} />`;
	else body = html`<${FloorGrid} tables=${state.tables} orders=${state.orders} />`;

	return html`<${TopBar} user=${user}><${NotificationsButton} count=${state.notifications.length} onOpen=${() => setSheet(true)} /></${TopBar}>
		<main class="floor">${body}</main>
		${sheet && html`<${NotificationsSheet} notifications=${state.notifications} onClose=${() => setSheet(false)} />`}`;
}

function LoadFailed({ error, retry }) {
	return html`<div class="panel stack" role="alert">
		<p class="error-text">The floor could not be loaded: ${error}</p>
		<div><button class="primary" onClick=${retry}>Try again</button></div>
	</div>`;
}

mount(Floor);
