// Real Chromium for the apps in public/: Debian's /usr/bin/chromium driven by playwright-core.
// A suite skips with a clear message only when no Chromium exists; CI installs it (.ci/run), and there
// a missing browser is a failure, not a skip.
import fs from "node:fs";
import path from "node:path";
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { DISTRIBUTED } from "./cluster";

export const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
export const HAS_CHROMIUM = fs.existsSync(CHROMIUM);

if (!HAS_CHROMIUM && process.env.CI) throw new Error(`CI needs Chromium at ${CHROMIUM} (.ci/run installs Debian's chromium package)`);

/** `{ skip }` for node:test: the reason is printed beside each skipped test. */
export const browserSkip = HAS_CHROMIUM ? false : `no Chromium at ${CHROMIUM}: apt-get install chromium (or set CHROMIUM_PATH)`;

/**
 * `{ skip }` for a suite about the screens themselves (layout, wording, targets): the apps are the same files in
 * both modes, so it runs once, embedded; the suites that follow live changes across nodes (service, floor,
 * kitchen) run in both. BROWSER_EVERY_MODE=1 runs every suite in distributed mode too.
 */
export const screenSuiteSkip =
	browserSkip ||
	(DISTRIBUTED && !process.env.BROWSER_EVERY_MODE
		? "a screen suite: the apps are the same in both modes, so it runs embedded (BROWSER_EVERY_MODE=1 runs it here too)"
		: false);

/** Screenshots of each screen land here (gitignored). */
export const SCREENSHOT_DIR = path.resolve(__dirname, "..", "..", "test-output", "screenshots");

export async function launchBrowser(): Promise<Browser> {
	return chromium.launch({
		executablePath: CHROMIUM,
		headless: true,
		args: [
			"--no-sandbox",
			"--disable-gpu",
			"--disable-background-networking",
			"--disable-component-update",
			"--no-first-run",
			"--disable-sync",
			"--disable-quic",
		],
	});
}

/** A tablet: landscape 1024×768 with touch. Page errors fail loudly instead of leaving a blank screen. */
export async function tablet(browser: Browser, baseURL: string): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
	const context = await browser.newContext({ baseURL, viewport: { width: 1024, height: 768 }, hasTouch: true, deviceScaleFactor: 1 });
	const page = await context.newPage();
	const errors: string[] = [];
	page.on("pageerror", err => errors.push(`${page.url()}: ${err.message}`));
	return { context, page, errors };
}

/** Signs in through the login page and waits for the role's landing screen. */
export async function signIn(page: Page, username: string, password: string, landing: string | RegExp): Promise<void> {
	await page.goto("/");
	await page.getByLabel("Username").fill(username);
	await page.getByLabel("Password").fill(password);
	await page.getByRole("button", { name: "Sign in" }).click();
	await page.waitForURL(landing);
}

/** Saves `name.png` under the screenshot folder (the mode in the name, so both CI passes keep theirs). */
export async function screenshot(page: Page, name: string, mode: string): Promise<string> {
	fs.mkdirSync(SCREENSHOT_DIR, { recursive: true });
	const file = path.join(SCREENSHOT_DIR, `${name}-${mode}.png`);
	await page.screenshot({ path: file, fullPage: false });
	return file;
}

/** A fresh tablet (its own context, so its own session) signed in as `user` and on its landing screen. */
export async function signedInTablet(
	browser: Browser,
	baseURL: string,
	user: { username: string; password: string },
	landing: string | RegExp,
): Promise<{ context: BrowserContext; page: Page; errors: string[] }> {
	const device = await tablet(browser, baseURL);
	await signIn(device.page, user.username, user.password, landing);
	return device;
}
