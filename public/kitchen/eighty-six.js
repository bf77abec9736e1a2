// The 86 panel: a cook switches a dish or an option off when it runs out, and every tablet and the guest menu stop
// selling it at once; a dish or an option on a countdown shows how many are left, live.
import { html, Modal, useStore } from "../app/ui.js";
import { canAct } from "./session.js";
import { store, setAvailable, setOptionAvailable } from "./live.js";
import { ALL, shows, stationsOf, stationLabel, panelGroups } from "./state.js";
import { Busy } from "./tickets.js";

/** "3 left" beside a dish or an option on a countdown; nothing without one. */
const Left = ({ remaining }) =>
	remaining === null || remaining === undefined
		? ""
		: html`<span class=${`left${remaining <= 3 ? " low" : ""}`} data-remaining=${remaining}>${remaining} left</span>`;

/** One row: the name, what is left, and the switch (its label names what it switches). */
function Row({ name, label, available, remaining, onToggle, ...data }) {
	return html`<li ...${data} data-available=${String(available)}>
		<span class="dish">${name}</span>
		<${Left} remaining=${remaining} />
		<${Busy}
			role="switch"
			aria-checked=${String(available)}
			aria-label=${label}
			class=${available ? "switch on" : "switch off"}
			disabled=${!canAct}
			onClick=${onToggle}
			>${available ? "Available" : "86'd"}</${Busy}
		>
	</li>`;
}

export function EightySix({ onClose }) {
	const s = useStore(store);
	const items = s.dishes.filter(m => shows(s, m.station));
	const stations = stationsOf(items);
	const groups = panelGroups(s);
	return html`<${Modal} title=${`86 — ${stationLabel(s.station)}`} label="86 items" onClose=${onClose}>
		<p class="muted">Switch a dish or an option off when it runs out: every tablet and the guest menu stop selling it at once.</p>
		<div class="eighty-six">
			${stations.map(
				st => html`<section aria-label=${`${stationLabel(st)} dishes`}>
					${s.station === ALL && html`<h3>${stationLabel(st)}</h3>`}
					<ul>
						${items
							.filter(m => m.station === st)
							.map(
								m =>
									html`<${Row}
										key=${m.id}
										data-menu-item-id=${m.id}
										name=${m.name}
										label=${m.name}
										available=${m.available}
										remaining=${m.remaining}
										onToggle=${() => setAvailable(m, !m.available)}
									/>`,
							)}
					</ul>
				</section>`,
			)}
			${!items.length && html`<p>No dishes for this station.</p>`}
			${
				groups.length > 0 &&
				html`<h3 class="options-title">Options</h3>
				${groups.map(
					({
						group,
						options,
					}) => html`<section class="option-group" data-group-id=${group.id} aria-label=${`${group.name} options`}>
						<h4>${group.name}</h4>
						<ul>
							${options.map(
								o =>
									html`<${Row}
										key=${o.id}
										data-option-id=${o.id}
										name=${o.name}
										label=${`${group.name}: ${o.name}`}
										available=${o.available}
										remaining=${o.remaining}
										onToggle=${() => setOptionAvailable(group, o, !o.available)}
									/>`,
							)}
						</ul>
					</section>`,
				)}`
			}
		</div>
		<div class="actions"><button class="primary" onClick=${onClose}>Done</button></div>
	</${Modal}>`;
}
