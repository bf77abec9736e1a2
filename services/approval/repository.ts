// SQL over the approval schema: one row per request for a manager's approval. Every change of status is one
// conditional UPDATE, so two managers deciding at once, or two calls claiming one token, cannot both win.
import type { Knex } from "knex";
import type { Permission } from "../../contracts";
import type { ApprovalRow } from "./rules";

type Tables = (name: string) => Knex.QueryBuilder;

const rowOf = (r: Record<string, unknown>): ApprovalRow => ({
	id: r.id as string,
	permission: r.permission as Permission,
	method: r.method as string,
	path: r.path as string,
	summary: r.summary as string,
	fingerprint: r.fingerprint as string,
	status: r.status as ApprovalRow["status"],
	requestedBy: { id: r.requested_by as string, fullName: r.requested_by_name as string },
	decidedBy: r.decided_by ? { id: r.decided_by as string, fullName: (r.decided_by_name as string) ?? "" } : null,
	decidedHow: (r.decided_how as ApprovalRow["decidedHow"]) ?? null,
	reason: (r.reason as string | null) ?? null,
	createdAt: new Date(r.created_at as string),
	decidedAt: r.decided_at ? new Date(r.decided_at as string) : null,
	expiresAt: new Date(r.expires_at as string),
});

export async function insert(
	t: Tables,
	a: Omit<ApprovalRow, "status" | "decidedBy" | "decidedHow" | "reason" | "decidedAt">,
): Promise<void> {
	await t("requests").insert({
		id: a.id,
		permission: a.permission,
		method: a.method,
		path: a.path,
		summary: a.summary,
		fingerprint: a.fingerprint,
		status: "pending",
		requested_by: a.requestedBy.id,
		requested_by_name: a.requestedBy.fullName,
		created_at: a.createdAt,
		expires_at: a.expiresAt,
	});
}

export async function get(t: Tables, id: string): Promise<ApprovalRow | undefined> {
	const r = await t("requests").where({ id }).first();
	return r ? rowOf(r) : undefined;
}

export async function byToken(t: Tables, hash: string): Promise<ApprovalRow | undefined> {
	const r = await t("requests").where({ token_hash: hash }).first();
	return r ? rowOf(r) : undefined;
}

/** The same user's same request still waiting: asking twice shows the manager one card. */
export async function pendingFor(t: Tables, userId: string, fingerprint: string, now: Date): Promise<ApprovalRow | undefined> {
	const r = await t("requests")
		.where({ requested_by: userId, fingerprint, status: "pending" })
		.where("expires_at", ">", now)
		.orderBy("created_at", "desc")
		.first();
	return r ? rowOf(r) : undefined;
}

/** Pending (undecided, unexpired) or every request of the last day, newest first. */
export async function list(t: Tables, status: "pending" | undefined, now: Date): Promise<ApprovalRow[]> {
	const rows = await t("requests")
		.modify(q => {
			if (status === "pending") q.where({ status: "pending" }).where("expires_at", ">", now);
			else q.where("created_at", ">", new Date(now.getTime() - 24 * 3600_000));
		})
		.orderBy("created_at", "desc")
		.limit(200);
	return rows.map(rowOf);
}

/** pending → approved or denied, if it still is pending and not expired; false when another decision won. */
export async function decide(
	t: Tables,
	id: string,
	d: {
		status: "approved" | "denied";
		by: { id: string; fullName: string };
		how: "pin" | "tap";
		reason: string | null;
		tokenHash: string | null;
		at: Date;
		expiresAt: Date;
	},
): Promise<boolean> {
	const n = await t("requests").where({ id, status: "pending" }).where("expires_at", ">", d.at).update({
		status: d.status,
		decided_by: d.by.id,
		decided_by_name: d.by.fullName,
		decided_how: d.how,
		reason: d.reason,
		token_hash: d.tokenHash,
		decided_at: d.at,
		expires_at: d.expiresAt,
	});
	return n === 1;
}

/** approved → claimed for one call: the token, the request it approves and the user it was given to must match. */
export async function claim(t: Tables, hash: string, fingerprint: string, userId: string, now: Date): Promise<ApprovalRow | undefined> {
	const rows = await t("requests")
		.where({ token_hash: hash, fingerprint, requested_by: userId, status: "approved" })
		.where("expires_at", ">", now)
		.update({ status: "claimed" })
		.returning("*");
	return rows[0] ? rowOf(rows[0]) : undefined;
}

export async function spend(t: Tables, id: string, at: Date): Promise<ApprovalRow | undefined> {
	const rows = await t("requests").where({ id, status: "claimed" }).update({ status: "spent", spent_at: at }).returning("*");
	return rows[0] ? rowOf(rows[0]) : undefined;
}

export async function release(t: Tables, id: string): Promise<boolean> {
	return (await t("requests").where({ id, status: "claimed" }).update({ status: "approved" })) === 1;
}
