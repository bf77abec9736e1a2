// The 86 panel: a cook switches a dish off when it runs out, and every tablet and the guest menu stop selling it at once.
import { html, Modal, useStore } from "../app/ui.js";
import { canAct } from "./session.js";
import { store, setAvailable } from "./live.js";
import { ALL, shows, stationsOf, stationLabel } from "./state.js";
import { Busy } from "./tickets.js";

export function EightySix({ onClose }) {
	const s = useStore(store);
	const items = s.dishes.filter(m => shows(s, m.station));
	const stations = stationsOf(items);
	return html`<${Modal} title=${`86 — ${stationLabel(s.station)}`} label="86 items" onClose=${onClose}>
		<p class="muted">Switch a dish off when it runs out: every tablet and the guest menu stop selling it at once.</p>
		<div class="eighty-six">
			${stations.map(
				st => html`<section>
					${s.station === ALL && html`<h3>${stationLabel(st)}</h3>`}
					<ul>
						${items
							.filter(m => m.station === st)
							.map(
								m => html`<li data-menu-item-id=${m.id} data-available=${String(m.available)}>
									<span class="dish">${m.name}</span>
									<${Busy}
										role="switch"
										aria-checked=${String(m.available)}
										aria-label=${m.name}
										class=${m.available ? "switch on" : "switch off"}
										disabled=${!canAct}
										onClick=${() => setAvailable(m, !m.available)}
										>${m.available ? "Available" : "86'd"}</${Busy}
									>
								</li>`,
							)}
					</ul>
				</section>`,
			)}
			${!items.length && html`<p>No dishes for this station.</p>`}
		</div>
		<div class="actions"><button class="primary" onClick=${onClose}>Done</button></div>
	</${Modal}>`;
}
