// The takeout page on a phone, in Chromium: a guest picks a burger with fries and a pie, gives a name, a phone and a
// pickup time, taps Pay, pays on the provider's page (the local fake of Stripe, through the real SDK), comes back to
// the page, and reads that the order is in the kitchen, where the kitchen now has it. Targets are 48 px. The same
// with the simulated provider `npm start` uses: its own checkout page (public/checkout/), Pay, and back.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { DISTRIBUTED, MODE, ownPublicUrl, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { launchBrowser, screenSuiteSkip, screenshot } from "../helpers/browser";
import { until } from "../helpers/wait";
import type { ModifierGroup, Ticket } from "../../contracts";

const WAIT = { timeout: 15_000 };

describe(`takeout page on a phone in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let browser: Browser;
	let stripe: FakeStripe;
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;

	/** A venue on its own port (PUBLIC_URL is where the provider sends the guest back), with a burger that asks for a side. */
	async function venue(env: Record<string, string>): Promise<{ cluster: TestCluster; http: Client; r: Restaurant }> {
		const cluster = await startCluster({ env: { ...env, ...(await ownPublicUrl()) } });
		const http = client(cluster.baseUrl);
		const r = await openRestaurant(http, 0);
		const admin = { token: r.token.admin };
		const sides = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{
				name: "Sides",
				required: true,
				minChoices: 1,
				maxChoices: 1,
				options: [{ name: "Fries", priceDeltaCents: 300 }, { name: "Salad" }],
			},
			admin,
		);
		assert.equal(sides.status, 201, JSON.stringify(sides.body));
		assert.equal(
			(await http.patch(`/api/v1/menu/items/${r.dish.burger.id}`, { modifierGroupIds: [sides.body.id] }, admin)).status,
			200,
		);
		return { cluster, http, r };
	}

	before(async () => {
		stripe = await startFakeStripe();
		({ cluster, http, r } = await venue(stripe.env));
		stripe.setWebhookUrl(`${cluster.baseUrl}/api/v1/billing/webhooks/stripe`);
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await cluster?.stop();
		await stripe?.stop();
	});

	/** On a phone: a burger with fries and two soups for Grace, Pay, `payThere` on the provider's page, back to the kitchen. */
	async function orderAndPay(
		at: { cluster: TestCluster; http: Client; r: Restaurant },
		shot: string,
		payThere: (page: Page) => Promise<void>,
	) {
		const context = await browser.newContext({
			baseURL: at.cluster.baseUrl,
			viewport: { width: 390, height: 844 },
			hasTouch: true,
			isMobile: true,
		});
		const page = await context.newPage();
		const errors: string[] = [];
		page.on("pageerror", err => errors.push(`${page.url()}: ${err.message}`));
		try {
			await page.goto("/takeout/");
			await page.getByRole("button", { name: "Add Burger" }).click(WAIT);
			const sheet = page.getByRole("dialog");
			await sheet.getByRole("button", { name: "Fries" }).click();
			await sheet.locator("[data-choice-add]").click();
			await page.getByRole("button", { name: "Add Soup" }).click();
			await page.getByRole("button", { name: "One more Soup" }).click();
			await page.getByLabel("Your name").fill("Grace");
			await page.getByLabel("Phone").fill("+1 555 010 9999");
			await page.getByLabel("Pickup time").selectOption({ index: 2 });
			const pay = page.locator("[data-pay]");
			// Burger 14.50 + fries 3.00, two soups at 6.50.
			assert.match(await pay.innerText(), /Pay .*30\.50/);
			for (const target of [
				pay,
				page.getByRole("button", { name: "Add Burger" }),
				page.getByRole("button", { name: "One more Soup" }),
			]) {
				const box = (await target.boundingBox())!;
				assert.ok(box.height >= 48 && box.width >= 48, `a ${box.width}×${box.height} target`);
			}
			await screenshot(page, `${shot}-basket`, DISTRIBUTED ? "distributed" : "embedded");

			await pay.click();
			await payThere(page);
			await page.waitForURL(/\/takeout\/\?order=/, WAIT);
			const orderId = new URL(page.url()).searchParams.get("order")!;
			await page.locator('[data-state="in_kitchen"]').waitFor(WAIT);
			assert.match(await page.locator("[data-state]").innerText(), /in the kitchen[\s\S]*Grace/i);
			await screenshot(page, `${shot}-paid`, DISTRIBUTED ? "distributed" : "embedded");
			await until("the kitchen's tickets", async () => {
				const tickets = (await at.http.get<Ticket[]>("/api/v1/kitchen/tickets", { token: at.r.token.kitchen })).body;
				return tickets.filter(t => t.orderId === orderId).length === 2;
			});
			assert.deepEqual(errors, []);
		} finally {
			await context.close();
		}
	}

	it("order with choices, pay on the provider's page (Stripe, faked), come back to an order in the kitchen", async () => {
		await orderAndPay({ cluster, http, r }, "takeout", async page => {
			await page.waitForURL(/\/pay\//, WAIT);
			await page.getByRole("button", { name: "Pay" }).click();
		});
	});

	it("the same with the simulated provider npm start uses: its own checkout page", async () => {
		const simulated = await venue({ PAYMENT_PROVIDER: "simulated" });
		try {
			await orderAndPay(simulated, "takeout-simulated", async page => {
				await page.waitForURL(/\/checkout\/\?session=/, WAIT);
				await page.locator("[data-pay]").click();
			});
		} finally {
			await simulated.cluster.stop();
		}
	});
});
