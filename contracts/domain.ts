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
	/** GET /metrics only: the bearer token as sent, for the gateway to compare with METRICS_TOKEN (never passed on). */
	bearer?: string;
	$statusCode?: number;
	/** Location header of a 201: the gateway fills it from the request path and the new id when unset. */
	$location?: string;
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

export const TABLE_STATUSES = ["available", "occupied", "reserved", "cleaning"] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];

/** A table on the floor, as API.md's `table`. */
export interface Table {
	id: string;
	name: string;
	seats: number;
	area: string;
	status: TableStatus;
}

export const ORDER_STATUSES = ["placed", "in_progress", "ready", "served", "billed", "paid", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

export const ITEM_STATUSES = ["queued", "preparing", "ready", "served", "voided"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** One line of an order: a copy of the menu item's name, station and price as they were when ordered. */
export interface OrderItem {
	id: string;
	menuItemId: string;
	name: string;
	station: string;
	quantity: number;
	unitPriceCents: number;
	notes: string;
	status: ItemStatus;
	/** 1 for the first order, 2 for the next round added to it, and so on. */
	round: number;
	voidReason: string | null;
	/** When its round was sent to the kitchen. */
	createdAt: string;
	/** The user who took this line: who placed the order, or who added its round. The staff report credits them. */
	takenBy: string;
}

export interface Order {
	id: string;
	tableId: string;
	tableName: string;
	status: OrderStatus;
	notes: string;
	items: OrderItem[];
	/** Sum of quantity × unit price over the items that are not voided. */
	totalCents: number;
	createdBy: string;
	createdAt: string;
	updatedAt: string;
	/** Goes up by one with every change, so a consumer can drop a snapshot older than the one it holds. */
	version: number;
}

/** What a kitchen display shows for one order at one station. */
export interface Ticket {
	orderId: string;
	station: string;
	tableName: string;
	placedAt: string;
	status: "open" | "bumped" | "closed";
	bumpedAt: string | null;
	/** The kitchen's copy of each line: who took it is the floor's business, not the pass's. */
	items: (Omit<OrderItem, "takenBy"> & { startedAt: string | null; readyAt: string | null })[];
}

export const BILL_STATUSES = ["open", "paid", "void"] as const;
export type BillStatus = (typeof BILL_STATUSES)[number];

/** One line of a bill: an order item (same id) as it was served, priced as it was ordered. */
export interface BillLine {
	id: string;
	orderId: string;
	menuItemId: string;
	name: string;
	quantity: number;
	unitPriceCents: number;
	amountCents: number;
	/** The waiter who took the line (its order item's takenBy): the staff report credits them with it. */
	waiterId: string | null;
}

export interface Refund {
	id: string;
	amountCents: number;
	status: "pending" | "done" | "failed";
	reason: string;
	createdBy: string | null;
	createdAt: string;
}

export interface Payment {
	id: string;
	billId: string;
	method: "cash" | "card";
	/** pending while a card provider has not answered; failed when it declined. */
	status: "pending" | "captured" | "failed";
	amountCents: number;
	tipCents: number;
	refundedCents: number;
	provider: string;
	providerRef: string | null;
	failureReason: string | null;
	createdBy: string | null;
	createdAt: string;
	capturedAt: string | null;
	refunds: Refund[];
}

/** A bill, as API.md's `bill`: a table's served orders, or one part of a split bill. */
export interface Bill {
	id: string;
	tableId: string;
	tableName: string;
	/** open until paid; void once split into parts (the parts carry its lines and amounts). */
	status: BillStatus;
	orderIds: string[];
	/** Empty on a part of an even split: the whole bill's lines are on the parent. */
	lines: BillLine[];
	subtotalCents: number;
	discountCents: number;
	discountReason: string | null;
	serviceChargeCents: number;
	taxCents: number;
	totalCents: number;
	/** Captured payments; a refund on a paid bill leaves this and adds to refundedCents. */
	paidCents: number;
	/** Card payments the provider has not answered yet: they hold their share of the balance. */
	pendingCents: number;
	/** What is left to pay: total − paid − pending. */
	balanceCents: number;
	tipCents: number;
	refundedCents: number;
	parentId: string | null;
	split: { mode: "even" | "items"; part: number; parts: number } | null;
	payments: Payment[];
	version: number;
	createdBy: string | null;
	createdAt: string;
	paidAt: string | null;
}

/** Something a person on shift should hear about, as API.md's `notification`. */
export interface Notification {
	id: string;
	/** order.ready, item.voided, order.cancelled, payment.refunded */
	type: string;
	message: string;
	data: Record<string, unknown>;
	readAt: string | null;
	createdAt: string;
}

/** Every Socket.IO event: `seq` increases per restaurant so a device can ask for what it missed. */
export interface RealtimeEvent<T = unknown> {
	seq: number;
	type: string;
	at: string;
	data: T;
}
