// The Users tab: the staff's accounts — add (with a password, or invited by email to choose their own), change role,
// deactivate or reactivate, reset a password, set or clear the PIN a waiter signs in with on a shared floor tablet
// and the email that invitations and password resets go to.
import { html, Modal, useApi, useState } from "../app/ui.js";
import { api, attempt, toast, describeError } from "../app/core.js";
import { user } from "./session.js";
import { useConfirm, Loading } from "./parts.js";

const ROLE_LABELS = { staff: "Staff (floor)", manager: "Manager (floor, money, reports)", kitchen: "Kitchen", admin: "Admin" };
/** The table's role menus: one word each, so the table fits a 1024 px tablet (the new-user form says what each may do). */
const ROLE_NAMES = { staff: "Staff", manager: "Manager", kitchen: "Kitchen", admin: "Admin" };

export function UsersAdmin() {
	const users = useApi("/auth/users");
	const [confirm, confirmDialog] = useConfirm();
	const [resetting, setResetting] = useState(null);
	const [pinning, setPinning] = useState(null);
	const [emailing, setEmailing] = useState(null);
	const blank = { username: "", fullName: "", role: "staff", password: "", email: "" };
	const [form, setForm] = useState(blank);
	const list = [...(users.data ?? [])].sort((a, b) => Number(b.isActive) - Number(a.isActive) || a.username.localeCompare(b.username));
	const replace = saved => users.setData(l => l.map(u => (u.id === saved.id ? saved : u)));

	const fields = () => {
		const email = form.email.trim();
		return { username: form.username.trim().toLowerCase(), fullName: form.fullName.trim(), role: form.role, ...(email && { email }) };
	};
	async function add(e) {
		e.preventDefault();
		const made = await attempt(
			() => api.post("/auth/register", { ...fields(), password: form.password }),
			`${form.fullName.trim()} can now sign in`,
		);
		if (made) {
			setForm(blank);
			users.setData(l => [...(l ?? []), made]);
		}
	}
	/** No password: the new user gets a link by email and chooses one; the account is inactive until then. */
	async function invite() {
		const f = fields();
		if (!f.username || !f.fullName || !f.email) {
			toast("To invite by email, fill in the username, the full name and the email", "error");
			return;
		}
		const made = await attempt(() => api.post("/auth/invite", f), `Invitation mailed to ${f.email}`);
		if (made) {
			setForm(blank);
			users.setData(l => [...(l ?? []), made]);
		}
	}
	/** A new activation link by email: for an invitation that expired or went astray (the earlier link stops working). */
	const reinvite = u => attempt(() => api.post(`/auth/users/${u.id}/invite`), `Invitation mailed to ${u.email}`);
	const setRole = (u, role) =>
		attempt(async () => replace(await api.patch(`/auth/users/${u.id}`, { role })), `${u.fullName} is now ${ROLE_LABELS[role]}`);
	const setActive = (u, isActive) => {
		const go = () =>
			attempt(
				async () => replace(await api.patch(`/auth/users/${u.id}`, { isActive })),
				`${u.fullName} ${isActive ? "reactivated" : "deactivated"}`,
			);
		if (isActive) return go();
		confirm(
			"Deactivate user?",
			`${u.fullName} (${u.username}) is signed out everywhere and cannot sign in until reactivated.`,
			"Deactivate",
			go,
		);
	};

	return html`<div class="stack">
		<h1>Users</h1>
		<form class="panel new-user" onSubmit=${add} aria-label="New user">
			<label>Username <input required minlength="3" maxlength="32" autocapitalize="none" autocomplete="off" value=${form.username} onInput=${e => setForm({ ...form, username: e.target.value })} /></label>
			<label>Full name <input required maxlength="100" value=${form.fullName} onInput=${e => setForm({ ...form, fullName: e.target.value })} /></label>
			<label class="role-field">Role
				<select value=${form.role} onChange=${e => setForm({ ...form, role: e.target.value })}>
					${Object.entries(ROLE_LABELS).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
				</select>
			</label>
			<label>Email <input type="email" maxlength="254" autocapitalize="none" autocomplete="off" value=${form.email} onInput=${e => setForm({ ...form, email: e.target.value })} /></label>
			<label>Password <input required type="password" minlength="8" maxlength="72" autocomplete="new-password" value=${form.password} onInput=${e => setForm({ ...form, password: e.target.value })} /></label>
			<button type="submit" class="primary align-end">Create user</button>
			<button type="button" class="align-end" onClick=${invite}>Invite by email</button>
		</form>
		<${Loading} state=${users}>${() => html`<table class="list users">
			<thead><tr><th>Username</th><th>Full name</th><th>Role</th><th>Status</th><th>PIN</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
			<tbody>
				${list.map(u => {
					const self = u.id === user.id;
					return html`<tr key=${u.id} data-user-id=${u.id} data-username=${u.username} data-active=${String(u.isActive)} class=${u.isActive ? "" : "inactive"}>
						<td><strong>${u.username}</strong>${self && html` <span class="muted">(you)</span>`}</td>
						<td>${u.fullName}${u.email ? html`<br /><small class="muted" data-email=${u.email}>${u.email}</small>` : ""}</td>
						<td>
							<select aria-label=${`Role of ${u.username}`} value=${u.role} disabled=${self} onChange=${e => setRole(u, e.target.value)}>
								${Object.entries(ROLE_NAMES).map(([v, l]) => html`<option value=${v}>${l}</option>`)}
							</select>
						</td>
						<td><span class=${`pill ${u.isActive ? "available" : "unavailable"}`}>${u.isActive ? "active" : "inactive"}</span></td>
						<td class="actions-cell">
							<button class="small" aria-label=${`PIN of ${u.username}`} data-has-pin=${String(Boolean(u.hasPin))} onClick=${() => setPinning(u)}>
								${u.hasPin ? "Change" : "Set"}
							</button>
						</td>
						<td class="actions-cell">
							<button class="small" aria-label=${`Reset password of ${u.username}`} onClick=${() => setResetting(u)}>Reset password</button>
							<button class="small" aria-label=${`Email of ${u.username}`} onClick=${() => setEmailing(u)}>Email</button>
							${
								!u.isActive &&
								u.email &&
								html`<button class="small" aria-label=${`Invite ${u.username} again`} onClick=${() => reinvite(u)}>Send invitation</button>`
							}
							${
								!self &&
								(u.isActive
									? html`<button class="small danger" aria-label=${`Deactivate ${u.username}`} onClick=${() => setActive(u, false)}>Deactivate</button>`
									: html`<button class="small ok" aria-label=${`Reactivate ${u.username}`} onClick=${() => setActive(u, true)}>Reactivate</button>`)
							}
						</td>
					</tr>`;
				})}
			</tbody>
		</table>`}<//>
		${resetting && html`<${PasswordDialog} target=${resetting} onClose=${() => setResetting(null)} />`}
		${pinning && html`<${PinDialog} target=${pinning} onSaved=${replace} onClose=${() => setPinning(null)} />`}
		${emailing && html`<${EmailDialog} target=${emailing} onSaved=${replace} onClose=${() => setEmailing(null)} />`}
		${confirmDialog}
	</div>`;
}

function PasswordDialog({ target, onClose }) {
	const [password, setPassword] = useState("");
	const [error, setError] = useState("");
	async function save(e) {
		e.preventDefault();
		try {
			await api.patch(`/auth/users/${target.id}`, { password });
			toast(`New password set for ${target.username}; their devices are signed out`, "success");
			onClose();
		} catch (err) {
			setError(describeError(err));
		}
	}
	return html`<${Modal} title=${`Reset password of ${target.username}`} onClose=${onClose}>
		<form class="stack" onSubmit=${save}>
			<p class="muted">${target.fullName} will be signed out everywhere and must use the new password.</p>
			<label>New password <input required type="password" minlength="8" maxlength="72" autocomplete="new-password" value=${password} onInput=${e => setPassword(e.target.value)} /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				<button type="submit" class="primary">Set password</button>
			</div>
		</form>
	<//>`;
}

/** A PIN for shared tablets: 4 to 8 digits, unique among active accounts (409 PIN_TAKEN names the clash); or none. */
function PinDialog({ target, onSaved, onClose }) {
	const [pin, setPin] = useState("");
	const [error, setError] = useState("");
	async function save(value) {
		try {
			onSaved(await api.patch(`/auth/users/${target.id}`, { pin: value }));
			toast(
				value === null ? `${target.fullName} has no PIN now` : `${target.fullName} can sign in on shared tablets with the new PIN`,
				"success",
			);
			onClose();
		} catch (err) {
			setError(err.code === "PIN_TAKEN" ? "Someone else has this PIN; choose another." : describeError(err));
		}
	}
	return html`<${Modal} title=${`PIN of ${target.fullName}`} onClose=${onClose}>
		<form class="stack" onSubmit=${e => {
			e.preventDefault();
			save(pin);
		}}>
			<p class="muted">${target.fullName} types it on a shared floor tablet to sign in. ${target.hasPin ? "They have one; a new one replaces it." : "They have none yet."}</p>
			<label>New PIN (4 to 8 digits) <input required inputmode="numeric" pattern="[0-9]{4,8}" minlength="4" maxlength="8" autocomplete="off" value=${pin} onInput=${e => setPin(e.target.value.replace(/\D/g, ""))} /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				${target.hasPin && html`<button type="button" class="danger" onClick=${() => save(null)}>Clear PIN</button>`}
				<button type="submit" class="primary">Set PIN</button>
			</div>
		</form>
	<//>`;
}

/** Where the user's invitations and password resets go: one address per user (409 EMAIL_TAKEN names a clash), or none. */
function EmailDialog({ target, onSaved, onClose }) {
	const [email, setEmail] = useState(target.email ?? "");
	const [error, setError] = useState("");
	async function save(value) {
		try {
			onSaved(await api.patch(`/auth/users/${target.id}`, { email: value }));
			toast(value === null ? `${target.fullName} has no email now` : `Email of ${target.fullName} saved`, "success");
			onClose();
		} catch (err) {
			setError(err.code === "EMAIL_TAKEN" ? "Another user has this email." : describeError(err));
		}
	}
	return html`<${Modal} title=${`Email of ${target.fullName}`} onClose=${onClose}>
		<form class="stack" onSubmit=${e => {
			e.preventDefault();
			save(email.trim());
		}}>
			<p class="muted">A forgotten password's reset link goes to this address.</p>
			<label>Email <input required type="email" maxlength="254" autocapitalize="none" value=${email} onInput=${e => setEmail(e.target.value)} /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<div class="actions">
				<button type="button" onClick=${onClose}>Cancel</button>
				${target.email && html`<button type="button" class="danger" onClick=${() => save(null)}>Remove email</button>`}
				<button type="submit" class="primary">Save email</button>
			</div>
		</form>
	<//>`;
}
