// What the gateway refuses in any request before it reaches an action, without a gateway: numbers JSON cannot
// carry, nesting past the limit, keys that reach a prototype, control characters, bodies that are not one object.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Duplex } from "node:stream";
import fc from "fast-check";
import { answerClientError, guardBody, guardInput, MAX_INPUT_DEPTH, unreadableBody, utf8Only } from "./input-guard";

/** The ValidationError a guard throws, reduced to the one problem it names. */
function refusal(fn: () => void): { field: string; type: string; message: string } {
	try {
		fn();
	} catch (err) {
		const e = err as { code?: number; type?: string; data?: { field: string; type: string; message: string }[] };
		assert.equal(e.code, 422);
		assert.equal(e.type, "VALIDATION_ERROR");
		assert.equal(e.data?.length, 1);
		return e.data![0];
	}
	assert.fail("the input was accepted");
}

/** `levels` objects, each holding the next under `notes`. */
function nested(levels: number): Record<string, unknown> {
	let value: Record<string, unknown> = {};
	for (let i = 1; i < levels; i++) value = { notes: value };
	return value;
}

describe("guardInput: numbers", () => {
	it("refuses a number JSON can parse but not carry (1e400 is Infinity), naming where it is", () => {
		const body = JSON.parse('{"items": [{"quantity": 1}, {"quantity": 1e400}]}');

		const p = refusal(() => guardInput(body));

		assert.equal(p.field, "items[1].quantity");
		assert.equal(p.type, "numberFinite");
	});

	it("refuses NaN and -Infinity as well", () => {
		assert.equal(refusal(() => guardInput({ tip: Number.NaN })).field, "tip");
		assert.equal(refusal(() => guardInput({ tip: -Infinity })).field, "tip");
	});

	it("accepts any object of finite numbers, plain text, booleans and nulls", () => {
		const plain = fc.object({
			key: fc.stringMatching(/^[a-z][a-zA-Z]{0,7}$/).filter(k => k !== "constructor" && k !== "prototype"),
			values: [
				fc.double({ noNaN: true, noDefaultInfinity: true }),
				fc.stringMatching(/^[ -~\t\n\r]*$/),
				fc.boolean(),
				fc.constant(null),
			],
			maxDepth: 5,
		});
		fc.assert(fc.property(plain, value => guardInput(value)));
	});
});

describe("guardInput: depth", () => {
	it(`accepts ${MAX_INPUT_DEPTH} levels of objects and refuses one more, naming the field`, () => {
		guardInput(nested(MAX_INPUT_DEPTH));

		const p = refusal(() => guardInput(nested(MAX_INPUT_DEPTH + 1)));

		assert.equal(p.type, "depth");
		assert.equal(p.field, Array(MAX_INPUT_DEPTH).fill("notes").join("."));
	});

	it("counts arrays as levels too", () => {
		let value: unknown = [];
		for (let i = 1; i <= MAX_INPUT_DEPTH; i++) value = [value];

		assert.equal(refusal(() => guardInput(value)).type, "depth");
	});

	it("refuses a body nested 5,000 deep without exhausting the stack", () => {
		assert.equal(refusal(() => guardInput(nested(5000))).type, "depth");
	});
});

describe("guardInput: keys that reach a prototype", () => {
	it("refuses __proto__ as JSON.parse leaves it (an own key), so it cannot supply a field", () => {
		const body = JSON.parse('{"__proto__": {"seats": 4}}');

		const p = refusal(() => guardInput(body));

		assert.equal(p.field, "__proto__");
		assert.equal(p.type, "forbidden");
	});

	it("refuses constructor and prototype at any depth", () => {
		assert.equal(refusal(() => guardInput({ order: { constructor: { name: "x" } } })).field, "order.constructor");
		assert.equal(refusal(() => guardInput({ items: [{ prototype: 1 }] })).field, "items[0].prototype");
	});
});

describe("guardInput: control characters", () => {
	it("refuses NUL (PostgreSQL cannot store it) and the other control characters", () => {
		for (const c of ["\u0000", "\u0007", "\u001b", "\u007f"]) {
			const p = refusal(() => guardInput({ notes: `no ${c} onions` }));

			assert.equal(p.field, "notes");
			assert.equal(p.type, "string");
		}
	});

	it("accepts tab, line feed and carriage return: they are text", () => {
		guardInput({ notes: "no onions\tplease\r\nthanks" });
	});

	it("checks query and path params too, not only bodies", () => {
		assert.equal(refusal(() => guardInput({ id: "t1\u0000" })).field, "id");
	});
});

describe("guardBody", () => {
	it("takes one JSON object, or no body at all", () => {
		guardBody(undefined);
		guardBody({ name: "Table 4" });
	});

	it("refuses an array, null, a string or a number where the object belongs", () => {
		for (const body of [[{ name: "Table 4" }], null, "Table 4", 4]) {
			const p = refusal(() => guardBody(body));

			assert.equal(p.field, "body");
			assert.equal(p.type, "object");
		}
	});

	it("then guards the object like any input", () => {
		assert.equal(refusal(() => guardBody({ seats: Infinity })).type, "numberFinite");
	});
});

describe("bodies that cannot be read", () => {
	it("refuses bytes that are not UTF-8 as malformed JSON (400), instead of storing U+FFFD", () => {
		assert.throws(() => utf8Only(null, null, Buffer.from([0x7b, 0xff, 0x7d])), { code: 400, type: "MALFORMED_JSON" });
		utf8Only(null, null, Buffer.from('{"name": "Café"}'));
	});

	it("turns a zlib error into a typed 400 MALFORMED_BODY and passes any other error on as it was", () => {
		const passed: unknown[] = [];
		const next = (err?: unknown) => void passed.push(err);
		const other = Object.assign(new Error("too large"), { type: "entity.too.large", status: 413 });

		unreadableBody(Object.assign(new Error("incorrect header check"), { code: "Z_DATA_ERROR" }), null, null, next);
		unreadableBody(other, null, null, next);

		assert.deepEqual([(passed[0] as { code: number }).code, (passed[0] as { type: string }).type], [400, "MALFORMED_BODY"]);
		assert.equal(passed[1], other);
	});
});

describe("answerClientError: requests Node could not parse", () => {
	function socket() {
		const s = {
			writable: true,
			destroyed: false,
			sent: "",
			end(text: string) {
				s.sent = text;
			},
			destroy() {
				s.destroyed = true;
			},
		};
		return s;
	}

	it("answers URL and headers over 16 kB with a 431 in API.md's shape", () => {
		const s = socket();

		answerClientError(Object.assign(new Error("Header overflow"), { code: "HPE_HEADER_OVERFLOW" }), s as unknown as Duplex);

		assert.match(s.sent, /^HTTP\/1\.1 431 Request Header Fields Too Large\r\n/);
		assert.deepEqual(JSON.parse(s.sent.split("\r\n\r\n")[1]).error.code, "REQUEST_TOO_LARGE");
	});

	it("answers anything else malformed with a 400, and drops a connection the client already reset", () => {
		const bad = socket();
		const reset = socket();

		answerClientError(Object.assign(new Error("Parse Error"), { code: "HPE_INVALID_METHOD" }), bad as unknown as Duplex);
		answerClientError(Object.assign(new Error("reset"), { code: "ECONNRESET" }), reset as unknown as Duplex);

		assert.match(bad.sent, /^HTTP\/1\.1 400 Bad Request\r\n/);
		assert.equal(JSON.parse(bad.sent.split("\r\n\r\n")[1]).error.code, "BAD_REQUEST");
		assert.equal(reset.sent, "");
		assert.ok(reset.destroyed);
	});
});
