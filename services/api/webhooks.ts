// POST /api/v1/billing/webhooks/:provider: a card provider's webhook, its body kept as the raw bytes it was sent
// (the signature is over exactly those; JSON parsing would change them), carried to billing in base64 with only the
// provider's signature headers. No authentication: the signature, checked by billing, is the webhook's credential.
import type { IncomingMessage, ServerResponse } from "node:http";
import type { Context } from "moleculer";
import type { GatewayMeta, WebhookReceipt } from "../../contracts";
import { answerWithError } from "./http-errors";
import { unreadableBody } from "./input-guard";
import { API_BASE, clientIp, type GatewayThis } from "./routes";

/** Where providers post; the route's one alias is `POST /:provider`. */
export const WEBHOOK_PATH = `${API_BASE}/billing/webhooks`;
/** The providers that send signed webhooks (the simulated one settles its checkout itself and sends none). */
const WEBHOOK_PROVIDERS = ["stripe"];
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
	path: WEBHOOK_PATH,
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

/**
 * The route as the OpenAPI document shows it (services/api/docs.ts). Written out rather than built from billing.webhook's
 * params: those are what the gateway makes of the request (base64 body, picked headers), not what a provider sends.
 */
export const webhookOpenApi: Record<string, Record<string, unknown>> = {
	[`${WEBHOOK_PATH}/{provider}`]: {
		post: {
			operationId: "billing.webhook",
			summary: "A card provider's signed webhook",
			tags: ["billing"],
			description:
				"No token needed: the provider's signature over the raw body is the credential. The body is kept as the bytes " +
				"sent and verified, never parsed first. A signature that does not match is 400 and on the money audit trail, " +
				"until one address has sent its minute's budget of them: then 429, not recorded. Signed events are never limited.",
			"x-access": "public",
			parameters: [
				{ name: "provider", in: "path", required: true, schema: { type: "string", enum: WEBHOOK_PROVIDERS } },
				{
					name: "Stripe-Signature",
					in: "header",
					required: true,
					description: "Stripe's `t=…,v1=…` signature of the raw body with the endpoint's signing secret.",
					schema: { type: "string" },
				},
			],
			security: [],
			requestBody: {
				required: true,
				description: "The provider's event, exactly as it sent it (up to 256 kB).",
				content: {
					"application/json": { schema: { type: "object", description: "Stripe: an Event object, as its API documents it" } },
				},
			},
			responses: {
				"200": {
					description: "Received (a duplicate, or an event about nothing of ours, is received too and changes nothing)",
					content: {
						"application/json": {
							schema: {
								type: "object",
								required: ["received", "outcome"],
								properties: {
									received: { const: true },
									outcome: {
										enum: [
											"captured",
											"failed",
											"duplicate",
											"unknown_payment",
											"mismatch",
											"ignored",
											"already_settled",
										] satisfies WebhookReceipt["outcome"][],
									},
								},
							},
						},
					},
				},
				"400": { $ref: "#/components/responses/Error" },
				"404": { $ref: "#/components/responses/Error" },
				"429": { $ref: "#/components/responses/Error" },
			},
		},
	},
};
