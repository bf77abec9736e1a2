// Gives a service its own PostgreSQL schema: a knex handle bound to it, transactions, migrations at start,
// and the transactional outbox (events written with the state change) plus an inbox (exactly-once handling).
import crypto from "node:crypto";
import type { Knex } from "knex";
import type { Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { runtimeOf } from "../lib/runtime";
import { migrateSchema, type Db, type Trx } from "../lib/db";
import { addCollector, channelBacklog, METRICS, setGauge, type ChannelBacklog } from "../lib/metrics";
import type { DomainEvent, EventName, EventPayloads } from "../contracts";

export type { DomainEvent };

export interface DbMethods {
	/** The node's knex handle (shared by the node's services; queries must name the schema). */
	readonly db: Db;
	/** A query builder on `<schema>.<table>`, inside `trx` when given. */
	table(name: string, trx?: Knex | Trx): Knex.QueryBuilder;
	/** `table` bound to one transaction (or none): what repository functions take. */
	tables(trx?: Trx): (name: string) => Knex.QueryBuilder;
	/** Runs `fn` in a transaction; events it recorded are published once it commits. */
	transaction<T>(fn: (trx: Trx) => Promise<T>): Promise<T>;
	/** Records an event in the outbox inside `trx`; it is published only if `trx` commits. Its payload is the one contracts/ declares for its name. */
	recordEvent<K extends EventName>(trx: Trx, type: K, data: EventPayloads[K]): Promise<DomainEvent<EventPayloads[K]>>;
	/** Runs `fn` once per event id: a redelivered event returns `undefined` and changes nothing. */
	handleOnce<T>(event: Pick<DomainEvent, "eventId" | "type">, fn: (trx: Trx) => Promise<T>): Promise<T | undefined>;
	/**
	 * handleOnce for a batch, in one transaction: `fn` gets the events seen for the first time (each id once, in
	 * the order given); redelivered ones are left out.
	 */
	handleEachOnce<E extends Pick<DomainEvent, "eventId" | "type">, T>(events: E[], fn: (trx: Trx, fresh: E[]) => Promise<T>): Promise<T>;
	/** Publishes what the outbox holds (also runs on a timer, so a crash between commit and publish loses nothing). */
	relayOutbox(): Promise<number>;
	/** What this service has not published yet, and what its channel consumer groups have not received or acknowledged. */
	backlog(): Promise<Backlog>;
}

/** A service's unfinished messaging, as `<service>.backlog` answers it (the operator's `lag` command). */
export interface Backlog {
	service: string;
	nodeID: string;
	outbox: { pending: number; oldestSeconds: number };
	/** Empty in embedded mode: channels are delivered in process, nothing waits in Redis. */
	channels: ChannelBacklog[];
}

interface DbState {
	relayTimer?: NodeJS.Timeout;
	relaying?: Promise<number>;
	relayAgain?: boolean;
	stopping?: boolean;
	/** Set once the broker (and so the channel subscriptions) has started. */
	ready?: boolean;
	removeCollector?: () => void;
}

type DbService = Service & DbMethods & { $db: DbState; collectBacklog(): Promise<void> };

const RELAY_BATCH = 200;
const RELAY_INTERVAL_MS = 1000;
// A relay's claim on a batch lapses after this long, so a crashed node's batch is taken over soon; a slow
// relay that overruns it only causes a duplicate delivery, which the consumers' inbox drops.
const CLAIM_SECONDS = 10;

/**
 * @param service folder under migrations/ holding this service's migrations
 * @param schema  the PostgreSQL schema this service owns (and the only one it may touch)
 */
export function DbMixin(service: string, schema: string): Partial<ServiceSchema> {
	const mixin: Partial<ServiceSchema<ServiceSettingSchema, DbService>> = {
		actions: {
			// For the operators (npm run repl: lag) over the bus; `public` keeps it off the gateway's routes.
			backlog: {
				visibility: "public",
				handler(this: DbService): Promise<Backlog> {
					return this.backlog();
				},
			},
		},

		methods: {
			table(this: DbService, name: string, trx?: Knex | Trx) {
				return (trx ?? this.db)(name).withSchema(schema);
			},

			tables(this: DbService, trx?: Trx) {
				return (name: string) => this.table(name, trx);
			},

			async transaction<T>(this: DbService, fn: (trx: Trx) => Promise<T>): Promise<T> {
				let recorded = false;
				const result = await this.db.transaction(async trx => {
					const res = await fn(trx);
					recorded = (trx as Trx & { $brigadeEvents?: number }).$brigadeEvents !== undefined;
					return res;
				});
				if (recorded) this.relaySoon();
				return result;
			},

			async recordEvent<T>(this: DbService, trx: Trx, type: string, data: T): Promise<DomainEvent<T>> {
				const event: DomainEvent<T> = {
					eventId: crypto.randomUUID(),
					type,
					at: new Date().toISOString(),
					source: this.name,
					data,
				};
				await this.table("outbox", trx).insert({ id: event.eventId, topic: type, payload: JSON.stringify(event) });
				const t = trx as Trx & { $brigadeEvents?: number };
				t.$brigadeEvents = (t.$brigadeEvents ?? 0) + 1;
				return event;
			},

			async handleOnce<T>(this: DbService, event: Pick<DomainEvent, "eventId" | "type">, fn: (trx: Trx) => Promise<T>) {
				return this.handleEachOnce([event], (trx, fresh) => (fresh.length ? fn(trx) : Promise.resolve(undefined)));
			},

			async handleEachOnce<E extends Pick<DomainEvent, "eventId" | "type">, T>(
				this: DbService,
				events: E[],
				fn: (trx: Trx, fresh: E[]) => Promise<T>,
			) {
				return this.transaction(async trx => {
					// The first of each id; a message delivered twice into one batch is a redelivery too.
					const ids = new Set<string>();
					const firsts = events.filter(e => !ids.has(e.eventId) && Boolean(ids.add(e.eventId)));
					const inserted: { event_id: string }[] = firsts.length
						? await this.table("inbox", trx)
								.insert(firsts.map(e => ({ event_id: e.eventId, topic: e.type })))
								.onConflict("event_id")
								.ignore()
								.returning("event_id")
						: [];
					const isNew = new Set(inserted.map(r => r.event_id));
					const fresh = firsts.filter(e => isNew.has(e.eventId));
					const handled = new Set(fresh);
					for (const e of events)
						if (!handled.has(e)) this.logger.debug(`Event ${e.type} ${e.eventId} was handled before; ignoring the redelivery`);
					return fn(trx, fresh);
				});
			},

			relaySoon(this: DbService) {
				if (this.$db.stopping || !this.$db.ready || !hasChannels(this)) return;
				this.relayOutbox().catch(err => this.logger.warn("Outbox relay failed; retrying on the next tick", err));
			},

			/** Serialises relays within this service instance; a call during a relay schedules one more pass. */
			async relayOutbox(this: DbService): Promise<number> {
				if (this.$db.relaying) {
					this.$db.relayAgain = true;
					return this.$db.relaying;
				}
				const run = async () => {
					let total = 0;
					do {
						this.$db.relayAgain = false;
						let n: number;
						do {
							n = await this.relayBatch();
							total += n;
						} while (n === RELAY_BATCH && !this.$db.stopping);
					} while (this.$db.relayAgain && !this.$db.stopping);
					return total;
				};
				this.$db.relaying = run().finally(() => {
					this.$db.relaying = undefined;
				});
				return this.$db.relaying;
			},

			/**
			 * Claims a batch (so a second node running this service skips it), publishes it outside any
			 * transaction (PGlite has one connection, and a local consumer needs it), then marks it sent.
			 */
			async relayBatch(this: DbService): Promise<number> {
				const claimed = await this.db.raw<{ rows: { id: string; topic: string; payload: DomainEvent; seq: number }[] }>(
					`update ??.outbox set claimed_until = now() + make_interval(secs => ?), attempts = attempts + 1
					 where id in (
						select id from ??.outbox
						where published_at is null and (claimed_until is null or claimed_until < now())
						order by seq limit ? for update skip locked)
					 returning id, topic, payload, seq`,
					[schema, CLAIM_SECONDS, schema, RELAY_BATCH],
				);
				const rows = claimed.rows.sort((a, b) => a.seq - b.seq);
				const sent: string[] = [];
				try {
					for (const row of rows) {
						const payload = typeof row.payload === "string" ? JSON.parse(row.payload) : row.payload;
						await (this.broker as unknown as ChannelBroker).sendToChannel(row.topic, payload);
						sent.push(row.id);
					}
				} finally {
					if (sent.length)
						await this.table("outbox").whereIn("id", sent).update({ published_at: this.db.fn.now(), claimed_until: null });
					const unsent = rows.filter(r => !sent.includes(r.id)).map(r => r.id);
					if (unsent.length) await this.table("outbox").whereIn("id", unsent).update({ claimed_until: null });
				}
				return rows.length;
			},

			async backlog(this: DbService): Promise<Backlog> {
				const { rows } = await this.db.raw<{ rows: { pending: number; oldest: number | null }[] }>(
					`select count(*)::int as pending, extract(epoch from now() - min(created_at))::float8 as oldest
					 from ??.outbox where published_at is null`,
					[schema],
				);
				const { redisUrl } = runtimeOf(this.broker).config;
				const consumed = Object.entries((this.schema.channels ?? {}) as Record<string, { group?: string }>).map(
					([channel, def]) => ({
						channel,
						group: def.group ?? this.fullName,
					}),
				);
				return {
					service: this.name,
					nodeID: this.broker.nodeID,
					outbox: { pending: Number(rows[0]?.pending ?? 0), oldestSeconds: Math.max(0, Number(rows[0]?.oldest ?? 0)) },
					channels: redisUrl ? await channelBacklog(this.broker, redisUrl, consumed) : [],
				};
			},

			/** The backlog as gauges, refreshed by the node's metrics timer and before each scrape of it. */
			async collectBacklog(this: DbService): Promise<void> {
				const b = await this.backlog();
				setGauge(this.broker, METRICS.outboxPending, b.outbox.pending, { service: b.service });
				setGauge(this.broker, METRICS.outboxOldest, b.outbox.oldestSeconds, { service: b.service });
				for (const c of b.channels) {
					if (c.lag !== null) setGauge(this.broker, METRICS.channelLag, c.lag, { channel: c.channel, group: c.group });
					if (c.pending !== null)
						setGauge(this.broker, METRICS.channelPending, c.pending, { channel: c.channel, group: c.group });
				}
			},
		},

		created(this: DbService) {
			this.$db = {};
			Object.defineProperty(this, "db", { get: () => runtimeOf(this.broker).db(), enumerable: false });
		},

		async started(this: DbService) {
			const applied = await migrateSchema(this.db, service, schema);
			if (applied.length) this.logger.info(`Schema "${schema}" migrated: ${applied.join(", ")}`);
			// Embedded, this process is the only relay: claims left by a killed predecessor are void now.
			if (!runtimeOf(this.broker).config.transporter) {
				await this.table("outbox").whereNull("published_at").whereNotNull("claimed_until").update({ claimed_until: null });
			}
			this.$db.removeCollector = addCollector(this.broker, () => this.collectBacklog());
		},

		events: {
			// Consumers subscribe when the channels middleware starts, after every service's `started`:
			// relaying before then would hand events to nobody (the embedded adapter keeps nothing).
			"$broker.started"(this: DbService) {
				if (!hasChannels(this) || this.$db.relayTimer) return;
				this.$db.relayTimer = setInterval(() => this.relaySoon(), RELAY_INTERVAL_MS);
				this.$db.relayTimer.unref();
				this.$db.ready = true;
				this.relaySoon();
			},
		},

		async stopped(this: DbService) {
			this.$db.stopping = true;
			this.$db.removeCollector?.();
			clearInterval(this.$db.relayTimer);
			await this.$db.relaying?.catch(() => undefined);
		},
	};
	return mixin as unknown as Partial<ServiceSchema>;
}

interface ChannelBroker {
	sendToChannel(topic: string, payload: unknown, opts?: Record<string, unknown>): Promise<void>;
}

function hasChannels(svc: Service): boolean {
	return typeof (svc.broker as unknown as Partial<ChannelBroker>).sendToChannel === "function";
}
