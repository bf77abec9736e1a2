// The floor's wording: statuses as waiters say them, and each refusal turned into what to do next.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { word, plural, say, sayUnavailable } from "./words.js";
import { ApiError } from "../app/errors.js";
import { money } from "../app/format.js";

describe("floor words", () => {
	it("says statuses in the floor's words, and unknown ones as they are", () => {
		assert.equal(word("in_progress"), "Cooking");
		assert.equal(word("void"), "Split");
		assert.equal(word("captured"), "Paid");
		assert.equal(word("mystery"), "mystery");
	});

	it("counts in the singular for one", () => {
		assert.equal(plural(1, "seat"), "1 seat");
		assert.equal(plural(4, "seat"), "4 seats");
		assert.equal(plural(2, "ready item"), "2 ready items");
	});

	it("names what is not served yet when the bill is refused", () => {
		const err = new ApiError(409, {
			code: "ORDER_NOT_SERVED",
			message: "x",
			details: {
				items: [
					{ name: "Steak", status: "preparing" },
					{ name: "Soup", status: "ready" },
				],
			},
		});

		assert.equal(say(err), "Not everything is served yet: Steak is cooking, Soup is ready. Serve or void it first.");
	});

	it("says a manager's approval was needed, or why one could not be used, in plain words", () => {
		assert.match(
			say(new ApiError(403, { code: "APPROVAL_REQUIRED", message: "x", details: { action: "comp" } })),
			/manager's approval/,
		);
		assert.equal(
			say(new ApiError(403, { code: "APPROVAL_INVALID", message: "x", details: { why: "it expired; ask again" } })),
			"That approval cannot be used (it expired; ask again): tap again to ask a manager.",
		);
	});

	it("tells the waiter to ask a manager for a dish the kitchen has started", () => {
		const err = new ApiError(409, { code: "ITEM_IN_PREPARATION", message: "x", details: { status: "preparing" } });

		assert.match(say(err), /already started this item \(cooking\).*Ask a manager/);
	});

	it("says how much is left when a payment is too big", () => {
		const err = new ApiError(409, { code: "PAYMENT_EXCEEDS_BALANCE", message: "x", details: { balanceCents: 1250 } });

		assert.equal(say(err), `That is more than the ${money(1250)} left to pay.`);
	});

	it("reassures that nothing was lost when offline", () => {
		assert.match(say(new ApiError(0, { code: "OFFLINE", message: "x" })), /^No connection to Brigade\. Nothing was lost/);
	});

	it("falls back to the server's message, and to any error's", () => {
		assert.equal(say(new ApiError(409, { code: "SOMETHING_NEW", message: "Table is busy" })), "Table is busy");
		assert.equal(say(new Error("boom")), "boom");
	});
});

describe("a sold-out refusal on sending", () => {
	const menuItems = new Map([["m1", { id: "m1", name: "Ribeye" }]]);
	const options = new Map([["o1", { id: "o1", name: "Fries", groupName: "Sides" }]]);

	it("names the dish that ran out, and what is left of one that is short", () => {
		const out = new ApiError(409, { code: "ITEM_UNAVAILABLE", message: "x", details: { menuItemIds: ["m1"], remaining: { m1: 0 } } });
		const short = new ApiError(409, { code: "ITEM_UNAVAILABLE", message: "x", details: { menuItemIds: ["m1"], remaining: { m1: 1 } } });

		assert.match(sayUnavailable(out, menuItems, options), /^Ribeye is sold out\. Nothing was sent/);
		assert.match(sayUnavailable(short, menuItems, options), /^Only 1 Ribeye left\./);
	});

	it("names a sold-out option with its group", () => {
		const err = new ApiError(409, { code: "ITEM_UNAVAILABLE", message: "x", details: { optionIds: ["o1"] } });

		assert.match(sayUnavailable(err, menuItems, options), /^Fries \(Sides\) is sold out/);
	});

	it("falls back on the server's sentence for ids this tablet does not know", () => {
		const err = new ApiError(409, { code: "ITEM_UNAVAILABLE", message: "Sold out (86): Pie", details: { menuItemIds: ["zz"] } });

		assert.equal(sayUnavailable(err, menuItems, options), "Sold out (86): Pie. Take it off the round and send again.");
	});

	it("says a held line's course is not fired yet", () => {
		assert.match(say(new ApiError(409, { code: "ITEM_HELD", message: "x" })), /fire the course/);
		assert.equal(word("held"), "Held");
	});
});
