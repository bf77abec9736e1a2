// The admin app (menu, tables and their QR sheet, users, reports) and the guest menu, in real Chromium
// against the real gateway: an admin builds the restaurant through the pages, a service runs through the
// API, and the reports and the guest's phone show what happened.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser, Page } from "playwright-core";
import { ADMIN, DISTRIBUTED, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { screenSuiteSkip, launchBrowser, screenshot, signIn, tablet } from "../helpers/browser";
import { until } from "../helpers/wait";
import type { Bill, MenuItem, Order, Payment, Table, User } from "../../contracts";

const MODE = DISTRIBUTED ? "distributed" : "embedded";
const WAIT = { timeout: 15_000 };
const usd = (cents: number) => new Intl.NumberFormat("en-US", { style: "currency", currency: "USD" }).format(cents / 100);

interface MenuReply {
	categories: { id: string; name: string; position: number; items: MenuItem[] }[];
}

describe("admin app and guest menu in Chromium", { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let browser: Browser;
	let page: Page;
	let errors: string[];
	let admin: string;
	// What the pages made, found again through the API.
	let burger: MenuItem;
	let lemonade: MenuItem;
	let patio: Table;
	let waiter: { token: string; user: User };
	let cook: { token: string; user: User };

	const menu = async () => (await http.get<MenuReply>("/api/v1/menu")).body.categories;
	const tables = async () => (await http.get<Table[]>("/api/v1/tables", { token: admin })).body;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		admin = (await http.login(ADMIN.username, ADMIN.password)).accessToken;
		browser = await launchBrowser();
		({ page, errors } = await tablet(browser, cluster.baseUrl));
		page.setDefaultTimeout(15_000);
	});

	after(async () => {
		await browser?.close();
		await cluster?.stop();
	});

	it("the admin builds the menu: a category, and an item priced by typing 12.50 is stored as 1250 cents", async () => {
		await signIn(page, ADMIN.username, ADMIN.password, /\/admin\/$/);
		await page.getByRole("tab", { name: "Menu" }).waitFor(WAIT);

		await page.getByLabel("New category name").fill("Mains");
		await page.getByRole("button", { name: "Add category" }).click();
		const mains = page.getByRole("region", { name: "Category Mains" });
		await mains.waitFor(WAIT);

		await page.getByRole("button", { name: "New item" }).click();
		const dialog = page.getByRole("dialog", { name: "New menu item" });
		await dialog.getByLabel("Category").selectOption({ label: "Mains" });
		await dialog.getByLabel("Name", { exact: true }).fill("Truffle burger");
		await dialog.getByLabel("Description").fill("Aged beef, truffle mayo, brioche bun");
		await dialog.getByLabel("Price").fill("12.50");
		await dialog.getByLabel("Station").fill("grill");
		await dialog.getByRole("button", { name: "Add item" }).click();
		await dialog.waitFor({ state: "detached", ...WAIT });

		const row = mains.locator("tr[data-item-id]", { hasText: "Truffle burger" });
		await row.waitFor(WAIT);
		assert.match(await row.locator('[data-col="price"]').innerText(), /12\.50/);

		const [cat] = (await menu()).filter(c => c.name === "Mains");
		assert.ok(cat, "the category is on the menu");
		burger = cat.items.find(i => i.name === "Truffle burger")!;
		assert.equal(burger.priceCents, 1250);
		assert.equal(burger.station, "grill");
		assert.equal(burger.description, "Aged beef, truffle mayo, brioche bun");
		assert.equal(burger.available, true);

		// 86 from the admin page and back again.
		const toggle = page.getByRole("switch", { name: "Truffle burger available" });
		await toggle.click();
		await mains.locator(`tr[data-item-id="${burger.id}"][data-available="false"]`).waitFor(WAIT);
		assert.equal((await menu()).flatMap(c => c.items).find(i => i.id === burger.id)!.available, false);
		await toggle.click();
		await mains.locator(`tr[data-item-id="${burger.id}"][data-available="true"]`).waitFor(WAIT);

		// A second category added through the API appears after a reload and can be moved above Mains.
		const drinks = await http.post("/api/v1/menu/categories", { name: "Drinks", position: 5 }, { token: admin });
		const made = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{ categoryId: drinks.body.id, name: "House lemonade", priceCents: 400, station: "bar" },
			{ token: admin },
		);
		lemonade = made.body;
		await page.reload();
		await page.getByRole("button", { name: "Move Drinks up" }).click();
		await until("Drinks first", async () => (await menu())[0]?.name === "Drinks");
		await page.getByRole("region", { name: "Category Drinks" }).locator(`tr[data-item-id="${lemonade.id}"]`).waitFor(WAIT);
		await screenshot(page, "admin-menu", MODE);
	});

	it("the admin adds a table, and the QR sheet shows one SVG code per table with its name under it", async () => {
		await page.getByRole("tab", { name: "Tables" }).click();
		await page.getByLabel("Table name").fill("Patio 7");
		await page.getByLabel("Seats").fill("2");
		await page.getByLabel("Area").fill("Patio");
		await page.getByRole("button", { name: "Add table" }).click();
		await page.locator("tr[data-table-id]", { hasText: "Patio 7" }).waitFor(WAIT);
		patio = (await tables()).find(t => t.name === "Patio 7")!;
		assert.deepEqual({ seats: patio.seats, area: patio.area, status: patio.status }, { seats: 2, area: "Patio", status: "available" });
		assert.equal((await http.post("/api/v1/tables", { name: "Bar 1", seats: 2 }, { token: admin })).status, 201);
		await page.locator("tr[data-table-id]", { hasText: "Bar 1" }).waitFor(WAIT); // a live table:update push
		await screenshot(page, "admin-tables", MODE);

		await page.getByRole("link", { name: "Print QR codes" }).click();
		await page.waitForURL(/\/admin\/qr\.html$/);
		const all = await tables();
		await page.waitForFunction(n => document.querySelectorAll('.qr-card[data-ready="true"] svg').length === n, all.length, WAIT);
		for (const t of all) {
			const card = page.locator(`.qr-card[data-table-id="${t.id}"]`);
			assert.equal(await card.locator("figcaption").innerText(), `Table ${t.name}`);
			const box = await card.locator("svg").boundingBox();
			assert.ok(box && box.width > 100 && box.height > 100, `the code of ${t.name} is drawn large enough to scan`);
		}
		const qr = await http.get(`/api/v1/tables/${patio.id}/qr`);
		assert.match(qr.headers.get("x-guest-link") ?? "", new RegExp(`/guest/\\?table=${patio.id}$`));
		await page.emulateMedia({ media: "print" });
		await screenshot(page, "admin-qr-sheet", MODE);
		await page.emulateMedia({ media: "screen" });
	});

	it("the admin creates a waiter who can then sign in, and deactivates, reactivates, re-roles and resets a cook", async () => {
		await page.goto("/admin/#users");
		const form = page.getByRole("form", { name: "New user" });
		await form.getByLabel("Username").fill("maria");
		await form.getByLabel("Full name").fill("Maria Lopez");
		await form.getByLabel("Role").selectOption("staff");
		await form.getByLabel("Password").fill("waiter-pass-1");
		await form.getByRole("button", { name: "Create user" }).click();
		await page.locator('tr[data-username="maria"]').waitFor(WAIT);
		const pair = await http.login("maria", "waiter-pass-1");
		assert.equal(pair.user.role, "staff");
		assert.equal(pair.user.fullName, "Maria Lopez");
		waiter = { token: pair.accessToken, user: pair.user };

		const made = await http.post<User>(
			"/api/v1/auth/register",
			{ username: "chef", fullName: "Sam Cook", role: "kitchen", password: "kitchen-pass-1" },
			{ token: admin },
		);
		assert.equal(made.status, 201);
		await page.reload();
		await page.getByRole("button", { name: "Deactivate chef" }).click();
		await page.getByRole("dialog", { name: "Deactivate user?" }).getByRole("button", { name: "Deactivate" }).click();
		await page.locator('tr[data-username="chef"][data-active="false"]').waitFor(WAIT);
		const refused = await http.post("/api/v1/auth/login", { username: "chef", password: "kitchen-pass-1" });
		assert.equal(refused.status, 401);
		assert.equal(refused.body.error.code, "USER_INACTIVE");
		await page.getByRole("button", { name: "Reactivate chef" }).click();
		await page.locator('tr[data-username="chef"][data-active="true"]').waitFor(WAIT);
		const userOf = async (username: string) =>
			(await http.get<User[]>("/api/v1/auth/users", { token: admin })).body.find(u => u.username === username)!;
		await page.getByLabel("Role of chef").selectOption("staff");
		await until("chef is staff", async () => (await userOf("chef")).role === "staff");
		await page.getByLabel("Role of chef").selectOption("kitchen");
		await until("chef is kitchen again", async () => (await userOf("chef")).role === "kitchen");

		await page.getByRole("button", { name: "Reset password of chef" }).click();
		const reset = page.getByRole("dialog", { name: "Reset password of chef" });
		await reset.getByLabel("New password").fill("kitchen-pass-2");
		await reset.getByRole("button", { name: "Set password" }).click();
		await reset.waitFor({ state: "detached" });
		assert.equal((await http.post("/api/v1/auth/login", { username: "chef", password: "kitchen-pass-1" })).status, 401);
		const back = await http.login("chef", "kitchen-pass-2");
		cook = { token: back.accessToken, user: back.user };
		await screenshot(page, "admin-users", MODE);
	});

	it("an occupied table cannot be deleted, and the page says why", async () => {
		const order = await http.post<Order>(
			"/api/v1/orders",
			{
				tableId: patio.id,
				items: [
					{ menuItemId: burger.id, quantity: 2 },
					{ menuItemId: lemonade.id, quantity: 1 },
				],
			},
			{ token: waiter.token },
		);
		assert.equal(order.status, 201, JSON.stringify(order.body));
		const lemon = order.body.items.find(i => i.menuItemId === lemonade.id)!;
		const voided = await http.post(
			`/api/v1/orders/${order.body.id}/items/${lemon.id}/void`,
			{ reason: "Guest changed their mind" },
			{ token: waiter.token },
		);
		assert.equal(voided.status, 200, JSON.stringify(voided.body));

		await page.goto("/admin/#tables");
		const row = page.locator(`tr[data-table-id="${patio.id}"]`);
		await page.locator(`tr[data-table-id="${patio.id}"][data-status="occupied"]`).waitFor(WAIT);
		await page.getByRole("button", { name: "Delete table Patio 7" }).click();
		await page.getByRole("dialog", { name: "Delete table?" }).getByRole("button", { name: "Delete table" }).click();
		await page
			.getByRole("alert")
			.filter({ hasText: /occupied/i })
			.waitFor(WAIT);
		assert.equal(await row.count(), 1, "the table is still listed");
		assert.ok(
			(await tables()).some(t => t.id === patio.id),
			"and still exists",
		);

		// Cook, serve, bill and pay it (with a $2.00 tip), for the reports.
		assert.equal((await http.post(`/api/v1/kitchen/tickets/${order.body.id}/bump`, undefined, { token: cook.token })).status, 200);
		assert.equal((await http.post(`/api/v1/orders/${order.body.id}/serve`, undefined, { token: waiter.token })).status, 200);
		const bill = await http.post<Bill>("/api/v1/billing/bills", { tableId: patio.id }, { token: waiter.token });
		assert.equal(bill.status, 201, JSON.stringify(bill.body));
		assert.equal(bill.body.subtotalCents, 2500);
		const paid = await http.post<Payment>(
			`/api/v1/billing/bills/${bill.body.id}/payments`,
			{ method: "cash", amountCents: bill.body.totalCents, tipCents: 200 },
			{ token: waiter.token },
		);
		assert.equal(paid.status, 201, JSON.stringify(paid.body));
	});

	it("reports show the paid order: sales chart and table in money, best-sellers, kitchen, staff and the audit trail", async () => {
		await until(
			"the sale in the reports",
			async () => (await http.get("/api/v1/reports/sales", { token: admin })).body[0]?.grossCents === 2500,
			20_000,
		);
		await until(
			"the void in the audit trail",
			async () => (await http.get("/api/v1/reports/audit?kind=money", { token: admin })).body.length > 0,
			20_000,
		);
		await until(
			"the staff names in the reports",
			async () =>
				(await http.get("/api/v1/reports/staff", { token: admin })).body.some(
					(r: { fullName: string }) => r.fullName === "Maria Lopez",
				),
			20_000,
		);

		await page.goto("/admin/#reports");
		await page.reload(); // a fresh page: the toasts of the earlier steps would cover the screenshot
		const sales = page.locator('[data-report="sales"]');
		await sales.locator("canvas").waitFor(WAIT);
		assert.ok(
			await page.evaluate(() => Boolean((globalThis as any).Chart?.getChart(document.querySelector('[data-report="sales"] canvas')))),
			"Chart.js drew the sales chart",
		);
		const total = sales.locator('tr[data-period="total"]');
		assert.equal(await total.locator('[data-col="gross"]').innerText(), usd(2500));
		assert.equal(await total.locator('[data-col="net"]').innerText(), usd(2500));
		assert.equal(await total.locator('[data-col="tips"]').innerText(), usd(200));
		assert.equal(await total.locator('[data-col="orders"]').innerText(), "1");
		// Grouped by hour by default: the one hour with the sale shows the same gross.
		const hour = sales.locator("tbody tr");
		assert.equal(await hour.count(), 1);
		assert.equal(await hour.locator('[data-col="gross"]').innerText(), usd(2500));

		const best = page.locator('[data-report="best-sellers"]');
		await best.locator("canvas").waitFor(WAIT);
		const burgerRow = best.locator(`tr[data-item-id="${burger.id}"]`);
		assert.match(await burgerRow.innerText(), /Truffle burger\s+2\s+\$25\.00/);
		await page.locator('[data-report="kitchen"] tr[data-station="grill"]').waitFor(WAIT);

		const staff = page.locator(`[data-report="staff"] tr[data-user-id="${waiter.user.id}"]`);
		assert.match(await staff.innerText(), /Maria Lopez/);
		assert.equal(await staff.locator('[data-col="gross"]').innerText(), usd(2500));
		assert.equal(await staff.locator('[data-col="tips"]').innerText(), usd(200));

		const voided = page.locator('[data-report="audit"] tr[data-action="item_voided"]');
		const text = (await voided.textContent()) ?? "";
		for (const part of ["Item voided", "1× House lemonade", "Maria Lopez", "Patio 7", usd(400), "Guest changed their mind"])
			assert.ok(text.includes(part), `the audit row shows ${part}: ${text}`);
		// Sign-ins have their own table: the money trail holds none of them.
		assert.equal(await page.locator('[data-report="audit"] tr[data-action="signed_in"]').count(), 0);
		const waiterIn = page.locator('[data-report="accounts"] tr[data-action="signed_in"]', { hasText: "Maria Lopez" }).first();
		await waiterIn.waitFor();
		assert.match(await waiterIn.innerText(), /Signed in\tmaria\tMaria Lopez\t127\.0\.0\.1/i);
		await screenshot(page, "admin-reports", MODE);
		assert.deepEqual(errors, [], "no script errors on the admin pages");
	});

	it("the guest menu for the table shows the menu on a phone and marks an item sold out the moment it is 86'd", async () => {
		const context = await browser.newContext({
			baseURL: cluster.baseUrl,
			viewport: { width: 390, height: 844 },
			isMobile: true,
			hasTouch: true,
			deviceScaleFactor: 1,
		});
		const phone = await context.newPage();
		const guestErrors: string[] = [];
		phone.on("pageerror", err => guestErrors.push(err.message));
		let menuReads = 0;
		phone.on("request", r => void (r.method() === "GET" && new URL(r.url()).pathname === "/api/v1/menu" && menuReads++));
		try {
			await phone.goto(`/guest/?table=${patio.id}`);
			const { restaurantName } = (await http.get("/api/v1/settings")).body;
			await phone.getByRole("heading", { level: 1, name: restaurantName }).waitFor(WAIT);
			await phone.getByText("Table Patio 7").waitFor(WAIT);
			const dish = phone.locator(`li[data-item-id="${burger.id}"]`);
			await dish.waitFor(WAIT);
			assert.match(await dish.innerText(), /Truffle burger\s+\$12\.50\s+Aged beef, truffle mayo, brioche bun/);
			assert.equal(await dish.getAttribute("data-available"), "true");
			// The lemonade's category comes first, as the admin ordered it.
			assert.deepEqual(await phone.locator(".guest-category h2").allInnerTexts(), ["Drinks", "Mains"]);

			// Once the page's socket is in, 86 the burger from the API: the page changes without a reload.
			await phone.locator('header[data-live="on"]').waitFor(WAIT);
			// Read once on opening and once more when the socket is in (the core's first onResync): not a third time.
			assert.equal(menuReads, 2, "the guest page read the menu twice");
			await phone.evaluate(() => ((globalThis as any).__samePage = true));
			assert.equal((await http.patch(`/api/v1/menu/items/${burger.id}`, { available: false }, { token: admin })).status, 200);
			await phone.locator(`li[data-item-id="${burger.id}"][data-available="false"]`).waitFor(WAIT);
			assert.ok(await dish.getByText("Sold out").isVisible());
			assert.equal(await phone.evaluate(() => (globalThis as any).__samePage), true, "updated live, not reloaded");
			await screenshot(phone, "guest-menu", MODE);

			// And back on: the badge goes.
			await http.patch(`/api/v1/menu/items/${burger.id}`, { available: true }, { token: admin });
			await phone.locator(`li[data-item-id="${burger.id}"][data-available="true"]`).waitFor(WAIT);
			assert.deepEqual(guestErrors, []);
		} finally {
			await context.close();
		}
	});

	it("editing a dish's price while the kitchen 86es it keeps it sold out: the dialog sends only what the admin changed", async () => {
		const mains = (await menu()).find(c => c.name === "Mains")!;
		const made = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{ categoryId: mains.id, name: "Fries", priceCents: 450, station: "grill" },
			{ token: admin },
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		const fries = made.body;

		await page.goto("/admin/#menu");
		await page.reload(); // a fresh page: no toasts of the earlier steps over the buttons
		const row = page.locator(`tr[data-item-id="${fries.id}"]`);
		await page.locator(`tr[data-item-id="${fries.id}"][data-available="true"]`).waitFor(WAIT);
		await page.getByRole("button", { name: "Edit Fries" }).click();
		const dialog = page.getByRole("dialog", { name: "Edit Fries" });
		await dialog.waitFor(WAIT);

		// The kitchen runs out while the dialog is open; the list behind it shows the push.
		const out = await http.patch<MenuItem>(`/api/v1/menu/items/${fries.id}`, { available: false }, { token: cook.token });
		assert.equal(out.status, 200, JSON.stringify(out.body));
		await page.locator(`tr[data-item-id="${fries.id}"][data-available="false"]`).waitFor(WAIT);

		await dialog.getByLabel("Price").fill("4.75");
		const patch = page.waitForRequest(r => r.method() === "PATCH" && r.url().endsWith(`/api/v1/menu/items/${fries.id}`));
		await dialog.getByRole("button", { name: "Save item" }).click();
		const sent = (await patch).postDataJSON();
		await dialog.waitFor({ state: "detached", ...WAIT });

		const saved = (await menu()).flatMap(c => c.items).find(i => i.id === fries.id)!;
		assert.equal(saved.priceCents, 475);
		assert.equal(saved.available, false, "still 86'd after the admin saved the new price");
		assert.deepEqual(sent, { priceCents: 475 }, "the dialog sent only the changed price");
		await page.locator(`tr[data-item-id="${fries.id}"][data-available="false"]`).waitFor(WAIT);
		assert.match(await row.locator('[data-col="price"]').innerText(), /4\.75/);
		assert.equal(await page.getByRole("switch", { name: "Fries available" }).innerText(), "Sold out");
		assert.deepEqual(errors, [], "no script errors on the admin page");
	});

	it("GET /tables/:id/guest gives anyone the table's name and nothing more", async () => {
		const r = await http.get(`/api/v1/tables/${patio.id}/guest`);
		assert.equal(r.status, 200);
		assert.deepEqual(r.body, { id: patio.id, name: "Patio 7" });
		const missing = await http.get("/api/v1/tables/00000000-0000-4000-8000-000000000000/guest");
		assert.equal(missing.status, 404);
		assert.equal(missing.body.error.code, "TABLE_NOT_FOUND");
		assert.equal((await http.get("/api/v1/tables/not-a-uuid/guest")).status, 400);
	});
});
