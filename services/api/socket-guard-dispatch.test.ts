// A kitchen screen's ticket:ack and screen:hello, read strictly.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { screenHello, ticketAck } from "./socket-guard";

describe("ticketAck", () => {
	const id = "0b8f7d1e-4c2a-4e8b-9a55-1d2c3b4a5f60";
	it("takes an order id, a station and a round", () => {
		assert.deepEqual(ticketAck({ orderId: id.toUpperCase(), station: "grill", round: 2 }), { orderId: id, station: "grill", round: 2 });
	});
	it("refuses anything else", () => {
		for (const bad of [
			null,
			"x",
			{ orderId: "x", station: "grill", round: 1 },
			{ orderId: id, station: "Grill!", round: 1 },
			{ orderId: id, station: "grill", round: 0 },
			{ orderId: id, station: "grill", round: 1.5 },
		])
			assert.equal(ticketAck(bad), null);
	});
});

describe("screenHello", () => {
	it("takes well-formed stations once each; [] is the expo", () => {
		assert.deepEqual(screenHello({ stations: ["grill", "grill", "cold"] }), ["grill", "cold"]);
		assert.deepEqual(screenHello({ stations: [] }), []);
		assert.equal(screenHello({ stations: ["Grill!"] }), null);
		assert.equal(screenHello({}), null);
	});
});
