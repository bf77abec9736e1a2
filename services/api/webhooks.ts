// POST /api/v1/billing/webhooks/:provider: a card provider's webhook, its body kept as the raw bytes it was sent
// (the signature is over exactly those; JSON parsing would change them), carried to billing in base64 with only the
// provider's signature headers. No authentication: the signature, checked by billing, is the webhook's credential.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "moleculer";
import type { GatewayMeta } from "../../contracts";
import { answerWithError } from "./http-errors";
import { unreadableBody } from "./input-guard";
import { API_BASE, clientIp, type GatewayThis } from "./routes";

/** Webhook bodies are small JSON; Stripe's are a few kB. */
const WEBHOOK_LIMIT = "256kb";
/** The headers a provider signs with, passed on to billing; nothing else of the request is. */
const SIGNATURE_HEADERS = ["stripe-signature"];

/** With mergeParams false, moleculer-web keeps the path's params apart: `$params.params.provider`. */
type WebhookRequest = IncomingMessage & { body?: unknown; $params?: { params?: { provider?: string } } & Record<string, unknown> };

/** Replaces the params moleculer-web made of the raw body with what billing.webhook takes. */
function rawBodyToParams(req: WebhookRequest, _res: ServerResponse, next: (err?: unknown) => void): void {
	const body = Buffer.isBuffer(req.body) ? req.body : Buffer.alloc(0);
	const headers = Object.fromEntries(
		SIGNATURE_HEADERS.flatMap(name => {
			const value = req.headers[name];
			return typeof value === "string" ? [[name, value]] : [];
		}),
	);
	req.$params = { provider: String(req.$params?.params?.provider ?? ""), payload: body.toString("base64"), headers };
	next();
}

export const webhookRoute = {
	name: "webhooks",
	path: `${API_BASE}/billing/webhooks`,
	mappingPolicy: "restrict",
	// The raw body whatever its content type: a provider's JSON is verified, never parsed, here.
	bodyParsers: { json: false, urlencoded: false, raw: { type: () => true, limit: WEBHOOK_LIMIT } },
	// A body that is not what its Content-Encoding says is the sender's 400, not our 500.
	use: [unreadableBody],
	mergeParams: false,
	aliases: { "POST /:provider": [rawBodyToParams, "billing.webhook"] },
	onBeforeCall(this: GatewayThis, ctx: Context<unknown, GatewayMeta>, _route: unknown, req: IncomingMessage) {
		ctx.meta.ip = clientIp(req, this.config.trustProxy);
	},
	onError: answerWithError,
};
