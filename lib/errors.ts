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

export const TableErrors = {
	notFound: (id: string) => clientError(404, "TABLE_NOT_FOUND", `No table with id ${id}`, { id }),
	nameTaken: (name: string) => clientError(409, "TABLE_NAME_TAKEN", `A table called "${name}" already exists`, { name }),
	occupied: (id: string) => clientError(409, "TABLE_OCCUPIED", "The table is occupied; settle its orders first", { id }),
	statusOnly: (fields: string[]) =>
		clientError(403, "FORBIDDEN", `Your role may only change "status" on a table (not ${fields.join(", ")})`, { fields }),
};

export const OrderErrors = {
	notFound: (id: string) => clientError(404, "ORDER_NOT_FOUND", `No order with id ${id}`, { id }),
	itemNotFound: (id: string) => clientError(404, "ORDER_ITEM_NOT_FOUND", `No order item with id ${id}`, { id }),
	menuItemsNotFound: (ids: string[]) =>
		clientError(404, "MENU_ITEM_NOT_FOUND", `No menu item with id ${ids.join(", ")}`, { menuItemIds: ids }),
	unavailable: (items: { id: string; name: string }[]) =>
		clientError(409, "ITEM_UNAVAILABLE", `Sold out (86): ${items.map(i => i.name).join(", ")}`, { menuItemIds: items.map(i => i.id) }),
	tableHasOpenOrder: (tableId: string, orderId?: string) =>
		clientError(409, "TABLE_HAS_OPEN_ORDER", "This table already has an open order; add a round to it instead", { tableId, orderId }),
	closed: (id: string, status: string) => clientError(409, "ORDER_CLOSED", `The order is ${status}; it cannot change`, { id, status }),
	notCancellable: (id: string) =>
		clientError(409, "ORDER_NOT_CANCELLABLE", "Some of this order is ready or served; void items instead", { id }),
	notServed: (id: string, items: { id: string; name: string; status: string }[]) =>
		clientError(409, "ORDER_NOT_SERVED", `Serve or void every item before the bill: ${items.map(i => `${i.name} is ${i.status}`).join(", ")}`, {
			orderId: id,
			items: items.map(i => ({ id: i.id, name: i.name, status: i.status })),
		}),
	notReady: (id: string) => clientError(409, "ORDER_NOT_READY", "Every live item must be ready before the order is served", { id }),
	itemState: (id: string, status: string, wanted: string) =>
		clientError(409, "ITEM_STATE_CONFLICT", `The item is ${status}; it cannot become ${wanted}`, { id, status, wanted }),
	voidInPreparation: (id: string, status: string) =>
		clientError(409, "ITEM_IN_PREPARATION", `The item is ${status}; only an admin may void it now`, { id, status }),
};

export const KitchenErrors = {
	ticketNotFound: (orderId: string, station?: string) =>
		clientError(404, "TICKET_NOT_FOUND", `No ticket for order ${orderId}${station ? ` at ${station}` : ""}`, { orderId, station }),
	ticketAlreadyBumped: (orderId: string, station: string) =>
		clientError(409, "TICKET_ALREADY_BUMPED", "This ticket is already bumped", { orderId, station }),
	ticketNotBumped: (orderId: string, station: string) =>
		clientError(409, "TICKET_NOT_BUMPED", "Only a bumped ticket can be recalled", { orderId, station }),
	ticketClosed: (orderId: string, station: string) =>
		clientError(409, "TICKET_CLOSED", "Nothing on this ticket is left to cook (served, voided or cancelled)", { orderId, station }),
};
