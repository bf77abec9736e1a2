// The links mailed to an account: random, stored as a hash, pointing at the account page; what a reset request names.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { accountLink, hashAccountToken, newAccountToken, resetTarget } from "./account-links";

describe("account links", () => {
	it("a token is 256 random bits, kept only as its sha256", () => {
		const a = newAccountToken();
		assert.match(a, /^[A-Za-z0-9_-]{43}$/);
		assert.notEqual(a, newAccountToken());
		assert.match(hashAccountToken(a), /^[0-9a-f]{64}$/);
		assert.notEqual(hashAccountToken(a), a);
	});

	it("the link opens the account page on PUBLIC_URL with the token", () => {
		assert.equal(accountLink("http://10.0.0.5:3000/", "activate", "t-1"), "http://10.0.0.5:3000/account/?activate=t-1");
		assert.equal(accountLink("https://pos.example", "reset", "t-2"), "https://pos.example/account/?reset=t-2");
	});

	it("a reset names one account, by name or by email, counted by what was typed whatever its case", () => {
		assert.deepEqual(resetTarget({ username: " Kim " }), { by: "username", value: "kim", key: "u:kim" });
		assert.deepEqual(resetTarget({ email: "Kim@Example.com" }), { by: "email", value: "kim@example.com", key: "e:kim@example.com" });
		assert.throws(() => resetTarget({}), { code: 400 });
		assert.throws(() => resetTarget({ username: "kim", email: "kim@example.com" }), { code: 400 });
	});
});
