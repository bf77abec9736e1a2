// The domain's shared shapes, as API.md puts them on the wire: imported by services and tests alike.
import type { GuestCaller } from "./guest";

export const ROLES = ["admin", "staff", "kitchen", "manager"] as const;
export type Role = (typeof ROLES)[number];

/**
 * Who may do what, in one table. A role also acts as the roles it lists in `actsAs` (a manager is staff on the
 * floor), and each power beyond an action's declared `access` names the roles that hold it. The gateway
 * (`admits`) and the services' own checks (`can`) read this table and nothing else.
 */
export const PERMISSIONS = {
	actsAs: { admin: [], staff: [], kitchen: [], manager: ["staff"] } as Record<Role, readonly Role[]>,
	/** Discount a bill. */
	discount: ["manager", "admin"],
	/** Give a line away. */
	comp: ["manager", "admin"],
	/** Void a line the kitchen has started (a queued line any waiter may void). */
	voidStarted: ["manager", "admin"],
	/** Refund a payment. */
	refund: ["manager", "admin"],
	/** Read the reports (GET /reports/*). */
	reports: ["manager", "admin"],
	/** Make and change accounts. */
	manageUsers: ["admin"],
	/** Prices and the menu's shape (everyone on shift may still 86 a dish). */
	menuPrices: ["admin"],
	/** Reopen a paid bill. */
	reopenBill: ["manager", "admin"],
	/** Open, count and close cash drawers. */
	drawer: ["manager", "admin"],
} as const;

export type Permission = Exclude<keyof typeof PERMISSIONS, "actsAs">;

/**
 * What a staff member may still do with a manager's approval on the spot (API.md "Approvals"): an action that
 * declares `approval: <one of these>` answers a caller its `access` does not admit 403 APPROVAL_REQUIRED with a
 * request a manager approves, instead of a plain 403.
 */
export const APPROVABLE: readonly Permission[] = ["discount", "comp", "voidStarted", "refund", "reopenBill"];

/** Whether `access` admits `role`, directly or through a role it acts as. */
export function admits(access: Access, role: Role | null | undefined): boolean {
	if (access === "public") return true;
	if (!role) return false;
	if (access === "user") return true;
	return access.includes(role) || (PERMISSIONS.actsAs[role] ?? []).some(r => access.includes(r));
}

/** Whether `access` admits a guest session (a `gst_` token): only a list naming "guest" does, never "user". */
export function admitsGuest(access: Access): boolean {
	return access === "public" || (access !== "user" && access.includes("guest"));
}

/** Whether `role` holds `permission`. */
export function can(role: Role | null | undefined, permission: Permission): boolean {
	return admits(PERMISSIONS[permission], role);
}

/**
 * Who may call an action through the gateway, declared on the action as `access`:
 * "public" (no token), "user" (any signed-in user) or the list of roles allowed, where "guest" admits a guest
 * session (contracts/guest.ts: `["guest"]` guest only, `["staff", "admin", "guest"]`); "user" never admits a guest.
 * An action with `rest` and no `access` is admin-only, so a forgotten declaration fails closed.
 */
export type Access = "public" | "user" | readonly (Role | "guest")[];

/**
 * What an action declares to the gateway: `access` (who may call it) and, for an action a staff member may do with
 * a manager's approval, `approval` (the APPROVABLE permission it needs).
 */
export interface ActionDeclaration {
	access?: Access;
	approval?: Permission;
}

export interface User {
	id: string;
	username: string;
	fullName: string;
	role: Role;
	isActive: boolean;
	createdAt: string;
	/**
	 * The account has a PIN for shared tablets (the PIN itself is never shown). Always sent by the API; optional
	 * here because user events recorded before PINs existed carry none.
	 */
	hasPin?: boolean;
	/** Where invitations and password resets go (unique among users, kept lower-case); null: none. */
	email?: string | null;
}

/** What the gateway puts in ctx.meta.user for a signed-in caller. */
export interface AuthUser extends User {
	sessionId: string;
	/**
	 * "device": a shared tablet's sign-in (POST /auth/devices), its manager's or admin's but good only for signing staff
	 * in by PIN; the gateway refuses it every other action. Absent: the user's own session.
	 */
	scope?: SessionScope;
}

/** What a session may do: "device" only signs staff in by PIN on a shared tablet. */
export type SessionScope = "device";

/** ctx.meta as the gateway fills it for every call it makes. */
export interface GatewayMeta {
	user?: AuthUser | null;
	/** A guest session's caller (a `gst_` bearer); user is null then. Never set for a staff token. */
	guest?: GuestCaller;
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
	/** A manager's approval the request carried (X-Approval), claimed for this one call by the gateway. */
	approval?: { id: string; permission: Permission; by: { id: string; fullName: string } };
}

export interface TokenPair {
	accessToken: string;
	refreshToken: string;
	/** Seconds until the access token expires. */
	expiresIn: number;
	user: User;
}

/** One choice in a modifier group ("Medium rare", "Add bacon", "Fries"). */
export interface ModifierOption {
	id: string;
	groupId: string;
	name: string;
	/** Added to the item's price for each unit ordered; 0 or negative allowed ("No cheese" −50). */
	priceDeltaCents: number;
	/** A side cooked elsewhere: its own kitchen line at this station (null: cooked with the item). */
	station: string | null;
	/** false once 86'd, or once its countdown reached 0. */
	available: boolean;
	/** Portions left (null: no countdown). */
	remaining: number | null;
	position: number;
}

/** A set of choices shared by any number of items ("Temperature", "Sides"). */
export interface ModifierGroup {
	id: string;
	name: string;
	/** A required group needs at least max(1, minChoices) choices. */
	required: boolean;
	minChoices: number;
	maxChoices: number;
	options: ModifierOption[];
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
	/** false once the item is 86'd (sold out), or once its countdown reached 0. */
	available: boolean;
	/** The course it is served in: its own when set (courseOverride), else its category's. */
	course: number;
	/** The item's own course, null when it follows its category. */
	courseOverride: number | null;
	/** Portions left (null: no countdown). Every order takes its quantity off atomically; 0 sells it out. */
	remaining: number | null;
	/** The groups a guest chooses from, in order, whole. */
	modifierGroups: ModifierGroup[];
}

export interface MenuCategory {
	id: string;
	name: string;
	position: number;
	/** The course its items are served in unless an item says otherwise (1 = with the first round). */
	course: number;
}

/** Portions an order line takes from (or gives back to) the countdowns: the item's and each chosen option's. */
export interface CountdownLine {
	menuItemId: string;
	optionIds: string[];
	quantity: number;
}

export const TABLE_STATUSES = ["available", "occupied", "reserved", "cleaning"] as const;
export type TableStatus = (typeof TABLE_STATUSES)[number];

/** How a table is drawn on the floor plan: a square two- or four-top, a round, a long rectangle. */
export const TABLE_SHAPES = ["square", "round", "rect"] as const;
export type TableShape = (typeof TABLE_SHAPES)[number];
/** The floor plan every area is laid out on, in plan units (screens scale it); a table's x, y is its centre. */
export const TABLE_PLAN = { width: 1000, height: 700 } as const;

/** A table on the floor, as API.md's `table`. */
export interface Table {
	id: string;
	name: string;
	seats: number;
	area: string;
	status: TableStatus;
	/**
	 * Its centre on its area's plan (0–1000 across, 0–700 down); both null while it is not placed. The table
	 * service always sends x, y and shape; they are optional for a `table.updated` from an older node (none: unplaced, square).
	 */
	x?: number | null;
	y?: number | null;
	shape?: TableShape;
}

export const ORDER_TYPES = ["dine_in", "takeout", "bar_tab"] as const;
/** dine_in: at a table; takeout: a name and a pickup time; bar_tab: a name, no table. */
export type OrderType = (typeof ORDER_TYPES)[number];

export const ORDER_STATUSES = ["placed", "in_progress", "ready", "served", "billed", "paid", "cancelled"] as const;
export type OrderStatus = (typeof ORDER_STATUSES)[number];

/** "pending": a guest round waiting for a waiter's confirm; it counts in no total and never reaches the kitchen. */
export const ITEM_STATUSES = ["queued", "preparing", "ready", "served", "voided", "pending"] as const;
export type ItemStatus = (typeof ITEM_STATUSES)[number];

/** A modifier option as it was chosen: copied into the order line with its price, like the item. */
export interface ChosenModifier {
	groupId: string;
	groupName: string;
	optionId: string;
	name: string;
	priceDeltaCents: number;
}

/** A line given away by a manager: priced 0 from then on; what it would have cost is kept for the reports. */
export interface Comp {
	reason: string;
	by: string;
	at: string;
	/** quantity × the unit price it had before the comp. */
	valueCents: number;
}

/** One line of an order: a copy of the menu item's name, station and price as they were when ordered. */
export interface OrderItem {
	id: string;
	menuItemId: string;
	name: string;
	station: string;
	quantity: number;
	/** The item's price plus its chosen options' deltas; 0 for a comp, a remake or a side line (`partOf`). */
	unitPriceCents: number;
	notes: string;
	status: ItemStatus;
	/** 1 for the first order, 2 for the next round added to it, and so on. */
	round: number;
	voidReason: string | null;
	/** When its round was placed. */
	createdAt: string;
	/** The user who took this line: who placed the order, or who added its round. The staff report credits them. */
	takenBy: string;
	/** The guest's seat (1, 2…), null for the table. */
	seat: number | null;
	/** Which course it is served in (1 = first). */
	course: number;
	/** true while its course waits to be fired: the kitchen sees it greyed and cannot start it. */
	held: boolean;
	/** When it went to the kitchen (its round, or its course's fire); null while held. */
	firedAt: string | null;
	modifiers: ChosenModifier[];
	comp: Comp | null;
	/** A remake: the line it replaces (kept as it was), and why. Priced 0, reported as waste. */
	remakeOf: string | null;
	remakeReason: string | null;
	/** A side cooked at another station: the line it belongs to (its price is in that line's options). */
	partOf: string | null;
	/** On a side line: the option it was made from. */
	optionId: string | null;
}

export interface Order {
	id: string;
	type: OrderType;
	/** null for takeout and bar tabs. */
	tableId: string | null;
	tableName: string | null;
	/** The guest's name on a takeout or a tab (null on dine-in unless given). */
	name: string | null;
	/** Takeout: when the guest collects it. */
	pickupAt: string | null;
	/** How many guests (null: not told). */
	covers: number | null;
	/** The highest course sent to the kitchen so far (0: nothing fired yet). */
	firedCourse: number;
	status: OrderStatus;
	notes: string;
	items: OrderItem[];
	/** Sum of quantity × unit price over the items that are not voided. */
	totalCents: number;
	createdBy: string;
	/** The waiter who has the table now: its creator until it is handed over (POST /orders/:id/assign). */
	assignedTo?: string;
	/** A merged order (cancelled, its lines moved): the order its lines joined. */
	mergedInto?: string | null;
	/**
	 * When it was first paid; present only once it has been. An order billed again because its bill was reopened
	 * keeps it, so the floor knows its guests have gone (they are not the table's live party).
	 */
	paidAt?: string;
	/** A takeout ordered from the public page: the guest's phone (sent only when set). */
	phone?: string;
	/**
	 * Paid before the kitchen sees it (a takeout from the public page): true while its payment link is unpaid, its
	 * lines held from the kitchen; false once paid or cancelled. Sent only on such orders.
	 */
	awaitingPayment?: boolean;
	createdAt: string;
	updatedAt: string;
	/** Goes up by one with every change, so a consumer can drop a snapshot older than the one it holds. */
	version: number;
}

/** What a kitchen display shows for one order at one station. */
export interface Ticket {
	orderId: string;
	station: string;
	/** null for takeout and bar tabs: `name` says whose it is. */
	tableName: string | null;
	orderType: OrderType;
	name: string | null;
	pickupAt: string | null;
	covers: number | null;
	/** What the rail sorts by: a takeout's pickup time, otherwise when the ticket reached the kitchen. */
	dueAt: string;
	placedAt: string;
	status: "open" | "bumped" | "closed";
	bumpedAt: string | null;
	/** The kitchen's copy of each line: who took it is the floor's business, not the pass's. */
	items: (Omit<OrderItem, "takenBy" | "comp"> & { startedAt: string | null; readyAt: string | null })[];
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
	seat: number | null;
	modifiers: ChosenModifier[];
	/** Given away (amount 0); the reason shows on the bill. */
	comp: { reason: string; valueCents: number } | null;
	/** On a part of a split that shares the line among guests: how many share it (amountCents is this part's share). */
	sharedBy?: number;
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
	/** "link": a payment link the payer opens on their phone (billing.startLinkPayment), settled by the provider's webhook. */
	method: "cash" | "card" | "link";
	/** pending while a card provider has not answered; failed when it declined. */
	status: "pending" | "captured" | "failed";
	/** What the bill was paid: cash tendered beyond what was owed is not in it (see tenderedCents). */
	amountCents: number;
	tipCents: number;
	/** Cash only: what the guest handed over = amountCents + tipCents + changeCents (null when not told). */
	tenderedCents: number | null;
	/** Cash only: what went back to the guest (null when nothing was tendered). */
	changeCents: number | null;
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
	/** null for a takeout's or a bar tab's bill. */
	tableId: string | null;
	tableName: string | null;
	orderType: OrderType;
	/** The guest's name on a takeout or a tab. */
	name: string | null;
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
	/** seats: `seat` is the seat this part pays for. */
	split: { mode: "even" | "items" | "seats" | "share"; part: number; parts: number; seat?: number } | null;
	payments: Payment[];
	version: number;
	createdBy: string | null;
	createdAt: string;
	paidAt: string | null;
	/** Each time the paid bill was opened again (POST /billing/bills/:id/reopen): by whom, when, why, oldest first. */
	reopenings?: BillReopening[];
}

export interface BillReopening {
	by: string | null;
	at: string;
	reason: string;
	/** When the bill had been paid, before this reopening. */
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

/** How every app and message names where an order is: "Table 5", "Takeout: Kim", "Tab: Sam". */
export function orderLabel(o: { type?: OrderType; tableName: string | null; name?: string | null }): string {
	if (o.type === "takeout") return `Takeout: ${o.name ?? ""}`.trim();
	if (o.type === "bar_tab") return `Tab: ${o.name ?? ""}`.trim();
	return tableLabel(o.tableName ?? "");
}

/**
 * "5" → "Table 5"; a name that already says it ("Table 5", "table 12", "Table5") is kept as it is, never
 * "Table Table 5". A name that merely starts with the letters ("Tablet bar") is still prefixed.
 */
export function tableLabel(name: string): string {
	const trimmed = name.trim();
	return /^table(?![\p{L}])/iu.test(trimmed) ? trimmed : `Table ${trimmed}`;
}
