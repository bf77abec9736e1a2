// The kitchen display: one station's tickets (or every station's, for the expo), soonest due first, with the 86 panel and sound.
import { html, mount, TopBar, useState, useEffect, useNow, useStore } from "../app/ui.js";
import { settings } from "../app/core.js";
import { user, canAct } from "./session.js";
import { store, reload, loadMenu, startLive, setSound, ackDrawn } from "./live.js";
import { ALL, keyOf, rail, outCount, optionStations, sideParent } from "./state.js";
import { unlockAudio } from "./sound.js";
import { TicketCard, AllDay, BumpedStrip } from "./tickets.js";
import { StationPicker, FirstVisit } from "./stations.js";
import { EightySix } from "./eighty-six.js";

function Display() {
	const s = useStore(store);
	const now = useNow(1000);
	const [cfg, setCfg] = useState({ ticketWarnSeconds: 600, ticketLateSeconds: 1200, courses: [], timezone: undefined });
	const [show86, setShow86] = useState(false);
	useEffect(() => {
		settings().then(setCfg, () => undefined);
		startLive();
		reload();
	}, []);
	const tickets = rail(s);
	// Drawn: tell the kitchen this screen shows them (guaranteed dispatch).
	useEffect(() => ackDrawn(tickets), [tickets, s.joined]);
	const out = outCount(s);
	const stations = optionStations(s);
	/** What a ticket needs from outside itself: course names, the clock's zone, where options are cooked, a side's dish. */
	const view = {
		courses: cfg.courses,
		timezone: cfg.timezone,
		optionStation: id => stations.get(id) ?? null,
		sideOf: item => sideParent(s, item),
	};
	const soundBlocked = s.sound === "on" && s.audio !== "running";
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
					setSound(soundBlocked ? "on" : s.sound === "on" ? "off" : "on");
				}}
			>
				${s.sound === "off" ? "Sound off" : soundBlocked ? "Tap to hear new tickets" : "Sound on"}
			</button>
		</div>
		<div class="kds-body">
			<section class="rail" aria-label="Tickets">
				${tickets.map(t => html`<${TicketCard} key=${keyOf(t.orderId, t.station)} t=${t} notes=${s.notes.get(t.orderId)} now=${now} warn=${cfg.ticketWarnSeconds} late=${cfg.ticketLateSeconds} expo=${expo} view=${view} />`)}
				${!tickets.length && html`<p class="empty">${s.loaded ? "No tickets — all caught up" : "Loading tickets…"}</p>`}
			</section>
			<${AllDay} tickets=${tickets} />
		</div>
		<${BumpedStrip} now=${now} />
		${show86 && html`<${EightySix} onClose=${() => setShow86(false)} />`}
	</main>`;
}

function App() {
	const s = useStore(store);
	useEffect(() => {
		loadMenu();
	}, []);
	// A dish in a category this screen has never seen: the menu changed shape, read it again.
	useEffect(() => {
		if (s.menuStale) loadMenu();
	}, [s.menuStale]);
	return html`<${TopBar} user=${user} />${s.station ? html`<${Display} />` : html`<${FirstVisit} />`}`;
}

mount(App);
