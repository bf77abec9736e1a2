// Refunding one payment: the amount (what is left, by default) and a reason, then a second tap to confirm.
import { html, Modal, useState, useRef } from "../app/ui.js";
import { api, ApiError, toast, money, centsText, parseCents, newIdempotencyKey } from "../app/core.js";
import { when } from "./session.js";
import { refundable, refundProblem, methodLabel, billPlace } from "./format.js";

/** Refund one payment: the amount (what is left, by default) and a reason, then a second tap to confirm. */
export function RefundDialog({ bill, payment, onClose, onChanged, onDone }) {
	const left = refundable(payment);
	const method = methodLabel(payment.method).toLowerCase();
	const [amount, setAmount] = useState(centsText(left));
	const [reason, setReason] = useState("");
	const [ask, setAsk] = useState(null);
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	/** A refund sent whose answer may have been lost (offline, 503, 504): the same refund again keeps its key. */
	const unanswered = useRef(null);

	function review(e) {
		e.preventDefault();
		const cents = parseCents(amount);
		if (!cents) return setError("Type the amount as money, for example 5.00");
		setError("");
		const why = reason.trim();
		// One key per refund: trying the same refund again after a lost answer can never refund it twice.
		const same = unanswered.current && unanswered.current.cents === cents && unanswered.current.reason === why;
		setAsk({ cents, reason: why, key: same ? unanswered.current.key : newIdempotencyKey() });
	}
	async function refund() {
		setBusy(true);
		unanswered.current = ask;
		try {
			await api.post(
				`/billing/payments/${payment.id}/refund`,
				{ amountCents: ask.cents, reason: ask.reason },
				{ idempotencyKey: ask.key },
			);
			unanswered.current = null;
			toast(`Refunded ${money(ask.cents)} of the ${method} payment ${billPlace(bill)}`, "success");
			onDone();
		} catch (err) {
			// A definite answer (a 4xx but 429) settles it; otherwise the refund may have happened: keep its key.
			if (err instanceof ApiError && err.status >= 400 && err.status < 500 && err.status !== 429) unanswered.current = null;
			setError(refundProblem(err));
			setAsk(null);
			setBusy(false);
			onChanged(); // show what is true now
		}
	}

	return html`<${Modal} title=${`Refund ${method} payment`} onClose=${onClose}>
		${
			ask
				? html`<div class="stack">
					<p><strong>Refund ${money(ask.cents)} of the ${method} payment ${billPlace(bill)}?</strong></p>
					<p>Reason: “${ask.reason}”. ${payment.method === "cash" ? "Give the cash back from the drawer." : "The money goes back to the card."} A refund cannot be undone.</p>
					<div class="actions">
						<button type="button" disabled=${busy} onClick=${() => setAsk(null)}>Back</button>
						<button type="button" class="danger solid" disabled=${busy} onClick=${refund}>Refund ${money(ask.cents)}</button>
					</div>
				</div>`
				: html`<form class="stack" onSubmit=${review}>
					<p class="muted">
						${methodLabel(payment.method)} payment of ${money(payment.amountCents)} ${billPlace(bill)}, ${when(payment.capturedAt ?? payment.createdAt)}.
						${payment.refundedCents ? ` ${money(payment.refundedCents)} already refunded.` : ""}${payment.tipCents ? ` The ${money(payment.tipCents)} tip is not refunded.` : ""}
					</p>
					<div class="field-row">
						<label>Amount to refund <span class="hint">Up to ${money(left)}</span>
							<input required inputmode="decimal" autocomplete="off" value=${amount} onInput=${e => setAmount(e.target.value)} />
						</label>
						<label>Reason <span class="hint">For the audit trail</span>
							<input required maxlength="200" value=${reason} onInput=${e => setReason(e.target.value)} placeholder="Cold food, wrong dish…" />
						</label>
					</div>
					${error && html`<p class="error-text" role="alert">${error}</p>`}
					<div class="actions">
						<button type="button" onClick=${onClose}>Cancel</button>
						<button type="submit" class="primary">Continue</button>
					</div>
				</form>`
		}
	<//>`;
}
