// Receipts by email through a real SMTP server (smtp-server, parsed with mailparser): a receipt arrives once with its
// plain-text and HTML parts; a server that refuses for a while, or is down, delays the message and never loses or
// doubles it; an event delivered twice, or a request retried with its Idempotency-Key, queues one message. A slow
// server holds no claim of a message not yet being sent, and a sender whose claim lapsed records nothing over the next.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import type { Knex } from "knex";
import { ADMIN, DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, serveOrder, type Restaurant } from "../helpers/restaurant";
import { startSmtp, type TestSmtp } from "../helpers/smtp";
import { until } from "../helpers/wait";
import type { Bill, MailMessage, ModifierGroup, Order, Table } from "../../contracts";
import { aBill } from "../fixtures/domain";
import { SCHEMAS } from "../../lib/config";
import type { DbMethods } from "../../mixins/db.mixin";
import * as repo from "../../services/mail/repository";

const VENUE = "Chez Brigade Test";

describe(`receipts by email over SMTP — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let smtp: TestSmtp;
	let sauce: ModifierGroup;
	let tableNo = 0;

	const admin = () => ({ token: r.token.admin });
	const staff = () => ({ token: r.token.staff });
	const address = () => `guest-${crypto.randomBytes(4).toString("hex")}@example.com`;
	const receivedBy = (to: string) => smtp.received.filter(m => m.to.includes(to));
	const messagesTo = async (to: string) =>
		(await http.get<MailMessage[]>("/api/v1/mail/messages?limit=500", admin())).body.filter(m => m.to === to);

	/** A table's steak (rare, béarnaise) and two beers, served, billed and paid: cash and a card with a tip. */
	async function paidBill(beforePaying?: (table: Table) => Promise<void>): Promise<Bill> {
		const table = r.tables[tableNo++] as Table;
		const steakOptions = [sauce.options.find(o => o.name === "Rare")!.id, sauce.options.find(o => o.name === "Bearnaise")!.id];
		const placed = await http.post<Order>(
			"/api/v1/orders",
			{
				tableId: table.id,
				items: [
					{ menuItemId: r.dish.steak.id, quantity: 1, modifiers: [{ groupId: sauce.id, optionIds: steakOptions }] },
					{ menuItemId: r.dish.beer.id, quantity: 2 },
				],
			},
			staff(),
		);
		assert.equal(placed.status, 201, JSON.stringify(placed.body));
		await beforePaying?.(table);
		await serveOrder(http, r, placed.body.id);
		const billed = await http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, staff());
		assert.equal(billed.status, 201, JSON.stringify(billed.body));
		const bill = billed.body;
		const cash = await http.post(`/api/v1/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: 1000 }, staff());
		assert.equal(cash.status, 201, JSON.stringify(cash.body));
		const card = await http.post(
			`/api/v1/billing/bills/${bill.id}/payments`,
			{ method: "card", amountCents: bill.totalCents - 1000, tipCents: 700 },
			staff(),
		);
		assert.equal(card.status, 201, JSON.stringify(card.body));
		return (await http.get<Bill>(`/api/v1/billing/bills/${bill.id}`, staff())).body;
	}

	const askReceipt = (billId: string, email: string, headers: Record<string, string> = {}) =>
		http.post(`/api/v1/billing/bills/${billId}/receipt-email`, { email }, { ...staff(), headers });

	before(async () => {
		smtp = await startSmtp();
		cluster = await startCluster({
			env: { SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: "1", RESTAURANT_NAME: VENUE, TAX_RATE: "0.1", SERVICE_CHARGE_RATE: "0.05" },
		});
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 8);
		const made = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{ name: "Steak", minChoices: 1, maxChoices: 2, options: [{ name: "Rare" }, { name: "Bearnaise", priceDeltaCents: 200 }] },
			admin(),
		);
		assert.equal(made.status, 201, JSON.stringify(made.body));
		sauce = made.body;
		const linked = await http.patch(`/api/v1/menu/items/${r.dish.steak.id}`, { modifierGroupIds: [sauce.id] }, admin());
		assert.equal(linked.status, 200, JSON.stringify(linked.body));
	});
	after(async () => {
		await cluster?.stop();
		await smtp?.stop();
	});

	it("a receipt reaches the SMTP server once: text and HTML with the venue, lines, options, taxes, tip and payments", async () => {
		const bill = await paidBill();
		assert.equal(bill.status, "paid");
		const to = address();
		const res = await askReceipt(bill.id, to.toUpperCase());
		assert.equal(res.status, 202, JSON.stringify(res.body));
		assert.deepEqual(res.body, { queued: true });

		const [got] = await until("the receipt at the SMTP server", () => receivedBy(to).length > 0 && receivedBy(to));
		// The sweeper keeps running: still one a while later.
		await new Promise(resolve => setTimeout(resolve, 2500));
		assert.equal(receivedBy(to).length, 1);
		const [row] = await messagesTo(to);
		assert.equal(row.status, "sent");
		assert.equal(row.attempts, 1);
		assert.equal(got.mail.messageId, row.messageId);

		const { text, html, subject } = got.mail;
		assert.ok(typeof text === "string" && typeof html === "string", "a plain-text and an HTML part");
		assert.match(subject ?? "", new RegExp(VENUE));
		const money = (c: number) => `$${(c / 100).toFixed(2)}`;
		const card = bill.payments.find(p => p.method === "card")!;
		for (const part of [text, html.replace(/&#39;/g, "'")]) {
			assert.ok(part.includes(VENUE), "venue");
			assert.ok(part.includes("1 × Steak") && part.includes("2 × Beer"), "lines");
			assert.ok(part.includes("Rare") && part.includes(`Bearnaise (+${money(200)})`), "options");
			assert.ok(part.includes("Subtotal") && part.includes(money(bill.subtotalCents)), "subtotal");
			assert.ok(part.includes("Taxes") && part.includes(money(bill.taxCents)), "taxes");
			assert.ok(part.includes("Service charge") && part.includes(money(bill.serviceChargeCents)), "service charge");
			assert.ok(part.includes("Tip") && part.includes(money(700)), "tip");
			assert.ok(part.includes("Cash") && part.includes(money(1000)), "cash payment");
			assert.ok(part.includes("Card") && part.includes(money(card.amountCents)), "card payment");
			assert.ok(part.includes(money(bill.totalCents)), "total");
		}
		assert.ok(bill.taxCents > 0 && bill.serviceChargeCents > 0);
	});

	it("a mail server answering 451 for a while delays the receipt; it is then delivered once", async () => {
		const bill = await paidBill();
		const to = address();
		smtp.refuse(451);
		try {
			assert.equal((await askReceipt(bill.id, to)).status, 202);
			const [queued] = await until("a refused attempt", async () => {
				const rows = await messagesTo(to);
				return rows.length > 0 && rows[0].status === "queued" && rows[0].attempts >= 2 && rows;
			});
			assert.match(queued.lastError ?? "", /451/);
			assert.equal(receivedBy(to).length, 0);
		} finally {
			smtp.refuse(null);
		}
		await until("the receipt after the refusals", () => receivedBy(to).length);
		await new Promise(resolve => setTimeout(resolve, 2500));
		assert.equal(receivedBy(to).length, 1);
		const [row] = await messagesTo(to);
		assert.equal(row.status, "sent");
		assert.ok(row.attempts >= 3, `attempts ${row.attempts}`);
	});

	it("a mail server that is down delays the receipt; once it is back the receipt arrives once", async () => {
		const bill = await paidBill();
		const to = address();
		await smtp.stop();
		try {
			assert.equal((await askReceipt(bill.id, to)).status, 202);
			const [queued] = await until("a failed attempt while the server is down", async () => {
				const rows = await messagesTo(to);
				return rows.length > 0 && rows[0].status === "queued" && rows[0].attempts >= 2 && rows;
			});
			assert.ok(queued.lastError, "the failure is kept");
			assert.ok(queued.nextAttemptAt && new Date(queued.nextAttemptAt) > new Date(queued.createdAt));
		} finally {
			await smtp.start();
		}
		await until("the receipt once the server is back", () => receivedBy(to).length, 20_000);
		await new Promise(resolve => setTimeout(resolve, 2500));
		assert.equal(receivedBy(to).length, 1);
		assert.equal((await messagesTo(to))[0].status, "sent");
	});

	it("an event delivered twice, or a request retried with its Idempotency-Key, queues one message", async () => {
		const bill = await paidBill();
		const to = address();
		const event = {
			eventId: crypto.randomUUID(),
			type: "receipt.requested",
			at: new Date().toISOString(),
			source: "billing",
			data: { bill, email: to, by: { kind: "user", id: r.userId.staff } },
		};
		const broker = cluster.brokerOf("billing") as unknown as { sendToChannel(t: string, p: unknown): Promise<void> };
		await broker.sendToChannel("receipt.requested", event);
		await broker.sendToChannel("receipt.requested", event);
		await until("the redelivered receipt", () => receivedBy(to).length);

		const retried = address();
		const key = crypto.randomUUID();
		assert.equal((await askReceipt(bill.id, retried, { "Idempotency-Key": key })).status, 202);
		assert.equal((await askReceipt(bill.id, retried, { "Idempotency-Key": key })).status, 202);
		await until("the retried request's receipt", () => receivedBy(retried).length);

		await new Promise(resolve => setTimeout(resolve, 2500));
		assert.equal(receivedBy(to).length, 1);
		assert.equal((await messagesTo(to)).length, 1);
		assert.equal(receivedBy(retried).length, 1);
		assert.equal((await messagesTo(retried)).length, 1);
	});

	it("a guest has its own table's receipt mailed after paying; another table's bill is unknown to it", async () => {
		const guestAt = async (table: Table) => {
			const res = await http.post<{ guestToken: string }>("/api/v1/guest/sessions", { tableId: table.id });
			assert.equal(res.status, 201, JSON.stringify(res.body));
			return res.body.guestToken;
		};
		let mine = "";
		const bill = await paidBill(async table => {
			mine = await guestAt(table);
		});
		let stranger = "";
		const other = await paidBill(async table => {
			stranger = await guestAt(table);
		});
		const to = address();
		const asked = await http.post(`/api/v1/billing/bills/${bill.id}/receipt-email`, { email: to }, { token: mine });
		assert.equal(asked.status, 202, JSON.stringify(asked.body));
		await until("the guest's receipt", () => receivedBy(to).length > 0);
		const [row] = await messagesTo(to);
		assert.equal(row.kind, "receipt");

		const nosy = await http.post(`/api/v1/billing/bills/${bill.id}/receipt-email`, { email: address() }, { token: stranger });
		assert.equal(nosy.status, 404, JSON.stringify(nosy.body));
		assert.equal(nosy.body.error.code, "BILL_NOT_FOUND");
		assert.equal(
			(await http.post(`/api/v1/billing/bills/${other.id}/receipt-email`, { email: address() }, { token: stranger })).status,
			202,
		);
		// A guest reads no bill through the staff's routes.
		assert.equal((await http.get(`/api/v1/billing/bills/${bill.id}`, { token: mine })).status, 403);
	});

	it("refuses a malformed address, an unknown bill, the kitchen, and more than 5 receipts of one bill in 15 minutes", async () => {
		const bill = await paidBill();
		const bad = await askReceipt(bill.id, "not-an-address");
		assert.equal(bad.status, 400);
		assert.ok(JSON.stringify(bad.body.error.details).includes("email"));
		assert.equal((await askReceipt(crypto.randomUUID(), address())).status, 404);
		const kitchen = await http.post(`/api/v1/billing/bills/${bill.id}/receipt-email`, { email: address() }, { token: r.token.kitchen });
		assert.equal(kitchen.status, 403);
		for (let i = 0; i < 5; i++) assert.equal((await askReceipt(bill.id, address())).status, 202);
		const limited = await askReceipt(bill.id, address());
		assert.equal(limited.status, 429);
		assert.equal(limited.body.error.code, "RATE_LIMITED");
	});
});

describe(`two mail nodes share one queue — ${MODE}`, { skip: DISTRIBUTED ? false : "two mail nodes need the distributed mode" }, () => {
	it("every receipt is sent once though both nodes' sweepers claim from the same queue", async () => {
		const smtp = await startSmtp();
		const cluster = await startCluster({
			env: { SMTP_URL: smtp.url, MAIL_RETRY_SECONDS: "1" },
			split: [
				["auth", "approval", "mail"],
				["table", "menu", "order", "guest"],
				["kitchen", "device"],
				["billing", "drawer", "reporting", "notification", "mail"],
				["api"],
			],
		});
		try {
			const http = client(cluster.baseUrl);
			const { accessToken } = await http.login(ADMIN.username, ADMIN.password);
			const broker = cluster.brokerOf("billing") as unknown as { sendToChannel(t: string, p: unknown): Promise<void> };
			const bill = aBill({ id: crypto.randomUUID(), status: "paid", paidAt: new Date().toISOString() });
			const to = Array.from({ length: 30 }, (_, i) => `many-${i}@example.com`);
			await Promise.all(
				to.map(email =>
					broker.sendToChannel("receipt.requested", {
						eventId: crypto.randomUUID(),
						type: "receipt.requested",
						at: new Date().toISOString(),
						source: "billing",
						data: { bill, email, by: { kind: "user", id: "test" } },
					}),
				),
			);
			await until("every receipt at the SMTP server", () => to.every(email => smtp.received.some(m => m.to.includes(email))), 20_000);
			await new Promise(resolve => setTimeout(resolve, 2500));
			assert.equal(smtp.received.length, to.length);
			const sent = (await http.get<MailMessage[]>("/api/v1/mail/messages?status=sent&limit=500", { token: accessToken })).body;
			assert.equal(sent.length, to.length);
			assert.ok(sent.every(m => m.attempts === 1));
		} finally {
			await cluster.stop();
			await smtp.stop();
		}
	});
});

describe(`mail without SMTP_URL (npm start's default) — ${MODE}`, () => {
	it("a receipt is written to the log and counts as sent: nothing waits for a server that is not there", async () => {
		const cluster = await startCluster();
		try {
			assert.equal(cluster.config.mail.smtpUrl, undefined);
			const http = client(cluster.baseUrl);
			const { accessToken } = await http.login(ADMIN.username, ADMIN.password);
			const broker = cluster.brokerOf("billing") as unknown as { sendToChannel(t: string, p: unknown): Promise<void> };
			await broker.sendToChannel("receipt.requested", {
				eventId: crypto.randomUUID(),
				type: "receipt.requested",
				at: new Date().toISOString(),
				source: "billing",
				data: { bill: aBill({ id: crypto.randomUUID() }), email: "nobody@example.com", by: { kind: "user", id: "test" } },
			});
			const [row] = await until("the logged receipt", async () => {
				const rows = (await http.get<MailMessage[]>("/api/v1/mail/messages", { token: accessToken })).body;
				return rows.length > 0 && rows[0].status === "sent" && rows;
			});
			assert.equal(row.to, "nobody@example.com");
			assert.equal(row.attempts, 1);
		} finally {
			await cluster.stop();
		}
	});
});

describe(`a slow mail server — ${MODE}`, () => {
	it("each message is claimed only when its turn comes, so no claim waits in line behind a slow send", async () => {
		// Every message takes the server 600 ms to accept: a queue of four takes seconds to go out.
		const received: string[] = [];
		const server = new SMTPServer({
			disabledCommands: ["STARTTLS", "AUTH"],
			authOptional: true,
			logger: false,
			onData(stream, session, callback) {
				stream.resume();
				stream.on("end", () =>
					setTimeout(() => {
						received.push(...session.envelope.rcptTo.map(r => r.address));
						callback();
					}, 600),
				);
			},
		});
		await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
		const port = (server.server.address() as AddressInfo).port;
		const cluster = await startCluster({ env: { SMTP_URL: `smtp://127.0.0.1:${port}`, MAIL_RETRY_SECONDS: "1" } });
		try {
			const http = client(cluster.baseUrl);
			const { accessToken } = await http.login(ADMIN.username, ADMIN.password);
			const broker = cluster.brokerOf("billing") as unknown as { sendToChannel(t: string, p: unknown): Promise<void> };
			const to = Array.from({ length: 4 }, (_, i) => `slow-${i}@example.com`);
			for (const email of to) {
				await broker.sendToChannel("receipt.requested", {
					eventId: crypto.randomUUID(),
					type: "receipt.requested",
					at: new Date().toISOString(),
					source: "billing",
					data: { bill: aBill({ id: crypto.randomUUID() }), email, by: { kind: "user", id: "test" } },
				});
			}
			let mostClaimed = 0;
			await until(
				"every message at the slow server",
				async () => {
					const rows = (await http.get<MailMessage[]>("/api/v1/mail/messages", { token: accessToken })).body;
					mostClaimed = Math.max(mostClaimed, rows.filter(m => m.status === "sending").length);
					return rows.length === to.length && rows.every(m => m.status === "sent");
				},
				20_000,
			);
			assert.equal(mostClaimed, 1, "one message claimed at a time");
			assert.deepEqual([...received].sort(), to);
		} finally {
			await cluster.stop();
			await new Promise<void>(resolve => server.close(() => resolve()));
		}
	});
});

describe(`a sender whose claim lapsed — ${MODE}`, () => {
	let cluster: TestCluster;
	let db: Knex;
	// The queue's own SQL on this mode's database, in a schema of its own that no sweeper reads.
	const schema = `mail_claims_${crypto.randomBytes(4).toString("hex")}`;
	const t: repo.Tables = name => db.withSchema(schema).table(name);
	const queue = (kind: "receipt" | "invite", sensitive: boolean) =>
		repo.insert(t, {
			idempotencyKey: crypto.randomUUID(),
			kind,
			to: `${kind}@example.com`,
			subject: kind,
			text: "http://pos/account/?activate=SECRET",
			html: "<a href='http://pos/account/?activate=SECRET'>SECRET</a>",
			sensitive,
			messageId: id => `<${id}@example.com>`,
		});
	const rowsOf = async () => (await t("messages").orderBy("next_attempt_at")) as repo.MessageRow[];
	const lapse = (id: string) =>
		t("messages")
			.where({ id })
			.update({ claimed_until: db.raw("now() - interval '1 second'") });

	before(async () => {
		cluster = await startCluster();
		db = (cluster.brokerOf("mail").getLocalService("mail") as unknown as DbMethods).db as unknown as Knex;
		await db.raw("create schema ??", [schema]);
		await db.raw("create table ??.messages (like ??.messages including all)", [schema, SCHEMAS.mail]);
	});
	after(async () => {
		await db?.raw("drop schema if exists ?? cascade", [schema]);
		await cluster?.stop();
	});

	it("records nothing over the claim that took the message again: the newer sender's outcome stands", async () => {
		await queue("receipt", false);
		await queue("receipt", false);

		const first = (await repo.claimNext(db, schema, 120))!;
		assert.equal(first.attempts, 1);
		assert.deepEqual((await rowsOf()).map(r => r.status).sort(), ["queued", "sending"], "one claim takes one message");
		await lapse(first.id);
		const again = (await repo.claimNext(db, schema, 120))!;
		assert.equal(again.id, first.id, "a lapsed claim is taken again");
		assert.equal(again.attempts, 2);

		// The first sender comes back from its slow server: neither outcome of its send touches the newer claim.
		assert.equal(await repo.markFailedAttempt(t, first, { status: "queued", error: "451 late", nextAttemptAt: new Date() }), false);
		assert.equal(await repo.markSent(t, first), false);
		const during = (await rowsOf()).find(r => r.id === first.id)!;
		assert.equal(during.status, "sending");
		assert.equal(during.last_error, null);

		assert.equal(await repo.markSent(t, again), true);
		assert.equal((await rowsOf()).find(r => r.id === first.id)!.status, "sent");
	});

	it("an account message forgets its link once sent or given up; a receipt keeps its body", async () => {
		await t("messages").delete();
		await queue("invite", true);
		await queue("invite", true);
		await queue("receipt", false);

		const sent = (await repo.claimNext(db, schema, 120))!;
		assert.equal(await repo.markSent(t, sent), true);
		const givenUp = (await repo.claimNext(db, schema, 120))!;
		assert.equal(await repo.markFailedAttempt(t, givenUp, { status: "failed", error: "550 RCPT no such user" }), true);
		const receipt = (await repo.claimNext(db, schema, 120))!;
		assert.equal(await repo.markFailedAttempt(t, receipt, { status: "failed", error: "550 RCPT no such user" }), true);

		const rows = await rowsOf();
		assert.deepEqual(
			rows.map(r => [r.kind, r.status, r.text_body.includes("SECRET"), r.html_body.includes("SECRET")]),
			[
				["invite", "sent", false, false],
				["invite", "failed", false, false],
				["receipt", "failed", true, true],
			],
		);
	});
});
