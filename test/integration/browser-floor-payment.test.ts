// The payment sheet in real Chromium: a manager signs in to the office (Bills and Reports only), then on the
// floor's payment sheet taps a tip preset (a percentage of the bill's total, rounded half up to the cent), types
// the cash handed over and sees the change due; the payment taken records it. The bill goes to paper from the same
// screen: a pre-check while it is open and the receipt once paid on the receipt printer (a TCP listener playing
// it), and the printable receipt page for the browser's own print.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext } from "playwright-core";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { FakePrinter } from "../helpers/printer";
import { until } from "../helpers/wait";
import type { Bill } from "../../contracts";

const MANAGER = { username: `manager-${Math.random().toString(36).slice(2, 8)}`, password: "password-123" };

describe(`the payment sheet's tips and change, and a manager's sign-in — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	const contexts: BrowserContext[] = [];
	const till = new FakePrinter();

	before(async () => {
		await till.on();
		cluster = await startCluster({ env: { TIP_PRESETS: "10,15,20" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 1);
		const made = await http.post(
			"/api/v1/auth/register",
			{ ...MANAGER, fullName: "Mona Manager", role: "manager" },
			{ token: r.token.admin },
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		const printer = await http.post(
			"/api/v1/devices/printers",
			{ name: "Till", host: "127.0.0.1", port: till.port, kind: "receipt" },
			{ token: r.token.admin },
		);
		assert.equal(printer.status, 201, JSON.stringify(printer.body));
		browser = await launchBrowser();
	});
	after(async () => {
		for (const c of contexts) await c.close().catch(() => undefined);
		await browser?.close();
		await cluster?.stop();
		await till.off();
	});

	it("a manager lands in the office, then pays a table's bill with a tip preset and cash handed over", async () => {
		const { context, page, errors } = await signedInTablet(browser, cluster.baseUrl, MANAGER, /\/admin\//);
		contexts.push(context);
		const tabs = page.getByRole("tablist", { name: "Admin sections" });
		await tabs.getByRole("tab", { name: "Bills" }).waitFor();
		assert.deepEqual(await tabs.getByRole("tab").allTextContents(), ["Bills", "Reports"]);

		// 2 burgers: 29.00. 15% is 4.35; 50.00 handed over leaves 16.65 change.
		const table = r.tables[0];
		const order = await placeOrder(http, r, table, [{ menuItemId: r.dish.burger.id, quantity: 2 }]);
		await serveOrder(http, r, order.id);
		const billed = await http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: r.token.staff });
		assert.equal(billed.status, 201, JSON.stringify(billed.body));

		await page.goto(`${cluster.baseUrl}/floor/`);
		await page.locator(`.tiles [data-table-id="${table.id}"]`).click();
		await page.getByRole("navigation", { name: "Table screens" }).getByRole("button", { name: "Bill" }).click();
		// The table asks for the bill: a pre-check prints on the till printer.
		await page.locator('[data-print="precheck"]').click();
		await until("the pre-check printed", async () => till.with("PRECHECK").length === 1);
		assert.match(till.received[0], /\$29\.00/);
		const form = page.getByRole("form", { name: "Take a payment" });
		await form.locator("[data-tip-percent]").first().waitFor();
		assert.deepEqual(await form.locator("[data-tip-percent]").allTextContents(), ["10% · $2.90", "15% · $4.35", "20% · $5.80"]);
		await form.locator('[data-tip-percent="15"]').click();
		assert.equal(await form.getByLabel("Tip").inputValue(), "4.35");
		assert.equal(await form.locator('[data-tip-percent="15"]').getAttribute("aria-pressed"), "true");
		await form.getByLabel("Cash handed over").fill("50.00");
		await form.locator("[data-change-due]").filter({ hasText: "$16.65" }).waitFor();
		await screenshot(page, "floor-payment-tip-change", DISTRIBUTED ? "distributed" : "embedded");
		await form.getByRole("button", { name: "Take cash" }).click();
		await page.locator('.bill-summary[data-status="paid"], [data-status="paid"]').first().waitFor();
		// Paid: the receipt prints with the payment on it, and the receipt page opens for the browser's print.
		await page.locator('[data-print="receipt"]').click();
		await until("the receipt printed", async () => till.with("RECEIPT").length === 1);
		assert.match(till.with("RECEIPT")[0], /Paid cash/);
		await page.locator("[data-print-page]").click();
		// The page is handed to the print dialog from a frame nobody sees: what it holds is the receipt.
		const frame = page.frameLocator("iframe.receipt-page");
		await frame.locator("body").filter({ hasText: "$29.00" }).waitFor({ state: "attached" });
		assert.match((await frame.locator("body").textContent()) ?? "", /Paid/);
		await screenshot(page, "floor-bill-print", DISTRIBUTED ? "distributed" : "embedded");

		const bill = (await http.get<Bill>(`/api/v1/billing/bills/${billed.body.id}`, { token: r.token.staff })).body;
		assert.equal(bill.status, "paid");
		const [p] = bill.payments;
		assert.deepEqual([p.amountCents, p.tipCents, p.tenderedCents, p.changeCents], [2_900, 435, 5_000, 1_665]);
		assert.deepEqual(errors, []);
	});
});
