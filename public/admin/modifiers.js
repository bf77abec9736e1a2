// The Modifiers tab: modifier groups ("Temperature", "Sides") shared by any number of dishes; each option's
// price change and station, 86 and countdown, live as orders take portions.
import { html, useState } from "../app/ui.js";
import { api, attempt } from "../app/core.js";
import { choiceRule, deltaText } from "../app/modifiers.js";
import { store, useSlice } from "./live.js";
import { useConfirm, Loading, CountdownField } from "./parts.js";
import { GroupDialog } from "./modifier-group.js";

export function ModifiersAdmin() {
	const groups = useSlice("groups", "/menu/modifier-groups");
	const menu = useSlice("menu", "/menu");
	const [editing, setEditing] = useState(null);
	const [confirm, confirmDialog] = useConfirm();

	const items = (menu.data?.categories ?? []).flatMap(c => c.items);
	/** The dishes a group sits on, by name, from the menu's copy. */
	const usedBy = group => items.filter(i => i.modifierGroups?.some(g => g.id === group.id)).map(i => i.name);
	const stations = [
		...new Set([
			"grill",
			"cold",
			"bar",
			...items.map(i => i.station),
			...(groups.data ?? []).flatMap(g => g.options.map(o => o.station).filter(Boolean)),
		]),
	].sort();

	const saved = group => store.dispatch({ type: "modifierGroup", group });
	const remove = group => {
		const on = usedBy(group);
		confirm(
			"Delete modifier group?",
			`Delete "${group.name}"?${on.length ? ` It comes off ${on.join(", ")}.` : ""} Orders already taken keep their choices.`,
			"Delete group",
			async () => {
				if (await attempt(() => api.delete(`/menu/modifier-groups/${group.id}`), `"${group.name}" deleted`))
					store.dispatch({ type: "modifierGroup", group: { id: group.id, deleted: true } });
			},
		);
	};

	return html`<div class="stack modifiers">
		<div class="row between">
			<h1>Modifier groups</h1>
			<button class="primary" onClick=${() => setEditing({})}>New group</button>
		</div>
		<p class="muted">
			Choices made on a dish, such as a temperature or a side. One group can sit on many dishes: attach it from the dish's Edit
			sheet in the Menu tab. Sold out and countdowns apply to every dish at once.
		</p>
		<${Loading} state=${groups}>${() =>
			groups.data.length
				? groups.data.map(
						g => html`<${GroupPanel}
							key=${g.id}
							group=${g}
							usedBy=${menu.data ? usedBy(g) : null}
							onEdit=${() => setEditing(g)}
							onDelete=${() => remove(g)}
							onSaved=${saved}
						/>`,
					)
				: html`<p class="panel muted">No modifier groups yet. Add one, such as "Temperature" with Rare, Medium and Well done.</p>`}<//>
		${
			editing &&
			html`<${GroupDialog}
				group=${editing}
				stations=${stations}
				onClose=${() => setEditing(null)}
				onSaved=${group => {
					setEditing(null);
					saved(group);
				}}
			/>`
		}
		${confirmDialog}
	</div>`;
}

function GroupPanel({ group, usedBy, onEdit, onDelete, onSaved }) {
	/** An option changed on its own (86, countdown): the group it belongs to, with that option replaced. */
	const optionSaved = option => onSaved({ ...group, options: group.options.map(o => (o.id === option.id ? { ...o, ...option } : o)) });
	return html`<section class="panel stack modifier-group" data-group-id=${group.id} aria-label=${`Modifier group ${group.name}`}>
		<div class="row between">
			<div class="stack tight">
				<h2>${group.name}</h2>
				<div class="row tight">
					${group.required ? html`<span class="pill required">Required</span>` : null}
					<span data-col="rule">${choiceRule(group)}</span>
				</div>
			</div>
			<div class="row">
				<button class="small" aria-label=${`Edit ${group.name}`} onClick=${onEdit}>Edit</button>
				<button class="small danger" aria-label=${`Delete group ${group.name}`} onClick=${onDelete}>Delete</button>
			</div>
		</div>
		${
			usedBy &&
			html`<p class="used-by" data-col="used-by">
				${usedBy.length ? html`On <strong>${usedBy.join(", ")}</strong>` : html`<span class="muted">Not on any dish yet</span>`}
			</p>`
		}
		<ul class="option-list" aria-label=${`${group.name} options`}>
			${group.options.map(o => html`<${OptionRow} key=${o.id} option=${o} onSaved=${optionSaved} />`)}
		</ul>
	</section>`;
}

function OptionRow({ option: o, onSaved }) {
	const toggle = () =>
		attempt(
			async () => onSaved(await api.patch(`/menu/modifier-options/${o.id}`, { available: !o.available })),
			o.available ? `${o.name} is sold out (86)` : `${o.name} is back on`,
		);
	const setCount = remaining =>
		attempt(
			async () => onSaved(await api.patch(`/menu/modifier-options/${o.id}`, { remaining })),
			remaining === null ? `${o.name}: no countdown` : `${o.name}: ${remaining} left`,
		);
	return html`<li class=${`option-row${o.available ? "" : " sold-out"}`} data-option-id=${o.id} data-available=${String(o.available)}>
		<div class="option-what">
			<strong class="option-name">${o.name}</strong>
			<span class="num" data-col="delta">${deltaText(o.priceDeltaCents) || html`<span class="muted">no charge</span>`}</span>
			${o.station ? html`<span class="pill" title="Cooked at its own station">${o.station}</span>` : html`<span class="muted">with the dish</span>`}
		</div>
		<${CountdownField} name=${o.name} remaining=${o.remaining} onSet=${setCount} />
		<button
			class=${`small availability ${o.available ? "ok" : "danger"}`}
			role="switch"
			aria-checked=${String(o.available)}
			aria-label=${`${o.name} available`}
			onClick=${toggle}
		>
			${o.available ? "Available" : "Sold out"}
		</button>
	</li>`;
}
