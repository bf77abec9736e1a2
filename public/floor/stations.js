// Guaranteed dispatch on the floor and in the office: each kitchen station's health (GET /devices/stations, kept
// current by `station:update`), and a warning banner while one is not healthy: a printer offline, no screen and no
// printer (its tickets go to the expo), or tickets no screen confirmed.
import { html, useEffect, useStore } from "../app/ui.js";
import { api } from "../app/core.js";
import { createStore } from "../app/store.js";

function reducer(s, a) {
	switch (a.type) {
		case "loaded":
			return new Map(a.list.map(h => [h.station, h]));
		case "update": {
			const next = new Map(s);
			next.set(a.station.station, a.station);
			return next;
		}
		default:
			return s;
	}
}

export const stations = createStore(reducer, new Map());

export function loadStations() {
	api.get("/devices/stations").then(
		list => stations.dispatch({ type: "loaded", list }),
		() => undefined,
	);
}

/** The `station:update` push. */
export const stationUpdate = station => stations.dispatch({ type: "update", station });

const cap = s => s.charAt(0).toUpperCase() + s.slice(1);

/** What is wrong with a station, in a sentence a waiter reads at a glance; null when nothing is. */
export function problemOf(h) {
	if (h.healthy) return null;
	const offline = h.printers.filter(p => p.status !== "ok").map(p => p.name);
	const parts = [];
	if (offline.length) parts.push(`printer ${offline.join(", ")} offline`);
	if (h.screens === 0 && !h.printers.some(p => p.status === "ok")) parts.push("no screen or printer: its tickets go to the expo");
	else if (h.unacknowledged > 0)
		parts.push(`${h.unacknowledged} ${h.unacknowledged === 1 ? "ticket" : "tickets"} not confirmed on its screen`);
	return `${cap(h.station)}: ${parts.join("; ") || "not confirming tickets"}`;
}

/** The warning banner: one line per station that is not healthy; nothing while all are. */
export function StationBanner() {
	const s = useStore(stations);
	useEffect(loadStations, []);
	const bad = [...s.values()].filter(h => !h.healthy);
	if (!bad.length) return null;
	return html`<div class="station-banner" role="alert" aria-label="Kitchen stations">
		${bad.map(h => html`<p data-station=${h.station}>⚠ ${problemOf(h)}</p>`)}
	</div>`;
}

/** Every station at a glance: screens, printers, last confirmation, and whether its tickets land. */
export function StationHealthList() {
	const s = useStore(stations);
	useEffect(loadStations, []);
	const all = [...s.values()];
	if (!all.length) return html`<p class="muted">No kitchen station has a screen, a printer or a ticket yet.</p>`;
	return html`<ul class="station-health" aria-label="Kitchen stations">
		${all.map(
			h => html`<li data-station=${h.station} data-healthy=${String(h.healthy)}>
				<strong>${cap(h.station)}</strong>
				<span>${h.screens} ${h.screens === 1 ? "screen" : "screens"}</span>
				<span>${h.printers.length ? h.printers.map(p => `${p.name} ${p.status}`).join(", ") : "no printer"}</span>
				<span>${h.lastAckAt ? `confirmed ${h.lastAckAt.slice(11, 16)}` : "nothing confirmed yet"}</span>
				<span class="state">${h.healthy ? "OK" : (problemOf(h) ?? "").replace(/^[^:]+: /, "")}</span>
			</li>`,
		)}
	</ul>`;
}
