// Builds the OpenAPI 3.1 document from the gateway's live aliases and each action's `params` and `access`,
// so the document cannot drift from the routes it describes; a route no action's params describe is passed in whole.
import type { Access, Permission } from "../../contracts";

export interface RouteInfo {
	method: string;
	/** Full path with `:param` segments, e.g. /api/v1/auth/users/:id */
	path: string;
	action: string;
	params?: Record<string, unknown>;
	access?: Access;
	/** A role `access` does not admit may still do it with a manager's approval (403 APPROVAL_REQUIRED first). */
	approval?: Permission;
	summary?: string;
	/** The action's `description`: a rule a client must know that its params cannot say (who gets credit, what counts). */
	description?: string;
}

type JsonSchema = Record<string, unknown>;

const ERROR_SCHEMA: JsonSchema = {
	type: "object",
	required: ["error"],
	properties: {
		error: {
			type: "object",
			required: ["code", "message"],
			properties: { code: { type: "string", example: "VALIDATION_ERROR" }, message: { type: "string" }, details: {} },
		},
	},
};

/** `extraPaths`: routes whose operation is written out by hand (the webhook's raw body is no action's params). */
export function buildOpenApi(
	routes: RouteInfo[],
	info: { title: string; version: string },
	extraPaths: Record<string, Record<string, unknown>> = {},
): JsonSchema {
	const paths: Record<string, Record<string, unknown>> = {};
	for (const r of [...routes].sort((a, b) => a.path.localeCompare(b.path))) {
		const method = r.method.toLowerCase();
		if (method === "*") continue;
		const pathParams = [...r.path.matchAll(/:([A-Za-z0-9_]+)/g)].map(m => m[1]);
		const oaPath = r.path.replace(/:([A-Za-z0-9_]+)/g, "{$1}");
		const props = paramsToProperties(r.params ?? {});
		const parameters: JsonSchema[] = pathParams.map(name => ({
			name,
			in: "path",
			required: true,
			schema: props.properties[name] ?? { type: "string" },
		}));
		const rest = Object.fromEntries(Object.entries(props.properties).filter(([k]) => !pathParams.includes(k)));
		const required = props.required.filter(k => !pathParams.includes(k));
		const hasBody = ["post", "put", "patch"].includes(method);
		if (!hasBody) {
			for (const [name, schema] of Object.entries(rest)) {
				parameters.push({ name, in: "query", required: required.includes(name), schema });
			}
		}
		const access = r.access ?? ["admin"];
		const op: JsonSchema = {
			operationId: r.action,
			summary: r.summary ?? r.action,
			tags: [r.action.split(".")[0]],
			description: [
				access === "public" ? "No token needed." : access === "user" ? "Any signed-in user." : `Roles: ${access.join(", ")}.`,
				r.description,
			]
				.filter(Boolean)
				.join(" "),
			// Who may call it, machine-readable: the authorization matrix test is generated from this.
			"x-access": access,
			...(r.approval && { "x-approval": r.approval }),
			parameters,
			security: access === "public" ? [] : [{ bearerAuth: [] }],
			responses: {
				"2XX": { description: "Success" },
				"400": { $ref: "#/components/responses/Error" },
				...(access !== "public" && { "401": { $ref: "#/components/responses/Error" } }),
				...(Array.isArray(access) && { "403": { $ref: "#/components/responses/Error" } }),
			},
		};
		if (hasBody && Object.keys(rest).length) {
			op.requestBody = {
				required: required.length > 0,
				content: { "application/json": { schema: { type: "object", properties: rest, ...(required.length && { required }) } } },
			};
		}
		paths[oaPath] ??= {};
		paths[oaPath][method] = op;
	}
	for (const [p, ops] of Object.entries(extraPaths)) paths[p] = { ...paths[p], ...ops };
	return {
		openapi: "3.1.0",
		info,
		servers: [{ url: "/" }],
		paths,
		components: {
			securitySchemes: { bearerAuth: { type: "http", scheme: "bearer", bearerFormat: "JWT" } },
			schemas: { Error: ERROR_SCHEMA },
			responses: {
				Error: { description: "Error", content: { "application/json": { schema: { $ref: "#/components/schemas/Error" } } } },
			},
		},
	};
}

function paramsToProperties(params: Record<string, unknown>): { properties: Record<string, JsonSchema>; required: string[] } {
	const properties: Record<string, JsonSchema> = {};
	const required: string[] = [];
	for (const [name, rule] of Object.entries(params)) {
		if (name.startsWith("$$")) continue;
		const { schema, optional } = ruleToSchema(rule);
		properties[name] = schema;
		if (!optional) required.push(name);
	}
	return { properties, required };
}

/** fastest-validator rule → JSON Schema, for the rule types Brigade uses. */
export function ruleToSchema(rule: unknown): { schema: JsonSchema; optional: boolean } {
	if (typeof rule === "string") {
		const [type, ...flags] = rule.split("|");
		const r: Record<string, unknown> = { type };
		for (const f of flags) {
			const [k, v] = f.split(":");
			r[k] = v === undefined ? true : Number.isNaN(Number(v)) ? v : Number(v);
		}
		return ruleToSchema(r);
	}
	if (Array.isArray(rule)) {
		const parts = rule.map(ruleToSchema);
		return { schema: { anyOf: parts.map(p => p.schema) }, optional: parts.some(p => p.optional) };
	}
	const r = (rule ?? {}) as Record<string, unknown>;
	const optional = Boolean(r.optional) || r.default !== undefined;
	const s: JsonSchema = {};
	switch (r.type) {
		case "string":
			s.type = "string";
			if (r.min !== undefined) s.minLength = r.min;
			if (r.max !== undefined) s.maxLength = r.max;
			if (r.pattern instanceof RegExp) s.pattern = r.pattern.source;
			else if (typeof r.pattern === "string") s.pattern = r.pattern;
			break;
		case "uuid":
			Object.assign(s, { type: "string", format: "uuid" });
			break;
		case "email":
			Object.assign(s, { type: "string", format: "email" });
			break;
		case "date":
			Object.assign(s, { type: "string", format: "date-time" });
			break;
		case "number":
			s.type = r.integer ? "integer" : "number";
			if (r.min !== undefined) s.minimum = r.min;
			if (r.max !== undefined) s.maximum = r.max;
			if (r.positive) s.exclusiveMinimum = 0;
			break;
		case "boolean":
			s.type = "boolean";
			break;
		case "enum":
			s.enum = r.values;
			break;
		case "equal":
			s.const = r.value;
			break;
		case "array":
			s.type = "array";
			if (r.items !== undefined) s.items = ruleToSchema(r.items).schema;
			if (r.min !== undefined) s.minItems = r.min;
			if (r.max !== undefined) s.maxItems = r.max;
			break;
		case "object": {
			s.type = "object";
			if (r.props) {
				const p = paramsToProperties(r.props as Record<string, unknown>);
				s.properties = p.properties;
				if (p.required.length) s.required = p.required;
			}
			break;
		}
		case "multi":
			return { schema: { anyOf: (r.rules as unknown[]).map(x => ruleToSchema(x).schema) }, optional };
		default:
			break;
	}
	// OpenAPI 3.1: a rule that admits null says so in its type (the validator refuses null everywhere else).
	if (r.nullable === true && typeof s.type === "string") s.type = [s.type, "null"];
	if (r.default !== undefined && typeof r.default !== "function") s.default = r.default;
	return { schema: s, optional };
}
