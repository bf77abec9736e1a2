// What a receipt, an invitation and a reset message say, in both parts.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { aBill, aBillLine, aPayment } from "../../test/fixtures/domain";
import { inviteMessage, optionsOf, receiptMessage, resetMessage, totalsOf } from "./render";

const venue = { name: "Chez <Brigade>", currency: "USD", timezone: "Europe/Paris" };
const steak = aBillLine("l1", 3_000, {
	name: "Steak",
	modifiers: [
		{ groupId: "g", groupName: "Temperature", optionId: "o1", name: "Rare", priceDeltaCents: 0 },
		{ groupId: "g2", groupName: "Sauce", optionId: "o2", name: "Béarnaise", priceDeltaCents: 200 },
	],
});
const soup = aBillLine("l2", 0, { name: "Soup", comp: { reason: "cold", valueCents: 650 } });
const paid = aBill({
	status: "paid",
	paidAt: "2026-11-28T21:00:00Z",
	lines: [steak, soup],
	subtotalCents: 3_000,
	discountCents: 300,
	discountReason: "regular",
	serviceChargeCents: 135,
	taxCents: 270,
	totalCents: 3_105,
	tipCents: 500,
	paidCents: 3_105,
	payments: [
		aPayment({ status: "captured", method: "cash", amountCents: 1_000, tipCents: 0 }),
		aPayment({ id: "p2", status: "captured", amountCents: 2_105, tipCents: 500 }),
		aPayment({ id: "p3", status: "failed", amountCents: 9_999, tipCents: 0 }),
	],
});

describe("mail rendering", () => {
	it("a receipt has the venue, each line with its options, the amounts, the tip and the payments captured, in both parts", () => {
		const m = receiptMessage(paid, venue);
		assert.equal(m.subject, "Your receipt from Chez <Brigade>");
		for (const part of [m.text, m.html]) {
			for (const s of ["1 × Steak", "$30.00", "Rare, Béarnaise (+$2.00)", "Soup", "cold", "Subtotal", "Discount (regular)", "−$3.00"])
				assert.ok(part.includes(s), `${s} in ${part}`);
			for (const s of [
				"Service charge",
				"$1.35",
				"Taxes",
				"$2.70",
				"Total",
				"$31.05",
				"Tip",
				"$5.00",
				"Cash",
				"$10.00",
				"Card",
				"$21.05 + tip $5.00",
			])
				assert.ok(part.includes(s), `${s} in ${part}`);
			assert.ok(!part.includes("$99.99"), "a failed payment paid nothing");
		}
		assert.ok(m.text.includes("Chez <Brigade>") && m.text.includes("Total paid") && m.text.includes("$36.05"));
		assert.ok(m.html.includes("Chez &lt;Brigade&gt;") && !m.html.includes("Chez <Brigade>"), "HTML is escaped");
		assert.ok(m.text.includes("Receipt — table 5"));
	});

	it("an open bill is a bill, not a receipt; zero discount and service charge are left out", () => {
		const m = receiptMessage(aBill({ lines: [aBillLine("l1", 10_000, { name: "Feast" })] }), venue);
		assert.equal(m.subject, "Your bill from Chez <Brigade>");
		assert.ok(!m.text.includes("Discount") && !m.text.includes("Service charge") && !m.text.includes("Paid\n"));
		assert.deepEqual(
			totalsOf(aBill(), "USD").map(([k]) => k),
			["Subtotal", "Taxes", "Total"],
		);
	});

	it("options: a price change shows with its sign, none shows just the name", () => {
		const line = {
			modifiers: [...steak.modifiers, { groupId: "g3", groupName: "x", optionId: "o3", name: "No cheese", priceDeltaCents: -50 }],
		};
		assert.equal(optionsOf(line, "USD"), "Rare, Béarnaise (+$2.00), No cheese (−$0.50)");
	});

	it("an invitation and a reset carry their link in both parts, and say it works once", () => {
		const user = { username: "ines", fullName: "Ines" };
		const link = "http://pos.local:3000/account/?activate=abc";
		const invite = inviteMessage(user, link, "2026-12-05T12:00:00Z", venue);
		const reset = resetMessage(user, link.replace("activate", "reset"), "2026-11-28T12:30:00Z", venue);
		assert.ok(invite.text.includes(link) && invite.html.includes(`href="${link}"`));
		assert.ok(reset.text.includes("?reset=abc") && reset.html.includes("?reset=abc"));
		assert.match(invite.text, /works once/);
		assert.match(reset.text, /signs you out everywhere/);
	});
});
