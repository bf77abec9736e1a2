// The gateway: REST under /api/v1 from each action's `rest`, who-are-you and may-you decided once here,
// every error shaped as API.md says, health probes, the OpenAPI document, the static apps in public/,
// and Socket.IO on the same port (mixins/realtime.mixin.ts).
import crypto from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";
import { type Context, type Service, type ServiceSchema, type ServiceSettingSchema } from "moleculer";
import ApiGateway from "moleculer-web";
import serveStatic from "serve-static";
import { getAbsoluteFSPath } from "swagger-ui-dist";
import { runtimeOf } from "../../lib/runtime";
import { isReady, readiness } from "../../lib/ops-server";
import { clusterMetricsText, PROMETHEUS_CONTENT_TYPE } from "../../lib/metrics";
import type { Config } from "../../lib/config";
import { toHttpError } from "./http-errors";
import { answerClientError, guardBody, guardInput, unreadableBody, utf8Only } from "./input-guard";
import { buildOpenApi, type RouteInfo } from "./openapi";
import { RealtimeMixin } from "./realtime.mixin";
import type { Access, AuthUser, GatewayMeta } from "../../contracts";

const { UnAuthorizedError, ForbiddenError, ERR_NO_TOKEN, ERR_INVALID_TOKEN } = ApiGateway.Errors;

const API_BASE = "/api/v1";
const BODY_LIMIT = "100kb";
const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
/** The longest bearer token looked up; auth.resolveToken refuses longer as input. */
const MAX_TOKEN_LENGTH = 4096;
const MENU_PATH = `${API_BASE}/menu`;
/**
 * The gateway keeps the menu's bytes between changes (menu.service broadcasts `menu.changed` after each one);
 * this is only the backstop for a gateway that missed that event while cut off from the others.
 */
const MENU_MAX_AGE_MS = 10_000;
/**
 * Other nodes learn that this gateway listens for `menu.changed` from its node info, a moment after it (or they)
 * connect; until that has surely happened the gateway keeps no copy and every read goes to the menu service.
 */
const MENU_SETTLE_MS = 5_000;

/** URL under /vendor → the package file a browser loads (the import map in each page names these). */
const BROWSER_MODULES: Record<string, string> = {
	"preact.mjs": "preact/dist/preact.mjs",
	"preact-hooks.mjs": "preact/hooks/dist/hooks.mjs",
	"htm.mjs": "htm/dist/htm.mjs",
	"htm-preact.mjs": "htm/preact/index.mjs",
	"socket.io.esm.min.js": "socket.io-client/dist/socket.io.esm.min.js",
	"chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
};

interface GatewayRequest extends IncomingMessage {
	$action?: { name: string; access?: Access };
	$ctx?: Context<unknown, GatewayMeta>;
	/** The alias moleculer-web matched: its fullPath is the route pattern (`/api/v1/tables/:id`). */
	$alias?: { fullPath: string };
}

interface Alias {
	method: string;
	fullPath: string;
	action?: string;
}

/** GET /menu as last answered: the exact bytes, their ETag, and the invalidation generation they were read in. */
interface MenuCache {
	generation: number;
	/** No copy is kept before this time (ms): a node that joined may not know yet to tell this gateway of changes. */
	notBefore: number;
	entry?: { body: Buffer; etag: string; expires: number };
}

type ApiThis = Service & {
	config: Config;
	aliases: Alias[];
	closeSockets(): void;
	$menu: MenuCache;
	serveMenu(req: GatewayRequest, res: ServerResponse): boolean;
	dropMenuCopy(settle: boolean): void;
	logWhenDone(req: GatewayRequest, res: ServerResponse): void;
};

const baseHttpHandler = (ApiGateway.methods as unknown as { httpHandler(this: ApiThis, req: IncomingMessage, res: ServerResponse, next?: unknown): unknown }).httpHandler;

const ApiService: ServiceSchema<ServiceSettingSchema, ApiThis> = {
	name: "api",
	mixins: [ApiGateway, RealtimeMixin()],

	settings: {
		// PORT comes from the config in created(); the mixin reads it when it starts listening.
		port: 3000,
		ip: "0.0.0.0",
		rest: "/",
		log4XXResponses: false,
		// The gateway writes its own line per request (logWhenDone below): moleculer-web's would carry query strings
		// and, at debug, request bodies (passwords). Its route table goes to debug: GET /api/v1/openapi.json has it.
		logRequest: false,
		logResponse: false,
		logRequestParams: null,
		logRouteRegistration: "debug",
		optimizeOrder: true,
		// Routes follow services as nodes come and go; rebuild them soon after a change.
		debounceTime: 100,
		// Client-supplied request ids are kept only when they are short and plain (they end up in logs).
		rootCallOptions(this: ApiThis, options: { requestID?: string }, req: IncomingMessage) {
			const id = req.headers["x-request-id"];
			options.requestID = typeof id === "string" && REQUEST_ID.test(id) ? id : undefined;
		},

		routes: [
			{
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
				onBeforeCall(this: ApiThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: IncomingMessage & { $params?: unknown; body?: unknown }) {
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
				onAfterCall(this: ApiThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: GatewayRequest & { originalUrl?: string; $menuGeneration?: number }, res: ServerResponse, data: unknown) {
					// A menu read that no change overtook becomes the copy this gateway answers from.
					if (req.$action?.name === "menu.get" && req.$menuGeneration === this.$menu.generation && Date.now() >= this.$menu.notBefore && !ctx.meta.$statusCode) {
						const body = Buffer.from(JSON.stringify(data));
						const etag = `"${crypto.createHash("sha1").update(body).digest("base64url")}"`;
						this.$menu.entry = { body, etag, expires: Date.now() + MENU_MAX_AGE_MS };
						res.setHeader("ETag", etag);
						res.setHeader("Cache-Control", "no-cache");
					}
					const id = (data as { id?: unknown } | null)?.id;
					if (ctx.meta.$statusCode === 201 && !ctx.meta.$location && typeof id === "string") {
						ctx.meta.$location = `${(req.originalUrl ?? req.url ?? "").split("?")[0].replace(/\/+$/, "")}/${id}`;
					}
					return data;
				},
			},
			{
				name: "health",
				path: "/health",
				mappingPolicy: "restrict",
				aliases: { "GET live": "api.live", "GET ready": "api.ready" },
				bodyParsers: { json: false, urlencoded: false },
			},
			{
				// The whole cluster's metrics in the Prometheus text format (each node's own are on its OPS_PORT).
				name: "metrics",
				path: "/metrics",
				mappingPolicy: "restrict",
				aliases: { "GET /": "api.metrics" },
				bodyParsers: { json: false, urlencoded: false },
				// An admin's access token resolves to its user; METRICS_TOKEN is checked by the action itself.
				authentication: true,
				onBeforeCall(this: ApiThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: IncomingMessage) {
					const m = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
					ctx.meta.bearer = m?.[1];
				},
			},
			{
				// The browsable API page (public/docs/) loads Swagger UI from here: no CDN at run time.
				name: "swagger-ui",
				path: "/vendor/swagger-ui",
				use: [serveStatic(getAbsoluteFSPath(), { index: false })],
				mappingPolicy: "restrict",
				bodyParsers: { json: false, urlencoded: false },
			},
			{
				// The apps in public/ import these browser builds from node_modules: no CDN, no build step.
				name: "vendor",
				path: "/vendor",
				use: [serveVendor(BROWSER_MODULES)],
				mappingPolicy: "restrict",
				bodyParsers: { json: false, urlencoded: false },
			},
		],

		assets: { folder: path.resolve(__dirname, "..", "..", "public"), options: { index: "index.html" } },

		onError(this: ApiThis, req: GatewayRequest, res: ServerResponse, err: unknown) {
			const e = toHttpError(err);
			if (e.status >= 500) {
				this.logger.error({ requestID: req.$ctx?.requestID, url: req.url, err }, "Request failed");
			}
			if (res.headersSent) return;
			res.setHeader("Content-Type", "application/json; charset=utf-8");
			if (req.$ctx?.requestID) res.setHeader("X-Request-ID", req.$ctx.requestID);
			if (e.retryAfter) res.setHeader("Retry-After", String(e.retryAfter));
			if (e.status === 401) res.setHeader("WWW-Authenticate", 'Bearer realm="brigade"');
			res.writeHead(e.status);
			res.end(JSON.stringify({ error: { code: e.code, message: e.message, ...(e.details !== undefined && { details: e.details }) } }));
		},
	},

	actions: {
		// moleculer-web's own helpers stay off HTTP and off the bus.
		listAliases: { visibility: "protected" },

		// Published (the gateway may call them) but without `rest`: only the explicit aliases reach them.
		live: {
			access: "public",
			handler(): { status: "ok" } {
				return { status: "ok" };
			},
		},

		ready: {
			access: "public",
			async handler(this: ApiThis, ctx: Context<unknown, GatewayMeta>) {
				const checks = await readiness(this.broker);
				const ready = isReady(checks);
				if (!ready) ctx.meta.$statusCode = 503;
				return { status: ready ? "ok" : "unavailable", checks };
			},
		},

		/**
		 * Prometheus text: every node's metrics, this gateway's collected now, the others' through `$node.metrics`.
		 * The public port shows them only to Prometheus (METRICS_TOKEN as a bearer token) or an admin: order counts,
		 * devices and lag are the restaurant's business. Each node's OPS_PORT, inside the network, stays open.
		 */
		metrics: {
			access: "public",
			async handler(this: ApiThis, ctx: Context<unknown, GatewayMeta>): Promise<string> {
				const expected = this.config.metricsToken;
				const given = ctx.meta.bearer;
				delete ctx.meta.bearer;
				// Digests are the same length whatever was sent, so the comparison takes constant time and never throws.
				const digest = (v: string) => crypto.createHash("sha256").update(v).digest();
				const scraper = Boolean(expected && given && crypto.timingSafeEqual(digest(given), digest(expected)));
				if (!scraper && ctx.meta.user?.role !== "admin") {
					if (ctx.meta.user) throw new ForbiddenError("FORBIDDEN", { message: "Only admins (or Prometheus with METRICS_TOKEN) may read the metrics" });
					throw new UnAuthorizedError(ERR_NO_TOKEN, { message: "Send METRICS_TOKEN (or an admin's access token) as a bearer token" });
				}
				ctx.meta.$responseType = PROMETHEUS_CONTENT_TYPE;
				ctx.meta.$responseHeaders = { "Cache-Control": "no-store" };
				return clusterMetricsText(this.broker);
			},
		},

		/** What every app needs before it draws: the restaurant's name, money and clock, the kitchen's colours. */
		settings: {
			access: "public",
			handler(this: ApiThis) {
				const c = this.config;
				return {
					restaurantName: c.restaurantName,
					currency: c.currency,
					timezone: c.timezone,
					taxRatePpm: c.taxRatePpm,
					serviceChargeRatePpm: c.serviceChargeRatePpm,
					ticketWarnSeconds: c.ticketAge.warnSeconds,
					ticketLateSeconds: Math.max(c.ticketAge.lateSeconds, c.ticketAge.warnSeconds),
					// Where table QR codes send guests, and whether a phone can open it (false: a loopback address).
					guestBaseUrl: c.publicUrl,
					guestLinkReachable: c.guestLink.reachable,
				};
			},
		},

		openapi: {
			access: "public",
			handler(this: ApiThis) {
				return buildOpenApi(this.routeInfos(), { title: "Brigade API", version: "1" });
			},
		},
	},

	events: {
		// Broadcast by the menu service after every committed change, before it answers the change.
		"menu.changed"(this: ApiThis) {
			this.dropMenuCopy(false);
		},
		// A node joined or changed its services: it may not have this gateway's subscription yet.
		"$node.connected"(this: ApiThis) {
			this.dropMenuCopy(true);
		},
		"$node.updated"(this: ApiThis) {
			this.dropMenuCopy(true);
		},

		// Local services have all started: publish their routes now, not after the debounce, so the
		// first request after "is up" is never a 404.
		"$broker.started"(this: ApiThis & { regenerateAllAutoAliases: (() => void) & { flush(): void } }) {
			this.regenerateAllAutoAliases();
			this.regenerateAllAutoAliases.flush();
		},
	},

	methods: {
		/** GET /api/v1/menu from this gateway's copy when it has one; everything else goes through moleculer-web. */
		httpHandler(this: ApiThis, req: GatewayRequest & { $menuGeneration?: number }, res: ServerResponse, next?: unknown) {
			if (this.config.logRequests) this.logWhenDone(req, res);
			if (this.serveMenu(req, res)) return;
			if (req.method === "GET" || req.method === "HEAD") req.$menuGeneration = this.$menu.generation;
			return baseHttpHandler.call(this, req, res, next);
		},

		/**
		 * One info line when the response is done: method, route pattern, status, milliseconds, request id and user.
		 * Never the query string (tokens travel there), a header or a body.
		 */
		logWhenDone(this: ApiThis, req: GatewayRequest, res: ServerResponse) {
			const started = process.hrtime.bigint();
			// moleculer-web rewrites req.url while routing; the path is taken now, without its query.
			const path = (req.url ?? "").split("?")[0].slice(0, 200);
			res.once("close", () => {
				const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
				const route = req.$alias?.fullPath ?? path;
				const header = res.getHeader("X-Request-ID");
				const requestID = typeof header === "string" ? header : req.$ctx?.requestID;
				const status = res.writableFinished ? res.statusCode : 499;
				const line = { method: req.method, route, status, ms, requestID, userID: req.$ctx?.meta.user?.id ?? null };
				// Probes and scrapes come every few seconds from the orchestrator: at debug while they succeed.
				const routine = status < 400 && /^\/(health\/(live|ready)|metrics)\/?$/.test(route);
				this.logger[routine ? "debug" : "info"](line, `${req.method} ${route} ${res.writableFinished ? status : "aborted by the client"} ${ms} ms`);
			});
		},

		/** Forgets the menu copy (and any read already under way); `settle`: keep none for a while (a node joined). */
		dropMenuCopy(this: ApiThis, settle: boolean) {
			this.$menu.generation++;
			this.$menu.entry = undefined;
			if (settle && this.config.transporter) this.$menu.notBefore = Date.now() + MENU_SETTLE_MS;
		},

		/**
		 * The menu is public and the same for everyone, so its copy is sent as is: no token lookup (a stale token
		 * must not stop anyone reading it anyway), no action call, no serialisation; `If-None-Match` gets a 304.
		 */
		serveMenu(this: ApiThis, req: GatewayRequest, res: ServerResponse): boolean {
			if (req.method !== "GET" && req.method !== "HEAD") return false;
			const entry = this.$menu.entry;
			if (!entry) return false;
			const url = req.url ?? "";
			const q = url.indexOf("?");
			const p = q < 0 ? url : url.slice(0, q);
			if (p !== MENU_PATH && p !== `${MENU_PATH}/`) return false;
			if (entry.expires <= Date.now()) {
				this.$menu.entry = undefined;
				return false;
			}
			const id = req.headers["x-request-id"];
			res.setHeader("X-Request-ID", typeof id === "string" && REQUEST_ID.test(id) ? id : crypto.randomUUID());
			res.setHeader("ETag", entry.etag);
			res.setHeader("Cache-Control", "no-cache");
			// Says the answer came from this gateway's copy (operators and the tests tell the two paths apart).
			res.setHeader("X-Menu-Copy", "hit");
			if (req.headers["if-none-match"] === entry.etag) {
				res.writeHead(304);
				res.end();
				return true;
			}
			res.setHeader("Content-Type", "application/json; charset=utf-8");
			res.setHeader("Content-Length", entry.body.length);
			res.writeHead(200);
			res.end(req.method === "HEAD" ? undefined : entry.body);
			return true;
		},

		/** Who is calling: the user behind the bearer token, or null for no token. */
		async authenticate(this: ApiThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: GatewayRequest): Promise<AuthUser | null> {
			const isPublic = accessOf(req) === "public";
			const header = req.headers.authorization;
			if (!header) return null;
			const m = /^Bearer\s+(\S+)\s*$/i.exec(header);
			if (!m) {
				if (isPublic) return null;
				throw new UnAuthorizedError(ERR_INVALID_TOKEN, { message: "Use Authorization: Bearer <accessToken>" });
			}
			// No token we issue comes near this length: one that does is not ours (401), never a field to validate.
			if (m[1].length > MAX_TOKEN_LENGTH) {
				if (isPublic) return null;
				throw new UnAuthorizedError(ERR_INVALID_TOKEN, { message: "This is not a token Brigade issued; log in again" });
			}
			try {
				const resolved = await ctx.call<AuthUser & { expiresAt: number }, { token: string }>("auth.resolveToken", { token: m[1] });
				// resolveToken answers from a short cache: the expiry is checked here on every request.
				if (resolved.expiresAt <= Date.now()) throw new UnAuthorizedError(ERR_INVALID_TOKEN, null);
				const { expiresAt: _exp, ...user } = resolved;
				return user;
			} catch (err) {
				// A stale token must not stop anyone from logging in again or reading the menu.
				if (isPublic && (err as { code?: number }).code === 401) return null;
				throw err;
			}
		},

		/** May they: every action declares `access`; one without it is admin-only. */
		authorize(this: ApiThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: GatewayRequest): void {
			const access = accessOf(req);
			if (access === "public") return;
			const user = ctx.meta.user;
			if (!user) throw new UnAuthorizedError(ERR_NO_TOKEN, null);
			if (access === "user") return;
			if (!access.includes(user.role)) {
				throw new ForbiddenError("FORBIDDEN", { message: `Only ${access.join(" or ")} may do this; you are ${user.role}` });
			}
		},

		routeInfos(this: ApiThis): RouteInfo[] {
			const actions = new Map(
				this.broker.registry.getActionList({ skipInternal: true, withEndpoints: false }).map(a => [a.name, a.action]),
			);
			return this.aliases
				.filter(a => a.action && a.fullPath.startsWith(API_BASE))
				.map(a => {
					const def = (actions.get(a.action!) ?? {}) as { params?: Record<string, unknown>; access?: Access; description?: string };
					return { method: a.method, path: a.fullPath, action: a.action!, params: def.params, access: def.access, description: def.description };
				});
		},
	},

	created(this: ApiThis) {
		this.config = runtimeOf(this.broker).config;
		this.$menu = { generation: 0, notBefore: this.config.transporter ? Date.now() + MENU_SETTLE_MS : 0 };
		this.settings.port = this.config.port;
	},

	// Runs before the mixins' stopped hooks: devices go first, or moleculer-web's server.close() would wait on their websockets.
	stopped(this: ApiThis) {
		this.closeSockets();
	},

	started(this: ApiThis) {
		// Requests Node cannot parse (an oversized URL) are answered in API.md's shape, not with a bare status line.
		this.server.on("clientError", answerClientError);
		const address = this.server.address();
		const port = typeof address === "object" && address ? address.port : this.config.port;
		this.logger.info(`Brigade is listening on http://localhost:${port} (API under ${API_BASE}, docs at /docs/)`);
	},
};

/** Serves exactly the files named in `modules` (resolved once, at start), cached by the browser for a day. */
function serveVendor(modules: Record<string, string>) {
	const files = new Map(Object.entries(modules).map(([name, spec]) => [`/${name}`, packageFile(spec)]));
	return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
		const file = files.get((req.url ?? "").split("?")[0]);
		if (!file || (req.method !== "GET" && req.method !== "HEAD")) return next();
		res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" });
		if (req.method === "HEAD") return res.end();
		fs.createReadStream(file).on("error", next).pipe(res);
	};
}

/** A file inside an installed package, found the way Node finds the package (its `exports` would hide dist files). */
function packageFile(spec: string): string {
	const pkg = spec.split("/")[0];
	const found = (require.resolve.paths(pkg) ?? []).map(dir => path.join(dir, spec)).find(file => fs.existsSync(file));
	if (!found) throw new Error(`${spec} is missing: run npm install`);
	return found;
}

function accessOf(req: GatewayRequest): Access {
	return req.$action?.access ?? ["admin"];
}

function clientIp(req: IncomingMessage, trustProxy: boolean): string {
	if (trustProxy) {
		// The right-most entry is the one our proxy appended; anything left of it the client wrote.
		const fwd = req.headers["x-forwarded-for"];
		const last = (Array.isArray(fwd) ? fwd.join(",") : fwd)?.split(",").pop()?.trim();
		if (last) return last;
	}
	return req.socket.remoteAddress ?? "unknown";
}

export default ApiService as unknown as ServiceSchema;
