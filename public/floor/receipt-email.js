// A bill's receipt by email from the floor (POST /billing/bills/:id/receipt-email): staff send or resend it to the
// address a guest gives; the mail is queued and goes out once.
import { html, Modal, useState } from "../app/ui.js";
import { api } from "../app/core.js";
import { say } from "./words.js";

export function EmailReceiptButton({ bill }) {
	const [open, setOpen] = useState(false);
	return html`<button data-email-receipt onClick=${() => setOpen(true)}>Email receipt</button>
		${open && html`<${EmailReceiptSheet} bill=${bill} onClose=${() => setOpen(false)} />`}`;
}

function EmailReceiptSheet({ bill, onClose }) {
	const [email, setEmail] = useState("");
	const [busy, setBusy] = useState(false);
	const [sent, setSent] = useState("");
	const [error, setError] = useState("");
	const send = async e => {
		e.preventDefault();
		setBusy(true);
		setError("");
		try {
			await api.post(`/billing/bills/${bill.id}/receipt-email`, { email: email.trim() });
			setSent(email.trim());
		} catch (err) {
			setError(say(err));
		} finally {
			setBusy(false);
		}
	};
	return html`<${Modal} title="Email the receipt" onClose=${onClose}>
		${
			sent
				? html`<p role="status" data-receipt-queued>The receipt is on its way to ${sent}.</p>
					<div class="actions"><button class="primary" onClick=${onClose}>Done</button></div>`
				: html`<form class="stack" onSubmit=${send}>
					<label>Guest's email address <input type="email" required autocomplete="off" value=${email} onInput=${e => setEmail(e.target.value)} /></label>
					${error && html`<p class="error-text" role="alert">${error}</p>`}
					<div class="actions">
						<button type="button" onClick=${onClose}>Cancel</button>
						<button type="submit" class="primary" disabled=${busy || !email.trim()}>${busy ? "Sending…" : "Send receipt"}</button>
					</div>
				</form>`
		}
	</${Modal}>`;
}
