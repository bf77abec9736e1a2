// SQL over the menu schema's countdowns: portions taken off an item or an option atomically (the row's own update
// decides, so two orders racing for the last portion cannot both get it), given back, and the holds that record
// what each menu.reserve took.
import type { Knex } from "knex";
import type { CountdownLine } from "../../contracts";
import type { Tables } from "./repository";
import type { Countdown, CountdownKind, HoldState } from "./rules";

/** The schema-bound tables and the knex handle (a transaction) their raw expressions are built with. */
export interface CountdownDb {
	t: Tables;
	knex: Knex | Knex.Transaction;
}

export interface Hold extends HoldState {
	id: string;
	lines: CountdownLine[];
	/** What was actually taken off which countdown (what a release gives back). */
	taken: Countdown[];
}

interface HoldRow {
	id: string;
	lines: CountdownLine[] | string;
	taken: Countdown[] | string;
	created_at: Date;
	kept_at: Date | null;
	released_at: Date | null;
}

const json = <T>(v: T | string): T => (typeof v === "string" ? (JSON.parse(v) as T) : v);

const toHold = (r: HoldRow): Hold => ({
	id: r.id,
	lines: json(r.lines),
	taken: json(r.taken),
	createdAt: new Date(r.created_at),
	keptAt: r.kept_at && new Date(r.kept_at),
	releasedAt: r.released_at && new Date(r.released_at),
});

const tableOf = (kind: CountdownKind) => (kind === "item" ? "items" : "modifier_options");

/**
 * Records a new hold; false when one with this id exists (on PostgreSQL a concurrent insert of the same id waits
 * for the first one's transaction, so the second sees it once committed).
 */
export async function insertHold(db: CountdownDb, id: string, lines: CountdownLine[]): Promise<boolean> {
	const rows = await db
		.t("countdown_holds")
		.insert({ id, lines: JSON.stringify(lines) })
		.onConflict("id")
		.ignore()
		.returning("id");
	return rows.length > 0;
}

export async function findHold(db: CountdownDb, id: string, lock = false): Promise<Hold | undefined> {
	const q = db.t("countdown_holds").where({ id }).first();
	const row: HoldRow | undefined = await (lock ? q.forUpdate() : q);
	return row && toHold(row);
}

export async function setHold(
	db: CountdownDb,
	id: string,
	patch: { lines?: CountdownLine[]; taken?: Countdown[]; keptAt?: Date; releasedAt?: Date | null; createdAt?: Date },
): Promise<void> {
	await db
		.t("countdown_holds")
		.where({ id })
		.update({
			...(patch.lines !== undefined && { lines: JSON.stringify(patch.lines) }),
			...(patch.taken !== undefined && { taken: JSON.stringify(patch.taken) }),
			...(patch.keptAt !== undefined && { kept_at: patch.keptAt }),
			...(patch.releasedAt !== undefined && { released_at: patch.releasedAt }),
			...(patch.createdAt !== undefined && { created_at: patch.createdAt }),
		});
}

/** Live holds neither kept nor released within `seconds`, oldest first (releasing one locks it and looks again). */
export async function staleHolds(db: CountdownDb, seconds: number, limit: number): Promise<string[]> {
	const rows: { id: string }[] = await db
		.t("countdown_holds")
		.whereNull("kept_at")
		.whereNull("released_at")
		.where("created_at", "<=", db.knex.raw("now() - make_interval(secs => ?)", [seconds]))
		.orderBy("created_at")
		.limit(limit)
		.select("id");
	return rows.map(r => r.id);
}

/** The live items and options among these ids that carry a countdown. */
export async function countedAmong(
	db: CountdownDb,
	itemIds: string[],
	optionIds: string[],
): Promise<{ items: Set<string>; options: Set<string> }> {
	const ids = async (kind: CountdownKind, among: string[]) =>
		among.length
			? new Set(
					(
						(await db.t(tableOf(kind)).whereIn("id", among).whereNull("deleted_at").whereNotNull("remaining").select("id")) as {
							id: string;
						}[]
					).map(r => r.id),
				)
			: new Set<string>();
	return { items: await ids("item", itemIds), options: await ids("option", optionIds) };
}

/**
 * Takes `quantity` portions off one countdown if that many are left: the new count, or undefined when fewer are
 * left (or it no longer counts). Reaching 0 sells it out.
 */
export async function take(db: CountdownDb, c: Countdown): Promise<number | undefined> {
	const [row] = (await db
		.t(tableOf(c.kind))
		.where({ id: c.id })
		.where("remaining", ">=", c.quantity)
		.update({
			remaining: db.knex.raw("remaining - ?", [c.quantity]),
			available: db.knex.raw("case when remaining - ? = 0 then false else available end", [c.quantity]),
			updated_at: new Date(),
		})
		.returning("remaining")) as { remaining: number }[];
	return row?.remaining;
}

/**
 * Takes `quantity` portions off as far as they go (never below 0): a hold kept after the sweeper released it. The
 * count before and after, or undefined when it no longer counts.
 */
export async function takeAsFarAsItGoes(db: CountdownDb, c: Countdown): Promise<{ before: number; after: number } | undefined> {
	const row: { remaining: number | null } | undefined = await db.t(tableOf(c.kind)).where({ id: c.id }).forUpdate().first("remaining");
	if (row?.remaining == null) return undefined;
	const after = Math.max(0, row.remaining - c.quantity);
	await db
		.t(tableOf(c.kind))
		.where({ id: c.id })
		.update({ remaining: after, ...(after === 0 && { available: false }), updated_at: new Date() });
	return { before: row.remaining, after };
}

/**
 * Gives `quantity` portions back to one countdown, if it still counts: the new count, or undefined. One sold out by
 * its count (at 0) is available again.
 */
export async function giveBack(db: CountdownDb, c: Countdown): Promise<number | undefined> {
	const [row] = (await db
		.t(tableOf(c.kind))
		.where({ id: c.id })
		.whereNotNull("remaining")
		.update({
			remaining: db.knex.raw("remaining + ?", [c.quantity]),
			available: db.knex.raw("case when remaining = 0 then true else available end"),
			updated_at: new Date(),
		})
		.returning("remaining")) as { remaining: number }[];
	return row?.remaining;
}

/** Name and count of one countdown, to say how many are left when a reserve fell short. */
export async function countOf(
	db: CountdownDb,
	c: Pick<Countdown, "kind" | "id">,
): Promise<{ name: string; remaining: number | null } | undefined> {
	return db.t(tableOf(c.kind)).where({ id: c.id }).first("name", "remaining");
}
