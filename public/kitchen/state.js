// The kitchen display's state: one station's tickets on the rail, the recently bumped strip, order notes, the menu for the 86 panel.
import { applyMenuItem, byName } from "../app/menu.js";
import { orderLabel, tableLabel } from "../app/format.js";
import { applyModifierGroup, courseName } from "../app/modifiers.js";

export { courseName };

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
/** A line whose course has not been fired: the cook sees it coming, greyed, and cannot start it. */
export const isHeld = item => item.held === true && isLive(item);
/** Work the station has to make now: fired and not finished. */
export const cooking = item => waiting(item) && !item.held;

/**
 * `station` is "grill", "cold"… or ALL; `tickets` the rail by orderId|station; `bumped` the recently bumped, newest
 * first, for a one-tap recall; `notes` the orders' own notes (tickets carry only the items'); `menu` the menu and
 * `dishes` the same flat, for the station picker and the 86 panel; `groups` the modifier groups by id, whole, for the
 * 86 panel's options. `beep` counts the pushes that should be heard.
 */
export function initialState({ station = null, sound = "on" } = {}) {
	return {
		station,
		tickets: new Map(),
		bumped: [],
		notes: new Map(),
		menu: null,
		dishes: [],
		groups: new Map(),
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

/**
 * The items of a ticket after a snapshot: each item only moves forward, and keeps the times a later snapshot leaves
 * out. A line whose quantity shrank (a partial void) remembers what it was (`shrunkFrom`); the voided part, a new
 * line, names it (`splitFrom`) and sits right under it. Items go by round.
 */
export function mergeItems(prior, incoming) {
	const byId = new Map(prior.map(i => [i.id, i]));
	for (const next of incoming) {
		const old = byId.get(next.id);
		if (old && RANK[old.status] > RANK[next.status]) continue;
		const shrunk = old && next.status !== "voided" && next.quantity < old.quantity;
		byId.set(next.id, {
			...old,
			...next,
			startedAt: next.startedAt ?? old?.startedAt ?? null,
			readyAt: next.readyAt ?? old?.readyAt ?? null,
			...(shrunk ? { shrunkFrom: old.shrunkFrom ?? old.quantity } : {}),
		});
	}
	const before = new Map(prior.map(i => [i.id, i]));
	for (const [id, item] of byId) {
		if (before.has(id) || item.status !== "voided" || item.splitFrom) continue;
		const origin = prior.find(
			p =>
				p.status !== "voided" &&
				p.menuItemId === item.menuItemId &&
				p.name === item.name &&
				(p.seat ?? null) === (item.seat ?? null) &&
				byId.get(p.id).quantity + item.quantity === p.quantity,
		);
		if (origin) byId.set(id, { ...item, splitFrom: origin.id, held: item.held ?? origin.held });
	}
	const ordered = [...byId.values()].filter(i => !i.splitFrom || !byId.has(i.splitFrom)).sort((a, b) => a.round - b.round);
	const splits = [...byId.values()].filter(i => i.splitFrom && byId.has(i.splitFrom));
	for (const split of splits) ordered.splice(ordered.findIndex(i => i.id === split.splitFrom) + 1, 0, split);
	return ordered;
}

const alertOf = (kind, now) => ({ kind, until: now + ALERT_MS });
const inStrip = (d, key) => d.bumped.find(t => keyOf(t.orderId, t.station) === key);
const removeBumped = (d, key) => {
	d.bumped = d.bumped.filter(t => keyOf(t.orderId, t.station) !== key);
};

/** The earliest time any of these lines reached the kitchen (its fire, or its round); undefined for none. */
const earliestFire = lines =>
	lines
		.map(i => i.firedAt ?? i.createdAt)
		.filter(Boolean)
		.sort((a, b) => Date.parse(a) - Date.parse(b))[0];

/** What a ticket says about its order besides the items: whose it is, and when it is due. */
function detailsOf(order, prior, placedAt) {
	const type = order?.type ?? prior?.orderType ?? "dine_in";
	const pickupAt = order?.pickupAt !== undefined ? order.pickupAt : (prior?.pickupAt ?? null);
	return {
		tableName: order?.tableName ?? prior?.tableName ?? "",
		orderType: type,
		name: order?.name !== undefined ? order.name : (prior?.name ?? null),
		pickupAt,
		covers: order?.covers !== undefined ? order.covers : (prior?.covers ?? null),
		// As the kitchen service has it: a takeout is due at its pickup time, anything else when its work reached the kitchen.
		dueAt: type === "takeout" && pickupAt ? pickupAt : placedAt,
	};
}

/**
 * Brings the tickets of one order up to a snapshot of its items (a push's order, or one item), in `d`, the
 * action's own copy of the state. Returns the loudest alert it raised ("void" over "new"), so one push beeps once.
 * Held lines are quiet: one arriving, or voided, or cancelled before its course fires, bothers no one; its course
 * firing is new work like a new round.
 */
function applyItems(d, now, orderId, station, incoming, { order, placedAt, cancelled = false } = {}) {
	const key = keyOf(orderId, station);
	// Lines moved here from another order (a table moved, merged or lines moved) leave that ticket and are not new work.
	const moved = takeMovedLines(d, key, incoming);
	const onRail = d.tickets.get(key);
	const stripped = inStrip(d, key);
	const prior = onRail ?? stripped;
	const before = new Map((prior?.items ?? []).map(i => [i.id, i]));
	const items = mergeItems(prior?.items ?? [], incoming);
	const live = items.filter(isLive);
	const firedBefore = i => {
		const was = before.get(i.splitFrom ?? i.id);
		return was ? !was.held : !i.held;
	};
	const newVoids = prior
		? items.filter(
				i => i.status === "voided" && before.get(i.id)?.status !== "voided" && firedBefore(i) && (before.has(i.id) || i.splitFrom),
			)
		: [];
	const newWork = items.filter(i => cooking(i) && !moved.has(i.id) && (!before.has(i.id) || before.get(i.id).held));
	// The ticket's clock, as the kitchen service keeps it: a ticket the cook has fired work on keeps its time; one that
	// had none (held lines only, or bumped) starts again when work arrives, at the fire, not at the order.
	const hadWork = onRail && !onRail.gone && onRail.items.some(i => isLive(i) && !i.held);
	const restart = prior && !hadWork && items.some(cooking);
	const clock = restart
		? (earliestFire(items.filter(cooking)) ?? new Date(now).toISOString())
		: (prior?.placedAt ?? placedAt ?? new Date(now).toISOString());
	const base = {
		orderId,
		station,
		...detailsOf(order, prior, clock),
		placedAt: clock,
		status: prior?.status ?? "open",
		bumpedAt: prior?.bumpedAt ?? null,
		alert: prior?.alert ?? null,
		gone: prior?.gone ?? null,
		// Guaranteed dispatch: no screen at the station acknowledged this ticket, so it came to the expo.
		rerouted: prior?.rerouted ?? null,
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
		// A cook must see that the food is off before the ticket goes: flag it, then take it away. A ticket that was
		// only held lines had nothing on the stove: it just goes.
		const wasFired = onRail.items.some(i => isLive(i) && !i.held);
		if ((cancelled && wasFired) || newVoids.length) {
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
		// A new round (or a course fired) on a bumped ticket brings it back to the screen, as the kitchen service does.
		if (!items.some(cooking)) {
			d.bumped = d.bumped.map(t => (keyOf(t.orderId, t.station) === key ? { ...base } : t));
			return null;
		}
		removeBumped(d, key);
		d.tickets.set(key, { ...base, status: "open", bumpedAt: null, alert: alertOf("new", now) });
		return "new";
	}
	// Unknown until now: a new ticket if there is anything to cook on it; a course still held shows greyed, quietly.
	if (newWork.length) {
		d.tickets.set(key, { ...base, alert: alertOf("new", now) });
		return "new";
	}
	// Held lines only, or lines that came over from another order's ticket (a move): shown, quietly.
	if (items.some(isHeld) || items.some(cooking)) d.tickets.set(key, { ...base, alert: null });
	return null;
}

/**
 * Lines of `incoming` that sit on another order's ticket at this station came over with a move: they leave that
 * ticket (a ticket left with nothing live goes quietly) and their ids are returned, so they are not heard as new.
 */
function takeMovedLines(d, key, incoming) {
	const ids = new Set(incoming.map(i => i.id));
	const moved = new Set();
	const strip = t => {
		const kept = t.items.filter(i => !ids.has(i.id));
		for (const i of t.items) if (ids.has(i.id)) moved.add(i.id);
		return kept.length === t.items.length ? t : { ...t, items: kept };
	};
	for (const [k, t] of [...d.tickets]) {
		if (k === key) continue;
		const after = strip(t);
		if (after === t) continue;
		if (after.items.some(isLive)) d.tickets.set(k, after);
		else d.tickets.delete(k);
	}
	d.bumped = d.bumped.map(t => (keyOf(t.orderId, t.station) === key ? t : strip(t))).filter(t => t.items.some(isLive));
	return moved;
}

/** The action's own copy of the state, changed in place by the helpers above and returned as the new state. */
const copyOf = s => ({ ...s, tickets: new Map(s.tickets), notes: new Map(s.notes) });
const beeped = (d, kind) => (kind ? { ...d, beep: { kind, count: d.beep.count + 1 } } : d);
/** The modifier groups the dishes carry, by id: a whole menu's, or one pushed item's over what the screen holds. */
function groupsOf(items, groups = new Map()) {
	const next = new Map(groups);
	for (const item of items) for (const g of item.modifierGroups ?? []) next.set(g.id, g);
	return next;
}
const withMenu = (s, menu, groups) => {
	const dishes = menu.categories.flatMap(c => c.items).sort(byName);
	return { ...s, menu, dishes, groups: groups ?? groupsOf(dishes), menuStale: false };
};

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
				const placedAt = earliestFire(items.filter(cooking)) ?? earliestFire(items) ?? order.createdAt;
				const alert = applyItems(d, now, order.id, station, items, {
					order,
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
			const items = mergeItems(prior?.items ?? [], ticket.items);
			// A course fired while the ticket was held or bumped: new work, heard like a new round.
			const fired = prior ? items.filter(i => cooking(i) && prior.items.some(p => p.id === i.id && p.held)) : [];
			const merged = {
				...ticket,
				items,
				alert: fired.length ? alertOf("new", now) : (prior?.alert ?? null),
				rerouted: ticket.rerouted ?? prior?.rerouted ?? null,
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
				const recalled = prior && !d.tickets.has(key) && !fired.length;
				d.tickets.set(key, { ...merged, alert: recalled ? alertOf("recall", now) : merged.alert });
			} else {
				d.tickets.delete(key);
				removeBumped(d, key);
			}
			return beeped(d, ticket.status === "open" && fired.length ? "new" : null);
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
			return menu ? withMenu(s, menu, groupsOf([a.item], s.groups)) : { ...s, menuStale: true };
		}
		case "modifierGroup": {
			// A modifier:update push: the whole group, an option 86'd or counted down; or the group deleted.
			const { group } = a;
			const groups = new Map(s.groups);
			if (group.deleted) groups.delete(group.id);
			else groups.set(group.id, group);
			const menu = applyModifierGroup(s.menu, group);
			return menu ? withMenu(s, menu, groups) : { ...s, groups };
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

/** When a ticket is due: a takeout at its pickup time, anything else when it reached the kitchen. */
export const dueOf = t => t.dueAt ?? t.placedAt;

/** The screen's tickets, the soonest due first (then by station, for the expo): takeouts fall in by pickup time. */
export const rail = s =>
	[...s.tickets.values()].sort((a, b) => Date.parse(dueOf(a)) - Date.parse(dueOf(b)) || a.station.localeCompare(b.station));

/**
 * Since when the station has been working on the ticket (its timer): when its current work reached the kitchen, as
 * the kitchen service keeps it (a course fired onto a held or bumped ticket starts it again). Null while every live
 * line is held: nothing is cooking yet.
 */
export const ticketStart = t => (t.items.some(i => isLive(i) && !i.held) ? t.placedAt : null);

/** The held lines of a ticket by course, lowest first: [[course, lines]]. */
export function heldCourses(t) {
	const byCourse = new Map();
	for (const i of t.items.filter(isHeld)) byCourse.set(i.course ?? 1, [...(byCourse.get(i.course ?? 1) ?? []), i]);
	return [...byCourse].sort((a, b) => a[0] - b[0]);
}

/** "All day": how many of each dish are still to make across the rail, most first (a held course is not yet). */
export function allDay(tickets) {
	const counts = new Map();
	for (const t of tickets) {
		if (t.gone) continue;
		for (const i of t.items.filter(cooking)) counts.set(i.name, (counts.get(i.name) ?? 0) + i.quantity);
	}
	return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
}

/** The stations the menu names, A→Z. */
export const stationsOf = dishes => [...new Set(dishes.map(m => m.station))].sort();

export const stationLabel = s => (s === ALL ? "All stations" : s.charAt(0).toUpperCase() + s.slice(1));

/** How a ticket's age reads: ok, warn or late by the restaurant's thresholds (seconds). */
export const ageLevel = (age, warn, late) => (age >= late ? "late" : age >= warn ? "warn" : "ok");

/**
 * The 86 panel's modifier options for this screen, under their groups (A→Z): an option cooked here (its own station),
 * or cooked with a dish of this station (no station of its own, on a group one of those dishes carries). The expo
 * lists them all.
 */
export function panelGroups(s) {
	const here = new Set(s.dishes.filter(m => shows(s, m.station)).flatMap(m => (m.modifierGroups ?? []).map(g => g.id)));
	return [...s.groups.values()]
		.map(group => ({
			group,
			options: [...group.options]
				.sort((a, b) => a.position - b.position)
				.filter(o => s.station === ALL || o.station === s.station || (o.station == null && here.has(group.id))),
		}))
		.filter(g => g.options.length)
		.sort((a, b) => byName(a.group, b.group));
}

/** How many dishes and options this screen has 86'd: the count on the panel's button. */
export const outCount = s =>
	s.dishes.filter(m => shows(s, m.station) && !m.available).length +
	panelGroups(s).reduce((n, g) => n + g.options.filter(o => !o.available).length, 0);

/**
 * Whose ticket it is, in two parts so the name can stand out: {kind: "Table", name: "5"}, {kind: "Takeout:", name:
 * "Kim"}, {kind: "Tab:", name: "Sam"}. A table already called "Table 5" gets no second "Table" (tableLabel's rule).
 */
export function labelParts(t) {
	if (t.orderType === "takeout") return { kind: "Takeout:", name: t.name ?? "" };
	if (t.orderType === "bar_tab") return { kind: "Tab:", name: t.name ?? "" };
	const name = String(t.tableName ?? "").trim();
	return { kind: tableLabel(name) === name ? "" : "Table", name };
}

/** "Table 5", "Takeout: Kim", "Tab: Sam": the order's label as every app and notification says it. */
export const ticketLabel = t => orderLabel({ type: t.orderType, tableName: t.tableName, name: t.name });

/** "19:30" in the restaurant's time zone (the browser's when it is not known). */
export function timeOfDay(iso, timeZone) {
	const opts = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
	try {
		return new Intl.DateTimeFormat("en-GB", { ...opts, timeZone: timeZone || undefined }).format(new Date(iso));
	} catch {
		return new Intl.DateTimeFormat("en-GB", opts).format(new Date(iso));
	}
}

/** How far off a pickup is: "in 25 min", "now", "5 min late". */
export function untilText(iso, now) {
	const minutes = Math.round((Date.parse(iso) - now) / 60_000);
	if (minutes === 0) return "now";
	if (minutes > 0) return minutes >= 120 ? `in ${Math.floor(minutes / 60)} h` : `in ${minutes} min`;
	return `${-minutes} min late`;
}

/** Where each modifier option is cooked, by option id (null: with its dish). */
export function optionStations(s) {
	const out = new Map();
	for (const g of s.groups.values()) for (const o of g.options) out.set(o.id, o.station ?? null);
	return out;
}

/**
 * The dish a side line goes with ("Fries" → "Steak"): its parent line when this screen holds it (the expo), else the
 * menu's dish the side was ordered with; null when neither is known.
 */
export function sideParent(s, item) {
	if (!item.partOf) return null;
	for (const t of s.tickets.values()) {
		const parent = t.items.find(i => i.id === item.partOf);
		if (parent) return parent.name;
	}
	const dish = s.dishes.find(m => m.id === item.menuItemId);
	return dish && dish.name !== item.name ? dish.name : null;
}
