// Outgoing mail: receipts, invitations and password resets, queued durably in this service's schema and sent over
// SMTP (nodemailer) by a sweeper, so a mail server that is down delays a message and never loses or doubles it.
import type { Context, ServiceSchema, ServiceSettingSchema, Service } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { resolveJwtSecret, SCHEMAS, type Config } from "../../lib/config";
import { ACCOUNT_LINK_SEAL, open, sealKey } from "../../lib/seal";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import {
	ACCOUNT_MAIL_EVENTS,
	MAIL_STATUSES,
	RECEIPT_EVENTS,
	type EventContext,
	type GatewayMeta,
	type MailKind,
	type MailMessage,
	type MailStatus,
} from "../../contracts";
import * as repo from "./repository";
import { inviteMessage, receiptMessage, resetMessage, type Rendered, type Venue } from "./render";
import { afterFailure, messageIdFor, type SendFailure } from "./rules";
import { createSender, type Sender } from "./transport";

interface MailState {
	config: Config;
	/** Opens the account links auth seals (derived from JWT_SECRET, the same on every node that runs auth or mail). */
	linkKey?: Buffer;
	sender?: Sender;
	timer?: NodeJS.Timeout;
	sweeping?: Promise<void>;
	sweepAgain?: boolean;
	stopping?: boolean;
}

type MailThis = Service & DbMethods & MailMethods & { mail: MailState };
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

/** How often a mail node looks for due messages (and right after it queues one). */
const SWEEP_MS = 1000;
/**
 * A claim outlives any one send (nodemailer's timeouts, transport.ts), and a message is claimed only when it is about
 * to be sent: a sender that dies mid-send frees it after this, and one that is merely slow never sees it lapse.
 */
const LEASE_SECONDS = 120;

const MailService: ServiceSchema<ServiceSettingSchema, MailThis> = {
	name: "mail",
	mixins: [DbMixin("mail", SCHEMAS.mail)],
	settings: {
		rest: "/mail",
	},

	channels: {
		// Each message is queued in the inbox's transaction and keyed by what caused it: a redelivery queues nothing.
		[RECEIPT_EVENTS.requested]: {
			group: "mail",
			context: true,
			async handler(this: MailThis, ctx: EventContext<"receipt.requested">) {
				const e = ctx.params;
				const { bill, email, requestKey } = e.data;
				// A retried request (same Idempotency-Key) is a second event with the same key: still one message.
				const key = requestKey ? `receipt:${bill.id}:${requestKey}` : e.eventId;
				await this.handleOnce(e, trx => this.enqueue(trx, key, "receipt", email, receiptMessage(bill, this.venue()), false));
				this.sweepSoon();
			},
		},
		// An account link arrives sealed (auth's outbox keeps it); it is opened only into this queue's row, whose body is
		// blanked once the message is sent or given up.
		[ACCOUNT_MAIL_EVENTS.invited]: {
			group: "mail",
			context: true,
			async handler(this: MailThis, ctx: EventContext<"account.invited">) {
				const { user, email, link, expiresAt } = ctx.params.data;
				const plain = this.openLink(ctx.params, link);
				if (!plain) return;
				const rendered = inviteMessage(user, plain, expiresAt, this.venue());
				await this.handleOnce(ctx.params, trx => this.enqueue(trx, ctx.params.eventId, "invite", email, rendered, true));
				this.sweepSoon();
			},
		},
		[ACCOUNT_MAIL_EVENTS.resetRequested]: {
			group: "mail",
			context: true,
			async handler(this: MailThis, ctx: EventContext<"password_reset.requested">) {
				const { user, email, link, expiresAt } = ctx.params.data;
				if (!email || !link) return; // an account without an email: audited, nothing to send
				const plain = this.openLink(ctx.params, link);
				if (!plain) return;
				const rendered = resetMessage(user, plain, expiresAt, this.venue());
				await this.handleOnce(ctx.params, trx => this.enqueue(trx, ctx.params.eventId, "password_reset", email, rendered, true));
				this.sweepSoon();
			},
		},
	},

	actions: {
		/** The queue, newest first, for an admin: where each message is, how often it was tried, what went wrong. No bodies. */
		messages: {
			rest: "GET /messages",
			access: ["admin"],
			params: {
				status: { type: "enum", values: [...MAIL_STATUSES], optional: true },
				limit: { type: "number", integer: true, min: 1, max: 500, optional: true, convert: true },
			},
			async handler(this: MailThis, ctx: Ctx<{ status?: MailStatus; limit?: number }>): Promise<MailMessage[]> {
				const rows = await repo.list(this.tables(), { status: ctx.params.status, limit: ctx.params.limit ?? 100 });
				return rows.map(repo.toMessage);
			},
		},
	},

	methods: {
		venue(this: MailThis): Venue {
			const { restaurantName, currency, timezone } = this.mail.config;
			return { name: restaurantName, currency, timezone };
		},

		/**
		 * The link an account event sealed, or undefined when it does not open (JWT_SECRET rotated since, or not the one
		 * auth has): retrying would not help, so the event is consumed and nothing is queued; the user asks again.
		 */
		openLink(this: MailThis, e: { eventId: string; type: string }, sealed: string): string | undefined {
			this.mail.linkKey ??= sealKey(resolveJwtSecret(this.mail.config), ACCOUNT_LINK_SEAL);
			try {
				return open(sealed, this.mail.linkKey);
			} catch (err) {
				this.logger.warn(
					`Account mail ${e.eventId} (${e.type}) not queued: its link does not open with this node's JWT_SECRET (${(err as Error).message})`,
				);
				return undefined;
			}
		},

		async enqueue(this: MailThis, trx: Trx, key: string, kind: MailKind, to: string, m: Rendered, sensitive: boolean) {
			const from = this.mail.config.mail.from;
			await repo.insert(this.tables(trx), {
				idempotencyKey: key,
				kind,
				to,
				subject: m.subject,
				text: m.text,
				html: m.html,
				sensitive,
				messageId: id => messageIdFor(id, from),
			});
		},

		sweepSoon(this: MailThis) {
			if (this.mail.stopping) return;
			this.sweep().catch(err => this.logger.warn("Mail sweep failed; trying again shortly", err));
		},

		/** Serialised within this node; a call during a sweep asks for one more pass. Other nodes are kept off by SKIP LOCKED. */
		async sweep(this: MailThis): Promise<void> {
			if (this.mail.sweeping) {
				this.mail.sweepAgain = true;
				return this.mail.sweeping;
			}
			const run = async () => {
				do {
					this.mail.sweepAgain = false;
					// One claim, one send, one outcome; then the next, while any is due.
					while (!this.mail.stopping) {
						const row = await repo.claimNext(this.db, SCHEMAS.mail, LEASE_SECONDS);
						if (!row) break;
						await this.sendOne(row);
					}
				} while (this.mail.sweepAgain && !this.mail.stopping);
			};
			this.mail.sweeping = run().finally(() => {
				this.mail.sweeping = undefined;
			});
			return this.mail.sweeping;
		},

		/** One attempt at a claimed message: sent, or back in the queue for later, or failed for good. */
		async sendOne(this: MailThis, row: repo.MessageRow): Promise<void> {
			const sender = this.mail.sender!;
			try {
				await sender.send({
					from: this.mail.config.mail.from,
					to: row.to_address,
					subject: row.subject,
					text: row.text_body,
					html: row.html_body,
					messageId: row.message_id,
					sensitive: row.sensitive,
				});
			} catch (err) {
				const outcome = afterFailure(
					err as SendFailure,
					{ attempts: row.attempts, createdAt: new Date(row.created_at) },
					this.mail.config.mail.retrySeconds,
				);
				if (!(await repo.markFailedAttempt(this.tables(), row, outcome))) {
					this.logger.warn(
						`Mail ${row.id} (${row.kind}) attempt ${row.attempts} failed after its claim lapsed: the newer claim decides`,
					);
					return;
				}
				const then = outcome.status === "queued" ? `; next attempt at ${outcome.nextAttemptAt.toISOString()}` : "; given up";
				this.logger.warn(`Mail ${row.id} (${row.kind}) attempt ${row.attempts} failed: ${outcome.error}${then}`);
				return;
			}
			if (!(await repo.markSent(this.tables(), row))) {
				this.logger.warn(
					`Mail ${row.id} (${row.kind}) attempt ${row.attempts} sent after its claim lapsed: the newer claim decides`,
				);
				return;
			}
			this.logger.debug(`Mail ${row.id} (${row.kind}) sent ${row.message_id}`);
		},
	},

	created(this: MailThis) {
		this.mail = { config: runtimeOf(this.broker).config };
	},

	async started(this: MailThis) {
		// Embedded, this process is the only sender: a claim left by a killed predecessor is void now, not in two minutes.
		if (!this.mail.config.transporter) await repo.releaseClaims(this.tables());
		this.mail.sender = createSender(this.mail.config.mail.smtpUrl, this.logger);
		this.mail.timer = setInterval(() => this.sweepSoon(), SWEEP_MS);
		this.mail.timer.unref();
	},

	async stopped(this: MailThis) {
		this.mail.stopping = true;
		clearInterval(this.mail.timer);
		await this.mail.sweeping?.catch(() => undefined);
		this.mail.sender?.close();
	},
};

interface MailMethods {
	venue(): Venue;
	openLink(e: { eventId: string; type: string }, sealed: string): string | undefined;
	enqueue(trx: Trx, key: string, kind: MailKind, to: string, m: Rendered, sensitive: boolean): Promise<void>;
	sweepSoon(): void;
	sweep(): Promise<void>;
	sendOne(row: repo.MessageRow): Promise<void>;
}

export default MailService as unknown as ServiceSchema;
