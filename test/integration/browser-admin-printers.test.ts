// The admin's printers (Stations tab) and the Users tab at 1024 px, in real Chromium against a real Brigade: a kitchen
// printer added for a TCP listener playing it (a bad port first, said beside the Port field), listed OK and printing
// the grill's chits, offline as soon as it stops answering (the stations' push), its fallback set, then deleted; and
// the Users tab fits a 1024 × 768 tablet with every button on the screen. Embedded pass only (screenSuiteSkip).
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { screenSuiteSkip, launchBrowser, screenshot, signedInTablet } from "../helpers/browser";
import { overflowX, smallTargets, sticksOut } from "../helpers/layout";
import { FakePrinter } from "../helpers/printer";
import { until } from "../helpers/wait";

const WAIT = { timeout: 15_000 };

interface PrinterView {
	id: string;
	name: string;
	port: number;
	station: string | null;
	fallbackPrinterId: string | null;
	chits: string;
	status: string;
}

describe(`printers and the Users tab in the admin app, in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let browser: Browser;
	let context: BrowserContext;
	let page: Page;
	let errors: string[];
	const grill = new FakePrinter();
	let receiptsId: string;

	before(async () => {
		await grill.on();
		cluster = await startCluster({ env: { PRINTER_RETRY_MS: "100", PRINTER_TIMEOUT_MS: "500" } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
		// A receipt printer to fall back on, and a manager so the Users tab has every role.
		const receipts = await http.post<PrinterView>(
			"/api/v1/devices/printers",
			{ name: "Receipts", host: "127.0.0.1", port: grill.port, kind: "receipt" },
			{ token: r.token.admin },
		);
		assert.equal(receipts.status, 201, JSON.stringify(receipts.body));
		receiptsId = receipts.body.id;
		const manager = await http.post(
			"/api/v1/auth/register",
			{ username: "mia-manager", fullName: "Mia Manager-Longname", role: "manager", password: "manager-pass-1" },
			{ token: r.token.admin },
		);
		assert.equal(manager.status, 201, JSON.stringify(manager.body));
		browser = await launchBrowser();
		({ context, page, errors } = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/));
	});
	after(async () => {
		await context?.close();
		await browser?.close();
		await cluster?.stop();
		await grill.off();
	});

	const printers = async () => (await http.get<PrinterView[]>("/api/v1/devices/printers", { token: r.token.admin })).body;
	const named = async (name: string) => (await printers()).find(p => p.name === name);

	it("adds a kitchen printer (a bad port said beside the field), lists it OK and printing, edits its fallback, deletes it", async () => {
		await page.goto("/admin/#stations");
		const section = page.getByRole("region", { name: "Printers" });
		await section.locator('tr[data-printer="Receipts"]').waitFor(WAIT);

		await section.getByRole("button", { name: "Add printer" }).click();
		const add = page.getByRole("dialog", { name: "New printer" });
		await add.getByLabel("Name", { exact: true }).fill("Grill printer");
		await add.getByLabel(/^Address/).fill("127.0.0.1");
		await add.getByLabel("Port").fill("70000");
		await add.getByLabel(/^Prints/).selectOption("kitchen");
		// The stations the menu's dishes name.
		const offered = await add
			.getByLabel(/^Station/)
			.locator("option")
			.evaluateAll(os => os.map(o => (o as HTMLOptionElement).value));
		assert.deepEqual(offered, ["", "bar", "cold", "grill"]);
		await add.getByLabel(/^Station/).selectOption("grill");
		assert.ok(await add.getByLabel("Print every ticket").isChecked(), "every ticket by default");
		await add.getByRole("button", { name: "Add printer" }).click();
		const portError = add.locator('[data-field-error="port"]');
		await portError.waitFor(WAIT);
		assert.equal(await portError.textContent(), "Port must be at most 65535");
		assert.equal(await add.getByLabel("Port").getAttribute("aria-invalid"), "true");
		await screenshot(page, "admin-printer-port-error", "embedded");
		assert.deepEqual(await smallTargets(page, ".modal"), []);

		await add.getByLabel("Port").fill(String(grill.port));
		await add.getByRole("button", { name: "Add printer" }).click();
		await add.waitFor({ state: "detached", ...WAIT });
		const row = section.locator('tr[data-printer="Grill printer"]');
		await row.waitFor(WAIT);
		const made = (await named("Grill printer"))!;
		assert.deepEqual(
			[made.station, made.port, made.chits, made.fallbackPrinterId, made.status],
			["grill", grill.port, "all", null, "ok"],
		);
		assert.equal(await row.getAttribute("data-status"), "ok");
		assert.equal(await row.locator("[data-printer-status]").textContent(), "OK");
		assert.match((await row.textContent()) ?? "", new RegExp(`Chits for Grill.*127\\.0\\.0\\.1:${grill.port}.*Every ticket`));

		// It is a real printer: the grill's chit comes out of it, and nothing waits in its queue.
		await placeOrder(http, r, r.tables[0], [{ menuItemId: r.dish.burger.id, quantity: 1 }]);
		await until("the grill chit printed", () => grill.with("Burger").length === 1, 10_000);
		await row.locator('[data-queued="0"]').waitFor(WAIT);
		await page
			.locator(".toast")
			.first()
			.waitFor({ state: "detached", ...WAIT }); // "Grill printer added", over the list
		await section.evaluate(el => el.scrollIntoView({ block: "end" }));
		await screenshot(page, "admin-printers", "embedded");
		assert.deepEqual(await smallTargets(page, ".printers"), []);
		assert.equal(await overflowX(page), 0, (await sticksOut(page)).join("\n"));

		// Off: the next chit cannot go out, the station's push turns the row Offline with the job queued.
		await grill.off();
		await placeOrder(http, r, r.tables[1], [{ menuItemId: r.dish.steak.id, quantity: 1 }]);
		await section.locator('tr[data-printer="Grill printer"][data-status="offline"]').waitFor(WAIT);
		await section.evaluate(el => el.scrollIntoView({ block: "end" }));
		await screenshot(page, "admin-printers-offline", "embedded");
		await grill.on();
		await until("the backlog printed", () => grill.with("Steak").length === 1, 10_000);

		await row.getByRole("button", { name: "Edit printer Grill printer" }).click();
		const edit = page.getByRole("dialog", { name: "Edit Grill printer" });
		await edit.getByLabel(/^Fallback printer/).selectOption({ label: "Receipts" });
		await edit.getByLabel("Only tickets no screen confirmed").check();
		await screenshot(page, "admin-printer-edit", "embedded");
		await edit.getByRole("button", { name: "Save printer" }).click();
		await edit.waitFor({ state: "detached", ...WAIT });
		await until("the fallback shown", async () => (await row.locator("[data-fallback]").textContent()) === "Receipts", 10_000);
		const edited = (await named("Grill printer"))!;
		assert.deepEqual([edited.fallbackPrinterId, edited.chits, edited.port], [receiptsId, "unacknowledged", grill.port]);

		await row.getByRole("button", { name: "Delete printer Grill printer" }).click();
		await page.getByRole("dialog", { name: "Delete printer?" }).getByRole("button", { name: "Delete printer" }).click();
		await row.waitFor({ state: "detached", ...WAIT });
		assert.equal(await named("Grill printer"), undefined);
		assert.deepEqual(errors, []);
	});

	it("the Users tab fits a 1024 × 768 tablet: nothing past the right edge, every button on the screen", async () => {
		await page.setViewportSize({ width: 1024, height: 768 });
		await page.goto("/admin/#users");
		await page.locator('tr[data-username="mia-manager"]').waitFor(WAIT);
		await screenshot(page, "admin-users-1024", "embedded");
		const widths = await page.evaluate(() => ({ scroll: document.documentElement.scrollWidth, inner: window.innerWidth }));
		assert.ok(widths.scroll <= widths.inner, `${JSON.stringify(widths)}\n${(await sticksOut(page)).join("\n")}`);
		const outside = await page.evaluate(() =>
			Array.from(document.querySelectorAll("button, select, input"))
				.map(el => ({
					label: el.getAttribute("aria-label") || el.textContent?.trim() || el.tagName,
					box: el.getBoundingClientRect(),
				}))
				.filter(({ box }) => box.width && (box.left < 0 || box.right > window.innerWidth))
				.map(({ label, box }) => `${label}: ${Math.round(box.left)}–${Math.round(box.right)}`),
		);
		assert.deepEqual(outside, []);
		assert.deepEqual(await smallTargets(page, "#admin-panel"), []);
		assert.deepEqual(errors, []);
	});
});
