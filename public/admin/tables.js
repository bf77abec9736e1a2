// The Tables tab: add, edit, set a table's status, delete (refused while occupied), and the way to the QR sheet.
import { html, Modal, useState } from "../app/ui.js";
import { api, attempt, toast, describeError, tableLabel, byName } from "../app/core.js";
import { store, useSlice } from "./live.js";
import { useConfirm, Loading } from "./parts.js";
import { FloorPlanEditor } from "./floor-plan.js";

const TABLE_STATUSES = ["available", "occupied", "reserved", "cleaning"];

export function TablesAdmin() {
	const tables = useSlice("tables", "/tables");
	const [confirm, confirmDialog] = useConfirm();
	const [editing, setEditing] = useState(null);
	const [form, setForm] = useState({ name: "", seats: "4", area: "" });
	const list = [...(tables.data ?? [])].sort(byName);
	const areas = [...new Set(list.map(t => t.area).filter(Boolean))].sort();

	async function add(e) {
		e.preventDefault();
		const made = await attempt(
			() => api.post("/tables", { name: form.name.trim(), seats: Number(form.seats), area: form.area.trim() }),
			`${tableLabel(form.name)} added`,
		);
		if (made) {
			setForm(f => ({ ...f, name: "" }));
			store.dispatch({ type: "table", table: made, added: true });
		}
	}
	const setStatus = (table, status) =>
		attempt(
			async () => {
				const saved = await api.patch(`/tables/${table.id}`, { status });
				store.dispatch({ type: "table", table: saved });
			},
			`${tableLabel(table.name)} is ${status}`,
		);
	const remove = table =>
		confirm("Delete table?", `Delete table ${table.name}? Its QR code stops working.`, "Delete table", async () => {
			if (await attempt(() => api.delete(`/tables/${table.id}`), `${tableLabel(table.name)} deleted`))
				store.dispatch({ type: "table", table: { id: table.id, deleted: true } });
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
		${tables.data?.length > 0 && html`<${FloorPlanEditor} tables=${tables.data} />`}
		${
			editing &&
			html`<${TableDialog}
			table=${editing}
			areas=${areas}
			onClose=${() => setEditing(null)}
			onSaved=${saved => {
				setEditing(null);
				store.dispatch({ type: "table", table: saved });
			}}
		/>`
		}
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
			setError(describeError(err));
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
