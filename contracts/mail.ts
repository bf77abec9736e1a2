// Outgoing mail as the API shows it (GET /mail/messages), and the errors of receipts and account links.
import { Errors } from "moleculer";

const { MoleculerClientError } = Errors;

export const MAIL_STATUSES = ["queued", "sending", "sent", "failed"] as const;
export type MailStatus = (typeof MAIL_STATUSES)[number];
export const MAIL_KINDS = ["receipt", "invite", "password_reset"] as const;
export type MailKind = (typeof MAIL_KINDS)[number];

/** A message in the queue. Its body is not shown: an account message holds a single-use link. */
export interface MailMessage {
	id: string;
	kind: MailKind;
	to: string;
	subject: string;
	/** The Message-ID header, the same on every attempt (a receiving server can drop a repeat). */
	messageId: string;
	status: MailStatus;
	attempts: number;
	nextAttemptAt: string | null;
	lastError: string | null;
	createdAt: string;
	sentAt: string | null;
}

const clientError = (status: number, code: string, message: string, details?: unknown) =>
	new MoleculerClientError(message, status, code, details);

export const MailErrors = {
	/** An activation or reset link unknown, used already or expired: one answer for all three. */
	linkInvalid: () => clientError(400, "ACCOUNT_LINK_INVALID", "This link is invalid, expired or was used already; ask for a new one"),
	userActive: (username: string) =>
		clientError(409, "USER_ACTIVE", `${username} is active already: a forgotten password is reset, not invited again`, { username }),
	emailMissing: (username: string) =>
		clientError(409, "EMAIL_MISSING", `${username} has no email to send the invitation to: set one first`, { username }),
	emailTaken: (email: string) => clientError(409, "EMAIL_TAKEN", `Another user has the email ${email}`, { email }),
	receiptUnavailable: (billId: string) =>
		clientError(409, "RECEIPT_UNAVAILABLE", "This bill was split into parts: ask for a part's receipt", { billId }),
};
