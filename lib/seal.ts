// Sealing a short secret (a single-use account link) for its trip through durable queues: AES-256-GCM under a key
// derived (HKDF-SHA256) from a secret every node holds, so an outbox row or a stream entry read at rest opens nothing.
import crypto from "node:crypto";

/** The HKDF `info` of the key that seals account-mail links (auth seals, mail opens). */
export const ACCOUNT_LINK_SEAL = "brigade account-mail link";

const VERSION = "v1";
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** A 256-bit key for one purpose (`info`), derived from `secret`: another purpose's key opens nothing of this one. */
export function sealKey(secret: string, info: string): Buffer {
	return Buffer.from(crypto.hkdfSync("sha256", secret, Buffer.alloc(0), info, 32));
}

/** `v1.<base64url of iv | ciphertext | tag>`: a fresh random IV each time, so sealing one text twice differs. */
export function seal(plain: string, key: Buffer): string {
	const iv = crypto.randomBytes(IV_BYTES);
	const cipher = crypto.createCipheriv("aes-256-gcm", key, iv);
	const body = Buffer.concat([cipher.update(plain, "utf8"), cipher.final()]);
	return `${VERSION}.${Buffer.concat([iv, body, cipher.getAuthTag()]).toString("base64url")}`;
}

/** The plain text; throws if `sealed` is malformed, was altered, or was sealed under another key (a rotated secret). */
export function open(sealed: string, key: Buffer): string {
	const [version, data, ...rest] = sealed.split(".");
	const raw = Buffer.from(data ?? "", "base64url");
	if (version !== VERSION || rest.length || raw.length < IV_BYTES + TAG_BYTES) throw new Error("Not a sealed value");
	const decipher = crypto.createDecipheriv("aes-256-gcm", key, raw.subarray(0, IV_BYTES));
	decipher.setAuthTag(raw.subarray(raw.length - TAG_BYTES));
	return Buffer.concat([decipher.update(raw.subarray(IV_BYTES, raw.length - TAG_BYTES)), decipher.final()]).toString("utf8");
}
