// Account mail in Chromium: an admin invites a waiter from the Users tab, the waiter opens the mailed link, chooses a
// password and signs in; later the waiter forgets it, asks from the sign-in page's "Forgot password?", and sets a new
// one from the second mail. A link used once says so the second time. Real SMTP server, real gateway.
import assert from "node:assert/strict";
import { after, before, describe, it } from "node:test";
import type { Browser } from "playwright-core";
import { ADMIN, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { launchBrowser, screenSuiteSkip, screenshot, signedInTablet, tablet } from "../helpers/browser";
import { startSmtp, type TestSmtp } from "../helpers/smtp";
import { until } from "../helpers/wait";

const WAIT = { timeout: 15_000 };

describe(`account mail in Chromium — ${MODE}`, { skip: screenSuiteSkip }, () => {
	let browser: Browser;
	let cluster: TestCluster;
	let http: Client;
	let smtp: TestSmtp;

	/** The path of the link in the `n`-th message to `to` (the host is PUBLIC_URL's; the test's gateway is elsewhere). */
	async function linkPath(to: string, n: number): Promise<string> {
		const mail = await until(`mail ${n} to ${to}`, () => {
			const all = smtp.received.filter(m => m.to.includes(to));
			return all.length >= n && all[n - 1];
		});
		return /\/account\/\?(?:activate|reset)=[A-Za-z0-9_-]+/.exec(mail.mail.text ?? "")![0];
	}

	before(async () => {
		smtp = await startSmtp();
		cluster = await startCluster({ env: { SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: "1" } });
		http = client(cluster.baseUrl);
		browser = await launchBrowser();
	});
	after(async () => {
		await browser?.close();
		await cluster?.stop();
		await smtp?.stop();
	});

	it("invited from the Users tab, the waiter sets a password from the mail and signs in", async () => {
		const admin = await signedInTablet(browser, cluster.baseUrl, ADMIN, /\/admin\/$/);
		try {
			await admin.page.goto("/admin/#users");
			const form = admin.page.getByRole("form", { name: "New user" });
			await form.getByLabel("Username").fill("ines");
			await form.getByLabel("Full name").fill("Ines Invited");
			await form.getByLabel("Role").selectOption("staff");
			await form.getByLabel("Email").fill("ines@example.com");
			await form.getByRole("button", { name: "Invite by email" }).click();
			await admin.page.locator('tr[data-username="ines"][data-active="false"]').waitFor(WAIT);
			await admin.page.locator('tr[data-username="ines"] [data-email="ines@example.com"]').waitFor(WAIT);
			await screenshot(admin.page, "account-users-invited", MODE);
			assert.deepEqual(admin.errors, []);
		} finally {
			await admin.context.close();
		}

		const phone = await tablet(browser, cluster.baseUrl);
		try {
			const path = await linkPath("ines@example.com", 1);
			await phone.page.goto(path);
			const choose = phone.page.getByRole("form", { name: "Choose your password" });
			await choose.getByLabel("New password").fill("ines-password-1");
			await choose.getByLabel("Repeat it").fill("ines-password-1");
			// The token is gone from the address bar once the page read it.
			assert.ok(!phone.page.url().includes("activate="), phone.page.url());
			await screenshot(phone.page, "account-activate", MODE);
			await choose.getByRole("button", { name: "Activate my account" }).click();
			await phone.page.getByText("Your account is ready").waitFor(WAIT);
			await phone.page.getByRole("link", { name: "Sign in" }).click();
			await phone.page.getByLabel("Username").fill("ines");
			await phone.page.getByLabel("Password").fill("ines-password-1");
			await phone.page.getByRole("button", { name: "Sign in" }).click();
			await phone.page.waitForURL(/\/floor\//, WAIT);

			// The same link again: refused, in words.
			const again = await tablet(browser, cluster.baseUrl);
			await again.page.goto(path);
			const form = again.page.getByRole("form", { name: "Choose your password" });
			await form.getByLabel("New password").fill("other-password-1");
			await form.getByLabel("Repeat it").fill("other-password-1");
			await form.getByRole("button", { name: "Activate my account" }).click();
			await again.page.getByText("expired or was used already").waitFor(WAIT);
			await again.context.close();
			assert.deepEqual(phone.errors, []);
		} finally {
			await phone.context.close();
		}
	});

	it("Forgot password? on the sign-in page mails a link that sets a new password", async () => {
		const phone = await tablet(browser, cluster.baseUrl);
		try {
			await phone.page.goto("/");
			await phone.page.getByRole("link", { name: "Forgot password?" }).click();
			const ask = phone.page.getByRole("form", { name: "Forgot password" });
			await ask.getByLabel("Username or email").fill("INES@example.com");
			await ask.getByRole("button", { name: "Send me a link" }).click();
			await phone.page.getByText("If an account matches").waitFor(WAIT);
			await screenshot(phone.page, "account-forgot-sent", MODE);

			await phone.page.goto(await linkPath("ines@example.com", 2));
			const choose = phone.page.getByRole("form", { name: "Choose a new password" });
			await choose.getByLabel("New password").fill("ines-password-2");
			await choose.getByLabel("Repeat it").fill("ines-password-2");
			await choose.getByRole("button", { name: "Set password" }).click();
			await phone.page.getByText("Your password is changed").waitFor(WAIT);
			assert.equal((await http.post("/api/v1/auth/login", { username: "ines", password: "ines-password-1" })).status, 401);
			await http.login("ines", "ines-password-2");
			assert.deepEqual(phone.errors, []);
		} finally {
			await phone.context.close();
		}
	});
});
