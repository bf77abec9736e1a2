// Every error a client can see, by domain, with its HTTP status and a stable SNAKE_CASE code.
import { Errors } from "moleculer";

const { MoleculerClientError } = Errors;
export type ClientError = InstanceType<typeof MoleculerClientError>;

const clientError = (status: number, code: string, message: string, details?: unknown): ClientError =>
	new MoleculerClientError(message, status, code, details);

/** Shared across domains. */
export const CommonErrors = {
	badRequest: (message: string, details?: unknown) => clientError(400, "BAD_REQUEST", message, details),
	unauthorized: (message = "Authentication required") => clientError(401, "UNAUTHORIZED", message),
	forbidden: (message = "Your role may not do this") => clientError(403, "FORBIDDEN", message),
	conflict: (code: string, message: string, details?: unknown) => clientError(409, code, message, details),
	/** A PATCH that names none of the fields it could change. */
	nothingToChange: (fields: string[]) =>
		clientError(400, "BAD_REQUEST", `Nothing to change: send ${fields.join(", ")}`, [
			{ field: "body", type: "required", message: `At least one of ${fields.join(", ")}` },
		]),
	rateLimited: (retryAfterSeconds: number) =>
		clientError(429, "RATE_LIMITED", `Too many attempts; try again in ${retryAfterSeconds} s`, { retryAfterSeconds }),
};

export const AuthErrors = {
	invalidCredentials: () => clientError(401, "INVALID_CREDENTIALS", "Wrong username or password"),
	invalidToken: (message = "The access token is invalid or expired") => clientError(401, "INVALID_TOKEN", message),
	invalidRefreshToken: () => clientError(401, "INVALID_REFRESH_TOKEN", "The refresh token is invalid, expired or revoked"),
	refreshTokenReused: () =>
		clientError(401, "REFRESH_TOKEN_REUSED", "This refresh token was already used; the session has been revoked, log in again"),
	userInactive: () => clientError(401, "USER_INACTIVE", "This account is deactivated"),
	userNotFound: (id: string) => clientError(404, "USER_NOT_FOUND", `No user with id ${id}`, { id }),
	usernameTaken: (username: string) => clientError(409, "USERNAME_TAKEN", `The username "${username}" is taken`, { username }),
	lastAdmin: () => clientError(409, "LAST_ADMIN", "This is the last active admin; make another admin first"),
	notYourSession: () => clientError(403, "FORBIDDEN", "That refresh token belongs to another user"),
};

export const MenuErrors = {
	categoryNotFound: (id: string) => clientError(404, "CATEGORY_NOT_FOUND", `No menu category with id ${id}`, { id }),
	itemNotFound: (id: string) => clientError(404, "MENU_ITEM_NOT_FOUND", `No menu item with id ${id}`, { id }),
	categoryNotEmpty: (id: string, items: number) =>
		clientError(409, "CATEGORY_NOT_EMPTY", `The category still holds ${items} item(s); move or delete them first`, { id, items }),
	availabilityOnly: (fields: string[]) =>
		clientError(403, "FORBIDDEN", `Your role may only change "available" on a menu item (not ${fields.join(", ")})`, { fields }),
};
