// GET /metrics on the public port: the whole cluster's metrics in the Prometheus text format, for Prometheus
// (METRICS_TOKEN as a bearer token) or an admin only. Each node's own are on its OPS_PORT, inside the network.
import crypto from "node:crypto";
import type { IncomingMessage } from "node:http";
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import ApiGateway from "moleculer-web";
import { clusterMetricsText, PROMETHEUS_CONTENT_TYPE } from "../../lib/metrics";
import type { AuthUser, GatewayMeta } from "../../contracts";
import { bearerOf } from "./access";
import type { GatewayThis } from "./routes";

const { UnAuthorizedError, ForbiddenError, ERR_NO_TOKEN } = ApiGateway.Errors;

export const metricsRoute = {
	name: "metrics",
	path: "/metrics",
	mappingPolicy: "restrict",
	aliases: { "GET /": "api.metrics" },
	bodyParsers: { json: false, urlencoded: false },
	// An admin's access token resolves to its user; METRICS_TOKEN is checked by the action itself.
	authentication: true,
	onBeforeCall(this: GatewayThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: IncomingMessage) {
		ctx.meta.bearer = bearerOf(req.headers.authorization);
	},
};

/**
 * Throws unless the caller is Prometheus (`given` equals METRICS_TOKEN) or an admin: order counts, devices and lag
 * are the restaurant's business. 401 for nobody in particular, 403 for a user of another role.
 */
export function admitMetricsReader(
	expected: string | undefined,
	given: string | undefined,
	user: Pick<AuthUser, "role"> | null | undefined,
): void {
	// Digests are the same length whatever was sent, so the comparison takes constant time and never throws.
	const digest = (v: string) => crypto.createHash("sha256").update(v).digest();
	const scraper = Boolean(expected && given && crypto.timingSafeEqual(digest(given), digest(expected)));
	if (scraper || user?.role === "admin") return;
	if (user) throw new ForbiddenError("FORBIDDEN", { message: "Only admins (or Prometheus with METRICS_TOKEN) may read the metrics" });
	throw new UnAuthorizedError(ERR_NO_TOKEN, { message: "Send METRICS_TOKEN (or an admin's access token) as a bearer token" });
}

const metricsMixin: Partial<ServiceSchema<ServiceSettingSchema, GatewayThis>> = {
	actions: {
		/** Prometheus text: every node's metrics, this gateway's collected now, the others' through `$node.metrics`. */
		metrics: {
			access: "public",
			async handler(this: GatewayThis, ctx: Context<unknown, GatewayMeta>): Promise<string> {
				const given = ctx.meta.bearer;
				delete ctx.meta.bearer;
				admitMetricsReader(this.config.metricsToken, given, ctx.meta.user);
				ctx.meta.$responseType = PROMETHEUS_CONTENT_TYPE;
				ctx.meta.$responseHeaders = { "Cache-Control": "no-store" };
				return clusterMetricsText(this.broker);
			},
		},
	},
};
export const MetricsRouteMixin = metricsMixin as unknown as Partial<ServiceSchema>;
