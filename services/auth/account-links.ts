// The single-use links mailed to an account: an invitation's activation and a password reset. The token is random
// (256 bits) and kept only as its sha256, so a database dump opens no account; the rules of how long each lives and
// how often a reset may be asked for.
import crypto from "node:crypto";
import { CommonErrors } from "../../contracts";

/** An invitation's link works for a week; a reset link for half an hour. */
export const ACTIVATION_TTL_MS = 7 * 24 * 3600_000;
export const RESET_TTL_MS = 30 * 60_000;

/** Reset requests: per account asked for (its name or email as typed), and per IP, in RESET_WINDOW_SECONDS. */
export const RESETS_PER_ACCOUNT = 3;
export const RESETS_PER_IP = 20;
export const RESET_WINDOW_SECONDS = 15 * 60;
/** A reset request is answered no sooner than this, found or not (a known account costs a write more). */
export const RESET_ANSWER_MS = 200;

export function newAccountToken(): string {
	return crypto.randomBytes(32).toString("base64url");
}

export function hashAccountToken(token: string): string {
	return crypto.createHash("sha256").update(token).digest("hex");
}

/** Where the link takes the reader: the account page (public/account/), which sets the password. */
export function accountLink(publicUrl: string, purpose: "activate" | "reset", token: string): string {
	return `${publicUrl.replace(/\/+$/, "")}/account/?${purpose}=${encodeURIComponent(token)}`;
}

/**
 * What a reset request names, as one key for its budget: the account is counted by what was typed, whether or
 * not it exists, so a 429 says nothing an answer would not. Exactly one of the two is accepted.
 */
export function resetTarget(p: { username?: string; email?: string }): { by: "username" | "email"; value: string; key: string } {
	const username = p.username?.trim().toLowerCase();
	const email = p.email?.trim().toLowerCase();
	if (username && email) throw CommonErrors.badRequest("Send a username or an email, not both", [{ field: "email", type: "forbidden" }]);
	if (username) return { by: "username", value: username, key: `u:${username}` };
	if (email) return { by: "email", value: email, key: `e:${email}` };
	throw CommonErrors.badRequest("Send a username or an email", [{ field: "username", type: "required" }]);
}
