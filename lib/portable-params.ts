// Action params as the other nodes see them. A node's services travel to the others as JSON in its node info,
// where Moleculer drops every object it has already seen (one `bound` rule used for both `from` and `to` lost
// `to`) and a RegExp becomes `{}`; the gateway builds the OpenAPI document from what arrived, so the document
// depended on which node built it. Before a service is registered, its params become plain, unshared data:
// each rule its own copy, patterns as source strings (fastest-validator compiles those the same way).
import type { Middleware, ServiceSchema } from "moleculer";

/** A deep copy of a params schema with no shared objects and no RegExp. */
export function portableParams<T>(params: T): T {
	return copy(params) as T;
}

function copy(value: unknown): unknown {
	if (Array.isArray(value)) return value.map(copy);
	if (!value || typeof value !== "object") return value;
	const out: Record<string, unknown> = {};
	for (const [k, v] of Object.entries(value)) {
		if (k === "pattern" && v instanceof RegExp) {
			out.pattern = v.source;
			if (v.flags) out.patternFlags = v.flags;
		} else {
			out[k] = copy(v);
		}
	}
	return out;
}

export const PortableParamsMiddleware: Middleware = {
	name: "PortableParams",
	serviceCreating(_service: unknown, schema: ServiceSchema) {
		for (const action of Object.values(schema.actions ?? {})) {
			if (action && typeof action === "object" && "params" in action && action.params) action.params = portableParams(action.params);
		}
	},
} as unknown as Middleware;
