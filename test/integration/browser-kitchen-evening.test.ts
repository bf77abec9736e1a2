// The kitchen display as a cook reads it across the pass, in real Chromium: dish names wrap between words
// (never "Lemonad / e"), and every button is big enough for a thumb in a hurry (48 × 48 px, as the README
// promises), on the rail, the recall strip and the 86 sheet.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, Page } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { smallTargets, wordsSplit } from "../helpers/layout";
import type { MenuItem, Order } from "../../contracts";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
const LIVE = { timeout: 20_000 };

describe(`kitchen display, read across the pass — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let page: Page;
	let errors: string[];
	let close: () => Promise<void>;
	const cook = { username: `cook-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };
	const drinks: MenuItem[] = [];
	let orders: Order[] = [];

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		const res = await http.post("/api/v1/auth/register", { ...cook, fullName: "The bar", role: "kitchen" }, { token: r.token.admin });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		for (const name of ["Lemonade", "Elderflower pressé", "Sparkling mineral water"]) {
			const made = await http.post<MenuItem>(
				"/api/v1/menu/items",
				{ categoryId: r.dish.beer.categoryId, name, priceCents: 450, station: "bar" },
				{ token: r.token.admin },
			);
			assert.equal(made.status, 201, JSON.stringify(made.body));
			drinks.push(made.body);
		}
		orders = [
			await placeOrder(http, r, r.tables[0], [
				{ menuItemId: drinks[0].id, quantity: 12 },
				{ menuItemId: drinks[1].id, quantity: 2, notes: "no ice" },
				{ menuItemId: drinks[2].id, quantity: 1 },
				{ menuItemId: r.dish.beer.id, quantity: 3 },
			]),
			await placeOrder(http, r, r.tables[1], [
				{ menuItemId: drinks[1].id, quantity: 1 },
				{ menuItemId: r.dish.burger.id, quantity: 1 },
			]),
		];
		browser = await launchBrowser();
		const device = await signedInTablet(browser, cluster.baseUrl, cook, /\/kitchen\/$/);
		({ page, errors } = device);
		close = () => device.context.close();
		page.setDefaultTimeout(15_000);
		await page.getByRole("button", { name: "Bar" }).click();
		await page.locator('main.kds[data-station="bar"][data-live="ready"]').waitFor(LIVE);
		await page.locator(`article.ticket[data-order-id="${orders[1].id}"]`).waitFor(LIVE);
	});
	after(async () => {
		await close?.();
		await browser?.close();
		await cluster?.stop();
	});

	const names = () => page.locator("article.ticket .item .name, article.ticket .table-name, .all-day .dish");

	it("dish names wrap between words, never inside one, at the display's column width (landscape, portrait, expo)", async () => {
		const first = page.locator(`article.ticket[data-order-id="${orders[0].id}"]`);
		// Start one line so the ticket holds both the Start and the (wider) Ready buttons.
		await first.getByRole("button", { name: "Start Elderflower pressé" }).click();
		await first.getByRole("button", { name: "Ready Elderflower pressé" }).waitFor(LIVE);
		assert.deepEqual(await first.locator(".item .name").allTextContents(), [
			"Lemonade",
			"Elderflower pressé",
			"Sparkling mineral water",
			"Beer",
		]);
		await screenshot(page, "kitchen-names-landscape", SCREEN);
		assert.deepEqual(await wordsSplit(names()), [], "at 1024 × 768 no word is broken across lines");

		// Portrait, and the widths where the rail's columns are at their narrowest (three tickets of 300 px and a little more).
		for (const [width, height] of [
			[768, 1024],
			[1180, 820],
			[1280, 800],
		]) {
			await page.setViewportSize({ width, height });
			await page.waitForFunction(w => innerWidth === w, width);
			await screenshot(page, `kitchen-names-${width}x${height}`, SCREEN);
			assert.deepEqual(await wordsSplit(names()), [], `at ${width} × ${height} no word is broken across lines`);
		}
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.getByRole("button", { name: "All stations" }).click();
		await page.locator('main.kds[data-station="all"][data-live="ready"]').waitFor(LIVE);
		await page.locator(`article.ticket[data-order-id="${orders[1].id}"][data-station="grill"]`).waitFor(LIVE);
		await screenshot(page, "kitchen-names-expo", SCREEN);
		assert.deepEqual(await wordsSplit(names()), [], "in the expo view no word is broken across lines");
		assert.deepEqual(errors, []);
	});

	it("every button and link on the display and its 86 sheet is at least 48 × 48 px at 1024 × 768", async () => {
		await page.getByRole("button", { name: "Bar" }).click();
		await page.locator('main.kds[data-station="bar"][data-live="ready"]').waitFor(LIVE);
		// A bumped ticket puts a Recall button in the strip.
		const second = page.locator(`article.ticket[data-order-id="${orders[1].id}"]`);
		await second.getByRole("button", { name: /^Bump table/ }).click();
		await page
			.getByRole("region", { name: "Recently bumped" })
			.getByRole("button", { name: /^Recall table/ })
			.waitFor(LIVE);
		const rail = page.locator(`article.ticket[data-order-id="${orders[0].id}"]`);
		await rail.getByRole("button", { name: "Start Lemonade" }).waitFor();

		const small = await smallTargets(page);
		assert.deepEqual(small, [], `too small for a thumb: ${JSON.stringify(small)}`);

		await page.getByRole("button", { name: "86 items" }).click();
		const sheet = page.getByRole("dialog", { name: "86 items" });
		await sheet.getByRole("switch", { name: "Lemonade" }).waitFor();
		const inSheet = await smallTargets(page, ".modal");
		assert.deepEqual(inSheet, [], `too small in the 86 sheet: ${JSON.stringify(inSheet)}`);
		await screenshot(page, "kitchen-86-targets", SCREEN);
		await sheet.getByRole("button", { name: "Done" }).click();
		assert.deepEqual(errors, []);
	});
});
