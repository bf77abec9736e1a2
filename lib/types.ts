// The domain's shared shapes, as API.md puts them on the wire: imported by services and tests alike.

export const ROLES = ["admin", "staff", "kitchen"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may call an action through the gateway, declared on the action as `access`:
 * "public" (no token), "user" (any signed-in user) or the list of roles allowed.
 * An action with `rest` and no `access` is admin-only, so a forgotten declaration fails closed.
 */
export type Access = "public" | "user" | readonly Role[];

export interface User {
	id: string;
	username: string;
	fullName: string;
	role: Role;
	isActive: boolean;
	createdAt: string;
}

/** What the gateway puts in ctx.meta.user for a signed-in caller. */
export interface AuthUser extends User {
	sessionId: string;
}

/** ctx.meta as the gateway fills it for every call it makes. */
export interface GatewayMeta {
	user?: AuthUser | null;
	ip?: string;
	userAgent?: string;
	idempotencyKey?: string;
	$statusCode?: number;
	$responseType?: string;
	$responseHeaders?: Record<string, string>;
}

export interface TokenPair {
	accessToken: string;
	refreshToken: string;
	/** Seconds until the access token expires. */
	expiresIn: number;
	user: User;
}

/** A dish or drink on the menu, as API.md's `item`. */
export interface MenuItem {
	id: string;
	categoryId: string;
	name: string;
	description: string;
	priceCents: number;
	/** The kitchen station that cooks it, e.g. grill, cold, bar. */
	station: string;
	/** false once the item is 86'd (sold out). */
	available: boolean;
}

export interface MenuCategory {
	id: string;
	name: string;
	position: number;
}
