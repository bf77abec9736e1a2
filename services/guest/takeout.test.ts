// What the public takeout page tells its guest, from the order: paying, cooking, ready at the counter, collected, cancelled.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ItemStatus, OrderStatus } from "../../contracts";
import { takeoutState } from "./takeout.mixin";

const order = (status: OrderStatus, items: ItemStatus[], awaitingPayment?: boolean) => ({
	status,
	awaitingPayment,
	items: items.map(s => ({ status: s }) as never),
});

describe("a takeout as its guest sees it", () => {
	it("awaiting payment until paid; then in the kitchen, ready once every live line is, collected once served", () => {
		assert.equal(takeoutState(order("billed", ["queued"], true)), "awaiting_payment");
		assert.equal(takeoutState(order("paid", ["queued", "preparing"], false)), "in_kitchen");
		assert.equal(takeoutState(order("paid", ["ready", "voided"], false)), "ready");
		assert.equal(takeoutState(order("paid", ["served", "ready"], false)), "ready");
		assert.equal(takeoutState(order("paid", ["served", "voided"], false)), "collected");
	});

	it("a link that lapsed unpaid: cancelled, whatever its lines say", () => {
		assert.equal(takeoutState(order("cancelled", ["voided", "voided"], false)), "cancelled");
	});
});
