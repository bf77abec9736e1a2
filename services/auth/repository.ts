// SQL over the auth schema: users, sessions and refresh tokens. Callers pass `t`, the schema-bound table builder.
import crypto from "node:crypto";
import type { Knex } from "knex";
import type { Role, SessionScope, User } from "../../contracts";

export type Tables = (name: "users" | "sessions" | "refresh_tokens" | "account_tokens") => Knex.QueryBuilder;

export interface UserRow {
	id: string;
	username: string;
	password_hash: string;
	full_name: string;
	role: Role;
	is_active: boolean;
	created_at: Date | string;
	pin_hash?: string | null;
	pin_lookup?: string | null;
	email?: string | null;
}

export interface SessionRow {
	id: string;
	user_id: string;
	expires_at: Date | string;
	revoked_at: Date | string | null;
	/** "device": a shared tablet's session (migrations/auth/0610_device_sessions.ts). */
	kind: "user" | SessionScope;
	device_name?: string | null;
}

/** The scope a session's tokens carry: "device" for a shared tablet's, none for a user's own. */
export const scopeOf = (s: Pick<SessionRow, "kind">): SessionScope | undefined => (s.kind === "device" ? "device" : undefined);

export interface RefreshTokenRow {
	id: string;
	session_id: string;
	spent_at: Date | string | null;
}

export const toUser = (r: UserRow): User => ({
	id: r.id,
	username: r.username,
	fullName: r.full_name,
	role: r.role,
	isActive: r.is_active,
	createdAt: new Date(r.created_at).toISOString(),
	hasPin: Boolean(r.pin_hash),
	email: r.email ?? null,
});

export const findUserById = (t: Tables, id: string, lock = false): Promise<UserRow | undefined> => {
	const q = t("users").where({ id }).first();
	return lock ? q.forUpdate() : q;
};

export const findUserByUsername = (t: Tables, username: string): Promise<UserRow | undefined> =>
	t("users").where({ username: username.toLowerCase() }).first();

export const listUsers = (t: Tables): Promise<UserRow[]> => t("users").orderBy("username");

/** The active account a PIN's lookup key belongs to (the partial unique index makes it at most one). */
export const findActiveUserByPin = (t: Tables, pinLookup: string): Promise<UserRow | undefined> =>
	t("users").where({ pin_lookup: pinLookup, is_active: true }).first();

/** Whether an active account other than `exceptId` has this PIN. */
export async function pinHeldByAnother(t: Tables, pinLookup: string, exceptId: string): Promise<boolean> {
	const row = await t("users").select("id").where({ pin_lookup: pinLookup, is_active: true }).whereNot({ id: exceptId }).first();
	return Boolean(row);
}

/** Active accounts of `roles`, by name: who can be handed a table or is on. */
export const listActiveByRole = (t: Tables, roles: readonly Role[]): Promise<Pick<UserRow, "id" | "full_name" | "role">[]> =>
	t("users").select("id", "full_name", "role").where({ is_active: true }).whereIn("role", roles).orderBy(["full_name", "id"]);

export const countUsers = async (t: Tables): Promise<number> => {
	const row = await t("users").count<{ count: number }[]>("* as count").first();
	return Number(row?.count ?? 0);
};

/** Other active admins, locked, so two admins demoting each other at once cannot leave none. */
export const lockOtherActiveAdmins = (t: Tables, exceptId: string): Promise<{ id: string }[]> =>
	t("users").select("id").where({ role: "admin", is_active: true }).whereNot({ id: exceptId }).forUpdate();

export async function insertUser(
	t: Tables,
	u: { username: string; passwordHash: string; fullName: string; role: Role; email?: string | null; isActive?: boolean },
	opts: { ignoreConflict?: boolean } = {},
): Promise<UserRow | undefined> {
	const q = t("users").insert({
		id: crypto.randomUUID(),
		username: u.username.toLowerCase(),
		password_hash: u.passwordHash,
		full_name: u.fullName,
		role: u.role,
		email: u.email?.toLowerCase() ?? null,
		is_active: u.isActive ?? true,
	});
	const rows: UserRow[] = opts.ignoreConflict ? await q.onConflict("username").ignore().returning("*") : await q.returning("*");
	return rows[0];
}

export async function updateUser(
	t: Tables,
	id: string,
	patch: Partial<{
		full_name: string;
		role: Role;
		is_active: boolean;
		password_hash: string;
		pin_hash: string | null;
		pin_lookup: string | null;
		email: string | null;
	}>,
): Promise<UserRow> {
	const rows: UserRow[] = await t("users")
		.where({ id })
		.update({ ...patch, updated_at: new Date() })
		.returning("*");
	return rows[0];
}

export async function insertSession(
	t: Tables,
	s: { userId: string; ttlSeconds: number; ip?: string; userAgent?: string; device?: { name: string | null } },
): Promise<string> {
	const id = crypto.randomUUID();
	await t("sessions").insert({
		id,
		user_id: s.userId,
		kind: s.device ? "device" : "user",
		device_name: s.device?.name?.slice(0, 60) ?? null,
		expires_at: new Date(Date.now() + s.ttlSeconds * 1000),
		ip: s.ip ?? null,
		user_agent: s.userAgent?.slice(0, 300) ?? null,
	});
	return id;
}

export const findSession = (t: Tables, id: string): Promise<SessionRow | undefined> => t("sessions").where({ id }).first();

export const extendSession = (t: Tables, id: string, ttlSeconds: number) =>
	t("sessions")
		.where({ id })
		.update({ expires_at: new Date(Date.now() + ttlSeconds * 1000) });

/** Revokes sessions still live; returns their ids. */
export async function revokeSessions(t: Tables, where: { id?: string; user_id?: string }, reason: string): Promise<string[]> {
	const rows: { id: string }[] = await t("sessions")
		.where(where)
		.whereNull("revoked_at")
		.update({ revoked_at: new Date(), revoked_reason: reason })
		.returning("id");
	return rows.map(r => r.id);
}

export async function insertRefreshToken(t: Tables, sessionId: string, tokenHash: string): Promise<void> {
	await t("refresh_tokens").insert({ id: crypto.randomUUID(), session_id: sessionId, token_hash: tokenHash });
}

/** The token row, locked: two refreshes racing on one token are serialised here. */
export const lockRefreshToken = (t: Tables, tokenHash: string): Promise<RefreshTokenRow | undefined> =>
	t("refresh_tokens").where({ token_hash: tokenHash }).first().forUpdate();

export const findRefreshToken = (t: Tables, tokenHash: string): Promise<RefreshTokenRow | undefined> =>
	t("refresh_tokens").where({ token_hash: tokenHash }).first();

export const spendRefreshToken = (t: Tables, id: string) => t("refresh_tokens").where({ id }).update({ spent_at: new Date() });

export const findUserByEmail = (t: Tables, email: string): Promise<UserRow | undefined> =>
	t("users").whereRaw("lower(email) = ?", [email.toLowerCase()]).first();

// ── single-use links mailed to an account (migrations/auth/0700_email.ts) ──

export type AccountTokenPurpose = "activate" | "reset";

export interface AccountTokenRow {
	id: string;
	user_id: string;
	purpose: AccountTokenPurpose;
	expires_at: Date | string;
	used_at: Date | string | null;
}

export async function insertAccountToken(
	t: Tables,
	token: { userId: string; purpose: AccountTokenPurpose; tokenHash: string; expiresAt: Date },
): Promise<void> {
	await t("account_tokens").insert({
		id: crypto.randomUUID(),
		user_id: token.userId,
		purpose: token.purpose,
		token_hash: token.tokenHash,
		expires_at: token.expiresAt,
	});
}

/** The token's row if it is for `purpose`, unused and unexpired (unlocked: a first look before the work). */
export const findLiveAccountToken = (t: Tables, tokenHash: string, purpose: AccountTokenPurpose): Promise<AccountTokenRow | undefined> =>
	t("account_tokens").where({ token_hash: tokenHash, purpose }).whereNull("used_at").where("expires_at", ">", new Date()).first();

/** The token's row, locked, if it is for `purpose`, unused and unexpired: two uses racing on one link are serialised here. */
export const lockLiveAccountToken = (t: Tables, tokenHash: string, purpose: AccountTokenPurpose): Promise<AccountTokenRow | undefined> =>
	t("account_tokens")
		.where({ token_hash: tokenHash, purpose })
		.whereNull("used_at")
		.where("expires_at", ">", new Date())
		.first()
		.forUpdate();

/** Spends every unused link of the user (of `purpose`, or all): used once, or made void by what happened to the account. */
export async function spendAccountTokens(t: Tables, userId: string, purpose?: AccountTokenPurpose): Promise<void> {
	await t("account_tokens")
		.where({ user_id: userId, ...(purpose && { purpose }) })
		.whereNull("used_at")
		.update({ used_at: new Date() });
}
