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
	/** A field the validator cannot judge alone (it depends on another field, or on the thing being changed). */
	invalidField: (field: string, type: string, message: string) =>
		new Errors.ValidationError(message, "VALIDATION_ERROR", [{ field, type, message }]),
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
	invalidPin: () => clientError(401, "INVALID_PIN", "Wrong PIN"),
	pinTaken: () => clientError(409, "PIN_TAKEN", "Another active user has this PIN; choose another"),
	/** A shared tablet's device session used for anything but a PIN sign-in, its refresh or its logout. */
	deviceOnly: () => clientError(403, "FORBIDDEN", "A tablet's device sign-in may only sign staff in by PIN"),
	/** A PIN sign-in with a manager's or admin's own session: the tablet must hold a device session, not theirs. */
	deviceSignInRequired: () =>
		clientError(
			403,
			"FORBIDDEN",
			"A tablet must be signed in as a device first (POST /auth/devices): a manager's or admin's own session does not sign staff in by PIN",
		),
};

export const MenuErrors = {
	categoryNotFound: (id: string) => clientError(404, "CATEGORY_NOT_FOUND", `No menu category with id ${id}`, { id }),
	itemNotFound: (id: string) => clientError(404, "MENU_ITEM_NOT_FOUND", `No menu item with id ${id}`, { id }),
	categoryNotEmpty: (id: string, items: number) =>
		clientError(409, "CATEGORY_NOT_EMPTY", `The category still holds ${items} item(s); move or delete them first`, { id, items }),
	availabilityOnly: (fields: string[], what = "a menu item") =>
		clientError(403, "FORBIDDEN", `Your role may only change "available" on ${what} (not ${fields.join(", ")})`, { fields }),
	modifierGroupNotFound: (id: string) => clientError(404, "MODIFIER_GROUP_NOT_FOUND", `No modifier group with id ${id}`, { id }),
	modifierOptionNotFound: (id: string) => clientError(404, "MODIFIER_OPTION_NOT_FOUND", `No modifier option with id ${id}`, { id }),
	/** menu.reserve: a countdown has fewer portions left than asked for (two tablets racing for the last one: one gets this). */
	soldOut: (items: { id: string; name: string; remaining: number }[]) =>
		clientError(409, "ITEM_UNAVAILABLE", `Not enough left: ${items.map(i => `${i.name} (${i.remaining} left)`).join(", ")}`, {
			menuItemIds: items.map(i => i.id),
			remaining: Object.fromEntries(items.map(i => [i.id, i.remaining])),
		}),
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
	cannotTakeTable: (userId: string, why: string) =>
		clientError(409, "USER_CANNOT_TAKE_TABLE", `This user cannot take the table: ${why}`, { userId }),
	notCancellable: (id: string) =>
		clientError(409, "ORDER_NOT_CANCELLABLE", "Some of this order is ready or served; void items instead", { id }),
	notServed: (id: string, items: { id: string; name: string; status: string }[]) =>
		clientError(
			409,
			"ORDER_NOT_SERVED",
			`Serve or void every item before the bill: ${items.map(i => `${i.name} is ${i.status}`).join(", ")}`,
			{
				orderId: id,
				items: items.map(i => ({ id: i.id, name: i.name, status: i.status })),
			},
		),
	/** Serving: the items named (or, none named, the whole order) that are not ready to go out. */
	notReady: (id: string, items: { id: string; name: string; status: string }[]) =>
		clientError(
			409,
			"ORDER_NOT_READY",
			items.length
				? `Not ready to serve: ${items.map(i => `${i.name} is ${i.status}`).join(", ")}`
				: "Nothing on this order is ready to serve",
			{
				orderId: id,
				items: items.map(i => ({ id: i.id, name: i.name, status: i.status })),
			},
		),
	itemsNotFound: (orderId: string, ids: string[]) =>
		clientError(404, "ORDER_ITEM_NOT_FOUND", `No item ${ids.join(", ")} on this order`, { orderId, itemIds: ids }),
	itemState: (id: string, status: string, wanted: string) =>
		clientError(409, "ITEM_STATE_CONFLICT", `The item is ${status}; it cannot become ${wanted}`, { id, status, wanted }),
	voidInPreparation: (id: string, status: string) =>
		clientError(409, "ITEM_IN_PREPARATION", `The item is ${status}; only an admin may void it now`, { id, status }),
	/** A held line cannot be started, readied or served until its course is fired. */
	itemHeld: (id: string, name: string, course: number) =>
		clientError(409, "ITEM_HELD", `${name} is held until course ${course} is fired`, { id, course }),
	/** A modifier choice the item's groups do not allow, or a required one missing: 400 naming the line and the group. */
	badModifiers: (field: string, group: string, message: string) =>
		new Errors.ValidationError(message, "VALIDATION_ERROR", [{ field, type: "modifiers", message, group }]),
	unavailableOptions: (options: { id: string; name: string }[]) =>
		clientError(409, "ITEM_UNAVAILABLE", `Sold out (86): ${options.map(o => o.name).join(", ")}`, {
			optionIds: options.map(o => o.id),
		}),
};

export const KitchenErrors = {
	ticketNotFound: (orderId: string, station?: string) =>
		clientError(404, "TICKET_NOT_FOUND", `No ticket for order ${orderId}${station ? ` at ${station}` : ""}`, { orderId, station }),
	ticketAlreadyBumped: (orderId: string, station: string) =>
		clientError(409, "TICKET_ALREADY_BUMPED", "This ticket is already bumped", { orderId, station }),
	ticketNotBumped: (orderId: string, station: string) =>
		clientError(409, "TICKET_NOT_BUMPED", "Only a bumped ticket can be recalled", { orderId, station }),
	ticketHeld: (orderId: string, station: string) =>
		clientError(409, "TICKET_HELD", "Everything on this ticket is held until its course is fired", { orderId, station }),
	ticketClosed: (orderId: string, station: string) =>
		clientError(409, "TICKET_CLOSED", "Nothing on this ticket is left to cook (served, voided or cancelled)", { orderId, station }),
};

export const BillingErrors = {
	billNotFound: (id: string) => clientError(404, "BILL_NOT_FOUND", `No bill with id ${id}`, { id }),
	paymentNotFound: (id: string) => clientError(404, "PAYMENT_NOT_FOUND", `No payment with id ${id}`, { id }),
	nothingToBill: (tableId: string, openBillIds: string[]) =>
		clientError(
			409,
			"NOTHING_TO_BILL",
			`The table has no unbilled orders${openBillIds.length ? "; its open bill is waiting for payment" : ""}`,
			{
				tableId,
				openBillIds,
			},
		),
	notOpen: (id: string, status: string) => clientError(409, "BILL_NOT_OPEN", `The bill is ${status}; it cannot change`, { id, status }),
	hasPayments: (id: string) =>
		clientError(409, "BILL_HAS_PAYMENTS", "Payments were taken on this bill; refund them before splitting it", { id }),
	splitPart: (id: string) =>
		clientError(409, "BILL_IS_SPLIT_PART", "This bill is already a part of a split; split the whole bill instead", { id }),
	exceedsBalance: (id: string, balanceCents: number) =>
		clientError(409, "PAYMENT_EXCEEDS_BALANCE", `The payment is more than the ${balanceCents} cents left to pay`, { id, balanceCents }),
	discountBelowPaid: (id: string, paidCents: number) =>
		clientError(409, "DISCOUNT_BELOW_PAID", "After this discount the bill would be less than what was already paid", { id, paidCents }),
	discountTooLarge: (subtotalCents: number) =>
		clientError(400, "DISCOUNT_TOO_LARGE", `A discount cannot exceed the subtotal of ${subtotalCents} cents`, [
			{
				field: "amountCents",
				type: "numberMax",
				message: `The 'amountCents' field must be at most ${subtotalCents}`,
				expected: subtotalCents,
			},
		]),
	declined: (paymentId: string, reason: string) => clientError(402, "PAYMENT_DECLINED", reason, { paymentId }),
	providerUnavailable: (paymentId: string) =>
		clientError(
			503,
			"PAYMENT_PROVIDER_UNAVAILABLE",
			"The card provider did not answer; the payment stays pending and is checked again shortly",
			{ paymentId },
		),
	refundPending: (paymentId: string, refundId: string) =>
		clientError(503, "REFUND_PENDING", "The card provider did not answer; the refund stays pending and is checked again shortly", {
			paymentId,
			refundId,
		}),
	notCaptured: (id: string, status: string) =>
		clientError(409, "PAYMENT_NOT_CAPTURED", `The payment is ${status}; only a captured payment can be refunded`, { id, status }),
	refundExceedsPayment: (id: string, refundableCents: number) =>
		clientError(409, "REFUND_EXCEEDS_PAYMENT", `At most ${refundableCents} cents of this payment can be refunded`, {
			id,
			refundableCents,
		}),
	noSeats: (id: string) => clientError(409, "NO_SEATS", "No line on this bill has a seat; split it evenly or by items", { id }),
	refundRejected: (id: string, reason: string) =>
		clientError(409, "REFUND_REJECTED", `The provider refused the refund: ${reason}`, { id }),
	notPaid: (id: string, status: string) =>
		clientError(409, "BILL_NOT_PAID", `The bill is ${status}; only a paid bill can be reopened`, { id, status }),
};

export const NotificationErrors = {
	notFound: (id: string) => clientError(404, "NOTIFICATION_NOT_FOUND", `You have no notification with id ${id}`, { id }),
};

export const ReportErrors = {
	badRange: (field: "from" | "to", message: string) => CommonErrors.invalidField(field, "date", message),
};

export const DeviceErrors = {
	printerNotFound: (id: string) => clientError(404, "PRINTER_NOT_FOUND", `No printer with id ${id}`, { id }),
	noPrinter: (kind: string) =>
		clientError(409, "NO_PRINTER", `No ${kind} printer is set up; add one under Printers or name one`, { kind }),
	badFallback: (message: string) => clientError(400, "BAD_FALLBACK_PRINTER", message),
};

export const DrawerErrors = {
	notFound: (id: string) => clientError(404, "DRAWER_NOT_FOUND", `No drawer with id ${id}`, { id }),
	alreadyOpen: (name: string, id: string) =>
		clientError(409, "DRAWER_ALREADY_OPEN", `The drawer ${name} is already open; close it first`, { name, id }),
	closed: (id: string) => clientError(409, "DRAWER_CLOSED", "This drawer is closed", { id }),
};

export const ApprovalErrors = {
	/**
	 * A staff member asked for something only a manager may do (PERMISSIONS[permission]). The gateway adds
	 * `approvalRequestId` to the details: the request a manager approves (PIN or tap).
	 */
	required: (permission: string, approvalRequestId?: string) =>
		clientError(403, "APPROVAL_REQUIRED", `A manager must approve this (${permission}); ask one to enter their PIN or approve it`, {
			action: permission,
			...(approvalRequestId && { approvalRequestId }),
		}),
	/** An X-Approval token that is not (or no longer) good for this request, and why. */
	invalid: (why: string) => clientError(403, "APPROVAL_INVALID", `This approval cannot be used: ${why}`, { why }),
	decided: (id: string, status: string) => clientError(409, "APPROVAL_DECIDED", `This request is already ${status}`, { id, status }),
	notFound: (id: string) => clientError(404, "APPROVAL_NOT_FOUND", `No approval request with id ${id}`, { id }),
};
