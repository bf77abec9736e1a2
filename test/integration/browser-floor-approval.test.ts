// A manager's approval on the spot, in real Chromium against a real Brigade: a waiter comps a dish, the tablet
// answers with "Ask a manager"; a manager types their PIN on the waiter's tablet and the dish is comped. Then the
// waiter comps another and sends the request: the manager's office (admin app) pops a card, a tap on Approve and
// the waiter's sheet closes with the dish comped. Embedded pass only (screenSuiteSkip).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { smallTargets } from "../helpers/layout";
import { until } from "../helpers/wait";
import type { Order } from "../../contracts";

const suffix = Math.random().toString(36).slice(2, 8);
const WAITER = { username: `asker-${suffix}`, password: "password-123" };
const MANAGER = { username: `boss-${suffix}`, password: "password-123" };
const PIN = "482916";

/** How long a request waits for a manager here. */
const TTL = 15;

describe(`asking a manager on the floor in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let waiter: { context: BrowserContext; page: Page; errors: string[] };
	let manager: { context: BrowserContext; page: Page; errors: string[] };

	before(async () => {
		// Short-lived requests, so one can be seen lapsing on both screens.
		cluster = await startCluster({ env: { APPROVAL_TTL_SECONDS: String(TTL) } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		const w = await http.post("/api/v1/auth/register", { ...WAITER, fullName: "Wes Waiter", role: "staff" }, { token: r.token.admin });
		assert.equal(w.status, 201, JSON.stringify(w.body));
		const m = await http.post(
			"/api/v1/auth/register",
			{ ...MANAGER, fullName: "Mia Manager", role: "manager" },
			{ token: r.token.admin },
		);
		assert.equal(m.status, 201, JSON.stringify(m.body));
		const pin = await http.patch(`/api/v1/auth/users/${m.body.id}`, { pin: PIN }, { token: r.token.admin });
		assert.equal(pin.status, 200, JSON.stringify(pin.body));
		browser = await launchBrowser();
		[waiter, manager] = await Promise.all([
			signedInTablet(browser, cluster.baseUrl, WAITER, /\/floor\/$/),
			signedInTablet(browser, cluster.baseUrl, MANAGER, /\/admin\//),
		]);
	});
	after(async () => {
		await waiter?.context.close();
		await manager?.context.close();
		await browser?.close();
		await cluster?.stop();
	});

	const orderNow = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.admin })).body;

	/** On the waiter's tablet: ⋯ → Comp → a reason → "Comp it"; the sheet asking for a manager opens. */
	const compOnTablet = async (order: Order, line: number, reason: string) => {
		const page = waiter.page;
		const item = order.items[line];
		await page.locator(`li.item[data-item-id="${item.id}"] button.more`).click();
		await page.getByRole("button", { name: /Comp/ }).click();
		await page.getByLabel("Reason").fill(reason);
		await page.getByRole("button", { name: "Comp it" }).click();
		await page.locator("[data-approval-sheet] .modal").waitFor();
		await page.locator("[data-approval-summary]", { hasText: `Comp a line: ${reason}` }).waitFor();
	};

	it("a manager's PIN on the waiter's tablet, or a tap on the manager's own device, comps the dish", async () => {
		const table = r.tables[0];
		const order = await placeOrder(http, r, table, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.steak.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 1 },
		]);
		const page = waiter.page;
		await page.goto("/floor/");
		await page.locator(`.tiles [data-table-id="${table.id}"]`).click();
		await page.getByRole("heading", { name: `Table ${table.name}` }).waitFor();

		// The PIN path.
		await compOnTablet(order, 0, "birthday");
		await screenshot(page, "floor-ask-a-manager", "embedded");
		assert.deepEqual(await smallTargets(page, "[data-approval-sheet] .modal"), []);
		for (const d of PIN) await page.locator(".approval-keys").getByRole("button", { name: d, exact: true }).click();
		await page.getByRole("button", { name: "Approve with PIN" }).click();
		await page.locator("[data-approval-sheet]").waitFor({ state: "detached" });
		await page.locator(`li.item[data-item-id="${order.items[0].id}"] [data-comp]`).waitFor();
		assert.equal((await orderNow(order.id)).items[0].comp?.reason, "birthday");

		// The remote path: the manager's office pops a card.
		await manager.page.goto("/admin/#bills");
		await compOnTablet(order, 1, "long wait");
		await page.getByRole("button", { name: "Send request" }).click();
		await page.getByText("Waiting for a manager").waitFor();
		const card = manager.page.locator(".approval-card", { hasText: "Comp a line: long wait" });
		await card.waitFor();
		await screenshot(manager.page, "admin-approval-card", "embedded");
		assert.deepEqual(await smallTargets(manager.page, ".approval-cards"), []);
		await card.getByRole("button", { name: "Approve" }).click();
		await card.waitFor({ state: "detached" });
		await page.locator("[data-approval-sheet]").waitFor({ state: "detached" });
		await until("the steak comped", async () => (await orderNow(order.id)).items[1].comp?.reason === "long wait", 10_000);
		await page.locator(`li.item[data-item-id="${order.items[1].id}"] [data-comp]`).waitFor();
		await screenshot(page, "floor-comped-with-approval", "embedded");
		// The office's Reports tab lists who asked, who approved and how, and what was done.
		await manager.page.goto("/admin/#reports");
		const trail = manager.page.locator('[data-report="approvals"]');
		await trail.locator('tr[data-action="approval_spent"]').nth(1).waitFor({ timeout: 15_000 });
		await trail.getByText("PIN on the tablet").waitFor();
		await trail.scrollIntoViewIfNeeded();
		await screenshot(manager.page, "admin-approvals-trail", "embedded");

		// Nobody answers: the request lapses, the waiter's sheet says so and the manager's card goes, with no push for it.
		await manager.page.goto("/admin/#bills");
		await page.goto("/floor/");
		await page.locator(`.tiles [data-table-id="${table.id}"]`).click();
		await compOnTablet(order, 2, "nobody home");
		await page.getByRole("button", { name: "Send request" }).click();
		const lapsing = manager.page.locator(".approval-card", { hasText: "Comp a line: nobody home" });
		await lapsing.waitFor();
		await page.getByText("The request expired").waitFor({ timeout: (TTL + 5) * 1000 });
		await lapsing.waitFor({ state: "detached", timeout: 10_000 });
		await page.locator("[data-approval-sheet]").getByRole("button", { name: "Back", exact: true }).click();
		await page.locator("[data-approval-sheet]").waitFor({ state: "detached" });
		assert.equal((await orderNow(order.id)).items[2].comp ?? null, null);
		assert.deepEqual(waiter.errors, []);
		assert.deepEqual(manager.errors, []);
	});
});
