// The audit trail's account mail: an admin invited someone by email, the invitation was accepted (the password set,
// the account active), a password reset was asked for (of an account that exists: unknown names leave no trace),
// and a password was reset by its link (every session ended). The links and their tokens are never kept here.
import type { EventOf } from "../../contracts";
import type { AuditEntry } from "./repository";

export type AccountMailEvent =
	| EventOf<"account.invited">
	| EventOf<"account.activated">
	| EventOf<"password_reset.requested">
	| EventOf<"password_reset.completed">;

export function auditOfAccountMail(e: AccountMailEvent): AuditEntry[] {
	const { user } = e.data;
	const base = { userId: user.id, username: user.username, role: user.role };
	const entry = (action: AuditEntry["action"], actorId: string | null, subject: Record<string, unknown>): AuditEntry[] => [
		{
			id: e.eventId,
			at: new Date(e.at),
			action,
			actorId,
			reason: null,
			tableName: "",
			amountCents: 0,
			subject: { ...base, ...subject },
		},
	];
	switch (e.type) {
		case "account.invited":
			return entry("user_invited", e.data.by, { email: e.data.email, expiresAt: e.data.expiresAt });
		case "account.activated":
			return entry("user_activated", user.id, { ip: e.data.ip });
		case "password_reset.requested":
			// Nobody signed in asked: the actor is unknown; whether a link went out (the account has an email) is kept.
			return entry("password_reset_requested", null, { mailed: e.data.email !== null, ip: e.data.ip, expiresAt: e.data.expiresAt });
		case "password_reset.completed":
			return entry("password_reset", user.id, { sessionsEnded: e.data.sessionsEnded, ip: e.data.ip });
	}
}
