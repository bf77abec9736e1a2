// Turns any error reaching the gateway into API.md's shape: status + {"error": {code, message, details?}}.
import { Errors } from "moleculer";

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
			message: p.message,
			...(p.expected !== undefined && { expected: p.expected }),
		}));
		const fields = [...new Set(details.map(d => d.field).filter(Boolean))];
		return {
			status: 400,
			code: "VALIDATION_ERROR",
			message: fields.length ? `Invalid input: ${fields.join(", ")}` : "Invalid input",
			details,
		};
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
		const code = type === "NO_TOKEN" ? "UNAUTHORIZED" : type ?? "UNAUTHORIZED";
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

/** Connection failures of pg and knex (and PostgreSQL's own "shutting down" / "starting up" / connection classes). */
const CONNECTION_ERRORS = new Set(["ECONNREFUSED", "ECONNRESET", "ETIMEDOUT", "EPIPE", "57P01", "57P02", "57P03"]);

function isDatabaseUnavailable(e: { code?: unknown; name?: unknown; message?: unknown }): boolean {
	if (typeof e.code === "string" && (CONNECTION_ERRORS.has(e.code) || /^08\w{3}$/.test(e.code))) return true;
	if (e.name === "KnexTimeoutError") return true;
	return typeof e.message === "string" && /Connection terminated unexpectedly|Client has encountered a connection error/.test(e.message);
}

function defaultCode(status: number): string {
	switch (status) {
		case 400: return "BAD_REQUEST";
		case 401: return "UNAUTHORIZED";
		case 403: return "FORBIDDEN";
		case 404: return "NOT_FOUND";
		case 405: return "METHOD_NOT_ALLOWED";
		case 409: return "CONFLICT";
		case 413: return "PAYLOAD_TOO_LARGE";
		case 415: return "UNSUPPORTED_MEDIA_TYPE";
		case 422: return "UNPROCESSABLE";
		case 429: return "RATE_LIMITED";
		default: return "BAD_REQUEST";
	}
}
