// SQL over the guest schema: sessions (by their token's hash) and the last call of each kind per session.
import type { Knex } from "knex";
import type { GuestCallKind } from "../../contracts";
import type { SessionRow } from "./rules";

type Tables = (name: string) => Knex.QueryBuilder;

const rowOf = (r: Record<string, unknown>): SessionRow => ({
	id: r.id as string,
	tableId: r.table_id as string,
	tableName: r.table_name as string,
	orderId: (r.order_id as string | null) ?? null,
	createdAt: new Date(r.created_at as string),
	expiresAt: new Date(r.expires_at as string),
});

export async function insertSession(
	t: Tables,
	s: Omit<SessionRow, "orderId"> & { orderId: string | null; tokenHash: string; ip: string | null },
): Promise<void> {
	await t("sessions").insert({
		id: s.id,
		token_hash: s.tokenHash,
		table_id: s.tableId,
		table_name: s.tableName,
		order_id: s.orderId,
		ip: s.ip,
		created_at: s.createdAt,
		expires_at: s.expiresAt,
	});
}

export async function findByTokenHash(t: Tables, tokenHash: string): Promise<SessionRow | undefined> {
	const row = await t("sessions").where({ token_hash: tokenHash }).first();
	return row ? rowOf(row) : undefined;
}

export async function find(t: Tables, id: string): Promise<SessionRow | undefined> {
	const row = await t("sessions").where({ id }).first();
	return row ? rowOf(row) : undefined;
}

/** The session follows `orderId` from now on, unless it already follows one (the first binding wins). */
export async function bindOrder(t: Tables, id: string, orderId: string): Promise<string> {
	await t("sessions").where({ id }).whereNull("order_id").update({ order_id: orderId });
	const row: { order_id: string } | undefined = await t("sessions").where({ id }).first("order_id");
	return row?.order_id ?? orderId;
}

/**
 * Records a call unless the same kind was called by this session after `since`: true when recorded. One statement,
 * so two taps racing record one call.
 */
export async function recordCall(t: Tables, sessionId: string, kind: GuestCallKind, at: Date, since: Date): Promise<boolean> {
	const inserted = await t("calls")
		.insert({ session_id: sessionId, kind, at })
		.onConflict(["session_id", "kind"])
		.merge({ at })
		.where("calls.at", "<=", since)
		.returning("at");
	return inserted.length > 0;
}

export async function lastCall(t: Tables, sessionId: string, kind: GuestCallKind): Promise<Date | undefined> {
	const row: { at: string } | undefined = await t("calls").where({ session_id: sessionId, kind }).first("at");
	return row ? new Date(row.at) : undefined;
}

/** Sessions that expired before `before`, and their calls, go (a sweep keeps the table small). */
export async function deleteExpired(t: Tables, before: Date): Promise<number> {
	const ids = t("sessions").where("expires_at", "<", before).select("id");
	await t("calls").whereIn("session_id", ids).delete();
	return t("sessions").where("expires_at", "<", before).delete();
}
