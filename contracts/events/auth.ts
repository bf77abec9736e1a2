// Events the auth service produces: accounts created and changed, sign-ins started and refused.
import type { Role, User } from "../domain";

export const USER_EVENTS = { created: "user.created", updated: "user.updated" } as const;
/** Sign-ins, for the audit trail: each one that succeeded, and each one refused (a wrong password, an inactive user). */
export const SIGN_IN_EVENTS = { started: "session.started", refused: "login.refused" } as const;

export interface UserCreated {
	user: User;
	by: string | null;
}

export interface UserUpdated {
	user: User;
	/** The fields that changed: username, fullName, role, isActive, password. */
	changed: string[];
	/** role changes: the role the user had before. */
	previousRole?: Role;
	by: string | null;
	/** "set-password": changed at the server's console, not through the API. */
	via?: string;
}

export interface SessionStarted {
	user: User;
	sessionId: string;
	ip: string | null;
	userAgent: string | null;
	/**
	 * How: a password, a PIN on a shared tablet, or "device": a manager or an admin signing a shared tablet in (the
	 * session is the tablet's, good only for PIN sign-ins). Absent on events before PINs: a password.
	 */
	method?: SignInMethod;
	/**
	 * A PIN sign-in: the tablet's device session and the manager or admin it belongs to. A device sign-in: the
	 * manager's or admin's own session that signed the tablet in, and the tablet's name when given.
	 */
	device?: { userId: string; sessionId: string; name?: string };
}

export interface LoginRefused {
	username: string;
	/** The account the name belongs to, when there is one. */
	userId: string | null;
	reason: "unknown user" | "wrong password" | "inactive user" | "wrong pin";
	ip: string | null;
	userAgent: string | null;
	/** A PIN refused on a shared tablet: "pin" (username is then empty); absent: a password. */
	method?: SignInMethod;
	device?: { userId: string; sessionId: string };
}

export type SignInMethod = "password" | "pin" | "device";

export interface AuthEvents {
	"user.created": UserCreated;
	"user.updated": UserUpdated;
	"session.started": SessionStarted;
	"login.refused": LoginRefused;
}
