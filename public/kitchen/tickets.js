// The rail's pieces: a ticket with its running timer and items to start and finish, the all-day counts, the recall strip.
import { html, useState, useStore } from "../app/ui.js";
import { clock, secondsSince, tableLabel } from "../app/core.js";
import { canAct } from "./session.js";
import { store, startItem, readyItem, bump, recall } from "./live.js";
import { ALL, isLive, allDay, ageLevel } from "./state.js";

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

function ItemRow({ item, orderId }) {
	const voided = item.status === "voided";
	let control;
	if (voided) control = html`<strong class="void-flag">VOID</strong>`;
	else if (!canAct || item.status === "served") control = html`<span class=${`pill ${item.status}`}>${item.status}</span>`;
	else if (item.status === "queued")
		control = html`<${Busy} class="start" aria-label=${`Start ${item.name}`} onClick=${() => startItem(item, orderId)}>Start</${Busy}>`;
	else if (item.status === "preparing")
		control = html`<${Busy} class="ok" aria-label=${`Ready ${item.name}`} onClick=${() => readyItem(item, orderId)}>Ready</${Busy}>`;
	else control = html`<span class="done" aria-label=${`${item.name} ready`}>✓ Ready</span>`;
	return html`<li class=${`item ${item.status}`} data-item-id=${item.id} data-status=${item.status}>
		<span class="qty">${item.quantity}×</span>
		<div class="what">
			<span class="name">${voided ? html`<s>${item.name}</s>` : item.name}</span>
			${voided && html`<span class="void-reason">${item.voidReason ? `Voided: ${item.voidReason}` : "Voided"} — do not make</span>`}
			${item.notes && html`<span class="item-notes">${item.notes}</span>`}
		</div>
		<span class="control">${control}</span>
	</li>`;
}

export function TicketCard({ t, notes, now, warn, late, expo }) {
	const age = secondsSince(t.placedAt, now);
	const level = ageLevel(age, warn, late);
	const alert = t.alert && t.alert.until > now ? t.alert.kind : undefined;
	const live = t.items.filter(isLive);
	const allReady = live.length > 0 && live.every(i => i.status === "ready");
	const voids = t.items.filter(i => i.status === "voided").length;
	const classes = ["ticket", `age-${level}`, alert && `flash flash-${alert}`, t.gone && "gone", allReady && "all-ready"]
		.filter(Boolean)
		.join(" ");
	return html`<article
		class=${classes}
		data-order-id=${t.orderId}
		data-station=${t.station}
		data-status=${t.gone ? t.gone.kind : t.status}
		data-age=${level}
		data-alert=${alert}
		aria-label=${`${tableLabel(t.tableName)}${expo ? `, ${t.station}` : ""}`}
	>
		<header>
			<h2 class="table-name">${t.tableName}</h2>
			${expo && html`<span class="station-tag">${t.station}</span>`}
			<span class="timer" role="timer" aria-label="Order age">${clock(age)}</span>
		</header>
		${t.gone && html`<p class="gone-flag" role="alert">${t.gone.kind === "cancelled" ? "ORDER CANCELLED — stop" : "ALL VOIDED — stop"}</p>`}
		${!t.gone && voids > 0 && html`<p class="void-banner">⚠ ${voids} voided — check the ticket</p>`}
		${notes && html`<p class="order-notes">${notes}</p>`}
		<ul class="items">
			${t.items.map(
				(
					item,
					i,
				) => html`${item.round > 1 && (i === 0 || t.items[i - 1].round !== item.round) && html`<li class="round-sep">+ Round ${item.round}</li>`}
					<${ItemRow} key=${item.id} item=${item} orderId=${t.orderId} />`,
			)}
		</ul>
		${canAct && !t.gone && html`<footer><${Busy} class=${`bump ${allReady ? "ok" : "primary"}`} aria-label=${`Bump table ${t.tableName}`} onClick=${() => bump(t)}>Bump</${Busy}></footer>`}
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
				<span class="bumped-name">${t.tableName}${s.station === ALL ? ` · ${t.station}` : ""}</span>
				<span class="muted">${t.bumpedAt ? `${clock(secondsSince(t.bumpedAt, now))} ago` : ""}</span>
				${canAct && html`<${Busy} class="small recall" aria-label=${`Recall table ${t.tableName}`} onClick=${() => recall(t)}>Recall</${Busy}>`}
			</div>`,
		)}
	</section>`;
}
