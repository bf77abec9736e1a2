// Guests at the table (API.md "Guests"): the guest caller the gateway puts in ctx.meta.guest, the order as a guest
// sees it (no staff data), guest rounds and calls, and the guest domain's errors.
import crypto from "node:crypto";
import { Errors } from "moleculer";
import type { Bill, ChosenModifier, ItemStatus, Order, OrderStatus } from "./domain";

const { MoleculerClientError } = Errors;
const clientError = (status: number, code: string, message: string, details?: unknown) =>
	new MoleculerClientError(message, status, code, details);

/**
 * Who took an order a guest started from the QR page (`createdBy`, the lines' `takenBy`) until a waiter confirms
 * its round (who then has the table): the nil UUID, as a guest is not a user.
 */
export const GUEST_ACTOR = "00000000-0000-0000-0000-000000000000";

/** The member of an action's `access` list that admits a guest session (`["guest"]`, `["staff", "admin", "guest"]`). */
export const GUEST = "guest" as const;

/**
 * Who a guest token (`gst_…`) is: one phone at one table. The gateway sets ctx.meta.guest (ctx.meta.user stays null).
 * `orderId` is the table's order the session follows: the one open when it was created or resolved, null while the
 * table has none.
 */
export interface GuestCaller {
	sessionId: string;
	tableId: string;
	tableName: string;
	orderId: string | null;
	/** Epoch milliseconds. */
	expiresAt: number;
	/**
	 * Epoch milliseconds: a session that follows no order yet must find one opened at its table before this
	 * (GUEST_UNBOUND_MS after it was opened), or it lapses; null once it follows one.
	 */
	unboundUntil: number | null;
}

export const GUEST_TOKEN_PREFIX = "gst_";

/**
 * What is stored, looked up and cached for a guest token: its sha256 (a stolen table of hashes, or a cache's keys,
 * open no session). The gateway hashes the bearer before asking the guest service about it.
 */
export function hashGuestToken(token: string): string {
	return crypto.createHash("sha256").update(token).digest("hex");
}

/** What a venue lets guests do (GUEST_ORDERING): nothing but read the menu, order for a waiter's confirm, order straight to the kitchen. */
export type GuestOrdering = "off" | "confirm" | "direct";

/** POST /guest/sessions → 201. */
export interface GuestSession {
	guestToken: string;
	/** ISO instant. */
	expiresAt: string;
	table: { id: string; name: string };
	ordering: GuestOrdering;
}

/** One line of the order as a guest sees it: no staff data (who took it, comps' reasons, void reasons, remakes). */
export interface GuestOrderLine {
	id: string;
	menuItemId: string;
	name: string;
	quantity: number;
	/** 0 for a line given away or a side line (its price is in its main line's options). */
	unitPriceCents: number;
	notes: string;
	/** "pending": a guest round waiting for a waiter's confirm (counts in no total). */
	status: ItemStatus;
	round: number;
	seat: number | null;
	course: number;
	modifiers: ChosenModifier[];
	partOf: string | null;
	createdAt: string;
}

/** GET /guest/order: the table's open order without staff data (no createdBy, takenBy, assignedTo). */
export interface GuestOrderView {
	id: string;
	tableId: string;
	tableName: string;
	status: OrderStatus;
	items: GuestOrderLine[];
	/** Sum over the lines that are neither voided nor pending. */
	totalCents: number;
	/** Guest rounds waiting for a waiter (their round numbers). */
	pendingRounds: number[];
	createdAt: string;
	updatedAt: string;
	version: number;
}

/** The order as a guest sees it: no staff data (who took or has it, void and comp reasons, remakes), no voided lines. */
export function guestViewOf(order: Order): GuestOrderView {
	const items: GuestOrderLine[] = order.items
		.filter(i => i.status !== "voided")
		.map(i => ({
			id: i.id,
			menuItemId: i.menuItemId,
			name: i.name,
			quantity: i.quantity,
			unitPriceCents: i.unitPriceCents,
			notes: i.notes,
			status: i.status,
			round: i.round,
			seat: i.seat,
			course: i.course,
			modifiers: i.modifiers,
			partOf: i.partOf,
			createdAt: i.createdAt,
		}));
	const pendingRounds = [...new Set(items.filter(i => i.status === "pending").map(i => i.round))].sort((a, b) => a - b);
	return {
		id: order.id,
		tableId: order.tableId ?? "",
		tableName: order.tableName ?? "",
		status: order.status,
		items,
		totalCents: order.totalCents,
		pendingRounds,
		createdAt: order.createdAt,
		updatedAt: order.updatedAt,
		version: order.version,
	};
}

/** A bill as its table's guests see it live (`bill:update` on a guest socket): amounts and lines, no staff or payment details. */
export type GuestBillView = Pick<
	Bill,
	| "id"
	| "tableId"
	| "tableName"
	| "status"
	| "orderIds"
	| "subtotalCents"
	| "discountCents"
	| "serviceChargeCents"
	| "taxCents"
	| "totalCents"
	| "paidCents"
	| "pendingCents"
	| "balanceCents"
	| "tipCents"
	| "parentId"
	| "split"
	| "paidAt"
	| "version"
> & { lines: Omit<Bill["lines"][number], "waiterId" | "comp">[] };

export function guestBillOf(bill: Bill): GuestBillView {
	return {
		id: bill.id,
		tableId: bill.tableId,
		tableName: bill.tableName,
		status: bill.status,
		orderIds: bill.orderIds,
		lines: bill.lines.map(({ waiterId: _w, comp: _c, ...line }) => line),
		subtotalCents: bill.subtotalCents,
		discountCents: bill.discountCents,
		serviceChargeCents: bill.serviceChargeCents,
		taxCents: bill.taxCents,
		totalCents: bill.totalCents,
		paidCents: bill.paidCents,
		pendingCents: bill.pendingCents,
		balanceCents: bill.balanceCents,
		tipCents: bill.tipCents,
		parentId: bill.parentId,
		split: bill.split,
		paidAt: bill.paidAt,
		version: bill.version,
	};
}

/** POST /guest/order/items → 202; also what `order.guestRound` answers. */
export interface GuestRoundResult {
	status: "pending_confirmation" | "sent";
	orderId: string;
	round: number;
}

/**
 * How much a guest's phone may ask for at once (a QR code is open to anyone at the table, or anyone with its photo):
 * a round of up to `maxLines` lines of up to `maxQuantity` each (a public takeout too), one round per session waiting
 * for the waiter, and at most `maxPendingPortions` portions waiting on one table's order across its phones — the
 * portions of a countdown dish a waiting round holds are bounded, so no code can sell a dish out unseen.
 */
export const GUEST_ROUND_LIMITS = { maxLines: 10, maxQuantity: 10, maxPendingPortions: 40 } as const;

/**
 * A guest session opened at a table with no order follows the first order opened there within this long; after it,
 * with none, the session lapses (a phone left from an earlier party never reads the next one's order).
 */
export const GUEST_UNBOUND_MS = 20 * 60_000;

export const GUEST_CALL_KINDS = ["waiter", "bill"] as const;
export type GuestCallKind = (typeof GUEST_CALL_KINDS)[number];

/** Pushed to staff and admin as `guest:call`. */
export interface GuestCallPush {
	tableId: string;
	tableName: string;
	kind: GuestCallKind;
	/** ISO instant. */
	at: string;
}

/** Pushed to staff and admin as `guest:round`: a guest round arrived (pending or sent), was confirmed or rejected. */
export interface GuestRoundPush {
	orderId: string;
	tableId: string;
	tableName: string;
	round: number;
	status: "pending" | "sent" | "confirmed" | "rejected";
}

export const GuestErrors = {
	/** Unknown, revoked or expired guest token. */
	sessionInvalid: (message = "This guest session is unknown or has expired; scan the table's code again") =>
		clientError(401, "GUEST_SESSION_INVALID", message),
	/** The session's order was paid, cancelled or moved to another table: the guest can do nothing more here. */
	sessionEnded: (reason: "paid" | "cancelled" | "moved") =>
		clientError(
			409,
			"GUEST_SESSION_ENDED",
			reason === "moved"
				? "This table's order moved to another table; ask your waiter"
				: `This table's order is ${reason}; scan the table's code again for a new visit`,
			{ reason },
		),
	/** A guest-only action called by staff (no guest session on the call). */
	guestOnly: () => clientError(403, "FORBIDDEN", "Only a guest session (POST /guest/sessions) may do this"),
	/** GUEST_ORDERING=off. */
	orderingOff: () => clientError(403, "GUEST_ORDERING_OFF", "Ordering from the table is switched off here; please ask your waiter"),
	/** GET /guest/order while the table has no open order. */
	noOpenOrder: (tableId: string) => clientError(404, "ORDER_NOT_FOUND", "Your table has no open order yet", { tableId }),
	/** The same call again too soon. */
	callTooSoon: (kind: GuestCallKind, retryAfterSeconds: number) =>
		clientError(
			429,
			"RATE_LIMITED",
			`The ${kind === "bill" ? "bill" : "waiter"} was called already; try again in ${retryAfterSeconds} s`,
			{
				retryAfterSeconds,
			},
		),
	/** Confirm or reject of a round that is not (or no longer) a pending guest round. */
	/** `status`: what became of the round (confirmed, rejected, sent), or null when there never was one. */
	roundNotPending: (orderId: string, round: number, status: string | null) =>
		clientError(
			409,
			"GUEST_ROUND_NOT_PENDING",
			status
				? `Guest round ${round} of this order was ${status} already`
				: `Round ${round} of this order is not a guest round waiting for a confirm`,
			{ orderId, round, status },
		),
	/** A change that would leave a guest round hanging (a cancel, a merge): the waiter confirms or rejects it first. */
	roundWaiting: (orderId: string, rounds: number[]) =>
		clientError(
			409,
			"GUEST_ROUND_PENDING",
			`A guest's round (${rounds.join(", ")}) waits for a confirm on this order; confirm or reject it first`,
			{ orderId, rounds },
		),
	/**
	 * A guest round while this session's last one still waits for the waiter, or one that would take the table's
	 * waiting portions past GUEST_ROUND_LIMITS.maxPendingPortions.
	 */
	roundAwaitingWaiter: (by: "session" | "table") =>
		clientError(
			409,
			"GUEST_ROUND_WAITING",
			by === "session"
				? "Your last round is waiting for the waiter to confirm it; you can order more once it is confirmed"
				: `Your table's rounds waiting for the waiter already hold ${GUEST_ROUND_LIMITS.maxPendingPortions} portions; order more once they are confirmed`,
			{ by },
		),
	/** A table's order that is not dine-in or its guest round could not go anywhere. */
	tableUnavailable: (tableId: string) =>
		clientError(409, "TABLE_UNAVAILABLE", "This table cannot take an order from a guest now; please ask your waiter", { tableId }),
};
