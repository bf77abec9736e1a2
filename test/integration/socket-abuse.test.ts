// A live connection is an input too: junk handshakes are refused with a code, junk join/leave/lastSeq get an
// answer or are ignored, a frame over the limit closes only that socket, events a client emits never reach
// anyone, one user cannot hold more than MAX_SOCKETS_PER_USER sockets — and the gateway keeps serving throughout.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { io, type Socket } from "socket.io-client";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, placeOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { MAX_SOCKET_MESSAGE_BYTES, MAX_SOCKETS_PER_USER } from "../../services/api/realtime.mixin";

describe(`Socket.IO abuse — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	const open: Socket[] = [];

	/** A raw client: resolves with the connect error's data, or the socket once connected. */
	function raw(
		auth: unknown,
	): Promise<{ socket: Socket; welcome: Promise<{ rooms: string[] }>; error?: { code?: string; message: string } }> {
		const socket = io(cluster.baseUrl, {
			auth: auth as Record<string, unknown>,
			transports: ["websocket"],
			reconnection: false,
			forceNew: true,
		});
		open.push(socket);
		const welcome = new Promise<{ rooms: string[] }>(res => socket.once("welcome", res));
		return new Promise(resolve => {
			socket.once("connect", () => resolve({ socket, welcome }));
			socket.once("connect_error", (err: Error & { data?: { code?: string } }) =>
				resolve({ socket, welcome, error: { code: err.data?.code, message: err.message } }),
			);
		});
	}
	async function stillServing(): Promise<void> {
		assert.equal((await http.get("/health/ready")).status, 200);
		const d = await connectDevice(cluster.baseUrl, { token: r.token.staff });
		d.close();
	}

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
	});
	after(async () => {
		for (const s of open) s.disconnect();
		await cluster?.stop();
	});

	it("refuses a handshake whose token is not a token, with INVALID_TOKEN", async () => {
		for (const token of [42, { a: 1 }, ["x"], "x".repeat(5000), "garbage", true]) {
			const { error } = await raw({ token });
			assert.equal(error?.code, "INVALID_TOKEN", `token ${JSON.stringify(token).slice(0, 40)}: ${JSON.stringify(error)}`);
		}
		await stillServing();
	});

	it("ignores junk lastSeq and stations, and answers junk join/leave with an error it can read", async () => {
		for (const lastSeq of [-1, "12", 1.5, Number.MAX_VALUE, { a: 1 }, null]) {
			const {
				socket,
				error,
				welcome: welcomed,
			} = await raw({ token: r.token.kitchen, lastSeq, stations: [{ $gt: "" }, "../../x", "GRILL", 7] });
			assert.equal(error, undefined, `lastSeq ${JSON.stringify(lastSeq)}`);
			const welcome = await welcomed;
			assert.ok(!welcome.rooms.some(room => room.startsWith("station:")), `junk stations joined: ${welcome.rooms}`);
			socket.disconnect();
		}
		const { socket } = await raw({ token: r.token.kitchen });
		for (const payload of [
			null,
			"grill",
			7,
			{ station: 7 },
			{ station: "x".repeat(100) },
			{ station: "Grill Room" },
			[{ station: "grill" }],
		]) {
			const ack = await socket.timeout(5000).emitWithAck("join", payload);
			assert.equal(ack.ok, false, `join ${JSON.stringify(payload)} → ${JSON.stringify(ack)}`);
			assert.equal(ack.error.code, "VALIDATION_ERROR");
		}
		// Without an ack callback, a junk join is simply dropped.
		socket.emit("join", { station: { nested: true } });
		socket.emit("leave", 12345);
		assert.ok(socket.connected);
		const { socket: guest } = await raw({});
		const refused = await guest.timeout(5000).emitWithAck("join", { station: "grill" });
		assert.equal(refused.error.code, "UNAUTHORIZED");
		await stillServing();
	});

	it("closes a socket that sends a frame over the limit, and only that one", async () => {
		const bystander = await connectDevice(cluster.baseUrl, { token: r.token.staff });
		const { socket } = await raw({ token: r.token.staff });
		const closed = new Promise<string>(res => socket.once("disconnect", res));
		socket.emit("join", { station: "x".repeat(MAX_SOCKET_MESSAGE_BYTES * 2) });
		assert.match(await closed, /transport (close|error)/);
		assert.ok(bystander.socket.connected, "the other tablet was dropped too");
		bystander.close();
		await stillServing();
	});

	it("never passes on an event a client emits: pushes come only from the server", async () => {
		const listener: Device = await connectDevice(cluster.baseUrl, { token: r.token.staff });
		const { socket: forger } = await raw({ token: r.token.staff });
		for (const type of ["order:new", "order:update", "menu:update", "bill:paid", "notification", "welcome"]) {
			forger.emit(type, { seq: 999999, type, at: new Date().toISOString(), data: { id: "forged" } });
		}
		// A real change afterwards arrives; the forged ones never did.
		const order = await placeOrder(http, r, r.tables[0], [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		await listener.waitFor("order:new", (o: { id: string }) => o.id === order.id);
		assert.deepEqual(
			listener.events.filter(e => JSON.stringify(e).includes("forged")),
			[],
		);
		listener.close();
	});

	it(`lets one user hold at most ${MAX_SOCKETS_PER_USER} sockets on a gateway, and frees a place when one closes`, async () => {
		const mine: Socket[] = [];
		for (let i = 0; i < MAX_SOCKETS_PER_USER; i++) {
			const { socket, error } = await raw({ token: r.token.admin });
			assert.equal(error, undefined, `socket ${i + 1}: ${JSON.stringify(error)}`);
			mine.push(socket);
		}
		const over = await raw({ token: r.token.admin });
		assert.equal(over.error?.code, "TOO_MANY_SOCKETS", JSON.stringify(over.error));
		// Another user is not affected.
		assert.equal((await raw({ token: r.token.kitchen })).error, undefined);
		const gone = new Promise(res => setTimeout(res, 300));
		mine[0].disconnect();
		await gone;
		assert.equal((await raw({ token: r.token.admin })).error, undefined, "a place freed by a disconnect");
		await stillServing();
	});
});
