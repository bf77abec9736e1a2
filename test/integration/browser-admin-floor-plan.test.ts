// The floor plan editor in the admin's Tables tab, in real Chromium against a real Brigade: a table dragged on its
// area's plan (pointer events, snapped to 10), one placed from the tray, a shape chosen, Save; the server has the
// positions and a reload draws them where they were put. Embedded pass only (screenSuiteSkip).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { smallTargets } from "../helpers/layout";
import { until } from "../helpers/wait";
import type { Table } from "../../contracts";

const WAIT = { timeout: 20_000 };

describe(`the floor plan editor in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let errors: string[];

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		assert.equal((await http.patch(`/api/v1/tables/${r.tables[0].id}`, { x: 200, y: 200 }, { token: r.token.admin })).status, 200);
		browser = await launchBrowser();
		({ context, page, errors } = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/));
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	const tableNow = async (id: string) =>
		(await http.get<Table[]>("/api/v1/tables", { token: r.token.admin })).body.find(t => t.id === id)!;

	it("drags a table, places another from the tray, makes it round, saves; a reload shows them placed", async () => {
		const [t1, t2] = r.tables;
		await page.goto("/admin/#tables");
		const plan = page.locator(`[data-edit-plan="Main"]`);
		const one = plan.locator(`[data-table-id="${t1.id}"]`);
		await one.waitFor(WAIT);

		// Drag t1 from (200, 200) by 30 % across and 20 % down the plan: to (500, 340).
		await plan.evaluate(el => el.scrollIntoView({ block: "center" }));
		const p = (await plan.boundingBox())!;
		const b = (await one.boundingBox())!;
		const [sx, sy] = [b.x + b.width / 2, b.y + b.height / 2];
		await page.mouse.move(sx, sy);
		await page.mouse.down();
		await page.mouse.move(sx + p.width * 0.15, sy + p.height * 0.1, { steps: 4 });
		await page.mouse.move(sx + p.width * 0.3, sy + p.height * 0.2, { steps: 4 });
		await page.mouse.up();
		assert.equal(await one.getAttribute("data-x"), "500");
		assert.equal(await one.getAttribute("data-y"), "340");

		// t2 from the tray, then round.
		await page.locator(`[data-place-table="${t2.id}"]`).click();
		const two = plan.locator(`[data-table-id="${t2.id}"]`);
		await two.waitFor(WAIT);
		await page.locator(`[data-shape-choice="round"]`).click();
		assert.equal(await two.getAttribute("data-shape"), "round");
		const [b1, b2] = [(await one.boundingBox())!, (await two.boundingBox())!];
		assert.ok(
			b2.x >= b1.x + b1.width || b2.x + b2.width <= b1.x || b2.y >= b1.y + b1.height || b2.y + b2.height <= b1.y,
			"placed clear of t1",
		);
		await screenshot(page, "admin-floor-plan", "embedded");
		assert.deepEqual(await smallTargets(page, ".floor-plan-editor"), []);

		await page.locator("[data-save-plan]").click();
		await until("the plan saved", async () => (await tableNow(t2.id)).shape === "round", 15_000);
		const saved1 = await tableNow(t1.id);
		assert.deepEqual([saved1.x, saved1.y], [500, 340]);
		const saved2 = await tableNow(t2.id);
		assert.ok(saved2.x !== null && saved2.y !== null, JSON.stringify(saved2));

		await page.reload();
		await one.waitFor(WAIT);
		assert.deepEqual([await one.getAttribute("data-x"), await one.getAttribute("data-y")], ["500", "340"]);
		assert.equal(await two.getAttribute("data-shape"), "round");
		assert.equal(await page.locator(`[data-place-table]`).count(), 0);
		assert.match(await page.locator("[data-save-plan]").innerText(), /Saved/);
		assert.deepEqual(errors, []);
	});
});
