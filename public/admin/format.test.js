// The office's words and sums: refusals of a refund, bill totals, report periods and totals, audit rows.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import {
	methodLabel,
	refundable,
	refundProblem,
	billTotals,
	localToday,
	periodLabel,
	salesTotals,
	SALES_COLUMNS,
	auditDetail,
	accountChange,
	parseCount,
	groupProblem,
	durationText,
	moneyOrDash,
	billLabel,
	billPlace,
} from "./format.js";
import { ApiError } from "../app/errors.js";
import { money } from "../app/format.js";

describe("payments and refunds", () => {
	it("names payment methods, and unknown ones as the server does", () => {
		assert.equal(methodLabel("card"), "Card");
		assert.equal(methodLabel("voucher"), "voucher");
	});

	it("refunds only what is left of a captured payment", () => {
		assert.equal(refundable({ status: "captured", amountCents: 2000, refundedCents: 500 }), 1500);
		assert.equal(refundable({ status: "failed", amountCents: 2000, refundedCents: 0 }), 0);
	});

	it("says how much can still be refunded, or that nothing can", () => {
		const refused = left =>
			refundProblem(new ApiError(409, { code: "REFUND_EXCEEDS_PAYMENT", message: "x", details: { refundableCents: left } }));

		assert.equal(refused(0), "This payment has already been refunded in full; there is nothing left to refund.");
		assert.equal(refused(250), `That is more than is left on this payment: at most ${money(250)} can still be refunded.`);
		assert.equal(refused(undefined), "That is more than is left on this payment.");
	});

	it("explains a refund held by the card provider, and one refused by it", () => {
		assert.match(refundProblem(new ApiError(202, { code: "REFUND_PENDING", message: "x" })), /has not answered yet/);
		assert.equal(
			refundProblem(new ApiError(402, { code: "REFUND_REJECTED", message: "Card closed" })),
			"Card closed. Nothing was refunded.",
		);
	});

	it("falls back to the server's words", () => {
		assert.equal(
			refundProblem(new ApiError(400, { code: "VALIDATION_ERROR", message: "reason must not be empty" })),
			"reason must not be empty",
		);
		assert.equal(refundProblem(new Error("boom")), "boom");
	});
});

describe("a bill's totals", () => {
	const bill = {
		subtotalCents: 1000,
		discountCents: 0,
		discountReason: null,
		serviceChargeCents: 0,
		taxCents: 80,
		totalCents: 1080,
		paidCents: 1080,
		tipCents: 0,
		refundedCents: 0,
	};

	it("shows only the lines that apply", () => {
		assert.deepEqual(
			billTotals(bill).map(([key]) => key),
			["subtotal", "tax", "total", "paid"],
		);
	});

	it("shows a discount and refunds as amounts off, with the discount's reason", () => {
		const rows = billTotals({ ...bill, discountCents: 100, discountReason: "regular", refundedCents: 300 });

		assert.deepEqual(rows[1], ["discount", "Discount (regular)", -100]);
		assert.deepEqual(rows.at(-1), ["refunded", "Refunded", -300]);
	});
});

describe("reports", () => {
	it("takes today in the restaurant's time zone", () => {
		const lateInUtc = new Date("2026-11-22T23:30:00Z");

		assert.equal(localToday("UTC", lateInUtc), "2026-11-22");
		assert.equal(localToday("Asia/Tokyo", lateInUtc), "2026-11-23");
	});

	it("falls back to the UTC date for a time zone the browser does not know", () => {
		assert.equal(localToday("Not/AZone", new Date("2026-11-22T23:30:00Z")), "2026-11-22");
	});

	it("shows an hour alone within one day, with its day over several, and a day as a day", () => {
		const day = new Intl.DateTimeFormat(undefined, { weekday: "short", day: "numeric", month: "short", timeZone: "UTC" }).format(
			new Date("2026-11-22T00:00:00Z"),
		);

		assert.equal(periodLabel("2026-11-22T19:00", true), "19:00");
		assert.equal(periodLabel("2026-11-22T19:00", false), `${day} 19:00`);
		assert.equal(periodLabel("2026-11-22", false), day);
	});

	it("sums orders and every money column over the periods", () => {
		const row = n => ({ orders: n, ...Object.fromEntries(SALES_COLUMNS.map(([k], i) => [k, n * (i + 1)])) });

		const total = salesTotals([row(1), row(2)]);

		assert.equal(total.orders, 3);
		assert.equal(total.grossCents, 3);
		assert.equal(total.netCents, 3 * SALES_COLUMNS.length);
	});

	it("sums an empty range to zeros", () => {
		assert.ok(Object.values(salesTotals([])).every(v => v === 0));
	});
});

describe("audit rows", () => {
	it("lists the dishes a void or cancellation took off", () => {
		const row = {
			action: "order_cancelled",
			subject: {
				items: [
					{ quantity: 2, name: "Steak" },
					{ quantity: 1, name: "Soup" },
				],
			},
		};

		assert.equal(auditDetail(row), "2× Steak, 1× Soup");
	});

	it("names the kind of payment refunded, and nothing for other rows", () => {
		assert.equal(auditDetail({ action: "payment_refunded", subject: { method: "card" } }), "card payment");
		assert.equal(auditDetail({ action: "bill_discounted", subject: {} }), "");
	});

	it("shows a role change as from → to", () => {
		assert.equal(accountChange({ action: "role_changed", subject: { previousRole: "staff", role: "admin" } }), "staff → admin");
		assert.equal(accountChange({ action: "signed_in", subject: {} }), "");
		assert.equal(accountChange({ action: "user_invited", subject: { email: "i@x.io" } }), "to i@x.io");
		assert.equal(
			accountChange({ action: "password_reset_requested", subject: { mailed: false } }),
			"no email on the account: nothing sent",
		);
		assert.equal(accountChange({ action: "password_reset", subject: { sessionsEnded: 2 } }), "2 session(s) ended");
	});
});

describe("countdowns, groups and the service reports in words", () => {
	it("reads a countdown: blank is none, a whole number up to 100,000 is portions, anything else is refused", () => {
		assert.deepEqual(parseCount(""), { remaining: null });
		assert.deepEqual(parseCount(" 12 "), { remaining: 12 });
		assert.deepEqual(parseCount("0"), { remaining: 0 });
		for (const text of ["-1", "2.5", "100001", "a few"]) assert.equal(parseCount(text), null, text);
	});

	const temperature = { name: "Temperature", required: true, minChoices: 1, maxChoices: 1 };
	const option = (name, priceDeltaCents = 0, station = null) => ({ name, priceDeltaCents, station });

	it("passes a group the server would take, negative price changes and a side's station included", () => {
		assert.equal(groupProblem(temperature, [option("Rare"), option("Well done", -50), option("Fries", 300, "fry")]), "");
	});

	it("says what to fix in a group, naming the option", () => {
		assert.equal(groupProblem({ ...temperature, name: "" }, [option("Rare")]), "Give the group a name, such as Temperature");
		assert.equal(
			groupProblem({ ...temperature, minChoices: 3, maxChoices: 2 }, [option("Rare")]),
			"At least (3) cannot be more than at most (2)",
		);
		assert.equal(
			groupProblem({ ...temperature, maxChoices: 0, minChoices: 0 }, [option("Rare")]),
			"At most must be 1 or more, or nobody can choose anything",
		);
		assert.equal(groupProblem(temperature, []), "Add at least one option");
		assert.equal(
			groupProblem({ ...temperature, minChoices: 2, maxChoices: 2 }, [option("Rare")]),
			"Guests must choose 2, but there are only 1 options",
		);
		assert.equal(groupProblem(temperature, [option("Rare"), option("")]), "Option 2 needs a name");
		assert.equal(groupProblem(temperature, [option("Rare"), option("rare")]), '"rare" is in the list twice');
		assert.equal(
			groupProblem(temperature, [option("Rare", null)]),
			'"Rare": type the price change as money, for example 2.00 or -0.50',
		);
		assert.equal(
			groupProblem(temperature, [option("Fries", 0, "the fryer")]),
			'"Fries": a station is lowercase letters, digits or dashes, starting with a letter, like grill or cold-2',
		);
	});

	it("says a turn time in minutes, and hours past the hour", () => {
		assert.equal(durationText(42 * 60 + 10), "42 min");
		assert.equal(durationText(65 * 60), "1 h 05 min");
		assert.equal(durationText(20), "under 1 min");
		assert.equal(durationText(null), "—");
	});

	it("shows an average that does not exist as a dash", () => {
		assert.equal(moneyOrDash(null), "—");
		assert.equal(moneyOrDash(1250), "$12.50");
	});

	it("names a bill as every screen names its orders, and where a payment was taken", () => {
		assert.equal(billLabel({ orderType: "dine_in", tableName: "5" }), "Table 5");
		assert.equal(billLabel({ tableName: "Table 12" }), "Table 12");
		assert.equal(billLabel({ orderType: "takeout", tableName: null, name: "Kim" }), "Takeout: Kim");
		assert.equal(billLabel({ orderType: "bar_tab", tableName: null, name: "Sam" }), "Tab: Sam");
		assert.equal(billPlace({ orderType: "dine_in", tableName: "5" }), "on table 5");
		assert.equal(billPlace({ orderType: "takeout", name: "Kim" }), "for Kim's takeout");
		assert.equal(billPlace({ orderType: "bar_tab", name: "Sam" }), "on Sam's tab");
	});
});
