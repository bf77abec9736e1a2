// The floor's store, read over REST once and kept current by pushes; a resync reads it again.
import { api, connectLive, settings, toast } from "../app/core.js";
import { createStore } from "../app/store.js";
import { reducer, initialState, OPEN_ORDER } from "./state.js";
import { say } from "./words.js";
import { approvalHandlers } from "./approval.js";
import { stationUpdate } from "./stations.js";
import { alertText } from "./guest-rounds.js";

export const store = createStore(reducer, initialState);
const { dispatch } = store;

async function loadAll() {
	const [tables, menu, notifications, ...byStatus] = await Promise.all([
		api.get("/tables"),
		api.get("/menu"),
		api.get("/notifications", { unread: true, limit: 200 }),
		// Billed ones too: a takeout or tab waiting for its payment is listed beside the tables until it is paid.
		...[...OPEN_ORDER, "billed"].map(status => api.get("/orders", { status, limit: 500 })),
		// Takeouts paid from the public page before they were cooked: listed until handed over (state.js).
		api.get("/orders", { status: "paid", type: "takeout", limit: 100 }),
	]);
	return { tables, menu: menu.categories, notifications, orders: byStatus.flat() };
}

/** The venue's course names and firing rule (read once: settings change with a restart). */
function loadSettings() {
	settings().then(
		s => dispatch({ type: "settings", settings: s }),
		() => undefined,
	);
}

/** Ids of the orders pushed while the latest reload was being read: the reload must not drop or age them. */
let pushedSinceReload = new Set();
const pushedOrder = order => {
	pushedSinceReload.add(order.id);
	dispatch({ type: "orders", orders: [order] });
};

/** A quiet reload (the first welcome, a resync): what is on screen stays until the new copy replaces it. */
export async function reload() {
	const pushed = new Set();
	pushedSinceReload = pushed;
	loadSettings();
	try {
		dispatch({ type: "loaded", state: await loadAll(), pushed });
	} catch (err) {
		dispatch({ type: "loadError", error: say(err) });
	}
}

/** A table's bills (`{tableId}`), or a takeout's or tab's (`{orderId}`): the screen picks its own from the store. */
export async function reloadBills(which) {
	try {
		dispatch({ type: "bills", bills: await api.get("/billing/bills", { ...which, limit: 100 }) });
	} catch (err) {
		toast(say(err), "error");
	}
}

/** A menu item in a category this tablet has never seen: the menu changed shape, read it again. */
export function reloadMenu() {
	api.get("/menu").then(
		m => dispatch({ type: "menu", menu: m.categories }),
		err => toast(say(err), "error"),
	);
}

/**
 * The page's live feed; `openBills()` says whose bills to read again after a resync (`{tableId}`, `{orderId}` or
 * null). Returns the socket.
 */
export function startLive(openBills) {
	return connectLive({
		handlers: {
			// A kitchen station's health changed (stations.js): the banner follows.
			"station:update": stationUpdate,
			"table:update": table => dispatch({ type: "table", table }),
			"order:new": pushedOrder,
			"order:update": pushedOrder,
			"kitchen:item": item => dispatch({ type: "item", item }),
			"menu:update": item => dispatch({ type: "menuItem", item }),
			"modifier:update": group => dispatch({ type: "modifierGroup", group }),
			"bill:update": bill => dispatch({ type: "bills", bills: [bill] }),
			"bill:paid": bill => dispatch({ type: "bills", bills: [bill] }),
			// A guest's phone: a call for the waiter or the bill, a round to confirm (or decided elsewhere).
			"guest:call": call => dispatch({ type: "guestCall", call }),
			"guest:round": (round, event) => {
				dispatch({ type: "guestRound", round, at: event?.at });
				// GUEST_ORDERING=direct: nothing to confirm, but the waiter hears of it.
				if (round.status === "sent") toast(alertText({ ...round, kind: "sent" }), "info");
			},
			notification: n => {
				dispatch({ type: "notification", notification: n });
				toast(n.message, "info");
			},
			// A manager's approval: the cards on a manager's tablet, and the answer a waiter's sheet waits for.
			...approvalHandlers,
		},
		onResync: () => {
			reload();
			const which = openBills();
			if (which) reloadBills(which);
		},
	});
}
