// The /api/v1 route: REST aliases from each action's `rest`, who is calling and may they (authenticate/authorize),
// the input guard and ctx.meta filled before every call, and Location after a 201.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import ApiGateway from "moleculer-web";
import type { Config } from "../../lib/config";
import { hashGuestToken, type ActionDeclaration, type AuthUser, type GatewayMeta, type GuestCaller } from "../../contracts";
import { accessOf, callerFor, isGuestBearer, readBearer } from "./access";
import { approvalOnError, authorizeWithApproval, spendApproval } from "./approvals";
import { answerWithError } from "./http-errors";
import { guardBody, guardInput, unreadableBody, utf8Only } from "./input-guard";

const { UnAuthorizedError, ERR_INVALID_TOKEN } = ApiGateway.Errors;

export const API_BASE = "/api/v1";
const BODY_LIMIT = "100kb";
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;

/** A request as moleculer-web hands it on: the action it resolved to and the context it called it in. */
export interface GatewayRequest extends IncomingMessage {
	$action?: ActionDeclaration & { name: string };
	$ctx?: Context<unknown, GatewayMeta>;
	/** The alias moleculer-web matched: its fullPath is the route pattern (`/api/v1/tables/:id`). */
	$alias?: { fullPath: string };
}

/** The gateway service as its modules see it: the configuration is read once, in created(). */
export type GatewayThis = Service & { config: Config };

type ApiRouteThis = GatewayThis & {
	keepMenuCopy(ctx: Context<unknown, GatewayMeta>, req: GatewayRequest, res: ServerResponse, data: unknown): void;
};

/** A client-supplied request id, kept only when it is short and plain (it ends up in logs). */
export function requestIdFrom(header: string | string[] | undefined): string | undefined {
	return typeof header === "string" && REQUEST_ID.test(header) ? header : undefined;
}

export const apiRoute = {
	name: "api",
	path: API_BASE,
	autoAliases: true,
	mappingPolicy: "restrict",
	aliases: {
		"GET openapi.json": "api.openapi",
		"GET settings": "api.settings",
	},
	authentication: true,
	authorization: true,
	bodyParsers: { json: { strict: true, limit: BODY_LIMIT, verify: utf8Only }, urlencoded: false },
	use: [unreadableBody],
	onBeforeCall(
		this: ApiRouteThis,
		ctx: Context<unknown, GatewayMeta>,
		_route: unknown,
		req: IncomingMessage & { $params?: unknown; body?: unknown },
	) {
		// The body as parsed, before moleculer-web merged it into params (where a "__proto__" key has already
		// become the params' prototype), then the merged params (query and path).
		guardBody(req.body);
		guardInput(req.$params);
		ctx.meta.ip = clientIp(req, this.config.trustProxy);
		const ua = req.headers["user-agent"];
		if (ua) ctx.meta.userAgent = ua.slice(0, 300);
		const key = req.headers["idempotency-key"];
		if (typeof key === "string" && key.length > 0) ctx.meta.idempotencyKey = key.slice(0, 200);
	},
	// A 201 says where the new thing lives: POST /orders → /api/v1/orders/<id>.
	async onAfterCall(
		this: ApiRouteThis,
		ctx: Context<unknown, GatewayMeta>,
		_route: unknown,
		req: GatewayRequest & { originalUrl?: string },
		res: ServerResponse,
		data: unknown,
	) {
		// The action succeeded: the manager's approval it used (X-Approval) is spent.
		await spendApproval(ctx, err => this.logger.error({ requestID: ctx.requestID, err }, "Could not spend an approval"));
		this.keepMenuCopy(ctx, req, res, data);
		const id = (data as { id?: unknown } | null)?.id;
		if (ctx.meta.$statusCode === 201 && !ctx.meta.$location && typeof id === "string") {
			ctx.meta.$location = `${(req.originalUrl ?? req.url ?? "").split("?")[0].replace(/\/+$/, "")}/${id}`;
		}
		return data;
	},
	// Any error: an approval claimed for the call is released, and an APPROVAL_REQUIRED from a service gets its request.
	async onError(this: ApiRouteThis, req: GatewayRequest & { body?: unknown }, res: ServerResponse, err: unknown) {
		const log = (e: unknown) => this.logger.error({ requestID: req.$ctx?.requestID, err: e }, "Approval bookkeeping failed");
		answerWithError.call(this, req, res, await approvalOnError(req.$ctx, req, err, log));
	},
};

/** authenticate (who are you) and authorize (may you), which moleculer-web calls for the routes that ask for them. */
const apiRouteMixin: Partial<ServiceSchema<ServiceSettingSchema, GatewayThis>> = {
	methods: {
		/**
		 * Who is calling: the user behind the bearer token, or null for no token. A guest token (`gst_…`) is the guest
		 * service's to resolve: ctx.meta.guest is set, the user stays null (authorize admits it only where access names "guest").
		 */
		async authenticate(
			this: GatewayThis,
			ctx: Context<unknown, GatewayMeta>,
			_route: unknown,
			req: GatewayRequest,
		): Promise<AuthUser | null> {
			const isPublic = accessOf(req.$action) === "public";
			const bearer = readBearer(req.headers.authorization);
			if (!bearer) return null;
			if ("problem" in bearer) {
				if (isPublic) return null;
				throw new UnAuthorizedError(ERR_INVALID_TOKEN, { message: bearer.problem });
			}
			if (isGuestBearer(bearer.token)) return this.authenticateGuest(ctx, bearer.token, isPublic);
			try {
				const resolved = await ctx.call<AuthUser & { expiresAt: number }, { token: string }>("auth.resolveToken", {
					token: bearer.token,
				});
				// resolveToken answers from a short cache: the expiry is checked here on every request.
				if (resolved.expiresAt <= Date.now()) throw new UnAuthorizedError(ERR_INVALID_TOKEN, null);
				const { expiresAt: _exp, ...user } = resolved;
				return callerFor(req.$action, user);
			} catch (err) {
				// A stale token must not stop anyone from logging in again or reading the menu.
				if (isPublic && (err as { code?: number }).code === 401) return null;
				throw err;
			}
		},

		/** A guest token: ctx.meta.guest from the guest service (cached briefly, so the expiry is checked here); 401 when unknown or expired. */
		async authenticateGuest(this: GatewayThis, ctx: Context<unknown, GatewayMeta>, token: string, isPublic: boolean): Promise<null> {
			try {
				const guest = await ctx.call<GuestCaller, { tokenHash: string }>("guest.resolveSession", {
					tokenHash: hashGuestToken(token),
				});
				if (guest.expiresAt <= Date.now())
					throw new UnAuthorizedError(ERR_INVALID_TOKEN, { message: "This guest session has expired" });
				ctx.meta.guest = guest;
			} catch (err) {
				// The menu and a new session stay open to a phone whose old session lapsed.
				if (isPublic && (err as { code?: number }).code === 401) return null;
				throw err;
			}
			return null;
		},

		/**
		 * May they: every action declares `access`; one without it is admin-only. A staff member's call to an action
		 * a manager may approve opens a request (403 APPROVAL_REQUIRED); X-Approval carries the approval (approvals.ts).
		 */
		async authorize(this: GatewayThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: GatewayRequest): Promise<void> {
			await authorizeWithApproval(ctx, req);
		},
	},
};
export const ApiRouteMixin = apiRouteMixin as unknown as Partial<ServiceSchema>;

export function clientIp(req: IncomingMessage, trustProxy: boolean): string {
	if (trustProxy) {
		// The right-most entry is the one our proxy appended; anything left of it the client wrote.
		const fwd = req.headers["x-forwarded-for"];
		const last = (Array.isArray(fwd) ? fwd.join(",") : fwd)?.split(",").pop()?.trim();
		if (last) return last;
	}
	return req.socket.remoteAddress ?? "unknown";
}
