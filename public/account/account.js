// The links account mail sends: ?activate=<token> (an invitation: choose a password, the account becomes active) and
// ?reset=<token> (choose a new password, every device signed out); without either, ask for a reset link by username
// or email. Nobody is signed in here: each call is anonymous.
import { html, mount, useEffect, useState } from "../app/ui.js";
import { api, describeError, settings } from "../app/core.js";

const params = new URLSearchParams(location.search);
const link = params.get("activate")
	? { kind: "activate", token: params.get("activate") }
	: params.get("reset")
		? { kind: "reset", token: params.get("reset") }
		: null;
// The token leaves the address bar (and the history) once read: it stays only in this page's memory.
if (link) history.replaceState(null, "", location.pathname);

function useVenue() {
	const [name, setName] = useState("Brigade");
	useEffect(() => {
		settings().then(
			s => setName(s.restaurantName),
			() => undefined,
		);
	}, []);
	return name;
}

/** Choosing a password, from an invitation or a reset link. */
function SetPassword({ kind, token }) {
	const venue = useVenue();
	const [password, setPassword] = useState("");
	const [again, setAgain] = useState("");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const [done, setDone] = useState(false);
	const invited = kind === "activate";

	async function submit(e) {
		e.preventDefault();
		if (password !== again) {
			setError("The two passwords differ.");
			return;
		}
		setBusy(true);
		setError("");
		try {
			await api.post(invited ? "/auth/activate" : "/auth/password-reset/confirm", { token, password }, { anonymous: true });
			setDone(true);
		} catch (err) {
			setError(
				err.code === "ACCOUNT_LINK_INVALID" ? "This link has expired or was used already. Ask for a new one." : describeError(err),
			);
			setBusy(false);
		}
	}

	if (done)
		return html`<div class="login"><div class="panel stack" role="status">
			<h1>${venue}</h1>
			<p>${invited ? "Your account is ready." : "Your password is changed; every device that was signed in is signed out."}</p>
			<a class="button primary" href="/">Sign in</a>
		</div></div>`;
	return html`<div class="login">
		<form class="panel stack" onSubmit=${submit} aria-label=${invited ? "Choose your password" : "Choose a new password"}>
			<h1>${venue}</h1>
			<p class="muted">${invited ? "Welcome! Choose the password you will sign in with." : "Choose a new password."}</p>
			<label>New password <input name="password" type="password" autocomplete="new-password" minlength="8" maxlength="72" required value=${password} onInput=${e => setPassword(e.target.value)} /></label>
			<label>Repeat it <input name="again" type="password" autocomplete="new-password" minlength="8" maxlength="72" required value=${again} onInput=${e => setAgain(e.target.value)} /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<button class="primary" type="submit" disabled=${busy}>${busy ? "Saving…" : invited ? "Activate my account" : "Set password"}</button>
			${error && !invited && html`<p class="muted"><a href="/account/">Ask for a new link</a></p>`}
		</form>
	</div>`;
}

/** "Forgot password?": the answer is the same whether or not such an account exists. */
function Forgot() {
	const venue = useVenue();
	const [who, setWho] = useState("");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const [sent, setSent] = useState(false);

	async function submit(e) {
		e.preventDefault();
		const value = who.trim();
		setBusy(true);
		setError("");
		try {
			await api.post("/auth/password-reset", value.includes("@") ? { email: value } : { username: value }, { anonymous: true });
			setSent(true);
		} catch (err) {
			setError(describeError(err));
		}
		setBusy(false);
	}

	if (sent)
		return html`<div class="login"><div class="panel stack" role="status">
			<h1>${venue}</h1>
			<p>If an account matches, a link to choose a new password is on its way to the account's email. It works once, for 30 minutes.</p>
			<p class="muted">No email on your account? Ask a manager to set a new password for you.</p>
			<a href="/">Back to sign in</a>
		</div></div>`;
	return html`<div class="login">
		<form class="panel stack" onSubmit=${submit} aria-label="Forgot password">
			<h1>${venue}</h1>
			<p class="muted">Type your username or your email: we mail you a link to choose a new password.</p>
			<label>Username or email <input name="who" autocomplete="username" autocapitalize="none" required maxlength="254" value=${who} onInput=${e => setWho(e.target.value)} /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<button class="primary" type="submit" disabled=${busy}>${busy ? "Sending…" : "Send me a link"}</button>
			<p class="muted"><a href="/">Back to sign in</a></p>
		</form>
	</div>`;
}

mount(() => (link ? html`<${SetPassword} kind=${link.kind} token=${link.token} />` : html`<${Forgot} />`));
