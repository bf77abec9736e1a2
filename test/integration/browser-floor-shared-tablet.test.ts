// A shared floor tablet in real Chromium: an admin gives a waiter a PIN on the Users tab, a manager makes their tablet a
// shared one (a device sign-in of its own that the API refuses for anything but PINs; the manager's session ends), two waiters take turns on it with their PINs ("Switch user" ends the first one's session), and a tablet left
// untouched locks back to its PIN pad, ending the waiter's session. Embedded pass only (screenSuiteSkip).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet, tablet } from "../helpers/browser";
import type { User } from "../../contracts";

// Long enough that a loaded machine taking a screenshot never locks the tablet mid-step, short enough to wait for.
const IDLE_SECONDS = 8;
const suffix = Math.random().toString(36).slice(2, 7);
const MANAGER = { username: `mia-${suffix}`, password: "password-123", fullName: "Mia Manager", role: "manager" };
const WES = { username: `wes-${suffix}`, password: "password-123", fullName: "Wes Waiter", role: "staff", pin: "1357" };
const VIC = { username: `vic-${suffix}`, password: "password-123", fullName: "Vic Waiter", role: "staff", pin: "2468" };

describe(`a shared floor tablet in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let adminToken: string;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let errors: string[];
	const ids: Record<string, string> = {};

	const stored = (key: string) => page.evaluate(k => JSON.parse(localStorage.getItem(k) ?? "null"), key);
	/** Whether a refresh token still works: a session logged out answers 401. */
	const refreshes = async (refreshToken: string) => (await http.post("/api/v1/auth/refresh", { refreshToken })).status === 200;
	const pinPad = () => page.getByRole("region", { name: "Sign in with your PIN" });
	const tapPin = async (pin: string) => {
		for (const d of pin) await pinPad().getByRole("button", { name: d, exact: true }).click();
		await pinPad().getByRole("button", { name: "Sign in" }).click();
	};

	before(async () => {
		cluster = await startCluster({ env: { IDLE_LOCK_SECONDS: String(IDLE_SECONDS) } });
		http = client(cluster.baseUrl);
		adminToken = (await http.login(ADMIN.username, ADMIN.password)).accessToken;
		for (const name of ["T1", "T2"]) {
			const table = await http.post("/api/v1/tables", { name, seats: 4, area: "Main" }, { token: adminToken });
			assert.equal(table.status, 201, JSON.stringify(table.body));
		}
		for (const { username, password, fullName, role } of [MANAGER, WES, VIC]) {
			const u = { username, password, fullName, role };
			const res = await http.post<User>("/api/v1/auth/register", u, { token: adminToken });
			assert.equal(res.status, 201, JSON.stringify(res.body));
			ids[u.username] = res.body.id;
		}
		const vic = await http.patch(`/api/v1/auth/users/${ids[VIC.username]}`, { pin: VIC.pin }, { token: adminToken });
		assert.equal(vic.status, 200, JSON.stringify(vic.body));
		browser = await launchBrowser();
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	it("an admin sets a waiter's PIN on the Users tab", async () => {
		const admin = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\//);
		try {
			await admin.page.goto("/admin/#users");
			await admin.page.getByRole("button", { name: `PIN of ${WES.username}` }).click();
			const dialog = admin.page.getByRole("dialog", { name: `PIN of ${WES.fullName}` });
			await dialog.getByLabel("New PIN (4 to 8 digits)").fill(VIC.pin);
			await dialog.getByRole("button", { name: "Set PIN" }).click();
			await dialog.getByText("Someone else has this PIN; choose another.").waitFor();
			await screenshot(admin.page, "admin-users-pin", "embedded");
			await dialog.getByLabel("New PIN (4 to 8 digits)").fill(WES.pin);
			await dialog.getByRole("button", { name: "Set PIN" }).click();
			await admin.page.locator(`[aria-label="PIN of ${WES.username}"][data-has-pin="true"]`).waitFor();
			assert.deepEqual(admin.errors, []);
		} finally {
			await admin.context.close();
		}
	});

	it("a manager signs the tablet in once; two waiters take turns with their PINs; left untouched, it locks", async () => {
		({ context, page, errors } = await tablet(browser, cluster.baseUrl));
		await page.goto(`/?next=${encodeURIComponent("/floor/")}`);
		await page.getByLabel("Username").fill(MANAGER.username);
		await page.getByLabel("Password").fill(MANAGER.password);
		await page.getByRole("button", { name: "Sign in" }).click();
		await page.waitForURL(/\/floor\/$/);
		// The manager's own floor offers to make the tablet a shared one; the top bar still fits.
		await page.locator(".tiles").waitFor();
		assert.ok(await page.locator(".topbar").evaluate(e => e.scrollWidth <= e.clientWidth), "the top bar fits");
		const managerSession = await stored("brigade.session");
		await page.locator(".topbar").getByRole("button", { name: "Shared tablet" }).click();
		await page.getByRole("dialog", { name: "Make this a shared tablet?" }).getByRole("button", { name: "Make it shared" }).click();
		await pinPad().getByText("Enter your PIN").waitFor();
		assert.equal((await stored("brigade.device"))?.user.fullName, MANAGER.fullName);
		assert.equal(await stored("brigade.session"), null, "nobody is on until a PIN is entered");
		// The tablet holds a device sign-in, not the manager's session: it reads no report, and hers has ended.
		const device = await stored("brigade.device");
		assert.notEqual(device.accessToken, managerSession.accessToken);
		const sales = await http.get<{ error: { code: string } }>("/api/v1/reports/sales", { token: device.accessToken });
		assert.equal(sales.status, 403, JSON.stringify(sales.body));
		assert.equal(sales.body.error.code, "FORBIDDEN");
		assert.equal(await refreshes(managerSession.refreshToken), false, "the manager's own session ended");
		// The keys are big: a thumb's 48 px at least, the digits larger.
		const key = await pinPad().getByRole("button", { name: "5", exact: true }).boundingBox();
		assert.ok(key && key.height >= 64 && key.width >= 64, JSON.stringify(key));
		await screenshot(page, "floor-pin-pad", "embedded");

		await tapPin("9999");
		await pinPad().getByText("That PIN is not right. Try again.").waitFor();

		await tapPin(WES.pin);
		await page.locator(".topbar .who", { hasText: WES.fullName }).waitFor();
		await page.locator(".tiles").waitFor();
		const wes = await stored("brigade.session");
		assert.equal(wes.user.id, ids[WES.username]);
		assert.equal(await page.locator(".topbar").getByRole("button", { name: "Sign out" }).isVisible(), false);
		await screenshot(page, "floor-shared-tablet-on", "embedded");

		await page.getByRole("button", { name: "Switch user" }).click();
		await pinPad().getByText("Enter your PIN").waitFor();
		assert.equal(await refreshes(wes.refreshToken), false, "Wes's session ended on the switch");

		// The tablet's own keyboard works too.
		for (const d of VIC.pin) await page.keyboard.press(d);
		await page.keyboard.press("Enter");
		await page.locator(".topbar .who", { hasText: VIC.fullName }).waitFor();
		const vic = await stored("brigade.session");
		assert.equal(vic.user.id, ids[VIC.username]);

		// Nobody touches it: back to the PIN pad, Vic's session over, the device still signed in.
		const started = Date.now();
		await pinPad()
			.getByText("Enter your PIN")
			.waitFor({ timeout: (IDLE_SECONDS + 6) * 1000 });
		assert.ok(Date.now() - started >= (IDLE_SECONDS - 1) * 1000, "not before the idle time");
		assert.equal(await refreshes(vic.refreshToken), false, "Vic's session ended on the lock");
		assert.equal(await stored("brigade.session"), null);
		assert.equal((await stored("brigade.device"))?.user.fullName, MANAGER.fullName);

		// The device's token lapsing is no matter: the next PIN refreshes it first, and it stays a device's.
		await page.evaluate(() => {
			const d = JSON.parse(localStorage.getItem("brigade.device") ?? "null");
			localStorage.setItem("brigade.device", JSON.stringify({ ...d, expiresAt: 0 }));
		});
		// Vic again; his session then ends elsewhere (signed out from the office) and his token lapses: the tablet
		// comes back to its PIN pad, not to the password page a shared tablet's waiter has no password for.
		await tapPin(VIC.pin);
		await page.locator(".topbar .who", { hasText: VIC.fullName }).waitFor();
		const again = await stored("brigade.session");
		const refreshed = await stored("brigade.device");
		assert.notEqual(refreshed.refreshToken, device.refreshToken, "the device's pair was refreshed");
		assert.equal((await http.get("/api/v1/reports/sales", { token: refreshed.accessToken })).status, 403);
		assert.equal(
			(await http.post("/api/v1/auth/logout", { refreshToken: again.refreshToken }, { token: again.accessToken })).status,
			204,
		);
		await page.evaluate(() => {
			const s = JSON.parse(localStorage.getItem("brigade.session") ?? "null");
			localStorage.setItem("brigade.session", JSON.stringify({ ...s, expiresAt: 0 }));
		});
		await page.reload();
		await pinPad().getByText("Enter your PIN").waitFor();
		assert.match(page.url(), /\/floor\/$/);
		assert.equal(await stored("brigade.session"), null);
		assert.equal((await stored("brigade.device"))?.user.fullName, MANAGER.fullName);
		assert.deepEqual(errors, []);
	});
});
