// The dish sheet: a new dish or an edit, checked in the browser as the server would (price, station name).
import { html, Modal, useState } from "../app/ui.js";
import { api, toast, describeError, centsText, parseCents } from "../app/core.js";
import { config } from "./session.js";

/** The server's rule for a station name (lib/params.ts), checked by the browser first. Pattern attributes compile
 * with the `v` flag, where a `-` inside a class must be escaped. Upper case is fine: it is saved in lower case. */
const STATION_PATTERN = "[a-zA-Z][a-zA-Z0-9_\\-]{0,31}";
const STATION_HINT = "Use lowercase letters, digits or dashes, starting with a letter, like grill or cold-2";

/** The browser's check of a station field, worded as the person would fix it. */
function checkStation(input) {
	input.setCustomValidity("");
	if (input.validity.patternMismatch) input.setCustomValidity(STATION_HINT);
}

export function ItemDialog({ item, categories, stations, onClose, onSaved }) {
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
		const fields = {
			categoryId: f.categoryId,
			name: f.name.trim(),
			description: f.description.trim(),
			priceCents,
			station: f.station.trim().toLowerCase(),
		};
		// Editing sends only what the admin changed since the dialog opened, and never `available`: the
		// kitchen may 86 the dish meanwhile, and saving a new price must not put it back on sale.
		const was = {
			categoryId: item.categoryId,
			name: item.name,
			description: item.description ?? "",
			priceCents: item.priceCents,
			station: item.station,
		};
		const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== was[key]));
		if (!isNew && !Object.keys(changes).length) return onClose();
		setBusy(true);
		setError("");
		try {
			const saved = isNew
				? await api.post("/menu/items", { ...fields, available: f.available })
				: await api.patch(`/menu/items/${item.id}`, changes);
			toast(isNew ? `${saved.name} added to the menu` : `${saved.name} saved`, "success");
			onSaved(saved);
		} catch (err) {
			setError(describeError(err));
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
						onInput=${e => {
							checkStation(e.target);
							set("station")(e);
						}}
						placeholder="grill"
					/>
				</label>
			</div>
			<datalist id="stations">${stations.map(s => html`<option value=${s} />`)}</datalist>
			${
				isNew
					? html`<label class="check"><input type="checkbox" checked=${f.available} onChange=${set("available")} /> Available (not sold out)</label>`
					: html`<p class="muted small-text">Sold out or back on: use the item's Available switch in the list.</p>`
			}
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary" disabled=${busy}>${isNew ? "Add item" : "Save item"}</button>
			</div>
		</form>
	<//>`;
}
