// The kitchen display: one station's tickets (or every station's, for the expo), oldest first, each with a
// running timer; cooks start and finish items, bump a finished ticket and recall one bumped too soon.
// Tickets come from REST once, then live pushes keep them current; new work beeps and flashes, voids and
// cancellations are flagged loudly before they leave the screen. Cooks can also 86 their station's dishes.
import { html, mount, TopBar, Modal, useState, useEffect, useNow } from "../app/ui.js";
import { api, requireUser, settings, connectLive, clock, secondsSince, toast, describeError, tableLabel } from "../app/core.js";

const user = requireUser(["kitchen", "staff", "admin"]);
/** Floor staff may watch the pass; only cooks and managers change it. */
const canAct = user.role === "kitchen" || user.role === "admin";

const STATION_KEY = "brigade.kitchen.station";
const SOUND_KEY = "brigade.kitchen.sound";
const ALL = "all";
/** How long a new, changed or voided ticket flashes. */
const ALERT_MS = 10_000;
/** How long a cancelled or fully voided ticket stays on screen, flagged, before it goes. */
const GONE_MS = 8_000;
/** How many bumped tickets the recall strip keeps. */
const RECENT_BUMPS = 8;
/** Items only move forward; a snapshot that shows an item further back is older than what we hold. */
const RANK = { queued: 0, preparing: 1, ready: 2, served: 3, voided: 4 };

const keyOf = (orderId, station) => `${orderId}|${station}`;
const isLive = item => item.status !== "voided" && item.status !== "served";
const waiting = item => item.status === "queued" || item.status === "preparing";

// ---------------------------------------------------------------------------------------------------------
// State: one store outside Preact, so socket handlers (registered once) always see the current station.

const store = {
	/** "grill", "cold"… or ALL (the expo view). */
	station: readStation(),
	/** Tickets on the rail, by orderId|station. */
	tickets: new Map(),
	/** Recently bumped tickets, newest first, for a one-tap recall. */
	bumped: [],
	/** Order-level notes by order id (tickets carry only the items' notes). */
	notes: new Map(),
	/** The whole menu, flat: stations for the picker, dishes for the 86 panel. */
	menu: [],
	menuLoaded: false,
	loaded: false,
	joined: false,
	sound: localStorage.getItem(SOUND_KEY) === "off" ? "off" : "on",
};

const listeners = new Set();
function changed() {
	for (const l of listeners) l(n => n + 1);
}
function useStore() {
	const [, set] = useState(0);
	useEffect(() => {
		listeners.add(set);
		return () => listeners.delete(set);
	}, []);
	return store;
}

function readStation() {
	try {
		return localStorage.getItem(STATION_KEY) || null;
	} catch {
		return null;
	}
}

const mine = station => store.station === ALL || station === store.station;

function mergeItems(prior, incoming) {
	const byId = new Map(prior.map(i => [i.id, i]));
	for (const next of incoming) {
		const old = byId.get(next.id);
		if (old && RANK[old.status] > RANK[next.status]) continue;
		byId.set(next.id, { ...old, ...next, startedAt: next.startedAt ?? old?.startedAt ?? null, readyAt: next.readyAt ?? old?.readyAt ?? null });
	}
	return [...byId.values()].sort((a, b) => a.round - b.round);
}

function alertOf(kind) {
	return { kind, until: Date.now() + ALERT_MS };
}

function removeBumped(key) {
	store.bumped = store.bumped.filter(t => keyOf(t.orderId, t.station) !== key);
}

/**
 * Brings the tickets of one order up to a snapshot of its items (a push's order, or one item). Returns the
 * loudest alert it raised ("void" over "new"), so one push beeps once.
 */
function applyItems(orderId, station, incoming, { tableName, placedAt, cancelled = false } = {}) {
	const key = keyOf(orderId, station);
	const onRail = store.tickets.get(key);
	const inStrip = store.bumped.find(t => keyOf(t.orderId, t.station) === key);
	const prior = onRail ?? inStrip;
	const items = mergeItems(prior?.items ?? [], incoming);
	const live = items.filter(isLive);
	const known = new Set((prior?.items ?? []).map(i => i.id));
	const newVoids = prior ? items.filter(i => i.status === "voided" && prior.items.some(p => p.id === i.id && p.status !== "voided")) : [];
	const newWork = items.filter(i => !known.has(i.id) && waiting(i));
	const base = {
		orderId,
		station,
		tableName: tableName ?? prior?.tableName ?? "",
		placedAt: prior?.placedAt ?? placedAt ?? new Date().toISOString(),
		status: prior?.status ?? "open",
		bumpedAt: prior?.bumpedAt ?? null,
		alert: prior?.alert ?? null,
		gone: prior?.gone ?? null,
		liveAt: Date.now(),
		items,
	};

	if (cancelled || !live.length) {
		removeBumped(key);
		if (!onRail) return null;
		if (onRail.gone) {
			store.tickets.set(key, { ...base });
			return null;
		}
		// A cook must see that the food is off before the ticket goes: flag it, then take it away.
		if (cancelled || newVoids.length) {
			store.tickets.set(key, { ...base, gone: { kind: cancelled ? "cancelled" : "voided", until: Date.now() + GONE_MS }, alert: alertOf("void") });
			return "void";
		}
		store.tickets.delete(key);
		return null;
	}

	if (onRail) {
		const alert = newVoids.length ? alertOf("void") : newWork.length ? alertOf("new") : base.alert;
		store.tickets.set(key, { ...base, alert });
		return newVoids.length ? "void" : newWork.length ? "new" : null;
	}
	if (inStrip) {
		// A new round on a bumped ticket brings it back to the screen, as the kitchen service does.
		if (live.every(i => i.status === "ready")) {
			store.bumped = store.bumped.map(t => (keyOf(t.orderId, t.station) === key ? { ...base } : t));
			return null;
		}
		removeBumped(key);
		store.tickets.set(key, { ...base, status: "open", bumpedAt: null, alert: alertOf("new") });
		return "new";
	}
	// Unknown until now: a new ticket, if there is anything to cook on it.
	if (!items.some(waiting)) return null;
	store.tickets.set(key, { ...base, alert: alertOf("new") });
	return "new";
}

function applyOrder(order) {
	if (order.notes !== undefined) store.notes.set(order.id, order.notes);
	const stations = [...new Set(order.items.map(i => i.station))].filter(mine);
	let loudest = null;
	for (const station of stations) {
		const items = order.items.filter(i => i.station === station);
		const placedAt = items.map(i => i.createdAt).filter(Boolean).sort()[0] ?? order.createdAt;
		const alert = applyItems(order.id, station, items, { tableName: order.tableName, placedAt, cancelled: order.status === "cancelled" });
		if (alert === "void" || (alert === "new" && !loudest)) loudest = alert;
	}
	if (loudest) beep(loudest);
	changed();
}

function applyItem(item) {
	if (!mine(item.station)) return;
	const key = keyOf(item.orderId, item.station);
	if (!store.tickets.has(key) && !store.bumped.some(t => keyOf(t.orderId, t.station) === key)) return;
	const { orderId, ...rest } = item;
	const alert = applyItems(orderId, item.station, [rest]);
	if (alert) beep(alert);
	changed();
}

/** A ticket as the kitchen service returns it (bump, recall, ticket:update): it moves between rail and strip. */
function applyTicket(ticket) {
	if (!mine(ticket.station)) return;
	const key = keyOf(ticket.orderId, ticket.station);
	const prior = store.tickets.get(key) ?? store.bumped.find(t => keyOf(t.orderId, t.station) === key);
	const merged = { ...ticket, items: mergeItems(prior?.items ?? [], ticket.items), alert: prior?.alert ?? null, gone: null, liveAt: Date.now() };
	if (ticket.status === "bumped") {
		store.tickets.delete(key);
		removeBumped(key);
		store.bumped = [merged, ...store.bumped].sort((a, b) => Date.parse(b.bumpedAt ?? 0) - Date.parse(a.bumpedAt ?? 0)).slice(0, RECENT_BUMPS);
	} else if (ticket.status === "open") {
		removeBumped(key);
		store.tickets.set(key, { ...merged, alert: prior && !store.tickets.has(key) ? alertOf("recall") : merged.alert });
	} else {
		store.tickets.delete(key);
		removeBumped(key);
	}
	changed();
}

function applyMenuItem(item) {
	const rest = store.menu.filter(m => m.id !== item.id);
	store.menu = item.deleted ? rest : [...rest, item].sort(byName);
	changed();
}

const byName = (a, b) => a.name.localeCompare(b.name);

/** Takes cancelled and voided tickets off once they have been flagged long enough. */
setInterval(() => {
	const now = Date.now();
	let removed = false;
	for (const [key, t] of store.tickets) {
		if (t.gone && t.gone.until <= now) {
			store.tickets.delete(key);
			removed = true;
		}
	}
	if (removed) changed();
}, 500);

// ---------------------------------------------------------------------------------------------------------
// Loading over REST: at start, on a station change, after a resync, and after a refused action.

let loading = null;
async function reload() {
	const startedAt = Date.now();
	const station = store.station === ALL ? undefined : store.station;
	const run = (async () => {
		const [open, bumped] = await Promise.all([
			api.get("/kitchen/tickets", { station }),
			api.get("/kitchen/tickets", { station, status: "bumped", limit: RECENT_BUMPS }),
		]);
		if ((store.station === ALL ? undefined : store.station) !== station) return; // the cook switched meanwhile
		const previous = store.tickets;
		store.tickets = new Map();
		for (const t of open) {
			const key = keyOf(t.orderId, t.station);
			const had = previous.get(key);
			store.tickets.set(key, { ...t, items: mergeItems(had?.items ?? [], t.items), alert: had?.alert ?? null, gone: null, liveAt: 0 });
		}
		// A push that landed while this was loading is newer than the answer: keep what it brought.
		for (const [key, t] of previous) if (!store.tickets.has(key) && t.liveAt >= startedAt) store.tickets.set(key, t);
		store.bumped = bumped.filter(t => !store.tickets.has(keyOf(t.orderId, t.station))).map(t => ({ ...t, alert: null, gone: null, liveAt: 0 }));
		store.loaded = true;
		changed();
		await loadNotes();
	})();
	loading = run;
	try {
		await run;
	} catch (err) {
		toast(`Could not load the tickets: ${describeError(err)}`, "error");
	} finally {
		if (loading === run) loading = null;
	}
}

/** The orders' own notes ("nut allergy at this table"), which tickets do not carry. */
async function loadNotes() {
	const open = ["placed", "in_progress", "ready"];
	const lists = await Promise.all(open.map(status => api.get("/orders", { status, limit: 500 }).catch(() => [])));
	for (const order of lists.flat()) store.notes.set(order.id, order.notes ?? "");
	changed();
}

async function loadMenu() {
	try {
		const menu = await api.get("/menu");
		store.menu = menu.categories.flatMap(c => c.items).sort(byName);
	} catch (err) {
		toast(`Could not load the menu: ${describeError(err)}`, "error");
	} finally {
		// Without the menu a screen can still be the expo.
		store.menuLoaded = true;
		changed();
	}
}

// ---------------------------------------------------------------------------------------------------------
// Live: one socket for the page's life; a station change joins and leaves rooms on it.

let socket = null;
function startLive() {
	if (socket) return;
	socket = connectLive({
		stations: () => (store.station && store.station !== ALL ? [store.station] : []),
		handlers: {
			"order:new": applyOrder,
			"order:update": applyOrder,
			"kitchen:item": applyItem,
			"ticket:update": applyTicket,
			"menu:update": applyMenuItem,
		},
		onResync: () => {
			reload();
			loadMenu();
		},
	});
	// The handshake named the current station, so after each (re)connect the socket is where it should be.
	socket.on("welcome", () => {
		store.joined = true;
		changed();
	});
	socket.on("disconnect", () => {
		store.joined = false;
		changed();
	});
}

function emitAck(event, payload) {
	return new Promise(resolve => socket.timeout(10_000).emit(event, payload, (err, reply) => resolve(!err && reply?.ok)));
}

async function chooseStation(next) {
	const before = store.station;
	if (before === next) return;
	store.station = next;
	localStorage.setItem(STATION_KEY, next);
	store.tickets = new Map();
	store.bumped = [];
	store.loaded = false;
	changed();
	// The first choice mounts the display, which connects and loads.
	if (!before || !socket) return;
	if (socket.connected) {
		store.joined = false;
		changed();
		// Join first, then leave: a cook's socket with no station at all would hear every station for a moment.
		const ok = (next === ALL || (await emitAck("join", { station: next }))) && (!before || before === ALL || (await emitAck("leave", { station: before })));
		if (!ok) toast("Could not switch the live feed: reconnecting", "error");
		if (!ok) socket.disconnect().connect();
		else store.joined = true;
	}
	await reload();
}

// ---------------------------------------------------------------------------------------------------------
// Sound: a WebAudio beep (no file). Browsers start audio only after a tap, so the first tap unlocks it.

let audio = null;
let beeps = 0;
function unlockAudio() {
	try {
		const Ctx = window.AudioContext ?? window.webkitAudioContext;
		if (!Ctx) return;
		audio ??= new Ctx();
		if (audio.state === "suspended") audio.resume().then(changed, () => undefined);
	} catch {
		// No audio device: the flash still shows.
	}
}
addEventListener("pointerdown", unlockAudio, { capture: true });
addEventListener("keydown", unlockAudio, { capture: true });

/** "new": two bright tones; "void": a low double buzz, so a cook hears the difference without looking. */
function beep(kind) {
	beeps += 1;
	document.body.dataset.beeps = String(beeps);
	document.body.dataset.lastBeep = kind;
	if (store.sound === "off") return;
	if (audio?.state === "running") return play(kind);
	// Unlocked by a tap but still waking up (a slow audio device): play as soon as it is.
	if (audio && navigator.userActivation?.hasBeenActive) {
		audio.resume().then(() => play(kind), blocked);
		return;
	}
	blocked();
}

function blocked() {
	document.body.dataset.sound = "blocked";
	changed();
}

function play(kind) {
	const tones = kind === "void" ? [[240, 0, 0.3, "square"], [180, 0.38, 0.4, "square"]] : [[880, 0, 0.14, "sine"], [1320, 0.18, 0.2, "sine"]];
	const t0 = audio.currentTime + 0.01;
	for (const [freq, at, len, type] of tones) {
		const osc = audio.createOscillator();
		const gain = audio.createGain();
		osc.type = type;
		osc.frequency.value = freq;
		gain.gain.setValueAtTime(0.0001, t0 + at);
		gain.gain.exponentialRampToValueAtTime(0.35, t0 + at + 0.015);
		gain.gain.exponentialRampToValueAtTime(0.0001, t0 + at + len);
		osc.connect(gain).connect(audio.destination);
		osc.start(t0 + at);
		osc.stop(t0 + at + len + 0.05);
	}
	document.body.dataset.sound = "played";
}

// ---------------------------------------------------------------------------------------------------------
// Actions: the API does the work; the answer updates the screen at once and the push confirms it.

async function act(fn) {
	try {
		return await fn();
	} catch (err) {
		toast(describeError(err), "error");
		// Someone else changed it first (a void, another screen's bump): show what is true now.
		if (err.status === 404 || err.status === 409) reload();
		return null;
	}
}

const startItem = (item, orderId) => act(async () => applyItem({ ...(await api.post(`/kitchen/items/${item.id}/start`)), orderId }));
const readyItem = (item, orderId) => act(async () => applyItem({ ...(await api.post(`/kitchen/items/${item.id}/ready`)), orderId }));
const bump = t => act(async () => (await api.post(`/kitchen/tickets/${t.orderId}/bump?station=${encodeURIComponent(t.station)}`)).forEach(applyTicket));
const recall = t => act(async () => (await api.post(`/kitchen/tickets/${t.orderId}/recall?station=${encodeURIComponent(t.station)}`)).forEach(applyTicket));
const setAvailable = (item, available) => act(async () => applyMenuItem(await api.patch(`/menu/items/${item.id}`, { available })));

// ---------------------------------------------------------------------------------------------------------
// Screens

function stationsOf(menu) {
	return [...new Set(menu.map(m => m.station))].sort();
}

const stationLabel = s => (s === ALL ? "All stations" : s.charAt(0).toUpperCase() + s.slice(1));

function StationPicker({ big = false }) {
	const s = useStore();
	// Until the menu is in, the buttons would move under a finger as stations appear.
	if (!s.menuLoaded) return html`<nav class="stations" aria-label="Station"><span class="station-current">${s.station ? stationLabel(s.station) : ""}</span></nav>`;
	const stations = stationsOf(s.menu);
	if (s.station && s.station !== ALL && !stations.includes(s.station)) stations.push(s.station);
	return html`<nav class=${`stations${big ? " big" : ""}`} aria-label="Station">
		${[...stations, ALL].map(
			st => html`<button class="station" aria-pressed=${String(s.station === st)} data-station=${st} onClick=${() => chooseStation(st)}>${stationLabel(st)}</button>`,
		)}
	</nav>`;
}

function FirstVisit() {
	const s = useStore();
	return html`<main class="kds kds-first">
		<section class="panel stack pick">
			<h1>Which station is this screen?</h1>
			<p class="muted">It shows that station's tickets. “All stations” is the expo view over the whole pass. This screen remembers the choice.</p>
			${s.menuLoaded ? html`<${StationPicker} big />` : html`<p class="muted">Loading the stations from the menu…</p>`}
		</section>
	</main>`;
}

function Busy({ onClick, children, ...props }) {
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
	else if (item.status === "queued") control = html`<${Busy} class="start" aria-label=${`Start ${item.name}`} onClick=${() => startItem(item, orderId)}>Start</${Busy}>`;
	else if (item.status === "preparing") control = html`<${Busy} class="ok" aria-label=${`Ready ${item.name}`} onClick=${() => readyItem(item, orderId)}>Ready</${Busy}>`;
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

function TicketCard({ t, now, warn, late, expo }) {
	const age = secondsSince(t.placedAt, now);
	const level = age >= late ? "late" : age >= warn ? "warn" : "ok";
	const alert = t.alert && t.alert.until > now ? t.alert.kind : undefined;
	const notes = store.notes.get(t.orderId);
	const live = t.items.filter(isLive);
	const allReady = live.length > 0 && live.every(i => i.status === "ready");
	const voids = t.items.filter(i => i.status === "voided").length;
	const classes = ["ticket", `age-${level}`, alert && `flash flash-${alert}`, t.gone && "gone", allReady && "all-ready"].filter(Boolean).join(" ");
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
				(item, i) => html`${item.round > 1 && (i === 0 || t.items[i - 1].round !== item.round) && html`<li class="round-sep">+ Round ${item.round}</li>`}
					<${ItemRow} key=${item.id} item=${item} orderId=${t.orderId} />`,
			)}
		</ul>
		${canAct && !t.gone && html`<footer><${Busy} class=${`bump ${allReady ? "ok" : "primary"}`} aria-label=${`Bump table ${t.tableName}`} onClick=${() => bump(t)}>Bump</${Busy}></footer>`}
	</article>`;
}

function AllDay({ tickets }) {
	const counts = new Map();
	for (const t of tickets) {
		if (t.gone) continue;
		for (const i of t.items.filter(waiting)) counts.set(i.name, (counts.get(i.name) ?? 0) + i.quantity);
	}
	const rows = [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
	return html`<aside class="all-day" aria-label="All day">
		<h2>All day</h2>
		${rows.length
			? html`<ul>
					${rows.map(([name, n]) => html`<li data-dish=${name}><span class="count">${n}</span> <span class="dish">${name}</span></li>`)}
				</ul>`
			: html`<p class="muted">Nothing waiting</p>`}
	</aside>`;
}

function BumpedStrip({ now }) {
	const s = useStore();
	if (!s.bumped.length) return html`<section class="bumped-strip" aria-label="Recently bumped"><span class="label">Recently bumped</span><span class="muted">none</span></section>`;
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

function EightySix({ onClose }) {
	const s = useStore();
	const items = s.menu.filter(m => mine(m.station));
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

function Display() {
	const s = useStore();
	const now = useNow(1000);
	const [cfg, setCfg] = useState({ ticketWarnSeconds: 600, ticketLateSeconds: 1200 });
	const [show86, setShow86] = useState(false);
	useEffect(() => {
		settings().then(setCfg, () => undefined);
		startLive();
		reload();
	}, []);
	const tickets = [...s.tickets.values()].sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.station.localeCompare(b.station));
	const out = s.menu.filter(m => mine(m.station) && !m.available).length;
	const soundBlocked = s.sound === "on" && (!audio || audio.state !== "running");
	const expo = s.station === ALL;
	return html`<main class="kds" data-live=${s.loaded && s.joined ? "ready" : "loading"} data-loaded=${String(s.loaded)} data-joined=${String(s.joined)} data-station=${s.station}>
		<div class="kds-bar">
			<${StationPicker} />
			<span class="grow"></span>
			${!canAct && html`<span class="pill">View only</span>`}
			<button class="eighty-six-open" onClick=${() => setShow86(true)}>86 items${out ? html` <span class="badge">${out}</span>` : ""}</button>
			<button
				class="sound"
				data-blocked=${String(soundBlocked)}
				aria-pressed=${String(s.sound === "on")}
				onClick=${() => {
					unlockAudio();
					store.sound = soundBlocked ? "on" : s.sound === "on" ? "off" : "on";
					localStorage.setItem(SOUND_KEY, store.sound);
					changed();
				}}
			>
				${s.sound === "off" ? "Sound off" : soundBlocked ? "Tap to hear new tickets" : "Sound on"}
			</button>
		</div>
		<div class="kds-body">
			<section class="rail" aria-label="Tickets">
				${tickets.map(t => html`<${TicketCard} key=${keyOf(t.orderId, t.station)} t=${t} now=${now} warn=${cfg.ticketWarnSeconds} late=${cfg.ticketLateSeconds} expo=${expo} />`)}
				${!tickets.length && html`<p class="empty">${s.loaded ? "No tickets — all caught up" : "Loading tickets…"}</p>`}
			</section>
			<${AllDay} tickets=${tickets} />
		</div>
		<${BumpedStrip} now=${now} />
		${show86 && html`<${EightySix} onClose=${() => setShow86(false)} />`}
	</main>`;
}

function App() {
	const s = useStore();
	useEffect(() => {
		loadMenu();
	}, []);
	return html`<${TopBar} user=${user} />${s.station ? html`<${Display} />` : html`<${FirstVisit} />`}`;
}

mount(App);
