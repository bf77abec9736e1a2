// The menu to add a round from: a category at a time, dishes as big buttons with what is left of a counted dish,
// 86'd ones greyed out and refused; a dish with choices says so.
import { html, useState } from "../app/ui.js";
import { money } from "../app/core.js";
import { countdownText } from "./modifiers.js";

export function MenuPanel({ menu, add }) {
	const [categoryId, setCategoryId] = useState(null);
	if (!menu) return html`<section class="panel menu-panel"><p class="muted">Loading the menu…</p></section>`;
	const categories = menu.filter(c => c.items.length);
	const current = categories.find(c => c.id === categoryId) ?? categories[0];
	return html`<section class="panel stack menu-panel" aria-label="Menu">
		<div class="row categories" role="group" aria-label="Menu categories">
			${categories.map(c => html`<button class="small" aria-pressed=${c === current} data-category-id=${c.id} onClick=${() => setCategoryId(c.id)}>${c.name}</button>`)}
		</div>
		${!current && html`<p class="muted">The menu is empty.</p>`}
		<div class="menu-items">
			${current?.items.map(i => {
				const left = i.available && i.remaining != null ? countdownText(i) : "";
				const choices = (i.modifierGroups ?? []).length > 0;
				return html`<button
					class=${`menu-item ${i.available ? "" : "unavailable"} ${left ? "counted" : ""}`}
					data-menu-item-id=${i.id}
					data-available=${String(i.available)}
					data-remaining=${i.remaining ?? undefined}
					disabled=${!i.available}
					aria-label=${`${i.name}, ${money(i.priceCents)}${i.available ? "" : ", sold out"}${left ? `, ${left}` : ""}${choices && i.available ? ", with choices" : ""}`}
					onClick=${() => add(i)}
				>
					<span class="menu-item-name">${i.name}</span>
					<span class="menu-item-price">${i.available ? money(i.priceCents) : "Sold out"}${choices && i.available ? html` <span class="menu-item-more">· choices</span>` : ""}</span>
					${left && html`<span class="menu-item-left" data-countdown>${left}</span>`}
				</button>`;
			})}
		</div>
	</section>`;
}
