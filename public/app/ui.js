// Shared Preact pieces for the apps: the top bar, a modal sheet, and hooks for API data, the app's store and timers.
import { html, render } from "htm/preact";
import { useEffect, useState, useCallback, useRef, useMemo } from "preact/hooks";
import { logout, settings, api, describeError } from "./core.js";

// Pages import `html` and the hooks from here, so every app uses one Preact.
export { html, render, useEffect, useState, useCallback, useRef, useMemo };

const NAV = {
	admin: [
		["/floor/", "Floor"],
		["/kitchen/", "Kitchen"],
		["/admin/", "Admin"],
	],
	manager: [
		["/floor/", "Floor"],
		["/kitchen/", "Kitchen"],
		["/admin/", "Office"],
	],
	staff: [
		["/floor/", "Floor"],
		["/kitchen/", "Kitchen"],
	],
	kitchen: [["/kitchen/", "Kitchen"]],
};

/** The top bar: restaurant name, the screens this role may open, who is signed in, sign out. */
export function TopBar({ user, children }) {
	const [name, setName] = useState("Brigade");
	useEffect(() => {
		settings().then(
			s => setName(s.restaurantName),
			() => undefined,
		);
	}, []);
	const here = location.pathname;
	return html`<header class="topbar">
		<span class="brand">${name}</span>
		<nav>
			${(NAV[user.role] ?? []).map(([href, label]) => html`<a href=${href} aria-current=${here.startsWith(href) ? "page" : undefined}>${label}</a>`)}
		</nav>
		<span class="spacer"></span>
		${children}
		<span class="who">${user.fullName || user.username} · ${user.role}</span>
		<button class="small" onClick=${() => logout()}>Sign out</button>
	</header>`;
}

/** A sheet over the screen; Escape or a tap outside closes it. */
export function Modal({ title, onClose, children, label }) {
	useEffect(() => {
		const onKey = e => e.key === "Escape" && onClose?.();
		addEventListener("keydown", onKey);
		return () => removeEventListener("keydown", onKey);
	}, [onClose]);
	return html`<div class="modal-backdrop" onClick=${e => e.target === e.currentTarget && onClose?.()}>
		<div class="modal" role="dialog" aria-modal="true" aria-label=${label ?? title}>
			${title && html`<h2>${title}</h2>`}
			${children}
		</div>
	</div>`;
}

/**
 * GETs `path` (with `query`), and again whenever `deps` change or `reload()` is called.
 * Returns {data, error, loading, reload, setData}.
 */
export function useApi(path, query, deps = []) {
	const [state, setState] = useState({ data: undefined, error: null, loading: true });
	const [tick, setTick] = useState(0);
	useEffect(() => {
		if (!path) return;
		let live = true;
		setState(s => ({ ...s, loading: true }));
		api.get(path, query).then(
			data => live && setState({ data, error: null, loading: false }),
			err => live && setState(s => ({ ...s, error: describeError(err), loading: false })),
		);
		return () => {
			live = false;
		};
	}, [path, tick, ...deps]);
	const reload = useCallback(() => setTick(t => t + 1), []);
	const setData = useCallback(update => setState(s => ({ ...s, data: typeof update === "function" ? update(s.data) : update })), []);
	return { ...state, reload, setData };
}

/**
 * The app store's current state (store.js), re-rendering whenever a dispatch changes it. Reads the store at each
 * render, so a change between this render and the subscription is not missed either.
 */
export function useStore(store) {
	const [, setSeen] = useState(store.getState());
	useEffect(() => {
		setSeen(store.getState());
		return store.subscribe(setSeen);
	}, [store]);
	return store.getState();
}

/** Re-renders every `ms` (running timers). */
export function useNow(ms = 1000) {
	const [now, setNow] = useState(Date.now());
	useEffect(() => {
		const t = setInterval(() => setNow(Date.now()), ms);
		return () => clearInterval(t);
	}, [ms]);
	return now;
}

/** Mounts a page's root component once settings are loaded (money formats need the currency). */
export async function mount(Root, props = {}) {
	await settings().catch(() => undefined);
	render(html`<${Root} ...${props} />`, document.getElementById("app"));
}
