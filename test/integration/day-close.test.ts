// The day's close through the gateway: a manager opens the till with a float, a small service is paid in cash
// (with change) and by card (with a tip), cash is taken out for flowers, and the till is counted 0.50 short; the
// drawer's expected cash and the Z report agree with the test's own books to the cent, a second Z of the same
// day is the same Z, and reports come back as CSV that parses back to the same figures.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { launchBrowser, screenshot, screenSuiteSkip, signedInTablet } from "../helpers/browser";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, serveOrder, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import type { Bill, Drawer, Payment } from "../../contracts";

/** RFC 4180 back to rows: enough for what the reports write (quoted cells, doubled quotes, CRLF). */
function parseCsv(text: string): string[][] {
	const rows: string[][] = [];
	let row: string[] = [];
	let cell = "";
	let quoted = false;
	for (let i = 0; i < text.length; i++) {
		const c = text[i];
		if (quoted) {
			if (c === '"' && text[i + 1] === '"') {
				cell += '"';
				i++;
			} else if (c === '"') quoted = false;
			else cell += c;
		} else if (c === '"') quoted = true;
		else if (c === ",") {
			row.push(cell);
			cell = "";
		} else if (c === "\n") {
			row.push(cell.replace(/\r$/, ""));
			rows.push(row);
			row = [];
			cell = "";
		} else cell += c;
	}
	return rows;
}

describe(`the day's close: drawers, X and Z, reports as CSV — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let manager: string;

	before(async () => {
		cluster = await startCluster({ env: { TAX_RATE: "0.1", SERVICE_CHARGE_RATE: "0" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		const made = await http.post(
			"/api/v1/auth/register",
			{ username: `mgr-${Math.random().toString(36).slice(2, 8)}`, password: "password-123", fullName: "A manager", role: "manager" },
			{ token: r.token.admin },
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		manager = (await http.login(made.body.username, "password-123")).accessToken;
	});
	after(async () => {
		await cluster?.stop();
	});

	const served = async (table: number, items: { menuItemId: string; quantity: number }[]): Promise<Bill> => {
		const order = await placeOrder(http, r, r.tables[table], items);
		await serveOrder(http, r, order.id);
		const res = await http.post<Bill>("/api/v1/billing/bills", { tableId: r.tables[table].id }, { token: r.token.staff });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const pay = async (bill: Bill, body: Record<string, unknown>): Promise<Payment> => {
		const res = await http.post<Payment>(`/api/v1/billing/bills/${bill.id}/payments`, body, { token: r.token.staff });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};

	it("counts a till against the float, the cash taken and the cash-out; the Z matches the books, once", async () => {
		// Only a manager or an admin handles the till.
		assert.equal((await http.post("/api/v1/drawers/open", { floatCents: 100 }, { token: r.token.staff })).status, 403);
		const opened = await http.post<Drawer>("/api/v1/drawers/open", { name: "Front", floatCents: 20_000 }, { token: manager });
		assert.equal(opened.status, 201, JSON.stringify(opened.body));
		const again = await http.post("/api/v1/drawers/open", { name: "Front", floatCents: 5_000 }, { token: r.token.admin });
		assert.equal(again.status, 409, JSON.stringify(again.body));
		assert.equal(again.body.error.code, "DRAWER_ALREADY_OPEN");
		const drawer = opened.body;

		// Table 1 pays cash: 50.00 handed over, the change goes back. Table 2 pays by card with a 3.00 tip.
		const first = await served(0, [
			{ menuItemId: r.dish.burger.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 2 },
		]);
		const cash = await pay(first, { method: "cash", tenderedCents: 5_000 });
		assert.equal(cash.amountCents, first.totalCents);
		assert.equal(cash.changeCents, 5_000 - first.totalCents);
		const second = await served(1, [{ menuItemId: r.dish.steak.id, quantity: 1 }]);
		await pay(second, { method: "card", amountCents: second.totalCents, tipCents: 300, cardToken: "tok_visa" });

		const out = await http.post<Drawer>(
			`/api/v1/drawers/${drawer.id}/cash`,
			{ amountCents: -1_000, reason: "flowers" },
			{ token: manager },
		);
		assert.equal(out.status, 200, JSON.stringify(out.body));
		assert.equal(out.body.cashOutCents, 1_000);

		// The books: the float, the cash bill (the change never stayed), less the flowers.
		const expected = 20_000 + first.totalCents - 1_000;
		await until("the cash payment in the drawer", async () => {
			const open = await http.get<Drawer[]>("/api/v1/drawers?status=open", { token: manager });
			return open.body.find(d => d.id === drawer.id)?.expectedCents === expected;
		});
		const closed = await http.post<Drawer>(`/api/v1/drawers/${drawer.id}/close`, { countedCents: expected - 50 }, { token: manager });
		assert.equal(closed.status, 200, JSON.stringify(closed.body));
		assert.deepEqual(
			[
				closed.body.status,
				closed.body.floatCents,
				closed.body.cashPaymentsCents,
				closed.body.expectedCents,
				closed.body.differenceCents,
			],
			["closed", 20_000, first.totalCents, expected, -50],
		);
		assert.equal((await http.post(`/api/v1/drawers/${drawer.id}/close`, { countedCents: 1 }, { token: manager })).status, 409);
		const listed = await http.get<Drawer[]>("/api/v1/drawers?status=closed", { token: r.token.admin });
		assert.deepEqual(
			listed.body.map(d => d.id),
			[drawer.id],
		);

		// The X so far, once reporting has seen both sales and the count.
		const x = await until("both sales and the count in the X", async () => {
			const res = await http.get("/api/v1/reports/x", { token: manager });
			assert.equal(res.status, 200, JSON.stringify(res.body));
			return res.body.checks === 2 && res.body.drawers.length === 1 && res.body;
		});
		const gross = first.subtotalCents + second.subtotalCents;
		const z = await http.get("/api/v1/reports/z", { token: manager });
		assert.equal(z.status, 200, JSON.stringify(z.body));
		assert.equal(z.body.number, 1);
		assert.equal(z.body.date, x.date);
		const books = {
			checks: 2,
			covers: 0,
			grossCents: gross,
			discountCents: 0,
			refundCents: 0,
			netCents: gross,
			avgCheckCents: Math.round(gross / 2),
			tipCents: 300,
			drawerDifferenceCents: -50,
		};
		for (const [k, v] of Object.entries(books)) assert.equal(z.body[k], v, `Z ${k}`);
		assert.deepEqual(
			z.body.byMethod.map((m: { method: string; payments: number; amountCents: number; tipCents: number }) => [
				m.method,
				m.payments,
				m.amountCents,
				m.tipCents,
			]),
			[
				["cash", 1, first.totalCents, 0],
				["card", 1, second.totalCents, 300],
			],
		);
		assert.deepEqual(z.body.tipsByWaiter, [{ userId: r.userId.staff, fullName: "A staff", tipCents: 300 }]);
		assert.equal(z.body.byType.find((t: { type: string }) => t.type === "dine_in").grossCents, gross);
		assert.deepEqual(
			z.body.drawers.map((d: { name: string; expectedCents: number; countedCents: number }) => [
				d.name,
				d.expectedCents,
				d.countedCents,
			]),
			[["Front", expected, expected - 50]],
		);

		// A second Z of the same day is the first one; a day still to come has no Z.
		const zAgain = await http.get(`/api/v1/reports/z?date=${x.date}`, { token: r.token.admin });
		assert.equal(zAgain.status, 200);
		assert.deepEqual(zAgain.body, z.body);
		const future = await http.get(`/api/v1/reports/z?date=${Number(x.date.slice(0, 4)) + 1}${x.date.slice(4)}`, { token: manager });
		assert.equal(future.status, 400, JSON.stringify(future.body));
		assert.equal((await http.get("/api/v1/reports/z", { token: r.token.staff })).status, 403);
	});

	it("answers every report as CSV, the same rows as the JSON", async () => {
		const z = await http.get("/api/v1/reports/z?format=csv", { token: manager });
		assert.equal(z.status, 200);
		assert.match(z.headers.get("content-type") ?? "", /^text\/csv/);
		const pairs = new Map(parseCsv(z.body).map(([k, v]) => [k, v]));
		const json = (await http.get("/api/v1/reports/z", { token: manager })).body;
		assert.equal(pairs.get("key"), "value");
		assert.equal(pairs.get("grossCents"), String(json.grossCents));
		assert.equal(pairs.get("byMethod.cash.amountCents"), String(json.byMethod[0].amountCents));
		assert.equal(pairs.get("drawerDifferenceCents"), "-50");

		const sales = await http.get("/api/v1/reports/sales?format=csv", { token: r.token.admin });
		assert.equal(sales.status, 200);
		const [header, ...rows] = parseCsv(sales.body);
		const salesJson = (await http.get("/api/v1/reports/sales", { token: r.token.admin })).body;
		assert.equal(rows.length, salesJson.length);
		assert.equal(rows[0][header.indexOf("grossCents")], String(salesJson[0].grossCents));

		for (const report of ["best-sellers", "kitchen", "staff", "audit", "summary", "modifiers", "tables", "losses", "x"]) {
			const res = await http.get(`/api/v1/reports/${report}?format=csv`, { token: manager });
			assert.equal(res.status, 200, `${report}: ${res.status} ${res.body}`);
			assert.match(res.headers.get("content-type") ?? "", /^text\/csv/, report);
		}
	});

	it("shows the X and the Z on the Reports tab, with print and CSV buttons (Chromium)", { skip: screenSuiteSkip }, async () => {
		const browser = await launchBrowser();
		try {
			const { page } = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/);
			page.setDefaultTimeout(15_000);
			await page.goto("/admin/#reports");
			const section = page.getByRole("region", { name: "Day close" });
			await section.locator('[data-day="x"] [data-figure="drawer-difference"]').filter({ hasText: "-$0.50" }).waitFor();
			page.once("dialog", d => void d.accept());
			await section.getByRole("button", { name: "Close the day (Z)" }).click();
			await section.getByRole("heading", { name: /^Z 1 — / }).waitFor();
			await screenshot(page, "admin-day-close", "embedded");
			assert.equal(await section.getByRole("button", { name: "Print" }).count(), 1);
			assert.equal(await section.getByRole("button", { name: "Download CSV" }).count(), 2);
			const download = page.waitForEvent("download");
			await section.locator('[data-day="z"]').getByRole("button", { name: "Download CSV" }).click();
			assert.match((await download).suggestedFilename(), /^z-1-\d{4}-\d{2}-\d{2}\.csv$/);
		} finally {
			await browser.close();
		}
	});
});
