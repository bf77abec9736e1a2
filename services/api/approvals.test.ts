// The gateway's side of approvals: a request's fingerprint (method, path without query, body with sorted keys)
// and when a caller's call becomes a request for a manager.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { PERMISSIONS } from "../../contracts";
import { approvalNeeded, approvalOnError, canonicalJson, fingerprintOf } from "./approvals";

describe("a request's fingerprint", () => {
	it("is the same for the same method, path, query and body, whatever the key order or trailing slash", () => {
		const a = fingerprintOf("post", "/api/v1/orders/1/items/2/comp?x=1&a=2", {
			reason: "birthday",
			n: { b: 1, a: [2, { d: 1, c: 2 }] },
		});
		const b = fingerprintOf("POST", "/api/v1/orders/1/items/2/comp/?a=2&x=1", {
			n: { a: [2, { c: 2, d: 1 }], b: 1 },
			reason: "birthday",
		});
		assert.equal(a, b);
		assert.match(a, /^[0-9a-f]{64}$/);
	});
	it("differs for another body, path or method", () => {
		const base = fingerprintOf("POST", "/api/v1/x", { reason: "a" });
		assert.notEqual(fingerprintOf("POST", "/api/v1/x", { reason: "b" }), base);
		assert.notEqual(fingerprintOf("POST", "/api/v1/y", { reason: "a" }), base);
		assert.notEqual(fingerprintOf("PUT", "/api/v1/x", { reason: "a" }), base);
		assert.notEqual(fingerprintOf("POST", "/api/v1/x", { reason: "a", extra: 1 }), base);
		// moleculer-web merges the query over the body: an approved call re-sent with ?reason=… is another call.
		assert.notEqual(fingerprintOf("POST", "/api/v1/x?reason=b", { reason: "a" }), base);
		assert.equal(fingerprintOf("POST", "/api/v1/x?", { reason: "a" }), base);
	});
	it("treats no body as an empty one", () => {
		assert.equal(fingerprintOf("POST", "/a", undefined), fingerprintOf("POST", "/a", {}));
		assert.equal(canonicalJson({ b: undefined, a: [undefined, 1] }), '{"a":[null,1]}');
	});
});

describe("when a call needs a manager's approval", () => {
	const comp = { access: PERMISSIONS.comp, approval: "comp" as const };
	it("a staff member's call to an approvable action they may not do", () => {
		assert.equal(approvalNeeded(comp, "staff"), "comp");
	});
	it("not for those the action admits, the kitchen, nobody signed in, or an action that is not approvable", () => {
		assert.equal(approvalNeeded(comp, "manager"), undefined);
		assert.equal(approvalNeeded(comp, "admin"), undefined);
		assert.equal(approvalNeeded(comp, "kitchen"), undefined);
		assert.equal(approvalNeeded(comp, undefined), undefined);
		assert.equal(approvalNeeded({ access: PERMISSIONS.manageUsers }, "staff"), undefined);
		assert.equal(approvalNeeded({ access: PERMISSIONS.manageUsers, approval: "manageUsers" }, "staff"), undefined);
	});
});

describe("an approval claimed by a call that failed", () => {
	const failing = async (err: unknown) => {
		const calls: string[] = [];
		const ctx = {
			meta: { approval: { id: "a1", permission: "refund", by: { id: "m", fullName: "M" } } },
			call: async (name: string) => {
				calls.push(name);
			},
		};
		await approvalOnError(ctx as never, { headers: {} }, err, () => undefined);
		return { calls, left: ctx.meta.approval };
	};
	it("goes back to approved when the action refused the call (a 4xx: nothing was done)", async () => {
		assert.deepEqual((await failing({ code: 409, type: "BILL_HAS_PAYMENTS" })).calls, ["approval.release"]);
		assert.deepEqual((await failing({ code: 422, type: "VALIDATION_ERROR" })).calls, ["approval.release"]);
	});
	it("stays claimed, never usable again, when the outcome is unknown (a timeout may have committed the refund)", async () => {
		const timedOut = await failing({ code: 504, type: "REQUEST_TIMEOUT" });
		assert.deepEqual(timedOut.calls, []);
		assert.equal(timedOut.left, undefined);
		assert.deepEqual((await failing(new Error("boom"))).calls, []);
	});
});
