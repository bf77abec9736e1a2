// The API's own documentation: GET /api/v1/openapi.json built from the live routes, and the Swagger UI files
// the browsable page (public/docs/) loads from this gateway rather than from a CDN.
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import path from "node:path";
import serveStatic from "serve-static";
import type { Access, Permission } from "../../contracts";
import { buildOpenApi, type RouteInfo } from "./openapi";
import { API_BASE, type GatewayThis } from "./routes";
import { WEBHOOK_PATH, webhookOpenApi } from "./webhooks";

/**
 * Swagger UI's files, found through its package.json: `require("swagger-ui-dist")` would also parse its 1.5 MB
 * browser bundle in every gateway process (about 0.4 s of each start) only to return this folder.
 */
const SWAGGER_UI_FOLDER = path.dirname(require.resolve("swagger-ui-dist/package.json"));

/** One alias moleculer-web published. */
interface Alias {
	method: string;
	fullPath: string;
	action?: string;
}

type DocsThis = GatewayThis & { aliases: Alias[]; routeInfos(): RouteInfo[] };

export const swaggerUiRoute = {
	name: "swagger-ui",
	path: "/vendor/swagger-ui",
	use: [serveStatic(SWAGGER_UI_FOLDER, { index: false })],
	mappingPolicy: "restrict",
	bodyParsers: { json: false, urlencoded: false },
};

const docsMixin: Partial<ServiceSchema<ServiceSettingSchema, DocsThis>> = {
	actions: {
		// Published (the gateway may call it) but without `rest`: only the explicit alias reaches it.
		openapi: {
			access: "public",
			handler(this: DocsThis) {
				return buildOpenApi(this.routeInfos(), { title: "Brigade API", version: "1" }, webhookOpenApi);
			},
		},
	},

	methods: {
		/**
		 * Every alias under /api/v1 with the action's `params`, `access` and `description`, as the registry has them now;
		 * not the webhook's, whose operation is written out in webhooks.ts (its body is raw bytes, not those params).
		 */
		routeInfos(this: DocsThis): RouteInfo[] {
			const actions = new Map(
				this.broker.registry.getActionList({ skipInternal: true, withEndpoints: false }).map(a => [a.name, a.action]),
			);
			return this.aliases
				.filter(a => a.action && a.fullPath.startsWith(API_BASE) && !a.fullPath.startsWith(`${WEBHOOK_PATH}/`))
				.map(a => {
					const def = (actions.get(a.action!) ?? {}) as {
						params?: Record<string, unknown>;
						access?: Access;
						approval?: Permission;
						description?: string;
					};
					return {
						method: a.method,
						path: a.fullPath,
						action: a.action!,
						params: def.params,
						access: def.access,
						approval: def.approval,
						description: def.description,
					};
				});
		},
	},
};
export const DocsMixin = docsMixin as unknown as Partial<ServiceSchema>;
