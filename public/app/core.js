// Brigade's browser core for every app: the session, API calls, the live socket that catches up after a drop, the connection banner.
import { io } from "socket.io-client";
import { ApiError } from "./errors.js";
import { setCurrency } from "./format.js";

// The helpers live in modules of their own (format, errors and menu need no DOM, so reducers and their node tests
// import them there); a page imports them, and the toasts, from here with the rest. The pages only show and ask; the
// server does the work.
export { ApiError, describeError } from "./errors.js";
export { money, centsText, parseCents, secondsSince, clock, tableLabel, orderLabel } from "./format.js";
export { applyMenuItem, byName } from "./menu.js";
export { toast, attempt } from "./toast.js";

const API = "/api/v1";
const SESSION_KEY = "brigade.session";
/** Refresh the access token this long before it lapses. */
const REFRESH_MARGIN_MS = 60_000;

// ---------------------------------------------------------------------------------------------------------
// Session

/** @typedef {{id: string, username: string, fullName: string, role: "admin"|"manager"|"staff"|"kitchen"}} User */
/** @typedef {{accessToken: string, refreshToken: string, expiresAt: number, user: User}} Session */

/** @returns {Session | null} */
export function currentSession() {
	try {
		return JSON.parse(localStorage.getItem(SESSION_KEY) ?? "null");
	} catch {
		return null;
	}
}

function saveSession(pair) {
	const session = {
		accessToken: pair.accessToken,
		refreshToken: pair.refreshToken,
		expiresAt: Date.now() + pair.expiresIn * 1000,
		user: pair.user,
	};
	localStorage.setItem(SESSION_KEY, JSON.stringify(session));
	return session;
}

function dropSession() {
	localStorage.removeItem(SESSION_KEY);
}

/** Where each role starts. */
export function homeFor(role) {
	return { admin: "/admin/", manager: "/admin/", staff: "/floor/", kitchen: "/kitchen/" }[role] ?? "/";
}

/** Signs in and keeps the tokens; throws ApiError (401 for a wrong password, 429 when locked out). */
export async function login(username, password) {
	const pair = await request("POST", "/auth/login", { username, password }, { anonymous: true });
	return saveSession(pair).user;
}

/** Ends the session on the server too, then goes to the sign-in page. */
export async function logout() {
	const session = currentSession();
	if (session) await request("POST", "/auth/logout", { refreshToken: session.refreshToken }).catch(() => undefined);
	dropSession();
	location.assign("/");
}

/** Thrown to stop a page's script while the browser leaves for another page: not a fault, so never reported. */
class Redirecting extends Error {}
addEventListener("error", e => {
	if (e.error instanceof Redirecting) e.preventDefault();
});

/**
 * The signed-in user, or a trip to the sign-in page (and back here after). Someone of another role goes home.
 * Leaving throws Redirecting so the page's script goes no further; the browser does not report it as an error.
 */
export function requireUser(roles) {
	const session = currentSession();
	if (!session) {
		location.replace(`/?next=${encodeURIComponent(location.pathname + location.search)}`);
		throw new Redirecting("not signed in");
	}
	if (roles && !roles.includes(session.user.role)) {
		location.replace(homeFor(session.user.role));
		throw new Redirecting("wrong role");
	}
	return session.user;
}

let refreshing = null;

/** One refresh at a time, however many calls find the token old: a refresh token is spent when used. */
function refreshSession() {
	refreshing ??= (async () => {
		const session = currentSession();
		if (!session) throw new ApiError(401, { code: "UNAUTHORIZED", message: "Signed out" });
		try {
			return saveSession(await request("POST", "/auth/refresh", { refreshToken: session.refreshToken }, { anonymous: true }));
		} catch (err) {
			// Another tab may have refreshed first and stored the new pair.
			const latest = currentSession();
			if (latest && latest.refreshToken !== session.refreshToken) return latest;
			if (err instanceof ApiError && err.status === 401) signedOut();
			throw err;
		}
	})().finally(() => {
		refreshing = null;
	});
	return refreshing;
}

/** What the page does instead of the sign-in page when the session lapses (a shared tablet: its PIN pad); true = handled. */
let signedOutHandler = null;
export function onSignedOut(handler) {
	signedOutHandler = handler;
}

function signedOut() {
	dropSession();
	if (signedOutHandler?.()) return;
	location.replace(`/?next=${encodeURIComponent(location.pathname + location.search)}&expired=1`);
}

/** A fresh access token (refreshed first when it is about to lapse). */
export async function accessToken() {
	let session = currentSession();
	if (session && session.expiresAt - Date.now() < REFRESH_MARGIN_MS) session = await refreshSession();
	return session?.accessToken;
}

// ---------------------------------------------------------------------------------------------------------
// API

/** What the page does when a call needs a manager's approval (403 APPROVAL_REQUIRED): resolves to a token or null. */
let approvalHandler = null;
/**
 * An app that can ask a manager (the floor's approval.js) registers here: a call answered 403 APPROVAL_REQUIRED is
 * handed to `handler(error, {method, path})`, and when it resolves to an approval token the same call is sent again,
 * once, with `X-Approval`.
 */
export function onApprovalRequired(handler) {
	approvalHandler = handler;
}

/**
 * Calls the API. `idempotencyKey` makes a retried tap safe (placing an order, taking a payment).
 * A 401 on a signed-in call refreshes the token once and tries again.
 */
export async function request(method, path, body, { idempotencyKey, anonymous = false, retried = false, approval } = {}) {
	const headers = { Accept: "application/json" };
	if (body !== undefined) headers["Content-Type"] = "application/json";
	if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
	if (approval) headers["X-Approval"] = approval;
	if (!anonymous) {
		const token = await accessToken();
		if (token) headers.Authorization = `Bearer ${token}`;
	}
	let res;
	try {
		res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	} catch {
		throw new ApiError(0, { code: "OFFLINE", message: "Cannot reach Brigade: check the connection" });
	}
	if (res.status === 401 && !anonymous && !retried && currentSession()) {
		await refreshSession();
		return request(method, path, body, { idempotencyKey, retried: true, approval });
	}
	if (res.status === 204) return null;
	const type = res.headers.get("content-type") ?? "";
	const data = type.includes("json") ? await res.json().catch(() => null) : await res.text();
	if (res.status === 403 && data?.error?.code === "APPROVAL_REQUIRED" && approvalHandler && !approval) {
		const token = await approvalHandler(new ApiError(res.status, data.error), { method, path });
		if (token) return request(method, path, body, { idempotencyKey, approval: token });
	}
	if (!res.ok) throw new ApiError(res.status, data?.error ?? { message: `${res.status} ${res.statusText}` });
	return data;
}

export const api = {
	get: (path, query) => request("GET", path + queryString(query)),
	post: (path, body, options) => request("POST", path, body ?? {}, options),
	patch: (path, body) => request("PATCH", path, body),
	delete: path => request("DELETE", path),
};

function queryString(query) {
	if (!query) return "";
	const q = new URLSearchParams(Object.entries(query).filter(([, v]) => v !== undefined && v !== null && v !== ""));
	return q.size ? `?${q}` : "";
}

/** A key for one intent (one tap of "Send", one payment): reused when that same intent is retried. */
export function newIdempotencyKey() {
	return crypto.randomUUID();
}

let settingsPromise = null;
/** The restaurant's settings: name, currency, time zone, ticket colour thresholds. */
export function settings() {
	settingsPromise ??= request("GET", "/settings", undefined, { anonymous: true }).then(s => {
		setCurrency(s.currency);
		return s;
	});
	return settingsPromise;
}

// ---------------------------------------------------------------------------------------------------------
// Live updates

/**
 * Opens the page's live connection. `handlers` maps event types (`order:new`, `kitchen:item`, …) to
 * functions of (data, event). After a drop the socket reconnects with the last seq it saw and the server
 * replays what was missed; when it cannot (`resync`), `onResync` reloads the page's state over REST.
 * Returns the socket; `join`/`leave` a station with `socket.emit("join", {station}, ack)`. A guest page passes
 * `guest: true` and, once it has a guest session, `guestToken()` (its order's and bill's pushes then reach it).
 */
export function connectLive({ handlers = {}, stations = [], onResync, guest = false, guestToken } = {}) {
	/** The newest seq applied: a device reconnects with it and is sent what came after. */
	let lastSeq;
	/** From (re)connect until `welcome`: replayed and live events arrive mixed, so they wait and go in seq order. */
	let catchingUp = false;
	let held = [];
	let welcomed = false;
	let retryDelay = 1000;
	const socket = io({
		transports: ["websocket"],
		// Read on every (re)connect, so a refreshed token and the latest seq go with it.
		auth: cb => {
			const go = token => cb({ token, lastSeq, stations: typeof stations === "function" ? stations() : stations });
			// A guest phone: its guest session's token (`gst_…`, read afresh each time), or none for the plain menu.
			if (guest) return go(guestToken?.() ?? undefined);
			accessToken().then(go, () => go(currentSession()?.accessToken));
		},
		reconnectionDelay: 500,
		reconnectionDelayMax: 5000,
	});
	liveSockets.add(socket);

	const apply = event => {
		if (lastSeq !== undefined && event.seq <= lastSeq) return; // seen already (a replay overlapping a push)
		lastSeq = event.seq;
		handlers[event.type]?.(event.data, event);
	};
	/** Applies what waited during the catch-up in seq order, then everything goes straight through again. */
	const caughtUp = seq => {
		catchingUp = false;
		const waiting = held.sort((a, b) => a.seq - b.seq);
		held = [];
		for (const e of waiting) apply(e);
		// Events up to `seq` that were not for this device's rooms: nothing to wait for.
		if (seq !== undefined && (lastSeq === undefined || seq > lastSeq)) lastSeq = seq;
	};

	for (const type of Object.keys(handlers)) {
		socket.on(type, event => {
			if (catchingUp) held.push({ ...event, type });
			else apply({ ...event, type });
		});
	}
	socket.on("connect", () => {
		catchingUp = true;
		held = [];
		retryDelay = 1000;
	});
	socket.on("welcome", ({ seq }) => {
		socket.catchingUpAfterBlip = false;
		caughtUp(seq);
		if (welcomed) banner.show("online");
		// The page loaded its state over REST while this socket was joining: read it again now that nothing
		// can slip between the two.
		else onResync?.();
		welcomed = true;
	});
	socket.on("resync", ({ seq }) => {
		// Too much was missed to replay: the page reloads its state; pushes from `seq` on still apply.
		lastSeq = undefined;
		caughtUp(seq ?? undefined);
		onResync?.();
		// Live again, with the state read afresh (a failed replay sends no welcome after this).
		if (welcomed) banner.show("online");
	});
	socket.on("connect_error", async err => {
		// A guest phone whose session ended or expired: no connection problem, the page says what happened itself.
		if (guest && ["GUEST_SESSION_ENDED", "INVALID_TOKEN"].includes(err.data?.code)) return;
		banner.show("offline");
		if (socket.active) return; // a network failure: Socket.IO retries by itself
		// The gateway refused the handshake (token expired, sign-in restarting): Socket.IO gives up here, so
		// refresh the token when that was the reason (a refused refresh signs the device out) and try again.
		if (err.data?.code === "INVALID_TOKEN" && !guest) await refreshSession().catch(() => undefined);
		setTimeout(() => socket.connect(), retryDelay);
		retryDelay = Math.min(retryDelay * 2, 10_000);
	});
	socket.on("disconnect", reason => {
		if (reason === "io client disconnect") {
			// The page closed it (not a catch-up after a blip): it no longer counts as the page's live feed.
			if (!socket.catchingUpAfterBlip) liveSockets.delete(socket);
			return;
		}
		banner.show("offline");
		// Socket.IO does not come back by itself after the server let go (a gateway restarting, a role changed):
		// try again shortly; the handshake then carries a fresh token, and a refused one signs the device out.
		if (reason === "io server disconnect") setTimeout(() => socket.connect(), 1000);
	});
	return socket;
}

/** The page's live sockets (one per page, in practice). */
const liveSockets = new Set();

/**
 * The strip along the bottom that says the connection dropped, and that it is back. It follows the browser's
 * network state both ways and the socket's: gone when either is, back only when the socket has caught up. It
 * sits below the page (the page is made that much shorter), so it never covers a control.
 */
const banner = {
	el: null,
	timer: null,
	show(state) {
		if (!this.el) {
			this.el = document.createElement("div");
			this.el.className = "connection-banner";
			this.el.setAttribute("role", "status");
			this.el.setAttribute("aria-live", "assertive");
			document.body.append(this.el);
		}
		clearTimeout(this.timer);
		this.el.dataset.state = state;
		this.el.textContent =
			state === "offline" ? "Connection lost — reconnecting… changes will appear when it is back" : "Back online — up to date";
		this.setShown(true);
		if (state === "online") this.timer = setTimeout(() => this.setShown(false), 2500);
	},
	setShown(shown) {
		this.el.hidden = !shown;
		document.documentElement.classList.toggle("connection-banner-shown", shown);
	},
};
addEventListener("offline", () => banner.show("offline"));
addEventListener("online", () => {
	// A blip the socket may not have noticed: pushes sent meanwhile may never have arrived. Reconnect now, with
	// the last seq seen, so the server replays them; "welcome" then says the page is up to date.
	let catchingUp = false;
	for (const socket of liveSockets) {
		if (socket.connected) {
			socket.catchingUpAfterBlip = true;
			socket.disconnect().connect();
			catchingUp = true;
		} else if (socket.active) catchingUp = true; // Socket.IO is already trying; its welcome will say so
	}
	if (!catchingUp && banner.el && !banner.el.hidden) banner.show("online"); // a page with no live feed
});
