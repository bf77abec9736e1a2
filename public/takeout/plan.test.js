import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { addLine, basketCount, basketTotal, isFinal, missing, pickupSlots, setQuantity, takeoutBody } from "./plan.js";

const burger = { id: "burger", name: "Burger", priceCents: 1450 };
const fries = { groupId: "sides", optionId: "fries", name: "Fries", priceDeltaCents: 300 };

describe("the takeout page", () => {
	it("offers pickup times on the quarter hour, the first at least 20 minutes away", () => {
		const slots = pickupSlots(new Date("2026-11-28T12:07:00Z"), 3);
		assert.deepEqual(slots, ["2026-11-28T12:30:00.000Z", "2026-11-28T12:45:00.000Z", "2026-11-28T13:00:00.000Z"]);
		assert.equal(pickupSlots(new Date("2026-11-28T12:10:00Z"), 1)[0], "2026-11-28T12:30:00.000Z");
	});

	it("a basket: the same dish with the same choices is one line; quantities change; 0 takes a line off", () => {
		let basket = addLine([], burger, [fries]);
		basket = addLine(basket, burger, [fries]);
		basket = addLine(basket, burger);
		assert.equal(basket.length, 2);
		assert.equal(basketCount(basket), 3);
		assert.equal(basketTotal(basket), 2 * (1450 + 300) + 1450);
		basket = setQuantity(basket, basket[1].key, 0);
		assert.equal(basket.length, 1);
	});

	it("the body names dishes, quantities and choices, never a price; what is missing is said", () => {
		const basket = addLine([], burger, [fries]);
		const who = { name: " Ada ", phone: "+44 20 7946 0958", pickupAt: "2026-11-28T12:30:00.000Z" };
		assert.deepEqual(takeoutBody(basket, who), {
			name: "Ada",
			phone: "+44 20 7946 0958",
			pickupAt: who.pickupAt,
			items: [{ menuItemId: "burger", quantity: 1, modifiers: [{ groupId: "sides", optionIds: ["fries"] }] }],
		});
		assert.deepEqual(missing(basket, who), []);
		assert.deepEqual(missing([], { name: "", phone: "123", pickupAt: "" }).length, 4);
		assert.equal(isFinal("ready"), false);
		assert.equal(isFinal("cancelled"), true);
	});
});

import { openOrdersAway } from "../floor/state.js";

describe("the floor's takeouts", () => {
	const takeout = (id, status, awaitingPayment, items) => ({
		id,
		type: "takeout",
		tableId: null,
		status,
		awaitingPayment,
		pickupAt: `2026-11-28T12:${id}:00Z`,
		createdAt: "2026-11-28T11:00:00Z",
		items: items.map(s => ({ status: s })),
	});

	it("a takeout awaiting payment is listed; once paid, until it is handed over", () => {
		const orders = {
			a: takeout("10", "billed", true, ["queued"]),
			b: takeout("20", "paid", false, ["ready", "voided"]),
			c: takeout("30", "paid", false, ["served"]),
			d: takeout("40", "paid", undefined, ["ready"]),
			e: takeout("50", "cancelled", false, ["voided"]),
		};
		assert.deepEqual(
			openOrdersAway(orders).map(o => o.id),
			["10", "20"],
		);
	});
});
