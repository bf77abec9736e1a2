// Sealed values open only with their key, and only as they were sealed.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { ACCOUNT_LINK_SEAL, open, seal, sealKey } from "./seal";

const SECRET = "s".repeat(48);
const LINK = "http://10.0.0.5:3000/account/?reset=abcDEF_123-xyz";

describe("seal", () => {
	it("a sealed link opens to itself and shows nothing of it", () => {
		const key = sealKey(SECRET, ACCOUNT_LINK_SEAL);

		const sealed = seal(LINK, key);

		assert.equal(open(sealed, key), LINK);
		assert.ok(!sealed.includes("reset") && !sealed.includes("abcDEF"), sealed);
		assert.notEqual(seal(LINK, key), sealed, "a fresh IV each time");
	});

	it("an altered sealed value is refused", () => {
		const key = sealKey(SECRET, ACCOUNT_LINK_SEAL);
		const sealed = seal(LINK, key);
		const raw = Buffer.from(sealed.slice(3), "base64url");
		raw[20] ^= 1;

		assert.throws(() => open(`v1.${raw.toString("base64url")}`, key));
		assert.throws(() => open(sealed.slice(0, -2), key));
		assert.throws(() => open(LINK, key), /Not a sealed value/);
		assert.throws(() => open("v1.", key), /Not a sealed value/);
	});

	it("another secret, or the same secret for another purpose, opens nothing", () => {
		const sealed = seal(LINK, sealKey(SECRET, ACCOUNT_LINK_SEAL));

		assert.throws(() => open(sealed, sealKey("t".repeat(48), ACCOUNT_LINK_SEAL)));
		assert.throws(() => open(sealed, sealKey(SECRET, "another purpose")));
	});
});
