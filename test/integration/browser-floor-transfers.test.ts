// Moving an order on the waiter's tablet, in real Chromium against a real Brigade: Move sends a table's order to a
// free table picked on the sheet (the floor shows the old table free), Merge takes another table's order into this
// one (that order cancelled, its table freed). Embedded pass only (screenSuiteSkip).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { until } from "../helpers/wait";
import type { Order } from "../../contracts";

const WAITER = { username: `mover-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };

describe(`moving orders on the floor in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
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
		r = await openRestaurant(http, 4);
		const res = await http.post("/api/v1/auth/register", { ...WAITER, fullName: "Mo Mover", role: "staff" }, { token: r.token.admin });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		browser = await launchBrowser();
		({ context, page, errors } = await signedInTablet(browser, cluster.baseUrl, WAITER, /\/floor\/$/));
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	const orderNow = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.admin })).body;

	it("moves a table's order to a free table, then merges another table's order into it", async () => {
		const [t1, t2, t3] = r.tables;
		const order = await placeOrder(http, r, t1, [{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		const other = await placeOrder(http, r, t3, [{ menuItemId: r.dish.beer.id, quantity: 2 }]);
		await page.goto("/floor/");
		await page.locator(`.tiles [data-table-id="${t1.id}"]`).click();
		await page.getByRole("heading", { name: `Table ${t1.name}` }).waitFor();

		await page.locator(`.order-card[data-order-id="${order.id}"] [data-transfer="move"]`).click();
		const free = page.getByRole("group", { name: "Free tables" });
		await free.locator(`[data-transfer-table="${t2.id}"]`).waitFor();
		await screenshot(page, "floor-move-picker", "embedded");
		assert.equal(await free.locator(`[data-transfer-table="${t3.id}"]`).count(), 0, "a table with an order is not offered");
		await free.locator(`[data-transfer-table="${t2.id}"]`).click();
		await until("the order at the new table", async () => (await orderNow(order.id)).tableId === t2.id, 20_000);

		await page.goto("/floor/");
		await page.locator(`.tiles [data-table-id="${t2.id}"]`).click();
		await page.getByRole("heading", { name: `Table ${t2.name}` }).waitFor();
		await page.locator(`.order-card[data-order-id="${order.id}"] [data-transfer="merge"]`).click();
		await page.getByRole("group", { name: "Tables with an order" }).locator(`[data-transfer-table="${t3.id}"]`).click();
		await until("the other order merged", async () => (await orderNow(other.id)).status === "cancelled", 20_000);
		await page
			.locator(`.order-card[data-order-id="${order.id}"] li.item[data-item-id="${other.items[0].id}"]`)
			.waitFor({ timeout: 20_000 });
		assert.equal((await orderNow(order.id)).items.length, 2);
		assert.deepEqual(errors, []);
	});
});
