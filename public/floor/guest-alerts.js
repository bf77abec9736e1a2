// Guests on the floor's screens: a guest round's card in the order with one-tap Confirm and Reject, and the pop-ups
// for a guest calling the waiter, asking for the bill or sending a round, on every floor device until dismissed.
import { html, useState } from "../app/ui.js";
import { api, ApiError, toast, money } from "../app/core.js";
import { store } from "./live.js";
import { go } from "./route.js";
import { say } from "./words.js";
import { optionsText } from "./modifiers.js";
import { pendingRounds, alertText } from "./guest-rounds.js";

/** An order's guest rounds waiting for the waiter, each with Confirm (to the kitchen) and Reject. */
export function GuestRounds({ order }) {
	const rounds = pendingRounds(order);
	if (!rounds.length) return null;
	return rounds.map(r => html`<${GuestRoundCard} key=${r.round} order=${order} round=${r} />`);
}

function GuestRoundCard({ order, round }) {
	const [busy, setBusy] = useState(null);
	const total = round.lines.reduce((s, l) => s + l.quantity * l.unitPriceCents, 0);
	const decide = async verb => {
		setBusy(verb);
		try {
			const o = await api.post(`/orders/${order.id}/guest-rounds/${round.round}/${verb}`);
			store.dispatch({ type: "orders", orders: [o] });
			toast(verb === "confirm" ? "Guest's round sent to the kitchen" : "Guest's round rejected", "success");
		} catch (err) {
			// Another device decided it first (or the order moved on): say what became of it and show the order as it is.
			if (err instanceof ApiError && err.status === 409 && err.code === "GUEST_ROUND_NOT_PENDING")
				toast(`Someone else already decided this round${err.details?.status ? ` (${err.details.status})` : ""}.`, "info");
			else toast(say(err), "error");
			api.get(`/orders/${order.id}`).then(
				o => store.dispatch({ type: "orders", orders: [o] }),
				() => undefined,
			);
		} finally {
			setBusy(null);
		}
	};
	return html`<div class="guest-round-card" role="group" aria-label=${`Guest round ${round.round}`} data-guest-round=${round.round}>
		<div class="row between">
			<h3>Round ${round.round} · from the table's phone</h3>
			<span class="guest-round-note">To confirm</span>
		</div>
		<ul class="items">
			${round.lines.map(
				l => html`<li class="item" data-item-id=${l.id} data-status="pending">
					<span class="qty">${l.quantity}×</span>
					<span class="grow item-main">
						<span class="item-name">${l.name}</span>
						${l.modifiers?.length > 0 && html`<span class="item-options">${optionsText(l.modifiers)}</span>`}
						${l.notes && html`<span class="item-notes">${l.notes}</span>`}
					</span>
					<span class="num">${money(l.quantity * l.unitPriceCents)}</span>
				</li>`,
			)}
		</ul>
		<div class="row guest-round-actions">
			<button class="ok" disabled=${busy !== null} onClick=${() => decide("confirm")} data-guest-confirm>
				${busy === "confirm" ? "Sending…" : `Confirm · ${money(total)}`}
			</button>
			<button class="danger" disabled=${busy !== null} onClick=${() => decide("reject")} data-guest-reject>${busy === "reject" ? "Rejecting…" : "Reject"}</button>
		</div>
	</div>`;
}

/** The pop-ups, newest first, in a band under the top bar: what the guest wants, Open table, Dismiss. */
export function GuestAlerts({ alerts, hereTableId }) {
	// The table on screen shows its rounds to confirm in its order: their pop-ups wait while the waiter is there.
	alerts = alerts.filter(a => !(a.kind === "round" && a.tableId === hereTableId));
	if (!alerts.length) return null;
	const dismiss = id => store.dispatch({ type: "dismissGuestAlert", id });
	// A band under the top bar (floor.css), kept clear of toasts like a primary action.
	return html`<div class="guest-alerts" aria-live="assertive" data-keep-clear>
		${alerts.map(
			a => html`<div key=${a.id} class=${`guest-alert kind-${a.kind}`} role="alert" data-guest-alert=${a.kind} data-table-id=${a.tableId}>
				<p><strong>${alertText(a)}</strong> <span class="muted">${new Date(a.at).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</span></p>
				<div class="row">
					<button class="primary" onClick=${() => {
						if (a.kind !== "round") dismiss(a.id);
						go(`table/${a.tableId}`);
					}}>Open table</button>
					<button onClick=${() => dismiss(a.id)}>Dismiss</button>
				</div>
			</div>`,
		)}
	</div>`;
}

const KEPT = "brigade.floor.guestAlerts";

/** This tablet's pop-ups survive a reload: read back once, then saved whenever they change. */
export function keepGuestAlerts() {
	try {
		store.dispatch({ type: "guestAlertsKept", alerts: JSON.parse(sessionStorage.getItem(KEPT) ?? "[]") });
	} catch {}
	let last = store.getState().guestAlerts;
	return store.subscribe(state => {
		if (state.guestAlerts === last) return;
		last = state.guestAlerts;
		try {
			sessionStorage.setItem(KEPT, JSON.stringify(last));
		} catch {}
	});
}
