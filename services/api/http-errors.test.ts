// The one translator of errors to API.md's JSON, without a gateway: which status and code each kind of error
// becomes, validation problems in plain words, and nothing of our internals in a 500.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { Errors, Validators, type LoggerInstance } from "moleculer";
import ApiGateway from "moleculer-web";
import { answerWithError, toHttpError } from "./http-errors";
import type { GatewayRequest } from "./routes";

const validator = new Validators.Fastest();

/** The ValidationError an action's `params` would throw for `params`, as Moleculer's own validator makes it. */
function refused(schema: Record<string, unknown>, params: Record<string, unknown>): unknown {
	try {
		validator.validate(params, schema as never);
	} catch (err) {
		return err;
	}
	assert.fail("the params were valid");
}

/** A problem a rule or a service worded itself (a rule's `messages`, CommonErrors.invalidField). */
const ours = (field: string, message: string) =>
	new Errors.ValidationError("Parameters validation error!", "VALIDATION_ERROR", [{ field, type: "stringPattern", message }]);

describe("toHttpError: validation", () => {
	it("a validation error is a 400 VALIDATION_ERROR with each field's problem in details", () => {
		const e = toHttpError(refused({ name: "string", seats: { type: "number", min: 1 } }, { seats: 0 }));

		assert.equal(e.status, 400);
		assert.equal(e.code, "VALIDATION_ERROR");
		assert.deepEqual(e.details, [
			{ field: "name", type: "required", message: "name is required" },
			{ field: "seats", type: "numberMin", message: "seats must be at least 1", expected: 1 },
		]);
		assert.equal(e.message, "name is required; seats must be at least 1");
	});

	it("a number that is both fractional and out of range reads as one sentence for its field", () => {
		const seats = { seats: { type: "number", integer: true, min: 1, max: 20 } };

		const low = toHttpError(refused(seats, { seats: 0.5 }));
		const high = toHttpError(refused(seats, { seats: 20.5 }));

		assert.equal(low.message, "seats must be a whole number of at least 1");
		assert.equal((low.details as unknown[]).length, 2);
		assert.equal(high.message, "seats must be a whole number of at most 20");
	});

	it("keeps a message a rule or a service wrote itself, as written", () => {
		const e = toHttpError(ours("station", "station: lowercase letters, digits, - or _"));

		assert.equal(e.message, "station: lowercase letters, digits, - or _");
	});

	it("without field problems, says what the error said, or asks to check each field", () => {
		assert.equal(toHttpError(new Errors.ValidationError("Invalid input: body", "VALIDATION_ERROR", [])).message, "Invalid input: body");
		assert.equal(
			toHttpError(new Errors.ValidationError("Parameters validation error!", "VALIDATION_ERROR", [])).message,
			"Some of the input is not valid; check each field",
		);
	});

	it("body-parser's refusals keep their own status: malformed JSON 400, too large 413", () => {
		assert.deepEqual(toHttpError({ type: "entity.parse.failed", status: 400, message: "Unexpected token } in JSON at position 7" }), {
			status: 400,
			code: "MALFORMED_JSON",
			message: "The request body is not valid JSON",
		});
		assert.equal(toHttpError({ type: "entity.too.large", status: 413 }).status, 413);
		assert.equal(toHttpError({ type: "entity.too.large", status: 413 }).code, "PAYLOAD_TOO_LARGE");
	});
});

describe("toHttpError: the database", () => {
	it("a unique (or any integrity) violation a service did not catch is a 409 CONFLICT, not a 500", () => {
		for (const code of ["23505", "23503", "23514"]) {
			const e = toHttpError(Object.assign(new Error('duplicate key value violates unique constraint "tables_name_key"'), { code }));

			assert.equal(e.status, 409, code);
			assert.equal(e.code, "CONFLICT");
			assert.doesNotMatch(e.message, /tables_name_key/);
		}
	});

	it("a deadlock or a serialisation failure is a 409 that says to try again", () => {
		for (const code of ["40P01", "40001"]) {
			assert.deepEqual(toHttpError({ code }), {
				status: 409,
				code: "CONFLICT",
				message: "Another device changed this at the same moment; try again",
			});
		}
	});

	it("a database out of reach or restarting is a 503 DATABASE_UNAVAILABLE", () => {
		const unreachable = [
			{ code: "ECONNREFUSED" },
			{ code: "57P01" },
			{ code: "08006" },
			{ name: "KnexTimeoutError", message: "Knex: Timeout acquiring a connection" },
			{ message: "Connection terminated unexpectedly" },
		];
		for (const err of unreachable) {
			assert.equal(toHttpError(err).status, 503, JSON.stringify(err));
			assert.equal(toHttpError(err).code, "DATABASE_UNAVAILABLE");
		}
	});
});

describe("toHttpError: the cluster", () => {
	it("a service no node runs right now is a 503, not the request's fault", () => {
		assert.equal(
			toHttpError(new Errors.ServiceNotAvailableError({ action: "order.create", nodeID: "n1" })).code,
			"SERVICE_UNAVAILABLE",
		);
		assert.equal(toHttpError(new Errors.ServiceNotFoundError({ action: "order.create" })).status, 503);
		assert.equal(toHttpError(Object.assign(new Error("gone"), { name: "BrokerDisconnectedError" })).status, 503);
	});

	it("a call that timed out is a 504 TIMEOUT", () => {
		assert.deepEqual(toHttpError(new Errors.RequestTimeoutError({ action: "billing.pay", nodeID: "n1" })), {
			status: 504,
			code: "TIMEOUT",
			message: "The request took too long; check before retrying",
		});
	});

	it("a URL no route serves is a 404 ROUTE_NOT_FOUND", () => {
		assert.deepEqual(toHttpError(new ApiGateway.Errors.NotFoundError("NOT_FOUND", null)), {
			status: 404,
			code: "ROUTE_NOT_FOUND",
			message: "No such route",
		});
	});
});

describe("toHttpError: refusals a service or the gateway made", () => {
	it("a typed client error keeps its status, code, message and data", () => {
		const e = toHttpError(new Errors.MoleculerClientError("Table not found", 404, "TABLE_NOT_FOUND", { id: "t9" }));

		assert.deepEqual(e, { status: 404, code: "TABLE_NOT_FOUND", message: "Table not found", details: { id: "t9" } });
	});

	it("a 429 carries its Retry-After seconds", () => {
		const e = toHttpError(new Errors.MoleculerClientError("Too many attempts", 429, "RATE_LIMITED", { retryAfterSeconds: 30 }));

		assert.equal(e.status, 429);
		assert.equal(e.retryAfter, 30);
	});

	it("a 4xx without a code gets the status's usual one", () => {
		assert.equal(toHttpError(new Errors.MoleculerClientError("Nope", 409)).code, "CONFLICT");
		assert.equal(toHttpError({ code: 403, message: "Nope" }).code, "FORBIDDEN");
		assert.equal(toHttpError({ code: 413 }).message, "PAYLOAD_TOO_LARGE");
	});

	it("401: the gateway's refusals read 'Authentication required', with the token's problem as the code", () => {
		const { UnAuthorizedError, ERR_NO_TOKEN, ERR_INVALID_TOKEN } = ApiGateway.Errors;

		assert.deepEqual(toHttpError(new UnAuthorizedError(ERR_NO_TOKEN, null)), {
			status: 401,
			code: "UNAUTHORIZED",
			message: "Authentication required",
		});
		assert.deepEqual(toHttpError(new UnAuthorizedError(ERR_INVALID_TOKEN, null)), {
			status: 401,
			code: "INVALID_TOKEN",
			message: "Authentication required",
		});
		assert.equal(
			toHttpError(new Errors.MoleculerClientError("Your session has ended", 401, "SESSION_ENDED")).message,
			"Your session has ended",
		);
	});

	it("a service that is down on purpose says so with its own code", () => {
		assert.deepEqual(toHttpError(new Errors.MoleculerError("Payments are paused", 503, "PAYMENTS_PAUSED")), {
			status: 503,
			code: "PAYMENTS_PAUSED",
			message: "Payments are paused",
		});
	});
});

describe("toHttpError: our own faults", () => {
	it("an unknown error is a 500 INTERNAL_ERROR that leaks no message, code or stack", () => {
		const err = Object.assign(new Error('relation "order.orders" does not exist at /app/services/order/repository.ts:42'), {
			code: "42P01",
		});

		const e = toHttpError(err);

		assert.deepEqual(e, { status: 500, code: "INTERNAL_ERROR", message: "Something went wrong on our side; it has been logged" });
	});

	it("a server error with a type of its own, a thrown string or nothing at all is the same 500", () => {
		for (const err of [new Errors.MoleculerServerError("pool exhausted", 500, "POOL_EXHAUSTED"), "boom", undefined, null]) {
			assert.deepEqual(toHttpError(err), {
				status: 500,
				code: "INTERNAL_ERROR",
				message: "Something went wrong on our side; it has been logged",
			});
		}
	});
});

describe("answerWithError: the response written", () => {
	/** A response that records what was written, and a logger that records what was logged. */
	function fake(requestID?: string) {
		const headers: Record<string, string> = {};
		const written: { status?: number; body?: string } = {};
		const res = {
			headersSent: false,
			setHeader(k: string, v: string) {
				headers[k] = v;
			},
			writeHead(status: number) {
				written.status = status;
			},
			end(body: string) {
				written.body = body;
			},
		};
		const logged: unknown[] = [];
		const self = { logger: { error: (...args: unknown[]) => void logged.push(args) } } as unknown as { logger: LoggerInstance };
		const req = { url: "/api/v1/tables", $ctx: requestID ? { requestID } : undefined } as unknown as GatewayRequest;
		const send = (err: unknown) => answerWithError.call(self, req, res as never, err);
		return { headers, written, logged, send, res };
	}

	it("writes the status and API.md's {error: {code, message, details}} as JSON, with the request id", () => {
		const f = fake("req-1");

		f.send(new Errors.MoleculerClientError("Table not found", 404, "TABLE_NOT_FOUND", { id: "t9" }));

		assert.equal(f.written.status, 404);
		assert.deepEqual(JSON.parse(f.written.body!), {
			error: { code: "TABLE_NOT_FOUND", message: "Table not found", details: { id: "t9" } },
		});
		assert.equal(f.headers["Content-Type"], "application/json; charset=utf-8");
		assert.equal(f.headers["X-Request-ID"], "req-1");
		assert.deepEqual(f.logged, []);
	});

	it("a 401 names the scheme to use, a 429 when to come back", () => {
		const a = fake();
		a.send(new ApiGateway.Errors.UnAuthorizedError(ApiGateway.Errors.ERR_NO_TOKEN, null));
		const b = fake();
		b.send(new Errors.MoleculerClientError("Too many attempts", 429, "RATE_LIMITED", { retryAfterSeconds: 30 }));

		assert.equal(a.headers["WWW-Authenticate"], 'Bearer realm="brigade"');
		assert.equal(b.headers["Retry-After"], "30");
	});

	it("logs a 5xx (the client sees only the generic answer), and writes nothing once headers are sent", () => {
		const f = fake();
		f.res.headersSent = true;

		f.send(new Error("disk full"));

		assert.equal(f.logged.length, 1);
		assert.equal(f.written.status, undefined);
	});
});
