// The printable QR sheet warns before printing when its codes link to an address only this computer can open,
// and says nothing when a phone on the network can open them. Real Chromium against the real gateway.
import assert from "node:assert/strict";
import os from "node:os";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ADMIN, DISTRIBUTED, MODE, startCluster } from "../helpers/cluster";
import { client } from "../helpers/http";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { firstNetworkAddress } from "../../lib/config";

const WAIT = { timeout: 15_000 };

describe(`QR sheet in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let browser: Browser;
	before(async () => {
		browser = await launchBrowser();
	});
	after(() => browser?.close());

	/** A cluster with one table, and its QR sheet open in a signed-in admin's browser. */
	async function sheetOf(env: Record<string, string>, body: (page: Page) => Promise<void>) {
		const cluster = await startCluster({ env });
		try {
			const http = client(cluster.baseUrl);
			const { accessToken } = await http.login(ADMIN.username, ADMIN.password);
			assert.equal((await http.post("/api/v1/tables", { name: "Patio 1", seats: 4 }, { token: accessToken })).status, 201);
			const { context, page, errors } = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/);
			try {
				await page.goto("/admin/qr.html");
				await page.locator('figure.qr-card[data-ready="true"]').waitFor(WAIT);
				await body(page);
				assert.deepEqual(errors, []);
			} finally {
				await context.close();
			}
		} finally {
			await cluster.stop();
		}
	}

	it("codes linking to localhost: a warning names the link and says to set PUBLIC_URL; it does not print", async () => {
		await sheetOf({ PUBLIC_URL: "http://localhost:3000" }, async page => {
			const warning = page.getByRole("alert").filter({ hasText: "PUBLIC_URL" });
			await warning.waitFor(WAIT);
			assert.match(
				await warning.innerText(),
				/These codes open http:\/\/localhost:3000, which guests' phones cannot reach.*Set PUBLIC_URL/s,
			);
			await screenshot(page, "qr-sheet-localhost-warning", DISTRIBUTED ? "distributed" : "embedded");
			await page.emulateMedia({ media: "print" });
			assert.equal(await warning.isVisible(), false, "the warning is for the screen, not the printed sheet");
		});
	});

	it("codes linking to this machine's network address (the default): no warning", {
		skip: firstNetworkAddress(os.networkInterfaces()) ? false : "this machine has no network address",
	}, async () => {
		await sheetOf({}, async page => {
			await page.locator('body[data-guest-link="reachable"]').waitFor(WAIT);
			assert.equal(await page.locator("[data-guest-link-warning]").isVisible(), false);
			assert.equal(await page.getByRole("alert").filter({ hasText: "PUBLIC_URL" }).count(), 0);
		});
	});
});
