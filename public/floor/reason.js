// The sheet that asks why (voids, cancellations, discounts): a refusal stays on screen with the reason still typed.
import { html, Modal, useState } from "../app/ui.js";
import { toast } from "../app/core.js";
import { say } from "./words.js";

export function ReasonModal({ title, confirm, onClose, onSubmit, done, children, extraValid = true }) {
	const [reason, setReason] = useState("");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const submit = async e => {
		e.preventDefault();
		if (!reason.trim()) return setError("Give a reason.");
		setBusy(true);
		setError("");
		try {
			await onSubmit(reason.trim());
			if (done) toast(done, "success");
			onClose();
		} catch (err) {
			setError(say(err));
			setBusy(false);
		}
	};
	return html`<${Modal} title=${title} onClose=${onClose}>
		<form class="stack" onSubmit=${submit}>
			${children}
			<label>Reason <input value=${reason} maxlength="200" onInput=${e => setReason(e.target.value)} autofocus /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Back</button>
				<button type="submit" class="primary" disabled=${busy || !extraValid}>${busy ? "Working…" : confirm}</button>
			</div>
		</form>
	</${Modal}>`;
}
