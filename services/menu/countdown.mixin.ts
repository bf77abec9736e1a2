// Countdowns ("12 short ribs left tonight"): an order's portions are taken off its items' and options' counts in one
// transaction before the order commits (menu.reserve makes a hold), kept once the order event names the hold, given
// back when the order fails (menu.release) or when the sweeper finds a hold its order never came for, and portions
// voided before cooking return to the count. Mixed into the menu service, whose cache-dropping method it uses.
import type { Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { DbMethods } from "../../mixins/db.mixin";
import type { Trx } from "../../lib/db";
import { MENU_EVENTS, MenuErrors, type CountdownLine, type DomainEvent } from "../../contracts";
import * as cd from "./countdown-repository";
import * as mods from "./modifier-repository";
import * as repo from "./repository";
import { countdownFields, countdownsOf, onKeep, onRelease, onReserveAgain, type Countdown } from "./rules";

/** How long a hold may wait for its order before the sweeper gives its portions back (settings.holdSeconds in tests). */
export const HOLD_SECONDS = 300;
const SWEEP_INTERVAL_MS = 15_000;
const SWEEP_BATCH = 100;

/** A countdown moved: by how much, from what to what. */
export interface Move extends Countdown {
	before: number;
	after: number;
}

export interface ReserveAnswer {
	holdId: string;
	/** false when none of the lines counted down (nothing to give back later). */
	taken: boolean;
}

/** What this mixin needs from the menu service it is mixed into. */
interface MenuMethods {
	menuChanged(): Promise<void>;
}

type CountdownThis = Service<{ holdSeconds?: number }> & DbMethods & MenuMethods & CountdownMethods & { sweepTimer?: NodeJS.Timeout };

export interface CountdownMethods {
	reserveHold(holdId: string, lines: CountdownLine[], by: string | null): Promise<ReserveAnswer>;
	releaseHold(holdId: string, by: string | null): Promise<boolean>;
	followOrder(
		event: Pick<DomainEvent, "eventId" | "type">,
		holdId: string | undefined,
		returned: CountdownLine[],
		by: string | null,
	): Promise<void>;
	sweepHolds(): Promise<number>;
	countdownDb(trx?: Trx): cd.CountdownDb;
	keepHold(trx: Trx, holdId: string): Promise<Move[]>;
	giveBackLines(trx: Trx, lines: CountdownLine[]): Promise<Move[]>;
	recordMoves(trx: Trx, moves: Move[], by: string | null): Promise<void>;
}

export function CountdownMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, CountdownThis>> = {
		settings: { holdSeconds: HOLD_SECONDS },

		methods: {
			countdownDb(this: CountdownThis, trx?: Trx): cd.CountdownDb {
				return { t: this.tables(trx), knex: trx ?? this.db };
			},

			/**
			 * Takes the lines' portions off every count among them, all or none: one short countdown rolls the whole
			 * reserve back and answers 409 naming what is left. The same holdId again answers as the first time.
			 */
			async reserveHold(this: CountdownThis, holdId: string, lines: CountdownLine[], by: string | null): Promise<ReserveAnswer> {
				const { answer, moves } = await this.transaction(async trx => {
					const db = this.countdownDb(trx);
					if (!(await cd.insertHold(db, holdId, lines))) {
						const hold = (await cd.findHold(db, holdId, true))!;
						if (onReserveAgain(hold) === "answer") return { answer: { holdId, taken: hold.taken.length > 0 }, moves: [] };
					}
					const counted = await cd.countedAmong(
						db,
						[...new Set(lines.map(l => l.menuItemId))],
						[...new Set(lines.flatMap(l => l.optionIds))],
					);
					const moves: Move[] = [];
					const short: { id: string; name: string; remaining: number }[] = [];
					for (const c of countdownsOf(lines, counted)) {
						const after = await cd.take(db, c);
						if (after !== undefined) {
							moves.push({ ...c, before: after + c.quantity, after });
							continue;
						}
						// Fewer left than asked for, or the count was lifted meanwhile (then there is nothing to take).
						const now = await cd.countOf(db, c);
						if (now && now.remaining !== null) short.push({ id: c.id, name: now.name, remaining: now.remaining });
					}
					if (short.length) throw MenuErrors.soldOut(short);
					const taken = moves.map(({ kind, id, quantity }) => ({ kind, id, quantity }));
					await cd.setHold(db, holdId, { lines, taken, releasedAt: null, createdAt: new Date() });
					await this.recordMoves(trx, moves, by);
					return { answer: { holdId, taken: taken.length > 0 }, moves };
				});
				if (moves.length) await this.menuChanged();
				return answer;
			},

			/** Gives a live hold's portions back; false when there was nothing to release (unknown, kept or released). */
			async releaseHold(this: CountdownThis, holdId: string, by: string | null): Promise<boolean> {
				const moves = await this.transaction(async trx => {
					const db = this.countdownDb(trx);
					const hold = await cd.findHold(db, holdId, true);
					if (onRelease(hold) !== "release") return undefined;
					const moves: Move[] = [];
					for (const c of hold!.taken) {
						const after = await cd.giveBack(db, c);
						if (after !== undefined) moves.push({ ...c, before: after - c.quantity, after });
					}
					await cd.setHold(db, holdId, { releasedAt: new Date() });
					await this.recordMoves(trx, moves, by);
					return moves;
				});
				if (moves?.length) await this.menuChanged();
				return moves !== undefined;
			},

			/** An order event: the hold it names is kept, and the portions it says were never cooked go back. Once per event. */
			async followOrder(
				this: CountdownThis,
				event: Pick<DomainEvent, "eventId" | "type">,
				holdId: string | undefined,
				returned: CountdownLine[],
				by: string | null,
			): Promise<void> {
				const moves = await this.handleOnce(event, async trx => {
					const moves = [...(holdId ? await this.keepHold(trx, holdId) : []), ...(await this.giveBackLines(trx, returned))];
					await this.recordMoves(trx, moves, by);
					return moves;
				});
				if (moves?.length) await this.menuChanged();
			},

			async keepHold(this: CountdownThis, trx: Trx, holdId: string): Promise<Move[]> {
				const db = this.countdownDb(trx);
				const hold = await cd.findHold(db, holdId, true);
				const action = onKeep(hold);
				if (action === "none") return [];
				const moves: Move[] = [];
				if (action === "keep_and_take_again") {
					this.logger.warn({ holdId }, "An order came for a hold the sweeper had released; its portions are taken again");
					for (const c of hold!.taken) {
						const moved = await cd.takeAsFarAsItGoes(db, c);
						if (moved && moved.before !== moved.after) moves.push({ ...c, ...moved });
					}
				}
				await cd.setHold(db, holdId, { keptAt: new Date() });
				return moves;
			},

			/** Portions back onto the counts that still count (a count lifted since is left alone). */
			async giveBackLines(this: CountdownThis, trx: Trx, lines: CountdownLine[]): Promise<Move[]> {
				const db = this.countdownDb(trx);
				const moves: Move[] = [];
				for (const c of countdownsOf(lines)) {
					const after = await cd.giveBack(db, c);
					if (after !== undefined) moves.push({ ...c, before: after - c.quantity, after });
				}
				return moves;
			},

			/** One event per countdown moved: the item whole, or the option's group whole, saying what changed. */
			async recordMoves(this: CountdownThis, trx: Trx, moves: Move[], by: string | null): Promise<void> {
				if (!moves.length) return;
				const t = this.tables(trx);
				const itemMoves = moves.filter(m => m.kind === "item");
				const items = new Map((await repo.findItems(t, [...new Set(itemMoves.map(m => m.id))])).map(i => [i.id, i]));
				for (const m of itemMoves) {
					const item = items.get(m.id);
					if (item)
						await this.recordEvent(trx, MENU_EVENTS.itemUpdated, { item, changed: countdownFields(m.before, m.after), by });
				}
				const optionMoves = moves.filter(m => m.kind === "option");
				const groupOf = await mods.groupIdsOfOptions(t, [...new Set(optionMoves.map(m => m.id))]);
				const groups = new Map((await mods.findGroups(t, [...new Set(groupOf.values())])).map(g => [g.id, g]));
				for (const m of optionMoves) {
					const group = groups.get(groupOf.get(m.id) ?? "");
					if (group)
						await this.recordEvent(trx, MENU_EVENTS.modifierGroupUpdated, {
							group,
							changed: countdownFields(m.before, m.after),
							optionId: m.id,
							by,
						});
				}
			},

			/** Releases the holds whose order never came (a node that crashed between reserve and the order's commit). */
			async sweepHolds(this: CountdownThis): Promise<number> {
				const stale = await cd.staleHolds(this.countdownDb(), this.settings.holdSeconds ?? HOLD_SECONDS, SWEEP_BATCH);
				let released = 0;
				for (const id of stale) {
					try {
						if (await this.releaseHold(id, null)) released++;
					} catch (err) {
						this.logger.warn({ err, holdId: id }, "A stale countdown hold could not be released yet");
					}
				}
				if (released) this.logger.info(`Released ${released} countdown hold(s) whose order never came`);
				return released;
			},
		},

		started(this: CountdownThis) {
			this.sweepTimer = setInterval(() => {
				this.sweepHolds().catch(err => this.logger.warn({ err }, "Sweeping countdown holds failed; trying again shortly"));
			}, SWEEP_INTERVAL_MS);
			this.sweepTimer.unref();
		},

		stopped(this: CountdownThis) {
			clearInterval(this.sweepTimer);
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}
