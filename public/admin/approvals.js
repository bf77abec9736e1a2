// A manager's or admin's device: a waiter's request for approval (approval:request) pops a card with Approve and
// Deny; a decision made anywhere (approval:update) takes the card away. Used by the admin app and by the floor
// when a manager is signed in. The cards live in their own corner of the page, above whatever screen is open.
import { html, render, useState } from "../app/ui.js";
import { api, describeError, toast } from "../app/core.js";

const STYLE = `
.approval-cards { position: fixed; top: calc(var(--topbar-h, 64px) + 8px); right: 12px; z-index: 60; display: flex;
	flex-direction: column; gap: 10px; width: min(420px, calc(100vw - 24px)); }
.approval-card { background: var(--panel, #fff); border: 2px solid var(--warn, #b26a00); border-radius: var(--radius, 10px);
	box-shadow: 0 8px 28px rgb(0 0 0 / 22%); padding: 14px 16px; display: flex; flex-direction: column; gap: 8px; }
.approval-card h3 { margin: 0; font-size: 1.05rem; }
.approval-card .approval-what { font-size: 1.15rem; font-weight: 600; }
.approval-card .approval-buttons { display: flex; gap: 10px; }
.approval-card .approval-buttons button { flex: 1; min-height: 56px; font-size: 1.1rem; }
.approval-card .error-text { margin: 0; }
`;

let cards = [];
let container = null;

function draw() {
	if (!container) return;
	render(html`<${Cards} cards=${cards} />`, container);
}

/** Shows the cards of the requests still pending (read once), and pops one for each new request. */
export function startApprovalCards() {
	if (container) return;
	const style = document.createElement("style");
	style.textContent = STYLE;
	document.head.append(style);
	container = document.createElement("div");
	document.body.append(container);
	// A request nobody decided expires without a push: its card goes once its time is up (a tap would only be a 409).
	setInterval(() => {
		const before = cards.length;
		cards = cards.filter(c => !c.expiresAt || Date.parse(c.expiresAt) > Date.now());
		if (cards.length !== before) draw();
	}, 5_000);
	api.get("/approvals", { status: "pending" }).then(
		list => {
			for (const a of list.reverse()) approvalRequested(a);
		},
		() => undefined,
	);
}

/** approval:request: a new card (once per request). */
export function approvalRequested(approval) {
	if (!container || approval.status !== "pending" || cards.some(c => c.id === approval.id)) return;
	cards = [...cards, approval];
	draw();
}

/** approval:update: decided, spent or expired: the card goes. */
export function approvalUpdated(update) {
	if (!container || update.status === "pending") return;
	const before = cards.length;
	cards = cards.filter(c => c.id !== update.id);
	if (cards.length !== before) draw();
}

const ago = iso => {
	const s = Math.max(0, Math.round((Date.now() - Date.parse(iso)) / 1000));
	return s < 60 ? "just now" : `${Math.floor(s / 60)} min ago`;
};

function Cards({ cards: list }) {
	if (!list.length) return null;
	return html`<div class="approval-cards" role="region" aria-label="Requests for your approval">
		${list.map(a => html`<${Card} key=${a.id} approval=${a} />`)}
	</div>`;
}

function Card({ approval: a }) {
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState("");
	const decide = async verb => {
		setBusy(true);
		setError("");
		try {
			await api.post(`/approvals/${a.id}/${verb}`, {});
			toast(verb === "approve" ? `Approved for ${a.requestedBy.fullName}` : `Denied for ${a.requestedBy.fullName}`, "success");
			approvalUpdated({ id: a.id, status: verb === "approve" ? "approved" : "denied" });
		} catch (err) {
			// Another manager was first, or it expired: the card has nothing left to decide.
			if (err.code === "APPROVAL_DECIDED" || err.code === "APPROVAL_NOT_FOUND") {
				toast(describeError(err), "info");
				approvalUpdated({ id: a.id, status: err.details?.status ?? "expired" });
				return;
			}
			setError(describeError(err));
			setBusy(false);
		}
	};
	return html`<article class="approval-card" data-approval-id=${a.id} aria-label=${`Approval asked by ${a.requestedBy.fullName}`}>
		<h3>${a.requestedBy.fullName} asks <span class="muted">· ${ago(a.createdAt)}</span></h3>
		<div class="approval-what">${a.summary}</div>
		${error && html`<p class="error-text" role="alert">${error}</p>`}
		<div class="approval-buttons">
			<button class="danger" disabled=${busy} onClick=${() => decide("deny")}>Deny</button>
			<button class="primary" disabled=${busy} onClick=${() => decide("approve")}>Approve</button>
		</div>
	</article>`;
}
