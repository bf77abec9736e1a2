// SQL over the mail schema: the queue of messages. Callers pass `t`, the schema-bound table builder.
import crypto from "node:crypto";
import type { Knex } from "knex";
import type { Db } from "../../lib/db";
import type { MailKind, MailMessage, MailStatus } from "../../contracts";

export type Tables = (name: "messages") => Knex.QueryBuilder;

export interface MessageRow {
	id: string;
	idempotency_key: string;
	kind: MailKind;
	to_address: string;
	subject: string;
	text_body: string;
	html_body: string;
	sensitive: boolean;
	message_id: string;
	status: MailStatus;
	attempts: number;
	next_attempt_at: Date | string;
	claimed_until: Date | string | null;
	last_error: string | null;
	created_at: Date | string;
	sent_at: Date | string | null;
}

export interface NewMessage {
	idempotencyKey: string;
	kind: MailKind;
	to: string;
	subject: string;
	text: string;
	html: string;
	sensitive: boolean;
	messageId: (id: string) => string;
}

const iso = (d: Date | string | null) => (d ? new Date(d).toISOString() : null);

export const toMessage = (r: MessageRow): MailMessage => ({
	id: r.id,
	kind: r.kind,
	to: r.to_address,
	subject: r.subject,
	messageId: r.message_id,
	status: r.status,
	attempts: r.attempts,
	nextAttemptAt: r.status === "queued" || r.status === "sending" ? iso(r.next_attempt_at) : null,
	lastError: r.last_error,
	createdAt: iso(r.created_at)!,
	sentAt: iso(r.sent_at),
});

/** Queues a message once per key: a second insert with the same key changes nothing (false). */
export async function insert(t: Tables, m: NewMessage): Promise<boolean> {
	const id = crypto.randomUUID();
	const rows = await t("messages")
		.insert({
			id,
			idempotency_key: m.idempotencyKey,
			kind: m.kind,
			to_address: m.to,
			subject: m.subject,
			text_body: m.text,
			html_body: m.html,
			sensitive: m.sensitive,
			message_id: m.messageId(id),
		})
		.onConflict("idempotency_key")
		.ignore()
		.returning("id");
	return rows.length > 0;
}

/**
 * Claims up to `limit` due messages for this sender: queued ones whose time has come, and ones another sender
 * claimed and never finished (it crashed mid-send; its claim lapsed). SKIP LOCKED: two senders never claim one row.
 */
export async function claimDue(db: Db, schema: string, limit: number, leaseSeconds: number): Promise<MessageRow[]> {
	const res = await db.raw<{ rows: MessageRow[] }>(
		`update ??.messages set status = 'sending', attempts = attempts + 1, claimed_until = now() + make_interval(secs => ?)
		 where id in (
			select id from ??.messages
			where (status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and claimed_until < now())
			order by next_attempt_at limit ? for update skip locked)
		 returning *`,
		[schema, leaseSeconds, schema, limit],
	);
	return res.rows;
}

/** Puts every claimed message back in the queue, due now (a sender that died mid-send may or may not have sent it). */
export async function releaseClaims(t: Tables): Promise<void> {
	await t("messages").where({ status: "sending" }).update({ status: "queued", claimed_until: null, next_attempt_at: new Date() });
}

export async function markSent(t: Tables, row: Pick<MessageRow, "id" | "sensitive">): Promise<void> {
	await t("messages")
		.where({ id: row.id, status: "sending" })
		.update({
			status: "sent",
			sent_at: new Date(),
			claimed_until: null,
			last_error: null,
			// The single-use link in an account message is of no use to keep once it went out.
			...(row.sensitive && { text_body: "", html_body: "" }),
		});
}

export async function markFailedAttempt(
	t: Tables,
	id: string,
	outcome: { status: "queued" | "failed"; error: string; nextAttemptAt?: Date },
): Promise<void> {
	await t("messages")
		.where({ id, status: "sending" })
		.update({
			status: outcome.status,
			last_error: outcome.error,
			claimed_until: null,
			...(outcome.nextAttemptAt && { next_attempt_at: outcome.nextAttemptAt }),
		});
}

export const list = (t: Tables, f: { status?: MailStatus; limit: number }): Promise<MessageRow[]> =>
	t("messages")
		.modify(q => {
			if (f.status) q.where({ status: f.status });
		})
		.orderBy("created_at", "desc")
		.limit(f.limit);
