// Turns any error reaching the gateway into API.md's shape: status + {"error": {code, message, details?}}.
import type { ServerResponse } from "node:http";
import { Errors, Validators, type LoggerInstance } from "moleculer";
import type { GatewayRequest } from "./routes";

export interface HttpError {
	status: number;
	code: string;
	message: string;
	details?: unknown;
	/** Seconds, for 429. */
	retryAfter?: number;
}

interface AnyError {
	name?: string;
	message?: string;
	code?: unknown;
	type?: unknown;
	status?: unknown;
	statusCode?: unknown;
	data?: unknown;
}

interface FieldProblem {
	field?: string;
	type?: string;
	message?: string;
	expected?: unknown;
	actual?: unknown;
	label?: string;
}

// body-parser's error types (its errors carry `type` and `status`, not Moleculer's shape).
const BODY_PARSER_ERRORS: Record<string, { status: number; code: string; message: string }> = {
	"entity.parse.failed": { status: 400, code: "MALFORMED_JSON", message: "The request body is not valid JSON" },
	"entity.too.large": { status: 413, code: "PAYLOAD_TOO_LARGE", message: "The request body is too large" },
	"encoding.unsupported": { status: 415, code: "UNSUPPORTED_ENCODING", message: "Unsupported content encoding" },
	"charset.unsupported": { status: 415, code: "UNSUPPORTED_CHARSET", message: "Unsupported charset" },
	"request.aborted": { status: 400, code: "REQUEST_ABORTED", message: "The request was aborted" },
	"request.size.invalid": { status: 400, code: "BAD_REQUEST", message: "The request body length does not match Content-Length" },
	"stream.encoding.set": { status: 500, code: "INTERNAL_ERROR", message: "Internal error" },
};

export function toHttpError(err: unknown): HttpError {
	const e = (err ?? {}) as AnyError;

	if (typeof e.type === "string" && BODY_PARSER_ERRORS[e.type]) return { ...BODY_PARSER_ERRORS[e.type] };

	if (err instanceof Errors.ValidationError || e.type === "VALIDATION_ERROR") {
		const problems = Array.isArray(e.data) ? (e.data as FieldProblem[]) : [];
		const details = problems.map(p => ({
			field: p.field,
			type: p.type,
			message: plainProblem(p),
			...(p.expected !== undefined && { expected: p.expected }),
		}));
		const sentences = [...new Set(byField(problems).map(([field, ps]) => plainField(field, ps)))];
		const fallback =
			e.message && e.message !== "Parameters validation error!" ? e.message : "Some of the input is not valid; check each field";
		return { status: 400, code: "VALIDATION_ERROR", message: sentences.length ? sentences.join("; ") : fallback, details };
	}

	// A PostgreSQL integrity violation that a service did not turn into its own error is still a
	// conflict with the data (two writers raced past a check), never a 500.
	// Two transactions that deadlocked or failed to serialise: one lost the race, which is a 409 too.
	if (e.code === "40P01" || e.code === "40001") {
		return { status: 409, code: "CONFLICT", message: "Another device changed this at the same moment; try again" };
	}
	if (typeof e.code === "string" && /^23\d{3}$/.test(e.code)) {
		return { status: 409, code: "CONFLICT", message: "The change conflicts with the current data; reload and try again" };
	}

	// The database is restarting or out of reach: the same request will work shortly, so 503, not 500.
	if (isDatabaseUnavailable(e)) {
		return { status: 503, code: "DATABASE_UNAVAILABLE", message: "The database is not reachable right now; try again shortly" };
	}

	const status = typeof e.code === "number" ? e.code : typeof e.status === "number" ? e.status : 500;
	const type = typeof e.type === "string" && e.type ? e.type : undefined;

	// The broker could not reach a node for the action: the service is down, not the request wrong.
	// (moleculer-web's own unknown routes arrive as NOT_FOUND; SERVICE_NOT_FOUND comes from a call inside.)
	if (err instanceof Errors.ServiceNotAvailableError || err instanceof Errors.ServiceNotFoundError || type === "SERVICE_NOT_FOUND") {
		return { status: 503, code: "SERVICE_UNAVAILABLE", message: "The service is not available right now; try again shortly" };
	}
	// The transporter (Redis) is reconnecting: nothing was sent, so a retry is safe and will work soon.
	if (e.name === "BrokerDisconnectedError" || type === "BAD_GATEWAY") {
		return { status: 503, code: "SERVICE_UNAVAILABLE", message: "The restaurant's network is reconnecting; try again shortly" };
	}
	if (err instanceof Errors.RequestTimeoutError) {
		return { status: 504, code: "TIMEOUT", message: "The request took too long; check before retrying" };
	}

	if (status === 404 && (type === "NOT_FOUND" || type === "SERVICE_NOT_FOUND")) {
		return { status: 404, code: "ROUTE_NOT_FOUND", message: "No such route" };
	}
	if (status === 401) {
		const code = type === "NO_TOKEN" ? "UNAUTHORIZED" : (type ?? "UNAUTHORIZED");
		return { status, code, message: e.message && e.message !== "Unauthorized" ? e.message : "Authentication required" };
	}

	if (status >= 400 && status < 500) {
		const details = e.data ?? undefined;
		const retryAfter = (details as { retryAfterSeconds?: number } | undefined)?.retryAfterSeconds;
		return {
			status,
			code: type ?? defaultCode(status),
			message: e.message || defaultCode(status),
			...(details !== undefined && { details }),
			...(retryAfter !== undefined && { retryAfter }),
		};
	}
	if (status === 503) return { status, code: type ?? "SERVICE_UNAVAILABLE", message: e.message || "Service unavailable" };

	// Anything else is our fault: say so without leaking internals (the log has the stack).
	return { status: 500, code: "INTERNAL_ERROR", message: "Something went wrong on our side; it has been logged" };
}

/**
 * moleculer-web's `onError`: the one place an error becomes a response, whatever threw it. Our own faults (5xx)
 * are logged with the request id; the client gets the code and message only.
 */
export function answerWithError(this: { logger: LoggerInstance }, req: GatewayRequest, res: ServerResponse, err: unknown): void {
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
}

/** Connection failures of pg and knex (and PostgreSQL's own "shutting down" / "starting up" / connection classes). */
const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03"]);

function isDatabaseUnavailable(e: { code?: unknown; name?: unknown; message?: unknown }): boolean {
	if (typeof e.code === "string" && (CONNECTION_ERRORS.has(e.code) || /^08\w{3}$/.test(e.code))) return true;
	if (e.name === "KnexTimeoutError") return true;
	return typeof e.message === "string" && /Connection terminated unexpectedly|Client has encountered a connection error/.test(e.message);
}

function defaultCode(status: number): string {
	switch (status) {
		case 400:
			return "BAD_REQUEST";
		case 401:
			return "UNAUTHORIZED";
		case 403:
			return "FORBIDDEN";
		case 404:
			return "NOT_FOUND";
		case 405:
			return "METHOD_NOT_ALLOWED";
		case 409:
			return "CONFLICT";
		case 413:
			return "PAYLOAD_TOO_LARGE";
		case 415:
			return "UNSUPPORTED_MEDIA_TYPE";
		case 422:
			return "UNPROCESSABLE";
		case 429:
			return "RATE_LIMITED";
		default:
			return "BAD_REQUEST";
	}
}

// ---------------------------------------------------------------------------------------------------------
// Validation problems in plain words. fastest-validator says "The 'seats' field must be greater than or
// equal to 1."; a person (and the apps, which show the message as it comes) reads "seats must be at least 1".
// A message a rule or a service wrote itself (a rule's `messages`, CommonErrors.invalidField) is kept as written.

/** fastest-validator's own templates, to tell its wording from ours. */
const VALIDATOR_MESSAGES: Record<string, string> = (
	new Validators.Fastest() as unknown as { validator: { messages: Record<string, string> } }
).validator.messages;

/** The validator's wording for this problem, as it would have rendered it. */
function validatorWording(p: FieldProblem): string | undefined {
	const template = p.type ? VALIDATOR_MESSAGES[p.type] : undefined;
	if (!template) return undefined;
	const text = (v: unknown) => (v === undefined || v === null ? "" : String(v));
	return template
		.replace(/\{field\}/g, text(p.label || p.field))
		.replace(/\{expected\}/g, text(p.expected))
		.replace(/\{actual\}/g, text(p.actual));
}

const isOurs = (p: FieldProblem) => Boolean(p.message) && p.message !== validatorWording(p);
const plural = (n: unknown, one: string, many: string) => `${n} ${Number(n) === 1 ? one : many}`;

/** One problem as a sentence that starts with the field's name and says what to send instead. */
function plainProblem(p: FieldProblem): string {
	if (isOurs(p)) return p.message!;
	const f = p.field || "The request";
	const x = p.expected;
	switch (p.type) {
		case "required":
			return `${f} is required`;
		case "string":
			return `${f} must be text`;
		case "stringEmpty":
		case "emailEmpty":
		case "urlEmpty":
		case "arrayEmpty":
		case "tupleEmpty":
			return `${f} must not be empty`;
		case "stringMin":
		case "emailMin":
			return Number(x) <= 1 ? `${f} must not be empty` : `${f} must be at least ${plural(x, "character", "characters")}`;
		case "stringMax":
		case "emailMax":
			return `${f} must be at most ${plural(x, "character", "characters")}`;
		case "stringLength":
			return `${f} must be exactly ${plural(x, "character", "characters")}`;
		case "stringPattern":
			return `${f} is not in the expected form`;
		case "stringContains":
			return `${f} must contain "${x}"`;
		case "stringEnum":
		case "enumValue":
			return `${f} must be one of ${x}`;
		case "stringNumeric":
			return `${f} must contain only digits`;
		case "stringAlpha":
			return `${f} must contain only letters`;
		case "stringAlphanum":
			return `${f} must contain only letters and digits`;
		case "stringAlphadash":
			return `${f} must contain only letters, digits, dashes and underscores`;
		case "stringHex":
			return `${f} must be a hexadecimal string`;
		case "stringSingleLine":
			return `${f} must be on one line`;
		case "stringBase64":
			return `${f} must be base64 text`;
		case "number":
			return `${f} must be a number`;
		case "numberInteger":
			return `${f} must be a whole number`;
		case "numberMin":
			return `${f} must be at least ${x}`;
		case "numberMax":
			return `${f} must be at most ${x}`;
		case "numberEqual":
			return `${f} must be ${x}`;
		case "numberNotEqual":
			return `${f} must not be ${x}`;
		case "numberPositive":
			return `${f} must be more than 0`;
		case "numberNegative":
			return `${f} must be less than 0`;
		case "array":
		case "tuple":
			return `${f} must be a list`;
		case "arrayMin":
			return `${f} must have at least ${plural(x, "entry", "entries")}`;
		case "arrayMax":
			return `${f} must have at most ${plural(x, "entry", "entries")}`;
		case "arrayLength":
		case "tupleLength":
			return `${f} must have exactly ${plural(x, "entry", "entries")}`;
		case "arrayContains":
			return `${f} must include ${x}`;
		case "arrayUnique":
			return `${f} must not name the same entry twice`;
		case "arrayEnum":
			return `${f} may only hold ${x}`;
		case "boolean":
			return `${f} must be true or false`;
		case "date":
			return `${f} must be a date`;
		case "dateMin":
			return `${f} must be on or after ${x}`;
		case "dateMax":
			return `${f} must be on or before ${x}`;
		case "equalValue":
			return `${f} must be ${x}`;
		case "equalField":
			return `${f} must be the same as ${x}`;
		case "forbidden":
			return `${f} must not be sent`;
		case "email":
			return `${f} must be an e-mail address`;
		case "url":
			return `${f} must be a web address (https://…)`;
		case "uuid":
		case "uuidVersion":
			return `${f} must be an id (a UUID like 3f2c…)`;
		case "object":
		case "record":
			return `${f} must be an object ({…})`;
		case "objectStrict":
			return `${f} has fields it does not take: ${p.actual}; remove them`;
		case "objectMinProps":
			return `${f} must have at least ${plural(x, "field", "fields")}`;
		case "objectMaxProps":
			return `${f} must have at most ${plural(x, "field", "fields")}`;
		default:
			// A type this list does not know: the validator's sentence without its "The '…' field" opening.
			return (p.message ?? `${f} is not valid`).replace(/^The '([^']*)' field /, "$1 ").replace(/\.$/, "");
	}
}

/** Problems grouped by field, in the order the fields first appear. */
function byField(problems: FieldProblem[]): [string, FieldProblem[]][] {
	const groups = new Map<string, FieldProblem[]>();
	for (const p of problems) {
		const key = p.field ?? "";
		groups.set(key, [...(groups.get(key) ?? []), p]);
	}
	return [...groups];
}

/** One sentence per field: a number that is both fractional and too small is "a whole number of at least 1". */
function plainField(field: string, problems: FieldProblem[]): string {
	const ours = problems.filter(isOurs);
	if (ours.length) return [...new Set(ours.map(p => p.message!))].join("; ");
	const has = (type: string) => problems.find(p => p.type === type);
	const integer = has("numberInteger");
	const min = has("numberMin");
	const max = has("numberMax");
	if (integer && (min || max)) {
		const range =
			min && max ? ` from ${min.expected} to ${max.expected}` : min ? ` of at least ${min.expected}` : ` of at most ${max!.expected}`;
		return `${field || "The request"} must be a whole number${range}`;
	}
	return [...new Set(problems.map(plainProblem))].join("; ");
}
