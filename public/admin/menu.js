// The Menu tab: categories (add, rename, reorder, course, delete) and their dishes (add, edit, 86, countdown, delete).
import { html, useState, useEffect } from "../app/ui.js";
import { api, attempt, money } from "../app/core.js";
import { courseName } from "../app/modifiers.js";
import { config } from "./session.js";
import { store, useSlice } from "./live.js";
import { useConfirm, Loading } from "./parts.js";
import { ItemDialog, courseChoices } from "./menu-item.js";

export function MenuAdmin() {
	const menu = useSlice("menu", "/menu");
	// The groups a dish sheet offers to attach (the Modifiers tab makes them).
	const groups = useSlice("groups", "/menu/modifier-groups");
	const [confirm, confirmDialog] = useConfirm();
	const [editing, setEditing] = useState(null);
	const [newName, setNewName] = useState("");

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
			for (const [position, cat] of order.entries())
				if (cat.position !== position) await api.patch(`/menu/categories/${cat.id}`, { position });
		});
		menu.reload();
	}

	const toggle = item =>
		attempt(
			async () => {
				const saved = await api.patch(`/menu/items/${item.id}`, { available: !item.available });
				store.dispatch({ type: "menuItem", item: saved, saved: true });
			},
			item.available ? `${item.name} is sold out (86)` : `${item.name} is back on`,
		);

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
		${
			editing &&
			html`<${ItemDialog}
			item=${editing}
			live=${categories.flatMap(c => c.items).find(i => i.id === editing.id)}
			categories=${categories}
			stations=${stations}
			groups=${groups.data}
			onClose=${() => setEditing(null)}
			onSaved=${saved => {
				setEditing(null);
				store.dispatch({ type: "menuItem", item: saved, saved: true });
			}}
		/>`
		}
		${confirmDialog}
	</div>`;
}

function CategoryPanel({ category, first, last, onMove, onChanged, onAddItem, onEdit, onToggle, confirm }) {
	const [name, setName] = useState(category.name);
	useEffect(() => setName(category.name), [category.name]);

	const setCourse = e => {
		const course = Number(e.target.value);
		attempt(
			async () => {
				await api.patch(`/menu/categories/${category.id}`, { course });
				onChanged();
			},
			`${category.name}: served as ${courseName(config.courses, course)}`,
		);
	};
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
			<label class="course-field">Course
				<select value=${String(category.course ?? 1)} onChange=${setCourse} aria-label=${`${category.name} course`}>
					${courseChoices(category.course).map(n => html`<option value=${n}>${courseName(config.courses, n)}</option>`)}
				</select>
			</label>
			<div class="row align-end">
				<button class="small" aria-label=${`Move ${category.name} up`} disabled=${first} onClick=${() => onMove(-1)}>▲</button>
				<button class="small" aria-label=${`Move ${category.name} down`} disabled=${last} onClick=${() => onMove(1)}>▼</button>
				<button class="small" onClick=${onAddItem}>Add item</button>
				<button class="small danger" aria-label=${`Delete category ${category.name}`} onClick=${remove}>Delete</button>
			</div>
		</div>
		${
			category.items.length
				? html`<table class="list items">
					<thead><tr><th>Item</th><th>Station</th><th>Course</th><th class="num">Price</th><th>Available</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
					<tbody>
						${category.items.map(
							item => html`<tr key=${item.id} data-item-id=${item.id} data-available=${String(item.available)} class=${item.available ? "" : "sold-out"}>
								<td>
									<strong>${item.name}</strong>${item.description && html`<div class="muted small-text">${item.description}</div>`}
									${item.modifierGroups?.length ? html`<div class="item-groups" data-col="groups">${item.modifierGroups.map(g => g.name).join(" · ")}</div>` : null}
								</td>
								<td><span class="pill">${item.station}</span></td>
								<td data-col="course" class=${item.courseOverride ? "own-course" : "muted"}>${courseName(config.courses, item.course ?? category.course ?? 1)}</td>
								<td class="num" data-col="price">${money(item.priceCents)}</td>
								<td class="availability-cell">
									<button
										class=${`small availability ${item.available ? "ok" : "danger"}`}
										role="switch"
										aria-checked=${String(item.available)}
										aria-label=${`${item.name} available`}
										onClick=${() => onToggle(item)}
									>
										${item.available ? "Available" : "Sold out"}
									</button>
									${
										item.remaining !== null && item.remaining !== undefined
											? html`<span class=${`pill countdown-left${item.remaining <= 3 ? " low" : ""}`} data-col="remaining">${item.remaining} left</span>`
											: null
									}
								</td>
								<td class="actions-cell">
									<button class="small" aria-label=${`Edit ${item.name}`} onClick=${() => onEdit(item)}>Edit</button>
									<button class="small danger" aria-label=${`Delete ${item.name}`} onClick=${() => removeItem(item)}>Delete</button>
								</td>
							</tr>`,
						)}
					</tbody>
				</table>`
				: html`<p class="muted">No items in this category.</p>`
		}
	</section>`;
}
