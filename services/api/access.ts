// Who may call what: the bearer token read from a header, and each action's declared `access` decided in one place.
import ApiGateway from "moleculer-web";
import { admits, admitsGuest, AuthErrors, GUEST_TOKEN_PREFIX, type Access, type AuthUser, type GuestCaller } from "../../contracts";

const { UnAuthorizedError, ForbiddenError, ERR_NO_TOKEN } = ApiGateway.Errors;

/** The longest bearer token looked up; auth.resolveToken refuses longer as input. */
export const MAX_TOKEN_LENGTH = 4096;

const BEARER = /^Bearer\s+(\S+)\s*$/i;

/** The token of an `Authorization: Bearer <token>` header; undefined for a header of any other shape. */
export function bearerOf(header: string | undefined): string | undefined {
	return BEARER.exec(header ?? "")?.[1];
}

/** What an Authorization header holds: nothing (null), a token to look up, or why it cannot be one of ours. */
export function readBearer(header: string | undefined): { token: string } | { problem: string } | null {
	if (!header) return null;
	const token = bearerOf(header);
	if (token === undefined) return { problem: "Use Authorization: Bearer <accessToken>" };
	// No token we issue comes near this length: one that does is not ours (401), never a field to validate.
	if (token.length > MAX_TOKEN_LENGTH) return { problem: "This is not a token Brigade issued; log in again" };
	return { token };
}

/** An action's access as declared; one that declares none is admin-only, so a forgotten `access` fails closed. */
export function accessOf(action: { access?: Access } | undefined): Access {
	return action?.access ?? ["admin"];
}

/** Whether a bearer token is a guest session's (POST /guest/sessions) rather than a staff member's. */
export function isGuestBearer(token: string): boolean {
	return token.startsWith(GUEST_TOKEN_PREFIX);
}

/**
 * Throws unless `access` admits the caller: 401 when a signed-in user is needed and there is none, 403 for a role not
 * listed. A guest session (`guest`, no user) is admitted only where the list names "guest" (or the action is public):
 * anywhere else 403, never 401, as the token is good, just not for this.
 */
export function authorizeCaller(
	access: Access,
	user: Pick<AuthUser, "role"> | null | undefined,
	guest?: Pick<GuestCaller, "sessionId"> | null,
): void {
	if (access === "public") return;
	if (!user && guest) {
		if (admitsGuest(access)) return;
		throw new ForbiddenError("FORBIDDEN", {
			message: "A guest session may only read its table's order, order, call the waiter and pay",
		});
	}
	if (!user) throw new UnAuthorizedError(ERR_NO_TOKEN, null);
	if (access === "user") return;
	// The one table (contracts PERMISSIONS): a manager is admitted wherever staff is.
	if (!admits(access, user.role)) {
		throw new ForbiddenError("FORBIDDEN", { message: `Only ${access.join(" or ")} may do this; you are ${user.role}` });
	}
}

/** What a shared tablet's device session (scope "device") may call besides public actions: sign staff in by PIN, stay on. */
export const DEVICE_ACTIONS: readonly string[] = ["auth.pinLogin", "auth.refresh", "auth.logout"];

/**
 * The caller as an action sees it. A device session is its manager's or admin's, yet it may only sign staff in by
 * PIN: any other action is 403, and a public one (metrics included) sees nobody signed in, never the manager.
 */
export function callerFor(action: { name?: string; access?: Access } | undefined, user: AuthUser): AuthUser | null {
	if (user.scope !== "device" || DEVICE_ACTIONS.includes(action?.name ?? "")) return user;
	if (accessOf(action) === "public") return null;
	throw AuthErrors.deviceOnly();
}
