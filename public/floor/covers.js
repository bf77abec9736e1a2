// How many guests: big buttons 1–12 and "12+" for a party bigger than that, asked when a table's order opens and
// changed from the order later; and the seat that new dishes go to.
import { html, Modal, useState } from "../app/ui.js";
import { api, attempt } from "../app/core.js";
import { store } from "./live.js";
import { plural, say } from "./words.js";
import { seatName } from "./courses.js";

const COMMON = Array.from({ length: 12 }, (_, k) => k + 1);

/** The guest count as buttons; `value` is pressed. "12+" opens a stepper for a bigger party. */
export function CoversPicker({ value, onPick, disabled = false }) {
	const [more, setMore] = useState(false);
	const big = value > 12;
	return html`<div class="row covers" role="group" aria-label="Guests">
		${COMMON.map(n => html`<button type="button" class="cover" aria-pressed=${value === n} aria-label=${plural(n, "guest")} disabled=${disabled} onClick=${() => onPick(n)}>${n}</button>`)}
		<button type="button" class="cover" aria-pressed=${big} aria-label=${big ? plural(value, "guest") : "More than 12 guests"} disabled=${disabled} onClick=${() => setMore(true)}>
			${big ? value : "12+"}
		</button>
		${
			more &&
			html`<${BigParty}
			start=${big ? value : 13}
			onPick=${n => {
				setMore(false);
				onPick(n);
			}}
			onClose=${() => setMore(false)}
		/>`
		}
	</div>`;
}

function BigParty({ start, onPick, onClose }) {
	const [n, setN] = useState(start);
	return html`<${Modal} title="How many guests?" onClose=${onClose}>
		<div class="row stepper" role="group" aria-label="Guests">
			<button type="button" aria-label="Fewer guests" disabled=${n <= 13} onClick=${() => setN(x => x - 1)}>−</button>
			<span class="qty big-qty" aria-live="polite">${n}</span>
			<button type="button" aria-label="More guests" disabled=${n >= 99} onClick=${() => setN(x => x + 1)}>+</button>
		</div>
		<div class="actions">
			<button type="button" onClick=${onClose}>Back</button>
			<button type="button" class="primary" onClick=${() => onPick(n)}>${plural(n, "guest")}</button>
		</div>
	</${Modal}>`;
}

/** The guest count of an open order, changed (the party grew, someone left). */
export function CoversSheet({ order, onClose }) {
	const pick = async covers => {
		const o = await attempt(() => api.patch(`/orders/${order.id}`, { covers }), `${plural(covers, "guest")} at this order`, say);
		if (o) {
			store.dispatch({ type: "orders", orders: [o] });
			onClose();
		}
	};
	return html`<${Modal} title="How many guests?" onClose=${onClose}>
		<${CoversPicker} value=${order.covers} onPick=${pick} />
		<div class="actions"><button type="button" onClick=${onClose}>Back</button></div>
	</${Modal}>`;
}

/** The seat new dishes go to, going round the table: "Table" (shared), Seat 1…`seats`. */
export function SeatBar({ seats, value, onPick, disabled = false }) {
	return html`<div class="row seat-bar" role="group" aria-label="New dishes for">
		<span class="seat-bar-label">Seat</span>
		${[null, ...Array.from({ length: seats }, (_, k) => k + 1)].map(
			n => html`<button type="button" class="seat" aria-pressed=${value === n} aria-label=${seatName(n)} disabled=${disabled} onClick=${() => onPick(n)}>
				${n === null ? "Table" : n}
			</button>`,
		)}
	</div>`;
}
