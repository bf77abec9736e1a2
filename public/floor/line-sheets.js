// What a waiter does to one line of an order, each with its reason: void all or part of it, comp it (a manager),
// have the kitchen make it again (a remake), or choose between those from the line's "More" button.
import { html, Modal, useState } from "../app/ui.js";
import { api, money } from "../app/core.js";
import { store } from "./live.js";
import { ReasonModal } from "./reason.js";
import { lineActions } from "./courses.js";

const apply = order => store.dispatch({ type: "orders", orders: [order] });

/** The line's sheets, by `mode`: "more" (choose), "void", "comp" or "remake". */
export function LineSheet({ order, line, mode, admin, onClose, setMode }) {
	if (mode === "void") return html`<${VoidSheet} order=${order} line=${line} onClose=${onClose} />`;
	if (mode === "comp") return html`<${CompSheet} order=${order} line=${line} onClose=${onClose} />`;
	if (mode === "remake") return html`<${RemakeSheet} order=${order} line=${line} onClose=${onClose} />`;
	const can = lineActions(line, admin);
	return html`<${Modal} title=${`${line.quantity}× ${line.name}`} label=${`What to do with ${line.name}`} onClose=${onClose}>
		<div class="stack line-choices">
			${
				can.remake &&
				html`<button onClick=${() => setMode("remake")}>
				<strong>Remake</strong><span class="muted">The kitchen makes it again, at no charge (sent back, dropped…)</span>
			</button>`
			}
			${
				can.comp &&
				html`<button onClick=${() => setMode("comp")}>
				<strong>Comp</strong><span class="muted">On the house: priced 0, with the reason</span>
			</button>`
			}
			${
				can.void &&
				html`<button class="danger" onClick=${() => setMode("void")}>
				<strong>Void</strong><span class="muted">Take all or part of it off the order</span>
			</button>`
			}
		</div>
		<div class="actions"><button onClick=${onClose}>Back</button></div>
	</${Modal}>`;
}

/** Void the line, or part of it: the stepper says how many of its quantity go (all of it unless lowered). */
export function VoidSheet({ order, line, onClose }) {
	const [count, setCount] = useState(line.quantity);
	const part = count < line.quantity;
	return html`<${ReasonModal}
		title=${`Void ${line.quantity}× ${line.name}`}
		confirm=${part ? `Void ${count} of ${line.quantity}` : "Void item"}
		onClose=${onClose}
		done=${part ? `${count} of ${line.quantity} ${line.name} voided` : `${line.name} voided`}
		onSubmit=${async reason => apply(await api.post(`/orders/${order.id}/items/${line.id}/void`, { reason, ...(part && { quantity: count }) }))}
	>
		${
			line.quantity > 1 &&
			html`<div class="row stepper" role="group" aria-label="How many to void">
			<span>How many</span>
			<button type="button" class="small" aria-label="Void fewer" disabled=${count <= 1} onClick=${() => setCount(n => n - 1)}>−</button>
			<span class="qty" data-void-count>${count}</span>
			<button type="button" class="small" aria-label="Void more" disabled=${count >= line.quantity} onClick=${() => setCount(n => n + 1)}>+</button>
			<span class="muted">of ${line.quantity}</span>
		</div>`
		}
		${line.sides?.length > 0 && html`<p class="muted">Its sides go with it: ${line.sides.map(s => s.name).join(", ")}.</p>`}
	</${ReasonModal}>`;
}

/** On the house: a manager prices the line 0; what it would have cost goes to the comps report with the reason. */
export function CompSheet({ order, line, onClose }) {
	return html`<${ReasonModal}
		title=${`Comp ${line.quantity}× ${line.name}`}
		confirm="Comp it"
		onClose=${onClose}
		done=${`${line.name} comped`}
		onSubmit=${async reason => apply(await api.post(`/orders/${order.id}/items/${line.id}/comp`, { reason }))}
	>
		<p>The guest is not charged for it: ${money(line.quantity * line.unitPriceCents)} off the bill.</p>
	</${ReasonModal}>`;
}

/** Made again: a new line goes to the kitchen now at no charge, the first one stays on the order as waste. */
export function RemakeSheet({ order, line, onClose }) {
	return html`<${ReasonModal}
		title=${`Remake ${line.quantity}× ${line.name}`}
		confirm="Send the remake"
		onClose=${onClose}
		done=${`Remake of ${line.name} sent to the kitchen`}
		onSubmit=${async reason => apply(await api.post(`/orders/${order.id}/items/${line.id}/remake`, { reason }))}
	>
		<p>${line.quantity}× ${line.name} goes to the ${line.station} now, at no charge. The first stays on the order as waste.</p>
	</${ReasonModal}>`;
}
