// The Stations tab's printers: each network printer's station, address, status and queue (kept current by the
// stations' `station:update` pushes and a timer, as a receipt printer has no station to push for), and a sheet to
// add or edit one; the API's refusals show beside the field they name.
import { html, Modal, useApi, useEffect, useRef, useState, useStore } from "../app/ui.js";
import { api, attempt, toast, describeError, byName } from "../app/core.js";
import { loadStations, stations as stationHealth } from "../floor/stations.js";
import { useConfirm, Loading } from "./parts.js";

/** Queues and receipt printers change without a push: the list is read again this often while the tab is open, and
 * more often while jobs wait, so a queue is seen draining. */
const REFRESH_MS = 10_000;
const DRAINING_MS = 2_000;
const DEFAULT_PORT = "9100";
const KINDS = { kitchen: "Kitchen chits", receipt: "Receipts and bills" };
const CHITS = { all: "Every ticket", unacknowledged: "Only unconfirmed" };
/** The API's field names as the sheet labels them, so "port must be at most 65535" reads "Port must be…". */
const FIELD_LABELS = {
	name: "Name",
	host: "Address",
	port: "Port",
	kind: "Prints",
	station: "Station",
	fallbackPrinterId: "Fallback printer",
	chits: "Chits",
};
const FIELDS = Object.keys(FIELD_LABELS);
const cap = s => (s ? s.charAt(0).toUpperCase() + s.slice(1) : s);

/** The stations a kitchen printer can serve: those the menu's dishes name, those the kitchen reported, and its own. */
export function stationChoices(menu, health, current) {
	const fromMenu = (menu?.categories ?? []).flatMap(c => c.items.map(i => i.station));
	return [...new Set([...fromMenu, ...health, current].filter(Boolean))].sort();
}

/** A refusal split by field: `{ fields: { port: "Port must be at most 65535" }, general }`. */
export function fieldProblems(err, sent) {
	const fields = {};
	for (const d of Array.isArray(err?.details) ? err.details : []) {
		if (!FIELDS.includes(d?.field) || fields[d.field]) continue;
		const message = String(d.message ?? "");
		fields[d.field] = message.startsWith(`${d.field} `) ? `${FIELD_LABELS[d.field]}${message.slice(d.field.length)}` : cap(message);
	}
	// Refusals about the fallback that are not validation answers: itself, or a printer deleted meanwhile.
	if (err?.code === "BAD_FALLBACK_PRINTER") fields.fallbackPrinterId = err.message;
	if (err?.code === "PRINTER_NOT_FOUND" && sent?.fallbackPrinterId && err.details?.id === sent.fallbackPrinterId)
		fields.fallbackPrinterId = "That printer was deleted meanwhile: choose another";
	return { fields, general: Object.keys(fields).length ? "" : describeError(err) };
}

export function PrintersAdmin() {
	const printers = useApi("/devices/printers");
	const menu = useApi("/menu");
	const health = useStore(stationHealth);
	const [editing, setEditing] = useState(null);
	const [confirm, confirmDialog] = useConfirm();
	const first = useRef(true);
	// A station's health changed (a kitchen printer went offline or came back): read the statuses again.
	useEffect(() => {
		if (first.current) first.current = false;
		else printers.reload();
	}, [health]);
	// The stations' list above names each station's printers: it reads them again at once too.
	const changed = () => {
		printers.reload();
		loadStations();
	};
	const list = printers.data ?? [];
	const waiting = list.some(p => p.queued > 0);
	useEffect(() => {
		const t = setInterval(printers.reload, waiting ? DRAINING_MS : REFRESH_MS);
		return () => clearInterval(t);
	}, [waiting]);
	const named = new Map(list.map(p => [p.id, p.name]));

	const remove = p =>
		confirm(
			"Delete printer?",
			`Delete ${p.name}? ${p.queued ? `Its ${p.queued} unprinted ${p.queued === 1 ? "job is" : "jobs are"} dropped. ` : ""}Printers that fell back to it no longer have a fallback.`,
			"Delete printer",
			async () => {
				if (await attempt(() => api.delete(`/devices/printers/${p.id}`), `${p.name} deleted`)) changed();
			},
		);

	return html`<section class="panel stack printers" aria-label="Printers">
		<div class="row between">
			<h2>Printers</h2>
			<button type="button" class="primary" onClick=${() => setEditing({})}>Add printer</button>
		</div>
		<p class="muted">Network printers on the raw port (usually 9100): a kitchen printer prints its station's chits, a receipt printer the bills.</p>
		<${Loading} state=${printers}>${() =>
			list.length
				? html`<table class="list printers cards">
						<thead><tr><th>Printer</th><th>Prints</th><th>Address</th><th>Status</th><th class="num">Queued</th><th>Fallback</th><th>Chits</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
						<tbody>
							${[...list].sort(byName).map(
								p => html`<tr key=${p.id} data-printer-id=${p.id} data-printer=${p.name} data-status=${p.status}>
									<td class="card-title"><strong>${p.name}</strong></td>
									<td data-label="Prints">${p.kind === "kitchen" ? html`Chits for <strong>${cap(p.station)}</strong>` : "Receipts"}</td>
									<td data-label="Address" class="address">${p.host}<wbr />:${p.port}</td>
									<td data-label="Status">
										<span class=${`pill ${p.status === "ok" ? "available" : "unavailable"}`} data-printer-status>${p.status === "ok" ? "OK" : "Offline"}</span>
										${p.status !== "ok" && p.lastError && html`<div class="muted small-text">${p.lastError}</div>`}
									</td>
									<td data-label="Queued" class="num" data-queued=${p.queued}>${p.queued}</td>
									<td data-label="Fallback" data-fallback>${named.get(p.fallbackPrinterId) ?? html`<span class="muted">None</span>`}</td>
									<td data-label="Chits">${p.kind === "kitchen" ? CHITS[p.chits] : html`<span class="muted">—</span>`}</td>
									<td class="actions-cell">
										<button class="small" aria-label=${`Edit printer ${p.name}`} onClick=${() => setEditing(p)}>Edit</button>
										<button class="small danger" aria-label=${`Delete printer ${p.name}`} onClick=${() => remove(p)}>Delete</button>
									</td>
								</tr>`,
							)}
						</tbody>
					</table>`
				: html`<p class="muted">No printer yet: add the kitchen's and the bar's, and one for receipts.</p>`}<//>
		${
			editing &&
			html`<${PrinterDialog}
				printer=${editing}
				printers=${list}
				stations=${stationChoices(menu.data, [...health.keys()], editing.station)}
				onClose=${() => setEditing(null)}
				onSaved=${() => {
					setEditing(null);
					changed();
				}}
			/>`
		}
		${confirmDialog}
	</section>`;
}

/** Adds a printer (`printer` is `{}`) or edits one; only what changed is sent on an edit. */
function PrinterDialog({ printer, printers, stations, onClose, onSaved }) {
	const isNew = !printer.id;
	const [f, setF] = useState({
		name: printer.name ?? "",
		host: printer.host ?? "",
		port: printer.port ? String(printer.port) : DEFAULT_PORT,
		kind: printer.kind ?? "kitchen",
		station: printer.station ?? "",
		fallbackPrinterId: printer.fallbackPrinterId ?? "",
		chits: printer.chits ?? "all",
	});
	const [problems, setProblems] = useState({ fields: {}, general: "" });
	const [busy, setBusy] = useState(false);
	const set = key => e => setF(prev => ({ ...prev, [key]: e.target.value }));
	const kitchen = f.kind === "kitchen";
	const others = printers.filter(p => p.id !== printer.id);

	async function save(e) {
		e.preventDefault();
		const port = f.port.trim();
		const body = {
			name: f.name.trim(),
			host: f.host.trim(),
			// Digits go as a number; anything else as typed, for the API to say what is wrong with it.
			port: /^\d+$/.test(port) ? Number(port) : port,
			kind: f.kind,
			station: kitchen ? f.station || null : null,
			fallbackPrinterId: f.fallbackPrinterId || null,
			...(kitchen && { chits: f.chits }),
		};
		const sent = isNew
			? Object.fromEntries(Object.entries(body).filter(([, v]) => v !== null && v !== ""))
			: Object.fromEntries(Object.entries(body).filter(([k, v]) => v !== (printer[k] ?? null)));
		if (!isNew && !Object.keys(sent).length) return onClose();
		setBusy(true);
		setProblems({ fields: {}, general: "" });
		try {
			const saved = isNew ? await api.post("/devices/printers", sent) : await api.patch(`/devices/printers/${printer.id}`, sent);
			toast(isNew ? `${saved.name} added` : `${saved.name} saved`, "success");
			onSaved(saved);
		} catch (err) {
			setProblems(fieldProblems(err, sent));
			setBusy(false);
		}
	}

	/** A field's label, its control and, under it, what the API said about it. */
	const field = (key, label, control, hint) => {
		const problem = problems.fields[key];
		return html`<label data-field=${key}>
			${label}${hint && html` <span class="hint">${hint}</span>`}
			${control({ "aria-invalid": problem ? "true" : undefined, "aria-describedby": problem ? `printer-${key}-error` : undefined })}
			${problem && html`<span class="field-error" id=${`printer-${key}-error`} role="alert" data-field-error=${key}>${problem}</span>`}
		</label>`;
	};

	return html`<${Modal} title=${isNew ? "New printer" : `Edit ${printer.name}`} onClose=${onClose}>
		<form class="stack printer-form" onSubmit=${save}>
			<div class="field-row">
				${field("name", "Name", a => html`<input ...${a} required maxlength="60" value=${f.name} onInput=${set("name")} placeholder="Grill printer" />`)}
				${field(
					"kind",
					"Prints",
					a => html`<select ...${a} value=${f.kind} onChange=${set("kind")}>
						${Object.entries(KINDS).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
					</select>`,
				)}
			</div>
			<div class="field-row address-row">
				${field(
					"host",
					"Address (IP or name)",
					a =>
						html`<input ...${a} required maxlength="253" autocapitalize="none" autocomplete="off" spellcheck="false" value=${f.host} onInput=${set("host")} placeholder="192.168.1.50" />`,
				)}
				${field("port", "Port", a => html`<input ...${a} inputmode="numeric" autocomplete="off" value=${f.port} onInput=${set("port")} />`)}
			</div>
			<div class="field-row">
				${
					kitchen &&
					field(
						"station",
						"Station",
						a => html`<select ...${a} value=${f.station} onChange=${set("station")}>
							<option value="">Choose…</option>
							${stations.map(st => html`<option value=${st}>${cap(st)}</option>`)}
						</select>`,
						stations.length ? "Whose chits it prints" : "No dish names a station yet: set them in the Menu tab",
					)
				}
				${field(
					"fallbackPrinterId",
					"Fallback printer",
					a => html`<select ...${a} value=${f.fallbackPrinterId} onChange=${set("fallbackPrinterId")}>
						<option value="">None</option>
						${others.map(p => html`<option value=${p.id}>${p.name}</option>`)}
					</select>`,
					"Prints while this one is off",
				)}
			</div>
			${
				kitchen &&
				html`<fieldset class="chits-choice" data-field="chits">
					<legend>Chits</legend>
					<label class="check">
						<input type="radio" name="chits" value="all" checked=${f.chits === "all"} onChange=${set("chits")} />
						<span>Print every ticket</span>
					</label>
					<label class="check">
						<input type="radio" name="chits" value="unacknowledged" checked=${f.chits === "unacknowledged"} onChange=${set("chits")} />
						<span>Only tickets no screen confirmed</span>
					</label>
					${problems.fields.chits && html`<span class="field-error" role="alert" data-field-error="chits">${problems.fields.chits}</span>`}
				</fieldset>`
			}
			${problems.general && html`<p class="error-text" role="alert">${problems.general}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary" disabled=${busy}>${isNew ? "Add printer" : "Save printer"}</button>
			</div>
		</form>
	<//>`;
}
