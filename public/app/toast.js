// Feedback for every app: short messages placed where they cover no button that matters, and actions that toast their failure.
import { describeError } from "./errors.js";

/**
 * What a toast must never sit over: each screen's primary actions, tabs, the top bar's controls and a sheet's
 * buttons. A page marks anything else with `data-keep-clear`.
 */
const KEEP_CLEAR = "button.primary, .button.primary, button.ok, .tabs button, .topbar button, .topbar a, .modal button, [data-keep-clear]";
/** Where toasts may go, in order of preference: bottom centre, bottom right, bottom left, then under the top bar. */
const TOAST_SLOTS = ["bottom-center", "bottom-right", "bottom-left", "top-right", "top-left", "top-center"];

/** The first place (keeping the current one while it stays clear) where the toasts cover none of KEEP_CLEAR. */
function placeToasts(host) {
	if (!host.childElementCount) return;
	const width = host.offsetWidth;
	const height = host.offsetHeight;
	const css = getComputedStyle(document.documentElement);
	const bottomInset = parseFloat(css.getPropertyValue("--banner-offset")) || 0;
	const topInset = document.querySelector(".topbar")?.getBoundingClientRect().bottom ?? 0;
	const margin = 12;
	const rectOf = slot => {
		const [v, h] = slot.split("-");
		const left = h === "left" ? margin : h === "right" ? innerWidth - width - margin : (innerWidth - width) / 2;
		const top = v === "top" ? Math.max(0, topInset) + margin : innerHeight - bottomInset - height - margin;
		return { left, top, right: left + width, bottom: top + height };
	};
	const keep = [...document.querySelectorAll(KEEP_CLEAR)]
		.filter(el => !host.contains(el))
		.map(el => el.getBoundingClientRect())
		.filter(r => r.width && r.height);
	const covered = slot => {
		const r = rectOf(slot);
		return keep.reduce(
			(sum, k) =>
				sum +
				Math.max(0, Math.min(r.right, k.right) - Math.max(r.left, k.left)) *
					Math.max(0, Math.min(r.bottom, k.bottom) - Math.max(r.top, k.top)),
			0,
		);
	};
	const current = host.dataset.slot;
	let best = current && covered(current) === 0 ? current : null;
	if (!best) {
		let least = Infinity;
		for (const slot of TOAST_SLOTS) {
			const area = covered(slot);
			if (area < least) [best, least] = [slot, area];
			if (area === 0) break;
		}
	}
	const r = rectOf(best);
	host.dataset.slot = best;
	Object.assign(host.style, { left: `${r.left}px`, top: `${r.top}px` });
}

let toastWatch = null;
/** A short message where it covers no button that matters (see placeToasts); errors stay longer. Taps pass through. */
export function toast(message, kind = "info") {
	let host = document.querySelector(".toasts");
	if (!host) {
		host = document.createElement("div");
		host.className = "toasts";
		host.setAttribute("aria-live", "polite");
		document.body.append(host);
	}
	const el = document.createElement("div");
	el.className = `toast toast-${kind}`;
	el.setAttribute("role", kind === "error" ? "alert" : "status");
	el.textContent = message;
	host.append(el);
	// Placed once the page has drawn what the action that toasted changed, and again while the screen moves under it.
	placeToasts(host);
	requestAnimationFrame(() => placeToasts(host));
	toastWatch ??= setInterval(() => {
		if (host.childElementCount) return placeToasts(host);
		clearInterval(toastWatch);
		toastWatch = null;
	}, 250);
	setTimeout(
		() => {
			el.remove();
			placeToasts(host);
		},
		kind === "error" ? 12_000 : 3500,
	);
}

/** Runs an action from a button: reports failure as a toast (worded by `describe`), and returns whether it worked. */
export async function attempt(fn, success, describe = describeError) {
	try {
		const result = await fn();
		if (success) toast(success, "success");
		return result ?? true;
	} catch (err) {
		toast(describe(err), "error");
		return false;
	}
}
