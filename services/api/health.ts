// The probes an orchestrator asks on the public port: /health/live (the process answers) and /health/ready
// (its dependencies do; 503 until then).
import type { Context, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { isReady, readiness } from "../../lib/ops-server";
import type { GatewayMeta } from "../../contracts";
import type { GatewayThis } from "./routes";

export const healthRoute = {
	name: "health",
	path: "/health",
	mappingPolicy: "restrict",
	aliases: { "GET live": "api.live", "GET ready": "api.ready" },
	bodyParsers: { json: false, urlencoded: false },
};

const healthMixin: Partial<ServiceSchema<ServiceSettingSchema, GatewayThis>> = {
	actions: {
		// Published (the gateway may call them) but without `rest`: only the aliases above reach them.
		live: {
			access: "public",
			handler(): { status: "ok" } {
				return { status: "ok" };
			},
		},

		ready: {
			access: "public",
			async handler(this: GatewayThis, ctx: Context<unknown, GatewayMeta>) {
				const checks = await readiness(this.broker);
				const ready = isReady(checks);
				if (!ready) ctx.meta.$statusCode = 503;
				return { status: ready ? "ok" : "unavailable", checks };
			},
		},
	},
};
export const HealthMixin = healthMixin as unknown as Partial<ServiceSchema>;
