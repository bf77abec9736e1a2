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
 * Claims the next due message for this sender: a queued one whose time has come, or one another sender claimed and
 * never finished (it crashed mid-send; its claim lapsed). One at a time, so every claim is sent within its lease: a
 * batch would wait in line behind a slow server while its lease ran out, and another node would send it too.
 * SKIP LOCKED: two senders never claim one row at once. `attempts` counts the claims: it names this one.
 */
export async function claimNext(db: Db, schema: string, leaseSeconds: number): Promise<MessageRow | undefined> {
	const res = await db.raw<{ rows: MessageRow[] }>(
		`update ??.messages set status = 'sending', attempts = attempts + 1, claimed_until = now() + make_interval(secs => ?)
		 where id = (
			select id from ??.messages
			where (status = 'queued' and next_attempt_at <= now()) or (status = 'sending' and claimed_until < now())
			order by next_attempt_at limit 1 for update skip locked)
		 returning *`,
		[schema, leaseSeconds, schema],
	);
	return res.rows[0];
}

/** Puts every claimed message back in the queue, due now (a sender that died mid-send may or may not have sent it). */
export async function releaseClaims(t: Tables): Promise<void> {
	await t("messages").where({ status: "sending" }).update({ status: "queued", claimed_until: null, next_attempt_at: new Date() });
}

/** What a claim's sender records against: the row as its claim left it. */
export type Claim = Pick<MessageRow, "id" | "sensitive" | "attempts">;

/**
 * Only the claim that is still current: a sender whose lease lapsed (and whose message another sender claimed
 * again, raising `attempts`) records nothing over the newer claim's outcome. False when that claim was lost.
 */
const current = (t: Tables, c: Claim) => t("messages").where({ id: c.id, status: "sending", attempts: c.attempts });

/** The single-use link in an account message is of no use to keep once it went out, or never will. */
const forgetBody = (c: Claim) => (c.sensitive ? { text_body: "", html_body: "" } : {});

export async function markSent(t: Tables, c: Claim): Promise<boolean> {
	const n = await current(t, c).update({ status: "sent", sent_at: new Date(), claimed_until: null, last_error: null, ...forgetBody(c) });
	return n > 0;
}

export async function markFailedAttempt(
	t: Tables,
	c: Claim,
	outcome: { status: "queued" | "failed"; error: string; nextAttemptAt?: Date },
): Promise<boolean> {
	const n = await current(t, c).update({
		status: outcome.status,
		last_error: outcome.error,
		claimed_until: null,
		...(outcome.nextAttemptAt && { next_attempt_at: outcome.nextAttemptAt }),
		...(outcome.status === "failed" && forgetBody(c)),
	});
	return n > 0;
}

export const list = (t: Tables, f: { status?: MailStatus; limit: number }): Promise<MessageRow[]> =>
	t("messages")
		.modify(q => {
			if (f.status) q.where({ status: f.status });
		})
		.orderBy("created_at", "desc")
		.limit(f.limit);
