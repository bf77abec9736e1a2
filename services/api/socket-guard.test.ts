// A socket's handshake read strictly and the per-user cap, without Socket.IO: what a device may send when it
// connects, and how many live connections one user may hold on a gateway.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { MAX_TOKEN_LENGTH } from "./access";
import { handshakeLastSeq, handshakeStations, handshakeToken, MAX_SOCKETS_PER_USER, SocketsPerUser } from "./socket-guard";

describe("handshakeToken", () => {
	it("no token is a guest (the guest menu page connects without one)", () => {
		for (const none of [undefined, null, ""]) assert.equal(handshakeToken(none), null);
	});

	it("a string is looked up as it is", () => {
		assert.equal(handshakeToken("abc.def.ghi"), "abc.def.ghi");
	});

	it(`refuses anything but a string of at most ${MAX_TOKEN_LENGTH} characters with INVALID_TOKEN`, () => {
		for (const token of [42, { token: "x" }, ["x"], "a".repeat(MAX_TOKEN_LENGTH + 1)]) {
			assert.throws(() => handshakeToken(token), { data: { code: "INVALID_TOKEN" } });
		}
	});
});

describe("handshakeStations", () => {
	it("keeps the well-formed station names and drops the rest without refusing the socket", () => {
		assert.deepEqual(handshakeStations({ stations: ["grill", "Bar", "cold-2", 7, "", "a".repeat(33), "pastry_1"] }), [
			"grill",
			"cold-2",
			"pastry_1",
		]);
	});

	it("is none when stations is missing or not a list", () => {
		assert.deepEqual(handshakeStations({}), []);
		assert.deepEqual(handshakeStations({ stations: "grill" }), []);
	});
});

describe("handshakeLastSeq", () => {
	it("is the seq a reconnecting device saw, 0 included", () => {
		assert.equal(handshakeLastSeq({ lastSeq: 0 }), 0);
		assert.equal(handshakeLastSeq({ lastSeq: 1234 }), 1234);
	});

	it("is undefined (a fresh start, no replay) for anything that is not a whole, safe, non-negative number", () => {
		for (const lastSeq of [undefined, -1, 1.5, "12", Number.MAX_SAFE_INTEGER + 1, Number.NaN, Infinity]) {
			assert.equal(handshakeLastSeq({ lastSeq }), undefined, String(lastSeq));
		}
	});
});

describe("SocketsPerUser", () => {
	it(`admits ${MAX_SOCKETS_PER_USER} live sockets per user and refuses the next`, () => {
		const cap = new SocketsPerUser();

		for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) {
			assert.equal(cap.full("u1"), false, `socket ${i + 1}`);
			cap.connected("u1");
		}

		assert.equal(cap.full("u1"), true);
		assert.equal(cap.full("u2"), false, "another user is not affected");
	});

	it("frees a place when a socket disconnects", () => {
		const cap = new SocketsPerUser(2);
		cap.connected("u1");
		cap.connected("u1");

		cap.disconnected("u1");

		assert.equal(cap.full("u1"), false);
		assert.equal(cap.count("u1"), 1);
	});

	it("never goes below zero nor keeps a user with no sockets", () => {
		const cap = new SocketsPerUser(1);
		cap.connected("u1");

		cap.disconnected("u1");
		cap.disconnected("u1");

		assert.equal(cap.count("u1"), 0);
		cap.connected("u1");
		assert.equal(cap.full("u1"), true);
	});

	it("counts only sockets that connected: a handshake checked but dropped takes no place", () => {
		const cap = new SocketsPerUser(1);

		// Checked at the handshake, which is then dropped: nothing is counted, so nothing can leak.
		assert.equal(cap.full("u1"), false);

		assert.equal(cap.count("u1"), 0);
	});
});
