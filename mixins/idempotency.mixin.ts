// Idempotency-Key for the mutations that create orders or take money: the first request with a key does the
// work; a retry with the same key and body gets the first result back (even while the first is still
// committing); the same key with another body is a 409. Keys live in the service's own `idempotency_keys`.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema } from "moleculer";
import type { DbMethods } from "./db.mixin";
import type { Trx } from "../lib/db";
import { CommonErrors, type GatewayMeta } from "../contracts";

export interface IdempotentCall<R> {
	/** What the key was used for (placing an order, a payment on one bill): the same key elsewhere is a new request. */
	scope: string;
	/** The id the result will have, chosen before the work starts so the key can point at it. */
	resultId: string;
	/** Reads a result back by its id, for a replay. */
	load(id: string): Promise<R>;
	/** Runs outside the transaction (calls to other services) and returns the write to run inside it. */
	prepare(): Promise<(trx: Trx) => Promise<R>>;
}

export interface IdempotencyMethods {
	idempotent<R>(ctx: Context<unknown, GatewayMeta>, call: IdempotentCall<R>): Promise<R>;
	/**
	 * The id a result gets: derived from the caller's Idempotency-Key when there is one, so two racing
	 * requests with one key ask other services for the same thing (which those answer idempotently by id).
	 */
	resultIdFor(ctx: Context<unknown, GatewayMeta>, scope: string): string;
}

interface KeyRow {
	request_hash: string;
	result_id: string;
}

/** Thrown inside the transaction when another request already holds the key. */
class KeyHeld extends Error {}

type This = Service & DbMethods & IdempotencyMethods;

export function IdempotencyMixin(): Partial<ServiceSchema> {
	return {
		methods: {
			resultIdFor(this: This, ctx: Context<unknown, GatewayMeta>, scope: string): string {
				const key = ctx.meta.idempotencyKey;
				if (!key || !ctx.meta.user) return crypto.randomUUID();
				const h = crypto.createHash("sha256").update(`${ctx.meta.user.id}\n${scope}\n${key}`).digest("hex");
				// Laid out as a name-based (version 5) UUID, which every uuid validator accepts.
				return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${((parseInt(h[16], 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
			},

			async idempotent<R>(this: This, ctx: Context<unknown, GatewayMeta>, call: IdempotentCall<R>): Promise<R> {
				const key = ctx.meta.idempotencyKey;
				const userId = ctx.meta.user?.id;
				if (!userId) throw CommonErrors.unauthorized();
				if (!key) return this.transaction(await call.prepare());

				const where = { user_id: userId, scope: call.scope, key };
				const hash = crypto.createHash("sha256").update(JSON.stringify(ctx.params)).digest("hex");
				const replay = async (): Promise<R> => {
					const prior: KeyRow | undefined = await this.table("idempotency_keys").where(where).first("request_hash", "result_id");
					if (!prior)
						throw CommonErrors.conflict(
							"IDEMPOTENCY_KEY_IN_USE",
							"A request with this Idempotency-Key failed or is still running; retry",
						);
					if (prior.request_hash !== hash) {
						throw CommonErrors.conflict(
							"IDEMPOTENCY_KEY_REUSED",
							"This Idempotency-Key was used for a different request; use a new key",
						);
					}
					ctx.meta.$responseHeaders = { ...ctx.meta.$responseHeaders, "Idempotent-Replayed": "true" };
					return call.load(prior.result_id);
				};
				if (await this.table("idempotency_keys").where(where).first("key")) return replay();
				const run = await call.prepare();
				try {
					return await this.transaction(async trx => {
						// Waits on a concurrent holder of the key; the loser replays the winner's result once it commits.
						const claimed = await this.table("idempotency_keys", trx)
							.insert({ ...where, request_hash: hash, result_id: call.resultId })
							.onConflict(["user_id", "scope", "key"])
							.ignore()
							.returning("key");
						if (!claimed.length) throw new KeyHeld();
						return run(trx);
					});
				} catch (err) {
					if (err instanceof KeyHeld) return replay();
					throw err;
				}
			},
		},
	} as Partial<ServiceSchema>;
}
