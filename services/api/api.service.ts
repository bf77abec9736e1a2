// The gateway, put together: moleculer-web serving REST under /api/v1 (routes.ts), the probes, the metrics, the
// docs and the apps, with Socket.IO on the same port (realtime.mixin.ts). Each concern lives in its own file.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import ApiGateway from "moleculer-web";
import { runtimeOf } from "../../lib/runtime";
import { MENU_CHANGED } from "../../contracts";
import { AppSettingsMixin } from "./app-settings";
import { DocsMixin, swaggerUiRoute } from "./docs";
import { HealthMixin, healthRoute } from "./health";
import { answerWithError } from "./http-errors";
import { answerClientError } from "./input-guard";
import { MenuCopyMixin } from "./menu-copy.mixin";
import { MetricsRouteMixin, metricsRoute } from "./metrics-route";
import { RealtimeMixin } from "./realtime.mixin";
import { logWhenDone } from "./request-log";
import { API_BASE, ApiRouteMixin, apiRoute, requestIdFrom, type GatewayRequest, type GatewayThis } from "./routes";
import { publicAssets, vendorRoute } from "./static-files";
import { webhookRoute } from "./webhooks";

type ApiThis = GatewayThis & {
	closeSockets(): void;
	serveMenuCopy(req: GatewayRequest, res: ServerResponse): boolean;
	markMenuRead(req: GatewayRequest): void;
};

const baseHttpHandler = (
	ApiGateway.methods as unknown as { httpHandler(this: ApiThis, req: IncomingMessage, res: ServerResponse, next?: unknown): unknown }
).httpHandler;

const ApiService: ServiceSchema<ServiceSettingSchema, ApiThis> = {
	name: "api",
	mixins: [
		ApiGateway,
		RealtimeMixin(),
		ApiRouteMixin,
		// GET /menu is the evening's most frequent read: answered from a copy kept between menu.changed broadcasts.
		MenuCopyMixin({ path: `${API_BASE}/menu`, action: "menu.get", changedEvent: MENU_CHANGED }),
		AppSettingsMixin,
		HealthMixin,
		MetricsRouteMixin,
		DocsMixin,
	],

	settings: {
		// PORT comes from the config in created(); the mixin reads it when it starts listening.
		port: 3000,
		ip: "0.0.0.0",
		rest: "/",
		log4XXResponses: false,
		// The gateway writes its own line per request (request-log.ts): moleculer-web's would carry query strings
		// and, at debug, request bodies (passwords). Its route table goes to debug: GET /api/v1/openapi.json has it.
		logRequest: false,
		logResponse: false,
		logRequestParams: null,
		logRouteRegistration: "debug",
		optimizeOrder: true,
		// Routes follow services as nodes come and go; rebuild them soon after a change.
		debounceTime: 100,
		rootCallOptions(this: ApiThis, options: { requestID?: string }, req: IncomingMessage) {
			options.requestID = requestIdFrom(req.headers["x-request-id"]);
		},
		routes: [apiRoute, webhookRoute, healthRoute, metricsRoute, swaggerUiRoute, vendorRoute],
		assets: publicAssets,
		onError: answerWithError,
	},

	actions: {
		// moleculer-web's own helpers stay off HTTP and off the bus.
		listAliases: { visibility: "protected" },
	},

	events: {
		// Local services have all started: publish their routes now, not after the debounce, so the
		// first request after "is up" is never a 404.
		"$broker.started"(this: ApiThis & { regenerateAllAutoAliases: (() => void) & { flush(): void } }) {
			this.regenerateAllAutoAliases();
			this.regenerateAllAutoAliases.flush();
		},
	},

	methods: {
		/** GET /api/v1/menu from this gateway's copy when it has one; everything else goes through moleculer-web. */
		httpHandler(this: ApiThis, req: GatewayRequest, res: ServerResponse, next?: unknown) {
			if (this.config.logRequests) logWhenDone(this.logger, req, res);
			if (this.serveMenuCopy(req, res)) return;
			this.markMenuRead(req);
			return baseHttpHandler.call(this, req, res, next);
		},
	},

	created(this: ApiThis) {
		this.config = runtimeOf(this.broker).config;
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

export default ApiService as unknown as ServiceSchema;
