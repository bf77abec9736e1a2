// Which station this screen is: the picker in the bar, and the first-visit question before any ticket shows.
import { html, useStore } from "../app/ui.js";
import { store, chooseStation } from "./live.js";
import { ALL, stationsOf, stationLabel } from "./state.js";

export function StationPicker({ big = false }) {
	const s = useStore(store);
	// Until the menu is in, the buttons would move under a finger as stations appear.
	if (!s.menuLoaded)
		return html`<nav class="stations" aria-label="Station"><span class="station-current">${s.station ? stationLabel(s.station) : ""}</span></nav>`;
	const stations = stationsOf(s.dishes);
	if (s.station && s.station !== ALL && !stations.includes(s.station)) stations.push(s.station);
	return html`<nav class=${`stations${big ? " big" : ""}`} aria-label="Station">
		${[...stations, ALL].map(
			st =>
				html`<button class="station" aria-pressed=${String(s.station === st)} data-station=${st} onClick=${() => chooseStation(st)}>${stationLabel(st)}</button>`,
		)}
	</nav>`;
}

export function FirstVisit() {
	const s = useStore(store);
	return html`<main class="kds kds-first">
		<section class="panel stack pick">
			<h1>Which station is this screen?</h1>
			<p class="muted">It shows that station's tickets. “All stations” is the expo view over the whole pass. This screen remembers the choice.</p>
			${s.menuLoaded ? html`<${StationPicker} big />` : html`<p class="muted">Loading the stations from the menu…</p>`}
		</section>
	</main>`;
}
