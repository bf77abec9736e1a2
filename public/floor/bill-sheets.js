// The bill's sheets: split by items (each dish to a part), one line shared among guests, a manager's discount
// and a paid bill reopened, each with its reason.
import { html, Modal, useState } from "../app/ui.js";
import { api, toast, money } from "../app/core.js";
import { store } from "./live.js";
import { say } from "./words.js";
import { dealtInTwo, splitGroups, discountValue, SHARE_GUESTS, shares, shareRequest } from "./billing.js";
import { ReasonModal } from "./reason.js";

export function SplitByItems({ bill, onClose, refresh }) {
	const [parts, setParts] = useState(2);
	const [groupOf, setGroupOf] = useState(() => dealtInTwo(bill.lines));
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const groups = splitGroups(bill.lines, groupOf, parts);
	const submit = async () => {
		if (groups.length < 2) return setError("Put the items in at least two parts.");
		setBusy(true);
		setError("");
		try {
			store.dispatch({ type: "bills", bills: await api.post(`/billing/bills/${bill.id}/split`, { mode: "items", groups }) });
			refresh();
			toast(`Split in ${groups.length}`, "success");
			onClose();
		} catch (err) {
			setError(say(err));
			setBusy(false);
		}
	};
	return html`<${Modal} title="Split by items" onClose=${onClose}>
		<div class="row">
			<span>Parts</span>
			<button class="small" aria-label="Fewer parts" disabled=${parts <= 2} onClick=${() => setParts(n => n - 1)}>−</button>
			<span class="qty">${parts}</span>
			<button class="small" aria-label="More parts" disabled=${parts >= Math.min(20, bill.lines.length)} onClick=${() => setParts(n => n + 1)}>+</button>
		</div>
		<table class="list">
			<tbody>
				${bill.lines.map(
					l => html`<tr data-line-id=${l.id}>
						<td>${l.quantity}× ${l.name}<br /><span class="muted">${money(l.amountCents)}</span></td>
						<td>
							<div class="row" role="group" aria-label=${`Part for ${l.name}`}>
								${Array.from({ length: parts }, (_, k) => html`<button class="small" aria-pressed=${groupOf[l.id] === k + 1} aria-label=${`${l.name} in part ${k + 1}`} onClick=${() => setGroupOf(g => ({ ...g, [l.id]: k + 1 }))}>${k + 1}</button>`)}
							</div>
						</td>
					</tr>`,
				)}
			</tbody>
		</table>
		${error && html`<p class="error-text" role="alert">${error}</p>`}
		<div class="actions">
			<button onClick=${onClose}>Back</button>
			<button class="primary" disabled=${busy} onClick=${submit}>Split in ${groups.length}</button>
		</div>
	</${Modal}>`;
}

export function DiscountModal({ bill, onClose }) {
	const [kind, setKind] = useState("percent");
	const [value, setValue] = useState("");
	const { parsed, valid } = discountValue(kind, value);
	return html`<${ReasonModal}
		title=${bill.split ? `Discount part ${bill.split.part}` : "Discount the bill"}
		confirm="Apply discount"
		onClose=${onClose}
		extraValid=${valid}
		done="Discount applied"
		onSubmit=${async reason => {
			const body = kind === "percent" ? { percent: parsed, reason } : { amountCents: parsed, reason };
			store.dispatch({ type: "bills", bills: [await api.post(`/billing/bills/${bill.id}/discount`, body)] });
		}}
	>
		<div class="row" role="group" aria-label="Discount kind">
			<button type="button" aria-pressed=${kind === "percent"} onClick=${() => setKind("percent")}>Percent</button>
			<button type="button" aria-pressed=${kind === "amount"} onClick=${() => setKind("amount")}>Amount</button>
		</div>
		<label>${kind === "percent" ? "Percent off" : "Amount off"} <input inputmode="decimal" value=${value} onInput=${e => setValue(e.target.value)} /></label>
		<p class="muted">Subtotal ${money(bill.subtotalCents)}${bill.discountCents ? `; replaces the current ${money(bill.discountCents)} discount` : ""}.</p>
	</${ReasonModal}>`;
}

/** One line shared among 2–8 guests: pick the line, pick how many; each guest's share shows before it is split. */
export function ShareLineSheet({ bill, onClose, refresh }) {
	const [lineId, setLineId] = useState(bill.lines.length === 1 ? bill.lines[0].id : null);
	const [guests, setGuests] = useState(2);
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const line = bill.lines.find(l => l.id === lineId);
	const submit = async () => {
		if (!line) return setError("Pick the line the guests share.");
		setBusy(true);
		setError("");
		try {
			store.dispatch({ type: "bills", bills: await api.post(`/billing/bills/${bill.id}/split`, shareRequest(line.id, guests)) });
			refresh();
			toast(`${line.name} shared by ${guests}`, "success");
			onClose();
		} catch (err) {
			setError(say(err));
			setBusy(false);
		}
	};
	return html`<${Modal} title="Share a line" onClose=${onClose}>
		<div class="stack share-line" data-share-line>
			<p class="muted">Which line do the guests share?</p>
			<div class="share-lines" role="group" aria-label="Line to share">
				${bill.lines.map(
					l => html`<button type="button" class="share-pick" data-line-id=${l.id} aria-pressed=${l.id === lineId} onClick=${() => setLineId(l.id)}>
						<span>${l.quantity}× ${l.name}</span><strong class="num">${money(l.amountCents)}</strong>
					</button>`,
				)}
			</div>
			<p class="muted">Shared by how many guests?</p>
			<div class="row share-guests" role="group" aria-label="Guests sharing it">
				${SHARE_GUESTS.map(n => html`<button type="button" aria-pressed=${n === guests} aria-label=${`${n} guests`} onClick=${() => setGuests(n)}>${n}</button>`)}
			</div>
			${
				line &&
				html`<p class="share-preview" data-share-preview>
				Each pays ${shares(line.amountCents, guests)
					.map(c => money(c))
					.join(" · ")}${bill.lines.length > 1 ? "; the rest of the bill is one more part" : ""}.
			</p>`
			}
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Back</button>
				<button type="button" class="primary" disabled=${busy || !line} onClick=${submit}>${busy ? "Working…" : `Share among ${guests}`}</button>
			</div>
		</div>
	</${Modal}>`;
}

/** A paid bill (or a paid part) opened again, with the reason; a staff member's call goes to a manager to approve. */
export function ReopenModal({ bill, onClose, refresh }) {
	return html`<${ReasonModal}
		title=${bill.split ? `Reopen part ${bill.split.part}` : "Reopen the bill"}
		confirm="Reopen"
		onClose=${onClose}
		done="Bill reopened"
		onSubmit=${async reason => {
			store.dispatch({ type: "bills", bills: [await api.post(`/billing/bills/${bill.id}/reopen`, { reason })] });
			refresh?.();
		}}
	>
		<p class="muted">Paid ${money(bill.paidCents)}. Its payments stay; refund, discount or take another payment, and it is paid again.</p>
	</${ReasonModal}>`;
}
