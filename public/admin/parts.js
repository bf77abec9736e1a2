// Pieces every office tab uses: the "are you sure?" sheet, the loading / failed / loaded frame around a list, and a
// countdown's field that follows the live number.
import { html, Modal, useState, useEffect } from "../app/ui.js";
import { parseCount } from "./format.js";

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

/**
 * A dish's or an option's countdown: the live number of portions left (pushes move it while nobody types in it),
 * and Set once it was changed. Blank is no countdown.
 */
export function CountdownField({ name, remaining, onSet }) {
	const live = remaining === null || remaining === undefined ? "" : String(remaining);
	const [text, setText] = useState(live);
	const [dirty, setDirty] = useState(false);
	const [problem, setProblem] = useState("");
	useEffect(() => {
		if (!dirty) setText(live);
	}, [live, dirty]);
	const submit = async e => {
		e.preventDefault();
		const parsed = parseCount(text);
		if (!parsed) return setProblem("A whole number from 0 to 100000, or blank for no countdown");
		setProblem("");
		await onSet(parsed.remaining);
		setDirty(false);
	};
	return html`<form class="countdown" onSubmit=${submit} data-remaining=${live}>
		<label class="countdown-label">
			<span>Left</span>
			<input
				inputmode="numeric"
				autocomplete="off"
				aria-label=${`${name} portions left`}
				placeholder="No count"
				value=${text}
				onInput=${e => {
					setText(e.target.value);
					setDirty(true);
				}}
			/>
		</label>
		${dirty && text.trim() !== live && html`<button type="submit" class="small ok" aria-label=${`Set ${name} portions left`}>Set</button>`}
		${problem && html`<span class="error-text small-text" role="alert">${problem}</span>`}
	</form>`;
}
