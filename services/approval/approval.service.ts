// A manager's approval on the spot: a staff member's call that needs a manager (a comp, a discount, a void of a
// line the kitchen started, a refund, a bill reopened) becomes a request here; a manager approves it by typing
// their PIN on the asking tablet or by a tap on their own device, or denies it. The approval is a token good for
// that user's one request (same route and body), once, for APPROVAL_TTL_SECONDS: the gateway claims it for the
// call, spends it when the action succeeds and releases it when the action fails. Its own schema; the PIN is
// checked by auth.checkPin.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import { APPROVABLE, ApprovalErrors, type Access, type Approval, type GatewayMeta, type Permission } from "../../contracts";
import * as repo from "./repository";
import { approvalOf, hashToken, newToken, statusOf, summaryOf, whyNotClaimable, type ApprovalRow } from "./rules";

type ApprovalThis = Service & DbMethods & ApprovalMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const DECIDERS: Access = ["manager", "admin"];
const PERSON = {
	type: "object",
	strict: "remove",
	props: { id: "uuid", fullName: { type: "string", max: 200 } },
} as const;

interface Decision {
	status: "approved" | "denied";
	by: { id: string; fullName: string };
	how: "pin" | "tap";
	reason: string | null;
}

/** What an approver gets back: the token for the asking device, and until when it is good. */
export interface ApprovalGrant {
	approvalToken: string;
	expiresAt: string;
}

const ApprovalService: ServiceSchema<ServiceSettingSchema, ApprovalThis> = {
	name: "approval",
	mixins: [DbMixin("approval", SCHEMAS.approval)],
	settings: {
		rest: "/approvals",
	},

	actions: {
		list: {
			rest: "GET /",
			access: DECIDERS,
			params: { $$strict: "remove", status: { type: "enum", values: ["pending"], optional: true } },
			async handler(this: ApprovalThis, ctx: Ctx<{ status?: "pending" }>): Promise<Approval[]> {
				const now = new Date();
				return (await repo.list(this.tables(), ctx.params.status, now)).map(r => approvalOf(r, now));
			},
		},

		get: {
			rest: "GET /:id",
			access: "user",
			description: "One request: the manager and admin roles see any, a staff member their own.",
			params: { $$strict: "remove", id: "uuid" },
			async handler(this: ApprovalThis, ctx: Ctx<{ id: string }>): Promise<Approval> {
				const row = await repo.get(this.tables(), ctx.params.id);
				const user = ctx.meta.user;
				const mayRead = user && (user.role === "manager" || user.role === "admin" || row?.requestedBy.id === user.id);
				if (!row || !mayRead) throw ApprovalErrors.notFound(ctx.params.id);
				return approvalOf(row, new Date());
			},
		},

		approve: {
			rest: "POST /:id/approve",
			access: DECIDERS,
			params: { $$strict: "remove", id: "uuid" },
			async handler(this: ApprovalThis, ctx: Ctx<{ id: string }>): Promise<ApprovalGrant> {
				const user = ctx.meta.user!;
				return (await this.decide(ctx.params.id, {
					status: "approved",
					by: { id: user.id, fullName: user.fullName },
					how: "tap",
					reason: null,
				})) as ApprovalGrant;
			},
		},

		deny: {
			rest: "POST /:id/deny",
			access: DECIDERS,
			params: { $$strict: "remove", id: "uuid", reason: { type: "string", trim: true, max: 200, optional: true } },
			async handler(this: ApprovalThis, ctx: Ctx<{ id: string; reason?: string }>): Promise<{ status: "denied" }> {
				const user = ctx.meta.user!;
				await this.decide(ctx.params.id, {
					status: "denied",
					by: { id: user.id, fullName: user.fullName },
					how: "tap",
					reason: ctx.params.reason || null,
				});
				return { status: "denied" };
			},
		},

		pin: {
			rest: "POST /:id/pin",
			access: "user",
			description: "A manager or admin types their PIN on the asking tablet: approves the request (401 INVALID_PIN otherwise).",
			params: {
				$$strict: "remove",
				id: "uuid",
				pin: { type: "string", pattern: /^\d{4,8}$/, messages: { stringPattern: "pin must be 4 to 8 digits" } },
			},
			async handler(this: ApprovalThis, ctx: Ctx<{ id: string; pin: string }>): Promise<ApprovalGrant> {
				const row = await repo.get(this.tables(), ctx.params.id);
				if (!row) throw ApprovalErrors.notFound(ctx.params.id);
				const status = statusOf(row, new Date());
				if (status !== "pending") throw ApprovalErrors.decided(row.id, status);
				const user = ctx.meta.user!;
				const manager = await ctx.call<{ id: string; fullName: string }, unknown>("auth.checkPin", {
					pin: ctx.params.pin,
					roles: ["manager", "admin"],
					// Per waiter, not per session: a fresh sign-in must not buy a fresh budget of guesses at a manager's PIN.
					limitKey: `approval:${user.id}`,
				});
				return (await this.decide(row.id, {
					status: "approved",
					by: { id: manager.id, fullName: manager.fullName },
					how: "pin",
					reason: null,
				})) as ApprovalGrant;
			},
		},

		// ── the gateway's side (not on HTTP) ──────────────────────────────────────────────────────────────────

		request: {
			visibility: "public",
			params: {
				$$strict: "remove",
				permission: { type: "enum", values: [...APPROVABLE] },
				fingerprint: { type: "string", pattern: /^[0-9a-f]{64}$/ },
				method: { type: "string", max: 10 },
				path: { type: "string", max: 500 },
				body: { type: "any", optional: true },
				requestedBy: PERSON,
			},
			async handler(
				this: ApprovalThis,
				ctx: Context<{
					permission: Permission;
					fingerprint: string;
					method: string;
					path: string;
					body?: unknown;
					requestedBy: { id: string; fullName: string };
				}>,
			): Promise<Approval> {
				const p = ctx.params;
				const now = new Date();
				return this.transaction(async trx => {
					const t = this.tables(trx);
					const waiting = await repo.pendingFor(t, p.requestedBy.id, p.fingerprint, now);
					if (waiting) return approvalOf(waiting, now);
					const row: ApprovalRow = {
						id: crypto.randomUUID(),
						permission: p.permission,
						method: p.method,
						path: p.path,
						summary: summaryOf(p.permission, p.body),
						fingerprint: p.fingerprint,
						status: "pending",
						requestedBy: p.requestedBy,
						decidedBy: null,
						decidedHow: null,
						reason: null,
						createdAt: now,
						decidedAt: null,
						expiresAt: new Date(now.getTime() + this.ttlMs()),
					};
					await repo.insert(t, row);
					const approval = approvalOf(row, now);
					await this.recordEvent(trx, "approval.requested", { approval });
					return approval;
				});
			},
		},

		claim: {
			visibility: "public",
			params: { token: { type: "string", min: 1, max: 200 }, fingerprint: "string", userId: "uuid" },
			async handler(
				this: ApprovalThis,
				ctx: Context<{ token: string; fingerprint: string; userId: string }>,
			): Promise<{ id: string; permission: Permission; by: { id: string; fullName: string } }> {
				const { token, fingerprint, userId } = ctx.params;
				const now = new Date();
				const hash = hashToken(token);
				const claimed = await repo.claim(this.tables(), hash, fingerprint, userId, now);
				if (!claimed) {
					const why = whyNotClaimable(await repo.byToken(this.tables(), hash), fingerprint, userId, now);
					throw ApprovalErrors.invalid(why ?? "it was just used by another request");
				}
				return { id: claimed.id, permission: claimed.permission, by: claimed.decidedBy! };
			},
		},

		spend: {
			visibility: "public",
			params: { id: "uuid" },
			async handler(this: ApprovalThis, ctx: Context<{ id: string }>): Promise<void> {
				const now = new Date();
				await this.transaction(async trx => {
					const row = await repo.spend(this.tables(trx), ctx.params.id, now);
					if (row) await this.recordEvent(trx, "approval.spent", { approval: approvalOf(row, now) });
				});
			},
		},

		release: {
			visibility: "public",
			params: { id: "uuid" },
			async handler(this: ApprovalThis, ctx: Context<{ id: string }>): Promise<void> {
				await repo.release(this.tables(), ctx.params.id);
			},
		},
	},

	methods: {
		ttlMs(this: ApprovalThis): number {
			return runtimeOf(this.broker).config.approval.ttlSeconds * 1000;
		},

		/** One decision on a pending request: the first wins, any later one is 409 APPROVAL_DECIDED. */
		async decide(this: ApprovalThis, id: string, d: Decision): Promise<ApprovalGrant | undefined> {
			const now = new Date();
			const grant = d.status === "approved" ? newToken() : undefined;
			const expiresAt = new Date(now.getTime() + this.ttlMs());
			const decided = await this.transaction(async trx => {
				const t = this.tables(trx);
				const ok = await repo.decide(t, id, { ...d, tokenHash: grant?.hash ?? null, at: now, expiresAt });
				if (!ok) return undefined;
				const approval = approvalOf((await repo.get(t, id))!, now);
				await this.recordEvent(trx, "approval.decided", { approval, ...(grant && { approvalToken: grant.token }) });
				return approval;
			});
			if (!decided) {
				const row = await repo.get(this.tables(), id);
				if (!row) throw ApprovalErrors.notFound(id);
				throw ApprovalErrors.decided(id, statusOf(row, now));
			}
			return grant && { approvalToken: grant.token, expiresAt: expiresAt.toISOString() };
		},
	},
};

interface ApprovalMethods {
	ttlMs(): number;
	decide(id: string, d: Decision): Promise<ApprovalGrant | undefined>;
}

export default ApprovalService as unknown as ServiceSchema;
