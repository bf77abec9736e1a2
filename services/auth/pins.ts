// PINs for shared tablets: 4 to 8 digits, kept twice — a bcrypt hash that verifies one, and an HMAC-SHA256 under the
// server's PIN_SECRET (the JWT secret when unset) that finds its account in one indexed read. Neither gives the PIN
// back without the secret; a stolen dump alone cannot even tell which accounts share a guess.
import crypto from "node:crypto";
import type { Role } from "../../contracts";

/** What a PIN is: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;

/**
 * The roles a PIN signs in on a shared floor tablet: staff and managers. A kitchen account has no use for the floor
 * app, and an admin's powers (accounts, settings, the whole back office) are not handed out for 4 to 8 digits typed
 * on a tablet anyone can pick up: an admin signs in with a password. An admin's PIN still approves (auth.checkPin).
 */
export const PIN_SIGN_IN_ROLES: readonly Role[] = ["staff", "manager"];

/** The PIN's lookup key: hex HMAC-SHA256 under `secret`. */
export function pinLookup(secret: string, pin: string): string {
	return crypto.createHmac("sha256", secret).update(`pin:${pin}`).digest("hex");
}

/** The rate limiter's "user" key for PIN attempts: per device session (or whatever the caller names), never a PIN. */
export const pinLimitKey = (key: string) => `pin:${key}`;
