// Payment links: a checkout at the card provider for a bill or a share of it, settled by its signed webhook. The
// share is held on the bill under its row lock (two payers racing past the balance: one 409), the provider is asked
// outside the transaction (its idempotency key is our payment id), and what it says — by webhook, or when the
// sweeper asks — settles the payment through finishPayment as any card payment, so bill:update and bill:paid reach
// the floor unchanged. A link that expires or is cancelled releases its hold.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { DbMethods } from "../../mixins/db.mixin";
import type { Trx } from "../../lib/db";
import { RateBudget } from "../../lib/rate-budget";
import { runtimeOf } from "../../lib/runtime";
import {
	BillingErrors,
	CommonErrors,
	LINK_SHARES,
	LinkErrors,
	PAYMENT_LINK_EVENTS,
	type Bill,
	type GatewayMeta,
	type LinkRequest,
	type LinkShare,
	type PaymentLink,
	type SimulatedCheckout,
	type WebhookReceipt,
	type WebhookRejected,
} from "../../contracts";
import { checkShareRequest, isOwnPage, linkMismatch, linkShareCents, returnTo } from "./link-rules";
import { LINK_CLOSED, reservePayment } from "./payments";
import type { ProviderMethods } from "./provider.mixin";
import { WebhookSignatureError, type LinkRef, type LinkState, type PaymentProvider } from "./providers";
import * as repo from "./repository";

type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

interface BillMethods {
	lockOpen(trx: Trx, id: string): Promise<Bill>;
}

export interface LinkMethods {
	startLink(request: LinkRequest): Promise<PaymentLink>;
	openLink(row: repo.LinkRow): Promise<repo.LinkRow>;
	linkOf(row: repo.LinkRow): PaymentLink;
	mustFindLink(id: string): Promise<repo.LinkRow>;
	checkLink(paymentId: string): Promise<void>;
	closeLink(row: repo.LinkRow, reason?: string): Promise<void>;
	settlePaidLink(trx: Trx, row: { payment: repo.LinkRow["payment"] }, paid: Paid, ip: string | null): Promise<"captured" | "mismatch">;
	receiveWebhook(provider: string, raw: Buffer, headers: Record<string, string | undefined>, ip: string | null): Promise<WebhookReceipt>;
	rejectWebhook(trx: Trx, rejected: WebhookRejected): Promise<void>;
	simulatedLink(sessionId: string): Promise<repo.LinkRow>;
	checkoutOf(row: repo.LinkRow): SimulatedCheckout;
}

type Paid = Extract<LinkState, { status: "paid" }>;
type LinksThis = Service &
	DbMethods &
	BillMethods &
	ProviderMethods &
	LinkMethods & { currency: string; card: PaymentProvider; linkAsked: Map<string, number>; forgedBudget?: RateBudget };

const FLOOR = ["staff", "admin"] as const;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** A link no one ever got (the provider did not answer while it was made) is closed once this old. */
const UNSENT_LINK_SECONDS = 30;
/** An open link is asked about at most this often (the sweeper runs every 10 s); one past its time at once. */
const LINK_ASK_SECONDS = 60;
/**
 * Webhooks whose signature does not match, per sending address a minute: past it 429 and no audit row, so a script
 * cannot fill the audit trail. Stripe itself never fails a check, and a signed webhook is never counted or refused.
 */
export const FORGED_WEBHOOKS_PER_IP = 30;
const FORGED_WEBHOOK_WINDOW_SECONDS = 60;

const shareParams = {
	share: { type: "enum", values: [...LINK_SHARES] },
	parts: { type: "number", integer: true, min: 2, max: 20, optional: true, convert: false },
	lineIds: { type: "array", min: 1, max: 200, unique: true, optional: true, items: "uuid" },
	tipCents: { type: "number", integer: true, min: 0, max: 10_000_000, optional: true, convert: false },
	returnUrl: { type: "url", max: 2000, optional: true },
} as const;

const refOf = (row: repo.LinkRow): LinkRef => ({ paymentId: row.payment.id, sessionId: row.sessionId ?? "", expiresAt: row.expiresAt });

export function PaymentLinksMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, LinksThis>> = {
		actions: {
			/** A payment link for a bill or a share of it (guest pay, takeout); not on HTTP. */
			startLinkPayment: {
				visibility: "public",
				params: {
					$$strict: "remove",
					billId: "uuid",
					...shareParams,
					payer: {
						type: "object",
						props: { kind: { type: "enum", values: ["guest", "takeout", "staff"] }, id: { type: "string", min: 1, max: 100 } },
					},
				},
				async handler(this: LinksThis, ctx: Ctx<LinkRequest>): Promise<PaymentLink> {
					return this.startLink(ctx.params);
				},
			},

			/** A payment link as it stands (pending until paid, failed once expired or cancelled); not on HTTP. */
			linkStatus: {
				visibility: "public",
				params: { paymentId: "uuid" },
				async handler(this: LinksThis, ctx: Ctx<{ paymentId: string }>): Promise<PaymentLink> {
					return this.linkOf(await this.mustFindLink(ctx.params.paymentId));
				},
			},

			/** Staff send a payer a link (a phone at the table, a customer on the phone). */
			createPaymentLink: {
				rest: "POST /bills/:id/payment-links",
				access: FLOOR,
				params: { $$strict: "remove", id: "uuid", ...shareParams },
				async handler(this: LinksThis, ctx: Ctx<{ id: string } & Omit<LinkRequest, "billId" | "payer">>): Promise<PaymentLink> {
					const { id, ...share } = ctx.params;
					const link = await this.startLink({ ...share, billId: id, payer: { kind: "staff", id: ctx.meta.user?.id ?? "" } });
					ctx.meta.$statusCode = 201;
					return link;
				},
			},

			/** Staff close a link nobody will pay (the guest paid cash instead): its hold on the bill is released. */
			cancelPaymentLink: {
				rest: "POST /payments/:id/cancel-link",
				access: FLOOR,
				params: { id: "uuid" },
				async handler(this: LinksThis, ctx: Ctx<{ id: string }>): Promise<PaymentLink> {
					const row = await this.mustFindLink(ctx.params.id);
					if (row.payment.status === "pending") await this.closeLink(row);
					return this.linkOf(await this.mustFindLink(ctx.params.id));
				},
			},

			/**
			 * The provider's webhook, as the gateway received it (services/api/webhooks.ts): the raw body in base64, so
			 * its signature is checked over exactly the bytes sent. Published for the gateway's alias only (no `rest`).
			 */
			webhook: {
				access: "public",
				params: {
					provider: { type: "string", min: 1, max: 40 },
					payload: { type: "string", max: 1_000_000 },
					// The provider's signature headers only (the gateway picks them): name → value.
					headers: { type: "object" },
				},
				async handler(
					this: LinksThis,
					ctx: Ctx<{ provider: string; payload: string; headers: Record<string, string> }>,
				): Promise<WebhookReceipt> {
					const { provider, payload, headers } = ctx.params;
					const strings = Object.fromEntries(Object.entries(headers).filter(([, v]) => typeof v === "string"));
					return this.receiveWebhook(provider, Buffer.from(payload, "base64"), strings, ctx.meta.ip ?? null);
				},
			},

			/** The simulated provider's checkout page (public/checkout/): what the link pays. The session id is its key. */
			checkout: {
				rest: "GET /checkout/:session",
				access: "public",
				params: { session: { type: "string", min: 10, max: 100 } },
				async handler(this: LinksThis, ctx: Ctx<{ session: string }>): Promise<SimulatedCheckout> {
					return this.checkoutOf(await this.simulatedLink(ctx.params.session));
				},
			},

			/** The simulated checkout's Pay: the payment is captured as a provider's webhook would have it. */
			checkoutPay: {
				rest: "POST /checkout/:session/pay",
				access: "public",
				params: { session: { type: "string", min: 10, max: 100 } },
				async handler(this: LinksThis, ctx: Ctx<{ session: string }>): Promise<SimulatedCheckout> {
					const row = await this.simulatedLink(ctx.params.session);
					if (row.payment.status === "pending") {
						if (row.expiresAt.getTime() <= Date.now()) await this.closeLink(row);
						else
							await this.finishPayment(
								row.payment.id,
								{ status: "captured", providerRef: `sim_link_${row.payment.id}` },
								null,
							);
					}
					return this.checkoutOf(await this.simulatedLink(ctx.params.session));
				},
			},

			/** The simulated checkout's Cancel: the link is closed and its hold released. */
			checkoutCancel: {
				rest: "POST /checkout/:session/cancel",
				access: "public",
				params: { session: { type: "string", min: 10, max: 100 } },
				async handler(this: LinksThis, ctx: Ctx<{ session: string }>): Promise<SimulatedCheckout> {
					const row = await this.simulatedLink(ctx.params.session);
					if (row.payment.status === "pending") await this.closeLink(row);
					return this.checkoutOf(await this.simulatedLink(ctx.params.session));
				},
			},
		},

		methods: {
			async startLink(this: LinksThis, request: LinkRequest): Promise<PaymentLink> {
				checkShareRequest(request);
				if (!this.card.createLink) throw LinkErrors.noLinks(this.card.name);
				const { config } = runtimeOf(this.broker);
				if (request.returnUrl && !isOwnPage(request.returnUrl, config.publicUrl))
					throw CommonErrors.invalidField(
						"returnUrl",
						"url",
						`The 'returnUrl' field must be a page of this restaurant (${new URL(config.publicUrl).origin})`,
					);
				const id = crypto.randomUUID();
				const tipCents = request.tipCents ?? 0;
				const share = shareLabel(request.share, request.parts, request.lineIds);
				const payer = `${request.payer.kind}:${request.payer.id}`;
				// A guest's phone asking again (a second tap, the page reloaded) gets its pending link back; asking for
				// another share replaces it, its hold released first. Staff may send several links on purpose.
				if (request.payer.kind === "guest") {
					for (const old of await repo.pendingLinksOf(this.tables(), request.billId, payer)) {
						const fresh = old.url && old.expiresAt.getTime() > Date.now() + 60_000;
						if (fresh && old.share === share && old.payment.tipCents === tipCents) return this.linkOf(old);
						await this.closeLink(old).catch(err => {
							this.logger.warn({ err, paymentId: old.payment.id }, "A guest's earlier payment link could not be closed yet");
							throw BillingErrors.providerUnavailable(old.payment.id);
						});
					}
				}
				await this.transaction(async trx => {
					// The bill's row lock puts two payers in line: the second sees the first's share held.
					const bill = await this.lockOpen(trx, request.billId);
					const amountCents = linkShareCents(bill, request);
					const held = reservePayment(bill, amountCents);
					await repo.insertPayment(this.tables(trx), {
						id,
						billId: bill.id,
						method: "link",
						amountCents,
						tipCents,
						provider: this.card.name,
						createdBy: request.payer.kind === "staff" && UUID.test(request.payer.id) ? request.payer.id : null,
						link: {
							// Stripe's shortest: PAYMENT_LINK_MINUTES is at least 30. Kept, so asking again sends the same request.
							expiresAt: new Date(Date.now() + config.paymentLinkMinutes * 60_000),
							returnUrl: request.returnUrl ?? `${config.publicUrl}/`,
							share,
							payer,
						},
					});
					await repo.update(this.tables(trx), bill, held);
				});
				const row = (await repo.findLink(this.tables(), id))!;
				try {
					return this.linkOf(await this.openLink(row));
				} catch (err) {
					// No answer is not a no: the payment stays pending (its share held) until the sweeper learns more.
					this.logger.warn({ err, paymentId: id }, "The card provider did not make the payment link; it stays pending");
					throw BillingErrors.providerUnavailable(id);
				}
			},

			/** Asks the provider for the link's checkout (the same one again for the same payment) and keeps it. */
			async openLink(this: LinksThis, row: repo.LinkRow): Promise<repo.LinkRow> {
				const { payment } = row;
				const session = await this.card.createLink!({
					idempotencyKey: payment.id,
					amountCents: payment.amountCents + payment.tipCents,
					currency: this.currency,
					reference: payment.billId,
					description: `Bill ${payment.billId.slice(0, 8)}${row.share === "whole" ? "" : ` (${row.share.split(":")[0]})`}`,
					successUrl: returnTo(row.returnUrl, payment.id, "paid"),
					cancelUrl: returnTo(row.returnUrl, payment.id, "cancelled"),
					expiresAt: row.expiresAt,
				});
				await repo.setLinkSession(this.tables(), payment.id, session);
				return { ...row, ...session };
			},

			linkOf(this: LinksThis, row: repo.LinkRow): PaymentLink {
				const { payment } = row;
				return {
					paymentId: payment.id,
					billId: payment.billId,
					url: row.url ?? "",
					amountCents: payment.amountCents,
					tipCents: payment.tipCents,
					currency: this.currency,
					expiresAt: row.expiresAt.toISOString(),
					status: payment.status,
				};
			},

			async mustFindLink(this: LinksThis, id: string): Promise<repo.LinkRow> {
				const row = await repo.findLink(this.tables(), id);
				if (!row) throw LinkErrors.linkNotFound(id);
				return row;
			},

			/**
			 * The sweeper's question about one pending link: paid (the webhook never came) → captured; over unpaid →
			 * failed; open past its time → closed at the provider, then failed. A link whose checkout was never made
			 * (the provider did not answer) is made again under the same key, then closed: the payer never got it.
			 */
			async checkLink(this: LinksThis, paymentId: string): Promise<void> {
				let row = await repo.findLink(this.tables(), paymentId);
				if (row?.payment.status !== "pending") return;
				if (!row.sessionId) {
					if (Date.now() - new Date(row.payment.createdAt).getTime() < UNSENT_LINK_SECONDS * 1000) return;
					row = await this.openLink(row);
					return this.closeLink(row);
				}
				const asked = this.linkAsked.get(paymentId) ?? 0;
				const overdue = row.expiresAt.getTime() <= Date.now();
				// Set in the future: a paid link that does not match its payment, left for a person (asked again hourly).
				if (asked > Date.now() || (!overdue && Date.now() - asked < LINK_ASK_SECONDS * 1000)) return;
				const state = await this.card.lookupLink!(refOf(row));
				if (state.status === "open" && !overdue) {
					this.linkAsked.set(paymentId, Date.now());
					return;
				}
				this.linkAsked.delete(paymentId);
				if (state.status === "paid") {
					const settled = await this.transaction(trx => this.settlePaidLink(trx, row!, state, null));
					if (settled === "mismatch") {
						this.logger.error({ paymentId }, "A paid link does not match its payment; left pending for a person to resolve");
						this.linkAsked.set(paymentId, Date.now() + 3600_000);
					}
					return;
				}
				if (state.status === "expired") {
					await this.finishPayment(paymentId, { status: "declined", reason: state.reason }, null);
					return;
				}
				await this.closeLink(row);
			},

			/**
			 * Closes a pending link at the provider so it can no longer be paid, then fails it (its hold released). A
			 * link paid meanwhile is captured instead: the provider's answer, not ours, says what happened.
			 */
			async closeLink(this: LinksThis, row: repo.LinkRow, reason?: string): Promise<void> {
				const state: LinkState = row.sessionId
					? await this.card.expireLink!(refOf(row))
					: { status: "expired", reason: reason ?? LINK_CLOSED };
				if (state.status === "paid") {
					await this.transaction(trx => this.settlePaidLink(trx, row, state, null));
					return;
				}
				if (state.status === "open") throw new Error(`The provider left link ${row.payment.id} open`);
				await this.finishPayment(row.payment.id, { status: "declined", reason: reason ?? state.reason }, null);
			},

			/** The provider took the money: captured, unless it is not what the payment asked (audited, left pending). */
			async settlePaidLink(
				this: LinksThis,
				trx: Trx,
				{ payment }: { payment: repo.LinkRow["payment"] },
				paid: Paid,
				ip: string | null,
			): Promise<"captured" | "mismatch"> {
				const mismatch = linkMismatch({ ...payment, currency: this.currency }, paid);
				if (mismatch) {
					await this.rejectWebhook(trx, {
						provider: this.card.name,
						reason: mismatch.reason,
						eventId: null,
						paymentId: payment.id,
						billId: payment.billId,
						detail: `expected ${mismatch.expected}, got ${mismatch.got}`,
						ip,
					});
					return "mismatch";
				}
				await this.finishPaymentIn(trx, payment.id, { status: "captured", providerRef: paid.providerRef }, null);
				return "captured";
			},

			/**
			 * A webhook: its signature checked over the raw body (400 and audited when it does not match; 429 and not
			 * audited past FORGED_WEBHOOKS_PER_IP from one address), then kept once by its event id in the same
			 * transaction that settles its payment, so a duplicate (or five at once) waits for the first and changes
			 * nothing. Unknown payments, other amounts or currencies: 200, nothing settled.
			 */
			async receiveWebhook(
				this: LinksThis,
				provider: string,
				raw: Buffer,
				headers: Record<string, string | undefined>,
				ip: string | null,
			): Promise<WebhookReceipt> {
				const card = this.card;
				if (provider !== card.name || !card.verifyWebhook) throw LinkErrors.unknownProvider(provider);
				let event: ReturnType<NonNullable<PaymentProvider["verifyWebhook"]>>;
				try {
					event = card.verifyWebhook(headers, raw);
				} catch (err) {
					if (!(err instanceof WebhookSignatureError)) throw err;
					// Spent before anything is written: over budget, this throws RATE_LIMITED and nothing is kept or logged.
					await this.forgedBudget!.consume(ip ?? "unknown");
					this.logger.warn({ provider, ip, reason: err.message }, "A webhook's signature did not match: refused");
					const detail = err.message.slice(0, 300);
					await this.transaction(trx =>
						this.rejectWebhook(trx, {
							provider,
							reason: "signature",
							eventId: null,
							paymentId: null,
							billId: null,
							detail,
							ip,
						}),
					);
					throw LinkErrors.badSignature(provider);
				}
				const paymentId = event.paymentId && UUID.test(event.paymentId) ? event.paymentId : null;
				const { outcome } = event;
				const keep = { provider, eventId: event.id, type: event.type, paymentId };
				const receipt = (o: WebhookReceipt["outcome"]): WebhookReceipt => ({ received: true, outcome: o });

				if (outcome?.status === "expired") {
					// Kept first; the link is then closed at the provider (outside the transaction), as a cancel is.
					const first = await this.transaction(async trx => {
						const payment = paymentId ? await repo.findPayment(this.tables(trx), paymentId) : undefined;
						const label = !payment ? "unknown_payment" : payment.status !== "pending" ? "already_settled" : "failed";
						return (await repo.insertWebhookEvent(this.tables(trx), { ...keep, outcome: label })) ? label : "duplicate";
					});
					if (first === "failed") {
						const row = await repo.findLink(this.tables(), paymentId!);
						const close = row
							? this.closeLink(row, outcome.reason)
							: this.finishPayment(paymentId!, { status: "declined", reason: outcome.reason }, null);
						// Kept already, so the provider need not send it again: the sweeper settles the link from what it then says.
						await Promise.resolve(close).catch(err =>
							this.logger.warn({ err, paymentId }, "A payment link could not be closed yet; the sweeper will"),
						);
					}
					return receipt(first);
				}

				return this.transaction(async trx => {
					const t = this.tables(trx);
					if (!(await repo.insertWebhookEvent(t, { ...keep, outcome: "received" }))) return receipt("duplicate");
					const payment = paymentId ? await repo.findPayment(t, paymentId, true) : undefined;
					let label: WebhookReceipt["outcome"];
					if (!outcome) label = "ignored";
					else if (!payment) label = "unknown_payment";
					else if (payment.status !== "pending") {
						label = "already_settled";
						if (payment.status === "failed")
							this.logger.error(
								{ paymentId, eventId: event.id },
								"A payment closed as failed was paid at the provider: refund it there",
							);
					} else {
						label = await this.settlePaidLink(trx, { payment }, outcome, ip);
						if (label === "mismatch")
							this.logger.warn({ paymentId, eventId: event.id }, "A webhook's amount or currency did not match");
					}
					await repo.setWebhookOutcome(t, provider, event.id, label);
					return receipt(label);
				});
			},

			/** The audit trail hears of a refused webhook (reporting: payment-audit.ts). */
			async rejectWebhook(this: LinksThis, trx: Trx, rejected: WebhookRejected): Promise<void> {
				await this.recordEvent(trx, PAYMENT_LINK_EVENTS.webhookRejected, rejected);
			},

			/** A simulated link by its session id: 404 for any other provider's, or none. */
			async simulatedLink(this: LinksThis, sessionId: string): Promise<repo.LinkRow> {
				const row = this.card.name === "simulated" ? await repo.findLinkBySession(this.tables(), sessionId) : undefined;
				if (!row) throw LinkErrors.linkNotFound(sessionId);
				return row;
			},

			checkoutOf(this: LinksThis, row: repo.LinkRow): SimulatedCheckout {
				const { payment } = row;
				return {
					amountCents: payment.amountCents,
					tipCents: payment.tipCents,
					currency: this.currency,
					status: payment.status,
					expiresAt: row.expiresAt.toISOString(),
					returnUrl: returnTo(row.returnUrl, payment.id, payment.status === "captured" ? "paid" : "cancelled"),
				};
			},
		},

		created(this: LinksThis) {
			this.linkAsked = new Map();
		},

		started(this: LinksThis) {
			const { config } = runtimeOf(this.broker);
			this.forgedBudget = new RateBudget(config, "forged-webhooks", FORGED_WEBHOOKS_PER_IP, FORGED_WEBHOOK_WINDOW_SECONDS);
		},

		async stopped(this: LinksThis) {
			await this.forgedBudget?.close();
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}

/** The link's share as kept on the payment: whole, 1/3, items:<the lines, sorted> (the provider's page shows "items"). */
function shareLabel(share: LinkShare, parts?: number, lineIds: string[] = []): string {
	if (share === "even") return `1/${parts ?? 2}`;
	return share === "items" ? `items:${[...lineIds].sort().join(",")}` : share;
}
