// Orders without a table, beside the floor: start a takeout (a name and a pickup time) or a bar tab (a name), and
// open the ones running — or not sent yet — like a table.
import { html, Modal, useState } from "../app/ui.js";
import { money, orderLabel } from "../app/core.js";
import { go } from "./route.js";
import { word } from "./words.js";
import { pickupText, pickupFrom } from "./place.js";
import { unsentStarts, startDraft } from "./use-draft.js";

const QUICK_MINUTES = [15, 20, 30, 45, 60];

/** `orders`: the open takeouts and tabs (takeouts by pickup time); the waiter's unsent ones are read from the tablet. */
export function AwayPanel({ orders, readyOn }) {
	const [starting, setStarting] = useState(null);
	const unsent = unsentStarts();
	return html`<section class="panel stack away" aria-label="Takeout and tabs">
		<h2>Takeout & tabs</h2>
		<div class="row away-start">
			<button class="primary" onClick=${() => setStarting("takeout")}>New takeout</button>
			<button class="primary" onClick=${() => setStarting("bar_tab")}>New bar tab</button>
		</div>
		${!orders.length && !unsent.length && html`<p class="muted">No takeout or tab open.</p>`}
		<div class="away-tiles">
			${orders.map(o => {
				const ready = readyOn(o);
				return html`<button class=${`tile away-tile type-${o.type}`} data-order-id=${o.id} data-status=${o.status} onClick=${() => go(`order/${o.id}`)}>
					<span class="tile-name">${orderLabel(o)}</span>
					<span class="tile-meta">${o.type === "takeout" ? `Pickup ${pickupText(o.pickupAt)}` : `Open since ${clockOf(o.createdAt)}`} · ${money(o.totalCents)}</span>
					${
						o.awaitingPayment
							? html`<span class="pill billed" data-awaiting-payment>Awaiting payment</span>`
							: html`<span class=${`pill ${o.status}`}>${word(o.status)}</span>`
					}
					${ready > 0 && html`<span class="tile-ready">${ready} ready to serve</span>`}
				</button>`;
			})}
			${unsent.map(
				({ id, draft }) => html`<button class="tile away-tile unsent" data-new-id=${id} onClick=${() => go(`new/${id}`)}>
					<span class="tile-name">${orderLabel({ ...draft.start, tableName: null })}</span>
					<span class="tile-meta">${draft.start.type === "takeout" ? `Pickup ${pickupText(draft.start.pickupAt)}` : "Tab"}</span>
					<span class="pill queued">Not sent yet</span>
				</button>`,
			)}
		</div>
		${starting && html`<${StartSheet} type=${starting} onClose=${() => setStarting(null)} />`}
	</section>`;
}

const clockOf = iso => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
const pad = n => String(n).padStart(2, "0");
/** A Date as the time field shows it ("19:30"). */
const timeText = d => `${pad(d.getHours())}:${pad(d.getMinutes())}`;

/** A takeout's name and pickup time, or a tab's name: the order opens with its first round. */
function StartSheet({ type, onClose }) {
	const takeout = type === "takeout";
	const [name, setName] = useState("");
	const [time, setTime] = useState(() => timeText(new Date(Date.now() + 20 * 60_000)));
	const [error, setError] = useState("");
	const start = e => {
		e.preventDefault();
		if (!name.trim()) return setError("Give the guest's name.");
		const at = takeout ? pickupFrom(time) : null;
		if (takeout && !at) return setError("Give the pickup time, e.g. 19:30.");
		const id = crypto.randomUUID();
		startDraft(id, { type, name: name.trim(), ...(at && { pickupAt: at.toISOString() }) });
		onClose();
		go(`new/${id}`);
	};
	return html`<${Modal} title=${takeout ? "New takeout" : "New bar tab"} onClose=${onClose}>
		<form class="stack" onSubmit=${start}>
			<label>Guest's name <input value=${name} maxlength="60" autocomplete="off" onInput=${e => setName(e.target.value)} autofocus /></label>
			${
				takeout &&
				html`<label>Pickup at <input type="time" value=${time} onInput=${e => setTime(e.target.value)} /></label>
				<div class="row quick-times" role="group" aria-label="Pickup in">
					${QUICK_MINUTES.map(
						m => html`<button type="button" class="small" onClick=${() => setTime(timeText(new Date(Date.now() + m * 60_000)))}>
							${m === 60 ? "1 hour" : `${m} min`}
						</button>`,
					)}
				</div>`
			}
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Back</button>
				<button type="submit" class="primary">${takeout ? "Start takeout" : "Open tab"}</button>
			</div>
		</form>
	</${Modal}>`;
}
