// What a person sees of a page's layout, measured in the real browser: touch targets too small for a thumb,
// a page wider than the screen, and words broken in the middle.
import type { Locator, Page } from "playwright-core";

/** The smallest target the README promises: a thumb on a tablet. */
export const TAP = 48;

export interface Target {
	label: string;
	width: number;
	height: number;
}

/**
 * Every visible button, link, tab and switch inside `scope` (the whole page by default) smaller than
 * TAP × TAP, named as a person would find it. `skip` drops targets by their label (e.g. a shared control
 * another change is fixing).
 */
export async function smallTargets(page: Page, scope = "body", skip: RegExp[] = []): Promise<Target[]> {
	const found = await page.evaluate(
		({ scope, tap }) => {
			const out: { label: string; width: number; height: number }[] = [];
			for (const root of Array.from(document.querySelectorAll(scope))) {
				for (const el of Array.from(
					root.querySelectorAll('button, a[href], [role="tab"], [role="switch"], [role="button"], summary'),
				) as HTMLElement[]) {
					const box = el.getBoundingClientRect();
					const style = getComputedStyle(el);
					if (!box.width || !box.height || style.visibility === "hidden" || style.display === "none") continue;
					// Rounding: a 47.99 px box drawn by a 48 px rule is 48 on the screen.
					if (Math.round(box.width) >= tap && Math.round(box.height) >= tap) continue;
					const label = (el.getAttribute("aria-label") || el.textContent || el.tagName).replace(/\s+/g, " ").trim();
					out.push({ label, width: Math.round(box.width), height: Math.round(box.height) });
				}
			}
			return out;
		},
		{ scope, tap: TAP },
	);
	return found.filter(t => !skip.some(s => s.test(t.label)));
}

/** How far the page reaches past the right edge of the screen (0 when it fits). */
export async function overflowX(page: Page): Promise<number> {
	return page.evaluate(() => Math.max(0, document.documentElement.scrollWidth - window.innerWidth));
}

/** The words of each element's text that the browser laid out over more than one line ("Lemonad / e"). */
export async function wordsSplit(target: Locator): Promise<string[]> {
	return target.evaluateAll(els => {
		const split: string[] = [];
		for (const el of els) {
			const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
			for (let node = walker.nextNode(); node; node = walker.nextNode()) {
				const text = node.textContent ?? "";
				for (const m of text.matchAll(/\S+/g)) {
					const range = document.createRange();
					range.setStart(node, m.index!);
					range.setEnd(node, m.index! + m[0].length);
					const lines = new Set(
						Array.from(range.getClientRects())
							.filter(r => r.width > 0)
							.map(r => Math.round(r.top)),
					);
					if (lines.size > 1) split.push(m[0]);
				}
			}
		}
		return split;
	});
}

/**
 * The innermost elements that reach past the right edge of the screen (outside any scroll box, which clips
 * them), for a failure message, or to measure a page without a part of it (`ignore`, a selector).
 */
export async function sticksOut(page: Page, ignore?: string): Promise<string[]> {
	return page.evaluate(ignore => {
		// (No named functions in here: the test's compiler would wrap them in a helper the page does not have.)
		const out: string[] = [];
		for (const el of Array.from(document.body.querySelectorAll("*")) as HTMLElement[]) {
			const box = el.getBoundingClientRect();
			if (box.right <= innerWidth + 0.5 || !box.width || (ignore && el.closest(ignore))) continue;
			let clipped = false;
			for (let p = el.parentElement; p && p !== document.body; p = p.parentElement)
				if (getComputedStyle(p).overflowX !== "visible") clipped = true;
			if (clipped) continue;
			if (Array.from(el.children).some(c => c.getBoundingClientRect().right > innerWidth + 0.5)) continue;
			const name = `${el.tagName.toLowerCase()}${el.className && typeof el.className === "string" ? `.${el.className.trim().split(/\s+/).join(".")}` : ""}`;
			out.push(`${name} "${(el.textContent ?? "").trim().slice(0, 30)}" right=${Math.round(box.right)}`);
		}
		return out;
	}, ignore);
}
