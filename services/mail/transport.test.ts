// Without SMTP_URL a message is written to the log and counts as sent; an account message's link never is.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { LoggerInstance } from "moleculer";
import { createSender } from "./transport";

function recorder() {
	const lines: string[] = [];
	const log = (...args: unknown[]) => lines.push(args.map(String).join(" "));
	const logger = { info: log, warn: log, error: log, debug: log, trace: log, fatal: log } as unknown as LoggerInstance;
	return { lines, logger };
}
const message = {
	from: "Brigade <no-reply@localhost>",
	to: "guest@example.com",
	subject: "Your receipt",
	messageId: "<m@localhost>",
	html: "<p>x</p>",
};

describe("mail without a server", () => {
	it("logs a receipt with its text", async () => {
		const { lines, logger } = recorder();
		const sender = createSender(undefined, logger);
		assert.equal(sender.kind, "log");
		await sender.send({ ...message, text: "1 × Steak  $30.00", sensitive: false });
		assert.equal(lines.length, 1);
		assert.match(lines[0], /guest@example\.com.*Your receipt[\s\S]*1 × Steak/);
	});

	it("logs that an account message exists, never its link", async () => {
		const { lines, logger } = recorder();
		await createSender(undefined, logger).send({ ...message, text: "http://pos/account/?reset=SECRET", sensitive: true });
		assert.equal(lines.length, 1);
		assert.ok(!lines[0].includes("SECRET"));
		assert.match(lines[0], /not logged/);
	});

	it("sends over SMTP when SMTP_URL is set", () => {
		const sender = createSender("smtp://127.0.0.1:2525", recorder().logger);
		assert.equal(sender.kind, "smtp");
		sender.close();
	});
});
