// The realtime feed: every push is written with a per-restaurant `seq` before it is emitted, so a device that
// reconnects with the last seq it saw is sent what it missed; kept for a day.
import type { Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Socket } from "socket.io";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import type { BrigadeEvent, RealtimeEvent } from "../../contracts";
import { guestPushesFor, pushesFor, type Push } from "./pushes";

/** A device that missed more than this reloads its state over REST instead of replaying. */
const REPLAY_MAX = 1000;
/** How long the feed keeps events for replay. */
const FEED_RETENTION_HOURS = 24;
/** Most events written to the feed in one transaction. */
export const FEED_BATCH = 200;

/** An event waiting for its pushes to be written and sent; settles when they have been (or it was a redelivery). */
interface PendingEvent {
	event: BrigadeEvent;
	pushes: Push[];
	resolve(): void;
	reject(err: unknown): void;
}

interface FeedState {
	/** Events waiting for the feed: written together, in arrival order, by one writer at a time. */
	queue: PendingEvent[];
	/** The writer, while it runs: pushes leave this node in seq order because only it writes and emits them. */
	writing?: Promise<void>;
	pruneTimer?: NodeJS.Timeout;
}

export interface FeedMethods {
	publishEvent(event: BrigadeEvent): Promise<void>;
	drainFeed(): void;
	writeFeed(batch: PendingEvent[]): Promise<void>;
	replay(socket: Socket, lastSeq: number | undefined): Promise<number>;
	pruneFeed(): Promise<void>;
}

/** The socket side the feed hands each stored push to (realtime.mixin.ts). */
interface Emitter {
	emitPush(push: Push, seq: number, at: string): void;
}

type FeedThis = Service & DbMethods & FeedMethods & Emitter & { $feed: FeedState };

export function FeedMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, FeedThis>> = {
		mixins: [DbMixin("realtime", SCHEMAS.api)],

		methods: {
			/**
			 * Writes the event's pushes to the feed (once per event id), then emits them to their rooms. Events that
			 * arrive while a write is running wait and are written together, in one transaction, in arrival order.
			 */
			publishEvent(this: FeedThis, event: BrigadeEvent): Promise<void> {
				const pushes = [...pushesFor(event), ...guestPushesFor(event)];
				if (!pushes.length) return Promise.resolve();
				return new Promise<void>((resolve, reject) => {
					this.$feed.queue.push({ event, pushes, resolve, reject });
					this.drainFeed();
				});
			},

			/** Starts the one writer if it is not running; it writes what is queued, batch after batch, until nothing is. */
			drainFeed(this: FeedThis): void {
				if (this.$feed.writing) return;
				this.$feed.writing = (async () => {
					while (this.$feed.queue.length) {
						const batch = this.$feed.queue.splice(0, FEED_BATCH);
						try {
							await this.writeFeed(batch);
						} catch {
							// One event the batch could not take must not fail the others: one transaction each, as they came.
							for (const p of batch) await this.writeFeed([p]).catch(err => p.reject(err));
						}
					}
				})().finally(() => {
					this.$feed.writing = undefined;
					if (this.$feed.queue.length) this.drainFeed();
				});
			},

			/**
			 * One transaction (handleEachOnce: a redelivered event is skipped): the new events' pushes into the feed;
			 * once committed, the pushes are emitted in seq order and the events settle.
			 */
			async writeFeed(this: FeedThis, batch: PendingEvent[]): Promise<void> {
				const emits = await this.handleEachOnce(
					batch.map(p => p.event),
					async (trx, fresh) => {
						const pushesOf = new Map(batch.map(p => [p.event, p.pushes] as const));
						const rows = fresh.flatMap(event => pushesOf.get(event)!.map(push => ({ push, at: event.at })));
						if (!rows.length) return [];
						const seqs: { seq: number | string }[] = await this.table("feed", trx)
							.insert(
								rows.map(({ push, at }) => ({ type: push.type, at, rooms: push.rooms, data: JSON.stringify(push.data) })),
							)
							.returning("seq");
						return rows.map((r, i) => ({ ...r, seq: Number(seqs[i].seq) }));
					},
				);
				for (const e of emits) this.emitPush(e.push, e.seq, e.at);
				for (const p of batch) p.resolve();
			},

			/** Sends a reconnecting socket what it missed since `lastSeq`, or `resync` when that is too much or too old. */
			async replay(this: FeedThis, socket: Socket, lastSeq: number | undefined): Promise<number> {
				const bounds = await this.table("feed").min("seq as min").max("seq as max").first();
				const current = Number(bounds?.max ?? 0);
				if (lastSeq === undefined || lastSeq === current) return current;
				const oldest = Number(bounds?.min ?? current + 1);
				if (lastSeq > current || lastSeq < oldest - 1) {
					socket.emit("resync", { seq: current, reason: lastSeq > current ? "unknown seq" : "too old" });
					return current;
				}
				const missed: { seq: number | string; type: string; at: Date | string; data: unknown }[] = await this.db
					.raw(`select seq, type, at, data from ??.feed where seq > ? and seq <= ? and rooms && ?::text[] order by seq limit ?`, [
						SCHEMAS.api,
						lastSeq,
						current,
						[...socket.rooms],
						REPLAY_MAX + 1,
					])
					.then((r: { rows: never[] }) => r.rows);
				if (missed.length > REPLAY_MAX) {
					socket.emit("resync", { seq: current, reason: "too many missed events" });
					return current;
				}
				for (const m of missed) {
					const data = typeof m.data === "string" ? JSON.parse(m.data) : m.data;
					socket.emit(m.type, {
						seq: Number(m.seq),
						type: m.type,
						at: new Date(m.at).toISOString(),
						data,
					} satisfies RealtimeEvent);
				}
				return current;
			},

			async pruneFeed(this: FeedThis): Promise<void> {
				await this.table("feed")
					.where("created_at", "<", new Date(Date.now() - FEED_RETENTION_HOURS * 3600_000))
					.del()
					.catch(err => this.logger.warn("Could not prune the realtime feed", err));
			},
		},

		created(this: FeedThis) {
			this.$feed = { queue: [] };
		},

		started(this: FeedThis) {
			this.$feed.pruneTimer = setInterval(() => this.pruneFeed(), 3600_000);
			this.$feed.pruneTimer.unref();
		},

		stopped(this: FeedThis) {
			clearInterval(this.$feed.pruneTimer);
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}
