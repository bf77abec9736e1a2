// SQL over the order schema's guest rounds: one row per round a guest ordered, and its lines marked pending.
import type { Knex } from "knex";

type Tables = (name: "guest_rounds" | "order_items" | "orders") => Knex.QueryBuilder;

export type GuestRoundStatus = "pending" | "confirmed" | "rejected" | "sent";

export interface GuestRoundRow {
	id: string;
	orderId: string;
	round: number;
	status: GuestRoundStatus;
	sessionId: string | null;
}

const rowOf = (r: Record<string, unknown>): GuestRoundRow => ({
	id: r.id as string,
	orderId: r.order_id as string,
	round: Number(r.round),
	status: r.status as GuestRoundStatus,
	sessionId: (r.session_id as string | null) ?? null,
});

export async function insertRound(t: Tables, r: GuestRoundRow, at: Date): Promise<void> {
	await t("guest_rounds").insert({
		id: r.id,
		order_id: r.orderId,
		round: r.round,
		status: r.status,
		session_id: r.sessionId,
		created_at: at,
	});
}

/** The latest guest round of that number on the order (pending first), or undefined when a guest never ordered it. */
export async function latestRound(t: Tables, orderId: string, round: number): Promise<GuestRoundRow | undefined> {
	const row = await t("guest_rounds")
		.where({ order_id: orderId, round })
		.orderByRaw("case when status = 'pending' then 0 else 1 end")
		.orderBy("created_at", "desc")
		.first();
	return row ? rowOf(row) : undefined;
}

/** Whether this guest session has a round on the order still waiting for the waiter. */
export async function hasPendingRound(t: Tables, orderId: string, sessionId: string): Promise<boolean> {
	return Boolean(await t("guest_rounds").where({ order_id: orderId, session_id: sessionId, status: "pending" }).first("id"));
}

export async function decide(t: Tables, id: string, status: "confirmed" | "rejected", by: string, at: Date): Promise<void> {
	await t("guest_rounds").where({ id, status: "pending" }).update({ status, decided_by: by, decided_at: at });
}

/** A guest round's lines wait for a waiter: pending, held (not fired), so nothing downstream starts their clock. */
export async function markPending(t: Tables, ids: string[]): Promise<void> {
	if (!ids.length) return;
	await t("order_items").whereIn("id", ids).update({ status: "pending", held: true, fired_at: null });
}

/** A confirmed guest round's lines go as a waiter's round would: queued, fired or held by course, taken by `takenBy`. */
export async function confirmLines(t: Tables, lines: { id: string; held: boolean }[], takenBy: string, at: Date): Promise<void> {
	const fired = lines.filter(l => !l.held).map(l => l.id);
	const held = lines.filter(l => l.held).map(l => l.id);
	if (fired.length)
		await t("order_items")
			.whereIn("id", fired)
			.update({ status: "queued", held: false, fired_at: at, taken_by: takenBy, updated_at: at });
	if (held.length)
		await t("order_items")
			.whereIn("id", held)
			.update({ status: "queued", held: true, fired_at: null, taken_by: takenBy, updated_at: at });
}

/** A rejected guest round's lines are gone: they were never on the order, the kitchen's or the bill's. */
export async function deleteLines(t: Tables, ids: string[]): Promise<void> {
	if (!ids.length) return;
	await t("order_items").whereIn("id", ids).where({ status: "pending" }).delete();
}

/** The table's order billed and not yet paid (its party is still there, paying), the latest if several. */
export async function billedUnpaidOfTable(t: Tables, tableId: string): Promise<string | undefined> {
	const row: { id: string } | undefined = await t("orders")
		.where({ table_id: tableId, status: "billed" })
		.whereNull("paid_at")
		.orderBy("created_at", "desc")
		.first("id");
	return row?.id;
}

/** The waiter who confirms a guest-started order's first round takes the table. */
export async function takeOver(t: Tables, orderId: string, userId: string): Promise<void> {
	await t("orders").where({ id: orderId }).update({ created_by: userId, assigned_to: userId });
}
