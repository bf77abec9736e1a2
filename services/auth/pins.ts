// PINs for shared tablets: 4 to 8 digits, kept twice — a bcrypt hash that verifies one, and an HMAC-SHA256 under the
// server's PIN_SECRET (the JWT secret when unset) that finds its account in one indexed read. Neither gives the PIN
// back without the secret; a stolen dump alone cannot even tell which accounts share a guess.
import crypto from "node:crypto";
import type { Role } from "../../contracts";

/** What a PIN is: 4 to 8 digits. */
export const PIN_PATTERN = /^\d{4,8}$/;

/** The roles a PIN signs in on a shared floor tablet: the floor's. A kitchen account has no use for the floor app. */
export const PIN_SIGN_IN_ROLES: readonly Role[] = ["staff", "manager", "admin"];

/** The PIN's lookup key: hex HMAC-SHA256 under `secret`. */
export function pinLookup(secret: string, pin: string): string {
	return crypto.createHmac("sha256", secret).update(`pin:${pin}`).digest("hex");
}

/** The rate limiter's "user" key for PIN attempts: per device session (or whatever the caller names), never a PIN. */
export const pinLimitKey = (key: string) => `pin:${key}`;
