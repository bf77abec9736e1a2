// A local stand-in for Stripe's API for the tests: a node:http server answering the routes the official SDK calls
// (form-encoded requests, JSON answers shaped like Stripe's, idempotency keys honoured), a checkout page per
// session with Pay and Cancel buttons, and webhooks signed with the SDK's own test helper. Brigade talks to it
// through the real `stripe` package, pointed here by STRIPE_API_URL.
import crypto from "node:crypto";
import http from "node:http";
import type { AddressInfo } from "node:net";
import Stripe from "stripe";

export interface FakeSession {
	id: string;
	object: "checkout.session";
	mode: "payment";
	status: "open" | "complete" | "expired";
	payment_status: "unpaid" | "paid";
	amount_total: number;
	amount_subtotal: number;
	currency: string;
	client_reference_id: string | null;
	metadata: Record<string, string>;
	payment_intent: string | null;
	success_url: string | null;
	cancel_url: string | null;
	expires_at: number;
	created: number;
	url: string | null;
	livemode: false;
}

export interface FakePaymentIntent {
	id: string;
	object: "payment_intent";
	amount: number;
	amount_received: number;
	currency: string;
	status: "succeeded" | "requires_payment_method" | "canceled";
	metadata: Record<string, string>;
	last_payment_error: { message: string; code: string } | null;
	created: number;
	livemode: false;
}

export interface FakeRefund {
	id: string;
	object: "refund";
	amount: number;
	currency: string;
	payment_intent: string;
	status: "succeeded" | "failed";
	metadata: Record<string, string>;
	created: number;
}

export interface StripeEvent {
	id: string;
	object: "event";
	type: string;
	api_version: string;
	created: number;
	livemode: false;
	pending_webhooks: number;
	request: { id: null; idempotency_key: null };
	data: { object: Record<string, unknown> };
}

export interface Delivery {
	event: StripeEvent;
	/** The gateway's answer to the webhook (0 when nothing was listening). */
	status: number;
	body: string;
}

export interface FakeStripe {
	/** For startCluster({env}): PAYMENT_PROVIDER=stripe, STRIPE_SECRET_KEY, STRIPE_WEBHOOK_SECRET, STRIPE_API_URL. */
	env: Record<string, string>;
	url: string;
	secretKey: string;
	webhookSecret: string;
	sessions: Map<string, FakeSession>;
	paymentIntents: Map<string, FakePaymentIntent>;
	refunds: Map<string, FakeRefund>;
	/** Every API request received (method, path, idempotency key), for tests that check what the SDK sent. */
	requests: { method: string; path: string; idempotencyKey: string | null; body: Record<string, unknown> }[];
	/** Every webhook sent, with the gateway's answer. */
	deliveries: Delivery[];
	/** Where webhooks go: the gateway's `/api/v1/billing/webhooks/stripe`. */
	setWebhookUrl(url: string): void;
	/** The customer paid: the session completes (a succeeded payment intent) and the signed webhook is posted. */
	pay(sessionId: string, opts?: { webhook?: boolean }): Promise<Delivery | undefined>;
	/** The session expires (or the customer cancelled): `checkout.session.expired` is posted. */
	expire(sessionId: string, opts?: { webhook?: boolean }): Promise<Delivery | undefined>;
	/** Builds an event around an object (a session or a payment intent), as Stripe would send it. */
	event(type: string, object: object): StripeEvent;
	/** Posts an event, signed with the webhook secret (or, `forge`, with another secret). */
	send(event: StripeEvent, opts?: { forge?: boolean; timestamp?: number }): Promise<Delivery>;
	/** Makes the API answer 503 to every request until called again with false (a provider that is down). */
	down(isDown: boolean): void;
	stop(): Promise<void>;
}

const API_VERSION = "2025-01-01";
const now = () => Math.floor(Date.now() / 1000);
const newId = (prefix: string) => `${prefix}_test_${crypto.randomBytes(12).toString("hex")}`;

/** `a[b][0][c]=v` → {a: {b: {"0": {c: "v"}}}}: how the SDK encodes parameters (arrays come as indexed keys). */
export function parseForm(body: string): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (const [rawKey, value] of new URLSearchParams(body)) {
		const parts = rawKey.split(/\[|\]\[|\]/).filter(p => p !== "");
		let at = out;
		for (const [i, part] of parts.entries()) {
			if (i === parts.length - 1) at[part] = value;
			else {
				at[part] ??= {};
				at = at[part] as Record<string, unknown>;
			}
		}
	}
	return out;
}

const html = (s: string) => s.replace(/[&<>"']/g, c => `&#${c.charCodeAt(0)};`);

export async function startFakeStripe(): Promise<FakeStripe> {
	const secretKey = `sk_test_${crypto.randomBytes(12).toString("hex")}`;
	const webhookSecret = `whsec_${crypto.randomBytes(16).toString("hex")}`;
	// Only its webhook helpers are used here (generateTestHeaderString): no request goes through this client.
	const sdk = new Stripe(secretKey);
	let webhookUrl = "";
	let isDown = false;
	const sessions = new Map<string, FakeSession>();
	const paymentIntents = new Map<string, FakePaymentIntent>();
	const refunds = new Map<string, FakeRefund>();
	// Stripe keeps the first answer to a key for 24 hours; a retry gets it again, nothing is done twice.
	const answered = new Map<string, { status: number; body: unknown }>();
	let base = "";

	const fail = (status: number, message: string, type = "invalid_request_error", code?: string) => ({
		status,
		body: { error: { type, message, ...(code && { code }) } },
	});
	const noSuch = (what: string, id: string) => fail(404, `No such ${what}: '${id}'`, "invalid_request_error", "resource_missing");

	function createSession(p: Record<string, any>) {
		const items = Object.values((p.line_items ?? {}) as Record<string, any>);
		if (!items.length) return fail(400, "Missing required param: line_items.");
		if (p.mode !== "payment") return fail(400, "Only mode=payment is faked here");
		let amount = 0;
		let currency = "";
		for (const item of items) {
			const pd = item.price_data ?? {};
			const unit = Number(pd.unit_amount);
			const qty = Number(item.quantity ?? 1);
			if (!Number.isInteger(unit) || unit < 1) return fail(400, "Invalid integer: line_items[0][price_data][unit_amount]");
			if (!pd.currency) return fail(400, "Missing required param: line_items[0][price_data][currency].");
			amount += unit * qty;
			currency = String(pd.currency).toLowerCase();
		}
		const expiresAt = p.expires_at ? Number(p.expires_at) : now() + 24 * 3600;
		if (expiresAt < now() + 30 * 60 - 5 || expiresAt > now() + 24 * 3600 + 5)
			return fail(400, "The `expires_at` timestamp must be between 30 minutes and 24 hours from now.");
		const id = newId("cs");
		const session: FakeSession = {
			id,
			object: "checkout.session",
			mode: "payment",
			status: "open",
			payment_status: "unpaid",
			amount_total: amount,
			amount_subtotal: amount,
			currency,
			client_reference_id: p.client_reference_id ?? null,
			metadata: (p.metadata ?? {}) as Record<string, string>,
			payment_intent: null,
			success_url: p.success_url ?? null,
			cancel_url: p.cancel_url ?? null,
			expires_at: expiresAt,
			created: now(),
			url: `${base}/pay/${id}`,
			livemode: false,
		};
		sessions.set(id, session);
		return { status: 200, body: session };
	}

	function createPaymentIntent(p: Record<string, any>) {
		const amount = Number(p.amount);
		if (!Number.isInteger(amount) || amount < 1) return fail(400, "Invalid integer: amount");
		if (!p.currency) return fail(400, "Missing required param: currency.");
		const declined = p.payment_method === "pm_card_chargeDeclined" || p.payment_method === "tok_declined";
		const intent: FakePaymentIntent = {
			id: newId("pi"),
			object: "payment_intent",
			amount,
			amount_received: declined ? 0 : amount,
			currency: String(p.currency).toLowerCase(),
			status: declined ? "requires_payment_method" : "succeeded",
			metadata: (p.metadata ?? {}) as Record<string, string>,
			last_payment_error: declined ? { message: "Your card was declined.", code: "card_declined" } : null,
			created: now(),
			livemode: false,
		};
		paymentIntents.set(intent.id, intent);
		if (declined)
			return {
				status: 402,
				body: {
					error: { type: "card_error", code: "card_declined", message: "Your card was declined.", payment_intent: intent },
				},
			};
		return { status: 200, body: intent };
	}

	function createRefund(p: Record<string, any>) {
		const intent = paymentIntents.get(String(p.payment_intent ?? ""));
		if (!intent) return noSuch("payment_intent", String(p.payment_intent));
		const given = [...refunds.values()].filter(r => r.payment_intent === intent.id && r.status === "succeeded");
		const left = intent.amount_received - given.reduce((s, r) => s + r.amount, 0);
		const amount = p.amount == null ? left : Number(p.amount);
		if (amount > left || amount < 1)
			return fail(400, `Refund amount ($${amount / 100}) is greater than unrefunded amount on charge ($${left / 100})`);
		const refund: FakeRefund = {
			id: newId("re"),
			object: "refund",
			amount,
			currency: intent.currency,
			payment_intent: intent.id,
			status: "succeeded",
			metadata: (p.metadata ?? {}) as Record<string, string>,
			created: now(),
		};
		refunds.set(refund.id, refund);
		return { status: 200, body: refund };
	}

	/** Stripe's search query language, the one form used here: `metadata['key']:'value'`. */
	function search<T extends { metadata: Record<string, string> }>(all: Iterable<T>, query: string) {
		const m = /^metadata\['([^']+)'\]:'([^']*)'$/.exec(query.trim());
		if (!m) return fail(400, `Unsupported search query: ${query}`);
		const data = [...all].filter(x => x.metadata[m[1]] === m[2]);
		return { status: 200, body: { object: "search_result", data, has_more: false, next_page: null, url: "" } };
	}

	function route(method: string, path: string, params: Record<string, any>, query: URLSearchParams) {
		const session = /^\/v1\/checkout\/sessions\/([^/]+)$/.exec(path);
		const expiring = /^\/v1\/checkout\/sessions\/([^/]+)\/expire$/.exec(path);
		const intent = /^\/v1\/payment_intents\/([^/]+)$/.exec(path);
		if (method === "POST" && path === "/v1/checkout/sessions") return createSession(params);
		if (method === "GET" && session) {
			const s = sessions.get(session[1]);
			return s ? { status: 200, body: s } : noSuch("checkout.session", session[1]);
		}
		if (method === "POST" && expiring) {
			const s = sessions.get(expiring[1]);
			if (!s) return noSuch("checkout.session", expiring[1]);
			if (s.status !== "open")
				return fail(
					400,
					`Only Checkout Sessions with a status in ["open"] can be expired. This Checkout Session has a status of "${s.status}".`,
				);
			expireSession(s);
			return { status: 200, body: s };
		}
		if (method === "POST" && path === "/v1/payment_intents") return createPaymentIntent(params);
		if (method === "GET" && path === "/v1/payment_intents/search") return search(paymentIntents.values(), query.get("query") ?? "");
		if (method === "GET" && intent && intent[1] !== "search") {
			const pi = paymentIntents.get(intent[1]);
			return pi ? { status: 200, body: pi } : noSuch("payment_intent", intent[1]);
		}
		if (method === "POST" && path === "/v1/refunds") return createRefund(params);
		if (method === "GET" && path === "/v1/refunds") {
			const pi = query.get("payment_intent");
			const data = [...refunds.values()].filter(r => !pi || r.payment_intent === pi);
			return { status: 200, body: { object: "list", data, has_more: false, url: "/v1/refunds" } };
		}
		return fail(404, `Unrecognized request URL (${method}: ${path}).`);
	}

	function completeSession(s: FakeSession) {
		const intent: FakePaymentIntent = {
			id: newId("pi"),
			object: "payment_intent",
			amount: s.amount_total,
			amount_received: s.amount_total,
			currency: s.currency,
			status: "succeeded",
			metadata: { ...s.metadata },
			last_payment_error: null,
			created: now(),
			livemode: false,
		};
		paymentIntents.set(intent.id, intent);
		Object.assign(s, { status: "complete", payment_status: "paid", payment_intent: intent.id, url: null });
	}

	function expireSession(s: FakeSession) {
		Object.assign(s, { status: "expired", url: null });
	}

	const fake: FakeStripe = {
		env: {},
		url: "",
		secretKey,
		webhookSecret,
		sessions,
		paymentIntents,
		refunds,
		requests: [],
		deliveries: [],
		setWebhookUrl(url) {
			webhookUrl = url;
		},
		event(type, object) {
			return {
				id: newId("evt"),
				object: "event",
				type,
				api_version: API_VERSION,
				created: now(),
				livemode: false,
				pending_webhooks: 1,
				request: { id: null, idempotency_key: null },
				data: { object: JSON.parse(JSON.stringify(object)) },
			};
		},
		async send(event, opts = {}) {
			const payload = JSON.stringify(event, null, 2);
			const header = sdk.webhooks.generateTestHeaderString({
				payload,
				secret: opts.forge ? `whsec_${crypto.randomBytes(16).toString("hex")}` : webhookSecret,
				...(opts.timestamp !== undefined && { timestamp: opts.timestamp }),
			});
			let delivery: Delivery;
			try {
				const res = await fetch(webhookUrl, {
					method: "POST",
					headers: {
						"content-type": "application/json; charset=utf-8",
						"stripe-signature": header,
						"user-agent": "Stripe/1.0 (+https://stripe.com/docs/webhooks)",
					},
					body: payload,
				});
				delivery = { event, status: res.status, body: await res.text() };
			} catch (err) {
				delivery = { event, status: 0, body: String(err) };
			}
			fake.deliveries.push(delivery);
			return delivery;
		},
		async pay(sessionId, opts = {}) {
			const s = sessions.get(sessionId);
			if (!s) throw new Error(`fake stripe: no session ${sessionId}`);
			if (s.status !== "open") throw new Error(`fake stripe: session ${sessionId} is ${s.status}`);
			completeSession(s);
			return opts.webhook === false ? undefined : fake.send(fake.event("checkout.session.completed", s));
		},
		async expire(sessionId, opts = {}) {
			const s = sessions.get(sessionId);
			if (!s) throw new Error(`fake stripe: no session ${sessionId}`);
			if (s.status !== "open") throw new Error(`fake stripe: session ${sessionId} is ${s.status}`);
			expireSession(s);
			return opts.webhook === false ? undefined : fake.send(fake.event("checkout.session.expired", s));
		},
		down(d) {
			isDown = d;
		},
		stop: async () => undefined,
	};

	async function checkoutPage(req: http.IncomingMessage, res: http.ServerResponse, url: URL) {
		const m = /^\/pay\/([^/]+)(?:\/(pay|cancel))?$/.exec(url.pathname);
		const s = m && sessions.get(m[1]);
		if (!m || !s) {
			res.writeHead(404, { "content-type": "text/html; charset=utf-8" }).end("<h1>Not found</h1>");
			return;
		}
		if (req.method === "POST" && m[2]) {
			if (s.status === "open") await (m[2] === "pay" ? fake.pay(s.id) : fake.expire(s.id));
			const to = m[2] === "pay" ? s.success_url : s.cancel_url;
			res.writeHead(303, { location: (to ?? `${base}/pay/${s.id}`).replace("{CHECKOUT_SESSION_ID}", s.id) }).end();
			return;
		}
		const amount = `${(s.amount_total / 100).toFixed(2)} ${s.currency.toUpperCase()}`;
		const body =
			s.status === "open"
				? `<form method="post" action="/pay/${html(s.id)}/pay"><button type="submit">Pay</button></form>
<form method="post" action="/pay/${html(s.id)}/cancel"><button type="submit">Cancel</button></form>`
				: `<p>This checkout is ${html(s.status)}.</p>`;
		res.writeHead(200, { "content-type": "text/html; charset=utf-8" }).end(
			`<!doctype html><html><head><meta name="viewport" content="width=device-width"><title>Fake Stripe checkout</title></head><body><h1>Pay <span id="amount">${html(amount)}</span></h1>${body}</body></html>`,
		);
	}

	const server = http.createServer((req, res) => {
		const chunks: Buffer[] = [];
		req.on("data", (c: Buffer) => chunks.push(c));
		req.on("end", () => {
			const url = new URL(req.url ?? "/", base);
			if (url.pathname.startsWith("/pay/")) {
				checkoutPage(req, res, url).catch(err => res.writeHead(500).end(String(err)));
				return;
			}
			const reply = (status: number, body: unknown) => {
				res.writeHead(status, { "content-type": "application/json", "request-id": newId("req") }).end(JSON.stringify(body));
			};
			if (isDown) return reply(503, { error: { type: "api_error", message: "The fake Stripe is down" } });
			if (req.headers.authorization !== `Bearer ${secretKey}`)
				return reply(401, { error: { type: "invalid_request_error", message: "Invalid API Key provided" } });
			const params = parseForm(Buffer.concat(chunks).toString("utf8"));
			const key = (req.headers["idempotency-key"] as string | undefined) ?? null;
			fake.requests.push({ method: req.method ?? "GET", path: url.pathname, idempotencyKey: key, body: params });
			const scoped = key && `${req.method} ${url.pathname} ${key}`;
			const first = scoped ? answered.get(scoped) : undefined;
			if (first) return reply(first.status, first.body);
			const answer = route(req.method ?? "GET", url.pathname, params, url.searchParams);
			if (scoped && answer.status !== 503) answered.set(scoped, answer);
			reply(answer.status, answer.body);
		});
	});
	await new Promise<void>(resolve => server.listen(0, "127.0.0.1", resolve));
	base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
	fake.url = base;
	fake.env = {
		PAYMENT_PROVIDER: "stripe",
		STRIPE_SECRET_KEY: secretKey,
		STRIPE_WEBHOOK_SECRET: webhookSecret,
		STRIPE_API_URL: base,
	};
	fake.stop = () =>
		new Promise<void>(resolve => {
			server.closeAllConnections();
			server.close(() => resolve());
		});
	return fake;
}
