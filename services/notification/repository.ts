// SQL over the notification schema. Callers pass `t`, the schema-bound table builder.
import type { Knex } from "knex";
import type { Notification, Role } from "../../contracts";

export type Tables = (name: "notifications" | "notifications as n" | "reads") => Knex.QueryBuilder;

/** Who a notification is for: one user, or everyone in a role (at some stations, for the kitchen). */
export type Recipient = { userId: string } | { role: Role; stations?: string[] };

export interface NewNotification {
	id: string;
	to: Recipient;
	type: string;
	message: string;
	data: Record<string, unknown>;
	at: Date;
}

interface Row {
	id: string;
	type: string;
	message: string;
	data: Record<string, unknown> | string;
	created_at: Date | string;
	read_at: Date | string | null;
}

const toNotification = (r: Row): Notification => ({
	id: r.id,
	type: r.type,
	message: r.message,
	data: typeof r.data === "string" ? JSON.parse(r.data) : r.data,
	readAt: r.read_at === null ? null : new Date(r.read_at).toISOString(),
	createdAt: new Date(r.created_at).toISOString(),
});

export async function insert(t: Tables, n: NewNotification): Promise<Notification> {
	await t("notifications").insert({
		id: n.id,
		user_id: "userId" in n.to ? n.to.userId : null,
		role: "role" in n.to ? n.to.role : null,
		stations: "role" in n.to ? (n.to.stations ?? []) : [],
		type: n.type,
		message: n.message,
		data: JSON.stringify(n.data),
		created_at: n.at,
	});
	return { id: n.id, type: n.type, message: n.message, data: n.data, readAt: null, createdAt: n.at.toISOString() };
}

/** What `user` may see: addressed to them, or to their role. */
function visibleTo(t: Tables, user: { id: string; role: Role }): Knex.QueryBuilder {
	return t("notifications as n")
		.leftJoin(t("reads").as("r").where({ user_id: user.id }), "r.notification_id", "n.id")
		.where(q => q.where("n.user_id", user.id).orWhere("n.role", user.role));
}

export async function list(t: Tables, user: { id: string; role: Role }, opts: { unread: boolean; limit: number }): Promise<Notification[]> {
	const q = visibleTo(t, user)
		.select("n.id", "n.type", "n.message", "n.data", "n.created_at", "r.read_at")
		.orderBy("n.created_at", "desc")
		.limit(opts.limit);
	if (opts.unread) q.whereNull("r.read_at");
	return (await q).map(toNotification);
}

export async function isVisible(t: Tables, user: { id: string; role: Role }, id: string): Promise<boolean> {
	return Boolean(await visibleTo(t, user).where("n.id", id).first("n.id"));
}

/** Marks read for `userId`; reading twice keeps the first time. */
export async function markRead(t: Tables, userId: string, ids: string[]): Promise<void> {
	if (!ids.length) return;
	await t("reads")
		.insert(ids.map(id => ({ notification_id: id, user_id: userId })))
		.onConflict(["notification_id", "user_id"])
		.ignore();
}

export async function unreadIds(t: Tables, user: { id: string; role: Role }): Promise<string[]> {
	const rows: { id: string }[] = await visibleTo(t, user).whereNull("r.read_at").select("n.id");
	return rows.map(r => r.id);
}
