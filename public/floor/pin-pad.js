// A shared tablet's lock screen: the PIN pad a waiter signs in on (big keys, the tablet's keyboard works too).
// Shown instead of the floor while nobody is on; a PIN that signs someone in reloads the floor as them.
import { html, mount, useEffect, useRef, useState } from "../app/ui.js";
// The keyboard is listened to from the first frame the pad shows (a layout effect), so no early key is lost.
import { useLayoutEffect } from "preact/hooks";
import { describeError, settings } from "../app/core.js";
import { deviceSession, signInWithPin, signTabletOut } from "./shared-tablet.js";

const MIN = 4;
const MAX = 8;
const KEYS = ["1", "2", "3", "4", "5", "6", "7", "8", "9", "clear", "0", "back"];

function PinPad() {
	const [pin, setPinState] = useState("");
	const [error, setError] = useState("");
	const [busy, setBusyState] = useState(false);
	// Keys come faster than renders (a quick thumb, a keyboard): each one reads what the last one left, not a render's copy.
	const now = useRef({ pin: "", busy: false });
	const setPin = next => {
		now.current.pin = typeof next === "function" ? next(now.current.pin) : next;
		setPinState(now.current.pin);
	};
	const setBusy = value => {
		now.current.busy = value;
		setBusyState(value);
	};
	const [name, setName] = useState("Brigade");
	const [leaving, setLeaving] = useState(false);
	const device = deviceSession();

	useEffect(() => {
		settings().then(
			s => setName(s.restaurantName),
			() => undefined,
		);
	}, []);

	const press = key => {
		if (now.current.busy) return;
		setError("");
		if (key === "clear") setPin("");
		else if (key === "back") setPin(p => p.slice(0, -1));
		else setPin(p => (p.length < MAX ? p + key : p));
	};

	const submit = async () => {
		const { pin, busy } = now.current;
		if (busy || pin.length < MIN) return;
		setBusy(true);
		try {
			await signInWithPin(pin);
			location.replace("/floor/");
		} catch (err) {
			setPin("");
			setError(err.status === 401 ? "That PIN is not right. Try again." : describeError(err));
			setBusy(false);
		}
	};

	useLayoutEffect(() => {
		const onKey = e => {
			if (/^\d$/.test(e.key)) press(e.key);
			else if (e.key === "Backspace") press("back");
			else if (e.key === "Escape") press("clear");
			else if (e.key === "Enter") submit();
			else return;
			e.preventDefault();
		};
		addEventListener("keydown", onKey);
		return () => removeEventListener("keydown", onKey);
	}, []);

	const label = { clear: "Clear", back: "⌫" };
	return html`<div class="pin-screen">
		<section class="panel pin-pad" aria-label="Sign in with your PIN">
			<h1>${name}</h1>
			<p class="pin-prompt">Enter your PIN</p>
			<div class="pin-dots" role="status" aria-label=${`${pin.length} digits entered`}>
				${Array.from({ length: Math.max(MIN, pin.length) }, (_, i) => html`<span class=${i < pin.length ? "on" : ""}></span>`)}
			</div>
			<p class="error-text pin-error" role="alert">${error}</p>
			<div class="pin-keys">
				${KEYS.map(
					k =>
						html`<button class=${`pin-key ${/\d/.test(k) ? "digit" : "edit"}`} aria-label=${k === "back" ? "Delete" : (label[k] ?? k)} disabled=${busy} onClick=${() => press(k)}>
							${label[k] ?? k}
						</button>`,
				)}
			</div>
			<button class="primary pin-go" disabled=${busy || pin.length < MIN} onClick=${submit}>${busy ? "Signing in…" : "Sign in"}</button>
		</section>
		<footer class="pin-footer">
			<span class="muted">Shared tablet, signed in by ${device?.user.fullName ?? "a manager"}</span>
			${
				leaving
					? html`<span class="row">
							<button class="danger" onClick=${() => signTabletOut()}>Sign the tablet out</button>
							<button onClick=${() => setLeaving(false)}>Keep it</button>
						</span>`
					: html`<button class="small" onClick=${() => setLeaving(true)}>Sign this tablet out</button>`
			}
		</footer>
	</div>`;
}

/** Shows the PIN pad in place of the floor. Never resolves: the page reloads as whoever signs in. */
export function showPinPad() {
	document.title = "Brigade — sign in with your PIN";
	mount(PinPad);
	return new Promise(() => undefined);
}
