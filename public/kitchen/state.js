// The kitchen display's state: one station's tickets on the rail, the recently bumped strip, order notes, the menu for the 86 panel.
import { applyMenuItem, byName } from "../app/menu.js";

/** The expo's view: every station's tickets. */
export const ALL = "all";
/** How long a new, changed or voided ticket flashes. */
export const ALERT_MS = 10_000;
/** How long a cancelled or fully voided ticket stays on screen, flagged, before it goes. */
export const GONE_MS = 8_000;
/** How many bumped tickets the recall strip keeps. */
export const RECENT_BUMPS = 8;
/** Items only move forward; a snapshot that shows an item further back is older than what we hold. */
const RANK = { queued: 0, preparing: 1, ready: 2, served: 3, voided: 4 };

export const keyOf = (orderId, station) => `${orderId}|${station}`;
export const isLive = item => item.status !== "voided" && item.status !== "served";
export const waiting = item => item.status === "queued" || item.status === "preparing";

/**
 * `station` is "grill", "cold"… or ALL; `tickets` the rail by orderId|station; `bumped` the recently bumped, newest
 * first, for a one-tap recall; `notes` the orders' own notes (tickets carry only the items'); `menu` the menu and
 * `dishes` the same flat, for the station picker and the 86 panel. `beep` counts the pushes that should be heard.
 */
export function initialState({ station = null, sound = "on" } = {}) {
	return {
		station,
		tickets: new Map(),
		bumped: [],
		notes: new Map(),
		menu: null,
		dishes: [],
		menuLoaded: false,
		menuStale: false,
		loaded: false,
		joined: false,
		sound,
		audio: null,
		beep: { kind: null, count: 0 },
	};
}

/** Is this station's work on this screen? */
export const shows = (s, station) => s.station === ALL || station === s.station;

export function mergeItems(prior, incoming) {
	const byId = new Map(prior.map(i => [i.id, i]));
	for (const next of incoming) {
		const old = byId.get(next.id);
		if (old && RANK[old.status] > RANK[next.status]) continue;
		byId.set(next.id, {
			...old,
			...next,
			startedAt: next.startedAt ?? old?.startedAt ?? null,
			readyAt: next.readyAt ?? old?.readyAt ?? null,
		});
	}
	return [...byId.values()].sort((a, b) => a.round - b.round);
}

const alertOf = (kind, now) => ({ kind, until: now + ALERT_MS });
const inStrip = (d, key) => d.bumped.find(t => keyOf(t.orderId, t.station) === key);
const removeBumped = (d, key) => {
	d.bumped = d.bumped.filter(t => keyOf(t.orderId, t.station) !== key);
};

/**
 * Brings the tickets of one order up to a snapshot of its items (a push's order, or one item), in `d`, the
 * action's own copy of the state. Returns the loudest alert it raised ("void" over "new"), so one push beeps once.
 */
function applyItems(d, now, orderId, station, incoming, { tableName, placedAt, cancelled = false } = {}) {
	const key = keyOf(orderId, station);
	const onRail = d.tickets.get(key);
	const stripped = inStrip(d, key);
	const prior = onRail ?? stripped;
	const items = mergeItems(prior?.items ?? [], incoming);
	const live = items.filter(isLive);
	const known = new Set((prior?.items ?? []).map(i => i.id));
	const newVoids = prior ? items.filter(i => i.status === "voided" && prior.items.some(p => p.id === i.id && p.status !== "voided")) : [];
	const newWork = items.filter(i => !known.has(i.id) && waiting(i));
	const base = {
		orderId,
		station,
		tableName: tableName ?? prior?.tableName ?? "",
		placedAt: prior?.placedAt ?? placedAt ?? new Date(now).toISOString(),
		status: prior?.status ?? "open",
		bumpedAt: prior?.bumpedAt ?? null,
		alert: prior?.alert ?? null,
		gone: prior?.gone ?? null,
		liveAt: now,
		items,
	};

	if (cancelled || !live.length) {
		removeBumped(d, key);
		if (!onRail) return null;
		if (onRail.gone) {
			d.tickets.set(key, { ...base });
			return null;
		}
		// A cook must see that the food is off before the ticket goes: flag it, then take it away.
		if (cancelled || newVoids.length) {
			d.tickets.set(key, {
				...base,
				gone: { kind: cancelled ? "cancelled" : "voided", until: now + GONE_MS },
				alert: alertOf("void", now),
			});
			return "void";
		}
		d.tickets.delete(key);
		return null;
	}

	if (onRail) {
		const alert = newVoids.length ? alertOf("void", now) : newWork.length ? alertOf("new", now) : base.alert;
		d.tickets.set(key, { ...base, alert });
		return newVoids.length ? "void" : newWork.length ? "new" : null;
	}
	if (stripped) {
		// A new round on a bumped ticket brings it back to the screen, as the kitchen service does.
		if (live.every(i => i.status === "ready")) {
			d.bumped = d.bumped.map(t => (keyOf(t.orderId, t.station) === key ? { ...base } : t));
			return null;
		}
		removeBumped(d, key);
		d.tickets.set(key, { ...base, status: "open", bumpedAt: null, alert: alertOf("new", now) });
		return "new";
	}
	// Unknown until now: a new ticket, if there is anything to cook on it.
	if (!items.some(waiting)) return null;
	d.tickets.set(key, { ...base, alert: alertOf("new", now) });
	return "new";
}

/** The action's own copy of the state, changed in place by the helpers above and returned as the new state. */
const copyOf = s => ({ ...s, tickets: new Map(s.tickets), notes: new Map(s.notes) });
const beeped = (d, kind) => (kind ? { ...d, beep: { kind, count: d.beep.count + 1 } } : d);
const withMenu = (s, menu) => ({ ...s, menu, dishes: menu.categories.flatMap(c => c.items).sort(byName), menuStale: false });

export function reducer(s, a) {
	const now = a.now ?? Date.now();
	switch (a.type) {
		case "station":
			// Another station's tickets are not this one's: the rail starts empty and loads again.
			return { ...s, station: a.station, tickets: new Map(), bumped: [], loaded: false };
		case "loaded": {
			const previous = s.tickets;
			const tickets = new Map();
			for (const t of a.open) {
				const key = keyOf(t.orderId, t.station);
				const had = previous.get(key);
				tickets.set(key, { ...t, items: mergeItems(had?.items ?? [], t.items), alert: had?.alert ?? null, gone: null, liveAt: 0 });
			}
			// A push that landed while this was loading is newer than the answer: keep what it brought.
			for (const [key, t] of previous) if (!tickets.has(key) && t.liveAt >= a.startedAt) tickets.set(key, t);
			const bumped = a.bumped
				.filter(t => !tickets.has(keyOf(t.orderId, t.station)))
				.map(t => ({ ...t, alert: null, gone: null, liveAt: 0 }));
			return { ...s, tickets, bumped, loaded: true };
		}
		case "notes": {
			const notes = new Map(s.notes);
			for (const order of a.orders) notes.set(order.id, order.notes ?? "");
			return { ...s, notes };
		}
		case "order": {
			const { order } = a;
			const d = copyOf(s);
			if (order.notes !== undefined) d.notes.set(order.id, order.notes);
			let loudest = null;
			for (const station of [...new Set(order.items.map(i => i.station))].filter(st => shows(s, st))) {
				const items = order.items.filter(i => i.station === station);
				const placedAt =
					items
						.map(i => i.createdAt)
						.filter(Boolean)
						.sort()[0] ?? order.createdAt;
				const alert = applyItems(d, now, order.id, station, items, {
					tableName: order.tableName,
					placedAt,
					cancelled: order.status === "cancelled",
				});
				if (alert === "void" || (alert === "new" && !loudest)) loudest = alert;
			}
			return beeped(d, loudest);
		}
		case "item": {
			const { orderId, ...item } = a.item;
			if (!shows(s, item.station)) return s;
			const key = keyOf(orderId, item.station);
			if (!s.tickets.has(key) && !inStrip(s, key)) return s;
			const d = copyOf(s);
			return beeped(d, applyItems(d, now, orderId, item.station, [item]));
		}
		case "ticket": {
			// A ticket as the kitchen service returns it (bump, recall, ticket:update): it moves between rail and strip.
			const { ticket } = a;
			if (!shows(s, ticket.station)) return s;
			const key = keyOf(ticket.orderId, ticket.station);
			const d = copyOf(s);
			const prior = d.tickets.get(key) ?? inStrip(d, key);
			const merged = {
				...ticket,
				items: mergeItems(prior?.items ?? [], ticket.items),
				alert: prior?.alert ?? null,
				gone: null,
				liveAt: now,
			};
			if (ticket.status === "bumped") {
				d.tickets.delete(key);
				removeBumped(d, key);
				d.bumped = [merged, ...d.bumped]
					.sort((x, y) => Date.parse(y.bumpedAt ?? 0) - Date.parse(x.bumpedAt ?? 0))
					.slice(0, RECENT_BUMPS);
			} else if (ticket.status === "open") {
				removeBumped(d, key);
				d.tickets.set(key, { ...merged, alert: prior && !d.tickets.has(key) ? alertOf("recall", now) : merged.alert });
			} else {
				d.tickets.delete(key);
				removeBumped(d, key);
			}
			return d;
		}
		case "sweep": {
			// Takes cancelled and voided tickets off once they have been flagged long enough.
			const expired = [...s.tickets].filter(([, t]) => t.gone && t.gone.until <= now);
			if (!expired.length) return s;
			const tickets = new Map(s.tickets);
			for (const [key] of expired) tickets.delete(key);
			return { ...s, tickets };
		}
		case "menu":
			return { ...withMenu(s, a.menu), menuLoaded: true };
		case "menuFailed":
			// Without the menu a screen can still be the expo.
			return { ...s, menuLoaded: true };
		case "menuItem": {
			if (!s.menu) return s;
			const menu = applyMenuItem(s.menu, a.item);
			return menu ? withMenu(s, menu) : { ...s, menuStale: true };
		}
		case "joined":
			return s.joined === a.joined ? s : { ...s, joined: a.joined };
		case "sound":
			return { ...s, sound: a.sound };
		case "audio":
			return s.audio === a.audio ? s : { ...s, audio: a.audio };
		default:
			return s;
	}
}

/** The screen's tickets, oldest first (then by station, for the expo). */
export const rail = s => [...s.tickets.values()].sort((a, b) => a.placedAt.localeCompare(b.placedAt) || a.station.localeCompare(b.station));

/** "All day": how many of each dish are still to make across the rail, most first. */
export function allDay(tickets) {
	const counts = new Map();
	for (const t of tickets) {
		if (t.gone) continue;
		for (const i of t.items.filter(waiting)) counts.set(i.name, (counts.get(i.name) ?? 0) + i.quantity);
	}
	return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The stations the menu names, A→Z. */
export const stationsOf = dishes => [...new Set(dishes.map(m => m.station))].sort();

export const stationLabel = s => (s === ALL ? "All stations" : s.charAt(0).toUpperCase() + s.slice(1));

/** How a ticket's age reads: ok, warn or late by the restaurant's thresholds (seconds). */
export const ageLevel = (age, warn, late) => (age >= late ? "late" : age >= warn ? "warn" : "ok");
