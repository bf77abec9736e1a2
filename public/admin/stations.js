// The office's view of guaranteed dispatch: the floor's station health and banner (public/floor/stations.js), and a
// Stations tab listing every kitchen station's screens, printers, last confirmation and state, then the printers
// themselves to set up (printers.js).
import { html } from "../app/ui.js";
import { StationHealthList } from "../floor/stations.js";
import { PrintersAdmin } from "./printers.js";

export { StationBanner, StationHealthList, loadStations, stationUpdate } from "../floor/stations.js";

export function StationsAdmin() {
	return html`<div class="stack">
		<section class="panel stack">
			<h2>Kitchen stations</h2>
			<p class="muted">A ticket no screen at its station confirms in time prints on the station's kitchen printer, or shows on the expo.</p>
			<${StationHealthList} />
		</section>
		<${PrintersAdmin} />
	</div>`;
}
