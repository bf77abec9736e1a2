// Guaranteed dispatch in real Chromium: the grill's kitchen display acknowledges the ticket it draws (the kitchen
// records the ack), the bar has no screen and no printer so its ticket shows on the expo display flagged after
// TICKET_ACK_SECONDS, and the office's banner and Stations tab say the bar is down. A screen suite (embedded only):
// acknowledgements across nodes, printers and sweepers are dispatch.test.ts's, in both modes.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser } from "playwright-core";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { until } from "../helpers/wait";
import { DISTRIBUTED } from "../helpers/cluster";
import type { Order } from "../../contracts";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
const LIVE = { timeout: 20_000 };

describe(`kitchen display acknowledges what it draws — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	const cook = { username: `cook-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };
	const waiter = { username: `waiter-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };

	before(async () => {
		cluster = await startCluster({ env: { TICKET_ACK_SECONDS: "3" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		for (const [u, role] of [
			[cook, "kitchen"],
			[waiter, "staff"],
		] as const) {
			const res = await http.post("/api/v1/auth/register", { ...u, fullName: `The ${role}`, role }, { token: r.token.admin });
			assert.equal(res.status, 201, JSON.stringify(res.body));
		}
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await cluster?.stop();
	});

	it("the grill's screen acks its ticket; the bar's, with no screen, shows on the expo flagged; the office sees the bar down", async () => {
		const grill = await signedInTablet(browser, cluster.baseUrl, cook, /\/kitchen\/$/);
		const expo = await signedInTablet(browser, cluster.baseUrl, cook, /\/kitchen\/$/);
		const office = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/);
		const floor = await signedInTablet(browser, cluster.baseUrl, waiter, /\/floor\/$/);
		try {
			await grill.page.getByRole("button", { name: "Grill" }).click();
			await grill.page.locator('main.kds[data-station="grill"][data-live="ready"]').waitFor(LIVE);
			await expo.page.getByRole("button", { name: "All stations" }).click();
			await expo.page.locator('main.kds[data-station="all"][data-live="ready"]').waitFor(LIVE);

			const res = await http.post<Order>(
				"/api/v1/orders",
				{
					tableId: r.tables[0].id,
					items: [
						{ menuItemId: r.dish.burger.id, quantity: 2 },
						{ menuItemId: r.dish.beer.id, quantity: 1 },
					],
				},
				{ token: r.token.staff },
			);
			assert.equal(res.status, 201, JSON.stringify(res.body));
			const order = res.body;
			await grill.page.locator(`article.ticket[data-order-id="${order.id}"]`).waitFor(LIVE);

			const ds = await until(
				"the grill acked and the bar re-routed",
				async () => {
					const list = (await http.get(`/api/v1/kitchen/dispatches?orderId=${order.id}`, { token: r.token.admin })).body as {
						station: string;
						ackedAt: string | null;
						route: string | null;
					}[];
					const g = list.find(d => d.station === "grill");
					const b = list.find(d => d.station === "bar");
					return g?.ackedAt && b?.route ? { g, b } : false;
				},
				20_000,
			);
			assert.equal(ds.b.route, "expo");
			assert.equal(ds.b.ackedAt, null, "the expo acknowledges nothing");

			const flag = expo.page.locator(`article.ticket[data-order-id="${order.id}"][data-station="bar"] .rerouted-flag`);
			await flag.waitFor(LIVE);
			assert.match((await flag.textContent()) ?? "", /Not on the bar screen/);
			await screenshot(expo.page, "kitchen-expo-rerouted", SCREEN);

			await office.page.locator('.station-banner [data-station="bar"]').waitFor(LIVE);
			assert.match((await office.page.locator(".station-banner").textContent()) ?? "", /Bar: no screen or printer/);
			await office.page.getByRole("tab", { name: "Stations" }).click();
			await office.page.locator('.station-health li[data-station="grill"][data-healthy="true"]').waitFor(LIVE);
			await office.page.locator('.station-health li[data-station="bar"][data-healthy="false"]').waitFor(LIVE);
			await screenshot(office.page, "admin-stations", SCREEN);
			// The waiter's tablet says it too, above the tables.
			await floor.page.locator('.station-banner [data-station="bar"]').waitFor(LIVE);
			await screenshot(floor.page, "floor-station-banner", SCREEN);
			for (const d of [grill, expo, office, floor]) assert.deepEqual(d.errors, []);
		} finally {
			for (const d of [grill, expo, office, floor]) await d.context.close();
		}
	});
});
