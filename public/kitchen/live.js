// The kitchen's store, loaded over REST (at start, on a station change, after a resync or a refused action) and kept current by pushes.
import { api, connectLive, toast, describeError } from "../app/core.js";
import { createStore } from "../app/store.js";
import { reducer, initialState, ALL, RECENT_BUMPS, cooking } from "./state.js";

const STATION_KEY = "brigade.kitchen.station";
const SOUND_KEY = "brigade.kitchen.sound";

function readStation() {
	try {
		return localStorage.getItem(STATION_KEY) || null;
	} catch {
		return null;
	}
}

export const store = createStore(
	reducer,
	initialState({ station: readStation(), sound: localStorage.getItem(SOUND_KEY) === "off" ? "off" : "on" }),
);
const { dispatch } = store;
/** The station as the server filters by it: none for the expo. */
const stationQuery = () => (store.getState().station === ALL ? undefined : store.getState().station);

/** Takes cancelled and voided tickets off once they have been flagged long enough. */
setInterval(() => dispatch({ type: "sweep", now: Date.now() }), 500);

export async function reload() {
	const startedAt = Date.now();
	const station = stationQuery();
	try {
		const [open, bumped] = await Promise.all([
			api.get("/kitchen/tickets", { station }),
			api.get("/kitchen/tickets", { station, status: "bumped", limit: RECENT_BUMPS }),
		]);
		if (stationQuery() !== station) return; // the cook switched meanwhile
		dispatch({ type: "loaded", open, bumped, startedAt });
		await loadNotes();
	} catch (err) {
		toast(`Could not load the tickets: ${describeError(err)}`, "error");
	}
}

/** The orders' own notes ("nut allergy at this table"), which tickets do not carry. */
async function loadNotes() {
	const open = ["placed", "in_progress", "ready"];
	const lists = await Promise.all(open.map(status => api.get("/orders", { status, limit: 500 }).catch(() => [])));
	dispatch({ type: "notes", orders: lists.flat() });
}

export async function loadMenu() {
	try {
		dispatch({ type: "menu", menu: await api.get("/menu") });
	} catch (err) {
		toast(`Could not load the menu: ${describeError(err)}`, "error");
		dispatch({ type: "menuFailed" });
	}
}

// One socket for the page's life; a station change joins and leaves rooms on it.
let socket = null;
export function startLive() {
	if (socket) return;
	const order = order => dispatch({ type: "order", order, now: Date.now() });
	socket = connectLive({
		stations: () => {
			const { station } = store.getState();
			return station && station !== ALL ? [station] : [];
		},
		handlers: {
			"order:new": order,
			"order:update": order,
			"kitchen:item": item => dispatch({ type: "item", item, now: Date.now() }),
			"ticket:update": ticket => dispatch({ type: "ticket", ticket, now: Date.now() }),
			"menu:update": item => dispatch({ type: "menuItem", item }),
			"modifier:update": group => dispatch({ type: "modifierGroup", group }),
		},
		onResync: () => {
			reload();
			loadMenu();
		},
	});
	// The handshake named the current station, so after each (re)connect the socket is where it should be.
	socket.on("welcome", () => {
		// A reconnect acknowledges again what the screen shows (the kitchen keeps each first ack).
		acked.clear();
		hello();
		dispatch({ type: "joined", joined: true });
	});
	setInterval(hello, HELLO_MS);
	socket.on("disconnect", () => dispatch({ type: "joined", joined: false }));
}

// Guaranteed dispatch: the screen says which station it shows (on connect, on a change, every 20 s) and acknowledges
// each ticket (order, station, round) once it has drawn it; a ticket no screen acknowledged goes to a printer or the expo.
const HELLO_MS = 20_000;
const acked = new Set();

function hello() {
	if (!socket?.connected) return;
	const { station } = store.getState();
	socket.emit("screen:hello", { stations: station && station !== ALL ? [station] : [] });
}

/** Acknowledges the station's tickets on the screen now: each round with work to make, once. The expo acknowledges nothing. */
export function ackDrawn(tickets) {
	const { station } = store.getState();
	if (!socket?.connected || !station || station === ALL) return;
	for (const t of tickets) {
		if (t.station !== station) continue;
		for (const round of new Set(t.items.filter(cooking).map(i => i.round))) {
			const key = `${t.orderId}|${t.station}|${round}`;
			if (acked.has(key)) continue;
			acked.add(key);
			socket.timeout(10_000).emit("ticket:ack", { orderId: t.orderId, station: t.station, round }, (err, reply) => {
				if (err || !reply?.ok) acked.delete(key);
			});
		}
	}
}

function emitAck(event, payload) {
	return new Promise(resolve => socket.timeout(10_000).emit(event, payload, (err, reply) => resolve(!err && reply?.ok)));
}

export async function chooseStation(next) {
	const before = store.getState().station;
	if (before === next) return;
	dispatch({ type: "station", station: next });
	localStorage.setItem(STATION_KEY, next);
	// The first choice mounts the display, which connects and loads.
	if (!before || !socket) return;
	if (socket.connected) {
		dispatch({ type: "joined", joined: false });
		// Join first, then leave: a cook's socket with no station at all would hear every station for a moment.
		const ok =
			(next === ALL || (await emitAck("join", { station: next }))) &&
			(!before || before === ALL || (await emitAck("leave", { station: before })));
		if (!ok) toast("Could not switch the live feed: reconnecting", "error");
		if (!ok) socket.disconnect().connect();
		else dispatch({ type: "joined", joined: true });
		hello();
	}
	await reload();
}

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

const itemAnswer = (item, orderId) => dispatch({ type: "item", item: { ...item, orderId }, now: Date.now() });
const ticketAnswers = tickets => {
	for (const ticket of tickets) dispatch({ type: "ticket", ticket, now: Date.now() });
};

export const startItem = (item, orderId) => act(async () => itemAnswer(await api.post(`/kitchen/items/${item.id}/start`), orderId));
export const readyItem = (item, orderId) => act(async () => itemAnswer(await api.post(`/kitchen/items/${item.id}/ready`), orderId));
export const bump = t =>
	act(async () => ticketAnswers(await api.post(`/kitchen/tickets/${t.orderId}/bump?station=${encodeURIComponent(t.station)}`)));
export const recall = t =>
	act(async () => ticketAnswers(await api.post(`/kitchen/tickets/${t.orderId}/recall?station=${encodeURIComponent(t.station)}`)));
export const setAvailable = (item, available) =>
	act(async () => dispatch({ type: "menuItem", item: await api.patch(`/menu/items/${item.id}`, { available }) }));
/** 86es one option ("Bacon") or brings it back; the answer is the option, its group's push follows to every screen. */
export const setOptionAvailable = (group, option, available) =>
	act(async () => {
		const answer = await api.patch(`/menu/modifier-options/${option.id}`, { available });
		if (Array.isArray(answer?.options)) return dispatch({ type: "modifierGroup", group: answer });
		const current = store.getState().groups.get(group.id) ?? group;
		const options = current.options.map(o => (o.id === option.id ? { ...o, ...answer } : o));
		dispatch({ type: "modifierGroup", group: { ...current, options } });
	});

export function setSound(sound) {
	dispatch({ type: "sound", sound });
	localStorage.setItem(SOUND_KEY, sound);
}
