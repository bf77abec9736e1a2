// "Ask a manager": any call the API answers 403 APPROVAL_REQUIRED (a waiter's comp, discount, refund, void of a
// dish the kitchen started) opens this sheet over the screen. A manager types their PIN on this tablet, or the
// waiter sends the request and waits for a manager to approve it on their own device (approval:update); either
// way the same call goes again, once, with the approval (app/core.js retries it). Back gives up: the call fails
// with the refusal, and whatever sheet asked shows it. A manager signed in here gets the cards instead
// (admin/approvals.js).
import { html, Modal, render, useEffect, useState } from "../app/ui.js";
import { api, describeError, onApprovalRequired } from "../app/core.js";
import { approvalRequested, approvalUpdated, startApprovalCards } from "../admin/approvals.js";

const STYLE = `
.approval-sheet .modal-backdrop { z-index: 70; }
.approval-sheet .modal { width: min(460px, 100%); }
.approval-summary { font-size: 1.2rem; font-weight: 600; margin: 0; }
.approval-dots { display: flex; gap: 12px; justify-content: center; min-height: 22px; }
.approval-dots span { width: 18px; height: 18px; border-radius: 50%; border: 2px solid var(--ink, #15171a); }
.approval-dots span.on { background: var(--ink, #15171a); }
.approval-keys { display: grid; grid-template-columns: repeat(3, 1fr); gap: 10px; }
.approval-keys button { min-height: 64px; font-size: 1.6rem; font-weight: 600; }
.approval-keys button.edit { font-size: 1.05rem; font-weight: 500; }
.approval-wait { background: var(--info-bg, #e8f0fe); border-radius: var(--radius, 10px); padding: 12px 14px; margin: 0; }
.approval-sheet .actions { display: flex; gap: 10px; }
.approval-sheet .actions button { flex: 1; min-height: 56px; }
`;

const MIN = 4;
const MAX = 8;
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"];
const WORDS = {
	comp: "Comp a dish",
	discount: "Discount the bill",
	voidStarted: "Void a dish the kitchen started",
	refund: "Refund a payment",
	reopenBill: "Reopen a paid bill",
};

/** Requests this tablet is waiting on: id → the open sheet's callback for its approval:update. */
const waiting = new Map();
/** approval:update that came before its sheet was listening (a fast manager): kept for the sheet to read. */
const early = new Map();
let host = null;

/**
 * Starts approvals on the floor: every call that needs a manager opens the sheet; a manager's or admin's tablet
 * also shows the waiters' requests as cards.
 */
export function startApprovals(user) {
	const style = document.createElement("style");
	style.textContent = STYLE;
	document.head.append(style);
	onApprovalRequired(askManager);
	if (user.role === "manager" || user.role === "admin") startApprovalCards();
}

/** The floor's live handlers for approvals (live.js adds them to the socket's). */
export const approvalHandlers = {
	"approval:request": approval => approvalRequested(approval),
	"approval:update": update => {
		approvalUpdated(update);
		const listener = waiting.get(update.id);
		if (listener) listener(update);
		else if (update.approvalToken || update.status === "denied") early.set(update.id, update);
	},
};

/** Opens the sheet for one refused call; resolves to the approval token, or null when the waiter gives up. */
export function askManager(error) {
	const id = error.details?.approvalRequestId;
	if (!id) return Promise.resolve(null);
	host ??= document.body.appendChild(document.createElement("div"));
	return new Promise(resolve => {
		const done = token => {
			waiting.delete(id);
			early.delete(id);
			render(null, host);
			resolve(token);
		};
		render(html`<${AskManager} key=${id} id=${id} action=${error.details?.action} onDone=${done} />`, host);
	});
}

function AskManager({ id, action, onDone }) {
	const [summary, setSummary] = useState(WORDS[action] ?? "This needs a manager");
	const [pin, setPin] = useState("");
	const [sent, setSent] = useState(false);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState("");
	/** When the request lapses undecided: no push says so, so the sheet tells the waiter itself. */
	const [expiresAt, setExpiresAt] = useState(null);

	useEffect(() => {
		api.get(`/approvals/${id}`).then(
			a => {
				setSummary(a.summary);
				setExpiresAt(a.expiresAt ?? null);
			},
			() => undefined,
		);
		const onUpdate = update => {
			if (update.status === "approved" && update.approvalToken) onDone(update.approvalToken);
			else if (update.status === "denied") {
				setSent(false);
				setError(
					`${update.approval?.decidedBy?.fullName ?? "A manager"} said no${update.approval?.reason ? `: ${update.approval.reason}` : "."}`,
				);
			} else if (update.status === "expired") setError("The request expired. Go back and try again.");
		};
		waiting.set(id, onUpdate);
		const first = early.get(id);
		if (first) onUpdate(first);
		return () => waiting.delete(id);
	}, [id]);

	const press = key => {
		if (busy) return;
		setError("");
		if (key === "clear") setPin("");
		else if (key === "back") setPin(p => p.slice(0, -1));
		else setPin(p => (p.length < MAX ? p + key : p));
	};
	const approveWithPin = async e => {
		e?.preventDefault();
		if (busy || pin.length < MIN) return;
		setBusy(true);
		try {
			const { approvalToken } = await api.post(`/approvals/${id}/pin`, { pin });
			onDone(approvalToken);
		} catch (err) {
			setPin("");
			setBusy(false);
			setError(err.status === 401 ? "That PIN is not a manager's. Try again." : describeError(err));
		}
	};

	useEffect(() => {
		const onKey = e => {
			if (/^\d$/.test(e.key)) press(e.key);
			else if (e.key === "Backspace") press("back");
			else if (e.key === "Enter") approveWithPin();
			else return;
			e.preventDefault();
			e.stopPropagation();
		};
		addEventListener("keydown", onKey, true);
		return () => removeEventListener("keydown", onKey, true);
	});

	useEffect(() => {
		if (!expiresAt) return;
		const timer = setTimeout(
			() => setError("The request expired. Go back and try again."),
			Math.max(0, Date.parse(expiresAt) - Date.now()),
		);
		return () => clearTimeout(timer);
	}, [expiresAt]);

	const label = { clear: "Clear", back: "⌫" };
	// data-waiting-until: a shared tablet does not lock itself while a waiter waits here for a manager.
	return html`<div class="approval-sheet" data-approval-sheet=${id} data-waiting-until=${expiresAt ?? ""}>
		<${Modal} title="Ask a manager" onClose=${() => onDone(null)}>
			<p class="approval-summary" data-approval-summary>${summary}</p>
			${
				sent
					? html`<p class="approval-wait" role="status">Request sent. Waiting for a manager to approve it on their device…</p>`
					: html`<p class="muted">A manager types their PIN here, or send the request to the managers' devices.</p>`
			}
			<div class="approval-dots" role="status" aria-label=${`${pin.length} digits entered`}>
				${Array.from({ length: Math.max(MIN, pin.length) }, (_, i) => html`<span class=${i < pin.length ? "on" : ""}></span>`)}
			</div>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="approval-keys">
				${KEYS.map(
					k =>
						html`<button type="button" class=${/\d/.test(k) ? "digit" : "edit"} aria-label=${k === "back" ? "Delete" : (label[k] ?? k)} disabled=${busy} onClick=${() => press(k)}>
							${label[k] ?? k}
						</button>`,
				)}
			</div>
			<div class="actions">
				<button type="button" onClick=${() => onDone(null)}>Back</button>
				${!sent && html`<button type="button" onClick=${() => setSent(true)}>Send request</button>`}
				<button type="button" class="primary" disabled=${busy || pin.length < MIN} onClick=${approveWithPin}>${busy ? "Checking…" : "Approve with PIN"}</button>
			</div>
		<//>
	</div>`;
}
