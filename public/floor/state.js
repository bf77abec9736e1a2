// What the floor knows (tables, open orders, the menu, bills, unread notifications) and how each push or answer changes it.
import { applyMenuItem } from "../app/menu.js";
import { applyModifierGroup } from "./modifiers.js";
import { guestAlerts } from "./guest-rounds.js";

/** An order still at its table: the kitchen has it, or it is served and waiting for the bill. */
export const OPEN_ORDER = ["placed", "in_progress", "ready", "served"];

/** The venue's course names (course n is courses[n - 1]) until the settings say otherwise. */
export const DEFAULT_COURSES = ["Starters", "Mains", "Desserts"];

export const initialState = {
	tables: null,
	orders: {},
	menu: null,
	bills: {},
	notifications: [],
	loadError: null,
	courses: DEFAULT_COURSES,
	courseFiring: "manual",
	/** Guests' calls and rounds to confirm, popped up on this device until dismissed or decided (guest-rounds.js). */
	guestAlerts: [],
};

/** A push or an answer may arrive after a newer copy of the same order or bill: the older one is not kept. */
const newer = (had, got) => !had || (got.version ?? 0) >= (had.version ?? 0);

export function reducer(s, a) {
	switch (a.type) {
		case "loaded": {
			// The REST copy, except where a push that came in while it was read is newer (or not in it yet).
			const orders = Object.fromEntries(a.state.orders.map(o => [o.id, o]));
			for (const id of a.pushed ?? []) {
				const had = s.orders[id];
				if (had && OPEN_ORDER.includes(had.status) && (!orders[id] || (had.version ?? 0) > (orders[id].version ?? 0)))
					orders[id] = had;
			}
			const alerts = guestAlerts(s.guestAlerts, { type: "loaded", orders: Object.values(orders) });
			return { ...s, ...a.state, orders, guestAlerts: alerts, loadError: null, menuStale: false };
		}
		case "loadError":
			return { ...s, loadError: a.error };
		case "table": {
			if (!s.tables) return s;
			const t = a.table;
			if (t.deleted) return { ...s, tables: s.tables.filter(x => x.id !== t.id) };
			const known = s.tables.some(x => x.id === t.id);
			return { ...s, tables: known ? s.tables.map(x => (x.id === t.id ? { ...x, ...t } : x)) : [...s.tables, t] };
		}
		case "orders": {
			const orders = { ...s.orders };
			for (const o of a.orders) if (newer(orders[o.id], o)) orders[o.id] = o;
			return { ...s, orders, guestAlerts: guestAlerts(s.guestAlerts, a) };
		}
		case "item": {
			const o = s.orders[a.item.orderId];
			if (!o) return s;
			const { orderId, ...item } = a.item;
			return { ...s, orders: { ...s.orders, [o.id]: { ...o, items: o.items.map(i => (i.id === item.id ? { ...i, ...item } : i)) } } };
		}
		case "menu":
			return { ...s, menu: a.menu, menuStale: false };
		case "settings":
			return {
				...s,
				courses: a.settings.courses?.length ? a.settings.courses : DEFAULT_COURSES,
				courseFiring: a.settings.courseFiring ?? "manual",
			};
		case "modifierGroup": {
			// An option 86'd or counted down: every dish offering the group gets its new copy.
			const menu = applyModifierGroup(s.menu, a.group);
			return menu === s.menu ? s : { ...s, menu };
		}
		case "menuItem": {
			if (!s.menu) return s;
			// The floor keeps the categories only; null means a category this copy has never seen.
			const menu = applyMenuItem({ categories: s.menu }, a.item);
			return menu ? { ...s, menu: menu.categories } : { ...s, menuStale: true };
		}
		case "bills": {
			const bills = { ...s.bills };
			for (const b of a.bills) {
				const { change, ...bill } = b;
				if (newer(bills[bill.id], bill)) bills[bill.id] = bill;
			}
			return { ...s, bills };
		}
		case "notifications":
			return { ...s, notifications: a.notifications };
		case "notification":
			return s.notifications.some(n => n.id === a.notification.id)
				? s
				: { ...s, notifications: [a.notification, ...s.notifications] };
		case "guestCall":
		case "guestRound":
		case "dismissGuestAlert":
		case "guestAlertsKept":
			return { ...s, guestAlerts: guestAlerts(s.guestAlerts, a) };
		case "read":
			return { ...s, notifications: s.notifications.filter(n => !a.ids.includes(n.id)) };
		default:
			return s;
	}
}

/** A table's open orders, oldest first: the last is the one a new round joins. */
export function openOrdersAt(orders, tableId) {
	return Object.values(orders)
		.filter(o => o.tableId === tableId && OPEN_ORDER.includes(o.status))
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
}

/**
 * The takeouts and bar tabs (orders with no table) still to be settled, as the floor lists them beside the tables:
 * open or billed and waiting for payment (a table keeps its tile meanwhile; these have only this list). Takeouts by
 * pickup time, then tabs by when they were opened.
 */
export function openOrdersAway(orders) {
	const when = o => (o.type === "takeout" ? `0${o.pickupAt ?? o.createdAt}` : `1${o.createdAt}`);
	return Object.values(orders)
		.filter(
			o =>
				!o.tableId &&
				(o.type === "takeout" || o.type === "bar_tab") &&
				([...OPEN_ORDER, "billed"].includes(o.status) || prepaidToHandOver(o)),
		)
		.sort((a, b) => when(a).localeCompare(when(b)));
}

/** A takeout paid from the public page before it was cooked: still the floor's until every live line is handed over. */
export const prepaidToHandOver = o =>
	o.awaitingPayment === false && o.status === "paid" && o.items.some(i => i.status !== "voided" && i.status !== "served");

/** The floor grid: tables by area (areas A→Z, "Floor" for none), each area's tables by name with numbers in order. */
export function tablesByArea(tables) {
	const by = new Map();
	for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))) {
		const area = t.area || "Floor";
		if (!by.has(area)) by.set(area, []);
		by.get(area).push(t);
	}
	return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
}

/** How many dishes wait at the pass for a table: the tile says so, so the waiter goes there first. */
export function readyAt(orders, tableId) {
	return Object.values(orders)
		.filter(o => OPEN_ORDER.includes(o.status) && o.tableId === tableId)
		.flatMap(o => o.items)
		.filter(i => i.status === "ready").length;
}

/** A takeout's or a tab's dishes waiting at the pass. */
export const readyOn = order => order.items.filter(i => i.status === "ready").length;
