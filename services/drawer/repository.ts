// SQL over the drawer schema: drawers, the cash put in and taken out by hand, and the cash the billing events
// brought (each written once, by its id).
import type { Knex } from "knex";
import type { Drawer, DrawerMovement } from "../../contracts";
import { drawerOf, type CashEntry, type DrawerRow } from "./rules";

type Tables = (name: string) => Knex.QueryBuilder;

const rowOf = (r: Record<string, unknown>): DrawerRow => ({
	id: r.id as string,
	name: r.name as string,
	status: r.status as DrawerRow["status"],
	floatCents: Number(r.float_cents),
	expectedCents: r.expected_cents === null ? null : Number(r.expected_cents),
	countedCents: r.counted_cents === null ? null : Number(r.counted_cents),
	openedBy: (r.opened_by as string | null) ?? null,
	openedAt: new Date(r.opened_at as string),
	closedBy: (r.closed_by as string | null) ?? null,
	closedAt: r.closed_at ? new Date(r.closed_at as string) : null,
});

/** Drawers with their movements and cash, newest opened first. */
async function load(t: Tables, rows: Record<string, unknown>[]): Promise<Drawer[]> {
	if (!rows.length) return [];
	const ids = rows.map(r => r.id as string);
	const [moves, cash] = await Promise.all([
		t("drawer_movements")
			.whereIn("drawer_id", ids)
			.orderBy([{ column: "at" }, { column: "id" }]),
		t("drawer_cash").whereIn("drawer_id", ids).select("drawer_id", "amount_cents"),
	]);
	return rows.map(r => {
		const movements: DrawerMovement[] = moves
			.filter((m: Record<string, unknown>) => m.drawer_id === r.id)
			.map((m: Record<string, unknown>) => ({
				id: m.id as string,
				amountCents: Number(m.amount_cents),
				reason: m.reason as string,
				by: (m.by as string | null) ?? null,
				at: new Date(m.at as string).toISOString(),
			}));
		const own = cash
			.filter((c: Record<string, unknown>) => c.drawer_id === r.id)
			.map((c: Record<string, unknown>) => ({ amountCents: Number(c.amount_cents) }));
		return drawerOf(rowOf(r), movements, own);
	});
}

export async function get(t: Tables, id: string, lock = false): Promise<Drawer | undefined> {
	const q = t("drawers").where({ id });
	const rows = await (lock ? q.forUpdate() : q);
	return (await load(t, rows))[0];
}

export async function list(t: Tables, status?: "open" | "closed"): Promise<Drawer[]> {
	const q = t("drawers")
		.orderBy([{ column: "opened_at", order: "desc" }, { column: "id" }])
		.limit(200);
	if (status) q.where({ status });
	return load(t, await q);
}

/** Opens a drawer; false when one of that name is open already (the partial unique index decides a race). */
export async function open(t: Tables, d: { id: string; name: string; floatCents: number; by: string | null; at: Date }): Promise<boolean> {
	try {
		await t("drawers").insert({ id: d.id, name: d.name, status: "open", float_cents: d.floatCents, opened_by: d.by, opened_at: d.at });
		return true;
	} catch (err) {
		if ((err as { code?: string }).code === "23505") return false;
		throw err;
	}
}

export async function openNamed(t: Tables, name: string): Promise<string | undefined> {
	return (await t("drawers").where({ name, status: "open" }).first("id"))?.id;
}

export async function addMovement(
	t: Tables,
	m: { id: string; drawerId: string; amountCents: number; reason: string; by: string | null; at: Date },
): Promise<void> {
	await t("drawer_movements").insert({
		id: m.id,
		drawer_id: m.drawerId,
		amount_cents: m.amountCents,
		reason: m.reason,
		by: m.by,
		at: m.at,
	});
}

export async function close(
	t: Tables,
	id: string,
	c: { expectedCents: number; countedCents: number; by: string | null; at: Date },
): Promise<void> {
	await t("drawers")
		.where({ id })
		.update({ status: "closed", expected_cents: c.expectedCents, counted_cents: c.countedCents, closed_by: c.by, closed_at: c.at });
}

/** Cash the events brought, each in the drawer that was open when it changed hands (the latest opened, if several). */
export async function addCash(t: Tables, entries: readonly CashEntry[]): Promise<void> {
	for (const e of entries) {
		const drawer = await t("drawers")
			.where("opened_at", "<=", e.at)
			.andWhere(q => q.whereNull("closed_at").orWhere("closed_at", ">", e.at))
			.orderBy("opened_at", "desc")
			.first("id");
		await t("drawer_cash")
			.insert({ id: e.id, kind: e.kind, drawer_id: drawer?.id ?? null, amount_cents: e.amountCents, at: e.at })
			.onConflict("id")
			.ignore();
	}
}
