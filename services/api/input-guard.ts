// What the gateway refuses in any request's params before they reach an action (and before they cross the
// transporter, where JSON would quietly change them): values no field of ours takes, in any route.
import { isUtf8 } from "node:buffer";
import { Errors } from "moleculer";

/** Deeper than any input of ours (an order's lines are three levels down); deeper is an attack, not an order. */
export const MAX_INPUT_DEPTH = 16;

/** Keys that would reach an object's prototype when params are copied or merged. */
const PROTOTYPE_KEYS = new Set(["__proto__", "constructor", "prototype"]);

// PostgreSQL cannot store NUL, and no field of ours wants control characters (tab, LF and CR are text).
// biome-ignore lint/suspicious/noControlCharactersInRegex: finding control characters is this pattern's job
const CONTROL_CHARACTERS = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/;

interface Problem {
	field: string;
	type: string;
	message: string;
}

/**
 * Walks `params` without recursion (a body nested 5,000 deep must not exhaust the stack) and throws a
 * ValidationError naming the first field that holds:
 * - a number JSON can parse but not carry (`1e400` is Infinity here and `null` on the far side of the transporter);
 * - a control character;
 * - a key that reaches the prototype (`{"__proto__": {"seats": 4}}` must not supply `seats`);
 * - nesting deeper than MAX_INPUT_DEPTH.
 */
export function guardInput(params: unknown): void {
	const stack: { value: unknown; field: string; depth: number }[] = [{ value: params, field: "", depth: 0 }];
	while (stack.length) {
		const { value, field, depth } = stack.pop()!;
		const name = field || "body";
		if (typeof value === "number") {
			if (!Number.isFinite(value))
				refuse({ field: name, type: "numberFinite", message: `${name} must be a finite number; ${value} is too large to be one` });
		} else if (typeof value === "string") {
			if (CONTROL_CHARACTERS.test(value))
				refuse({ field: name, type: "string", message: `${name} contains control characters; remove them` });
		} else if (value && typeof value === "object") {
			if (depth >= MAX_INPUT_DEPTH)
				refuse({ field: name, type: "depth", message: `${name} is nested more than ${MAX_INPUT_DEPTH} levels deep` });
			if (Array.isArray(value)) {
				for (let i = value.length - 1; i >= 0; i--) stack.push({ value: value[i], field: `${field}[${i}]`, depth: depth + 1 });
			} else {
				for (const key of Object.keys(value)) {
					const child = field ? `${field}.${key}` : key;
					if (PROTOTYPE_KEYS.has(key))
						refuse({ field: child, type: "forbidden", message: `${child} is not a field anything here takes; remove it` });
					stack.push({ value: (value as Record<string, unknown>)[key], field: child, depth: depth + 1 });
				}
			}
		}
	}
}

/** A request body is one JSON object (or absent): an array where an object belongs is refused, not ignored. */
export function guardBody(body: unknown): void {
	if (body !== undefined && (body === null || typeof body !== "object" || Array.isArray(body))) {
		refuse({ field: "body", type: "object", message: 'The body must be a JSON object, like {"name": "…"}' });
	}
	guardInput(body);
}

function refuse(problem: Problem): never {
	throw new Errors.ValidationError(`Invalid input: ${problem.field}`, "VALIDATION_ERROR", [problem]);
}

/**
 * A route middleware (after the body parsers) for a body that could not be read: body-parser gives a 400 with
 * its own error, but a zlib error's string code ("Z_DATA_ERROR") would make moleculer-web lose that status and
 * answer 500. Becomes a typed 400 the gateway shapes like any other.
 */
export function unreadableBody(err: unknown, _req: unknown, _res: unknown, next: (err?: unknown) => void): void {
	const e = err as { status?: number; type?: string; code?: unknown; message?: string };
	if (typeof e?.code === "string" && e.code.startsWith("Z_")) {
		next(
			new Errors.MoleculerClientError(
				"The request body is not what its Content-Encoding says (gzip or deflate)",
				400,
				"MALFORMED_BODY",
			),
		);
		return;
	}
	next(err);
}

/**
 * body-parser's `verify` for JSON bodies: bytes that are not UTF-8 would be decoded into U+FFFD and stored as
 * if someone had typed them; refuse them as a malformed body instead.
 */
export function utf8Only(_req: unknown, _res: unknown, buf: Buffer): void {
	if (!isUtf8(buf)) throw new Errors.MoleculerClientError("The request body is not valid UTF-8", 400, "MALFORMED_JSON");
}

/**
 * The HTTP server's `clientError`: a request Node could not parse never reaches moleculer-web, and Node's own
 * answer is a bare status line. Answer in API.md's shape instead: 431 when the request line and headers pass
 * Node's 16 kB (an oversized URL), 400 for anything else malformed.
 */
export function answerClientError(err: Error & { code?: string }, socket: import("node:stream").Duplex): void {
	if (err.code === "ECONNRESET" || !socket.writable) {
		socket.destroy();
		return;
	}
	const tooLarge = err.code === "HPE_HEADER_OVERFLOW";
	const status = tooLarge ? "431 Request Header Fields Too Large" : "400 Bad Request";
	const body = JSON.stringify({
		error: tooLarge
			? { code: "REQUEST_TOO_LARGE", message: "The URL and headers are longer than 16 kB; send the data in the body" }
			: { code: "BAD_REQUEST", message: "The request is not valid HTTP" },
	});
	socket.end(
		`HTTP/1.1 ${status}\r\nContent-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\nConnection: close\r\n\r\n${body}`,
	);
}
