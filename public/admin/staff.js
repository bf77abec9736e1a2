// The Users tab: the staff's accounts — add, change role, deactivate or reactivate, reset a password, set or clear
// the PIN a waiter signs in with on a shared floor tablet.
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
	const blank = { username: "", fullName: "", role: "staff", password: "" };
	const [form, setForm] = useState(blank);
	const list = [...(users.data ?? [])].sort((a, b) => Number(b.isActive) - Number(a.isActive) || a.username.localeCompare(b.username));
	const replace = saved => users.setData(l => l.map(u => (u.id === saved.id ? saved : u)));

	async function add(e) {
		e.preventDefault();
		const made = await attempt(
			() => api.post("/auth/register", { ...form, username: form.username.trim().toLowerCase(), fullName: form.fullName.trim() }),
			`${form.fullName.trim()} can now sign in`,
		);
		if (made) {
			setForm(blank);
			users.setData(l => [...(l ?? []), made]);
		}
	}
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
			<label>Password <input required type="password" minlength="8" maxlength="72" autocomplete="new-password" value=${form.password} onInput=${e => setForm({ ...form, password: e.target.value })} /></label>
			<button type="submit" class="primary align-end">Create user</button>
		</form>
		<${Loading} state=${users}>${() => html`<table class="list users">
			<thead><tr><th>Username</th><th>Full name</th><th>Role</th><th>Status</th><th>PIN</th><th><span class="visually-hidden">Actions</span></th></tr></thead>
			<tbody>
				${list.map(u => {
					const self = u.id === user.id;
					return html`<tr key=${u.id} data-user-id=${u.id} data-username=${u.username} data-active=${String(u.isActive)} class=${u.isActive ? "" : "inactive"}>
						<td><strong>${u.username}</strong>${self && html` <span class="muted">(you)</span>`}</td>
						<td>${u.fullName}</td>
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
