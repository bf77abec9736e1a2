// The waiter's tablet: the floor as a grid of tables, a table's order with every item's kitchen status, the
// menu to add a round from, and the bill (split, discount, cash and card with tips). REST loads the state
// once; Socket.IO pushes keep it current. A round being built is kept on the tablet until the kitchen has it.
import { html, mount, TopBar, Modal, useState, useEffect, useCallback, useRef, useMemo, useReducer } from "../app/ui.js";
import { api, ApiError, requireUser, connectLive, money, centsText, parseCents, toast, attempt, describeError, newIdempotencyKey, applyMenuItem, tableLabel } from "../app/core.js";

const user = requireUser(["staff", "admin"]);
const isAdmin = user.role === "admin";

const OPEN_ORDER = ["placed", "in_progress", "ready", "served"];
const STATUS_WORDS = {
	queued: "Queued",
	preparing: "Cooking",
	ready: "Ready",
	served: "Served",
	voided: "Voided",
	placed: "Sent",
	in_progress: "Cooking",
	billed: "Billed",
	paid: "Paid",
	cancelled: "Cancelled",
	available: "Available",
	occupied: "Occupied",
	reserved: "Reserved",
	cleaning: "Cleaning",
	open: "Open",
	void: "Split",
	pending: "Pending",
	captured: "Paid",
	failed: "Declined",
};
const word = status => STATUS_WORDS[status] ?? status;
const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

// ---------------------------------------------------------------------------------------------------------
// Errors a waiter can act on

/** What went wrong, in the floor's words; the server's own message when it already says it plainly. */
function say(err) {
	if (!(err instanceof ApiError)) return describeError(err);
	const d = err.details ?? {};
	switch (err.code) {
		case "OFFLINE":
			return "No connection to Brigade. Nothing was lost: tap again when the connection is back.";
		case "ITEM_UNAVAILABLE":
			return `${err.message}. Take it off the round and send again.`;
		case "ITEM_IN_PREPARATION":
			return `The kitchen has already started this item (${word(d.status).toLowerCase()}), so it cannot be voided from the floor. Ask a manager to void it.`;
		case "ORDER_NOT_SERVED":
			return `Not everything is served yet: ${(d.items ?? []).map(i => `${i.name} is ${word(i.status).toLowerCase()}`).join(", ")}. Serve or void it first.`;
		case "ORDER_NOT_READY":
			return d.items?.length
				? `Not ready to serve: ${d.items.map(i => `${i.name} is ${word(i.status).toLowerCase()}`).join(", ")}. The order has been read again.`
				: "Nothing on this order is ready to serve yet.";
		case "ORDER_NOT_CANCELLABLE":
			return "Some of this order is ready or served, so it cannot be cancelled: void the items still waiting instead.";
		case "ORDER_CLOSED":
			return `This order is ${word(d.status).toLowerCase()} and can no longer change.`;
		case "PAYMENT_DECLINED":
			return `Card declined: ${err.message}. Nothing was charged — try another card or take cash.`;
		case "PAYMENT_EXCEEDS_BALANCE":
			return `That is more than the ${money(d.balanceCents)} left to pay.`;
		case "PAYMENT_PROVIDER_UNAVAILABLE":
			return "The card machine did not answer. The payment is pending and is checked again shortly — do not charge the card again.";
		case "IDEMPOTENCY_KEY_IN_USE":
			return "The first try is still going through. Wait a moment, then tap again.";
		case "FORBIDDEN":
			return "Only a manager can do that.";
		default:
			return describeError(err);
	}
}

// ---------------------------------------------------------------------------------------------------------
// State: everything the floor knows, kept current by pushes

const newer = (had, got) => !had || (got.version ?? 0) >= (had.version ?? 0);

function reducer(s, a) {
	switch (a.type) {
		case "loaded": {
			// The REST copy, except where a push that came in while it was read is newer (or not in it yet).
			const orders = Object.fromEntries(a.state.orders.map(o => [o.id, o]));
			for (const id of a.pushed ?? []) {
				const had = s.orders[id];
				if (had && OPEN_ORDER.includes(had.status) && (!orders[id] || (had.version ?? 0) > (orders[id].version ?? 0))) orders[id] = had;
			}
			return { ...s, ...a.state, orders, loadError: null, menuStale: false };
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
			return { ...s, orders };
		}
		case "item": {
			const o = s.orders[a.item.orderId];
			if (!o) return s;
			const { orderId, ...item } = a.item;
			return { ...s, orders: { ...s.orders, [o.id]: { ...o, items: o.items.map(i => (i.id === item.id ? { ...i, ...item } : i)) } } };
		}
		case "menu":
			return { ...s, menu: a.menu, menuStale: false };
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
			return s.notifications.some(n => n.id === a.notification.id) ? s : { ...s, notifications: [a.notification, ...s.notifications] };
		case "read":
			return { ...s, notifications: s.notifications.filter(n => !a.ids.includes(n.id)) };
		default:
			return s;
	}
}

async function loadAll() {
	const [tables, menu, notifications, ...byStatus] = await Promise.all([
		api.get("/tables"),
		api.get("/menu"),
		api.get("/notifications", { unread: true, limit: 200 }),
		...OPEN_ORDER.map(status => api.get("/orders", { status, limit: 500 })),
	]);
	return { tables, menu: menu.categories, notifications, orders: byStatus.flat() };
}

// ---------------------------------------------------------------------------------------------------------
// Where we are: the grid, or a table (#table/<id>) and its bill (#table/<id>/bill)

function useRoute() {
	const [hash, setHash] = useState(location.hash);
	useEffect(() => {
		const on = () => setHash(location.hash);
		addEventListener("hashchange", on);
		return () => removeEventListener("hashchange", on);
	}, []);
	const m = /^#table\/([0-9a-f-]+)(\/bill)?$/i.exec(hash);
	return m ? { tableId: m[1], view: m[2] ? "bill" : "order" } : { tableId: null, view: "grid" };
}
const go = path => (location.hash = path);

// ---------------------------------------------------------------------------------------------------------
// The page

function Floor() {
	const [state, dispatch] = useReducer(reducer, { tables: null, orders: {}, menu: null, bills: {}, notifications: [], loadError: null });
	const route = useRoute();
	const [sheet, setSheet] = useState(false);

	/** Ids of the orders pushed while the latest reload was being read: the reload must not drop or age them. */
	const pushedRef = useRef(new Set());
	const pushedOrder = order => {
		pushedRef.current.add(order.id);
		dispatch({ type: "orders", orders: [order] });
	};
	// A quiet reload (the first welcome, a resync): what is on screen stays until the new copy replaces it.
	const reload = useCallback(async () => {
		const pushed = new Set();
		pushedRef.current = pushed;
		try {
			dispatch({ type: "loaded", state: await loadAll(), pushed });
		} catch (err) {
			dispatch({ type: "loadError", error: say(err) });
		}
	}, []);
	const reloadBills = useCallback(async tableId => {
		try {
			dispatch({ type: "bills", bills: await api.get("/billing/bills", { tableId, limit: 100 }) });
		} catch (err) {
			toast(say(err), "error");
		}
	}, []);
	const routeRef = useRef(route);
	routeRef.current = route;

	useEffect(() => {
		reload();
		const socket = connectLive({
			handlers: {
				"table:update": table => dispatch({ type: "table", table }),
				"order:new": pushedOrder,
				"order:update": pushedOrder,
				"kitchen:item": item => dispatch({ type: "item", item }),
				"menu:update": item => dispatch({ type: "menuItem", item }),
				"bill:update": bill => dispatch({ type: "bills", bills: [bill] }),
				"bill:paid": bill => dispatch({ type: "bills", bills: [bill] }),
				notification: n => {
					dispatch({ type: "notification", notification: n });
					toast(n.message, "info");
				},
			},
			onResync: () => {
				reload();
				if (routeRef.current.tableId) reloadBills(routeRef.current.tableId);
			},
		});
		return () => socket.disconnect();
	}, []);

	// A menu item in a category this tablet has never seen: the menu changed shape, read it again.
	useEffect(() => {
		if (state.menuStale) api.get("/menu").then(m => dispatch({ type: "menu", menu: m.categories }), err => toast(say(err), "error"));
	}, [state.menuStale]);

	const table = route.tableId && state.tables?.find(t => t.id === route.tableId);
	let body;
	if (state.tables === null) body = state.loadError ? html`<${LoadFailed} error=${state.loadError} retry=${reload} />` : html`<p class="muted">Loading the floor…</p>`;
	else if (route.tableId && !table) body = html`<div class="panel stack"><p>That table no longer exists.</p><button onClick=${() => go("")}>Back to the floor</button></div>`;
	else if (table) body = html`<${TableView} table=${table} view=${route.view} state=${state} dispatch=${dispatch} reloadBills=${reloadBills} />`;
	else body = html`<${FloorGrid} tables=${state.tables} orders=${state.orders} />`;

	return html`<${TopBar} user=${user}><${NotificationsButton} count=${state.notifications.length} onOpen=${() => setSheet(true)} /></${TopBar}>
		<main class="floor">${body}</main>
		${sheet && html`<${NotificationsSheet} notifications=${state.notifications} dispatch=${dispatch} onClose=${() => setSheet(false)} />`}`;
}

function LoadFailed({ error, retry }) {
	return html`<div class="panel stack" role="alert">
		<p class="error-text">The floor could not be loaded: ${error}</p>
		<div><button class="primary" onClick=${retry}>Try again</button></div>
	</div>`;
}

// ---------------------------------------------------------------------------------------------------------
// The grid

function FloorGrid({ tables, orders }) {
	const open = Object.values(orders).filter(o => OPEN_ORDER.includes(o.status));
	const areas = useMemo(() => {
		const by = new Map();
		for (const t of [...tables].sort((a, b) => a.name.localeCompare(b.name, undefined, { numeric: true }))) {
			const area = t.area || "Floor";
			if (!by.has(area)) by.set(area, []);
			by.get(area).push(t);
		}
		return [...by.entries()].sort(([a], [b]) => a.localeCompare(b));
	}, [tables]);
	if (!tables.length) return html`<div class="panel"><p>No tables yet. A manager adds them in the admin screen.</p></div>`;
	return html`<div class="stack floor-grid">
		${areas.map(
			([area, list]) => html`<section class="area" aria-label=${area}>
				<h2>${area}</h2>
				<div class="tiles">
					${list.map(t => {
						const mine = open.filter(o => o.tableId === t.id);
						const ready = mine.flatMap(o => o.items).filter(i => i.status === "ready").length;
						return html`<button class=${`tile status-${t.status}`} data-table-id=${t.id} data-status=${t.status} onClick=${() => go(`table/${t.id}`)}>
							<span class="tile-name">${t.name}</span>
							<span class="tile-meta">${plural(t.seats, "seat")}</span>
							<span class=${`pill ${t.status}`}>${word(t.status)}</span>
							${ready > 0 && html`<span class="tile-ready">${ready} ready to serve</span>`}
						</button>`;
					})}
				</div>
			</section>`,
		)}
	</div>`;
}

// ---------------------------------------------------------------------------------------------------------
// A table

function TableView({ table, view, state, dispatch, reloadBills }) {
	const orders = Object.values(state.orders)
		.filter(o => o.tableId === table.id && OPEN_ORDER.includes(o.status))
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));
	useEffect(() => {
		reloadBills(table.id);
	}, [table.id]);

	const known = Object.values(state.orders).filter(o => o.tableId === table.id);

	return html`<div class="stack table-view" data-table-id=${table.id} data-view=${view}>
		<div class="row table-head">
			<button onClick=${() => go("")} aria-label="Back to the floor">‹ Floor</button>
			<h1>${tableLabel(table.name)}</h1>
			<span class=${`pill ${table.status}`} data-table-status=${table.status}>${word(table.status)}</span>
			<span class="muted">${plural(table.seats, "seat")}${table.area ? ` · ${table.area}` : ""}</span>
			<span class="grow"></span>
			${view === "order" && !orders.length && table.status !== "occupied" && html`<${TableStatus} table=${table} dispatch=${dispatch} />`}
			<nav class="tabs" aria-label="Table screens">
				<button aria-pressed=${view === "order"} onClick=${() => go(`table/${table.id}`)}>Order</button>
				<button aria-pressed=${view === "bill"} onClick=${() => go(`table/${table.id}/bill`)}>Bill</button>
			</nav>
		</div>
		${view === "bill"
			? html`<${BillScreen} table=${table} orders=${orders} bills=${state.bills} dispatch=${dispatch} reloadBills=${reloadBills} />`
			: html`<${OrderScreen} key=${table.id} table=${table} orders=${orders} known=${known} menu=${state.menu} dispatch=${dispatch} />`}
	</div>`;
}

/** A free table's state (reserved, being cleaned): staff may set it; orders and payments set it otherwise. */
function TableStatus({ table, dispatch }) {
	const set = async status => {
		const t = await attempt(() => api.patch(`/tables/${table.id}`, { status }), null, say);
		if (t) dispatch({ type: "table", table: t });
	};
	// A free table can be held or cleaned; a held or cleaned one made free again.
	const next = table.status === "available" ? ["reserved", "cleaning"] : ["available"];
	return html`<div class="row table-status" role="group" aria-label="Table state">
		${next
			.map(s => html`<button class="small" onClick=${() => set(s)}>Mark ${word(s).toLowerCase()}</button>`)}
	</div>`;
}

// ---------------------------------------------------------------------------------------------------------
// The order: what the kitchen has, and the round being built

function OrderScreen({ table, orders, known, menu, dispatch }) {
	const [draft, updateDraft, checked] = useDraft(table, orders, known);
	const menuItems = useMemo(() => new Map((menu ?? []).flatMap(c => c.items.map(i => [i.id, i]))), [menu]);

	const add = item => {
		if (!item.available) {
			toast(`${item.name} is sold out (86'd)`, "error");
			return;
		}
		updateDraft(d => {
			const lines = [...d.lines];
			// A line on its way to the kitchen is not changed: another of the same dish is a new line.
			const last = lines.findLastIndex(l => l.menuItemId === item.id && !d.send?.lines.includes(l.key));
			if (last >= 0 && !lines[last].notes) lines[last] = { ...lines[last], quantity: Math.min(99, lines[last].quantity + 1) };
			else lines.push({ key: newIdempotencyKey(), menuItemId: item.id, name: item.name, priceCents: item.priceCents, quantity: 1, notes: "" });
			return { ...d, lines };
		});
	};

	return html`<div class="order-screen">
		<${Draft} table=${table} order=${orders[orders.length - 1]} draft=${draft} checked=${checked} updateDraft=${updateDraft} menuItems=${menuItems} dispatch=${dispatch}>
			${orders.map(o => html`<${OrderCard} key=${o.id} order=${o} dispatch=${dispatch} />`)}
			${!orders.length && html`<div class="panel muted">No open order at this table. Add dishes from the menu, then send them to the kitchen.</div>`}
		</${Draft}>
		<${MenuPanel} menu=${menu} add=${add} />
	</div>`;
}

/**
 * Serving what is ready: one item, a round's ready items, or every ready item the waiter can see. The request
 * names the items, so nothing the screen does not show goes out; a refusal (another tablet served it first, a
 * dish went back) reads the order again.
 */
function useServe(dispatch) {
	const [busy, setBusy] = useState(() => new Set());
	const serve = async (order, items) => {
		const ids = items.map(i => i.id);
		setBusy(b => new Set([...b, ...ids]));
		const count = items.reduce((n, i) => n + i.quantity, 0);
		const what = items.length === 1 ? `${items[0].quantity}× ${items[0].name}` : plural(count, "item");
		const o = await attempt(() => api.post(`/orders/${order.id}/serve`, { itemIds: ids }), `Served: ${what}`, say);
		if (o) dispatch({ type: "orders", orders: [o] });
		else api.get(`/orders/${order.id}`).then(fresh => dispatch({ type: "orders", orders: [fresh] }), () => undefined);
		setBusy(b => new Set([...b].filter(id => !ids.includes(id))));
	};
	return [serve, id => busy.has(id)];
}

function OrderCard({ order, dispatch }) {
	const [voiding, setVoiding] = useState(null);
	const [cancelling, setCancelling] = useState(false);
	const [serve, serving] = useServe(dispatch);
	const ready = order.items.filter(i => i.status === "ready");
	const rounds = [...new Set(order.items.map(i => i.round))].sort((a, b) => a - b);

	return html`<section class="panel stack order-card" data-order-id=${order.id} data-status=${order.status} aria-label="Open order">
		<div class="row between">
			<h2>Order <span class=${`pill ${order.status}`} data-order-status>${word(order.status)}</span></h2>
			<span class="num order-total">${money(order.totalCents)}</span>
		</div>
		${order.notes && html`<p class="order-notes" data-order-notes><strong>Note:</strong> ${order.notes}</p>`}
		${rounds.map(r => {
			const items = order.items.filter(i => i.round === r);
			const readyHere = items.filter(i => i.status === "ready");
			// A round's ready dishes in one tap, when they are not all the order has ready (that is "Serve all").
			const roundButton = readyHere.length > 1 && readyHere.length < ready.length;
			return html`<div class="round" data-round=${r}>
				<div class="row between round-head">
					<h3 class="muted">Round ${r}</h3>
					${roundButton &&
					html`<button class="small ok" aria-label=${`Serve round ${r}: ${readyHere.length} ready`} disabled=${readyHere.some(i => serving(i.id))} onClick=${() => serve(order, readyHere)}>
						Serve ${readyHere.length} ready
					</button>`}
				</div>
				<ul class="items">
					${items.map(
						i => html`<li class=${`item status-${i.status}`} data-item-id=${i.id} data-status=${i.status}>
							<span class="qty">${i.quantity}×</span>
							<span class="grow"><span class="item-name">${i.name}</span>${i.notes && html`<span class="item-notes">${i.notes}</span>`}${i.voidReason &&
								html`<span class="item-notes">Voided: ${i.voidReason}</span>`}</span>
							<span class=${`pill ${i.status}`} data-item-status>${word(i.status)}</span>
							${i.status === "ready" &&
							html`<button class="small ok" aria-label=${`Serve ${i.name}`} disabled=${serving(i.id)} onClick=${() => serve(order, [i])}>Serve</button>`}
							${i.status !== "voided" && i.status !== "served" && (i.status !== "ready" || isAdmin) && html`<button class="small danger" aria-label=${`Void ${i.name}`} onClick=${() => setVoiding(i)}>Void</button>`}
						</li>`,
					)}
				</ul>
			</div>`;
		})}
		<div class="row order-actions" data-keep-clear>
			<button class="ok" aria-label=${`Serve all ${ready.length} ready`} disabled=${!ready.length || ready.some(i => serving(i.id))} onClick=${() => serve(order, ready)}>
				Serve all ready${ready.length ? ` (${ready.length})` : ""}
			</button>
			<button onClick=${() => go(`table/${order.tableId}/bill`)}>Bill</button>
			<span class="grow"></span>
			<button class="danger" onClick=${() => setCancelling(true)}>Cancel order</button>
		</div>
		${voiding &&
		html`<${ReasonModal}
			title=${`Void ${voiding.quantity}× ${voiding.name}`}
			confirm="Void item"
			onClose=${() => setVoiding(null)}
			onSubmit=${async reason => dispatch({ type: "orders", orders: [await api.post(`/orders/${order.id}/items/${voiding.id}/void`, { reason })] })}
			done=${`${voiding.name} voided`}
		/>`}
		${cancelling &&
		html`<${ReasonModal}
			title="Cancel the whole order"
			confirm="Cancel order"
			onClose=${() => setCancelling(false)}
			onSubmit=${async reason => dispatch({ type: "orders", orders: [await api.post(`/orders/${order.id}/cancel`, { reason })] })}
			done="Order cancelled"
		/>`}
	</section>`;
}

/** Asks why (voids, cancellations, discounts); a refusal stays on screen, with the reason still typed. */
function ReasonModal({ title, confirm, onClose, onSubmit, done, children, extraValid = true }) {
	const [reason, setReason] = useState("");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const submit = async e => {
		e.preventDefault();
		if (!reason.trim()) return setError("Give a reason.");
		setBusy(true);
		setError("");
		try {
			await onSubmit(reason.trim());
			if (done) toast(done, "success");
			onClose();
		} catch (err) {
			setError(say(err));
			setBusy(false);
		}
	};
	return html`<${Modal} title=${title} onClose=${onClose}>
		<form class="stack" onSubmit=${submit}>
			${children}
			<label>Reason <input value=${reason} maxlength="200" onInput=${e => setReason(e.target.value)} autofocus /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Back</button>
				<button type="submit" class="primary" disabled=${busy || !extraValid}>${busy ? "Working…" : confirm}</button>
			</div>
		</form>
	</${Modal}>`;
}

/**
 * The round being built, kept on the tablet (per waiter and table) so a failed send or a reload loses nothing.
 * `{lines, notes?, orderId, since, send?}`: `send` is the request for the round on its way to the kitchen
 * (`{path, body, key, lines}`, `lines` the keys of the draft lines in it), kept until the server answers so a
 * retry is that same request. A draft belongs to one party: `orderId` is the order it was started for (null:
 * started at an empty table, so it is for the table's next order), `since` when it was started. Once that
 * order is paid or cancelled — or, started at an empty table, an order has come and gone since — it is dropped,
 * so the next guests never find the last party's dishes waiting. Returns [draft, update, checked]: the lines
 * show once `checked` says the draft is this party's.
 */
function useDraft(table, orders, known) {
	const storageKey = `brigade.floor.draft.${user.id}.${table.id}`;
	const read = () => {
		try {
			const d = JSON.parse(localStorage.getItem(storageKey) ?? "null") ?? { lines: [] };
			// A send saved by an older floor (no request in it) cannot be retried as it was: the round sends anew.
			if (d.send && !(d.send.path && d.send.body && d.send.key && Array.isArray(d.send.lines))) delete d.send;
			return d;
		} catch {
			return { lines: [] };
		}
	};
	const [draft, setDraft] = useState(read);
	const latest = useRef(draft);
	latest.current = draft;
	const stored = useRef(true);
	const current = orders[orders.length - 1];
	const currentRef = useRef(current);
	currentRef.current = current;
	// The stored copy is the truth (a send that answers after the waiter left the table still updates it), unless
	// this tablet cannot store anything: then the copy on screen is.
	const update = useCallback(
		fn => {
			let next = fn(stored.current ? read() : latest.current);
			const kept = next.lines.length > 0 || Boolean(next.send) || Boolean(next.notes?.trim());
			if (!kept) next = { lines: [] };
			// The first dish (or note) says whose draft it is: the open order's, or the table's next one.
			else if (!next.since) next = { ...next, orderId: currentRef.current?.id ?? null, since: new Date().toISOString() };
			try {
				if (kept) localStorage.setItem(storageKey, JSON.stringify(next));
				else localStorage.removeItem(storageKey);
				stored.current = true;
			} catch {
				stored.current = false;
			}
			latest.current = next;
			setDraft(next);
		},
		[storageKey],
	);

	// Whose is it? Checked on opening the table and whenever its orders change.
	const [checkedFor, setCheckedFor] = useState(null);
	const openIds = orders.map(o => o.id).join();
	const knownHere = known.map(o => `${o.id}:${o.status}`).join();
	useEffect(() => {
		let live = true;
		const d = stored.current ? read() : latest.current;
		const stamp = `${openIds}|${knownHere}`;
		draftOwner(d, table, orders, known).then(verdict => {
			if (!live) return;
			if (verdict === "drop") {
				update(() => ({ lines: [] }));
				toast(`The unsent dishes left from the last party at table ${table.name} were cleared`, "info");
			} else if (verdict !== "keep") update(x => ({ ...x, orderId: verdict }));
			setCheckedFor(stamp);
		});
		return () => {
			live = false;
		};
	}, [storageKey, openIds, knownHere]);
	// Nothing to doubt (empty, on its way, or its order is open here) shows at once; anything else once checked.
	const plainlyHere = !draft.lines.length || Boolean(draft.send) || orders.some(o => o.id === draft.orderId);
	return [draft, update, plainlyHere || checkedFor !== null];
}

const CLOSED_ORDER = ["paid", "cancelled"];

/** "keep", "drop", or the id of the open order a draft started at an empty table now belongs to. */
async function draftOwner(d, table, orders, known) {
	if ((!d.lines.length && !d.notes?.trim()) || d.send) return "keep"; // a round on its way is settled by its answer
	if (d.orderId) {
		if (orders.some(o => o.id === d.orderId)) return "keep";
		// Not open here: closed as far as this tablet heard, or else ask (pushes missed while it was away).
		const heard = known.find(o => o.id === d.orderId)?.status;
		const status = CLOSED_ORDER.includes(heard)
			? heard
			: await api.get(`/orders/${d.orderId}`).then(
					o => o.status,
					err => (err instanceof ApiError && err.status === 404 ? "cancelled" : null),
				);
		return CLOSED_ORDER.includes(status) ? "drop" : "keep";
	}
	// Started at an empty table: the order placed there since is its order; one that came and went was its party's.
	const open = orders[orders.length - 1];
	if (open) return open.id;
	const since = d.since ?? "";
	const closedSince = list => list.some(o => o.tableId === table.id && o.createdAt > since && CLOSED_ORDER.includes(o.status));
	if (closedSince(known)) return "drop";
	const listed = await api.get("/orders", { tableId: table.id, limit: 20 }).catch(() => []);
	return closedSince(listed) ? "drop" : "keep";
}

/** The kitchen answered (2xx or a refusal): the request is settled. No answer, or "still running": keep it for a retry. */
const answered = err => err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429 && err.code !== "IDEMPOTENCY_KEY_IN_USE";
const withoutSend = ({ send, ...d }) => d;

/**
 * The round being built, under the table's open orders (`children`), with its Send bar fixed at the foot of the
 * column so the screen's main action is always in view. A send whose answer is lost is confirmed by itself: the
 * same request (path, body, key) goes again until the server answers, and the screen says so.
 */
function Draft({ table, order, draft, checked, updateDraft, menuItems, dispatch, children }) {
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState("");
	/** After an answer went missing: `{tries, offline}` while the same request is being sent again. */
	const [confirming, setConfirming] = useState(null);
	const [confirmed, setConfirmed] = useState("");
	const draftRef = useRef(draft);
	draftRef.current = draft;
	const confirmingRef = useRef(confirming);
	confirmingRef.current = confirming;
	const busyRef = useRef(false);
	const retry = useRef(null);
	const mounted = useRef(true);
	const scroller = useRef(null);
	const pending = draft.send ?? null;
	const onItsWay = l => pending?.lines.includes(l.key) ?? false;
	const soldOut = draft.lines.filter(l => menuItems.get(l.menuItemId)?.available === false || (menuItems.size && !menuItems.has(l.menuItemId)));
	const setLine = (key, patch) => updateDraft(d => ({ ...d, lines: d.lines.map(l => (l.key === key ? { ...l, ...patch } : l)) }));
	const removeLine = key => updateDraft(d => ({ ...d, lines: d.lines.filter(l => l.key !== key) }));

	const send = async () => {
		if (busyRef.current) return;
		clearTimeout(retry.current);
		// A round already on its way goes again exactly as it went (path, body, key), whatever the table shows now:
		// its answer may have been lost after the kitchen took it, and only the same request is safe to repeat.
		const d = draftRef.current;
		let request = d.send ?? null;
		if (!request) {
			if (!d.lines.length) return;
			const items = d.lines.map(l => ({ menuItemId: l.menuItemId, quantity: l.quantity, ...(l.notes.trim() && { notes: l.notes.trim() }) }));
			const notes = d.notes?.trim();
			request = order
				? { path: `/orders/${order.id}/items`, body: { items }, key: newIdempotencyKey(), lines: d.lines.map(l => l.key) }
				: { path: "/orders", body: { tableId: table.id, items, ...(notes && { notes }) }, key: newIdempotencyKey(), lines: d.lines.map(l => l.key) };
			updateDraft(x => ({ ...x, send: request }));
		}
		busyRef.current = true;
		setBusy(true);
		setError("");
		setConfirmed("");
		try {
			let placed;
			try {
				placed = await api.post(request.path, request.body, { idempotencyKey: request.key });
			} catch (err) {
				// Another tablet opened this table a moment ago: this round joins its order (same key, kept for a retry).
				if (!(request.path === "/orders" && err instanceof ApiError && err.code === "TABLE_HAS_OPEN_ORDER" && err.details?.orderId)) throw err;
				request = { ...request, path: `/orders/${err.details.orderId}/items`, body: { items: request.body.items } };
				updateDraft(x => ({ ...x, send: request }));
				placed = await api.post(request.path, request.body, { idempotencyKey: request.key });
			}
			dispatch({ type: "orders", orders: [placed] });
			// Only what went: dishes tapped while it was on its way stay for the next round.
			const sent = new Set(request.lines);
			updateDraft(x => ({ ...withoutSend(x), lines: x.lines.filter(l => !sent.has(l.key)), notes: request.path === "/orders" ? "" : x.notes }));
			const what = plural(request.body.items.reduce((n, i) => n + i.quantity, 0), "item");
			if (confirmingRef.current) setConfirmed(`Round confirmed: the kitchen has it (${what}), once.`);
			else toast(`Sent to the kitchen: ${what}`, "success");
			setConfirming(null);
		} catch (err) {
			if (answered(err)) {
				updateDraft(withoutSend);
				setConfirming(null);
				if (err instanceof ApiError && err.code === "ITEM_UNAVAILABLE") {
					for (const id of err.details?.menuItemIds ?? []) {
						const item = menuItems.get(id);
						if (item) dispatch({ type: "menuItem", item: { ...item, available: false } });
					}
				}
				setError(say(err));
			} else {
				// No answer: the kitchen may well have the round already. The same request goes again by itself.
				const tries = (confirmingRef.current?.tries ?? 0) + 1;
				setConfirming({ tries, offline: err instanceof ApiError && err.code === "OFFLINE" });
				if (mounted.current) retry.current = setTimeout(() => sendRef.current(), Math.min(1000 * 2 ** (tries - 1), 10_000));
			}
		} finally {
			busyRef.current = false;
			setBusy(false);
		}
	};
	const sendRef = useRef(send);
	sendRef.current = send;

	useEffect(() => {
		// A round left on its way (the waiter went to another table, the tablet reloaded): confirm it now.
		if (draftRef.current.send) {
			confirmingRef.current = { tries: 0, offline: false };
			setConfirming(confirmingRef.current);
			sendRef.current();
		}
		// The connection is back: confirm at once rather than at the next try.
		const again = () => confirmingRef.current && sendRef.current();
		addEventListener("online", again);
		return () => {
			mounted.current = false;
			clearTimeout(retry.current);
			removeEventListener("online", again);
		};
	}, []);

	// A dish added, or the round's state changing, shows in the list: scrolled into view above the Send bar.
	const count = draft.lines.length;
	const before = useRef(count);
	useEffect(() => {
		if (count > before.current) setConfirmed("");
		before.current = count;
		scroller.current?.querySelector("[data-draft-line]:last-of-type")?.scrollIntoView({ block: "nearest" });
	}, [count, Boolean(pending), confirming?.tries]);

	const editable = draft.lines.filter(l => !onItsWay(l));
	const total = draft.lines.reduce((s, l) => s + l.quantity * (menuItems.get(l.menuItemId)?.priceCents ?? l.priceCents ?? 0), 0);
	// A retry is the same request: a dish sold out since cannot change it (a replay of a send that did arrive still answers).
	const blocked = !pending && soldOut.length > 0;
	const newOrder = pending ? pending.path === "/orders" : !order;
	const lines = checked ? draft.lines : [];
	// True whatever happened: the round may be in the kitchen already (its answer was lost) or not yet; asking
	// again with the same key finds out, and never orders it twice.
	const confirmingNote =
		confirming?.offline && (confirming.tries > 1 || !navigator.onLine)
			? "This round is being confirmed: waiting for the connection to Brigade. It goes again by itself, and is never ordered twice."
			: "This round is being confirmed with the kitchen: its answer did not arrive, so Brigade is asked again. It is never ordered twice.";
	return html`<div class="order-side">
		<div class="stack order-scroll" ref=${scroller}>
			${children}
			<section class="panel stack draft" aria-label="New round" data-pending=${pending ? "true" : "false"} data-checked=${String(checked)}>
				<div class="row between">
					<h2>${newOrder ? "New order" : "Next round"}</h2>
					${lines.length > 0 && html`<span class="num muted">${money(total)}</span>`}
				</div>
				${newOrder &&
				html`<label class="order-note-field"
					>Note for the whole order
					<input
						maxlength="500"
						placeholder="Allergies, an occasion, the pace (nut allergy, birthday…)"
						value=${draft.notes ?? ""}
						disabled=${Boolean(pending)}
						onInput=${e => updateDraft(d => ({ ...d, notes: e.target.value }))}
				/></label>`}
				${!lines.length && html`<p class="muted">Tap dishes on the menu to add them.</p>`}
				<ul class="draft-lines">
					${lines.map(l => {
						const out = soldOut.includes(l);
						const going = onItsWay(l);
						return html`<li class=${`${out ? "sold-out" : ""} ${going ? "on-its-way" : ""}`} data-draft-line data-menu-item-id=${l.menuItemId} data-sending=${going ? "true" : "false"}>
							<div class="row">
								<span class="grow item-name">${l.name}${going ? html` <span class="pill sending">${confirming ? "Confirming" : "Sending"}</span>` : out && html` <span class="pill unavailable">Sold out</span>`}</span>
								<button class="small" aria-label=${`Fewer ${l.name}`} disabled=${going || l.quantity <= 1} onClick=${() => setLine(l.key, { quantity: l.quantity - 1 })}>−</button>
								<span class="qty" aria-label=${`Quantity of ${l.name}`}>${l.quantity}</span>
								<button class="small" aria-label=${`More ${l.name}`} disabled=${going || l.quantity >= 99} onClick=${() => setLine(l.key, { quantity: l.quantity + 1 })}>+</button>
								<button class="small danger" aria-label=${`Remove ${l.name}`} disabled=${going} onClick=${() => removeLine(l.key)}>✕</button>
							</div>
							<input class="note" aria-label=${`Note for ${l.name}`} placeholder="Note for the kitchen (no onions, medium rare…)" maxlength="200" value=${l.notes} disabled=${going} onInput=${e => setLine(l.key, { notes: e.target.value })} />
						</li>`;
					})}
				</ul>
				${soldOut.length > 0 && !pending && html`<p class="error-text" role="alert">Sold out now: ${soldOut.map(l => l.name).join(", ")}. Take it off the round to send.</p>`}
			</section>
		</div>
		<div class="panel stack draft-footer" aria-label="Send the round" role="group" data-keep-clear>
			${error && html`<p class="error-text" role="alert" data-send-error>${error}</p>`}
			${pending &&
			(confirming || !busy) &&
			html`<p class="send-pending" role="status" data-send-pending>
				${confirmingNote}${editable.length > 0 && " Dishes added since go in the next send."}
			</p>`}
			${confirmed && html`<p class="send-confirmed" role="status" data-send-confirmed>${confirmed}</p>`}
			<div class="row">
				<button class="primary grow" disabled=${busy || (!pending && !lines.length) || blocked} onClick=${() => send()}>${busy && !confirming ? "Sending…" : "Send to kitchen"}</button>
				${editable.length > 0 && html`<button onClick=${() => updateDraft(d => ({ ...d, lines: d.lines.filter(onItsWay) }))}>Clear</button>`}
			</div>
		</div>
	</div>`;
}

function MenuPanel({ menu, add }) {
	const [categoryId, setCategoryId] = useState(null);
	if (!menu) return html`<section class="panel menu-panel"><p class="muted">Loading the menu…</p></section>`;
	const categories = menu.filter(c => c.items.length);
	const current = categories.find(c => c.id === categoryId) ?? categories[0];
	return html`<section class="panel stack menu-panel" aria-label="Menu">
		<div class="row categories" role="group" aria-label="Menu categories">
			${categories.map(c => html`<button class="small" aria-pressed=${c === current} data-category-id=${c.id} onClick=${() => setCategoryId(c.id)}>${c.name}</button>`)}
		</div>
		${!current && html`<p class="muted">The menu is empty.</p>`}
		<div class="menu-items">
			${current?.items.map(
				i => html`<button
					class=${`menu-item ${i.available ? "" : "unavailable"}`}
					data-menu-item-id=${i.id}
					data-available=${String(i.available)}
					disabled=${!i.available}
					aria-label=${`${i.name}, ${money(i.priceCents)}${i.available ? "" : ", sold out"}`}
					onClick=${() => add(i)}
				>
					<span class="menu-item-name">${i.name}</span>
					<span class="menu-item-price">${i.available ? money(i.priceCents) : "Sold out"}</span>
				</button>`,
			)}
		</div>
	</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// The bill

function BillScreen({ table, orders, bills, dispatch, reloadBills }) {
	const mine = Object.values(bills).filter(b => b.tableId === table.id);
	const partsOf = root => mine.filter(b => b.parentId === root.id).sort((a, b) => a.split.part - b.split.part);
	const roots = mine.filter(b => !b.parentId).sort((a, b) => b.createdAt.localeCompare(a.createdAt));
	const active = roots.find(r => r.status === "open" || (r.status === "void" && partsOf(r).some(p => p.status === "open")));
	// With nothing left to pay and nothing still open at the table, the last bill stays in view (paid).
	const shown = active ?? (orders.length ? null : roots[0]);
	const refresh = () => reloadBills(table.id);

	return html`<div class="bill-screen">
		${orders.length > 0 && !active && html`<${CreateBill} table=${table} orders=${orders} dispatch=${dispatch} />`}
		${shown ? html`<${BillView} root=${shown} parts=${partsOf(shown)} dispatch=${dispatch} refresh=${refresh} />` : !orders.length && html`<div class="panel muted">Nothing to bill at this table.</div>`}
	</div>`;
}

function CreateBill({ table, orders, dispatch }) {
	const [busy, setBusy] = useState(false);
	const [problem, setProblem] = useState(null);
	const keyRef = useRef(null);
	const total = orders.reduce((s, o) => s + o.totalCents, 0);
	const create = async () => {
		keyRef.current ??= newIdempotencyKey();
		setBusy(true);
		setProblem(null);
		try {
			const bill = await api.post("/billing/bills", { tableId: table.id }, { idempotencyKey: keyRef.current });
			keyRef.current = null;
			dispatch({ type: "bills", bills: [bill] });
		} catch (err) {
			// A refusal will not change by retrying the same key; a lost connection might have gone through.
			if (err instanceof ApiError && err.status >= 400 && err.status < 500) keyRef.current = null;
			setProblem({ message: say(err), items: err instanceof ApiError && err.code === "ORDER_NOT_SERVED" ? (err.details?.items ?? []) : null });
		} finally {
			setBusy(false);
		}
	};
	// What still stands between the table and its bill, as it is now: it follows the kitchen and the waiter live.
	const notServed = orders.flatMap(o => o.items).filter(i => i.status !== "served" && i.status !== "voided");
	const refused = Boolean(problem?.items);
	const [serve, serving] = useServe(dispatch);
	const readyNow = notServed.filter(i => i.status === "ready");
	const serveReady = () => Promise.all(orders.map(o => o.items.filter(i => i.status === "ready")).map((items, k) => items.length && serve(orders[k], items)));
	return html`<section class="panel stack create-bill" aria-label="Create the bill">
		<div class="row between">
			<h2>Bill for table ${table.name}</h2>
			<span class="num">${money(total)} ordered</span>
		</div>
		${notServed.length > 0 &&
		html`<div class=${refused ? "problem" : "waiting-list"} role=${refused ? "alert" : "status"} data-bill-error=${refused ? "" : undefined} data-not-served>
			<p class=${refused ? "error-text" : ""}>Not served yet — serve or void these, then create the bill:</p>
			<ul>
				${notServed.map(i => html`<li data-item-id=${i.id} data-status=${i.status}>${i.quantity}× ${i.name} — <span class=${`pill ${i.status}`}>${word(i.status)}</span></li>`)}
			</ul>
			${readyNow.length > 0 &&
			html`<button class="ok" aria-label=${`Serve all ${readyNow.length} ready`} disabled=${readyNow.some(i => serving(i.id))} onClick=${serveReady}>
				Serve the ${plural(readyNow.length, "ready item")}
			</button>`}
		</div>`}
		${refused && !notServed.length && html`<p class="ok-text" role="status">Everything is served now: create the bill.</p>`}
		${problem && !refused && html`<div class="problem" role="alert" data-bill-error><p class="error-text">${problem.message}</p></div>`}
		<div><button class="primary" disabled=${busy} onClick=${create}>${busy ? "Creating…" : "Create bill"}</button></div>
	</section>`;
}

function BillView({ root, parts, dispatch, refresh }) {
	const [splitting, setSplitting] = useState(false);
	const [evenParts, setEvenParts] = useState(2);
	const [discounting, setDiscounting] = useState(null);
	const canSplit = root.status === "open" && !root.parentId && root.paidCents === 0 && root.pendingCents === 0;
	const payable = parts.length ? parts : [root];
	const settled = root.status === "paid" || (root.status === "void" && parts.length > 0 && parts.every(p => p.status === "paid"));

	const splitEven = async () => {
		const made = await attempt(() => api.post(`/billing/bills/${root.id}/split`, { mode: "even", parts: evenParts }), `Split in ${evenParts}`, say);
		if (made) {
			dispatch({ type: "bills", bills: made });
			refresh();
		}
	};

	return html`${settled && html`<p class="panel paid-banner" role="status">Paid in full. The table is free again once nothing else is open at it.</p>`}
	<div class="bill-view">
		<section class="panel stack bill-summary" data-bill-id=${root.id} data-status=${root.status} aria-label="Bill">
			<div class="row between">
				<h2>Bill · ${tableLabel(root.tableName)}</h2>
				<span class=${`pill ${root.status === "void" ? "split" : root.status}`}>${root.status === "void" ? `Split in ${parts.length}` : word(root.status)}</span>
			</div>
			<table class="list bill-lines">
				<thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Amount</th></tr></thead>
				<tbody>
					${root.lines.map(l => html`<tr data-line-id=${l.id}><td>${l.name}</td><td class="num">${l.quantity}</td><td class="num">${money(l.amountCents)}</td></tr>`)}
				</tbody>
			</table>
			<${Totals} bill=${root} parts=${parts} />
			${root.status === "open" &&
			html`<div class="row bill-actions">
				${canSplit &&
				html`<div class="row even-split" role="group" aria-label="Split evenly">
					<button class="small" aria-label="Fewer parts" disabled=${evenParts <= 2} onClick=${() => setEvenParts(n => n - 1)}>−</button>
					<span class="qty" aria-label="Parts">${evenParts}</span>
					<button class="small" aria-label="More parts" disabled=${evenParts >= 20} onClick=${() => setEvenParts(n => n + 1)}>+</button>
					<button onClick=${splitEven}>Split evenly in ${evenParts}</button>
				</div>`}
				${canSplit && root.lines.length > 1 && html`<button onClick=${() => setSplitting(true)}>Split by items</button>`}
				${isAdmin && html`<button onClick=${() => setDiscounting(root)}>Discount</button>`}
			</div>`}
		</section>
		<div class="stack bill-parts">
			${payable.map(b => html`<${BillPart} key=${b.id} bill=${b} split=${parts.length > 0} refresh=${refresh} dispatch=${dispatch} discount=${() => setDiscounting(b)} />`)}
		</div>
		${splitting && html`<${SplitByItems} bill=${root} onClose=${() => setSplitting(false)} dispatch=${dispatch} refresh=${refresh} />`}
		${discounting && html`<${DiscountModal} bill=${discounting} onClose=${() => setDiscounting(null)} dispatch=${dispatch} />`}
	</div>`;
}

function Totals({ bill, parts = [] }) {
	const row = (label, cents, cls = "") => html`<tr class=${cls}><th>${label}</th><td class="num">${money(cents)}</td></tr>`;
	// A split whole is paid through its parts: show what they add up to (display only; the server keeps the books).
	const sum = key => parts.reduce((s, p) => s + p[key], 0);
	const split = bill.status === "void" && parts.length > 0;
	const paid = split ? sum("paidCents") : bill.paidCents;
	const tips = split ? sum("tipCents") : bill.tipCents;
	const pending = split ? sum("pendingCents") : bill.pendingCents;
	const balance = split ? sum("balanceCents") : bill.balanceCents;
	return html`<table class="totals" aria-label="Totals">
		<tbody>
			${row("Subtotal", bill.subtotalCents)}
			${bill.discountCents > 0 && html`<tr><th>Discount${bill.discountReason ? html` <span class="muted">(${bill.discountReason})</span>` : ""}</th><td class="num">−${money(bill.discountCents)}</td></tr>`}
			${row("Service charge", bill.serviceChargeCents)}
			${row("Tax", bill.taxCents)}
			${row("Total", bill.totalCents, "total")}
			${row(split ? "Paid (all parts)" : "Paid", paid)}
			${tips > 0 && row("Tips", tips)}
			${pending > 0 && row("Waiting for the card machine", pending)}
			${row(split ? "Left to pay (all parts)" : "Balance", balance, "balance")}
		</tbody>
	</table>`;
}

/** One part's money on a line or two: what a waiter reads at a glance. */
function PartTotals({ bill }) {
	const stat = (label, cents, cls = "") => html`<div class=${`stat ${cls}`}><span class="muted">${label}</span><strong class="num">${money(cents)}</strong></div>`;
	const extras = [
		bill.discountCents > 0 && `discount −${money(bill.discountCents)}${bill.discountReason ? ` (${bill.discountReason})` : ""}`,
		bill.serviceChargeCents > 0 && `service ${money(bill.serviceChargeCents)}`,
		bill.taxCents > 0 && `tax ${money(bill.taxCents)}`,
	].filter(Boolean);
	return html`<div class="part-totals">
		<div class="stats">
			${stat("Total", bill.totalCents)} ${stat("Paid", bill.paidCents)} ${bill.tipCents > 0 && stat("Tips", bill.tipCents)}
			${bill.pendingCents > 0 && stat("Pending", bill.pendingCents)} ${stat("Balance", bill.balanceCents, "balance")}
		</div>
		${extras.length > 0 && html`<p class="muted">Subtotal ${money(bill.subtotalCents)}; ${extras.join(", ")}</p>`}
	</div>`;
}

function BillPart({ bill, split, refresh, dispatch, discount }) {
	return html`<section class="panel stack bill-part" data-bill-id=${bill.id} data-status=${bill.status} aria-label=${split ? `Part ${bill.split.part} of ${bill.split.parts}` : "Payment"}>
		<div class="row between">
			<h2>${split ? `Part ${bill.split.part} of ${bill.split.parts}` : "Payment"}</h2>
			<span class=${`pill ${bill.status}`} data-part-status>${word(bill.status)}</span>
		</div>
		${split && bill.lines.length > 0 && html`<p class="muted">${bill.lines.map(l => `${l.quantity}× ${l.name}`).join(", ")}</p>`}
		<${PartTotals} bill=${bill} />
		${bill.payments.length > 0 &&
		html`<ul class="payments">
			${bill.payments.map(
				p => html`<li data-payment-id=${p.id} data-status=${p.status}>
					<span class="grow">${p.method === "card" ? "Card" : "Cash"} ${money(p.amountCents)}${p.tipCents > 0 ? ` + ${money(p.tipCents)} tip` : ""}${p.failureReason ? ` — ${p.failureReason}` : ""}</span>
					<span class=${`pill ${p.status}`}>${word(p.status)}</span>
				</li>`,
			)}
		</ul>`}
		${bill.status === "open" && html`<${PayForm} bill=${bill} refresh=${refresh} dispatch=${dispatch} />`}
		${bill.status === "open" && split && isAdmin && html`<div><button class="small" onClick=${discount}>Discount this part</button></div>`}
	</section>`;
}

function PayForm({ bill, refresh, dispatch }) {
	const [method, setMethod] = useState("cash");
	const [amount, setAmount] = useState(null);
	const [tip, setTip] = useState("");
	const [cardToken, setCardToken] = useState("tok_visa");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const attemptRef = useRef(null);
	const amountText = amount ?? centsText(bill.balanceCents);

	const pay = async e => {
		e.preventDefault();
		const amountCents = parseCents(amountText);
		const tipCents = tip.trim() ? parseCents(tip) : 0;
		if (!amountCents) return setError("Enter the amount to pay, e.g. 12.50.");
		if (tipCents === null) return setError("Enter the tip as an amount, e.g. 2.00 (or leave it empty).");
		if (amountCents > bill.balanceCents) return setError(`That is more than the ${money(bill.balanceCents)} left to pay.`);
		if (method === "card" && !cardToken.trim()) return setError("Read the card first (no card token).");
		const body = { method, amountCents, tipCents, ...(method === "card" && { cardToken: cardToken.trim() }) };
		// One key per payment attempt: a retry after a lost answer reuses it, so the guest is never charged twice.
		const fingerprint = JSON.stringify(body);
		if (attemptRef.current?.fingerprint !== fingerprint) attemptRef.current = { fingerprint, key: newIdempotencyKey() };
		setBusy(true);
		setError("");
		try {
			const payment = await api.post(`/billing/bills/${bill.id}/payments`, body, { idempotencyKey: attemptRef.current.key });
			attemptRef.current = null;
			if (payment.status === "failed") throw new ApiError(402, { code: "PAYMENT_DECLINED", message: payment.failureReason ?? "Declined" });
			toast(`${method === "card" ? "Card" : "Cash"} payment of ${money(amountCents)}${tipCents ? ` + ${money(tipCents)} tip` : ""} taken`, "success");
			setAmount(null);
			setTip("");
		} catch (err) {
			// Declined is an answer: the next try is a new attempt. Anything else may be retried as it is.
			if (err instanceof ApiError && err.code === "PAYMENT_DECLINED") attemptRef.current = null;
			setError(say(err));
		} finally {
			setBusy(false);
			try {
				dispatch({ type: "bills", bills: [await api.get(`/billing/bills/${bill.id}`)] });
			} catch {
				refresh();
			}
		}
	};

	return html`<form class="stack pay-form" onSubmit=${pay} aria-label="Take a payment">
		<div class="row" role="group" aria-label="Payment method">
			<button type="button" aria-pressed=${method === "cash"} onClick=${() => setMethod("cash")}>Cash</button>
			<button type="button" aria-pressed=${method === "card"} onClick=${() => setMethod("card")}>Card</button>
		</div>
		<div class="field-row">
			<label>Amount <input inputmode="decimal" value=${amountText} onInput=${e => setAmount(e.target.value)} /></label>
			<label>Tip <input inputmode="decimal" placeholder="0.00" value=${tip} onInput=${e => setTip(e.target.value)} /></label>
			${method === "card" && html`<label>Card token <input value=${cardToken} autocapitalize="none" onInput=${e => setCardToken(e.target.value)} /></label>`}
		</div>
		${error && html`<p class="error-text" role="alert" data-pay-error>${error}</p>`}
		<button type="submit" class="ok" disabled=${busy}>${busy ? "Taking payment…" : method === "card" ? "Charge card" : "Take cash"}</button>
	</form>`;
}

function SplitByItems({ bill, onClose, dispatch, refresh }) {
	const [parts, setParts] = useState(2);
	const [groupOf, setGroupOf] = useState(() => Object.fromEntries(bill.lines.map((l, i) => [l.id, (i % 2) + 1])));
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const groups = Array.from({ length: parts }, (_, k) => bill.lines.filter(l => groupOf[l.id] === k + 1).map(l => l.id)).filter(g => g.length);
	const submit = async () => {
		if (groups.length < 2) return setError("Put the items in at least two parts.");
		setBusy(true);
		setError("");
		try {
			dispatch({ type: "bills", bills: await api.post(`/billing/bills/${bill.id}/split`, { mode: "items", groups }) });
			refresh();
			toast(`Split in ${groups.length}`, "success");
			onClose();
		} catch (err) {
			setError(say(err));
			setBusy(false);
		}
	};
	return html`<${Modal} title="Split by items" onClose=${onClose}>
		<div class="row">
			<span>Parts</span>
			<button class="small" aria-label="Fewer parts" disabled=${parts <= 2} onClick=${() => setParts(n => n - 1)}>−</button>
			<span class="qty">${parts}</span>
			<button class="small" aria-label="More parts" disabled=${parts >= Math.min(20, bill.lines.length)} onClick=${() => setParts(n => n + 1)}>+</button>
		</div>
		<table class="list">
			<tbody>
				${bill.lines.map(
					l => html`<tr data-line-id=${l.id}>
						<td>${l.quantity}× ${l.name}<br /><span class="muted">${money(l.amountCents)}</span></td>
						<td>
							<div class="row" role="group" aria-label=${`Part for ${l.name}`}>
								${Array.from({ length: parts }, (_, k) => html`<button class="small" aria-pressed=${groupOf[l.id] === k + 1} aria-label=${`${l.name} in part ${k + 1}`} onClick=${() => setGroupOf(g => ({ ...g, [l.id]: k + 1 }))}>${k + 1}</button>`)}
							</div>
						</td>
					</tr>`,
				)}
			</tbody>
		</table>
		${error && html`<p class="error-text" role="alert">${error}</p>`}
		<div class="actions">
			<button onClick=${onClose}>Back</button>
			<button class="primary" disabled=${busy} onClick=${submit}>Split in ${groups.length}</button>
		</div>
	</${Modal}>`;
}

function DiscountModal({ bill, onClose, dispatch }) {
	const [kind, setKind] = useState("percent");
	const [value, setValue] = useState("");
	const parsed = kind === "percent" ? (/^\d{1,3}([.,]\d{1,4})?$/.test(value.trim()) ? Number(value.trim().replace(",", ".")) : null) : parseCents(value);
	const valid = parsed !== null && (kind === "amount" || parsed <= 100);
	return html`<${ReasonModal}
		title=${bill.split ? `Discount part ${bill.split.part}` : "Discount the bill"}
		confirm="Apply discount"
		onClose=${onClose}
		extraValid=${valid}
		done="Discount applied"
		onSubmit=${async reason => {
			const body = kind === "percent" ? { percent: parsed, reason } : { amountCents: parsed, reason };
			dispatch({ type: "bills", bills: [await api.post(`/billing/bills/${bill.id}/discount`, body)] });
		}}
	>
		<div class="row" role="group" aria-label="Discount kind">
			<button type="button" aria-pressed=${kind === "percent"} onClick=${() => setKind("percent")}>Percent</button>
			<button type="button" aria-pressed=${kind === "amount"} onClick=${() => setKind("amount")}>Amount</button>
		</div>
		<label>${kind === "percent" ? "Percent off" : "Amount off"} <input inputmode="decimal" value=${value} onInput=${e => setValue(e.target.value)} /></label>
		<p class="muted">Subtotal ${money(bill.subtotalCents)}${bill.discountCents ? `; replaces the current ${money(bill.discountCents)} discount` : ""}.</p>
	</${ReasonModal}>`;
}

// ---------------------------------------------------------------------------------------------------------
// Notifications ("Table 5: order ready")

/** The count in the top bar; the sheet opens in the page, outside the bar, so it keeps the page's colours. */
function NotificationsButton({ count, onOpen }) {
	return html`<button class="notify-button" aria-label=${`Notifications, ${count} unread`} onClick=${onOpen}>
		Notifications${count > 0 && html`<span class="badge" data-unread=${count}>${count}</span>`}
	</button>`;
}

function NotificationsSheet({ notifications, dispatch, onClose }) {
	const count = notifications.length;
	const markRead = async id => {
		if (await attempt(() => api.post(`/notifications/${id}/read`), null, say)) dispatch({ type: "read", ids: [id] });
	};
	const markAll = async () => {
		const ids = notifications.map(n => n.id);
		if (await attempt(() => api.post("/notifications/read-all"), null, say)) dispatch({ type: "read", ids });
	};
	return html`<${Modal} title="Notifications" onClose=${onClose}>
		${!count && html`<p class="muted">Nothing new.</p>`}
		<ul class="notifications">
			${notifications.map(
				n => html`<li data-notification-id=${n.id}>
					<span class="grow notification-text"
						><span class="message">${n.message}</span>
						<span class="muted">${new Date(n.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</span></span
					>
					${n.data?.tableId && html`<button class="small" onClick=${() => (onClose(), go(`table/${n.data.tableId}`))}>Open table</button>`}
					<button class="small" onClick=${() => markRead(n.id)}>Mark read</button>
				</li>`,
			)}
		</ul>
		<div class="actions">
			${count > 0 && html`<button onClick=${markAll}>Mark all read</button>`}
			<button class="primary" onClick=${onClose}>Close</button>
		</div>
	</${Modal}>`;
}

mount(Floor);
