// Shared tablets: a manager or an admin signs the device in once, and each waiter then signs in on it with a PIN.
// The device's session (POST /auth/devices: good only for PIN sign-ins, never the manager's own) is kept apart and only
// ever asks for a waiter's session (POST /auth/pin-login); every call the floor makes goes with the waiter's own
// session, the one core.js keeps. Switching user, or the tablet lying
// untouched for the venue's idleLockSeconds, ends the waiter's session and brings the PIN pad back.
import { html, useState, Modal } from "../app/ui.js";
import { ApiError, currentSession, onSignedOut, request } from "../app/core.js";

const DEVICE_KEY = "brigade.device";
/** core.js's session: the waiter's, the one every call and the live socket use. Same shape as core.js saves. */
const SESSION_KEY = "brigade.session";
const REFRESH_MARGIN_MS = 60_000;
/** Who may sign a tablet in as a shared one (POST /auth/devices takes a manager's or an admin's bearer). */
const DEVICE_ROLES = ["manager", "admin"];

const read = key => {
	try {
		return JSON.parse(localStorage.getItem(key) ?? "null");
	} catch {
		return null;
	}
};
const sessionOf = pair => ({
	accessToken: pair.accessToken,
	refreshToken: pair.refreshToken,
	expiresAt: Date.now() + pair.expiresIn * 1000,
	user: pair.user,
});

/** The device's session (signed in by a manager or an admin, PIN sign-ins only), or null on a tablet of one's own. */
export const deviceSession = () => read(DEVICE_KEY);
export const isSharedTablet = () => Boolean(deviceSession());
/** A shared tablet with no waiter on it: it shows its PIN pad and nothing else. */
export const isLocked = () => isSharedTablet() && !currentSession();

// A waiter's session that lapses on a shared tablet (refresh refused) brings back the PIN pad, not the password page.
onSignedOut(() => {
	if (!isSharedTablet()) return false;
	location.replace("/floor/");
	return true;
});

/**
 * Makes this a shared tablet: the manager or admin signed in now signs it in as a device (a session of its own that
 * can only sign staff in by PIN), then their own session ends, so nobody is on until a PIN is entered. False when the
 * one signed in may not sign a tablet in; throws when the server refuses.
 */
export async function makeShared() {
	const session = currentSession();
	if (!session || !DEVICE_ROLES.includes(session.user.role)) return false;
	const device = await request("POST", "/auth/devices", {});
	localStorage.setItem(DEVICE_KEY, JSON.stringify(sessionOf(device)));
	// The manager's own session is not left on a tablet anyone can pick up.
	await request("POST", "/auth/logout", { refreshToken: currentSession()?.refreshToken ?? session.refreshToken }).catch(() => undefined);
	localStorage.removeItem(SESSION_KEY);
	return true;
}

/** Calls the API as the device (refreshing its token first when it is about to lapse); a 401 there ends the device. */
async function asDevice(method, path, body) {
	let device = deviceSession();
	if (!device) throw new ApiError(401, { code: "UNAUTHORIZED", message: "This tablet is not signed in" });
	if (device.expiresAt - Date.now() < REFRESH_MARGIN_MS) {
		try {
			device = sessionOf(await request("POST", "/auth/refresh", { refreshToken: device.refreshToken }, { anonymous: true }));
			localStorage.setItem(DEVICE_KEY, JSON.stringify(device));
		} catch (err) {
			if (err instanceof ApiError && err.status === 401) deviceEnded();
			throw err;
		}
	}
	let res;
	try {
		res = await fetch(`/api/v1${path}`, {
			method,
			headers: { Accept: "application/json", "Content-Type": "application/json", Authorization: `Bearer ${device.accessToken}` },
			body: JSON.stringify(body ?? {}),
		});
	} catch {
		throw new ApiError(0, { code: "OFFLINE", message: "Cannot reach Brigade: check the connection" });
	}
	const data = res.status === 204 ? null : await res.json().catch(() => null);
	if (!res.ok) {
		const error = data?.error ?? { message: `${res.status} ${res.statusText}` };
		// The device's own session ended (revoked, its manager deactivated): a manager must sign the tablet in again.
		if (res.status === 401 && error.code !== "INVALID_PIN") deviceEnded();
		throw new ApiError(res.status, error);
	}
	return data;
}

function deviceEnded() {
	localStorage.removeItem(DEVICE_KEY);
	location.replace(`/?next=${encodeURIComponent("/floor/?shared=1")}&expired=1`);
}

/** The PIN's owner signs in on this tablet (their own session, kept where every call finds it). */
export async function signInWithPin(pin) {
	const pair = await asDevice("POST", "/auth/pin-login", { pin });
	localStorage.setItem(SESSION_KEY, JSON.stringify(sessionOf(pair)));
	return pair.user;
}

/** The waiter's session ends (logged out on the server too) and the tablet shows its PIN pad. */
export async function lockTablet() {
	const session = currentSession();
	if (session) await request("POST", "/auth/logout", { refreshToken: session.refreshToken }).catch(() => undefined);
	localStorage.removeItem(SESSION_KEY);
	location.replace("/floor/");
}

/** The tablet stops being shared: the device's session ends; the next one to use it signs in with a password. */
export async function signTabletOut() {
	const device = deviceSession();
	if (device) await asDevice("POST", "/auth/logout", { refreshToken: device.refreshToken }).catch(() => undefined);
	localStorage.removeItem(DEVICE_KEY);
	localStorage.removeItem(SESSION_KEY);
	location.assign("/");
}

let idleWatch = null;
/**
 * Locks a shared tablet left untouched for `seconds` (0: never). Measured against the clock, not a timer alone,
 * so a tablet that slept through it locks as soon as it wakes.
 */
export function startIdleLock(seconds) {
	if (!isSharedTablet() || !seconds || idleWatch) return;
	let last = Date.now();
	const touched = () => {
		last = Date.now();
	};
	for (const type of ["pointerdown", "keydown", "wheel", "touchstart"]) addEventListener(type, touched, { capture: true, passive: true });
	const check = () => {
		// A waiter standing at "Ask a manager" is not away: no lock until the request lapses.
		const waitingUntil = Date.parse(document.querySelector("[data-waiting-until]")?.getAttribute("data-waiting-until") ?? "");
		if (waitingUntil > Date.now()) last = Date.now();
		if (Date.now() - last >= seconds * 1000) {
			clearInterval(idleWatch);
			lockTablet();
		}
	};
	idleWatch = setInterval(check, 1000);
	document.addEventListener("visibilitychange", () => document.visibilityState === "visible" && check());
}

/**
 * The top bar's part: on a shared tablet "Switch user" (one tap back to the PIN pad); a manager or an admin on a
 * tablet of their own may make it a shared one.
 */
export function SharedTabletButton({ user }) {
	const [asking, setAsking] = useState(false);
	const [problem, setProblem] = useState(null);
	const share = () =>
		makeShared().then(
			ok => ok && location.replace("/floor/"),
			err => setProblem(err.message ?? "Could not make this a shared tablet"),
		);
	if (isSharedTablet()) return html`<button class="switch-user" onClick=${() => lockTablet()}>Switch user</button>`;
	if (!DEVICE_ROLES.includes(user.role)) return null;
	return html`<button class="small" onClick=${() => setAsking(true)}>Shared tablet</button>
		${
			asking &&
			html`<${Modal} title="Make this a shared tablet?" onClose=${() => setAsking(false)}>
				<div class="stack">
					<p>This tablet gets a device sign-in of its own, and you are signed out of it. Each waiter then signs in
						with their PIN, and the tablet goes back to the PIN pad when they tap “Switch user” or leave it
						untouched.</p>
					<p class="muted">A manager uses it with their own PIN too (an admin's PIN signs nobody in on a tablet: an
						admin signs in with a password). “Sign this tablet out” on the PIN pad ends it.</p>
					${problem && html`<p class="error-text" role="alert">${problem}</p>`}
					<div class="row">
						<button class="primary" onClick=${share}>Make it shared</button>
						<button onClick=${() => setAsking(false)}>Cancel</button>
					</div>
				</div>
			</${Modal}>`
		}`;
}
