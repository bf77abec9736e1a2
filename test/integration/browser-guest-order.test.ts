// Guests order and pay from their phones, in real Chromium against a real Brigade and the fake Stripe (the real SDK
// pointed at a local server, webhooks signed with the SDK's helper): a phone (a second browser context, 390×844)
// orders a round with a choice, the waiter's floor pops it up and a tap confirms it, and only then does the kitchen
// have it; the guest asks for the bill and the waiter is told; the guest pays an equal share by link on the
// provider's page, the webhook lands and the waiter's bill shows it, then the rest, and the bill shows paid on both.
// Both modes: distributed, the phone's round, the webhook and the bill's pushes cross nodes (guest and order on
// the floor nodes, billing on the office's, the gateway's sockets) as they do in a real deployment.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { DISTRIBUTED, MODE, ownPublicUrl, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { browserSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { overflowX, smallTargets } from "../helpers/layout";
import { until } from "../helpers/wait";
import { startFakeStripe, type FakeStripe } from "../helpers/fake-stripe";
import type { Bill, MenuItem, ModifierGroup, Order } from "../../contracts";

const suffix = Math.random().toString(36).slice(2, 8);
const WAITER = { username: `guestfloor-${suffix}`, password: "password-123" };
const WAIT = { timeout: 20_000 };
const SCREEN = DISTRIBUTED ? "distributed" : "embedded";

describe(`guests order and pay from their phones in Chromium — ${MODE}`, { skip: browserSkip }, () => {
	let stripe: FakeStripe;
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let waiter: { context: BrowserContext; page: Page; errors: string[] };
	let phoneContext: BrowserContext;
	let phone: Page;
	const phoneErrors: string[] = [];
	let steak: MenuItem;
	let orderId: string;

	before(async () => {
		stripe = await startFakeStripe();
		// PUBLIC_URL is this gateway: the phone comes back from the provider to the page it left.
		cluster = await startCluster({ env: { ...stripe.env, GUEST_ORDERING: "confirm", ...(await ownPublicUrl()) } });
		stripe.setWebhookUrl(`${cluster.baseUrl}/api/v1/billing/webhooks/stripe`);
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		const admin = { token: r.token.admin };
		const temperature = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{
				name: "Temperature",
				required: true,
				minChoices: 1,
				maxChoices: 1,
				options: [
					{ name: "Rare", priceDeltaCents: 0 },
					{ name: "Medium rare", priceDeltaCents: 0 },
					{ name: "Well done", priceDeltaCents: 0 },
				],
			},
			admin,
		);
		assert.equal(temperature.status, 201, JSON.stringify(temperature.body));
		const patched = await http.patch<MenuItem>(
			`/api/v1/menu/items/${r.dish.steak.id}`,
			{ modifierGroupIds: [temperature.body.id] },
			admin,
		);
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
		steak = patched.body;
		const w = await http.post("/api/v1/auth/register", { ...WAITER, fullName: "Gia Waiter", role: "staff" }, admin);
		assert.equal(w.status, 201, JSON.stringify(w.body));
		browser = await launchBrowser();
		waiter = await signedInTablet(browser, cluster.baseUrl, WAITER, /\/floor\/$/);
		phoneContext = await browser.newContext({
			baseURL: cluster.baseUrl,
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true,
			deviceScaleFactor: 1,
		});
		phone = await phoneContext.newPage();
		phone.on("pageerror", err => phoneErrors.push(`${phone.url()}: ${err.message}`));
	});
	after(async () => {
		await phoneContext?.close();
		await waiter?.context.close();
		await browser?.close();
		await cluster?.stop();
		await stripe?.stop();
	});

	const table = () => r.tables[0];
	const tickets = async () =>
		(await http.get<{ orderId: string }[]>("/api/v1/kitchen/tickets", { token: r.token.kitchen })).body.filter(
			t => t.orderId === orderId,
		);
	/** A screenshot of the tablet once its toasts (which sit where they cover no button) have gone. */
	const tabletShot = async (name: string) => {
		await until("the toasts gone", async () => (await waiter.page.locator(".toasts .toast").count()) === 0, 15_000);
		await screenshot(waiter.page, name, SCREEN);
	};
	const billNow = async (id: string) => (await http.get<Bill>(`/api/v1/billing/bills/${id}`, { token: r.token.staff })).body;

	it("a guest's round with a choice waits for the waiter's one-tap confirm, and the kitchen gets it only then", async () => {
		await phone.goto(`/guest/?table=${table().id}`);
		await phone.getByRole("button", { name: "Call the waiter" }).waitFor(WAIT);
		await phone.locator(`li[data-item-id="${steak.id}"]`).waitFor(WAIT);
		assert.equal(await overflowX(phone), 0, "the page is no wider than the phone");
		assert.deepEqual(await smallTargets(phone), [], "every button and link at least 48 × 48 px");
		await screenshot(phone, "guest-phone-menu-ordering", SCREEN);

		await phone.getByRole("button", { name: `Add ${steak.name}` }).click();
		const sheet = phone.getByRole("dialog", { name: `Choices for ${steak.name}` });
		await sheet.waitFor();
		await sheet.getByRole("button", { name: "Medium rare" }).click();
		await screenshot(phone, "guest-phone-choices", SCREEN);
		await sheet.getByRole("button", { name: /^Add Steak/ }).click();
		await phone.getByRole("button", { name: `Add ${r.dish.beer.name}` }).click();
		await phone.getByRole("button", { name: /Your order · 2 items/ }).click();
		const basket = phone.getByRole("dialog", { name: "Your order" });
		await basket.getByText("Medium rare").waitFor();
		assert.deepEqual(await smallTargets(phone, ".modal"), []);
		await screenshot(phone, "guest-phone-basket", SCREEN);
		await basket.getByRole("button", { name: "Send order" }).click();
		await phone.getByText("Your order is with the waiter, who will confirm it in a moment.").waitFor(WAIT);
		await phone.locator('.guest-round[data-pending="true"]').getByText("Waiting for the waiter to confirm").first().waitFor(WAIT);
		orderId = (await phone.locator(".guest-order").getAttribute("data-order-id"))!;
		assert.ok(orderId);
		await screenshot(phone, "guest-phone-round-waiting", SCREEN);
		assert.deepEqual(await tickets(), [], "the kitchen has nothing before the waiter confirms");

		// The waiter's floor: a pop-up and the tile say so; the table's order shows the round with Confirm and Reject.
		const page = waiter.page;
		const popup = page.locator('[data-guest-alert="round"]');
		await popup.getByText(`sent an order from the table to confirm`).waitFor(WAIT);
		await page.locator(`.tiles [data-table-id="${table().id}"] [data-glance-guest-round]`).waitFor(WAIT);
		await screenshot(page, "floor-guest-round-popup", SCREEN);
		await popup.getByRole("button", { name: "Open table" }).click();
		const card = page.locator("[data-guest-round]");
		await card.getByText("Medium rare").waitFor(WAIT);
		assert.deepEqual(await smallTargets(page, "[data-guest-round]"), []);
		await screenshot(page, "floor-guest-round-card", SCREEN);
		await card.getByRole("button", { name: /^Confirm/ }).click();
		await card.waitFor({ state: "detached", ...WAIT });
		await page.locator('[data-guest-alert="round"]').waitFor({ state: "detached", ...WAIT });
		await until("the kitchen has the guest's round", async () => (await tickets()).length > 0, 10_000);
		const order = (await http.get<Order>(`/api/v1/orders/${orderId}`, { token: r.token.staff })).body;
		assert.ok(
			order.items.every(i => i.status === "queued"),
			JSON.stringify(order.items.map(i => i.status)),
		);
		assert.equal(order.items.find(i => i.menuItemId === steak.id)?.modifiers[0]?.name, "Medium rare");
		// The phone follows: the round is in the kitchen.
		await phone.locator('.guest-round[data-pending="false"]').getByText("Sent to the kitchen").first().waitFor(WAIT);

		// A round the waiter turns down: off the order, its portions back, and the phone told so.
		await phone.getByRole("button", { name: `Add ${r.dish.soup.name}` }).click();
		await phone.getByRole("button", { name: /Your order · 1 item/ }).click();
		await phone.getByRole("dialog", { name: "Your order" }).getByRole("button", { name: "Send order" }).click();
		const second = page.locator('[data-guest-round="2"]');
		await second.getByText(r.dish.soup.name).waitFor(WAIT);
		await second.getByRole("button", { name: "Reject" }).click();
		await second.waitFor({ state: "detached", ...WAIT });
		await phone.getByText("Your waiter did not take round 2").waitFor(WAIT);
		const after = (await http.get<Order>(`/api/v1/orders/${orderId}`, { token: r.token.staff })).body;
		assert.ok(!after.items.some(i => i.menuItemId === r.dish.soup.id), "the soup is off the order");
		assert.deepEqual(waiter.errors, []);
	});

	it("a guest asks for the bill and the waiter's screen is told, on the tile too, until dismissed", async () => {
		const page = waiter.page;
		await page.getByRole("button", { name: "Back to the floor" }).click();
		await page.locator(`.tiles [data-table-id="${table().id}"]`).waitFor(WAIT);
		await phone.getByRole("button", { name: "Ask for the bill" }).click();
		await phone.getByText("Your waiter has been asked for the bill.").waitFor(WAIT);
		await screenshot(phone, "guest-phone-asked-for-bill", SCREEN);
		const popup = page.locator('[data-guest-alert="bill"]');
		await popup.getByText(`asks for the bill`).waitFor(WAIT);
		await page.locator(`.tiles [data-table-id="${table().id}"] [data-glance-call="bill"]`).waitFor(WAIT);
		assert.deepEqual(await smallTargets(page, ".guest-alerts"), []);
		// A band under the top bar, not over the floor: every control is still the thing a tap at its centre reaches.
		const covered = await page.evaluate(() =>
			Array.from(document.querySelectorAll("main button, .topbar button, .topbar a"))
				.filter(el => {
					const r = el.getBoundingClientRect();
					if (!r.width || r.bottom <= 0 || r.top >= innerHeight) return false;
					const hit = document.elementFromPoint(r.left + r.width / 2, (Math.max(0, r.top) + Math.min(r.bottom, innerHeight)) / 2);
					return !hit || !(el === hit || el.contains(hit));
				})
				.map(el => el.textContent?.trim()),
		);
		assert.deepEqual(covered, [], "controls under the guest pop-up");
		await screenshot(page, "floor-guest-asks-for-bill", SCREEN);
		// A reload of the tablet keeps it (pushes are not replayed to a fresh page); Dismiss takes it off.
		await page.reload();
		await popup.getByText(`asks for the bill`).waitFor(WAIT);
		await popup.getByRole("button", { name: "Dismiss" }).click();
		await popup.waitFor({ state: "detached" });
		await page.locator(`.tiles [data-table-id="${table().id}"] [data-glance-call="bill"]`).waitFor({ state: "detached" });
	});

	it("a phone whose guest session has expired (401) says so plainly and starts a new visit on a tap", async () => {
		const other = r.tables[1];
		const page = await phoneContext.newPage();
		// This tab's stored session is one the server no longer knows (expired and swept).
		await page.addInitScript(
			([tableId, name]) => {
				if (sessionStorage.getItem("seeded")) return;
				sessionStorage.setItem("seeded", "1");
				const expiresAt = new Date(Date.now() + 3600_000).toISOString();
				const session = { guestToken: `gst_${"x".repeat(43)}`, expiresAt, table: { id: tableId, name }, ordering: "confirm" };
				sessionStorage.setItem(`brigade.guest.${tableId}`, JSON.stringify(session));
			},
			[other.id, other.name],
		);
		await page.goto(`/guest/?table=${other.id}`);
		const gone = page.locator('[data-session-gone="expired"]');
		await gone.getByText("Your visit on this phone has timed out.").waitFor(WAIT);
		assert.equal(await page.getByRole("button", { name: "Call the waiter" }).count(), 0, "nothing offered that would fail");
		// The menu is live again (no session needed for it) and no connection banner cries wolf.
		await page.locator('header[data-live="on"]').waitFor(WAIT);
		assert.equal(await page.locator(".connection-banner:visible").count(), 0);
		await screenshot(page, "guest-phone-session-expired", SCREEN);
		await gone.getByRole("button", { name: "Start again" }).click();
		await page.getByRole("button", { name: "Call the waiter" }).waitFor(WAIT);
		assert.equal(await page.locator("[data-session-gone]").count(), 0);
		await page.close();
	});

	it("the guest pays an equal share by link on the provider's page, then the rest: the waiter's bill shows each, then paid", async () => {
		// The kitchen sends it, the waiter serves it and brings the bill.
		const bump = await http.post(`/api/v1/kitchen/tickets/${orderId}/bump`, undefined, { token: r.token.kitchen });
		assert.equal(bump.status, 200, JSON.stringify(bump.body));
		const served = await http.post(`/api/v1/orders/${orderId}/serve`, undefined, { token: r.token.staff });
		assert.equal(served.status, 200, JSON.stringify(served.body));
		const made = await http.post<Bill>("/api/v1/billing/bills", { tableId: table().id }, { token: r.token.staff });
		assert.equal(made.status, 201, JSON.stringify(made.body));
		const bill = made.body;
		const page = waiter.page;
		await page.goto(`/floor/#table/${table().id}/bill`);
		await page.locator(`.bill-summary[data-bill-id="${bill.id}"]`).waitFor(WAIT);

		await phone.locator("[data-open-pay]", { hasText: "Pay" }).click();
		const pay = phone.getByRole("dialog", { name: "Pay the bill" });
		await pay.waitFor(WAIT);
		// What I had: the beer alone comes to its line's amount.
		await pay.getByRole("button", { name: "My dishes" }).click();
		await pay.getByRole("checkbox", { name: /Beer/ }).check();
		await pay.locator("[data-pay-amount]", { hasText: "6.00" }).waitFor();
		await pay.getByRole("button", { name: "Equal share" }).click();
		const share = Math.ceil(bill.balanceCents / 2);
		await pay.locator("[data-pay-amount]", { hasText: (share / 100).toFixed(2) }).waitFor();
		assert.deepEqual(await smallTargets(phone, ".modal"), []);
		await screenshot(phone, "guest-phone-pay-share", SCREEN);
		await pay.getByRole("button", { name: /^Pay / }).click();
		// The provider's checkout page (the fake Stripe's): Pay, and back to the table's page.
		await phone.waitForURL(/\/pay\//, WAIT);
		await screenshot(phone, "guest-phone-checkout", SCREEN);
		await phone.getByRole("button", { name: "Pay" }).click();
		await phone.waitForURL(/\/guest\/\?table=/, WAIT);
		await phone.locator('[data-payment-outcome="paid"]').waitFor(WAIT);
		await screenshot(phone, "guest-phone-share-paid", SCREEN);
		await until("the webhook landed", async () => (await billNow(bill.id)).paidCents === share, 15_000);

		// The waiter's bill shows the share as it lands: paid from the guest's phone, the rest still to pay.
		await page.locator(".payments li", { hasText: "Guest's phone" }).waitFor(WAIT);
		await tabletShot("floor-bill-share-paid-by-link");

		// The rest, by the same road: the bill is paid on the waiter's screen and the phone's.
		await phone.locator("[data-open-pay]").click();
		await pay.waitFor(WAIT);
		await pay.getByRole("button", { name: "Whole bill" }).click();
		await pay.getByRole("button", { name: /^Pay / }).click();
		await phone.waitForURL(/\/pay\//, WAIT);
		await phone.getByRole("button", { name: "Pay" }).click();
		await phone.waitForURL(/\/guest\/\?table=/, WAIT);
		await phone.locator('[data-payment-outcome="paid"]').waitFor(WAIT);
		await until("the bill is paid", async () => (await billNow(bill.id)).status === "paid", 15_000);
		await page.locator(".paid-banner").getByText("Paid in full.").waitFor(WAIT);
		await tabletShot("floor-bill-paid-by-guests");
		// Staff resend the receipt from the paid bill.
		await page.getByRole("button", { name: "Email receipt" }).click();
		const resend = page.getByRole("dialog", { name: "Email the receipt" });
		await resend.getByLabel("Guest's email address").fill("table@example.com");
		await resend.getByRole("button", { name: "Send receipt" }).click();
		await resend.getByText("The receipt is on its way to table@example.com.").waitFor(WAIT);
		await resend.getByRole("button", { name: "Done" }).click();
		await screenshot(phone, "guest-phone-bill-paid", SCREEN);

		// The receipt by email, from the phone that just paid.
		await phone.getByRole("button", { name: "Email my receipt" }).click();
		const receipt = phone.getByRole("dialog", { name: "Email my receipt" });
		await receipt.getByLabel("Your email address").fill("guest@example.com");
		await receipt.getByRole("button", { name: "Send receipt" }).click();
		await receipt.getByText("Your receipt is on its way to guest@example.com.").waitFor(WAIT);
		await receipt.getByRole("button", { name: "Done" }).click();

		// The visit is over: the phone says so plainly instead of calling a waiter for a table that has left.
		await phone.getByRole("button", { name: "Call the waiter" }).click();
		await phone.locator('[data-session-gone="paid"]').getByText("This table's bill is paid. Thank you!").waitFor(WAIT);
		await screenshot(phone, "guest-phone-visit-over", SCREEN);
		// Start again: a new visit at the same table, its own session, with nothing of the last one's payment.
		await phone.getByRole("button", { name: "Start again" }).click();
		await phone.getByRole("button", { name: "Call the waiter" }).waitFor(WAIT);
		assert.equal(new URL(phone.url()).search, `?table=${table().id}`);
		assert.equal(await phone.locator("[data-payment-outcome], [data-session-gone]").count(), 0);
		assert.ok(
			stripe.deliveries.every(d => d.status >= 200 && d.status < 300),
			JSON.stringify(stripe.deliveries.map(d => d.status)),
		);
		assert.deepEqual(phoneErrors, []);
		assert.deepEqual(waiter.errors, []);
	});
});
