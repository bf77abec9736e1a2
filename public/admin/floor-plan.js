// The floor plan editor (Tables tab): one area at a time on its 1000 × 700 plan; drag a table where it stands
// (pointer events, snapped to 10), pick its shape, Save. Tables not placed yet wait in a tray: a tap puts one on
// a clear spot of the plan. The floor app draws the saved plan (public/floor/plan.js); arrow keys nudge the chosen table.
import { html, useRef, useState } from "../app/ui.js";
import { api, attempt, tableLabel } from "../app/core.js";
import { store } from "./live.js";
import { PLAN, planBox, snap, freeSpot } from "../floor/glance.js";

const SHAPES = [
	["square", "Square"],
	["round", "Round"],
	["rect", "Long"],
];

/** `tables`: every table (the slice's copy). Changes stay here until Save. */
export function FloorPlanEditor({ tables }) {
	const areas = [...new Set(tables.map(t => t.area || ""))].sort((a, b) => a.localeCompare(b));
	const [area, setArea] = useState(areas[0] ?? "");
	const [draft, setDraft] = useState({});
	const [chosen, setChosen] = useState(null);
	const [saving, setSaving] = useState(false);
	const planRef = useRef(null);
	const drag = useRef(null);
	const shown = areas.includes(area) ? area : (areas[0] ?? "");
	const here = tables.filter(t => (t.area || "") === shown).map(t => ({ ...t, ...draft[t.id] }));
	const placed = here.filter(t => t.x != null && t.y != null);
	const tray = here.filter(t => t.x == null || t.y == null);
	const changed = Object.keys(draft).filter(id => tables.some(t => t.id === id));
	const change = (id, patch) => setDraft(d => ({ ...d, [id]: { ...d[id], ...patch } }));
	const current = here.find(t => t.id === chosen);

	/** The plan point under the pointer, in plan units. */
	const pointAt = e => {
		const box = planRef.current.getBoundingClientRect();
		return { x: ((e.clientX - box.left) / box.width) * PLAN.width, y: ((e.clientY - box.top) / box.height) * PLAN.height };
	};
	const down = (e, t) => {
		e.preventDefault();
		e.currentTarget.focus();
		e.currentTarget.setPointerCapture?.(e.pointerId);
		const p = pointAt(e);
		drag.current = { id: t.id, dx: p.x - t.x, dy: p.y - t.y };
		setChosen(t.id);
	};
	const move = e => {
		const d = drag.current;
		if (!d) return;
		const p = pointAt(e);
		change(d.id, { x: snap(p.x - d.dx, PLAN.width), y: snap(p.y - d.dy, PLAN.height) });
	};
	const up = () => {
		drag.current = null;
	};
	const nudge = (e, t) => {
		const by = { ArrowLeft: [-10, 0], ArrowRight: [10, 0], ArrowUp: [0, -10], ArrowDown: [0, 10] }[e.key];
		if (!by) return;
		e.preventDefault();
		change(t.id, { x: snap(t.x + by[0], PLAN.width), y: snap(t.y + by[1], PLAN.height) });
	};
	// A table from the tray goes to the first spot clear of the others; the admin drags it from there.
	const place = t => {
		change(t.id, freeSpot(placed, t));
		setChosen(t.id);
	};

	async function save() {
		setSaving(true);
		const ok = await attempt(async () => {
			for (const id of changed) {
				const { x, y, shape } = { ...tables.find(t => t.id === id), ...draft[id] };
				const saved = await api.patch(`/tables/${id}`, { x: x ?? null, y: y ?? null, shape: shape ?? "square" });
				store.dispatch({ type: "table", table: saved });
				setDraft(d => {
					const { [id]: _, ...rest } = d;
					return rest;
				});
			}
			return true;
		}, "Floor plan saved");
		setSaving(false);
		return ok;
	}

	if (!tables.length) return null;
	return html`<section class="panel stack floor-plan-editor" aria-label="Floor plan">
		<div class="row between wrap">
			<h2>Floor plan</h2>
			<div class="row wrap" role="group" aria-label="Area">
				${areas.map(a => html`<button type="button" aria-pressed=${a === shown} data-plan-area=${a} onClick=${() => setArea(a)}>${a || "No area"}</button>`)}
			</div>
		</div>
		<p class="muted">Drag each table to where it stands; the waiters' tablets draw this plan. Nothing changes until you save.</p>
		<div
			class="plan edit-plan"
			ref=${planRef}
			data-edit-plan=${shown}
			onPointerMove=${move}
			onPointerUp=${up}
			onPointerCancel=${up}
		>
			${placed.map(t => {
				const box = planBox(t);
				return html`<button
					type="button"
					key=${t.id}
					class=${`plan-table shape-${t.shape ?? "square"} ${t.id === chosen ? "chosen" : ""} ${draft[t.id] ? "moved" : ""}`}
					style=${{ left: box.left, top: box.top, width: box.width, height: box.height }}
					data-table-id=${t.id}
					data-x=${t.x}
					data-y=${t.y}
					data-shape=${t.shape ?? "square"}
					aria-label=${`${tableLabel(t.name)}: drag to move, arrows nudge`}
					aria-pressed=${t.id === chosen}
					onPointerDown=${e => down(e, t)}
					onKeyDown=${e => nudge(e, t)}
					onClick=${() => setChosen(t.id)}
				>
					<span class="plan-name">${t.name}</span>
					<span class="plan-meta">${t.seats} seats</span>
				</button>`;
			})}
		</div>
		${
			tray.length > 0 &&
			html`<div class="row wrap plan-tray" role="group" aria-label="Not on the plan yet">
				<span class="muted">Not on the plan yet:</span>
				${tray.map(t => html`<button type="button" data-place-table=${t.id} onClick=${() => place(t)}>Place ${tableLabel(t.name)}</button>`)}
			</div>`
		}
		<div class="row wrap plan-actions">
			${
				current
					? html`<strong>${tableLabel(current.name)}</strong>
						<div class="row" role="group" aria-label="Shape">
							${SHAPES.map(([shape, label]) => html`<button type="button" aria-pressed=${(current.shape ?? "square") === shape} data-shape-choice=${shape} onClick=${() => change(current.id, { shape })}>${label}</button>`)}
						</div>
						${current.x != null && html`<button type="button" onClick=${() => change(current.id, { x: null, y: null })}>Take off the plan</button>`}`
					: html`<span class="muted">Tap a table to choose its shape.</span>`
			}
			<span class="grow"></span>
			${changed.length > 0 && html`<button type="button" onClick=${() => setDraft({})} disabled=${saving}>Undo changes</button>`}
			<button type="button" class="primary" data-save-plan disabled=${!changed.length || saving} onClick=${save}>
				${saving ? "Saving…" : changed.length ? `Save plan (${changed.length})` : "Saved"}
			</button>
		</div>
	</section>`;
}
