// Who may call what, without a gateway: the bearer token read from its header, and each action's `access`
// deciding between a call, a 401 and a 403, admin-only when an action forgot to declare it.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { can, PERMISSIONS, ROLES, type Access, type Permission, type Role } from "../../contracts";
import { accessOf, authorizeCaller, bearerOf, isGuestBearer, MAX_TOKEN_LENGTH, readBearer } from "./access";
import { toHttpError } from "./http-errors";

/** What the gateway answers the caller: "call" when the action runs, else the status and code sent. */
function decide(access: Access, role: Role | null): string {
	try {
		authorizeCaller(access, role ? { role } : null);
		return "call";
	} catch (err) {
		const e = toHttpError(err);
		return `${e.status} ${e.code}`;
	}
}

describe("accessOf", () => {
	it("is the action's declared access", () => {
		assert.equal(accessOf({ access: "public" }), "public");
		assert.deepEqual(accessOf({ access: ["staff", "admin"] }), ["staff", "admin"]);
	});

	it("fails closed: an action without `access` (or no action at all) is admin-only", () => {
		assert.deepEqual(accessOf({}), ["admin"]);
		assert.deepEqual(accessOf(undefined), ["admin"]);
	});
});

describe("authorizeCaller: the access matrix", () => {
	it("a public action runs for anyone, signed in or not", () => {
		assert.deepEqual(
			[null, ...ROLES].map(role => decide("public", role)),
			[null, ...ROLES].map(() => "call"),
		);
	});

	it("a `user` action runs for every role and is a 401 without a token", () => {
		assert.equal(decide("user", null), "401 UNAUTHORIZED");
		for (const role of ROLES) assert.equal(decide("user", role), "call", role);
	});

	it("a role list runs for the roles it names, is a 403 for the others and a 401 without a token", () => {
		const access: Access = ["staff", "admin"];

		assert.equal(decide(access, "staff"), "call");
		assert.equal(decide(access, "admin"), "call");
		assert.equal(decide(access, "kitchen"), "403 FORBIDDEN");
		assert.equal(decide(access, null), "401 UNAUTHORIZED");
	});

	it("an undeclared action is refused to every role but admin", () => {
		const access = accessOf({});

		assert.deepEqual(
			ROLES.map(role => [role, decide(access, role)]),
			ROLES.map(role => [role, role === "admin" ? "call" : "403 FORBIDDEN"]),
		);
	});

	it("the 403 says who may and who the caller is", () => {
		assert.throws(() => authorizeCaller(["kitchen", "admin"], { role: "staff" }), {
			code: 403,
			type: "FORBIDDEN",
			data: { message: "Only kitchen or admin may do this; you are staff" },
		});
	});

	it("a manager is admitted wherever staff is, and nowhere staff is not unless named", () => {
		assert.equal(decide(["staff", "admin"], "manager"), "call");
		assert.equal(decide(["kitchen", "admin", "staff"], "manager"), "call");
		assert.equal(decide(["admin"], "manager"), "403 FORBIDDEN");
		assert.equal(decide(["kitchen", "admin"], "manager"), "403 FORBIDDEN");
		assert.equal(decide(["manager", "admin"], "manager"), "call");
		assert.equal(decide(["manager", "admin"], "staff"), "403 FORBIDDEN");
	});

	it("an empty role list admits nobody", () => {
		for (const role of ROLES) assert.equal(decide([], role), "403 FORBIDDEN", role);
	});
});

describe("bearer tokens", () => {
	it("reads the token of `Bearer <token>`, whatever the scheme's case and trailing spaces", () => {
		assert.equal(bearerOf("Bearer abc.def.ghi"), "abc.def.ghi");
		assert.equal(bearerOf("bearer   abc  "), "abc");
		assert.equal(bearerOf("Basic dXNlcjpwYXNz"), undefined);
		assert.equal(bearerOf("Bearer two tokens"), undefined);
		assert.equal(bearerOf(undefined), undefined);
	});

	it("no header is no token: the caller is a guest", () => {
		assert.equal(readBearer(undefined), null);
		assert.equal(readBearer(""), null);
	});

	it("a header of another shape says how to send the token", () => {
		assert.deepEqual(readBearer("Token abc"), { problem: "Use Authorization: Bearer <accessToken>" });
	});

	it(`a token longer than ${MAX_TOKEN_LENGTH} characters is not one Brigade issued, and is never looked up`, () => {
		assert.deepEqual(readBearer(`Bearer ${"a".repeat(MAX_TOKEN_LENGTH)}`), { token: "a".repeat(MAX_TOKEN_LENGTH) });
		assert.deepEqual(readBearer(`Bearer ${"a".repeat(MAX_TOKEN_LENGTH + 1)}`), {
			problem: "This is not a token Brigade issued; log in again",
		});
	});
});

describe("the permission map", () => {
	const holders = (p: Permission) => ROLES.filter(role => can(role, p));

	it("managers and admins discount, comp, void started lines, refund and read the reports", () => {
		for (const p of ["discount", "comp", "voidStarted", "refund", "reports"] as const)
			assert.deepEqual(holders(p), ["admin", "manager"], p);
	});

	it("only admins manage accounts and the menu's prices", () => {
		assert.deepEqual(holders("manageUsers"), ["admin"]);
		assert.deepEqual(holders("menuPrices"), ["admin"]);
	});

	it("nobody without a role holds anything; staff and kitchen hold none of the powers", () => {
		for (const p of Object.keys(PERMISSIONS).filter(k => k !== "actsAs") as Permission[]) {
			assert.equal(can(null, p), false, p);
			assert.equal(can("staff", p), false, p);
			assert.equal(can("kitchen", p), false, p);
		}
	});
});

describe("authorizeCaller: a guest session (a gst_ token, no user)", () => {
	const guest = { sessionId: "s1" };
	const asGuest = (access: Access) => {
		try {
			authorizeCaller(access, null, guest);
			return "call";
		} catch (err) {
			const e = toHttpError(err);
			return `${e.status} ${e.code}`;
		}
	};

	it("is admitted where access names guest, and to public actions", () => {
		assert.equal(asGuest(["guest"]), "call");
		assert.equal(asGuest(["staff", "admin", "guest"]), "call");
		assert.equal(asGuest("public"), "call");
	});

	it("is refused (403, never 401: the token is good, just not here) wherever else, 'any signed-in user' included", () => {
		assert.equal(asGuest("user"), "403 FORBIDDEN");
		assert.equal(asGuest(["staff", "admin"]), "403 FORBIDDEN");
		assert.equal(asGuest(["admin"]), "403 FORBIDDEN");
	});

	it("a staff token never passes for a guest, and no token at all is 401", () => {
		for (const role of ROLES) assert.equal(decide(["guest"], role), "403 FORBIDDEN", role);
		assert.equal(decide(["guest"], null), "401 UNAUTHORIZED");
		assert.ok(isGuestBearer("gst_abc") && !isGuestBearer("eyJ.jwt.sig"));
	});
});
