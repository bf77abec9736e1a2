// The guest's menu from a table's QR code (/guest/?table=<id>): read-only, no sign-in, prices in the
// restaurant's currency, each dish's choices (options and what they add), and sold-out dishes and options marked
// the moment the kitchen 86es them or a countdown runs out; a dish running low says how many are left.
import { html, mount, useState, useEffect } from "../app/ui.js";
import { request, settings, connectLive, money, describeError, applyMenuItem, tableLabel } from "../app/core.js";
import { applyModifierGroup, choiceRule, deltaText } from "../app/modifiers.js";

/** A countdown shows to guests from this many portions down ("Only 3 left"); above it, the dish simply is on. */
const LOW = 10;
const low = remaining => remaining !== null && remaining !== undefined && remaining > 0 && remaining <= LOW;

const tableId = new URLSearchParams(location.search).get("table");
const get = path => request("GET", path, undefined, { anonymous: true });

function percent(ppm) {
	return `${+(ppm / 10_000).toFixed(3)}%`;
}

function GuestMenu({ config }) {
	const [menu, setMenu] = useState(null);
	const [error, setError] = useState("");
	const [table, setTable] = useState(null);
	const [tableMissing, setTableMissing] = useState(false);
	const [liveOn, setLiveOn] = useState(false);

	const load = () =>
		get("/menu").then(
			m => {
				setMenu(m);
				setError("");
			},
			err => setError(describeError(err)),
		);

	useEffect(() => {
		load();
		if (tableId) get(`/tables/${encodeURIComponent(tableId)}/guest`).then(setTable, () => setTableMissing(true));
		const socket = connectLive({
			guest: true,
			handlers: {
				"menu:update": item =>
					setMenu(m => {
						const next = m && applyMenuItem(m, item);
						if (!next) load();
						return next ?? m;
					}),
				// An option 86'd or counted down: every dish offering its group shows it.
				"modifier:update": group => setMenu(m => applyModifierGroup(m, group)),
			},
			// Also called on the first welcome: what changed between the first load and the socket joining.
			onResync: load,
		});
		socket.on("welcome", () => setLiveOn(true));
		socket.on("disconnect", () => setLiveOn(false));
		return () => socket.disconnect();
	}, []);

	useEffect(() => {
		document.title = table ? `${config.restaurantName} — table ${table.name}` : `${config.restaurantName} — menu`;
	}, [table]);

	const categories = (menu?.categories ?? []).filter(c => c.items.length);

	return html`<header class="guest-header" data-live=${liveOn ? "on" : "off"}>
			<h1>${config.restaurantName}</h1>
			${table && html`<p class="guest-table" data-table-id=${table.id}>${tableLabel(table.name)}</p>`}
			${tableMissing && html`<p class="guest-note">We could not find this table's code, but here is our menu.</p>`}
			<p class="guest-order-note">Ready to order? Your server will take it at the table.</p>
		</header>
		${
			categories.length > 1 &&
			html`<nav class="guest-nav" aria-label="Menu sections">
			${categories.map(c => html`<a href=${`#cat-${c.id}`}>${c.name}</a>`)}
		</nav>`
		}
		<main class="guest-main">
			${error && !menu && html`<p class="guest-note" role="alert">${error} <button onClick=${load}>Try again</button></p>`}
			${!menu && !error && html`<p class="guest-note" aria-busy="true">Loading the menu…</p>`}
			${menu && !categories.length && html`<p class="guest-note">The menu is being updated; your server can tell you what is on today.</p>`}
			${categories.map(
				c => html`<section class="guest-category" id=${`cat-${c.id}`} data-category-id=${c.id} aria-labelledby=${`h-${c.id}`}>
					<h2 id=${`h-${c.id}`}>${c.name}</h2>
					<ul>
						${c.items.map(
							i => html`<li key=${i.id} class=${`dish${i.available ? "" : " sold-out"}`} data-item-id=${i.id} data-available=${String(i.available)}>
								<div class="dish-head">
									<span class="dish-name">${i.name}</span>
									<span class="dish-price">${money(i.priceCents)}</span>
								</div>
								${i.description && html`<p class="dish-description">${i.description}</p>`}
								${i.available && i.modifierGroups?.length ? i.modifierGroups.map(g => html`<${Choices} key=${g.id} group=${g} />`) : null}
								${!i.available && html`<span class="sold-out-badge">Sold out</span>`}
								${i.available && low(i.remaining) && html`<span class="low-badge" data-remaining=${i.remaining}>Only ${i.remaining} left</span>`}
							</li>`,
						)}
					</ul>
				</section>`,
			)}
			${
				menu &&
				html`<footer class="guest-footer">
				${config.taxRatePpm > 0 ? html`<p>Prices are before tax (${percent(config.taxRatePpm)}).</p>` : null}
				${config.serviceChargeRatePpm > 0 ? html`<p>A service charge of ${percent(config.serviceChargeRatePpm)} is added to the bill.</p>` : null}
				<p>${liveOn ? "This menu updates by itself: sold-out dishes and choices are marked as soon as the kitchen runs out." : "Reconnecting for live updates…"}</p>
			</footer>`
			}
		</main>`;
}

/** A dish's choices, read-only: the group, how many to choose, each option with what it adds; sold-out ones struck. */
function Choices({ group }) {
	return html`<div class="choice-group" data-group-id=${group.id}>
		<p class="choice-head"><span class="choice-name">${group.name}</span> <span class="choice-rule">${choiceRule(group)}</span></p>
		<ul class="choice-options">
			${group.options.map(
				o => html`<li key=${o.id} class=${o.available ? "" : "sold-out"} data-option-id=${o.id} data-available=${String(o.available)}>
					${o.name}${o.priceDeltaCents ? html` <span class="choice-delta">${deltaText(o.priceDeltaCents)}</span>` : null}
					${!o.available ? html` <span class="choice-out">sold out</span>` : low(o.remaining) ? html` <span class="choice-left">${o.remaining} left</span>` : null}
				</li>`,
			)}
		</ul>
	</div>`;
}

const config = await settings().catch(() => ({ restaurantName: "Menu", currency: "USD" }));
mount(GuestMenu, { config });
