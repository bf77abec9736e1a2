// Access tokens (short-lived JWTs, HS256 pinned) and refresh tokens (random, stored only as a hash).
import crypto from "node:crypto";
import jwt from "jsonwebtoken";
import type { Role, SessionScope } from "../../contracts";

const ALGORITHM = "HS256" as const;
const ISSUER = "brigade";

export interface AccessClaims {
	sub: string;
	sid: string;
	role: Role;
	/** "device": a shared tablet's session (contracts AuthUser.scope); absent for a user's own. */
	scope?: SessionScope;
	exp: number;
}

export function signAccessToken(secret: string, audience: string, claims: Omit<AccessClaims, "exp">, ttlSeconds: number): string {
	return jwt.sign({ sid: claims.sid, role: claims.role, ...(claims.scope && { scope: claims.scope }) }, secret, {
		algorithm: ALGORITHM,
		subject: claims.sub,
		issuer: ISSUER,
		audience,
		expiresIn: ttlSeconds,
		// Unique per token, so two issued in the same second still differ (and can be told apart in logs).
		jwtid: crypto.randomUUID(),
	});
}

/** Returns the claims, or undefined for any token we did not sign or that has expired. */
export function verifyAccessToken(secret: string, audience: string, token: string): AccessClaims | undefined {
	try {
		const payload = jwt.verify(token, secret, { algorithms: [ALGORITHM], issuer: ISSUER, audience }) as jwt.JwtPayload;
		if (typeof payload.sub !== "string" || typeof payload.sid !== "string" || typeof payload.exp !== "number") return undefined;
		const scope = payload.scope === "device" ? ("device" as const) : undefined;
		return { sub: payload.sub, sid: payload.sid, role: payload.role as Role, ...(scope && { scope }), exp: payload.exp };
	} catch {
		return undefined;
	}
}

export function newRefreshToken(): string {
	return crypto.randomBytes(32).toString("base64url");
}

export function hashRefreshToken(token: string): string {
	return crypto.createHash("sha256").update(token).digest("hex");
}
