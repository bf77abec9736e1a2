// The gateway's copy of one public read (GET /menu): its exact bytes, kept between the broadcasts that say it
// changed, so the most frequent read of the evening costs no token lookup, action call or serialisation.
import crypto from "node:crypto";
import type { ServerResponse } from "node:http";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { runtimeOf } from "../../lib/runtime";
import type { GatewayMeta } from "../../contracts";
import { requestIdFrom, type GatewayRequest, type GatewayThis } from "./routes";

/**
 * The gateway keeps the bytes between changes (the owner broadcasts `changedEvent` after each one); this is only
 * the backstop for a gateway that missed that event while cut off from the others.
 */
const MAX_AGE_MS = 10_000;
/**
 * Other nodes learn that this gateway listens for `changedEvent` from its node info, a moment after it (or they)
 * connect; until that has surely happened the gateway keeps no copy and every read goes to the owning service.
 */
const SETTLE_MS = 5_000;

export interface MenuCopyOptions {
	/** The URL path answered from the copy, e.g. /api/v1/menu (a trailing slash matches too). */
	path: string;
	/** The action behind that path, whose answers become the copy. */
	action: string;
	/** The broadcast after each committed change that makes every gateway forget its copy. */
	changedEvent: string;
}

/** The read as last answered: the exact bytes, their ETag, and the invalidation generation they were read in. */
interface MenuCache {
	generation: number;
	/** No copy is kept before this time (ms): a node that joined may not know yet to tell this gateway of changes. */
	notBefore: number;
	entry?: { body: Buffer; etag: string; expires: number };
}

type CopyRequest = GatewayRequest & { $menuGeneration?: number };
type MenuCopyThis = GatewayThis & { $menu: MenuCache; dropMenuCopy(settle: boolean): void };

/** The path of a request URL without its query string. */
function pathOf(url: string | undefined): string {
	const u = url ?? "";
	const q = u.indexOf("?");
	return q < 0 ? u : u.slice(0, q);
}

/** A strong ETag for the bytes sent. */
function etagOf(body: Buffer): string {
	return `"${crypto.createHash("sha1").update(body).digest("base64url")}"`;
}

export function MenuCopyMixin(options: MenuCopyOptions): Partial<ServiceSchema> {
	const { path, action, changedEvent } = options;
	const schema: Partial<ServiceSchema<ServiceSettingSchema, MenuCopyThis>> = {
		events: {
			// Broadcast by the owning service after every committed change, before it answers the change.
			[changedEvent](this: MenuCopyThis) {
				this.dropMenuCopy(false);
			},
			// A node joined or changed its services: it may not have this gateway's subscription yet.
			"$node.connected"(this: MenuCopyThis) {
				this.dropMenuCopy(true);
			},
			"$node.updated"(this: MenuCopyThis) {
				this.dropMenuCopy(true);
			},
		},

		methods: {
			/**
			 * Answers from the copy when there is one for this request. The read is public and the same for everyone,
			 * so the copy is sent as is: no token lookup (a stale token must not stop anyone reading it anyway), no
			 * action call, no serialisation; `If-None-Match` gets a 304.
			 */
			serveMenuCopy(this: MenuCopyThis, req: CopyRequest, res: ServerResponse): boolean {
				if (req.method !== "GET" && req.method !== "HEAD") return false;
				const entry = this.$menu.entry;
				if (!entry) return false;
				const p = pathOf(req.url);
				if (p !== path && p !== `${path}/`) return false;
				if (entry.expires <= Date.now()) {
					this.$menu.entry = undefined;
					return false;
				}
				res.setHeader("X-Request-ID", requestIdFrom(req.headers["x-request-id"]) ?? crypto.randomUUID());
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

			/** Notes which generation a read started in: an answer some change overtook meanwhile is not kept. */
			markMenuRead(this: MenuCopyThis, req: CopyRequest): void {
				if (req.method === "GET" || req.method === "HEAD") req.$menuGeneration = this.$menu.generation;
			},

			/** A read that no change overtook becomes the copy this gateway answers from (called after every action). */
			keepMenuCopy(
				this: MenuCopyThis,
				ctx: Context<unknown, GatewayMeta>,
				req: CopyRequest,
				res: ServerResponse,
				data: unknown,
			): void {
				if (req.$action?.name !== action || req.$menuGeneration !== this.$menu.generation) return;
				if (Date.now() < this.$menu.notBefore || ctx.meta.$statusCode) return;
				const body = Buffer.from(JSON.stringify(data));
				const etag = etagOf(body);
				this.$menu.entry = { body, etag, expires: Date.now() + MAX_AGE_MS };
				res.setHeader("ETag", etag);
				res.setHeader("Cache-Control", "no-cache");
			},

			/** Forgets the copy (and any read already under way); `settle`: keep none for a while (a node joined). */
			dropMenuCopy(this: MenuCopyThis, settle: boolean): void {
				this.$menu.generation++;
				this.$menu.entry = undefined;
				if (settle && this.config.transporter) this.$menu.notBefore = Date.now() + SETTLE_MS;
			},
		},

		created(this: MenuCopyThis) {
			const { transporter } = runtimeOf(this.broker).config;
			this.$menu = { generation: 0, notBefore: transporter ? Date.now() + SETTLE_MS : 0 };
		},
	};
	return schema as unknown as Partial<ServiceSchema>;
}
