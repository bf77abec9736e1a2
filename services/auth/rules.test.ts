// Auth's decisions: why a sign-in is refused and what the caller hears, when a session is live, what an account
// change names, which changes end every session, and when a change would leave no active admin.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { User } from "../../contracts";
import { changedFields, isLive, losesAdmin, pinVerdict, refusalError, sessionsEndedBy, signInVerdict } from "./rules";
import { PIN_PATTERN, pinLookup } from "./pins";

const sam: User = { id: "user-sam", username: "sam", fullName: "Sam", role: "staff", isActive: true, createdAt: "2026-11-22T18:00:00Z" };

describe("a sign-in", () => {
	it("admits a known, active account with the right password", () => {
		assert.deepEqual(signInVerdict(sam, true), { user: sam });
	});

	it("refuses an unknown name, a wrong password and a deactivated account, saying which", () => {
		assert.deepEqual(signInVerdict(undefined, false), { refused: "unknown user" });
		assert.deepEqual(signInVerdict(sam, false), { refused: "wrong password" });
		assert.deepEqual(signInVerdict({ ...sam, isActive: false }, true), { refused: "inactive user" });
	});

	it("calls a wrong password on a deactivated account a wrong password: only the password's owner learns it is off", () => {
		assert.deepEqual(signInVerdict({ ...sam, isActive: false }, false), { refused: "wrong password" });
	});

	it("answers an unknown name and a wrong password alike; a deactivated account is told so", () => {
		assert.equal(refusalError("unknown user").type, "INVALID_CREDENTIALS");
		assert.equal(refusalError("wrong password").type, "INVALID_CREDENTIALS");
		assert.equal(refusalError("unknown user").message, refusalError("wrong password").message);
		assert.equal(refusalError("inactive user").type, "USER_INACTIVE");
		assert.equal(refusalError("inactive user").code, 401);
	});
});

describe("a session", () => {
	const now = Date.parse("2026-11-22T20:00:00Z");

	it("is live until it expires", () => {
		assert.equal(isLive({ revoked_at: null, expires_at: "2026-11-22T20:00:01Z" }, now), true);
		assert.equal(isLive({ revoked_at: null, expires_at: new Date(now) }, now), false);
		assert.equal(isLive({ revoked_at: null, expires_at: "2026-11-22T19:00:00Z" }, now), false);
	});

	it("is over once revoked, however long it had left", () => {
		assert.equal(isLive({ revoked_at: "2026-11-22T19:59:00Z", expires_at: "2026-12-22T00:00:00Z" }, now), false);
	});
});

describe("an account change", () => {
	it("names the fields it changes, in a fixed order, for user.updated", () => {
		assert.deepEqual(changedFields({ password: "x", fullName: "Sam B" }), ["fullName", "password"]);
		assert.deepEqual(changedFields({ isActive: false, role: "kitchen" }), ["role", "isActive"]);
		assert.deepEqual(changedFields({ isActive: true }), ["isActive"]);
	});

	it("naming nothing is refused, listing what it could change", () => {
		assert.throws(() => changedFields({}), {
			type: "BAD_REQUEST",
			code: 400,
			message: "Nothing to change: send fullName, role, isActive, password, pin, email",
		});
	});

	it("ends every session when it deactivates the account or sets a new password, and says why", () => {
		assert.equal(sessionsEndedBy({ isActive: false }), "user deactivated");
		assert.equal(sessionsEndedBy({ isActive: false, password: "new password" }), "user deactivated");
		assert.equal(sessionsEndedBy({ password: "new password" }), "password changed");
	});

	it("leaves sessions alone for a new name or role, or an account made active again", () => {
		assert.equal(sessionsEndedBy({ fullName: "Sam B", role: "admin" }), undefined);
		assert.equal(sessionsEndedBy({ isActive: true }), undefined);
	});
});

describe("the last active admin", () => {
	const admin = { role: "admin" as const, isActive: true };

	it("an active admin demoted or deactivated stops being one", () => {
		assert.equal(losesAdmin(admin, { role: "staff" }), true);
		assert.equal(losesAdmin(admin, { isActive: false }), true);
		assert.equal(losesAdmin(admin, { role: "admin", isActive: false }), true);
	});

	it("an admin kept an admin, renamed or given a new password, does not", () => {
		assert.equal(losesAdmin(admin, { role: "admin" }), false);
		assert.equal(losesAdmin(admin, { fullName: "Boss", password: "new password", isActive: true }), false);
	});

	it("an account that is no active admin has none to lose", () => {
		assert.equal(losesAdmin({ role: "admin", isActive: false }, { role: "staff" }), false);
		assert.equal(losesAdmin({ role: "staff", isActive: true }, { isActive: false }), false);
	});
});

describe("a PIN", () => {
	it("signs in the active account it belongs to, of a role asked for; anything else answers as a wrong PIN", () => {
		assert.equal(pinVerdict(sam, true, ["staff", "manager"]), sam);
		assert.equal(pinVerdict(sam, false, ["staff"]), undefined);
		assert.equal(pinVerdict(undefined, true, ["staff"]), undefined);
		assert.equal(pinVerdict({ ...sam, isActive: false }, true, ["staff"]), undefined);
		assert.equal(pinVerdict(sam, true, ["manager", "admin"]), undefined);
	});

	it("is 4 to 8 digits, found by a keyed hash that depends on the secret and holds no digit of it", () => {
		for (const ok of ["1234", "00000000"]) assert.match(ok, PIN_PATTERN);
		for (const bad of ["123", "123456789", "12a4", " 1234"]) assert.doesNotMatch(bad, PIN_PATTERN);
		const a = pinLookup("secret-one-secret-one-secret-one", "4821");
		assert.match(a, /^[0-9a-f]{64}$/);
		assert.equal(a, pinLookup("secret-one-secret-one-secret-one", "4821"));
		assert.notEqual(a, pinLookup("secret-two-secret-two-secret-two", "4821"));
		assert.notEqual(a, pinLookup("secret-one-secret-one-secret-one", "4822"));
	});
});
