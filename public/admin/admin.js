// The manager's office: the menu, the tables and their printable QR codes, the staff, and the reports.
// Also draws the QR sheet (qr.html). The API does the work; this page only shows and asks.
import { html, mount, TopBar, Modal, useApi, useState, useEffect, useRef } from "../app/ui.js";
import {
	api,
	ApiError,
	requireUser,
	settings,
	connectLive,
	money,
	centsText,
	parseCents,
	attempt as tryAction,
	toast,
	describeError,
	clock,
	applyMenuItem,
	newIdempotencyKey,
	tableLabel,
} from "../app/core.js";

const user = requireUser(["admin"]);
const config = await settings().catch(() => ({ restaurantName: "Brigade", currency: "USD", timezone: "UTC" }));

// ---------------------------------------------------------------------------------------------------------
// Live updates: one socket for the page; each section listens for the pushes it shows.

const live = new EventTarget();

function useLive(type, fn) {
	const latest = useRef(fn);
	latest.current = fn;
	useEffect(() => {
		const h = e => latest.current(e.detail);
		live.addEventListener(type, h);
		return () => live.removeEventListener(type, h);
	}, [type]);
}

function startLive() {
	const relay = type => data => live.dispatchEvent(new CustomEvent(type, { detail: data }));
	connectLive({
		handlers: { "menu:update": relay("menu:update"), "table:update": relay("table:update"), "bill:update": relay("bill:update"), "bill:paid": relay("bill:paid") },
		onResync: () => live.dispatchEvent(new CustomEvent("resync")),
	});
}

// ---------------------------------------------------------------------------------------------------------
// Small pieces

/**
 * What went wrong, as the server said it. A validation answer already names each field in a sentence
 * ("name must not be empty"), so it is shown as it is, without the field list tacked on after it.
 */
function say(err) {
	if (err instanceof ApiError && err.status === 400 && err.code === "VALIDATION_ERROR") return err.message;
	return describeError(err);
}

/** Runs an action from a button; a failure becomes an error toast in the server's words. */
const attempt = (fn, success) => tryAction(fn, success, say);

/** A "are you sure?" sheet for deletes and other things that cannot be undone with one tap. */
function useConfirm() {
	const [ask, setAsk] = useState(null);
	const confirm = (title, message, label, action) => setAsk({ title, message, label, action });
	const close = () => setAsk(null);
	const dialog =
		ask &&
		html`<${Modal} title=${ask.title} onClose=${close}>
			<p>${ask.message}</p>
			<div class="actions">
				<button type="button" onClick=${close}>Cancel</button>
				<button type="button" class="danger solid" onClick=${() => (close(), ask.action())}>${ask.label}</button>
			</div>
		<//>`;
	return [confirm, dialog];
}

const byName = (a, b) => a.name.localeCompare(b.name, undefined, { numeric: true, sensitivity: "base" });

function Loading({ state, children }) {
	if (state.error && !state.data) return html`<p class="error-text" role="alert">${state.error} <button class="small" onClick=${state.reload}>Try again</button></p>`;
	if (!state.data) return html`<p class="muted" aria-busy="true">Loading…</p>`;
	return children();
}

// ---------------------------------------------------------------------------------------------------------
// Menu: categories (add, rename, reorder, delete) and items (add, edit, 86, delete)

function MenuAdmin() {
	const menu = useApi("/menu");
	const [confirm, confirmDialog] = useConfirm();
	const [editing, setEditing] = useState(null);
	const [newName, setNewName] = useState("");
	useLive("menu:update", item => {
		const next = applyMenuItem(menu.data, item);
		if (next) menu.setData(next);
		else menu.reload();
	});
	useLive("resync", () => menu.reload());

	const categories = menu.data?.categories ?? [];
	const stations = [...new Set(["grill", "cold", "bar", ...categories.flatMap(c => c.items.map(i => i.station))])].sort();

	async function addCategory(e) {
		e.preventDefault();
		const position = categories.reduce((m, c) => Math.max(m, c.position + 1), 0);
		if (await attempt(() => api.post("/menu/categories", { name: newName.trim(), position }), `Category "${newName.trim()}" added`)) {
			setNewName("");
			menu.reload();
		}
	}

	async function move(index, by) {
		const order = [...categories];
		const [c] = order.splice(index, 1);
		order.splice(index + by, 0, c);
		// Number them 0, 1, 2… in the new order; only the ones whose place changed are sent.
		await attempt(async () => {
			for (const [position, cat] of order.entries()) if (cat.position !== position) await api.patch(`/menu/categories/${cat.id}`, { position });
		});
		menu.reload();
	}

	const toggle = item =>
		attempt(async () => {
			const saved = await api.patch(`/menu/items/${item.id}`, { available: !item.available });
			menu.setData(m => applyMenuItem(m, saved) ?? m);
		}, item.available ? `${item.name} is sold out (86)` : `${item.name} is back on`);

	return html`<div class="stack">
		<div class="row between">
			<h1>Menu</h1>
			<button class="primary" disabled=${!categories.length} onClick=${() => setEditing({})}>New item</button>
		</div>
		<form class="panel row" onSubmit=${addCategory} aria-label="New category">
			<label class="grow">New category name <input required maxlength="80" value=${newName} onInput=${e => setNewName(e.target.value)} placeholder="Starters, Mains, Drinks…" /></label>
			<button type="submit" class="primary align-end">Add category</button>
		</form>
		<${Loading} state=${menu}>${() =>
			categories.length
				? categories.map(
						(cat, i) => html`<${CategoryPanel}
							key=${cat.id}
							category=${cat}
							first=${i === 0}
							last=${i === categories.length - 1}
							onMove=${by => move(i, by)}
							onChanged=${menu.reload}
							onAddItem=${() => setEditing({ categoryId: cat.id })}
							onEdit=${setEditing}
							onToggle=${toggle}
							confirm=${confirm}
						/>`,
					)
				: html`<p class="panel muted">No categories yet: add one above, then its items.</p>`}<//>
		${editing &&
		html`<${ItemDialog}
			item=${editing}
			categories=${categories}
			stations=${stations}
			onClose=${() => setEditing(null)}
			onSaved=${saved => {
				setEditing(null);
				menu.setData(m => applyMenuItem(m, saved) ?? m);
			}}
		/>`}
		${confirmDialog}
	</div>`;
}

function CategoryPanel({ category, first, last, onMove, onChanged, onAddItem, onEdit, onToggle, confirm }) {
	const [name, setName] = useState(category.name);
	useEffect(() => setName(category.name), [category.name]);

	const rename = async e => {
		e.preventDefault();
		if (await attempt(() => api.patch(`/menu/categories/${category.id}`, { name: name.trim() }), "Category renamed")) onChanged();
	};
	const remove = () =>
		confirm("Delete category?", `Delete "${category.name}"? Only an empty category can be deleted.`, "Delete category", async () => {
			if (await attempt(() => api.delete(`/menu/categories/${category.id}`), `"${category.name}" deleted`)) onChanged();
		});
	const removeItem = item =>
		confirm("Delete item?", `Delete "${item.name}" from the menu? Orders already taken keep it.`, "Delete item", async () => {
			if (await attempt(() => api.delete(`/menu/items/${item.id}`), `"${item.name}" deleted`)) onChanged();
		});

	return html`<section class="panel stack category" data-category-id=${category.id} aria-label=${`Category ${category.name}`}>
		<div class="row">
			<form class="row grow" onSubmit=${rename}>
				<label class="grow">Category name <input required maxlength="80" value=${name} onInput=${e => setName(e.target.value)} /></label>
				${name.trim() !== category.name && html`<button type="submit" class="ok align-end">Save name</button>`}
			</form>
			<div class="row align-end">
				<button class="small" aria-label=${`Move ${category.name} up`} disabled=${first} onClick=${() => onMove(-1)}>▲</button>
				<button class="small" aria-label=${`Move ${category.name} down`} disabled=${last} onClick=${() => onMove(1)}>▼</button>
				<button class="small" onClick=${onAddItem}>Add item</button>
				<button class="small danger" aria-label=${`Delete category ${category.name}`} onClick=${remove}>Delete</button>
			</div>
		</div>
		${category.items.length
			? html`<table class="list items">
					<thead><tr><th>Item</th><th>Station</th><th class="num">Price</th><th>Available</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
					<tbody>
						${category.items.map(
							item => html`<tr key=${item.id} data-item-id=${item.id} data-available=${String(item.available)} class=${item.available ? "" : "sold-out"}>
								<td><strong>${item.name}</strong>${item.description && html`<div class="muted small-text">${item.description}</div>`}</td>
								<td><span class="pill">${item.station}</span></td>
								<td class="num" data-col="price">${money(item.priceCents)}</td>
								<td>
									<button
										class=${`small availability ${item.available ? "ok" : "danger"}`}
										role="switch"
										aria-checked=${String(item.available)}
										aria-label=${`${item.name} available`}
										onClick=${() => onToggle(item)}
									>
										${item.available ? "Available" : "Sold out"}
									</button>
								</td>
								<td class="actions-cell">
									<button class="small" aria-label=${`Edit ${item.name}`} onClick=${() => onEdit(item)}>Edit</button>
									<button class="small danger" aria-label=${`Delete ${item.name}`} onClick=${() => removeItem(item)}>Delete</button>
								</td>
							</tr>`,
						)}
					</tbody>
				</table>`
			: html`<p class="muted">No items in this category.</p>`}
	</section>`;
}

/** The server's rule for a station name (lib/params.ts), checked by the browser first. Pattern attributes compile
 * with the `v` flag, where a `-` inside a class must be escaped. Upper case is fine: it is saved in lower case. */
const STATION_PATTERN = "[a-zA-Z][a-zA-Z0-9_\\-]{0,31}";
const STATION_HINT = "Use lowercase letters, digits or dashes, starting with a letter, like grill or cold-2";

/** The browser's check of a station field, worded as the person would fix it. */
function checkStation(input) {
	input.setCustomValidity("");
	if (input.validity.patternMismatch) input.setCustomValidity(STATION_HINT);
}

function ItemDialog({ item, categories, stations, onClose, onSaved }) {
	const isNew = !item.id;
	const [f, setF] = useState({
		categoryId: item.categoryId ?? categories[0]?.id ?? "",
		name: item.name ?? "",
		description: item.description ?? "",
		price: isNew ? "" : centsText(item.priceCents),
		station: item.station ?? "",
		available: true, // a new item only: an existing one is 86'd and brought back by the switch in its row
	});
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const set = key => e => setF(prev => ({ ...prev, [key]: e.target.type === "checkbox" ? e.target.checked : e.target.value }));

	async function save(e) {
		e.preventDefault();
		const priceCents = parseCents(f.price);
		if (priceCents === null) return setError("Type the price as money, for example 12.50");
		const fields = { categoryId: f.categoryId, name: f.name.trim(), description: f.description.trim(), priceCents, station: f.station.trim().toLowerCase() };
		// Editing sends only what the admin changed since the dialog opened, and never `available`: the
		// kitchen may 86 the dish meanwhile, and saving a new price must not put it back on sale.
		const was = { categoryId: item.categoryId, name: item.name, description: item.description ?? "", priceCents: item.priceCents, station: item.station };
		const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== was[key]));
		if (!isNew && !Object.keys(changes).length) return onClose();
		setBusy(true);
		setError("");
		try {
			const saved = isNew ? await api.post("/menu/items", { ...fields, available: f.available }) : await api.patch(`/menu/items/${item.id}`, changes);
			toast(isNew ? `${saved.name} added to the menu` : `${saved.name} saved`, "success");
			onSaved(saved);
		} catch (err) {
			setError(say(err));
			setBusy(false);
		}
	}

	return html`<${Modal} title=${isNew ? "New menu item" : `Edit ${item.name}`} onClose=${onClose}>
		<form class="stack" onSubmit=${save}>
			<label>Category
				<select value=${f.categoryId} onChange=${set("categoryId")}>${categories.map(c => html`<option value=${c.id}>${c.name}</option>`)}</select>
			</label>
			<label>Name <input required maxlength="80" value=${f.name} onInput=${set("name")} /></label>
			<label>Description <span class="hint">What the guest menu shows under the name</span>
				<textarea maxlength="500" value=${f.description} onInput=${set("description")}></textarea>
			</label>
			<div class="field-row">
				<label>Price <span class="hint">e.g. 12.50 (${config.currency}, before tax)</span>
					<input required inputmode="decimal" autocomplete="off" value=${f.price} onInput=${set("price")} placeholder="12.50" />
				</label>
				<label>Station <span class="hint">Kitchen screen that cooks it</span>
					<input
						required
						list="stations"
						autocapitalize="none"
						maxlength="32"
						pattern=${STATION_PATTERN}
						title=${STATION_HINT}
						value=${f.station}
						onInput=${e => (checkStation(e.target), set("station")(e))}
						placeholder="grill"
					/>
				</label>
			</div>
			<datalist id="stations">${stations.map(s => html`<option value=${s} />`)}</datalist>
			${isNew
				? html`<label class="check"><input type="checkbox" checked=${f.available} onChange=${set("available")} /> Available (not sold out)</label>`
				: html`<p class="muted small-text">Sold out or back on: use the item's Available switch in the list.</p>`}
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary" disabled=${busy}>${isNew ? "Add item" : "Save item"}</button>
			</div>
		</form>
	<//>`;
}

// ---------------------------------------------------------------------------------------------------------
// Tables: add, edit, status, delete (refused while occupied), and the QR sheet

const TABLE_STATUSES = ["available", "occupied", "reserved", "cleaning"];

function TablesAdmin() {
	const tables = useApi("/tables");
	const [confirm, confirmDialog] = useConfirm();
	const [editing, setEditing] = useState(null);
	const [form, setForm] = useState({ name: "", seats: "4", area: "" });
	useLive("table:update", t =>
		tables.setData(list => {
			if (!list) return list;
			const rest = list.filter(x => x.id !== t.id);
			return t.deleted ? rest : [...rest, t];
		}),
	);
	useLive("resync", () => tables.reload());
	const list = [...(tables.data ?? [])].sort(byName);
	const areas = [...new Set(list.map(t => t.area).filter(Boolean))].sort();

	async function add(e) {
		e.preventDefault();
		const made = await attempt(() => api.post("/tables", { name: form.name.trim(), seats: Number(form.seats), area: form.area.trim() }), `${tableLabel(form.name)} added`);
		if (made) {
			setForm(f => ({ ...f, name: "" }));
			tables.setData(l => [...(l ?? []).filter(t => t.id !== made.id), made]);
		}
	}
	const setStatus = (table, status) =>
		attempt(async () => {
			const saved = await api.patch(`/tables/${table.id}`, { status });
			tables.setData(l => l.map(t => (t.id === saved.id ? saved : t)));
		}, `${tableLabel(table.name)} is ${status}`);
	const remove = table =>
		confirm("Delete table?", `Delete table ${table.name}? Its QR code stops working.`, "Delete table", async () => {
			if (await attempt(() => api.delete(`/tables/${table.id}`), `${tableLabel(table.name)} deleted`)) tables.setData(l => l.filter(t => t.id !== table.id));
		});

	return html`<div class="stack">
		<div class="row between">
			<h1>Tables</h1>
			<a class="button primary" href="/admin/qr.html">Print QR codes</a>
		</div>
		<form class="panel field-row" onSubmit=${add} aria-label="New table">
			<label>Table name <input required maxlength="40" value=${form.name} onInput=${e => setForm({ ...form, name: e.target.value })} placeholder="12, Patio 3…" /></label>
			<label>Seats <input required type="number" min="1" max="100" value=${form.seats} onInput=${e => setForm({ ...form, seats: e.target.value })} /></label>
			<label>Area <input maxlength="40" list="areas" value=${form.area} onInput=${e => setForm({ ...form, area: e.target.value })} placeholder="Main, Patio…" /></label>
			<button type="submit" class="primary align-end">Add table</button>
		</form>
		<datalist id="areas">${areas.map(a => html`<option value=${a} />`)}</datalist>
		<${Loading} state=${tables}>${() =>
			list.length
				? html`<table class="list tables">
						<thead><tr><th>Table</th><th>Area</th><th class="num">Seats</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
						<tbody>
							${list.map(
								t => html`<tr key=${t.id} data-table-id=${t.id} data-status=${t.status}>
									<td><strong>${t.name}</strong></td>
									<td>${t.area || html`<span class="muted">—</span>`}</td>
									<td class="num">${t.seats}</td>
									<td>
										<span class=${`pill ${t.status}`}>${t.status}</span>
										<select class="status-select" aria-label=${`Status of table ${t.name}`} value=${t.status} onChange=${e => setStatus(t, e.target.value)}>
											${TABLE_STATUSES.map(s => html`<option value=${s}>${s}</option>`)}
										</select>
									</td>
									<td class="actions-cell">
										<a class="button small" href=${`/api/v1/tables/${t.id}/qr`} target="_blank" rel="noopener" aria-label=${`QR code of table ${t.name}`}>QR</a>
										<button class="small" aria-label=${`Edit table ${t.name}`} onClick=${() => setEditing(t)}>Edit</button>
										<button class="small danger" aria-label=${`Delete table ${t.name}`} onClick=${() => remove(t)}>Delete</button>
									</td>
								</tr>`,
							)}
						</tbody>
					</table>`
				: html`<p class="panel muted">No tables yet: add the first above.</p>`}<//>
		${editing &&
		html`<${TableDialog}
			table=${editing}
			areas=${areas}
			onClose=${() => setEditing(null)}
			onSaved=${saved => {
				setEditing(null);
				tables.setData(l => l.map(t => (t.id === saved.id ? saved : t)));
			}}
		/>`}
		${confirmDialog}
	</div>`;
}

function TableDialog({ table, onClose, onSaved }) {
	const [f, setF] = useState({ name: table.name, seats: String(table.seats), area: table.area });
	const [error, setError] = useState("");
	async function save(e) {
		e.preventDefault();
		try {
			const saved = await api.patch(`/tables/${table.id}`, { name: f.name.trim(), seats: Number(f.seats), area: f.area.trim() });
			toast(`${tableLabel(saved.name)} saved`, "success");
			onSaved(saved);
		} catch (err) {
			setError(say(err));
		}
	}
	return html`<${Modal} title=${`Edit table ${table.name}`} onClose=${onClose}>
		<form class="stack" onSubmit=${save}>
			<label>Table name <input required maxlength="40" value=${f.name} onInput=${e => setF({ ...f, name: e.target.value })} /></label>
			<div class="field-row">
				<label>Seats <input required type="number" min="1" max="100" value=${f.seats} onInput=${e => setF({ ...f, seats: e.target.value })} /></label>
				<label>Area <input maxlength="40" list="areas" value=${f.area} onInput=${e => setF({ ...f, area: e.target.value })} /></label>
			</div>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary">Save table</button>
			</div>
		</form>
	<//>`;
}

/** qr.html: one card per table, its code with the table's name under it, laid out for printing. */
function QrSheet() {
	const tables = useApi("/tables");
	const [codes, setCodes] = useState({});
	const list = [...(tables.data ?? [])].sort(byName);
	useEffect(() => {
		for (const t of list) {
			if (codes[t.id]) continue;
			// Our own server's SVG (the qrcode package's output), drawn inline so it prints sharp at any size.
			fetch(`/api/v1/tables/${t.id}/qr`)
				.then(res => (res.ok ? res.text() : Promise.reject(new Error(`QR code of ${t.name}: ${res.status}`))))
				.then(svg => setCodes(c => ({ ...c, [t.id]: svg })))
				.catch(err => toast(say(err), "error"));
		}
	}, [tables.data]);

	return html`<${TopBar} user=${user} />
		<main class="qr-page">
			<div class="row between no-print">
				<div>
					<h1>Table QR codes</h1>
					<p class="muted">Guests scan a table's code to see the menu live. One card per table; cut along the lines.</p>
				</div>
				<div class="row">
					<a class="button" href="/admin/#tables">Back to tables</a>
					<button class="primary" onClick=${() => print()}>Print</button>
				</div>
			</div>
			<${Loading} state=${tables}>${() =>
				list.length
					? html`<div class="qr-sheet">
							${list.map(
								t => html`<figure class="qr-card" key=${t.id} data-table-id=${t.id} data-ready=${String(Boolean(codes[t.id]))}>
									<div class="qr-brand">${config.restaurantName}</div>
									${codes[t.id]
										? html`<div class="qr-code" role="img" aria-label=${`QR code for table ${t.name}`} dangerouslySetInnerHTML=${{ __html: codes[t.id] }}></div>`
										: html`<div class="qr-code muted" aria-busy="true">Loading…</div>`}
									<figcaption class="qr-name">${tableLabel(t.name)}</figcaption>
									<div class="qr-hint">Scan for our menu</div>
								</figure>`,
							)}
						</div>`
					: html`<p class="panel muted">No tables yet.</p>`}<//>
		</main>`;
}

// ---------------------------------------------------------------------------------------------------------
// Users: add, change role, deactivate / reactivate, reset password

const ROLE_LABELS = { staff: "Staff (floor)", kitchen: "Kitchen", admin: "Admin" };

function UsersAdmin() {
	const users = useApi("/auth/users");
	const [confirm, confirmDialog] = useConfirm();
	const [resetting, setResetting] = useState(null);
	const blank = { username: "", fullName: "", role: "staff", password: "" };
	const [form, setForm] = useState(blank);
	const list = [...(users.data ?? [])].sort((a, b) => Number(b.isActive) - Number(a.isActive) || a.username.localeCompare(b.username));
	const replace = saved => users.setData(l => l.map(u => (u.id === saved.id ? saved : u)));

	async function add(e) {
		e.preventDefault();
		const made = await attempt(() => api.post("/auth/register", { ...form, username: form.username.trim().toLowerCase(), fullName: form.fullName.trim() }), `${form.fullName.trim()} can now sign in`);
		if (made) {
			setForm(blank);
			users.setData(l => [...(l ?? []), made]);
		}
	}
	const setRole = (u, role) => attempt(async () => replace(await api.patch(`/auth/users/${u.id}`, { role })), `${u.fullName} is now ${ROLE_LABELS[role]}`);
	const setActive = (u, isActive) => {
		const go = () => attempt(async () => replace(await api.patch(`/auth/users/${u.id}`, { isActive })), `${u.fullName} ${isActive ? "reactivated" : "deactivated"}`);
		if (isActive) return go();
		confirm("Deactivate user?", `${u.fullName} (${u.username}) is signed out everywhere and cannot sign in until reactivated.`, "Deactivate", go);
	};

	return html`<div class="stack">
		<h1>Users</h1>
		<form class="panel field-row" onSubmit=${add} aria-label="New user">
			<label>Username <input required minlength="3" maxlength="32" autocapitalize="none" autocomplete="off" value=${form.username} onInput=${e => setForm({ ...form, username: e.target.value })} /></label>
			<label>Full name <input required maxlength="100" value=${form.fullName} onInput=${e => setForm({ ...form, fullName: e.target.value })} /></label>
			<label>Role
				<select value=${form.role} onChange=${e => setForm({ ...form, role: e.target.value })}>
					${Object.entries(ROLE_LABELS).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
				</select>
			</label>
			<label>Password <input required type="password" minlength="8" maxlength="72" autocomplete="new-password" value=${form.password} onInput=${e => setForm({ ...form, password: e.target.value })} /></label>
			<button type="submit" class="primary align-end">Create user</button>
		</form>
		<${Loading} state=${users}>${() => html`<table class="list users">
			<thead><tr><th>Username</th><th>Full name</th><th>Role</th><th>Status</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
			<tbody>
				${list.map(u => {
					const self = u.id === user.id;
					return html`<tr key=${u.id} data-user-id=${u.id} data-username=${u.username} data-active=${String(u.isActive)} class=${u.isActive ? "" : "inactive"}>
						<td><strong>${u.username}</strong>${self && html` <span class="muted">(you)</span>`}</td>
						<td>${u.fullName}</td>
						<td>
							<select aria-label=${`Role of ${u.username}`} value=${u.role} disabled=${self} onChange=${e => setRole(u, e.target.value)}>
								${Object.entries(ROLE_LABELS).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
							</select>
						</td>
						<td><span class=${`pill ${u.isActive ? "available" : "unavailable"}`}>${u.isActive ? "active" : "inactive"}</span></td>
						<td class="actions-cell">
							<button class="small" aria-label=${`Reset password of ${u.username}`} onClick=${() => setResetting(u)}>Reset password</button>
							${!self &&
							(u.isActive
								? html`<button class="small danger" aria-label=${`Deactivate ${u.username}`} onClick=${() => setActive(u, false)}>Deactivate</button>`
								: html`<button class="small ok" aria-label=${`Reactivate ${u.username}`} onClick=${() => setActive(u, true)}>Reactivate</button>`)}
						</td>
					</tr>`;
				})}
			</tbody>
		</table>`}<//>
		${resetting && html`<${PasswordDialog} target=${resetting} onClose=${() => setResetting(null)} />`}
		${confirmDialog}
	</div>`;
}

function PasswordDialog({ target, onClose }) {
	const [password, setPassword] = useState("");
	const [error, setError] = useState("");
	async function save(e) {
		e.preventDefault();
		try {
			await api.patch(`/auth/users/${target.id}`, { password });
			toast(`New password set for ${target.username}; their devices are signed out`, "success");
			onClose();
		} catch (err) {
			setError(say(err));
		}
	}
	return html`<${Modal} title=${`Reset password of ${target.username}`} onClose=${onClose}>
		<form class="stack" onSubmit=${save}>
			<p class="muted">${target.fullName} will be signed out everywhere and must use the new password.</p>
			<label>New password <input required type="password" minlength="8" maxlength="72" autocomplete="new-password" value=${password} onInput=${e => setPassword(e.target.value)} /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary">Set password</button>
			</div>
		</form>
	<//>`;
}

// ---------------------------------------------------------------------------------------------------------
// Bills: recent bills with their lines, totals and payments, and refunds (whole or part, with a reason)

const BILL_FILTERS = [
	["paid", "Paid"],
	["open", "Open"],
	["", "All"],
];
const METHOD_LABELS = { cash: "Cash", card: "Card" };
const refundable = p => (p.status === "captured" ? p.amountCents - p.refundedCents : 0);

function BillsAdmin() {
	const [status, setStatus] = useState("paid");
	const bills = useApi("/billing/bills", { status: status || undefined, limit: 50 }, [status]);
	const users = useApi("/auth/users");
	const [refunding, setRefunding] = useState(null);
	const names = new Map((users.data ?? []).map(u => [u.id, u.fullName || u.username]));

	/** A bill as a push or a reload has it: replaced in place, added on top, or dropped when the filter no longer shows it. */
	const put = bill =>
		bills.setData(list => {
			if (!list) return list;
			const old = list.find(b => b.id === bill.id);
			const next = { ...old, ...bill, payments: bill.payments ?? old?.payments ?? [] };
			if (status && next.status !== status) return list.filter(b => b.id !== bill.id);
			return old ? list.map(b => (b.id === bill.id ? next : b)) : [next, ...list];
		});
	const reloadBill = id => api.get(`/billing/bills/${id}`).then(put, () => bills.reload());
	useLive("bill:update", put);
	useLive("bill:paid", put);
	useLive("resync", () => bills.reload());

	const list = bills.data ?? [];
	const label = BILL_FILTERS.find(([v]) => v === status)[1].toLowerCase();
	return html`<div class="stack bills">
		<div class="row between">
			<h1>Bills</h1>
			<div class="row filter" role="group" aria-label="Show bills">
				${BILL_FILTERS.map(([value, text]) => html`<button type="button" aria-pressed=${String(status === value)} onClick=${() => setStatus(value)}>${text}</button>`)}
			</div>
		</div>
		<p class="muted small-text">The latest 50, newest first. Refund a payment from its bill: all of it or part, with a reason for the audit trail.</p>
		<${Loading} state=${bills}>${() =>
			list.length
				? list.map(b => html`<${BillCard} key=${b.id} bill=${b} names=${names} onRefund=${payment => setRefunding({ bill: b, payment })} />`)
				: html`<p class="panel muted">No ${status ? `${label} ` : ""}bills yet.</p>`}<//>
		${refunding &&
		html`<${RefundDialog}
			bill=${refunding.bill}
			payment=${refunding.payment}
			onClose=${() => setRefunding(null)}
			onChanged=${() => reloadBill(refunding.bill.id)}
			onDone=${() => {
				setRefunding(null);
				reloadBill(refunding.bill.id);
			}}
		/>`}
	</div>`;
}

function BillCard({ bill, names, onRefund }) {
	const part = bill.split ? ` · part ${bill.split.part} of ${bill.split.parts}` : "";
	const totals = [
		["subtotal", "Subtotal", bill.subtotalCents, true],
		["discount", bill.discountReason ? `Discount (${bill.discountReason})` : "Discount", -bill.discountCents, bill.discountCents > 0],
		["service", "Service charge", bill.serviceChargeCents, bill.serviceChargeCents > 0],
		["tax", "Tax", bill.taxCents, bill.taxCents > 0],
		["total", "Total", bill.totalCents, true],
		["paid", "Paid", bill.paidCents, true],
		["tips", "Tips", bill.tipCents, bill.tipCents > 0],
		["refunded", "Refunded", -bill.refundedCents, bill.refundedCents > 0],
	].filter(t => t[3]);
	return html`<section class="panel stack bill" data-bill-id=${bill.id} data-status=${bill.status} aria-label=${`Bill of table ${bill.tableName}${part}`}>
		<div class="row between">
			<h2>${tableLabel(bill.tableName)}${part}</h2>
			<span class="row"><span class=${`pill ${bill.status}`}>${bill.status}</span><span class="muted">${when(bill.paidAt ?? bill.createdAt)}</span></span>
		</div>
		<div class="bill-body">
			${bill.lines.length
				? html`<table class="list bill-lines">
						<thead><tr><th>Item</th><th class="num">Amount</th></tr></thead>
						<tbody>${bill.lines.map(l => html`<tr key=${l.id}><td>${l.quantity}× ${l.name}</td><td class="num">${money(l.amountCents)}</td></tr>`)}</tbody>
					</table>`
				: html`<p class="muted">A share of a bill split evenly: its lines are on the whole bill.</p>`}
			<dl class="bill-totals">
				${totals.map(([key, text, cents]) => html`<div data-total=${key} class=${key === "total" ? "strong" : ""}><dt>${text}</dt><dd class="num">${money(cents)}</dd></div>`)}
			</dl>
		</div>
		${bill.payments.length
			? html`<table class="list payments">
					<thead><tr><th>Payment</th><th class="num">Amount</th><th class="num">Tip</th><th class="num">Refunded</th><th><span class="visually-hidden">Refund</span></th></tr></thead>
					<tbody>
						${bill.payments.map(p => html`<${PaymentRow} key=${p.id} payment=${p} names=${names} onRefund=${() => onRefund(p)} />`)}
					</tbody>
				</table>`
			: html`<p class="muted">No payments yet.</p>`}
	</section>`;
}

function PaymentRow({ payment: p, names, onRefund }) {
	const left = refundable(p);
	const who = names.get(p.createdBy);
	return html`<tr data-payment-id=${p.id} data-status=${p.status}>
		<td>
			<strong>${METHOD_LABELS[p.method] ?? p.method}</strong>
			${p.status !== "captured" && html` <span class=${`pill ${p.status}`}>${p.status}</span>`}
			<div class="muted small-text">${who ? `${who} · ` : ""}${when(p.capturedAt ?? p.createdAt)}</div>
			${p.refunds.map(
				rf => html`<div class="refund-note small-text" data-refund-id=${rf.id} data-status=${rf.status}>
					Refunded ${money(rf.amountCents)}${rf.status === "done" ? "" : ` (${rf.status})`}: ${rf.reason}
					<span class="muted"> · ${names.get(rf.createdBy) ?? "unknown"}, ${when(rf.createdAt)}</span>
				</div>`,
			)}
		</td>
		<td class="num" data-col="amount">${money(p.amountCents)}</td>
		<td class="num" data-col="tip">${money(p.tipCents)}</td>
		<td class="num" data-col="refunded">${p.refundedCents ? money(p.refundedCents) : "—"}</td>
		<td class="actions-cell">
			${left > 0
				? html`<button class="small danger" aria-label=${`Refund the ${(METHOD_LABELS[p.method] ?? p.method).toLowerCase()} payment of ${money(p.amountCents)}`} onClick=${onRefund}>Refund…</button>`
				: p.status === "captured" && p.refundedCents > 0
					? html`<span class="muted">Refunded in full</span>`
					: null}
		</td>
	</tr>`;
}

/** A refund the server refused, in words a manager acts on. */
function refundProblem(err) {
	if (!(err instanceof ApiError)) return say(err);
	switch (err.code) {
		case "REFUND_EXCEEDS_PAYMENT": {
			const left = err.details?.refundableCents;
			if (left === 0) return "This payment has already been refunded in full; there is nothing left to refund.";
			return typeof left === "number" ? `That is more than is left on this payment: at most ${money(left)} can still be refunded.` : "That is more than is left on this payment.";
		}
		case "PAYMENT_NOT_CAPTURED":
			return `This payment was never taken (it is ${err.details?.status ?? "not captured"}), so there is nothing to refund.`;
		case "REFUND_REJECTED":
			return `${err.message}. Nothing was refunded.`;
		case "REFUND_PENDING":
			return "The card provider has not answered yet. The refund is held and checked again shortly: look at this bill again in a minute before trying again.";
		case "PAYMENT_NOT_FOUND":
			return "This payment no longer exists; reload the bills.";
		default:
			return say(err);
	}
}

/** Refund one payment: the amount (what is left, by default) and a reason, then a second tap to confirm. */
function RefundDialog({ bill, payment, onClose, onChanged, onDone }) {
	const left = refundable(payment);
	const method = (METHOD_LABELS[payment.method] ?? payment.method).toLowerCase();
	const [amount, setAmount] = useState(centsText(left));
	const [reason, setReason] = useState("");
	const [ask, setAsk] = useState(null);
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	/** A refund sent whose answer may have been lost (offline, 503, 504): the same refund again keeps its key. */
	const unanswered = useRef(null);

	function review(e) {
		e.preventDefault();
		const cents = parseCents(amount);
		if (!cents) return setError("Type the amount as money, for example 5.00");
		setError("");
		const why = reason.trim();
		// One key per refund: trying the same refund again after a lost answer can never refund it twice.
		const same = unanswered.current && unanswered.current.cents === cents && unanswered.current.reason === why;
		setAsk({ cents, reason: why, key: same ? unanswered.current.key : newIdempotencyKey() });
	}
	async function refund() {
		setBusy(true);
		unanswered.current = ask;
		try {
			await api.post(`/billing/payments/${payment.id}/refund`, { amountCents: ask.cents, reason: ask.reason }, { idempotencyKey: ask.key });
			unanswered.current = null;
			toast(`Refunded ${money(ask.cents)} of the ${method} payment on table ${bill.tableName}`, "success");
			onDone();
		} catch (err) {
			// A definite answer (a 4xx but 429) settles it; otherwise the refund may have happened: keep its key.
			if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) unanswered.current = null;
			setError(refundProblem(err));
			setAsk(null);
			setBusy(false);
			onChanged(); // show what is true now
		}
	}

	return html`<${Modal} title=${`Refund ${method} payment`} onClose=${onClose}>
		${ask
			? html`<div class="stack">
					<p><strong>Refund ${money(ask.cents)} of the ${method} payment on table ${bill.tableName}?</strong></p>
					<p>Reason: “${ask.reason}”. ${payment.method === "cash" ? "Give the cash back from the drawer." : "The money goes back to the card."} A refund cannot be undone.</p>
					<div class="actions">
						<button type="button" disabled=${busy} onClick=${() => setAsk(null)}>Back</button>
						<button type="button" class="danger solid" disabled=${busy} onClick=${refund}>Refund ${money(ask.cents)}</button>
					</div>
				</div>`
			: html`<form class="stack" onSubmit=${review}>
					<p class="muted">
						${METHOD_LABELS[payment.method] ?? payment.method} payment of ${money(payment.amountCents)} on table ${bill.tableName}, ${when(payment.capturedAt ?? payment.createdAt)}.
						${payment.refundedCents ? ` ${money(payment.refundedCents)} already refunded.` : ""}${payment.tipCents ? ` The ${money(payment.tipCents)} tip is not refunded.` : ""}
					</p>
					<div class="field-row">
						<label>Amount to refund <span class="hint">Up to ${money(left)}</span>
							<input required inputmode="decimal" autocomplete="off" value=${amount} onInput=${e => setAmount(e.target.value)} />
						</label>
						<label>Reason <span class="hint">For the audit trail</span>
							<input required maxlength="200" value=${reason} onInput=${e => setReason(e.target.value)} placeholder="Cold food, wrong dish…" />
						</label>
					</div>
					${error && html`<p class="error-text" role="alert">${error}</p>`}
					<div class="actions">
						<button type="button" onClick=${onClose}>Cancel</button>
						<button type="submit" class="primary">Continue</button>
					</div>
				</form>`}
	<//>`;
}

// ---------------------------------------------------------------------------------------------------------
// Reports: sales by day or hour, best-sellers, kitchen times, staff, the audit trail

/** Today's date in the restaurant's time zone, as the reports take it (2026-11-22). */
function localToday() {
	try {
		return new Intl.DateTimeFormat("en-CA", { timeZone: config.timezone, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
	} catch {
		return new Date().toISOString().slice(0, 10);
	}
}

const dayLabel = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" });
/** A sales period ("2026-11-22" or "2026-11-22T19:00", already local) as a person reads it. */
function periodLabel(period, oneDay) {
	const [date, time] = period.split("T");
	const day = dayLabel.format(new Date(`${date}T00:00:00Z`));
	if (!time) return day;
	return oneDay ? time : `${day} ${time}`;
}

let whenFormat;
function when(iso) {
	whenFormat ??= new Intl.DateTimeFormat(undefined, { timeZone: config.timezone, dateStyle: "short", timeStyle: "short" });
	return whenFormat.format(new Date(iso));
}

const AUDIT_LABELS = { item_voided: "Item voided", order_cancelled: "Order cancelled", bill_discounted: "Discount", payment_refunded: "Refund" };

const COLORS = { gross: "#1f5fbf", net: "#1e8e3e", qty: "#b26a00", avg: "#1f5fbf", p90: "#c5221f" };
// Chart.js draws 12 px grey labels by default: too small to read from a step back.
if (typeof Chart !== "undefined") {
	Chart.defaults.font.size = 15;
	Chart.defaults.color = "#3c4350";
}

/** A Chart.js bar chart (the UMD build's global `Chart`), redrawn when its data changes. */
function BarChart({ label, labels, datasets, horizontal = false, format = v => v, height }) {
	const canvas = useRef(null);
	const key = JSON.stringify([labels, datasets, horizontal]);
	useEffect(() => {
		if (typeof Chart === "undefined" || !canvas.current) return;
		const valueAxis = { beginAtZero: true, ticks: { callback: v => format(v) } };
		const chart = new Chart(canvas.current, {
			type: "bar",
			data: { labels, datasets: datasets.map(d => ({ borderRadius: 4, maxBarThickness: 48, ...d })) },
			options: {
				indexAxis: horizontal ? "y" : "x",
				animation: false,
				responsive: true,
				maintainAspectRatio: false,
				plugins: {
					legend: { display: datasets.length > 1 },
					tooltip: { callbacks: { label: c => `${c.dataset.label}: ${format(horizontal ? c.parsed.x : c.parsed.y)}` } },
				},
				scales: horizontal ? { x: valueAxis } : { y: valueAxis },
			},
		});
		return () => chart.destroy();
	}, [key]);
	return html`<div class="chart-box" style=${height ? `height:${height}px` : ""}><canvas ref=${canvas} role="img" aria-label=${label}></canvas></div>`;
}

function ReportsAdmin() {
	const today = localToday();
	const [range, setRange] = useState({ from: today, to: today, groupBy: "hour" });
	const [tick, setTick] = useState(0);
	const [state, setState] = useState({ loading: true, error: "", data: null });

	useEffect(() => {
		let current = true;
		const q = { from: range.from, to: range.to };
		setState(s => ({ ...s, loading: true }));
		Promise.all([
			api.get("/reports/sales", { ...q, groupBy: range.groupBy }),
			api.get("/reports/best-sellers", { ...q, limit: 10 }),
			api.get("/reports/kitchen", q),
			api.get("/reports/staff", q),
			api.get("/reports/audit", { ...q, kind: "money", limit: 200 }),
			api.get("/reports/audit", { ...q, kind: "accounts", limit: 200 }),
		]).then(
			([sales, best, kitchen, staff, audit, accounts]) => current && setState({ loading: false, error: "", data: { sales, best, kitchen, staff, audit, accounts } }),
			err => current && setState(s => ({ ...s, loading: false, error: say(err) })),
		);
		return () => {
			current = false;
		};
	}, [range.from, range.to, range.groupBy, tick]);

	const setField = key => e => e.target.value && setRange(r => ({ ...r, [key]: e.target.value }));
	const d = state.data;

	return html`<div class="stack reports">
		<div class="row between">
			<h1>Reports</h1>
			<span class="muted">Times and days in ${config.timezone}; sales count when the bill is paid.</span>
		</div>
		<form class="panel row" aria-label="Report range" onSubmit=${e => (e.preventDefault(), setTick(t => t + 1))}>
			<label>From <input type="date" value=${range.from} max=${range.to} onChange=${setField("from")} /></label>
			<label>To <input type="date" value=${range.to} min=${range.from} onChange=${setField("to")} /></label>
			<label>Sales by
				<select value=${range.groupBy} onChange=${setField("groupBy")}>
					<option value="hour">Hour</option>
					<option value="day">Day</option>
				</select>
			</label>
			<button type="button" class="align-end" onClick=${() => setRange(r => ({ ...r, from: today, to: today }))}>Today</button>
			<button type="submit" class="primary align-end" disabled=${state.loading}>${state.loading ? "Loading…" : "Refresh"}</button>
		</form>
		${state.error && html`<p class="error-text" role="alert">${state.error}</p>`}
		${d &&
		html`<${SalesReport} rows=${d.sales} oneDay=${range.from === range.to} />
			<div class="report-grid">
				<${BestSellers} rows=${d.best} />
				<${KitchenTimes} rows=${d.kitchen} />
			</div>
			<${StaffReport} rows=${d.staff} />
			<${AuditTrail} rows=${d.audit} />
			<${AccountsTrail} rows=${d.accounts} />`}
		${!d && !state.error && html`<p class="muted" aria-busy="true">Loading…</p>`}
	</div>`;
}

const SALES_COLUMNS = [
	["grossCents", "gross", "Gross"],
	["discountCents", "discount", "Discounts"],
	["serviceChargeCents", "service", "Service charge"],
	["taxCents", "tax", "Tax"],
	["tipCents", "tips", "Tips"],
	["refundCents", "refunds", "Refunds"],
	["netCents", "net", "Net"],
];

function SalesReport({ rows, oneDay }) {
	const total = Object.fromEntries(["orders", ...SALES_COLUMNS.map(c => c[0])].map(k => [k, rows.reduce((s, r) => s + r[k], 0)]));
	return html`<section class="panel stack" data-report="sales" aria-label="Sales">
		<h2>Sales</h2>
		${rows.length
			? html`<${BarChart}
						label="Sales per period: gross and net"
						labels=${rows.map(r => periodLabel(r.period, oneDay))}
						datasets=${[
							{ label: "Gross", data: rows.map(r => r.grossCents), backgroundColor: COLORS.gross },
							{ label: "Net", data: rows.map(r => r.netCents), backgroundColor: COLORS.net },
						]}
						format=${money}
					/>
					<div class="scroll-x">
						<table class="list sales">
							<thead><tr><th>Period</th><th class="num">Orders</th>${SALES_COLUMNS.map(c => html`<th class="num">${c[2]}</th>`)}</tr></thead>
							<tbody>
								${rows.map(
									r => html`<tr data-period=${r.period}>
										<td>${periodLabel(r.period, oneDay)}</td>
										<td class="num" data-col="orders">${r.orders}</td>
										${SALES_COLUMNS.map(([k, col]) => html`<td class="num" data-col=${col}>${money(r[k])}</td>`)}
									</tr>`,
								)}
							</tbody>
							<tfoot>
								<tr data-period="total">
									<th>Total</th>
									<td class="num" data-col="orders">${total.orders}</td>
									${SALES_COLUMNS.map(([k, col]) => html`<td class="num" data-col=${col}>${money(total[k])}</td>`)}
								</tr>
							</tfoot>
						</table>
					</div>
					<p class="muted small-text">Net = gross − discounts − refunds, before tax, service charge and tips.</p>`
			: html`<p class="muted">No sales in this range.</p>`}
	</section>`;
}

function BestSellers({ rows }) {
	return html`<section class="panel stack" data-report="best-sellers" aria-label="Best-sellers">
		<h2>Best-sellers</h2>
		${rows.length
			? html`<${BarChart}
						label="Best-sellers by quantity sold"
						horizontal=${true}
						height=${Math.max(160, rows.length * 34 + 40)}
						labels=${rows.map(r => r.name)}
						datasets=${[{ label: "Sold", data: rows.map(r => r.quantity), backgroundColor: COLORS.qty }]}
					/>
					<table class="list">
						<thead><tr><th>Item</th><th class="num">Sold</th><th class="num">Gross</th></tr></thead>
						<tbody>${rows.map(r => html`<tr data-item-id=${r.menuItemId}><td>${r.name}</td><td class="num">${r.quantity}</td><td class="num">${money(r.grossCents)}</td></tr>`)}</tbody>
					</table>`
			: html`<p class="muted">Nothing sold in this range.</p>`}
	</section>`;
}

function KitchenTimes({ rows }) {
	const time = s => clock(Math.round(s));
	return html`<section class="panel stack" data-report="kitchen" aria-label="Kitchen prep times">
		<h2>Kitchen prep times</h2>
		${rows.length
			? html`<${BarChart}
						label="Prep time per station: average and 90th percentile"
						labels=${rows.map(r => r.station)}
						datasets=${[
							{ label: "Average", data: rows.map(r => r.avgPrepSeconds), backgroundColor: COLORS.avg },
							{ label: "90% within", data: rows.map(r => r.p90PrepSeconds), backgroundColor: COLORS.p90 },
						]}
						format=${time}
					/>
					<table class="list">
						<thead><tr><th>Station</th><th class="num">Items</th><th class="num">Average</th><th class="num">p90</th></tr></thead>
						<tbody>
							${rows.map(r => html`<tr data-station=${r.station}><td>${r.station}</td><td class="num">${r.items}</td><td class="num">${time(r.avgPrepSeconds)}</td><td class="num">${time(r.p90PrepSeconds)}</td></tr>`)}
						</tbody>
					</table>
					<p class="muted small-text">From the moment a round reached the kitchen to ready (minutes:seconds).</p>`
			: html`<p class="muted">No items made in this range.</p>`}
	</section>`;
}

function StaffReport({ rows }) {
	return html`<section class="panel stack" data-report="staff" aria-label="Staff sales and tips">
		<h2>Staff sales and tips</h2>
		${rows.length
			? html`<table class="list">
					<thead><tr><th>Name</th><th class="num">Orders</th><th class="num">Sales</th><th class="num">Tips</th></tr></thead>
					<tbody>
						${rows.map(r => html`<tr data-user-id=${r.userId}><td>${r.fullName || html`<span class="muted">unknown</span>`}</td><td class="num">${r.orders}</td><td class="num" data-col="gross">${money(r.grossCents)}</td><td class="num" data-col="tips">${money(r.tipCents)}</td></tr>`)}
					</tbody>
				</table>
				<p class="muted small-text">Tips are credited to whoever took the payment; sales to whoever took each round.</p>`
			: html`<p class="muted">No staff sales in this range.</p>`}
	</section>`;
}

function auditDetail(row) {
	const items = row.subject?.items;
	if (Array.isArray(items) && items.length) return items.map(i => `${i.quantity}× ${i.name}`).join(", ");
	if (row.action === "payment_refunded" && row.subject?.method) return `${row.subject.method} payment`;
	return "";
}

function AuditTrail({ rows }) {
	return html`<section class="panel stack" data-report="audit" aria-label="Audit trail">
		<h2>Audit trail</h2>
		<p class="muted small-text">Voids, cancellations, discounts and refunds: who, when, why and how much.</p>
		${rows.length
			? html`<div class="scroll-x"><table class="list audit">
					<thead><tr><th>When</th><th>What</th><th>Who</th><th>Table</th><th class="num">Amount</th><th>Why</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-action=${r.action}>
								<td>${when(r.at)}</td>
								<td><span class=${`pill audit-${r.action}`}>${AUDIT_LABELS[r.action] ?? r.action}</span>${auditDetail(r) && html`<div class="muted small-text">${auditDetail(r)}</div>`}</td>
								<td>${r.actorName || html`<span class="muted">system</span>`}</td>
								<td>${r.tableName}</td>
								<td class="num">${money(r.amountCents)}</td>
								<td>${r.reason ?? html`<span class="muted">—</span>`}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>`
			: html`<p class="muted">Nothing voided, cancelled, discounted or refunded in this range.</p>`}
	</section>`;
}

const ACCOUNT_LABELS = {
	signed_in: "Signed in",
	sign_in_refused: "Sign-in refused",
	user_created: "Account created",
	role_changed: "Role changed",
	password_changed: "Password changed",
	user_deactivated: "Deactivated",
	user_reactivated: "Reactivated",
};

/** Who got in, who was refused, and who changed whose account (GET /reports/audit?kind=accounts). */
function AccountsTrail({ rows }) {
	const what = r => (r.action === "role_changed" && r.subject.previousRole ? `${r.subject.previousRole} → ${r.subject.role}` : "");
	return html`<section class="panel stack" data-report="accounts" aria-label="Sign-ins and accounts">
		<h2>Sign-ins and accounts</h2>
		<p class="muted small-text">Every sign-in, every refused one and why, and every change to an account: whose, by whom, from where.</p>
		${rows.length
			? html`<div class="scroll-x"><table class="list audit">
					<thead><tr><th>When</th><th>What</th><th>Account</th><th>By</th><th>From</th><th>Why</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-action=${r.action}>
								<td>${when(r.at)}</td>
								<td><span class=${`pill audit-${r.action}`}>${ACCOUNT_LABELS[r.action] ?? r.action}</span>${what(r) && html`<div class="muted small-text">${what(r)}</div>`}</td>
								<td>${r.subject.username ?? ""}</td>
								<td>${r.actorName || html`<span class="muted">—</span>`}</td>
								<td>${r.subject.ip ?? html`<span class="muted">—</span>`}</td>
								<td>${r.reason ?? html`<span class="muted">—</span>`}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>`
			: html`<p class="muted">No sign-ins or account changes in this range.</p>`}
	</section>`;
}

// ---------------------------------------------------------------------------------------------------------
// The page

const TABS = [
	["menu", "Menu", MenuAdmin],
	["tables", "Tables", TablesAdmin],
	["bills", "Bills", BillsAdmin],
	["users", "Users", UsersAdmin],
	["reports", "Reports", ReportsAdmin],
];
const tabFromHash = () => (TABS.some(([id]) => `#${id}` === location.hash) ? location.hash.slice(1) : "menu");

function Admin() {
	const [tab, setTab] = useState(tabFromHash());
	useEffect(() => {
		const onHash = () => setTab(tabFromHash());
		addEventListener("hashchange", onHash);
		onHash(); // a hash that changed between the first render and now
		startLive();
		return () => removeEventListener("hashchange", onHash);
	}, []);
	const [, label, Section] = TABS.find(([id]) => id === tab);
	return html`<${TopBar} user=${user} />
		<nav class="admin-tabs" role="tablist" aria-label="Admin sections">
			${TABS.map(([id, text]) => html`<a role="tab" href=${`#${id}`} aria-selected=${String(id === tab)} aria-controls="admin-panel">${text}</a>`)}
		</nav>
		<main id="admin-panel" role="tabpanel" aria-label=${label} class="admin-main">
			<${Section} key=${tab} />
		</main>`;
}

mount(document.body.dataset.page === "qr" ? QrSheet : Admin);
