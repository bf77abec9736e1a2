// Auth's decisions, free of the bus and the database: why a sign-in is refused, when a session is live, what an
// account change names, which changes end every session, and the rule that keeps one active admin.
import { AuthErrors, CommonErrors, type ClientError, type LoginRefused, type Role, type User } from "../../contracts";

/**
 * A sign-in admits a known, active account with the right password; otherwise it is refused, and why is kept
 * for the audit trail (checked in this order: an unknown name, a wrong password, a deactivated account).
 */
export function signInVerdict(account: User | undefined, passwordOk: boolean): { user: User } | { refused: LoginRefused["reason"] } {
	if (!account) return { refused: "unknown user" };
	if (!passwordOk) return { refused: "wrong password" };
	if (!account.isActive) return { refused: "inactive user" };
	return { user: account };
}

/** What the caller hears: an unknown name and a wrong password answer alike, so names cannot be guessed one by one. */
export function refusalError(reason: LoginRefused["reason"]): ClientError {
	return reason === "inactive user" ? AuthErrors.userInactive() : AuthErrors.invalidCredentials();
}

/** A session is live until it is revoked or it expires. */
export function isLive(session: { revoked_at: Date | string | null; expires_at: Date | string }, now = Date.now()): boolean {
	return !session.revoked_at && new Date(session.expires_at).getTime() > now;
}

/** What an admin may change on an account. */
export interface AccountChange {
	fullName?: string;
	role?: Role;
	isActive?: boolean;
	password?: string;
	/** A shared tablet PIN (4–8 digits); null clears it. */
	pin?: string | null;
	/** Where account mail goes; null clears it. */
	email?: string | null;
}

const ACCOUNT_FIELDS = ["fullName", "role", "isActive", "password", "pin", "email"] as const;

/** The fields a change names, in this order: what `user.updated` says changed. A change naming none is refused. */
export function changedFields(change: AccountChange): string[] {
	const fields = ACCOUNT_FIELDS.filter(f => change[f] !== undefined);
	if (!fields.length) throw CommonErrors.nothingToChange([...ACCOUNT_FIELDS]);
	return fields;
}

/**
 * An active admin demoted or deactivated stops being an admin: allowed only while another active admin remains
 * (the caller counts them, locked, only when this says it matters).
 */
export function losesAdmin(before: { role: Role; isActive: boolean }, change: AccountChange): boolean {
	return (
		before.role === "admin" && before.isActive && ((change.role !== undefined && change.role !== "admin") || change.isActive === false)
	);
}

/**
 * A deactivated account, or a new password, ends every session of the account at once (why, as the session
 * keeps it); a new name or role does not: those show on the next request, once the token cache is dropped.
 */
export function sessionsEndedBy(change: AccountChange): string | undefined {
	if (change.isActive === false) return "user deactivated";
	if (change.password !== undefined) return "password changed";
	return undefined;
}

/**
 * Who a PIN signs in, or nothing: the account whose PIN it is (found by its lookup key among active accounts, then
 * checked against its bcrypt hash) and whose role is one of `roles`. A PIN of a role not asked for answers as a wrong one.
 */
export function pinVerdict<U extends { role: Role; isActive: boolean }>(
	account: U | undefined,
	pinOk: boolean,
	roles: readonly Role[],
): U | undefined {
	if (!account || !pinOk || !account.isActive) return undefined;
	return roles.includes(account.role) ? account : undefined;
}
