// The password rule: at least 8 characters, at most the 72 bytes bcrypt reads; and generated passwords.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { generatePassword, passwordProblem } from "./passwords";

describe("a password", () => {
	it("takes 8 characters up to 72 bytes", () => {
		assert.equal(passwordProblem("12345678"), undefined);
		assert.equal(passwordProblem("x".repeat(72)), undefined);
	});

	it("refuses fewer than 8 characters", () => {
		assert.equal(passwordProblem("1234567"), "The password must be at least 8 characters");
	});

	it("counts bytes, not characters, against bcrypt's 72: 19 four-byte emoji are 76 bytes", () => {
		assert.equal(passwordProblem("😀".repeat(18)), undefined);
		assert.equal(passwordProblem("😀".repeat(19)), "The password must be at most 72 bytes in UTF-8");
		assert.equal(passwordProblem("x".repeat(73)), "The password must be at most 72 bytes in UTF-8");
	});

	it("generated: 16 characters a terminal or a form keeps as they are, and passes the rule", () => {
		const generated = generatePassword();

		assert.match(generated, /^[A-Za-z0-9_-]{16}$/);
		assert.equal(passwordProblem(generated), undefined);
		assert.notEqual(generatePassword(), generated);
	});
});
