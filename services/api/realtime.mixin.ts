// Live tablets: Socket.IO on the gateway's HTTP server. The token is checked at connect, sockets join rooms
// by role (kitchen ones by station), and each domain event's pushes go out through the feed (feed.mixin.ts),
// which numbers them so a device that reconnects is sent what it missed.
import type { Server as HttpServer } from "node:http";
import { Server, type Socket } from "socket.io";
import { createAdapter } from "@socket.io/redis-adapter";
import { Redis } from "ioredis";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { runtimeOf } from "../../lib/runtime";
import { STATION_PATTERN } from "../../lib/params";
import {
	hashGuestToken,
	USER_EVENTS,
	type AuthUser,
	type BrigadeEvent,
	type EventContext,
	type GatewayMeta,
	type GuestCaller,
	type RealtimeEvent,
} from "../../contracts";
import { FEED_BATCH, FeedMixin, type FeedMethods } from "./feed.mixin";
import { PUSHED_TOPICS, ROOMS, roomsFor, roomsForGuest, type Push } from "./pushes";
import { isGuestBearer } from "./access";
import {
	handshakeLastSeq,
	handshakeStations,
	handshakeToken,
	MAX_SOCKET_MESSAGE_BYTES,
	MAX_SOCKETS_PER_USER,
	screenHello,
	socketError,
	ticketAck,
	SocketsPerUser,
	type Handshake,
} from "./socket-guard";
import { increment, METRICS, setGauge, SOCKET_ROLES } from "../../lib/metrics";

// Where the socket-abuse suite (and anyone tuning the limits) looks for them.
export { MAX_SOCKET_MESSAGE_BYTES, MAX_SOCKETS_PER_USER } from "./socket-guard";

interface RealtimeState {
	io?: Server;
	redis?: Redis[];
}

type RealtimeThis = Service & FeedMethods & RealtimeMethods & { server: HttpServer; $rt: RealtimeState };

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
		mixins: [FeedMixin()],

		channels: {
			...Object.fromEntries(PUSHED_TOPICS.map(topic => [topic, pushChannel])),
			// Every gateway drops the sockets of a user who was deactivated or changed role (their rooms are stale).
			[USER_EVENTS.updated]: {
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
			/** Sends one push, already in the feed, to its rooms (on every gateway, through the Redis adapter). */
			emitPush(this: RealtimeThis, push: Push, seq: number, at: string): void {
				const message: RealtimeEvent = { seq, type: push.type, at, data: push.data };
				this.$rt.io?.to(push.rooms).emit(push.type, message);
				// An order opened at a table: the guest phones waiting there follow it from now on (on every gateway).
				const waiting = push.rooms.filter(r => r.startsWith("guest:table:"));
				const orderId = (push.data as { id?: unknown } | null)?.id;
				if (waiting.length && typeof orderId === "string" && this.$rt.io) {
					this.$rt.io.in(waiting).socketsJoin(ROOMS.guestOrder(orderId));
					this.$rt.io.in(waiting).socketsLeave(waiting);
				}
				// The order moved or was cancelled: its guests' sessions ended, and their phones hear no more of it.
				if (push.endsRooms?.length) this.$rt.io?.in(push.endsRooms).disconnectSockets(true);
			},

			/** Who is connecting: null for a guest (no token: the guest menu page), or the token's user. */
			async socketUser(this: RealtimeThis, sent: unknown): Promise<AuthUser | null> {
				const token = handshakeToken(sent);
				if (token === null) return null;
				let user: AuthUser;
				try {
					const { expiresAt, ...resolved } = await this.broker.call<AuthUser & { expiresAt: number }, { token: string }>(
						"auth.resolveToken",
						{ token },
					);
					if (expiresAt <= Date.now()) throw new Error("expired");
					user = resolved;
				} catch (err) {
					const code = (err as { code?: number }).code;
					if (code !== undefined && code >= 500) throw socketError("UNAVAILABLE", "Sign-in is unavailable; retrying");
					throw socketError("INVALID_TOKEN", "The access token is invalid or expired; refresh it and reconnect");
				}
				// A shared tablet's device session is its manager's, but hears nothing: the manager's rooms carry approvals
				// and the office's pushes. The tablet's socket goes with the waiter's session once one signs in by PIN.
				if (user.scope === "device") throw socketError("FORBIDDEN", "A tablet's device sign-in may only sign staff in by PIN");
				return user;
			},

			/**
			 * A guest phone (a `gst_` token): its session as it stands (the order it follows bound now), refused once
			 * expired (INVALID_TOKEN) or ended (GUEST_SESSION_ENDED; a guest who just paid may still follow the bill).
			 */
			async socketGuest(this: RealtimeThis, token: string): Promise<GuestCaller> {
				try {
					const guest = await this.broker.call<GuestCaller, { tokenHash: string }>("guest.resolveSession", {
						tokenHash: hashGuestToken(token),
					});
					if (guest.expiresAt <= Date.now()) throw Object.assign(new Error("expired"), { code: 401 });
					const meta: GatewayMeta = { guest };
					return await this.broker.call<GuestCaller, { afterPaid: boolean }>("guest.live", { afterPaid: true }, { meta });
				} catch (err) {
					const { code, type } = err as { code?: number; type?: string };
					if (code !== undefined && code >= 500) throw socketError("UNAVAILABLE", "Guest sessions are unavailable; retrying");
					if (type === "GUEST_SESSION_ENDED") throw socketError("GUEST_SESSION_ENDED", (err as Error).message);
					throw socketError("INVALID_TOKEN", "This guest session is unknown or has expired; scan the table's code again");
				}
			},

			onConnection(this: RealtimeThis, socket: Socket): void {
				const user = socket.data.user as AuthUser | null;
				const guest = socket.data.guest as GuestCaller | undefined;
				const auth = socket.handshake.auth as Handshake;
				if (guest) {
					// A guest phone hears the menu and its own order and bill (guest views), nothing of the staff's.
					socket.join(roomsForGuest(guest));
					const lapse = setTimeout(() => socket.disconnect(true), Math.max(0, guest.expiresAt - Date.now()));
					lapse.unref();
					// A phone waiting at a table for an order: none opened there in time, and it is an earlier party's.
					const unbound =
						guest.unboundUntil === null
							? undefined
							: setTimeout(
									() => {
										if (![...socket.rooms].some(r => r.startsWith("guest:order:"))) socket.disconnect(true);
									},
									Math.max(0, guest.unboundUntil - Date.now()),
								);
					unbound?.unref();
					socket.once("disconnect", () => {
						clearTimeout(lapse);
						clearTimeout(unbound);
					});
				} else socket.join(roomsFor(user, user ? handshakeStations(auth) : []));
				const role = user?.role ?? "guest";
				increment(this.broker, METRICS.sockets, { role });
				socket.on("disconnect", () => increment(this.broker, METRICS.sockets, { role }, -1));

				socket.on("join", (payload: unknown, ack?: (r: unknown) => void) => {
					const station = (payload as { station?: unknown } | null)?.station;
					if (!user) return ack?.({ ok: false, error: { code: "UNAUTHORIZED", message: "Sign in to join a station" } });
					if (typeof station !== "string" || !STATION_PATTERN.test(station)) {
						return ack?.({
							ok: false,
							error: { code: "VALIDATION_ERROR", message: "join needs {station}: lowercase letters, digits, - or _" },
						});
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

				// Guaranteed dispatch: a kitchen screen says which stations it shows (on connect and every 20 s) and
				// acknowledges each ticket it drew; the kitchen keeps the first ack, the device service the live screens.
				const screens = user && (user.role === "kitchen" || user.role === "admin");
				let said = false;
				socket.on("screen:hello", (payload: unknown, ack?: (r: unknown) => void) => {
					if (!screens) return ack?.({ ok: false, error: { code: "FORBIDDEN", message: "Only kitchen screens say hello" } });
					const stations = screenHello(payload);
					if (!stations)
						return ack?.({
							ok: false,
							error: { code: "VALIDATION_ERROR", message: "screen:hello needs {stations: [station…]}" },
						});
					said = true;
					this.broker
						.call("device.screenHello", { screenId: socket.id, stations, userId: user.id })
						.then(() => ack?.({ ok: true }))
						.catch((err: Error) => ack?.({ ok: false, error: { code: "UNAVAILABLE", message: err.message } }));
				});
				socket.on("disconnect", () => {
					if (said) this.broker.call("device.screenBye", { screenId: socket.id }).catch(() => undefined);
				});
				socket.on("ticket:ack", (payload: unknown, ack?: (r: unknown) => void) => {
					if (!screens)
						return ack?.({ ok: false, error: { code: "FORBIDDEN", message: "Only kitchen screens acknowledge tickets" } });
					const key = ticketAck(payload);
					if (!key)
						return ack?.({
							ok: false,
							error: { code: "VALIDATION_ERROR", message: "ticket:ack needs {orderId: uuid, station, round: integer ≥ 1}" },
						});
					this.broker
						.call<{ ackedAt: string; first: boolean; late: boolean }, Record<string, unknown>>("kitchen.ack", {
							...key,
							by: `${user.id}:${socket.id}`,
						})
						.then(r => ack?.({ ok: true, ...r }))
						.catch((err: Error) => ack?.({ ok: false, error: { code: "UNAVAILABLE", message: err.message } }));
				});

				this.replay(socket, handshakeLastSeq(auth))
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
		},

		created(this: RealtimeThis) {
			this.$rt = {};
		},

		async started(this: RealtimeThis) {
			const { config } = runtimeOf(this.broker);
			const io = new Server(this.server, {
				serveClient: false,
				pingInterval: 10_000,
				pingTimeout: 10_000,
				maxHttpBufferSize: MAX_SOCKET_MESSAGE_BYTES,
			});
			const perUser = new SocketsPerUser();
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
				const token = (socket.handshake.auth as Handshake).token;
				if (typeof token === "string" && isGuestBearer(token)) {
					this.socketGuest(token).then(guest => {
						socket.data.user = null;
						socket.data.guest = guest;
						next();
					}, next);
					return;
				}
				this.socketUser(token).then(
					user => {
						// Only checked here; counted once connected (a handshake dropped meanwhile never emits disconnect).
						if (user && perUser.full(user.id)) {
							return next(
								socketError(
									"TOO_MANY_SOCKETS",
									`At most ${MAX_SOCKETS_PER_USER} live connections per user; close another screen first`,
								),
							);
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
					perUser.connected(user.id);
					socket.once("disconnect", () => perUser.disconnected(user.id));
				}
				this.onConnection(socket);
			});
			// Every role shows, at 0 when nobody of it is connected.
			for (const role of SOCKET_ROLES) setGauge(this.broker, METRICS.sockets, 0, { role });
			this.$rt.io = io;
		},

		async stopped(this: RealtimeThis) {
			this.closeSockets();
			await Promise.all((this.$rt.redis ?? []).map(r => r.quit().catch(() => r.disconnect())));
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}

interface RealtimeMethods {
	emitPush(push: Push, seq: number, at: string): void;
	socketUser(token: unknown): Promise<AuthUser | null>;
	socketGuest(token: string): Promise<GuestCaller>;
	onConnection(socket: Socket): void;
	closeSockets(): void;
}
