// SQL over the kitchen schema: tickets (order × station) and their items with a timestamp per step.
import type { Knex } from "knex";
import type { ItemStatus, Order, Ticket } from "../../contracts";
import { itemStamps, ticketStatus } from "./rules";

export type Tables = (name: "tickets" | "ticket_items") => Knex.QueryBuilder;
type TicketStatus = Ticket["status"];

interface TicketRow {
	order_id: string;
	station: string;
	table_name: string;
	placed_at: Date | string;
	status: TicketStatus;
	bumped_at: Date | string | null;
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
	started_at: Date | string | null;
	ready_at: Date | string | null;
	served_at: Date | string | null;
	voided_at: Date | string | null;
	queued_at: Date | string;
}

const iso = (d: Date | string | null) => (d === null ? null : new Date(d).toISOString());

function toTicket(r: TicketRow, items: ItemRow[]): Ticket {
	return {
		orderId: r.order_id,
		station: r.station,
		tableName: r.table_name,
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
				createdAt: iso(i.queued_at)!,
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

/** Tickets in one state, oldest first (bumped: most recently bumped first, for recall). */
export async function list(t: Tables, filter: { status: TicketStatus; station?: string; limit: number }): Promise<Ticket[]> {
	const q = t("tickets").where({ status: filter.status }).limit(filter.limit);
	if (filter.station) q.where({ station: filter.station });
	q.orderBy(filter.status === "bumped" ? [{ column: "bumped_at", order: "desc" }] : [{ column: "placed_at" }, { column: "station" }]);
	return withItems(t, await q);
}

export async function ofOrder(t: Tables, orderId: string, station?: string, lock = false): Promise<Ticket[]> {
	const q = t("tickets").where({ order_id: orderId }).orderBy("station");
	if (station) q.where({ station });
	return withItems(t, await (lock ? q.forUpdate() : q));
}

export async function setStatus(t: Tables, orderId: string, station: string, status: TicketStatus, at: Date): Promise<void> {
	await t("tickets")
		.where({ order_id: orderId, station })
		.update({
			status,
			...(status === "bumped" && { bumped_at: at }),
			...(status === "open" && { recalled_at: at }),
			updated_at: at,
		});
}

/**
 * Brings the tickets of one order up to a snapshot of it. Idempotent, and a snapshot older than the
 * one a ticket already reflects changes nothing (events on different channels may arrive out of order).
 * Stamps and statuses follow the kitchen's rules (rules.ts). New items and new tickets are written
 * in one insert each, and an item whose row already says the same is not written again.
 * Returns the stations whose tickets changed.
 */
export async function applyOrder(t: Tables, order: Order, at: Date): Promise<string[]> {
	const stations = [...new Set(order.items.map(i => i.station))];
	const tickets: TicketRow[] = await t("tickets").where({ order_id: order.id }).forUpdate();
	const existing: ItemRow[] = tickets.length ? await t("ticket_items").where({ order_id: order.id }) : [];
	const changed: string[] = [];
	const newItems: Record<string, unknown>[] = [];
	const newTickets: Record<string, unknown>[] = [];
	for (const station of stations) {
		const ticket = tickets.find(x => x.station === station);
		if (ticket && ticket.order_version >= order.version) continue;
		const items = order.items.filter(i => i.station === station);
		for (const item of items) {
			const row = existing.find(r => r.id === item.id);
			const kept = row && { startedAt: row.started_at, readyAt: row.ready_at, servedAt: row.served_at, voidedAt: row.voided_at };
			const stamped = itemStamps<Date | string>(kept, item.status, at);
			const stamps = {
				started_at: stamped.startedAt,
				ready_at: stamped.readyAt,
				served_at: stamped.servedAt,
				voided_at: stamped.voidedAt,
			};
			if (row) {
				const same =
					row.status === item.status &&
					row.void_reason === item.voidReason &&
					(Object.keys(stamps) as (keyof typeof stamps)[]).every(k => stamps[k] === row[k]);
				if (!same)
					await t("ticket_items")
						.where({ id: item.id })
						.update({ status: item.status, void_reason: item.voidReason, ...stamps });
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
					queued_at: at,
					...stamps,
				});
			}
		}
		const status = ticketStatus(
			ticket?.status,
			items.map(i => i.status),
		);
		if (ticket) {
			await t("tickets").where({ order_id: order.id, station }).update({ status, order_version: order.version, updated_at: at });
		} else {
			newTickets.push({
				order_id: order.id,
				station,
				table_name: order.tableName,
				placed_at: at,
				status,
				order_version: order.version,
				updated_at: at,
			});
		}
		changed.push(station);
	}
	if (newItems.length) await t("ticket_items").insert(newItems);
	if (newTickets.length) await t("tickets").insert(newTickets);
	return changed;
}
