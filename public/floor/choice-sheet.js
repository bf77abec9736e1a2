// The choices a dish asks for (temperature, sides…), before it joins the round: each group with its rule, options
// with their price and what is left of them, kept live while the sheet is open.
import { html, Modal, useState } from "../app/ui.js";
import { money } from "../app/core.js";
import { plural } from "./words.js";
import {
	limits,
	choiceRule,
	deltaText,
	countdownText,
	toggleOption,
	missingChoices,
	unavailableChoices,
	chosenModifiers,
	unitPrice,
} from "./modifiers.js";

/** `item` is the dish as the menu has it now (pushes change it under the open sheet); `onAdd(modifiers)` adds it. */
export function ChoiceSheet({ item, onAdd, onClose }) {
	const [choices, setChoices] = useState({});
	const groups = item.modifierGroups ?? [];
	const missing = missingChoices(item, choices);
	const gone = unavailableChoices(item, choices);
	const modifiers = chosenModifiers(item, choices);
	const price = unitPrice(item.priceCents, modifiers);
	const soldOut = item.available === false;
	const ready = !soldOut && !missing.length && !gone.length;
	const why = soldOut
		? `${item.name} just sold out.`
		: gone.length
			? `${gone.map(o => o.name).join(", ")} just sold out: choose another.`
			: missing.map(m => `Choose ${m.need === 1 && limits(m.group).max === 1 ? "a" : m.need} ${m.group.name}`).join(" · ");

	return html`<${Modal} title=${item.name} label=${`Choices for ${item.name}`} onClose=${onClose}>
		<p class="muted choice-base">${money(item.priceCents)}${item.description ? ` · ${item.description}` : ""}</p>
		${groups.map(g => {
			const { min, max } = limits(g);
			const mine = choices[g.id] ?? [];
			const full = max > 1 && mine.length >= max;
			const done = mine.length >= min;
			return html`<section class="choice-group" role="group" aria-label=${g.name} data-group-id=${g.id} data-done=${String(done)}>
				<div class="row choice-head">
					<h3>${g.name}</h3>
					<span class="choice-rule">${choiceRule(g)}</span>
					${min > 0 && html`<span class=${`pill ${done ? "ready" : "required"}`}>${done ? "✓ Chosen" : "Required"}</span>`}
				</div>
				<div class="choice-options">
					${[...g.options]
						.sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
						.map(o => {
							const picked = mine.includes(o.id);
							const out = o.available === false;
							const left = countdownText(o);
							return html`<button
								type="button"
								class=${`choice-option ${out ? "unavailable" : ""}`}
								data-option-id=${o.id}
								data-available=${String(!out)}
								aria-pressed=${picked}
								disabled=${(out && !picked) || (full && !picked)}
								aria-label=${`${o.name}${o.priceDeltaCents ? `, ${deltaText(o.priceDeltaCents)}` : ""}${left ? `, ${left}` : ""}`}
								onClick=${() => setChoices(c => toggleOption(c, g, o.id))}
							>
								<span class="choice-name">${o.name}</span>
								${o.priceDeltaCents !== 0 && html`<span class="choice-delta">${deltaText(o.priceDeltaCents)}</span>`}
								${left && html`<span class=${`choice-left ${out ? "out" : ""}`} data-countdown>${left}</span>`}
							</button>`;
						})}
				</div>
			</section>`;
		})}
		${modifiers.length > 0 && html`<p class="muted choice-summary">${plural(modifiers.length, "choice")}: ${modifiers.map(m => m.name).join(" · ")}</p>`}
		${why && html`<p class=${soldOut || gone.length ? "error-text" : "choice-missing"} role="status" data-choice-missing>${why}</p>`}
		<div class="actions">
			<button type="button" onClick=${onClose}>Back</button>
			<button type="button" class="primary" disabled=${!ready} onClick=${() => onAdd(modifiers)} data-choice-add>
				Add ${item.name} · ${money(price)}
			</button>
		</div>
	</${Modal}>`;
}
