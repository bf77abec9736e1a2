// The rail's pieces: a ticket with its running timer and items to start and finish, the all-day counts, the recall strip.
import { html, useState, useStore } from "../app/ui.js";
import { clock, secondsSince } from "../app/core.js";
import { canAct } from "./session.js";
import { store, startItem, readyItem, bump, recall } from "./live.js";
import {
	ALL,
	isLive,
	isHeld,
	allDay,
	ageLevel,
	ticketStart,
	heldCourses,
	courseName,
	stationLabel,
	labelParts,
	ticketLabel,
	timeOfDay,
	untilText,
} from "./state.js";

/** A button that stays disabled while its action runs, so a double tap does not send it twice. */
export function Busy({ onClick, children, ...props }) {
	const [busy, setBusy] = useState(false);
	return html`<button
		...${props}
		disabled=${busy || props.disabled}
		onClick=${async () => {
			setBusy(true);
			try {
				await onClick();
			} finally {
				setBusy(false);
			}
		}}
	>
		${children}
	</button>`;
}

/** "S2": the guest's seat, under the quantity, so the runner knows whose plate it is. */
const Seat = ({ seat }) => (seat ? html`<span class="seat" aria-label=${`Seat ${seat}`}>S${seat}</span>` : "");

function ItemRow({ item, orderId, view }) {
	const voided = item.status === "voided";
	const held = isHeld(item);
	let control;
	if (voided) control = html`<strong class="void-flag">VOID</strong>`;
	else if (held) control = null;
	else if (!canAct || item.status === "served") control = html`<span class=${`pill ${item.status}`}>${item.status}</span>`;
	else if (item.status === "queued")
		control = html`<${Busy} class="start" aria-label=${`Start ${item.name}`} onClick=${() => startItem(item, orderId)}>Start</${Busy}>`;
	else if (item.status === "preparing")
		control = html`<${Busy} class="ok" aria-label=${`Ready ${item.name}`} onClick=${() => readyItem(item, orderId)}>Ready</${Busy}>`;
	else control = html`<span class="done" aria-label=${`${item.name} ready`}>✓ Ready</span>`;
	const side = item.partOf ? view.sideOf(item) : null;
	return html`<li
		class=${`item ${item.status}${held ? " held" : ""}${item.remakeOf ? " remake" : ""}${item.partOf ? " side" : ""}`}
		data-item-id=${item.id}
		data-status=${item.status}
		data-held=${String(held)}
	>
		<div class="count">
			<span class="qty">${item.quantity}×</span>
			<${Seat} seat=${item.seat} />
		</div>
		<div class="what">
			<div class="head">
				<span class="name">${voided ? html`<s>${item.name}</s>` : item.name}</span>
				${control && html`<span class="control">${control}</span>`}
			</div>
			${item.shrunkFrom && !voided && html`<span class="was">was ${item.shrunkFrom}</span>`}
			${voided && html`<span class="void-reason">${item.voidReason ? `Voided: ${item.voidReason}` : "Voided"} — do not make</span>`}
			${held && html`<span class="held-tag">Held — ${courseName(view.courses, item.course)}</span>`}
			${item.remakeOf && html`<span class="remake-flag">REMAKE${item.remakeReason ? html` — <span class="remake-reason">${item.remakeReason}</span>` : ""}</span>`}
			${item.partOf && html`<span class="side-of">${side ? `Side for ${side}` : "Side"}</span>`}
			${
				item.modifiers?.length > 0 &&
				html`<ul class="mods" aria-label=${`${item.name} options`}>
					${item.modifiers.map(m => {
						const elsewhere = view.optionStation(m.optionId);
						return html`<li data-option-id=${m.optionId}>${m.name}${elsewhere && elsewhere !== item.station ? html` <span class="mod-station">→ ${stationLabel(elsewhere)}</span>` : ""}</li>`;
					})}
				</ul>`
			}
			${item.notes && html`<span class="item-notes">${item.notes}</span>`}
		</div>
	</li>`;
}

/** The ticket's lines: what is fired, by round, then what waits for its course, greyed, lowest course first. */
function ItemList({ t, view }) {
	const fired = t.items.filter(i => !isHeld(i));
	const held = heldCourses(t).flatMap(([, lines]) => lines);
	return html`<ul class="items">
		${fired.map(
			(
				item,
				i,
			) => html`${item.round > 1 && (i === 0 || fired[i - 1].round !== item.round) && html`<li class="round-sep">+ Round ${item.round}</li>`}
				<${ItemRow} key=${item.id} item=${item} orderId=${t.orderId} view=${view} />`,
		)}
		${held.length > 0 && fired.length > 0 && html`<li class="held-sep" aria-hidden="true"></li>`}
		${held.map(item => html`<${ItemRow} key=${item.id} item=${item} orderId=${t.orderId} view=${view} />`)}
	</ul>`;
}

/** Whose ticket it is, as every screen says it: "Table 5", "Takeout: Kim", "Tab: Sam". */
function Label({ t }) {
	const { kind, name } = labelParts(t);
	// The kind ("TABLE", "TAKEOUT", "TAB") as a caption over the name, so the name keeps the header's whole width.
	return html`<h2 class="label">${kind && html`<span class="kind">${kind.replace(/:$/, "")}<span class="colon">:</span></span> `}<span class="table-name">${name}</span></h2>`;
}

/** "Bump table 5", "Bump Takeout: Kim": what a bump or a recall button says to a screen reader (and to the tests). */
export const actionLabel = (verb, t) =>
	t.orderType && t.orderType !== "dine_in" ? `${verb} ${ticketLabel(t)}` : `${verb} table ${t.tableName}`;

export function TicketCard({ t, notes, now, warn, late, expo, view }) {
	const start = ticketStart(t);
	const age = start ? secondsSince(start, now) : 0;
	const level = start ? ageLevel(age, warn, late) : "held";
	const alert = t.alert && t.alert.until > now ? t.alert.kind : undefined;
	const live = t.items.filter(isLive);
	const fired = live.filter(i => !i.held);
	const allReady = fired.length > 0 && fired.every(i => i.status === "ready");
	const voids = t.items.filter(i => i.status === "voided").length;
	const held = heldCourses(t);
	const heldNames = held.map(([course]) => courseName(view.courses, course)).join(", ");
	const classes = [
		"ticket",
		`age-${level}`,
		alert && `flash flash-${alert}`,
		t.gone && "gone",
		allReady && "all-ready",
		!fired.length && "all-held",
	]
		.filter(Boolean)
		.join(" ");
	const takeout = t.orderType === "takeout" && t.pickupAt;
	return html`<article
		class=${classes}
		data-order-id=${t.orderId}
		data-station=${t.station}
		data-order-type=${t.orderType ?? "dine_in"}
		data-status=${t.gone ? t.gone.kind : t.status}
		data-age=${level}
		data-alert=${alert}
		aria-label=${`${ticketLabel(t)}${expo ? `, ${t.station}` : ""}`}
	>
		<header>
			<${Label} t=${t} />
			${expo && html`<span class="station-tag">${t.station}</span>`}
			${start ? html`<span class="timer" role="timer" aria-label="Ticket age">${clock(age)}</span>` : html`<span class="timer held-timer">HELD</span>`}
		</header>
		${
			(takeout || t.covers) &&
			html`<p class="meta">
				${takeout && html`<span class="pickup">Pickup <strong>${timeOfDay(t.pickupAt, view.timezone)}</strong> <span class="pickup-in">${untilText(t.pickupAt, now)}</span></span>`}
				${t.covers ? html`<span class="covers">${t.covers} ${t.covers === 1 ? "cover" : "covers"}</span>` : ""}
			</p>`
		}
		${
			t.rerouted &&
			html`<p class="rerouted-flag" role="alert">Not on the ${t.station} screen — call it to the ${t.station}${t.rerouted.round > 1 ? ` (round ${t.rerouted.round})` : ""}</p>`
		}
		${t.gone && html`<p class="gone-flag" role="alert">${t.gone.kind === "cancelled" ? "ORDER CANCELLED — stop" : "ALL VOIDED — stop"}</p>`}
		${!t.gone && voids > 0 && html`<p class="void-banner">⚠ ${voids} voided — check the ticket</p>`}
		${notes && html`<p class="order-notes">${notes}</p>`}
		<${ItemList} t=${t} view=${view} />
		${
			canAct &&
			!t.gone &&
			(fired.length
				? html`<footer>
					<${Busy} class=${`bump ${allReady ? "ok" : "primary"}`} aria-label=${actionLabel("Bump", t)} onClick=${() => bump(t)}>Bump${
						held.length ? html`<small class="bump-held">${heldNames} stay held</small>` : ""
					}</${Busy}>
				</footer>`
				: html`<footer><p class="waiting-fire">Waiting for ${heldNames} to be fired</p></footer>`)
		}
	</article>`;
}

export function AllDay({ tickets }) {
	const rows = allDay(tickets);
	return html`<aside class="all-day" aria-label="All day">
		<h2>All day</h2>
		${
			rows.length
				? html`<ul>
					${rows.map(([name, n]) => html`<li data-dish=${name}><span class="count">${n}</span> <span class="dish">${name}</span></li>`)}
				</ul>`
				: html`<p class="muted">Nothing waiting</p>`
		}
	</aside>`;
}

export function BumpedStrip({ now }) {
	const s = useStore(store);
	if (!s.bumped.length)
		return html`<section class="bumped-strip" aria-label="Recently bumped"><span class="label">Recently bumped</span><span class="muted">none</span></section>`;
	return html`<section class="bumped-strip" aria-label="Recently bumped">
		<span class="label">Recently bumped</span>
		${s.bumped.map(
			t => html`<div class="bumped" data-order-id=${t.orderId} data-station=${t.station}>
				<span class="bumped-name">${ticketLabel(t)}${s.station === ALL ? ` · ${t.station}` : ""}</span>
				<span class="muted">${t.bumpedAt ? `${clock(secondsSince(t.bumpedAt, now))} ago` : ""}</span>
				${canAct && html`<${Busy} class="small recall" aria-label=${actionLabel("Recall", t)} onClick=${() => recall(t)}>Recall</${Busy}>`}
			</div>`,
		)}
	</section>`;
}
