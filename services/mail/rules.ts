// The queue's decisions, free of the bus and the database: when a failed message is tried again, when it is given up,
// and which SMTP answers mean the message will never go.

/** A message not sent after this long is failed (status failed, kept for the admin to see). */
export const GIVE_UP_MS = 48 * 3600_000;
/** The longest wait between two attempts. */
export const MAX_BACKOFF_MS = 3600_000;

/** The wait after the `attempts`-th failed attempt: the base, doubled each time, at most an hour. */
export function backoffMs(attempts: number, baseSeconds: number): number {
	const exponent = Math.max(0, Math.min(attempts - 1, 20));
	return Math.min(baseSeconds * 1000 * 2 ** exponent, MAX_BACKOFF_MS);
}

/** What a send failed with, as nodemailer reports it (its errors carry the SMTP reply). */
export interface SendFailure {
	message?: string;
	code?: string;
	responseCode?: number;
	command?: string;
}

/**
 * A recipient the server refuses for good (5xx to RCPT TO: no such mailbox, domain refused) will not be accepted
 * later. Anything else — no connection, a timeout, a 4xx "try later", a 5xx at another step (a server misconfigured
 * for a while) — is worth another attempt until the message is given up.
 */
export function isPermanent(err: SendFailure): boolean {
	return (err.responseCode ?? 0) >= 500 && /RCPT/i.test(err.command ?? "");
}

export type Outcome = { status: "failed"; error: string } | { status: "queued"; error: string; nextAttemptAt: Date };

/** Where a message goes after a failed attempt. */
export function afterFailure(
	err: SendFailure,
	message: { attempts: number; createdAt: Date },
	baseSeconds: number,
	now = new Date(),
): Outcome {
	const error = describe(err);
	if (isPermanent(err)) return { status: "failed", error };
	const next = new Date(now.getTime() + backoffMs(message.attempts, baseSeconds));
	if (next.getTime() - message.createdAt.getTime() > GIVE_UP_MS) return { status: "failed", error: `${error} (gave up)` };
	return { status: "queued", error, nextAttemptAt: next };
}

/** One line for last_error: the SMTP reply or the network error, never longer than 500 characters. */
export function describe(err: SendFailure): string {
	const parts = [err.responseCode ? String(err.responseCode) : err.code, err.message].filter(Boolean);
	return (parts.join(" ") || "unknown error").replace(/\s+/g, " ").slice(0, 500);
}

/** A Message-ID in the sender's domain (MAIL_FROM's), fixed when the message is queued. */
export function messageIdFor(id: string, from: string): string {
	const domain = /@([^>\s]+)/.exec(from)?.[1] ?? "localhost";
	return `<${id}@${domain}>`;
}
