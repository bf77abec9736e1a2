// Live tablets: Socket.IO on the gateway's HTTP server. The token is checked at connect, sockets join rooms
// by role (kitchen ones by station), and every push is first written to a feed with a per-restaurant `seq`,
// so a device that reconnects with the last seq it saw is sent what it missed.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import { STATION_PATTERN } from "../../lib/params";
import type { AuthUser, BrigadeEvent, EventContext, RealtimeEvent } from "../../contracts";
import { PUSHED_TOPICS, ROOMS, pushesFor, roomsFor, type Push } from "./pushes";
import { increment, METRICS, setGauge, SOCKET_ROLES } from "../../lib/metrics";

/** A device that missed more than this reloads its state over REST instead of replaying. */
const REPLAY_MAX = 1000;
/** How long the feed keeps events for replay. */
const FEED_RETENTION_HOURS = 24;
/** Most events written to the feed in one transaction. */
const FEED_BATCH = 200;
/** Devices send only a handshake, join/leave and acks: a frame over this closes that socket (Socket.IO's default is 1 MB). */
export const MAX_SOCKET_MESSAGE_BYTES = 16 * 1024;
/** Live sockets one user may hold on one gateway: a tablet and its reconnects, not a script opening thousands. */
export const MAX_SOCKETS_PER_USER = 20;

/** An event waiting for its pushes to be written and sent; settles when they have been (or it was a redelivery). */
interface PendingEvent {
	event: BrigadeEvent;
	pushes: Push[];
	resolve(): void;
	reject(err: unknown): void;
}

interface RealtimeState {
	io?: Server;
	redis?: Redis[];
	/** Events waiting for the feed: written together, in arrival order, by one writer at a time. */
	queue: PendingEvent[];
	/** The writer, while it runs: pushes leave this node in seq order because only it writes and emits them. */
	writing?: Promise<void>;
	pruneTimer?: NodeJS.Timeout;
}

type RealtimeThis = Service & DbMethods & RealtimeMethods & { server: HttpServer; $rt: RealtimeState };

/** One connected socket, as `api.devices` lists it for the operators. */
export interface Device {
	socketId: string;
	nodeID: string;
	role: (typeof SOCKET_ROLES)[number];
	username: string | null;
	stations: string[];
	address: string;
	connectedAt: string;
}

interface Handshake {
	token?: unknown;
	lastSeq?: unknown;
	stations?: unknown;
}

export function RealtimeMixin(): Partial<ServiceSchema> {
	const pushChannel = {
		group: "realtime",
		context: true,
		// Messages taken from a stream at once (Redis Streams): they are queued and written to the feed in one
		// transaction, so more in flight makes bigger batches instead of a backlog of one-by-one deliveries.
		maxInFlight: FEED_BATCH,
		async handler(this: RealtimeThis, ctx: Context<BrigadeEvent>) {
			await this.publishEvent(ctx.params);
		},
	};

	const schema: Partial<ServiceSchema<ServiceSettingSchema, RealtimeThis>> = {
		mixins: [DbMixin("realtime", SCHEMAS.api)],

		channels: {
			...Object.fromEntries(PUSHED_TOPICS.map(topic => [topic, pushChannel])),
			// Every gateway drops the sockets of a user who was deactivated or changed role (their rooms are stale).
			"user.updated": {
				group: "realtime",
				context: true,
				async handler(this: RealtimeThis, ctx: EventContext<"user.updated">) {
					const { user, changed } = ctx.params.data;
					if (changed.some(f => f === "role" || f === "isActive" || f === "password")) {
						this.$rt.io?.in(ROOMS.user(user.id)).disconnectSockets(true);
					}
				},
			},
		},

		actions: {
			// For the operators (npm run repl: devices) over the bus; `public` keeps it off the gateway's routes.
			devices: {
				visibility: "public",
				handler(this: RealtimeThis): Device[] {
					const sockets = this.$rt.io ? [...this.$rt.io.of("/").sockets.values()] : [];
					return sockets.map(socket => {
						const user = socket.data.user as AuthUser | null;
						return {
							socketId: socket.id,
							nodeID: this.broker.nodeID,
							role: user?.role ?? "guest",
							username: user?.username ?? null,
							stations: [...socket.rooms].filter(r => r.startsWith("station:")).map(r => r.slice("station:".length)),
							address: socket.handshake.address,
							connectedAt: new Date(socket.handshake.issued).toISOString(),
						};
					});
				},
			},
		},

		methods: {
			/**
			 * Writes the event's pushes to the feed (once per event id), then emits them to their rooms. Events that
			 * arrive while a write is running wait and are written together, in one transaction, in arrival order.
			 */
			publishEvent(this: RealtimeThis, event: BrigadeEvent): Promise<void> {
				const pushes = pushesFor(event);
				if (!pushes.length) return Promise.resolve();
				return new Promise<void>((resolve, reject) => {
					this.$rt.queue.push({ event, pushes, resolve, reject });
					this.drainFeed();
				});
			},

			/** Starts the one writer if it is not running; it writes what is queued, batch after batch, until nothing is. */
			drainFeed(this: RealtimeThis): void {
				if (this.$rt.writing) return;
				this.$rt.writing = (async () => {
					while (this.$rt.queue.length) {
						const batch = this.$rt.queue.splice(0, FEED_BATCH);
						try {
							await this.writeFeed(batch);
						} catch {
							// One event the batch could not take must not fail the others: one transaction each, as they came.
							for (const p of batch) await this.writeFeed([p]).catch(err => p.reject(err));
						}
					}
				})().finally(() => {
					this.$rt.writing = undefined;
					if (this.$rt.queue.length) this.drainFeed();
				});
			},

			/**
			 * One transaction (handleEachOnce: a redelivered event is skipped): the new events' pushes into the feed;
			 * once committed, the pushes are emitted in seq order and the events settle.
			 */
			async writeFeed(this: RealtimeThis, batch: PendingEvent[]): Promise<void> {
				const emits = await this.handleEachOnce(
					batch.map(p => p.event),
					async (trx, fresh) => {
						const pushesOf = new Map(batch.map(p => [p.event, p.pushes] as const));
						const rows = fresh.flatMap(event => pushesOf.get(event)!.map(push => ({ push, at: event.at })));
						if (!rows.length) return [];
						const seqs: { seq: number | string }[] = await this.table("feed", trx)
							.insert(rows.map(({ push, at }) => ({ type: push.type, at, rooms: push.rooms, data: JSON.stringify(push.data) })))
							.returning("seq");
						return rows.map((r, i) => ({ ...r, seq: Number(seqs[i].seq) }));
					},
				);
				for (const e of emits) this.emitPush(e.push, e.seq, e.at);
				for (const p of batch) p.resolve();
			},

			emitPush(this: RealtimeThis, push: Push, seq: number, at: string): void {
				const message: RealtimeEvent = { seq, type: push.type, at, data: push.data };
				this.$rt.io?.to(push.rooms).emit(push.type, message);
			},

			/** Who is connecting: null for a guest (no token: the guest menu page), or the token's user. */
			async socketUser(this: RealtimeThis, token: unknown): Promise<AuthUser | null> {
				if (token === undefined || token === null || token === "") return null;
				if (typeof token !== "string" || token.length > 4096) throw socketError("INVALID_TOKEN", "auth.token must be an access token string");
				try {
					const { expiresAt, ...user } = await this.broker.call<AuthUser & { expiresAt: number }, { token: string }>("auth.resolveToken", { token });
					if (expiresAt <= Date.now()) throw new Error("expired");
					return user;
				} catch (err) {
					const code = (err as { code?: number }).code;
					if (code !== undefined && code >= 500) throw socketError("UNAVAILABLE", "Sign-in is unavailable; retrying");
					throw socketError("INVALID_TOKEN", "The access token is invalid or expired; refresh it and reconnect");
				}
			},

			/** Sends a reconnecting socket what it missed since `lastSeq`, or `resync` when that is too much or too old. */
			async replay(this: RealtimeThis, socket: Socket, lastSeq: number | undefined): Promise<number> {
				const bounds = await this.table("feed").min("seq as min").max("seq as max").first();
				const current = Number(bounds?.max ?? 0);
				if (lastSeq === undefined || lastSeq === current) return current;
				const oldest = Number(bounds?.min ?? current + 1);
				if (lastSeq > current || lastSeq < oldest - 1) {
					socket.emit("resync", { seq: current, reason: lastSeq > current ? "unknown seq" : "too old" });
					return current;
				}
				const missed: { seq: number | string; type: string; at: Date | string; data: unknown }[] = await this.db.raw(
					`select seq, type, at, data from ??.feed where seq > ? and seq <= ? and rooms && ?::text[] order by seq limit ?`,
					[SCHEMAS.api, lastSeq, current, [...socket.rooms], REPLAY_MAX + 1],
				).then((r: { rows: never[] }) => r.rows);
				if (missed.length > REPLAY_MAX) {
					socket.emit("resync", { seq: current, reason: "too many missed events" });
					return current;
				}
				for (const m of missed) {
					const data = typeof m.data === "string" ? JSON.parse(m.data) : m.data;
					socket.emit(m.type, { seq: Number(m.seq), type: m.type, at: new Date(m.at).toISOString(), data } satisfies RealtimeEvent);
				}
				return current;
			},

			onConnection(this: RealtimeThis, socket: Socket): void {
				const user = socket.data.user as AuthUser | null;
				const auth = socket.handshake.auth as Handshake;
				const stations = Array.isArray(auth.stations) ? auth.stations.filter((s): s is string => typeof s === "string" && STATION_PATTERN.test(s)) : [];
				socket.join(roomsFor(user, user ? stations : []));
				const role = user?.role ?? "guest";
				increment(this.broker, METRICS.sockets, { role });
				socket.on("disconnect", () => increment(this.broker, METRICS.sockets, { role }, -1));

				socket.on("join", (payload: unknown, ack?: (r: unknown) => void) => {
					const station = (payload as { station?: unknown } | null)?.station;
					if (!user) return ack?.({ ok: false, error: { code: "UNAUTHORIZED", message: "Sign in to join a station" } });
					if (typeof station !== "string" || !STATION_PATTERN.test(station)) {
						return ack?.({ ok: false, error: { code: "VALIDATION_ERROR", message: "join needs {station}: lowercase letters, digits, - or _" } });
					}
					socket.join(ROOMS.station(station));
					if (user.role === "kitchen") socket.leave(ROOMS.role("kitchen"));
					ack?.({ ok: true, rooms: [...socket.rooms].filter(r => r !== socket.id) });
				});

				socket.on("leave", (payload: unknown, ack?: (r: unknown) => void) => {
					const station = (payload as { station?: unknown } | null)?.station;
					if (typeof station === "string") socket.leave(ROOMS.station(station));
					const stationsLeft = [...socket.rooms].some(r => r.startsWith("station:"));
					if (user?.role === "kitchen" && !stationsLeft) socket.join(ROOMS.role("kitchen"));
					ack?.({ ok: true, rooms: [...socket.rooms].filter(r => r !== socket.id) });
				});

				const lastSeq = typeof auth.lastSeq === "number" && Number.isSafeInteger(auth.lastSeq) && auth.lastSeq >= 0 ? auth.lastSeq : undefined;
				this.replay(socket, lastSeq)
					.then(seq => socket.emit("welcome", { seq, user, rooms: [...socket.rooms].filter(r => r !== socket.id) }))
					.catch(err => {
						this.logger.warn("Replay failed; asking the device to resync", err);
						socket.emit("resync", { seq: null, reason: "replay failed" });
					});
			},

			/**
			 * Drops every device and stops Socket.IO's engine (the HTTP server is the gateway's to close). The gateway
			 * calls it before its server closes: open websockets would keep that close waiting forever.
			 */
			closeSockets(this: RealtimeThis): void {
				const io = this.$rt.io;
				if (!io) return;
				this.$rt.io = undefined;
				io.local.disconnectSockets(true);
				io.engine.close();
			},

			async pruneFeed(this: RealtimeThis): Promise<void> {
				await this.table("feed")
					.where("created_at", "<", new Date(Date.now() - FEED_RETENTION_HOURS * 3600_000))
					.del()
					.catch(err => this.logger.warn("Could not prune the realtime feed", err));
			},
		},

		created(this: RealtimeThis) {
			this.$rt = { queue: [] };
		},

		async started(this: RealtimeThis) {
			const { config } = runtimeOf(this.broker);
			const io = new Server(this.server, { serveClient: false, pingInterval: 10_000, pingTimeout: 10_000, maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES });
			const perUser = new Map<string, number>();
			if (config.transporter && config.redisUrl) {
				// Several gateways behind a load balancer: a push emitted on one reaches sockets on all.
				// Broadcasts wait for Redis to come back instead of failing (an unhandled rejection inside the adapter).
				const pub = new Redis(config.redisUrl, { maxRetriesPerRequest: null });
				const sub = pub.duplicate();
				this.$rt.redis = [pub, sub];
				// ioredis reconnects by itself; while Redis is away, pushes still reach this gateway's own sockets.
				for (const r of this.$rt.redis) r.on("error", (err: Error) => this.logger.warn(`Socket.IO Redis adapter: ${err.message}`));
				io.adapter(createAdapter(pub, sub, { key: `${config.namespace}-socket.io` }));
			}
			io.use((socket, next) => {
				this.socketUser((socket.handshake.auth as Handshake).token).then(
					user => {
						// Only checked here; counted once connected (a handshake dropped meanwhile never emits disconnect).
						if (user && (perUser.get(user.id) ?? 0) >= MAX_SOCKETS_PER_USER) {
							return next(socketError("TOO_MANY_SOCKETS", `At most ${MAX_SOCKETS_PER_USER} live connections per user; close another screen first`));
						}
						socket.data.user = user;
						next();
					},
					err => next(err),
				);
			});
			io.on("connection", socket => {
				const user = socket.data.user as AuthUser | null;
				if (user) {
					perUser.set(user.id, (perUser.get(user.id) ?? 0) + 1);
					socket.once("disconnect", () => {
						const left = (perUser.get(user.id) ?? 1) - 1;
						if (left > 0) perUser.set(user.id, left);
						else perUser.delete(user.id);
					});
				}
				this.onConnection(socket);
			});
			// Every role shows, at 0 when nobody of it is connected.
			for (const role of SOCKET_ROLES) setGauge(this.broker, METRICS.sockets, 0, { role });
			this.$rt.io = io;
			this.$rt.pruneTimer = setInterval(() => this.pruneFeed(), 3600_000);
			this.$rt.pruneTimer.unref();
		},

		async stopped(this: RealtimeThis) {
			clearInterval(this.$rt.pruneTimer);
			this.closeSockets();
			await Promise.all((this.$rt.redis ?? []).map(r => r.quit().catch(() => r.disconnect())));
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}

interface RealtimeMethods {
	publishEvent(event: BrigadeEvent): Promise<void>;
	drainFeed(): void;
	writeFeed(batch: PendingEvent[]): Promise<void>;
	emitPush(push: Push, seq: number, at: string): void;
	socketUser(token: unknown): Promise<AuthUser | null>;
	replay(socket: Socket, lastSeq: number | undefined): Promise<number>;
	onConnection(socket: Socket): void;
	pruneFeed(): Promise<void>;
	closeSockets(): void;
}

function socketError(code: string, message: string): Error & { data: { code: string } } {
	return Object.assign(new Error(message), { data: { code } });
}
