// Pieces every office tab uses: the "are you sure?" sheet and the loading / failed / loaded frame around a list.
import { html, Modal, useState } from "../app/ui.js";

/** A "are you sure?" sheet for deletes and other things that cannot be undone with one tap. */
export function useConfirm() {
	const [ask, setAsk] = useState(null);
	const confirm = (title, message, label, action) => setAsk({ title, message, label, action });
	const close = () => setAsk(null);
	const dialog =
		ask &&
		html`<${Modal} title=${ask.title} onClose=${close}>
			<p>${ask.message}</p>
			<div class="actions">
				<button type="button" onClick=${close}>Cancel</button>
				<button type="button" class="danger solid" onClick=${() => {
					close();
					ask.action();
				}}>${ask.label}</button>
			</div>
		<//>`;
	return [confirm, dialog];
}

export function Loading({ state, children }) {
	if (state.error && !state.data)
		return html`<p class="error-text" role="alert">${state.error} <button class="small" onClick=${state.reload}>Try again</button></p>`;
	if (!state.data) return html`<p class="muted" aria-busy="true">Loading…</p>`;
	return children();
}
