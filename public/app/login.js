// Sign-in, then each role's own screen: waiters to the floor, cooks to the kitchen display, managers to admin.
import { html, mount, useState, useEffect } from "./ui.js";
import { login, currentSession, homeFor, describeError, settings } from "./core.js";

const params = new URLSearchParams(location.search);

/** Only a page of this site: never a redirect elsewhere (`//host`, `/\\host` and the like resolve off-site). */
function nextPage(role) {
	const next = params.get("next");
	if (!next) return homeFor(role);
	try {
		const url = new URL(next, location.origin);
		return url.origin === location.origin ? url.pathname + url.search + url.hash : homeFor(role);
	} catch {
		return homeFor(role);
	}
}

function Login() {
	const [username, setUsername] = useState("");
	const [password, setPassword] = useState("");
	const [error, setError] = useState(params.get("expired") ? "Your session ended. Please sign in again." : "");
	const [busy, setBusy] = useState(false);
	const [name, setName] = useState("Brigade");
	useEffect(() => {
		settings().then(
			s => setName(s.restaurantName),
			() => undefined,
		);
	}, []);

	async function submit(e) {
		e.preventDefault();
		setBusy(true);
		setError("");
		try {
			const user = await login(username.trim(), password);
			location.assign(nextPage(user.role));
		} catch (err) {
			setError(describeError(err));
			setBusy(false);
		}
	}

	return html`<div class="login">
		<form class="panel stack" onSubmit=${submit} aria-label="Sign in">
			<h1>${name}</h1>
			<p class="muted">Sign in to the floor, the kitchen or the office.</p>
			<label>Username <input name="username" autocomplete="username" autocapitalize="none" required value=${username} onInput=${e => setUsername(e.target.value)} /></label>
			<label>Password <input name="password" type="password" autocomplete="current-password" required value=${password} onInput=${e => setPassword(e.target.value)} /></label>
			${error && html`<p class="error-text" role="alert">${error}</p>`}
			<button class="primary" type="submit" disabled=${busy}>${busy ? "Signing in…" : "Sign in"}</button>
			<p class="muted"><a href="/account/">Forgot password?</a> · <a href="/docs/">API reference</a></p>
		</form>
	</div>`;
}

const session = currentSession();
if (session && !params.get("expired")) location.replace(nextPage(session.user.role));
else mount(Login);
