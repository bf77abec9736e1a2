// Guests at the table: a short-lived guest session bound to one table (the QR page's phone), its rounds into the
// table's order, its calls for the waiter or the bill, and its share of the bill paid by link. A guest is not a
// user: the session reads its table's order and nothing else, and ends once that order is paid or moved.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { roundLines } from "../../lib/params";
import { runtimeOf } from "../../lib/runtime";
import {
	GUEST_CALL_KINDS,
	GUEST_ROUND_LIMITS,
	GUEST_EVENTS,
	GuestErrors,
	OrderErrors,
	type GatewayMeta,
	type GuestCaller,
	type GuestCallKind,
	type GuestOrderView,
	type GuestRoundResult,
	type GuestSession,
	type Order,
	type Table,
} from "../../contracts";
import { GuestPayMixin } from "./pay.mixin";
import { GuestTakeoutMixin } from "./takeout.mixin";
import {
	GuestLimiter,
	ROUND_WINDOW_SECONDS,
	ROUNDS_PER_SESSION,
	SESSION_WINDOW_SECONDS,
	SESSIONS_PER_IP,
	SESSIONS_PER_TABLE,
} from "./limiter";
import * as repo from "./repository";
import {
	assertUnexpired,
	CALL_COOLDOWN_MS,
	callerOf,
	callWait,
	endReason,
	guestView,
	hashGuestToken,
	mayFollow,
	newGuestToken,
	unboundUntil,
} from "./rules";

type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

/** A line as the guest's phone sends it: its shape checked here (before the hop), against the menu by order.guestRound. */
type GuestLine = Record<string, unknown>;
const guestLines = roundLines(GUEST_ROUND_LIMITS);

export interface GuestMethods {
	/**
	 * The calling guest's session as it stands now: 401 without one (or expired), 409 GUEST_SESSION_ENDED once its
	 * table's order was paid, cancelled or moved. `afterPaid` still admits an order paid (not moved) in the last 30
	 * minutes. `orderId` is the order the session follows (bound on first sight), null while the table has none.
	 */
	liveGuest(ctx: Ctx<unknown>, opts?: { afterPaid?: boolean }): Promise<GuestCaller>;
	/** The order a guest may see: the one its session follows, read fresh (404 ORDER_NOT_FOUND while there is none). */
	guestOrder(ctx: Ctx<unknown>, guest: GuestCaller): Promise<Order>;
}

export type GuestThis = Service &
	DbMethods &
	GuestMethods & { limiter: { sessions: GuestLimiter; tableSessions: GuestLimiter; rounds: GuestLimiter }; sweepTimer?: NodeJS.Timeout };

/** Expired sessions are kept a day (the audit of what a phone did), then swept. */
const KEEP_EXPIRED_MS = 24 * 3600_000;

const GuestService: ServiceSchema<ServiceSettingSchema, GuestThis> = {
	name: "guest",
	mixins: [DbMixin("guest", SCHEMAS.guest), GuestPayMixin(), GuestTakeoutMixin()],
	settings: {
		rest: "/guest",
	},

	actions: {
		/** A phone scanned a table's code: a session bound to that table. Public, limited per address. */
		createSession: {
			rest: "POST /sessions",
			access: "public",
			params: { $$strict: "remove", tableId: "uuid" },
			async handler(this: GuestThis, ctx: Ctx<{ tableId: string }>): Promise<GuestSession> {
				await this.limiter.sessions.take(ctx.meta.ip ?? "internal");
				await this.limiter.tableSessions.take(ctx.params.tableId);
				const { config } = runtimeOf(this.broker);
				const table = await ctx.call<Table, { id: string }>("table.get", { id: ctx.params.tableId });
				const open = await ctx.call<{ orderId: string | null }, { tableId: string }>("order.openOfTable", { tableId: table.id });
				const token = newGuestToken();
				const now = new Date();
				const expiresAt = new Date(now.getTime() + config.guestSessionSeconds * 1000);
				await repo.insertSession(this.tables(), {
					id: crypto.randomUUID(),
					tokenHash: hashGuestToken(token),
					tableId: table.id,
					tableName: table.name,
					orderId: open.orderId,
					ip: ctx.meta.ip ?? null,
					createdAt: now,
					expiresAt,
				});
				ctx.meta.$statusCode = 201;
				return {
					guestToken: token,
					expiresAt: expiresAt.toISOString(),
					table: { id: table.id, name: table.name },
					ordering: config.guestOrdering,
				};
			},
		},

		/** The table's order as the guest sees it: its lines (pending ones too), no staff data. 404 while the table has none. */
		order: {
			rest: "GET /order",
			access: ["guest"],
			async handler(this: GuestThis, ctx: Ctx): Promise<GuestOrderView> {
				// A guest who just paid may still read what they paid for.
				const guest = await this.liveGuest(ctx, { afterPaid: true });
				return guestView(await this.guestOrder(ctx, guest));
			},
		},

		/**
		 * A round from the guest's phone into the table's order (or a new one): GUEST_ORDERING=confirm waits for a
		 * waiter's confirm (202 pending_confirmation), direct sends it (202 sent), off refuses (403 GUEST_ORDERING_OFF).
		 */
		addItems: {
			rest: "POST /order/items",
			access: ["guest"],
			params: { $$strict: "remove", items: guestLines },
			async handler(this: GuestThis, ctx: Ctx<{ items: GuestLine[] }>): Promise<GuestRoundResult> {
				const mode = runtimeOf(this.broker).config.guestOrdering;
				if (mode === "off") throw GuestErrors.orderingOff();
				const guest = await this.liveGuest(ctx);
				await this.limiter.rounds.take(guest.sessionId);
				const result = await ctx.call<GuestRoundResult, unknown>("order.guestRound", {
					tableId: guest.tableId,
					orderId: guest.orderId,
					items: ctx.params.items,
					mode,
					guestSessionId: guest.sessionId,
				});
				// The round started the table's order: the session follows it from now on.
				if (!guest.orderId) await repo.bindOrder(this.tables(), guest.sessionId, result.orderId);
				ctx.meta.$statusCode = 202;
				return result;
			},
		},

		/** The guest calls the waiter or asks for the bill: the floor hears it live (`guest:call`). Once a minute per kind. */
		call: {
			rest: "POST /calls",
			access: ["guest"],
			params: { $$strict: "remove", kind: { type: "enum", values: [...GUEST_CALL_KINDS] } },
			async handler(this: GuestThis, ctx: Ctx<{ kind: GuestCallKind }>): Promise<{ kind: GuestCallKind; at: string }> {
				const guest = await this.liveGuest(ctx);
				const { kind } = ctx.params;
				const order = guest.orderId ? await this.guestOrder(ctx, guest) : null;
				const now = new Date();
				const recorded = await this.transaction(async trx => {
					const first = await repo.recordCall(
						this.tables(trx),
						guest.sessionId,
						kind,
						now,
						new Date(now.getTime() - CALL_COOLDOWN_MS),
					);
					if (!first) return false;
					await this.recordEvent(trx, GUEST_EVENTS.called, {
						tableId: guest.tableId,
						tableName: guest.tableName,
						kind,
						at: now.toISOString(),
						sessionId: guest.sessionId,
						orderId: order?.id ?? null,
						waiterId: order ? (order.assignedTo ?? order.createdBy) : null,
					});
					return true;
				});
				if (!recorded)
					throw GuestErrors.callTooSoon(kind, callWait(await repo.lastCall(this.tables(), guest.sessionId, kind), now) || 1);
				ctx.meta.$statusCode = 202;
				return { kind, at: now.toISOString() };
			},
		},

		/**
		 * The gateway's question for a `gst_` bearer, asked by its sha256 (hashGuestToken; the raw token is in no
		 * cache key): which guest is this? 401 when unknown or expired. Not on HTTP.
		 */
		resolveSession: {
			visibility: "public",
			params: { tokenHash: { type: "string", length: 64, pattern: /^[0-9a-f]{64}$/ } },
			cache: { keys: ["tokenHash"], ttl: 5 },
			async handler(this: GuestThis, ctx: Ctx<{ tokenHash: string }>): Promise<GuestCaller> {
				const session = await repo.findByTokenHash(this.tables(), ctx.params.tokenHash);
				assertUnexpired(session, new Date());
				return callerOf(session);
			},
		},

		/** liveGuest for another service: the caller's guest session as it stands (its meta.guest). Not on HTTP. */
		live: {
			visibility: "public",
			params: { afterPaid: { type: "boolean", optional: true } },
			handler(this: GuestThis, ctx: Ctx<{ afterPaid?: boolean }>): Promise<GuestCaller> {
				return this.liveGuest(ctx, { afterPaid: ctx.params.afterPaid });
			},
		},
	},

	methods: {
		async liveGuest(this: GuestThis, ctx: Ctx<unknown>, opts: { afterPaid?: boolean } = {}): Promise<GuestCaller> {
			const caller = ctx.meta.guest;
			if (!caller) throw GuestErrors.sessionInvalid("A guest session is needed (POST /guest/sessions)");
			const now = new Date();
			const session = await repo.find(this.tables(), caller.sessionId);
			assertUnexpired(session, now);
			let orderId = session.orderId;
			if (!orderId) {
				// The table had no order when the phone scanned: it follows the first one opened there soon after.
				const open = await ctx.call<{ orderId: string | null }, { tableId: string }>("order.openOfTable", {
					tableId: session.tableId,
				});
				const order = open.orderId ? await ctx.call<Order, { id: string }>("order.get", { id: open.orderId }) : undefined;
				if (order && mayFollow(session, order)) orderId = await repo.bindOrder(this.tables(), session.id, order.id);
				// None in time: this phone is an earlier party's, and the next party's order is not its to read.
				else if (now.getTime() > unboundUntil(session))
					throw GuestErrors.sessionInvalid("This guest session has lapsed; scan the table's code again");
			}
			if (orderId) {
				const order = await ctx.call<Order, { id: string }>("order.get", { id: orderId }).catch(err => {
					if ((err as { type?: string }).type === OrderErrors.notFound(orderId!).type) return undefined;
					throw err;
				});
				const reason = order ? endReason(session, order, now, opts.afterPaid) : "cancelled";
				if (reason) throw GuestErrors.sessionEnded(reason);
			}
			return callerOf({ ...session, orderId });
		},

		async guestOrder(this: GuestThis, ctx: Ctx<unknown>, guest: GuestCaller): Promise<Order> {
			if (!guest.orderId) throw GuestErrors.noOpenOrder(guest.tableId);
			return ctx.call<Order, { id: string }>("order.get", { id: guest.orderId });
		},
	},

	created(this: GuestThis) {
		const { config } = runtimeOf(this.broker);
		this.limiter = {
			sessions: new GuestLimiter(config, "sessions", SESSIONS_PER_IP, SESSION_WINDOW_SECONDS),
			tableSessions: new GuestLimiter(config, "table-sessions", SESSIONS_PER_TABLE, SESSION_WINDOW_SECONDS),
			rounds: new GuestLimiter(config, "rounds", ROUNDS_PER_SESSION, ROUND_WINDOW_SECONDS),
		};
	},

	started(this: GuestThis) {
		const sweep = () =>
			repo
				.deleteExpired(this.tables(), new Date(Date.now() - KEEP_EXPIRED_MS))
				.catch(err => this.logger.warn("Could not sweep expired guest sessions", err));
		this.sweepTimer = setInterval(sweep, 3600_000);
		this.sweepTimer.unref();
	},

	async stopped(this: GuestThis) {
		if (this.sweepTimer) clearInterval(this.sweepTimer);
		await Promise.all(Object.values(this.limiter).map(l => l.close()));
	},
};

export default GuestService as unknown as ServiceSchema;
