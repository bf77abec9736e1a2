// SQL over the kitchen schema: tickets (order × station) and their items with a timestamp per step.
import type { Knex } from "knex";
import type { ChosenModifier, ItemStatus, Order, OrderItem, OrderType, Ticket } from "../../contracts";
import { dueAt, itemStamps, queuedAt, ticketClock, ticketStatus } from "./rules";

export type Tables = (name: "tickets" | "ticket_items") => Knex.QueryBuilder;
type TicketStatus = Ticket["status"];
type Stamp = Date | string;

interface TicketRow {
	order_id: string;
	station: string;
	table_name: string | null;
	order_type: OrderType;
	name: string | null;
	pickup_at: Stamp | null;
	covers: number | null;
	placed_at: Stamp;
	/** null on a row an older node wrote: due when placed. */
	due_at: Stamp | null;
	status: TicketStatus;
	bumped_at: Stamp | null;
	order_version: number;
}

interface ItemRow {
	id: string;
	order_id: string;
	station: string;
	round: number;
	line: number;
	menu_item_id: string;
	name: string;
	quantity: number;
	unit_price_cents: number;
	notes: string;
	status: ItemStatus;
	void_reason: string | null;
	seat: number | null;
	course: number;
	held: boolean;
	fired_at: Stamp | null;
	modifiers: ChosenModifier[] | string;
	remake_of: string | null;
	remake_reason: string | null;
	part_of: string | null;
	option_id: string | null;
	started_at: Stamp | null;
	ready_at: Stamp | null;
	served_at: Stamp | null;
	voided_at: Stamp | null;
	queued_at: Stamp;
}

const iso = (d: Stamp | null) => (d === null ? null : new Date(d).toISOString());
const date = (d: Stamp) => new Date(d);

function toTicket(r: TicketRow, items: ItemRow[]): Ticket {
	return {
		orderId: r.order_id,
		station: r.station,
		tableName: r.table_name,
		orderType: r.order_type,
		name: r.name,
		pickupAt: iso(r.pickup_at),
		covers: r.covers,
		dueAt: iso(r.due_at ?? r.placed_at)!,
		placedAt: iso(r.placed_at)!,
		status: r.status,
		bumpedAt: iso(r.bumped_at),
		items: items
			.filter(i => i.order_id === r.order_id && i.station === r.station)
			.map(i => ({
				id: i.id,
				menuItemId: i.menu_item_id,
				name: i.name,
				station: i.station,
				quantity: i.quantity,
				unitPriceCents: i.unit_price_cents,
				notes: i.notes,
				status: i.status,
				round: i.round,
				voidReason: i.void_reason,
				// When the line reached the cook: its round, or its course's fire. The timer counts from it.
				createdAt: iso(i.queued_at)!,
				seat: i.seat,
				course: i.course,
				held: i.held,
				firedAt: iso(i.fired_at ?? (i.held ? null : i.queued_at)),
				modifiers: typeof i.modifiers === "string" ? JSON.parse(i.modifiers) : i.modifiers,
				remakeOf: i.remake_of,
				remakeReason: i.remake_reason,
				partOf: i.part_of,
				optionId: i.option_id,
				startedAt: iso(i.started_at),
				readyAt: iso(i.ready_at),
			})),
	};
}

async function withItems(t: Tables, rows: TicketRow[]): Promise<Ticket[]> {
	if (!rows.length) return [];
	const items: ItemRow[] = await t("ticket_items")
		.whereIn("order_id", [...new Set(rows.map(r => r.order_id))])
		.orderBy([{ column: "round" }, { column: "line" }]);
	return rows.map(r => toTicket(r, items));
}

/** Tickets in one state: open ones by when they are due (a takeout by its pickup time); bumped ones most recently bumped first, for recall. */
export async function list(t: Tables, filter: { status: TicketStatus; station?: string; limit: number }): Promise<Ticket[]> {
	const q = t("tickets").where({ status: filter.status }).limit(filter.limit);
	if (filter.station) q.where({ station: filter.station });
	if (filter.status === "bumped") q.orderBy([{ column: "bumped_at", order: "desc" }]);
	else q.orderByRaw("coalesce(due_at, placed_at), placed_at, station");
	return withItems(t, await q);
}

export async function ofOrder(t: Tables, orderId: string, station?: string, lock = false): Promise<Ticket[]> {
	const q = t("tickets").where({ order_id: orderId }).orderBy("station");
	if (station) q.where({ station });
	return withItems(t, await (lock ? q.forUpdate() : q));
}

/**
 * Moves a ticket (bump, recall). A ticket that comes straight back with work (the bump fired the next course onto
 * it) passes `placedAt`, its clock's new start, and is due then unless it is a takeout.
 */
export async function setStatus(
	t: Tables,
	ticket: Pick<Ticket, "orderId" | "station" | "orderType" | "pickupAt">,
	status: TicketStatus,
	at: Date,
	opts: { bumped?: boolean; placedAt?: Date } = {},
): Promise<void> {
	await t("tickets")
		.where({ order_id: ticket.orderId, station: ticket.station })
		.update({
			status,
			...(opts.bumped && { bumped_at: at }),
			...(!opts.bumped && status === "open" && { recalled_at: at }),
			...(opts.placedAt && {
				placed_at: opts.placedAt,
				due_at: dueAt(ticket.orderType, ticket.pickupAt ? new Date(ticket.pickupAt) : null, opts.placedAt),
			}),
			updated_at: at,
		});
}

/** A line as the kitchen keeps it; an order from an older floor node may lack the fields of this release. */
function lineOf(item: OrderItem) {
	const held = item.held ?? false;
	return {
		held,
		firedAt: item.firedAt ? new Date(item.firedAt) : null,
		seat: item.seat ?? null,
		course: item.course ?? 1,
		modifiers: item.modifiers ?? [],
	};
}

/**
 * Lines that moved to this order from another (a merge, a move of lines): their rows join this order's tickets as
 * they are, stamps, status and queue time kept, so a started line stays started and nothing is new to the cook.
 * A ticket left with no line is gone. Returns the rows moved in, now this order's (added to `existing`).
 */
async function moveLinesIn(t: Tables, order: Order, existing: ItemRow[]): Promise<ItemRow[]> {
	const known = new Set(existing.map(r => r.id));
	const missing = order.items.filter(i => !known.has(i.id)).map(i => i.id);
	if (!missing.length) return [];
	const rows: ItemRow[] = await t("ticket_items").whereIn("id", missing).whereNot({ order_id: order.id });
	const left = new Set<string>();
	for (const row of rows) {
		const item = order.items.find(i => i.id === row.id)!;
		const moved = { order_id: order.id, station: item.station, round: item.round, line: order.items.indexOf(item) + 1 };
		await t("ticket_items").where({ id: row.id }).update(moved);
		left.add(JSON.stringify([row.order_id, row.station]));
		Object.assign(row, moved);
		existing.push(row);
	}
	for (const key of left) {
		const [orderId, station] = JSON.parse(key) as [string, string];
		const rest: { n: number | string } = await t("ticket_items").where({ order_id: orderId, station }).count({ n: "*" }).first();
		if (Number(rest.n) === 0) await t("tickets").where({ order_id: orderId, station }).delete();
	}
	return rows;
}

/**
 * Brings the tickets of one order up to a snapshot of it. Idempotent, and a snapshot older than the
 * one a ticket already reflects changes nothing (events on different channels may arrive out of order).
 * Stamps, statuses and clocks follow the kitchen's rules (rules.ts). A line's quantity (a partial void shrinks
 * it), price, hold and fire follow the order; a line fired from a held course queues at its fire. New items and
 * new tickets are written in one insert each, and an item whose row already says the same is not written again.
 * Returns the stations whose tickets changed.
 */
export async function applyOrder(t: Tables, order: Order, at: Date): Promise<string[]> {
	const stations = [...new Set(order.items.map(i => i.station))];
	const tickets: TicketRow[] = await t("tickets").where({ order_id: order.id }).forUpdate();
	const existing: ItemRow[] = tickets.length ? await t("ticket_items").where({ order_id: order.id }) : [];
	const movedIn = await moveLinesIn(t, order, existing);
	const orderType: OrderType = order.type ?? "dine_in";
	const pickupAt = order.pickupAt ? new Date(order.pickupAt) : null;
	const header = {
		table_name: order.tableName ?? null,
		order_type: orderType,
		name: order.name ?? null,
		pickup_at: pickupAt,
		covers: order.covers ?? null,
	};
	const changed: string[] = [];
	const newItems: Record<string, unknown>[] = [];
	const newTickets: Record<string, unknown>[] = [];
	for (const station of stations) {
		const ticket = tickets.find(x => x.station === station);
		if (ticket && ticket.order_version >= order.version) continue;
		const items = order.items.filter(i => i.station === station);
		const lines: { status: ItemStatus; held: boolean; queuedAt: Date }[] = [];
		for (const item of items) {
			const row = existing.find(r => r.id === item.id);
			const line = lineOf(item);
			const queued = queuedAt(row && { held: row.held, queuedAt: date(row.queued_at) }, line, at);
			lines.push({ status: item.status, held: line.held, queuedAt: queued });
			const kept = row && { startedAt: row.started_at, readyAt: row.ready_at, servedAt: row.served_at, voidedAt: row.voided_at };
			const stamped = itemStamps<Stamp>(kept, item.status, at);
			const stamps = {
				started_at: stamped.startedAt,
				ready_at: stamped.readyAt,
				served_at: stamped.servedAt,
				voided_at: stamped.voidedAt,
			};
			if (row) {
				const follows = {
					status: item.status,
					void_reason: item.voidReason,
					quantity: item.quantity,
					unit_price_cents: item.unitPriceCents,
					held: line.held,
				};
				const firedAt = line.firedAt ?? (line.held ? null : (row.fired_at ?? row.queued_at));
				const same =
					(Object.keys(follows) as (keyof typeof follows)[]).every(k => follows[k] === row[k]) &&
					(Object.keys(stamps) as (keyof typeof stamps)[]).every(k => stamps[k] === row[k]) &&
					iso(firedAt) === iso(row.fired_at) &&
					queued.getTime() === date(row.queued_at).getTime();
				if (!same)
					await t("ticket_items")
						.where({ id: item.id })
						.update({ ...follows, ...stamps, fired_at: firedAt, queued_at: queued });
			} else {
				newItems.push({
					id: item.id,
					order_id: order.id,
					station,
					round: item.round,
					line: order.items.indexOf(item) + 1,
					menu_item_id: item.menuItemId,
					name: item.name,
					quantity: item.quantity,
					unit_price_cents: item.unitPriceCents,
					notes: item.notes,
					status: item.status,
					void_reason: item.voidReason,
					seat: line.seat,
					course: line.course,
					held: line.held,
					fired_at: line.held ? null : (line.firedAt ?? at),
					modifiers: JSON.stringify(line.modifiers),
					remake_of: item.remakeOf ?? null,
					remake_reason: item.remakeReason ?? null,
					part_of: item.partOf ?? null,
					option_id: item.optionId ?? null,
					queued_at: queued,
					...stamps,
				});
			}
		}
		const status = ticketStatus(ticket?.status, lines);
		const prior = ticket && {
			status: ticket.status,
			placedAt: date(ticket.placed_at),
			lines: existing.filter(r => r.station === station),
		};
		// Lines moved in from another order's ticket bring their clock: the cook's work on them is not new.
		const arrived = movedIn.filter(r => r.station === station);
		const broughtClock = !ticket && arrived.length ? Math.min(...arrived.map(r => date(r.queued_at).getTime())) : null;
		const placedAt =
			broughtClock === null
				? ticketClock(prior, lines, at)
				: ticketClock({ status: "open", placedAt: new Date(broughtClock), lines: arrived }, lines, at);
		const clock = { placed_at: placedAt, due_at: dueAt(orderType, pickupAt, placedAt) };
		if (ticket) {
			await t("tickets")
				.where({ order_id: order.id, station })
				.update({ ...header, ...clock, status, order_version: order.version, updated_at: at });
		} else {
			newTickets.push({ order_id: order.id, station, ...header, ...clock, status, order_version: order.version, updated_at: at });
		}
		changed.push(station);
	}
	if (newItems.length) await t("ticket_items").insert(newItems);
	if (newTickets.length) await t("tickets").insert(newTickets);
	return changed;
}
