// The floor as the admin laid it out: each area's plan with its tables where they stand (round, square or long),
// coloured by status, with what matters at a glance; tables not placed yet as tiles under their area's plan.
import { html } from "../app/ui.js";
import { money } from "../app/core.js";
import { go } from "./route.js";
import { word } from "./words.js";
import { planBox, splitPlaced, seatedFor } from "./glance.js";

/** One area's plan; `glances` maps a table id to its glance, `dim` says which tables the Mine filter leaves out. */
export function AreaPlan({ area, tables, glances, now, dim, tile }) {
	const { placed, unplaced } = splitPlaced(tables);
	return html`<section class="area" aria-label=${area} data-area=${area}>
		<h2>${area}</h2>
		${
			placed.length > 0 &&
			html`<div class="plan" data-plan=${area}>
				${placed.map(t => html`<${PlanTable} key=${t.id} table=${t} glance=${glances.get(t.id)} now=${now} dim=${dim(t)} />`)}
			</div>`
		}
		${
			unplaced.length > 0 &&
			html`${placed.length > 0 && html`<p class="muted plan-note">Not on the plan yet:</p>`}
			<div class="tiles">${unplaced.map(tile)}</div>`
		}
	</section>`;
}

function PlanTable({ table: t, glance: g, now, dim }) {
	const box = planBox(t);
	return html`<button
		class=${`plan-table shape-${t.shape ?? "square"} status-${t.status} ${dim ? "dim" : ""}`}
		style=${{ left: box.left, top: box.top, width: box.width, height: box.height }}
		data-table-id=${t.id}
		data-status=${t.status}
		data-shape=${t.shape ?? "square"}
		aria-label=${`Table ${t.name}, ${word(t.status).toLowerCase()}${g ? `, ${seatedFor(g.seatedAt, now)}, ${money(g.spendCents)}` : ""}${g?.ready ? `, ${g.ready} ready` : ""}`}
		onClick=${() => go(`table/${t.id}`)}
	>
		<span class="plan-name">${t.name}</span>
		${g && html`<span class="plan-meta">${seatedFor(g.seatedAt, now, true)}</span>`}
		${g && html`<span class="plan-meta num">${money(g.spendCents)}</span>`}
		${g?.ready > 0 && html`<span class="plan-ready" data-ready=${g.ready}>${g.ready} ready</span>`}
		${g?.heldCourse && !g.ready && html`<span class="plan-held">Held</span>`}
	</button>`;
}
