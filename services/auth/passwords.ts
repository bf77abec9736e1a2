// Passwords: the rules, the bcrypt hash and generated ones, shared by the auth service and `npm run set-password`.
import bcrypt from "bcryptjs";
import crypto from "node:crypto";

export const PASSWORD_MIN_LENGTH = 8;
/** bcrypt reads only the first 72 bytes: a longer password is refused so no part of it is silently ignored. */
export const PASSWORD_MAX_BYTES = 72;

export function hashPassword(plain: string, rounds: number): Promise<string> {
	return bcrypt.hash(plain, rounds);
}

export function checkPassword(plain: string, hash: string): Promise<boolean> {
	return bcrypt.compare(plain, hash);
}

/** Why `plain` cannot be a password, or undefined when it can. */
export function passwordProblem(plain: string): string | undefined {
	if (plain.length < PASSWORD_MIN_LENGTH) return `The password must be at least ${PASSWORD_MIN_LENGTH} characters`;
	if (Buffer.byteLength(plain, "utf8") > PASSWORD_MAX_BYTES) return `The password must be at most ${PASSWORD_MAX_BYTES} bytes in UTF-8`;
	return undefined;
}

/** 16 characters from 96 random bits, in letters, digits, - and _ (nothing a terminal or a form mangles). */
export function generatePassword(): string {
	return crypto.randomBytes(12).toString("base64url");
}
