// The audit trails on the Reports tab: money (voids, cancellations, discounts, refunds) and accounts (sign-ins and changes).
import { html } from "../app/ui.js";
import { money } from "../app/core.js";
import { when } from "./session.js";
import { auditDetail, accountChange, AUDIT_LABELS, ACCOUNT_LABELS } from "./format.js";

export function AuditTrail({ rows }) {
	return html`<section class="panel stack" data-report="audit" aria-label="Audit trail">
		<h2>Audit trail</h2>
		<p class="muted small-text">Voids, cancellations, discounts and refunds: who, when, why and how much.</p>
		${
			rows.length
				? html`<div class="scroll-x"><table class="list audit">
					<thead><tr><th>When</th><th>What</th><th>Who</th><th>Table</th><th class="num">Amount</th><th>Why</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-action=${r.action}>
								<td>${when(r.at)}</td>
								<td><span class=${`pill audit-${r.action}`}>${AUDIT_LABELS[r.action] ?? r.action}</span>${auditDetail(r) && html`<div class="muted small-text">${auditDetail(r)}</div>`}</td>
								<td>${r.actorName || html`<span class="muted">system</span>`}</td>
								<td>${r.tableName}</td>
								<td class="num">${money(r.amountCents)}</td>
								<td>${r.reason ?? html`<span class="muted">—</span>`}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>`
				: html`<p class="muted">Nothing voided, cancelled, discounted or refunded in this range.</p>`
		}
	</section>`;
}

/** Who got in, who was refused, and who changed whose account (GET /reports/audit?kind=accounts). */
export function AccountsTrail({ rows }) {
	return html`<section class="panel stack" data-report="accounts" aria-label="Sign-ins and accounts">
		<h2>Sign-ins and accounts</h2>
		<p class="muted small-text">Every sign-in, every refused one and why, and every change to an account: whose, by whom, from where.</p>
		${
			rows.length
				? html`<div class="scroll-x"><table class="list audit">
					<thead><tr><th>When</th><th>What</th><th>Account</th><th>By</th><th>From</th><th>Why</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-action=${r.action}>
								<td>${when(r.at)}</td>
								<td><span class=${`pill audit-${r.action}`}>${ACCOUNT_LABELS[r.action] ?? r.action}</span>${accountChange(r) && html`<div class="muted small-text">${accountChange(r)}</div>`}</td>
								<td>${r.subject.username ?? ""}</td>
								<td>${r.actorName || html`<span class="muted">—</span>`}</td>
								<td>${r.subject.ip ?? html`<span class="muted">—</span>`}</td>
								<td>${r.reason ?? html`<span class="muted">—</span>`}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>`
				: html`<p class="muted">No sign-ins or account changes in this range.</p>`
		}
	</section>`;
}

const APPROVAL_LABELS = { approval_requested: "Asked", approval_decided: "Decided", approval_spent: "Done" };
const HOW = { pin: "PIN on the tablet", tap: "on their device" };

/** A manager's approvals: who asked for what, who approved or denied it and how, and the action done (kind=approvals). */
export function ApprovalsTrail({ rows }) {
	return html`<section class="panel stack" data-report="approvals" aria-label="Manager approvals">
		<h2>Manager approvals</h2>
		<p class="muted small-text">What a waiter asked a manager for, who approved or denied it (PIN or on their device), and when it was done.</p>
		${
			rows.length
				? html`<div class="scroll-x"><table class="list audit">
					<thead><tr><th>When</th><th>What</th><th>Asked for</th><th>Who</th><th>Asked by</th><th>Why</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-action=${r.action}>
								<td>${when(r.at)}</td>
								<td><span class=${`pill audit-${r.action}`}>${
									r.action === "approval_decided"
										? r.subject.status === "denied"
											? "Denied"
											: "Approved"
										: APPROVAL_LABELS[r.action]
								}</span>${r.subject.how && r.action === "approval_decided" && html`<div class="muted small-text">${HOW[r.subject.how] ?? r.subject.how}</div>`}</td>
								<td>${r.subject.summary}</td>
								<td>${r.actorName || html`<span class="muted">—</span>`}</td>
								<td>${r.subject.requestedBy?.fullName ?? ""}</td>
								<td>${(r.action === "approval_decided" && r.reason) || html`<span class="muted">—</span>`}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>`
				: html`<p class="muted">No approvals asked for in this range.</p>`
		}
	</section>`;
}
