// The guest menu on a phone, in real Chromium, as a guest who just scanned the table's code reads it: it is
// the menu and the server takes the order (nothing reads as if ordering were broken), with or without a
// table the page knows, and every link is big enough for a thumb.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot } from "../helpers/browser";
import { overflowX, smallTargets } from "../helpers/layout";

const SCREEN = DISTRIBUTED ? "distributed" : "embedded";
const WAIT = { timeout: 20_000 };
const SERVER_TAKES_IT = "Ready to order? Your server will take it at the table.";

describe(`guest menu on a phone — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let context: BrowserContext;
	let phone: Page;
	let errors: string[];

	before(async () => {
		// This suite is the menu read-only (GUEST_ORDERING=off); ordering from the phone is browser-guest-order's.
		cluster = await startCluster({ env: { GUEST_ORDERING: "off" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		const drinks = await http.post("/api/v1/menu/categories", { name: "Drinks", position: 1 }, { token: r.token.admin });
		assert.equal(drinks.status, 201, JSON.stringify(drinks.body));
		const lemonade = await http.post(
			"/api/v1/menu/items",
			{ categoryId: drinks.body.id, name: "Lemonade", priceCents: 400, station: "bar" },
			{ token: r.token.admin },
		);
		assert.equal(lemonade.status, 201, JSON.stringify(lemonade.body));
		browser = await launchBrowser();
		context = await browser.newContext({
			baseURL: cluster.baseUrl,
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true,
			deviceScaleFactor: 1,
		});
		phone = await context.newPage();
		errors = [];
		phone.on("pageerror", err => errors.push(err.message));
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
	});

	const wording = () => phone.locator("body").innerText();

	it("from a table's code: the menu says the server takes the order, and nothing reads as if ordering were broken", async () => {
		await phone.goto(`/guest/?table=${r.tables[0].id}`);
		await phone.getByText(`Table ${r.tables[0].name}`).waitFor(WAIT);
		await phone.locator(`li[data-item-id="${r.dish.burger.id}"]`).waitFor(WAIT);
		await phone.getByText(SERVER_TAKES_IT, { exact: true }).waitFor();
		assert.ok(await phone.getByText(SERVER_TAKES_IT, { exact: true }).isVisible(), "said at the top, without scrolling");
		assert.doesNotMatch(await wording(), /ask your server to order|please ask your server/i);
		await screenshot(phone, "guest-menu-order-note", SCREEN);
		assert.deepEqual(errors, []);
	});

	it('names a table called "Table 12" as Table 12, never Table Table 12 (the shared tableLabel every app uses)', async () => {
		const made = await http.post("/api/v1/tables", { name: "Table 12", seats: 2 }, { token: r.token.admin });
		assert.equal(made.status, 201, JSON.stringify(made.body));
		await phone.goto(`/guest/?table=${made.body.id}`);
		await phone.locator(".guest-table").waitFor(WAIT);
		assert.equal(await phone.locator(".guest-table").innerText(), "Table 12");
	});

	it("from a code the page does not know: still the menu, the same sentence, and no blame on ordering", async () => {
		await phone.goto("/guest/?table=00000000-0000-4000-8000-000000000000");
		await phone.locator(`li[data-item-id="${r.dish.burger.id}"]`).waitFor(WAIT);
		await phone.getByText("We could not find this table's code, but here is our menu.").waitFor(WAIT);
		await phone.getByText(SERVER_TAKES_IT, { exact: true }).waitFor();
		assert.doesNotMatch(await wording(), /ask your server to order|please ask your server/i);
		await screenshot(phone, "guest-menu-unknown-table", SCREEN);
		assert.deepEqual(errors, []);
	});

	it("every link on the phone is at least 48 × 48 px and the page is no wider than the phone", async () => {
		await phone.goto(`/guest/?table=${r.tables[0].id}`);
		await phone.getByRole("navigation", { name: "Menu sections" }).getByRole("link", { name: "Drinks" }).waitFor(WAIT);
		assert.deepEqual(await smallTargets(phone), []);
		assert.equal(await overflowX(phone), 0);
	});
});
