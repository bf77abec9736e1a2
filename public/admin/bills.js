// The Bills tab: recent bills (a table's, a takeout's or a tab's) with their lines (seat, options, comps), totals and
// payments, the way to refund one (whole or part, with a reason), and to reopen a paid bill (with a reason).
import { html, Modal, useApi, useState, useStore } from "../app/ui.js";
import { api, money, toast } from "../app/core.js";
import { deltaText } from "../app/modifiers.js";
import { when } from "./session.js";
import { store, useSlice } from "./live.js";
import { Loading } from "./parts.js";
import { refundable, billTotals, methodLabel, billLabel } from "./format.js";
import { RefundDialog } from "./refund.js";

const BILL_FILTERS = [
	["paid", "Paid"],
	["open", "Open"],
	["", "All"],
];

export function BillsAdmin() {
	const { status } = useStore(store).bills;
	const setStatus = value => store.dispatch({ type: "billFilter", status: value });
	const bills = useSlice("bills", "/billing/bills", { status: status || undefined, limit: 50 });
	const users = useApi("/auth/users");
	const [refunding, setRefunding] = useState(null);
	const [reopening, setReopening] = useState(null);
	const names = new Map((users.data ?? []).map(u => [u.id, u.fullName || u.username]));

	const reloadBill = id =>
		api.get(`/billing/bills/${id}`).then(
			bill => store.dispatch({ type: "bill", bill }),
			() => bills.reload(),
		);

	const list = bills.data ?? [];
	const label = BILL_FILTERS.find(([v]) => v === status)[1].toLowerCase();
	return html`<div class="stack bills">
		<div class="row between">
			<h1>Bills</h1>
			<div class="row filter" role="group" aria-label="Show bills">
				${BILL_FILTERS.map(([value, text]) => html`<button type="button" aria-pressed=${String(status === value)} onClick=${() => setStatus(value)}>${text}</button>`)}
			</div>
		</div>
		<p class="muted small-text">The latest 50, newest first. Refund a payment from its bill: all of it or part, with a reason for the audit trail.</p>
		<${Loading} state=${bills}>${() =>
			list.length
				? list.map(
						b =>
							html`<${BillCard}
								key=${b.id}
								bill=${b}
								names=${names}
								onRefund=${payment => setRefunding({ bill: b, payment })}
								onReopen=${() => setReopening(b)}
							/>`,
					)
				: html`<p class="panel muted">No ${status ? `${label} ` : ""}bills yet.</p>`}<//>
		${
			refunding &&
			html`<${RefundDialog}
			bill=${refunding.bill}
			payment=${refunding.payment}
			onClose=${() => setRefunding(null)}
			onChanged=${() => reloadBill(refunding.bill.id)}
			onDone=${() => {
				setRefunding(null);
				reloadBill(refunding.bill.id);
			}}
		/>`
		}
		${
			reopening &&
			html`<${ReopenDialog}
			bill=${reopening}
			onClose=${() => setReopening(null)}
			onDone=${() => {
				setReopening(null);
				reloadBill(reopening.id);
			}}
		/>`
		}
	</div>`;
}

/** A paid bill opened again, with a reason for the audit trail: its payments stay, the sale leaves the reports until paid again. */
function ReopenDialog({ bill, onClose, onDone }) {
	const [reason, setReason] = useState("");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	async function submit(e) {
		e.preventDefault();
		if (!reason.trim()) return setError("Give a reason for the audit trail.");
		setBusy(true);
		try {
			await api.post(`/billing/bills/${bill.id}/reopen`, { reason: reason.trim() });
			toast(`Bill ${billLabel(bill)} reopened`, "success");
			onDone();
		} catch (err) {
			setError(err.message);
			setBusy(false);
		}
	}
	return html`<${Modal} title="Reopen the bill" onClose=${onClose}>
		<form class="stack" onSubmit=${submit}>
			<p class="muted">
				${billLabel(bill)}, paid ${money(bill.paidCents)}. It is open again with its payments: refund, discount or take
				another payment on the floor, and it is paid again. Until then the sale is out of the reports.
			</p>
			<label>Reason <span class="hint">For the audit trail</span>
				<input required maxlength="200" value=${reason} onInput=${e => setReason(e.target.value)} placeholder="Wrong card, wrong table…" />
			</label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary" disabled=${busy}>${busy ? "Reopening…" : "Reopen"}</button>
			</div>
		</form>
	</${Modal}>`;
}

function BillCard({ bill, names, onRefund, onReopen }) {
	const seat = bill.split?.seat ? ` · seat ${bill.split.seat}` : "";
	const part = bill.split ? ` · part ${bill.split.part} of ${bill.split.parts}${seat}` : "";
	const totals = billTotals(bill);
	const label = billLabel(bill);
	return html`<section class="panel stack bill" data-bill-id=${bill.id} data-status=${bill.status} data-order-type=${bill.orderType ?? "dine_in"} aria-label=${`Bill of ${label}${part}`}>
		<div class="row between">
			<h2>${label}${part}</h2>
			<span class="row">
				<span class=${`pill ${bill.status}`}>${bill.status}</span><span class="muted">${when(bill.paidAt ?? bill.createdAt)}</span>
				${bill.status === "paid" && html`<button class="small" data-reopen aria-label=${`Reopen the bill of ${label}`} onClick=${onReopen}>Reopen…</button>`}
			</span>
		</div>
		${
			bill.reopenings?.length > 0 &&
			html`<ul class="reopenings small-text">
			${bill.reopenings.map(x => html`<li data-reopened>Reopened ${when(x.at)} by ${names.get(x.by) ?? "unknown"}: ${x.reason}</li>`)}
		</ul>`
		}
		<div class="bill-body">
			${
				bill.lines.length
					? html`<table class="list bill-lines">
						<thead><tr><th>Item</th><th class="num">Amount</th></tr></thead>
						<tbody>${bill.lines.map(l => html`<${BillLineRow} key=${l.id} line=${l} />`)}</tbody>
					</table>`
					: html`<p class="muted">A share of a bill split evenly: its lines are on the whole bill.</p>`
			}
			<dl class="bill-totals">
				${totals.map(([key, text, cents]) => html`<div data-total=${key} class=${key === "total" ? "strong" : ""}><dt>${text}</dt><dd class="num">${money(cents)}</dd></div>`)}
			</dl>
		</div>
		${
			bill.payments.length
				? html`<table class="list payments">
					<thead><tr><th>Payment</th><th class="num">Amount</th><th class="num">Tip</th><th class="num">Refunded</th><th><span class="visually-hidden">Refund</span></th></tr></thead>
					<tbody>
						${bill.payments.map(p => html`<${PaymentRow} key=${p.id} payment=${p} names=${names} onRefund=${() => onRefund(p)} />`)}
					</tbody>
				</table>`
				: html`<p class="muted">No payments yet.</p>`
		}
	</section>`;
}

function PaymentRow({ payment: p, names, onRefund }) {
	const left = refundable(p);
	const who = names.get(p.createdBy);
	return html`<tr data-payment-id=${p.id} data-status=${p.status}>
		<td>
			<strong>${methodLabel(p.method)}</strong>
			${p.status !== "captured" && html` <span class=${`pill ${p.status}`}>${p.status}</span>`}
			<div class="muted small-text">${who ? `${who} · ` : ""}${when(p.capturedAt ?? p.createdAt)}</div>
			${p.refunds.map(
				rf => html`<div class="refund-note small-text" data-refund-id=${rf.id} data-status=${rf.status}>
					Refunded ${money(rf.amountCents)}${rf.status === "done" ? "" : ` (${rf.status})`}: ${rf.reason}
					<span class="muted"> · ${names.get(rf.createdBy) ?? "unknown"}, ${when(rf.createdAt)}</span>
				</div>`,
			)}
		</td>
		<td class="num" data-col="amount" data-label="Amount">${money(p.amountCents)}</td>
		<td class="num" data-col="tip" data-label="Tip">${money(p.tipCents)}</td>
		<td class="num" data-col="refunded" data-label="Refunded">${p.refundedCents ? money(p.refundedCents) : "—"}</td>
		<td class="actions-cell">
			${
				left > 0
					? html`<button class="small danger" aria-label=${`Refund the ${methodLabel(p.method).toLowerCase()} payment of ${money(p.amountCents)}`} onClick=${onRefund}>Refund…</button>`
					: p.status === "captured" && p.refundedCents > 0
						? html`<span class="muted">Refunded in full</span>`
						: null
			}
		</td>
	</tr>`;
}

/** One bill line: quantity and dish, its seat, the options chosen (with their price changes) and a comp's reason. */
function BillLineRow({ line: l }) {
	const shared = l.sharedBy ? html` <span class="muted">(shared by ${l.sharedBy})</span>` : null;
	return html`<tr data-line-id=${l.id} data-seat=${l.seat ?? ""} class=${l.comp ? "comped" : ""}>
		<td>
			${l.seat ? html`<span class="pill seat">Seat ${l.seat}</span> ` : null}${l.quantity}× ${l.name}${shared}
			${
				l.modifiers?.length
					? html`<ul class="line-options">
						${l.modifiers.map(m => html`<li data-option-id=${m.optionId}>${m.name}${m.priceDeltaCents ? html` <span class="muted">${deltaText(m.priceDeltaCents)}</span>` : null}</li>`)}
					</ul>`
					: null
			}
			${l.comp ? html`<div class="comp-note" data-col="comp">Comped: ${l.comp.reason} <span class="muted">(${money(l.comp.valueCents)})</span></div>` : null}
		</td>
		<td class="num">${money(l.amountCents)}</td>
	</tr>`;
}
