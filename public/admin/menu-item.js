// The dish sheet: a new dish or an edit, checked in the browser as the server would (price, station name), with its
// course, its countdown and the modifier groups it offers, in order.
import { html, Modal, useState } from "../app/ui.js";
import { api, toast, describeError, centsText, parseCents } from "../app/core.js";
import { choiceRule, courseName } from "../app/modifiers.js";
import { config } from "./session.js";
import { parseCount } from "./format.js";

/** The server's rule for a station name (lib/params.ts), checked by the browser first. Pattern attributes compile
 * with the `v` flag, where a `-` inside a class must be escaped. Upper case is fine: it is saved in lower case. */
const STATION_PATTERN = "[a-zA-Z][a-zA-Z0-9_\\-]{0,31}";
const STATION_HINT = "Use lowercase letters, digits or dashes, starting with a letter, like grill or cold-2";

/** The browser's check of a station field, worded as the person would fix it. */
function checkStation(input) {
	input.setCustomValidity("");
	if (input.validity.patternMismatch) input.setCustomValidity(STATION_HINT);
}

/**
 * `item` is the dish as the sheet opened (its fields start there, and only what differs from it is sent); `live` is
 * the same dish as pushes keep it, for the number of portions left now.
 */
export function ItemDialog({ item, live, categories, stations, groups: loaded, onClose, onSaved }) {
	// The groups the Modifiers tab made; undefined while they are read.
	const groups = loaded ?? [];
	const isNew = !item.id;
	const [f, setF] = useState({
		categoryId: item.categoryId ?? categories[0]?.id ?? "",
		name: item.name ?? "",
		description: item.description ?? "",
		price: isNew ? "" : centsText(item.priceCents),
		station: item.station ?? "",
		available: true, // a new item only: an existing one is 86'd and brought back by the switch in its row
		course: item.courseOverride ? String(item.courseOverride) : "",
		remaining: item.remaining === null || item.remaining === undefined ? "" : String(item.remaining),
	});
	const [groupIds, setGroupIds] = useState((item.modifierGroups ?? []).map(g => g.id));
	const [adding, setAdding] = useState("");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const category = categories.find(c => c.id === f.categoryId);
	// The groups on the dish in order (a group deleted meanwhile drops out), and the ones it could still take.
	const known = new Map([...(item.modifierGroups ?? []), ...groups].map(g => [g.id, g]));
	const chosen = groupIds.map(id => known.get(id)).filter(Boolean);
	const offered = groups.filter(g => !groupIds.includes(g.id));
	const moveGroup = (index, by) =>
		setGroupIds(ids => {
			const next = [...ids];
			const [id] = next.splice(index, 1);
			next.splice(index + by, 0, id);
			return next;
		});
	const set = key => e => setF(prev => ({ ...prev, [key]: e.target.type === "checkbox" ? e.target.checked : e.target.value }));

	async function save(e) {
		e.preventDefault();
		const priceCents = parseCents(f.price);
		if (priceCents === null) return setError("Type the price as money, for example 12.50");
		const count = parseCount(f.remaining);
		if (!count) return setError("Portions left: a whole number from 0 to 100000, or blank for no countdown");
		const fields = {
			categoryId: f.categoryId,
			name: f.name.trim(),
			description: f.description.trim(),
			priceCents,
			station: f.station.trim().toLowerCase(),
			course: f.course ? Number(f.course) : null,
			remaining: count.remaining,
			modifierGroupIds: groupIds,
		};
		// Editing sends only what the admin changed since the dialog opened, and never `available`: the
		// kitchen may 86 the dish meanwhile, and saving a new price must not put it back on sale.
		const was = {
			categoryId: item.categoryId,
			name: item.name,
			description: item.description ?? "",
			priceCents: item.priceCents,
			station: item.station,
			course: item.courseOverride ?? null,
			remaining: item.remaining ?? null,
			modifierGroupIds: (item.modifierGroups ?? []).map(g => g.id),
		};
		const same = (a, b) => JSON.stringify(a) === JSON.stringify(b);
		const changes = Object.fromEntries(Object.entries(fields).filter(([key, value]) => !same(value, was[key])));
		if (!isNew && !Object.keys(changes).length) return onClose();
		setBusy(true);
		setError("");
		try {
			const saved = isNew
				? await api.post("/menu/items", { ...withoutNulls(fields), available: f.available })
				: await api.patch(`/menu/items/${item.id}`, changes);
			toast(isNew ? `${saved.name} added to the menu` : `${saved.name} saved`, "success");
			onSaved(saved);
		} catch (err) {
			setError(describeError(err));
			setBusy(false);
		}
	}

	return html`<${Modal} title=${isNew ? "New menu item" : `Edit ${item.name}`} onClose=${onClose}>
		<form class="stack item-form" onSubmit=${save}>
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
			<div class="field-row">
				<label>
					<span id="item-course-label">Course</span> <span class="hint">When it goes to the kitchen</span>
					<select aria-labelledby="item-course-label" value=${f.course} onChange=${set("course")}>
						<option value="">Category's (${courseName(config.courses, category?.course ?? 1)})</option>
						${courseChoices(Math.max(item.courseOverride ?? 1, category?.course ?? 1)).map(n => html`<option value=${String(n)}>${courseName(config.courses, n)}</option>`)}
					</select>
				</label>
				<label>Portions left <span class="hint">${countHint(live ?? item)}</span>
					<input inputmode="numeric" autocomplete="off" value=${f.remaining} onInput=${set("remaining")} placeholder="No countdown" />
				</label>
			</div>
			<fieldset class="stack item-groups-editor">
				<legend>Modifier groups, in the order they are asked</legend>
				${
					chosen.length
						? html`<ol class="chosen-groups">
							${chosen.map(
								(g, i) => html`<li key=${g.id} data-group-id=${g.id}>
									<span class="grow"><strong>${g.name}</strong> <span class="muted">${choiceRule(g)} · ${g.options.length} options</span></span>
									<button type="button" class="small" aria-label=${`Move ${g.name} up`} disabled=${i === 0} onClick=${() => moveGroup(i, -1)}>▲</button>
									<button type="button" class="small" aria-label=${`Move ${g.name} down`} disabled=${i === chosen.length - 1} onClick=${() => moveGroup(i, 1)}>▼</button>
									<button type="button" class="small danger" aria-label=${`Remove ${g.name}`} onClick=${() => setGroupIds(ids => ids.filter(id => id !== g.id))}>Remove</button>
								</li>`,
							)}
						</ol>`
						: html`<p class="muted">None: the dish is ordered as it is.</p>`
				}
				${
					offered.length
						? html`<div class="row">
							<label class="grow">Add a group
								<select value=${adding} onChange=${e => setAdding(e.target.value)}>
									<option value="">Choose a group…</option>
									${offered.map(g => html`<option value=${g.id}>${g.name} (${choiceRule(g)})</option>`)}
								</select>
							</label>
							<button type="button" class="align-end" disabled=${!adding} onClick=${() => {
								setGroupIds(ids => [...ids, adding]);
								setAdding("");
							}}>Add group</button>
						</div>`
						: html`<p class="muted small-text">${!loaded ? "Reading the groups…" : groups.length ? "Every group is on this dish." : "Make groups in the Modifiers tab first."}</p>`
				}
			</fieldset>
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

/** The countdown field's hint: blank is none, and the live number when the dish has one. */
function countHint(item) {
	const now = item.remaining;
	return now === null || now === undefined ? "Blank for none; 0 sells out" : `Now ${now} left; blank for none`;
}

/** The courses a select offers: the settings' names, and any course past them that is already in use (1 to 9). */
export function courseChoices(current) {
	const n = Math.min(9, Math.max(1, config.courses?.length ?? 0, current ?? 1));
	return Array.from({ length: n }, (_, i) => i + 1);
}

/** A new dish leaves out what it does not have (no own course, no countdown): the server's defaults. */
const withoutNulls = fields => Object.fromEntries(Object.entries(fields).filter(([, v]) => v !== null));
