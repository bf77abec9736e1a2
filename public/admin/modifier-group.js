// The modifier group sheet: a new group or an edit (name, required, how many to choose, and its options in order,
// each with a price change that may be negative and, for a side cooked elsewhere, its own station).
import { html, Modal, useState } from "../app/ui.js";
import { api, toast, describeError } from "../app/core.js";
import { parseDeltaCents, deltaInput } from "../app/modifiers.js";
import { config } from "./session.js";
import { groupProblem } from "./format.js";

let draftIds = 0;
/** An option row of the sheet: `id` once saved, `key` to keep the row's fields as rows move. */
const draft = o => ({
	key: o?.id ?? `new-${++draftIds}`,
	id: o?.id,
	name: o?.name ?? "",
	delta: o ? deltaInput(o.priceDeltaCents) : "0.00",
	station: o?.station ?? "",
});

export function GroupDialog({ group, stations, onClose, onSaved }) {
	const isNew = !group.id;
	const [f, setF] = useState({
		name: group.name ?? "",
		required: group.required ?? true,
		min: String(group.minChoices ?? 1),
		max: String(group.maxChoices ?? 1),
	});
	const [options, setOptions] = useState(() => (group.options?.length ? group.options.map(draft) : [draft(), draft()]));
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const set = key => e => setF(prev => ({ ...prev, [key]: e.target.type === "checkbox" ? e.target.checked : e.target.value }));
	const setOption = (key, field) => e => setOptions(list => list.map(o => (o.key === key ? { ...o, [field]: e.target.value } : o)));
	const move = (index, by) =>
		setOptions(list => {
			const next = [...list];
			const [o] = next.splice(index, 1);
			next.splice(index + by, 0, o);
			return next;
		});

	async function save(e) {
		e.preventDefault();
		const sent = options.map(o => ({
			...(o.id ? { id: o.id } : {}),
			name: o.name.trim(),
			priceDeltaCents: parseDeltaCents(o.delta),
			station: o.station.trim().toLowerCase() || null,
		}));
		const fields = { name: f.name.trim(), required: f.required, minChoices: Number(f.min), maxChoices: Number(f.max) };
		const problem = groupProblem(fields, sent);
		if (problem) return setError(problem);
		// Editing sends what changed; the options go whole (the server's rule: the list is the new list, in order).
		const was = group.id && {
			name: group.name,
			required: group.required,
			minChoices: group.minChoices,
			maxChoices: group.maxChoices,
		};
		const changes = isNew ? fields : Object.fromEntries(Object.entries(fields).filter(([key, value]) => value !== was[key]));
		const before = (group.options ?? []).map(o => ({ id: o.id, name: o.name, priceDeltaCents: o.priceDeltaCents, station: o.station }));
		if (isNew || JSON.stringify(before) !== JSON.stringify(sent)) changes.options = sent;
		if (!Object.keys(changes).length) return onClose();
		setBusy(true);
		setError("");
		try {
			const saved = isNew
				? await api.post("/menu/modifier-groups", changes)
				: await api.patch(`/menu/modifier-groups/${group.id}`, changes);
			toast(isNew ? `Group "${saved.name}" added` : `Group "${saved.name}" saved`, "success");
			onSaved(saved);
		} catch (err) {
			setError(describeError(err));
			setBusy(false);
		}
	}

	return html`<${Modal} title=${isNew ? "New modifier group" : `Edit ${group.name}`} onClose=${onClose}>
		<form class="stack group-form" onSubmit=${save} novalidate>
			<label>Group name <span class="hint">What the guest chooses, e.g. Temperature, Sides, Extras</span>
				<input required maxlength="80" value=${f.name} onInput=${set("name")} />
			</label>
			<label class="check"><input type="checkbox" checked=${f.required} onChange=${set("required")} /> Required: the order cannot go without a choice</label>
			<div class="field-row">
				<label>At least <input type="number" inputmode="numeric" min="0" max="20" value=${f.min} onInput=${set("min")} /></label>
				<label>At most <input type="number" inputmode="numeric" min="1" max="20" value=${f.max} onInput=${set("max")} /></label>
			</div>
			<fieldset class="stack option-editor">
				<legend>Options, in the order they are offered</legend>
				<p class="muted small-text">Price change in ${config.currency} per portion: 2.00 adds, -0.50 takes off, 0 is free. A station sends the option to its own kitchen screen (a side); leave it blank when the dish's station makes it.</p>
				${options.map(
					(o, i) => html`<div class="option-edit" key=${o.key} data-option-row=${i}>
						<label class="option-name-field">Option ${i + 1}
							<input required maxlength="80" value=${o.name} onInput=${setOption(o.key, "name")} placeholder="Medium rare" />
						</label>
						<label class="option-delta-field">Price change
							<input inputmode="text" autocomplete="off" value=${o.delta} onInput=${setOption(o.key, "delta")} placeholder="0.00" />
						</label>
						<label class="option-station-field">Own station
							<input
								list="group-stations"
								autocapitalize="none"
								maxlength="32"
								value=${o.station}
								placeholder="none"
								onInput=${setOption(o.key, "station")}
							/>
						</label>
						<div class="row tight option-moves">
							<button type="button" class="small" aria-label=${`Move option ${i + 1} up`} disabled=${i === 0} onClick=${() => move(i, -1)}>▲</button>
							<button type="button" class="small" aria-label=${`Move option ${i + 1} down`} disabled=${i === options.length - 1} onClick=${() => move(i, 1)}>▼</button>
							<button
								type="button"
								class="small danger"
								aria-label=${`Remove option ${i + 1}`}
								disabled=${options.length === 1}
								onClick=${() => setOptions(list => list.filter(x => x.key !== o.key))}
							>✕</button>
						</div>
					</div>`,
				)}
				<button type="button" disabled=${options.length >= 50} onClick=${() => setOptions(list => [...list, draft()])}>Add option</button>
			</fieldset>
			<datalist id="group-stations">${stations.map(s => html`<option value=${s} />`)}</datalist>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary" disabled=${busy}>${isNew ? "Add group" : "Save group"}</button>
			</div>
		</form>
	<//>`;
}
