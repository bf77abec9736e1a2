// Events that end in an email: a bill's receipt asked for (billing), an account invited and a password reset asked
// for (auth), and the two that only the audit trail reads: an invitation accepted and a password reset done.
import type { Bill, User } from "../domain";

export const RECEIPT_EVENTS = { requested: "receipt.requested" } as const;
export const ACCOUNT_MAIL_EVENTS = {
	invited: "account.invited",
	activated: "account.activated",
	resetRequested: "password_reset.requested",
	reset: "password_reset.completed",
} as const;

/** Who asked for a receipt: a signed-in user, or a guest session at the bill's table. */
export interface ReceiptRequester {
	kind: "user" | "guest";
	id: string;
}

export interface ReceiptRequested {
	/** The bill as it stood when the receipt was asked for: what the message shows. */
	bill: Bill;
	email: string;
	by: ReceiptRequester;
	/** The request's Idempotency-Key, when it carried one: a retried request queues the message once. */
	requestKey?: string;
}

/**
 * The links below hold a single-use token, so they travel sealed (lib/seal.ts: AES-256-GCM under a key derived from
 * JWT_SECRET): auth's outbox keeps its events after publishing and Redis streams keep them a while, and neither may
 * hold a working link. Only the mail service opens them, to render the message; the audit trail and anything else
 * read the other fields. Auth keeps only the token's sha256; nothing logs a link.
 */
export interface AccountInvited {
	user: User;
	email: string;
	/** `${PUBLIC_URL}/account/?activate=<token>`, sealed under ACCOUNT_LINK_SEAL (lib/seal.ts). */
	link: string;
	expiresAt: string;
	by: string | null;
}

export interface AccountActivated {
	user: User;
	ip: string | null;
}

export interface PasswordResetRequested {
	user: User;
	/** null: the account has no email, so nothing is sent (the request is still audited). */
	email: string | null;
	/** `${PUBLIC_URL}/account/?reset=<token>`, sealed under ACCOUNT_LINK_SEAL (lib/seal.ts); null when nothing is sent. */
	link: string | null;
	expiresAt: string;
	ip: string | null;
}

export interface PasswordResetCompleted {
	user: User;
	sessionsEnded: number;
	ip: string | null;
}

export interface MailEvents {
	"receipt.requested": ReceiptRequested;
	"account.invited": AccountInvited;
	"account.activated": AccountActivated;
	"password_reset.requested": PasswordResetRequested;
	"password_reset.completed": PasswordResetCompleted;
}
