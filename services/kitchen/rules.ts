// The kitchen's rules, free of the bus and the database: a ticket's status from its lines (held ones included),
// when its clock starts and when it is due, when each item step is stamped, and which tickets a bump or a recall
// takes (a refusal is the catalogue's typed error).
import { KitchenErrors, liveItemsAt, type ItemStatus, type Order, type OrderType, type Ticket } from "../../contracts";

type TicketStatus = Ticket["status"];

/** What the rules need of a line: its kitchen status and whether its course is still held. */
export interface TicketLine {
	status: ItemStatus;
	held: boolean;
}

/** On the ticket and not finished with: not voided, not served (held lines included). */
const isLive = (l: TicketLine) => l.status !== "voided" && l.status !== "served";

/** Fired work a cook still has to make: queued or preparing, and not held. */
export const isWaiting = (l: TicketLine) => !l.held && (l.status === "queued" || l.status === "preparing");

/**
 * closed when nothing is left to cook or hand over; a bumped ticket stays bumped while everything fired on it is
 * ready (held lines do not keep a ticket open by themselves) and comes back to the screen when a new round or
 * its next course brings it work. A ticket whose only live lines are held is open: the cook sees the course
 * coming, greyed, and cannot bump it.
 */
export function ticketStatus(current: TicketStatus | undefined, lines: readonly TicketLine[]): TicketStatus {
	const live = lines.filter(isLive);
	if (!live.length) return "closed";
	if (current === "bumped" && live.filter(l => !l.held).every(l => l.status === "ready")) return "bumped";
	return "open";
}

/** True when a cook has fired work on the ticket in front of them: open, with a live line that is not held. */
function hasFiredWork(status: TicketStatus, lines: readonly TicketLine[]): boolean {
	return status === "open" && lines.some(l => isLive(l) && !l.held);
}

/**
 * When the ticket's current work reached the kitchen, which its timer counts from. A new ticket: `at`. A ticket
 * the cook already has fired work on keeps its time. One that had none (held lines only, bumped, closed) and now
 * has work waiting starts again at the earliest waiting line's queue time: a course fired onto it starts its
 * clock at the fire, not at the order.
 */
export function ticketClock(
	prior: { status: TicketStatus; placedAt: Date; lines: readonly TicketLine[] } | undefined,
	lines: readonly (TicketLine & { queuedAt: Date })[],
	at: Date,
): Date {
	if (!prior) return at;
	if (hasFiredWork(prior.status, prior.lines)) return prior.placedAt;
	const waiting = lines.filter(isWaiting).map(l => l.queuedAt.getTime());
	return waiting.length ? new Date(Math.min(...waiting)) : prior.placedAt;
}

/** What the rail sorts by: a takeout's pickup time, otherwise when the ticket's work reached the kitchen. */
export function dueAt(orderType: OrderType, pickupAt: Date | null, placedAt: Date): Date {
	return orderType === "takeout" && pickupAt ? pickupAt : placedAt;
}

/** When a line's timer starts: a line fired from a held course queues at its fire; any other keeps its time (or `at`, new). */
export function queuedAt(
	row: { held: boolean; queuedAt: Date } | undefined,
	line: { held: boolean; firedAt: Date | null },
	at: Date,
): Date {
	if (!row) return at;
	if (row.held && !line.held) return line.firedAt ?? at;
	return row.queuedAt;
}

/** When an item was seen started, ready, served and voided; null for a step not seen yet. */
export interface ItemStamps<T> {
	startedAt: T | null;
	readyAt: T | null;
	servedAt: T | null;
	voidedAt: T | null;
}

/**
 * Each item step gets the time of the event that showed it first: a stamp already kept stays, and a step the
 * item's status shows for the first time gets `at`. A step skipped (a queued item bumped straight to ready,
 * served before anyone tapped it) is stamped with the step that showed it.
 */
export function itemStamps<T>(kept: ItemStamps<T> | undefined, status: ItemStatus, at: T): ItemStamps<T> {
	return {
		startedAt: kept?.startedAt ?? (["preparing", "ready", "served"].includes(status) ? at : null),
		readyAt: kept?.readyAt ?? (["ready", "served"].includes(status) ? at : null),
		servedAt: kept?.servedAt ?? (status === "served" ? at : null),
		voidedAt: kept?.voidedAt ?? (status === "voided" ? at : null),
	};
}

/** True when the order has a live (not voided) item at `station`, or at any station when none is named: a bump has a ticket to act on. */
export function hasLiveItemAt(items: readonly { station: string; status: ItemStatus }[], station?: string): boolean {
	return liveItemsAt(items, station).length > 0;
}

/**
 * The tickets a bump takes: the open ones with fired work. None: 409 TICKET_HELD when an open one has held
 * lines only (its course is not fired yet), else 404 when the order has no ticket there, 409 when the first one
 * is closed (nothing left to cook) or already bumped.
 */
export function ticketsToBump(tickets: readonly Ticket[], orderId: string, station?: string): Ticket[] {
	const open = tickets.filter(t => t.status === "open");
	const bumpable = open.filter(t => hasFiredWork(t.status, t.items));
	if (bumpable.length) return bumpable;
	if (open.length) throw KitchenErrors.ticketHeld(orderId, open[0].station);
	const first = tickets[0];
	if (!first) throw KitchenErrors.ticketNotFound(orderId, station);
	if (first.status === "closed") throw KitchenErrors.ticketClosed(orderId, first.station);
	throw KitchenErrors.ticketAlreadyBumped(orderId, first.station);
}

/**
 * A ticket just bumped: bumped, unless work is waiting on it (the bump fired the next course onto this very
 * station, FIRE_NEXT_COURSE=on_bump): then it is straight back on the rail, its clock started at that fire.
 */
export function afterBump(ticket: Ticket): { status: TicketStatus; placedAt: Date } {
	const lines = ticket.items.map(i => ({ ...i, queuedAt: new Date(i.createdAt) }));
	const status = ticketStatus("bumped", lines);
	const placedAt = new Date(ticket.placedAt);
	return { status, placedAt: status === "open" ? ticketClock({ status: "bumped", placedAt, lines }, lines, placedAt) : placedAt };
}

/** The tickets a recall brings back: the bumped ones. 404 when the order has no ticket there, 409 when none is bumped. */
export function ticketsToRecall(tickets: readonly Ticket[], orderId: string, station?: string): Ticket[] {
	if (!tickets.length) throw KitchenErrors.ticketNotFound(orderId, station);
	const bumped = tickets.filter(t => t.status === "bumped");
	if (!bumped.length) throw KitchenErrors.ticketNotBumped(orderId, tickets[0].station);
	return bumped;
}

/** What a dispatch needs of a line: where and with which round it went, whether it is fired work a cook has to see. */
interface DispatchLine {
	id: string;
	station: string;
	round: number;
	status: ItemStatus;
	held?: boolean;
}

/**
 * The tickets an order event sends to the kitchen, each a (station, round) a screen must acknowledge: the lines it
 * touched (all of a new order's) that are fired and waiting to be started. Held lines wait for their fire.
 */
export function dispatchesOf(items: readonly DispatchLine[], itemIds?: readonly string[]): { station: string; round: number }[] {
	const keys = new Map<string, { station: string; round: number }>();
	for (const i of items) {
		if ((itemIds && !itemIds.includes(i.id)) || i.held || i.status !== "queued") continue;
		keys.set(`${i.station}|${i.round}`, { station: i.station, round: i.round });
	}
	return [...keys.values()];
}

/**
 * A ticket no screen acknowledged in time: re-routed while its round still waits for a cook (lines queued, none
 * started); settled (nothing to re-route) once a cook started any of them, or nothing of the round is left to make.
 */
export function overdueOutcome(ticket: Pick<Ticket, "status" | "items"> | undefined, round: number): "reroute" | "settle" {
	if (!ticket || ticket.status === "closed") return "settle";
	const lines = ticket.items.filter(i => i.round === round && i.status !== "voided" && !i.held);
	if (!lines.length || lines.some(i => i.status !== "queued")) return "settle";
	return "reroute";
}

/** Who hears about an order's ticket no screen acknowledged: the waiter the table was handed to, else who took it. */
export function waiterOf(order: Pick<Order, "assignedTo" | "createdBy">): string | null {
	return order.assignedTo ?? order.createdBy ?? null;
}
