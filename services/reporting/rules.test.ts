// Which events become which reporting rows: the audit trail's money and account entries, and the refunds that
// count against sales.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Bill, EventName, EventPayloads, Order, OrderItem, Payment, Refund, User } from "../../contracts";
import { anEvent, anOrder, anOrderItem } from "../../test/fixtures/domain";
import {
	auditOfAccount,
	auditOfBill,
	auditOfOrder,
	auditOfRefund,
	auditOfRefusedSignIn,
	auditOfSignIn,
	averageSeconds,
	byTable,
	centsPer,
	dayCloseOf,
	listUnitPrice,
	lossesOf,
	orderFactOf,
	paidOfSale,
	roundHalfAway,
	saleRefundOf,
	summarize,
	turnSeconds,
	type LossTotals,
	type SaleFact,
	type SoldOrder,
} from "./rules";

const AT = "2026-11-22T21:15:00.000Z";
const event = <K extends EventName>(type: K, data: EventPayloads[K]) => anEvent(type, data, { at: AT });
const item = (id: string, over: Partial<OrderItem> = {}) => anOrderItem(id, { createdAt: AT, ...over });

const order: Order = anOrder({
	items: [
		item("i1", { quantity: 2, unitPriceCents: 450, station: "bar", name: "Lemonade" }),
		item("i2", { name: "Steak", unitPriceCents: 2_800 }),
	],
	totalCents: 3_700,
	createdAt: AT,
	updatedAt: AT,
	version: 3,
});
/** The same order once the change voided its lines, as the event's snapshot shows it. */
const voided = (ids: string[]): Order => ({
	...order,
	items: order.items.map(i => (ids.includes(i.id) ? { ...i, status: "voided" as const } : i)),
});

const bill = { id: "bill-1", tableName: "5", status: "open", discountCents: 500, parentId: null } as Bill;
const payment = { id: "pay-1", method: "card" } as Payment;
const refund = { id: "ref-1", amountCents: 1_200, reason: "cold soup" } as Refund;
const sam: User = { id: "user-sam", username: "sam", fullName: "Sam", role: "staff", isActive: true, createdAt: AT };

describe("the money half of the audit trail", () => {
	it("a voided item: who, why, what it was worth and where it was cooked, under the event's id and time", () => {
		const e = event("order.updated", {
			order: voided(["i1"]),
			change: "item_voided",
			itemIds: ["i1"],
			reason: "wrong table",
			by: "manager",
		});

		assert.deepEqual(auditOfOrder(e), [
			{
				id: "evt-1",
				at: new Date(AT),
				action: "item_voided",
				actorId: "manager",
				reason: "wrong table",
				tableName: "5",
				amountCents: 900,
				subject: { orderId: "order-1", items: [{ id: "i1", name: "Lemonade", quantity: 2, station: "bar" }] },
			},
		]);
	});

	it("a cancelled order is worth the items the change names; without a reason, the reason is null", () => {
		const e = event("order.updated", { order: voided(["i1", "i2"]), change: "cancelled", itemIds: ["i1", "i2"], by: "manager" });

		const [entry] = auditOfOrder(e);

		assert.equal(entry.action, "order_cancelled");
		assert.equal(entry.amountCents, 3_700);
		assert.equal(entry.reason, null);
	});

	it("a partial void is worth its voided part only: the line that keeps the rest is named too, and left out", () => {
		const kept = item("i1", { quantity: 1, unitPriceCents: 450, name: "Lemonade", station: "bar" });
		const part = item("i1-v", { quantity: 2, unitPriceCents: 450, name: "Lemonade", station: "bar", status: "voided" });
		const e = event("order.updated", {
			order: { ...order, items: [kept, part] },
			change: "item_voided",
			itemIds: ["i1", "i1-v"],
			quantity: 2,
			reason: "spilt",
			by: "manager",
		});

		const [entry] = auditOfOrder(e);

		assert.equal(entry.amountCents, 900);
		assert.deepEqual(entry.subject.items, [{ id: "i1-v", name: "Lemonade", quantity: 2, station: "bar" }]);
	});

	it("an order without a table is named as every app names it", () => {
		const takeout = { ...voided(["i1"]), type: "takeout" as const, tableId: null, tableName: null, name: "Kim" };
		const [entry] = auditOfOrder(event("order.updated", { order: takeout, change: "item_voided", itemIds: ["i1"], by: "manager" }));

		assert.equal(entry.tableName, "Takeout: Kim");
	});

	it("other order changes are not audited", () => {
		for (const change of ["round_added", "items_started", "items_ready", "served", "billed", "paid"] as const) {
			assert.deepEqual(auditOfOrder(event("order.updated", { order, change, itemIds: ["i1"], by: "waiter" })), [], change);
		}
	});

	it("a discount: the discount as it now stands, the one it replaced, and why", () => {
		const e = event("bill.updated", { bill, change: "discounted", reason: "birthday", previousDiscountCents: 200, by: "manager" });

		assert.deepEqual(auditOfBill(e), [
			{
				id: "evt-1",
				at: new Date(AT),
				action: "bill_discounted",
				actorId: "manager",
				reason: "birthday",
				tableName: "5",
				amountCents: 500,
				subject: { billId: "bill-1", previousDiscountCents: 200 },
			},
		]);
	});

	it("other bill changes are not audited", () => {
		for (const change of ["created", "split", "payment", "payment_failed", "paid", "refunded"] as const) {
			assert.deepEqual(auditOfBill(event("bill.updated", { bill, change, by: "waiter" })), [], change);
		}
	});

	it("a refund: what was given back, on which payment and bill, and why", () => {
		const e = event("payment.refunded", { payment, refund, bill, by: "manager" });

		assert.deepEqual(auditOfRefund(e), [
			{
				id: "evt-1",
				at: new Date(AT),
				action: "payment_refunded",
				actorId: "manager",
				reason: "cold soup",
				tableName: "5",
				amountCents: 1_200,
				subject: { billId: "bill-1", paymentId: "pay-1", method: "card" },
			},
		]);
	});
});

describe("refunds against sales", () => {
	it("a refund on a paid bill counts against its sale, when it was made", () => {
		const e = event("payment.refunded", { payment, refund, bill: { ...bill, status: "paid" }, by: "manager" });

		assert.deepEqual(saleRefundOf(e), {
			refundId: "ref-1",
			paymentId: "pay-1",
			billId: "bill-1",
			amountCents: 1_200,
			at: new Date(AT),
			method: payment.method,
		});
	});

	it("a refund on a paid part of a split bill counts against the whole bill's sale", () => {
		const e = event("payment.refunded", {
			payment,
			refund,
			bill: { ...bill, id: "part-2", status: "paid", parentId: "bill-1" },
			by: "manager",
		});

		assert.equal(saleRefundOf(e)?.billId, "bill-1");
	});

	it("a refund on a bill not yet paid only reopens its balance: no sale to count it against", () => {
		assert.equal(saleRefundOf(event("payment.refunded", { payment, refund, bill, by: "manager" })), undefined);
	});
	it("a payment paid its amount less what was given back while its bill was open; a refund while it stood paid stays", () => {
		const back = (id: string, amountCents: number, createdAt: string) =>
			({ id, amountCents, status: "done", reason: "r", createdBy: null, createdAt }) as Refund;
		const reopenings = [{ by: "m", at: "2026-11-22T21:00:00.000Z", reason: "wrong card", paidAt: "2026-11-22T20:00:00.000Z" }];
		const p = {
			amountCents: 5_000,
			refunds: [back("r1", 1_000, "2026-11-22T20:30:00.000Z"), back("r2", 4_000, "2026-11-22T21:05:00.000Z")],
		};

		assert.equal(paidOfSale({ reopenings }, p), 1_000);
		assert.equal(paidOfSale({}, p), 0);
		assert.equal(paidOfSale({ reopenings }, { amountCents: 5_000, refunds: [] }), 5_000);
	});
});

describe("the accounts half of the audit trail", () => {
	it("a sign-in: who, with which role, from where", () => {
		const e = event("session.started", { user: sam, sessionId: "s-1", ip: "10.0.0.7", userAgent: "Tablet" });

		assert.deepEqual(auditOfSignIn(e), [
			{
				id: "evt-1",
				at: new Date(AT),
				action: "signed_in",
				actorId: "user-sam",
				reason: null,
				tableName: "",
				amountCents: 0,
				subject: { userId: "user-sam", username: "sam", role: "staff", ip: "10.0.0.7", userAgent: "Tablet" },
			},
		]);
	});

	it("a refused sign-in: the name tried, the account when there is one, and why", () => {
		const e = event("login.refused", { username: "nobody", userId: null, reason: "unknown user", ip: null, userAgent: null });

		assert.deepEqual(auditOfRefusedSignIn(e), [
			{
				id: "evt-1",
				at: new Date(AT),
				action: "sign_in_refused",
				actorId: null,
				reason: "unknown user",
				tableName: "",
				amountCents: 0,
				subject: { userId: null, username: "nobody", ip: null, userAgent: null },
			},
		]);
	});

	it("an account created, and by whom", () => {
		const [entry] = auditOfAccount(event("user.created", { user: sam, by: "admin" }));

		assert.deepEqual(entry, {
			id: "evt-1",
			at: new Date(AT),
			action: "user_created",
			actorId: "admin",
			reason: null,
			tableName: "",
			amountCents: 0,
			subject: { userId: "user-sam", username: "sam", role: "staff" },
		});
	});

	it("one entry per change, each with its own id: the role (and the one before), the password, a deactivation", () => {
		const e = event("user.updated", {
			user: { ...sam, role: "kitchen", isActive: false },
			changed: ["fullName", "role", "password", "isActive"],
			previousRole: "staff",
			by: "admin",
		});

		const entries = auditOfAccount(e);

		assert.deepEqual(
			entries.map(x => [x.id, x.action, x.subject]),
			[
				["evt-1:1", "role_changed", { userId: "user-sam", username: "sam", role: "kitchen", previousRole: "staff" }],
				["evt-1:2", "password_changed", { userId: "user-sam", username: "sam", role: "kitchen" }],
				["evt-1:3", "user_deactivated", { userId: "user-sam", username: "sam", role: "kitchen" }],
			],
		);
		assert.ok(entries.every(x => x.actorId === "admin"));
	});

	it("an account made active again is a reactivation", () => {
		assert.deepEqual(
			auditOfAccount(event("user.updated", { user: sam, changed: ["isActive"], by: "admin" })).map(x => x.action),
			["user_reactivated"],
		);
	});

	it("a password reset at the console says so, with no one as the actor", () => {
		const [entry] = auditOfAccount(event("user.updated", { user: sam, changed: ["password"], by: null, via: "set-password" }));

		assert.deepEqual([entry.action, entry.actorId, entry.subject.via], ["password_changed", null, "set-password"]);
	});

	it("a PIN set or cleared is on the record as set or cleared, never the PIN", () => {
		const set = auditOfAccount(event("user.updated", { user: { ...sam, hasPin: true }, changed: ["pin"], by: "admin" }));
		const cleared = auditOfAccount(event("user.updated", { user: { ...sam, hasPin: false }, changed: ["pin"], by: "admin" }));

		assert.deepEqual(
			[...set, ...cleared].map(x => [x.id, x.action, x.subject.pin, x.actorId]),
			[
				["evt-1:4", "pin_changed", "set", "admin"],
				["evt-1:4", "pin_changed", "cleared", "admin"],
			],
		);
	});

	it("a change of name alone is not audited", () => {
		assert.deepEqual(auditOfAccount(event("user.updated", { user: sam, changed: ["fullName"], by: "admin" })), []);
	});
});

describe("what an order was", () => {
	it("type, table, covers and when it opened, from the snapshot; not closed while open", () => {
		const fact = orderFactOf(anOrder({ covers: 4, version: 2, createdAt: "2026-11-22T19:00:00.000Z", updatedAt: AT }));

		assert.deepEqual(fact, {
			orderId: "order-1",
			type: "dine_in",
			tableId: "table-1",
			tableName: "5",
			name: null,
			covers: 4,
			status: "placed",
			createdAt: new Date("2026-11-22T19:00:00.000Z"),
			closedAt: null,
			version: 2,
		});
	});

	it("closed when paid or cancelled, at the snapshot's time", () => {
		for (const status of ["paid", "cancelled"] as const) {
			assert.deepEqual(
				orderFactOf(anOrder({ status, updatedAt: "2026-11-22T21:30:00.000Z" })).closedAt,
				new Date("2026-11-22T21:30:00.000Z"),
			);
		}
		assert.equal(orderFactOf(anOrder({ status: "billed" })).closedAt, null);
	});

	it("a takeout has no table but a name", () => {
		const fact = orderFactOf(anOrder({ type: "takeout", tableId: null, tableName: null, name: "Kim" }));

		assert.deepEqual([fact.type, fact.tableId, fact.name], ["takeout", null, "Kim"]);
	});
});

describe("losses: comps, remakes, voids", () => {
	const T = "2026-11-22T20:30:00.000Z";
	const comped = item("c1", {
		name: "Steak",
		quantity: 2,
		unitPriceCents: 0,
		comp: { reason: "birthday", by: "admin", at: T, valueCents: 5_600 },
	});

	it("a comp: what the line would have cost, why, by whom and when it was given", () => {
		const e = event("order.updated", { order: anOrder({ items: [comped] }), change: "item_comped", itemIds: ["c1"], by: "admin" });

		assert.deepEqual(lossesOf(e), [
			{
				id: "comp:c1",
				kind: "comp",
				at: new Date(T),
				orderId: "order-1",
				itemId: "c1",
				menuItemId: "menu-c1",
				name: "Steak",
				quantity: 2,
				valueCents: 5_600,
				reason: "birthday",
				by: "admin",
				label: "Table 5",
			},
		]);
	});

	it("a remake: its quantity × the list price of the line it replaces (a comped one at its price before the comp)", () => {
		const original = item("o1", { name: "Burger", quantity: 3, unitPriceCents: 1_650, status: "served" });
		const remake = item("r1", { name: "Burger", quantity: 1, unitPriceCents: 0, remakeOf: "o1", remakeReason: "overcooked", round: 2 });
		const remakeOfComp = item("r2", { name: "Steak", quantity: 1, unitPriceCents: 0, remakeOf: "c1", remakeReason: "cold", round: 2 });
		const e = event("order.updated", {
			order: anOrder({ items: [original, comped, remake, remakeOfComp] }),
			change: "item_remade",
			itemIds: ["r1", "r2"],
			round: 2,
			by: "waiter",
		});

		assert.deepEqual(
			lossesOf(e).map(l => [l.id, l.kind, l.quantity, l.valueCents, l.reason, l.by, l.at.toISOString()]),
			[
				["remake:r1", "remake", 1, 1_650, "overcooked", "waiter", AT],
				["remake:r2", "remake", 1, 2_800, "cold", "waiter", AT],
			],
		);
	});

	it("a whole void: quantity × unit price at the time, with the reason the change gave", () => {
		const e = event("order.updated", {
			order: voided(["i1"]),
			change: "item_voided",
			itemIds: ["i1"],
			reason: "wrong table",
			by: "manager",
		});

		assert.deepEqual(
			lossesOf(e).map(l => [l.id, l.kind, l.name, l.quantity, l.valueCents, l.reason, l.by]),
			[["void:i1", "void", "Lemonade", 2, 900, "wrong table", "manager"]],
		);
	});

	it("a partial void: the event's quantity on the new voided line; the line that keeps the rest and the sides are no loss", () => {
		const kept = item("p1", { name: "Burger", quantity: 1, unitPriceCents: 1_650 });
		const part = item("p1-v", { name: "Burger", quantity: 2, unitPriceCents: 1_650, status: "voided", voidReason: "changed mind" });
		const side = item("s1", { name: "Fries", quantity: 1, unitPriceCents: 0, partOf: "p1", station: "fryer" });
		const sidePart = item("s1-v", {
			name: "Fries",
			quantity: 2,
			unitPriceCents: 0,
			partOf: "p1-v",
			station: "fryer",
			status: "voided",
		});
		const e = event("order.updated", {
			order: anOrder({ items: [kept, side, part, sidePart] }),
			change: "item_voided",
			itemIds: ["p1", "p1-v", "s1", "s1-v"],
			quantity: 2,
			by: "waiter",
		});

		const losses = lossesOf(e);

		assert.deepEqual(
			losses.map(l => [l.itemId, l.quantity, l.valueCents, l.reason]),
			[["p1-v", 2, 3_300, "changed mind"]],
		);
		assert.equal(losses[0].quantity, e.data.quantity);
	});

	it("a cancellation is a void of each line it voided", () => {
		const e = event("order.updated", {
			order: voided(["i1", "i2"]),
			change: "cancelled",
			itemIds: ["i1", "i2"],
			reason: "left",
			by: "manager",
		});

		assert.deepEqual(
			lossesOf(e).map(l => [l.id, l.valueCents]),
			[
				["void:i1", 900],
				["void:i2", 2_800],
			],
		);
	});

	it("a takeout's losses say whose it was", () => {
		const takeout = anOrder({ type: "takeout", tableId: null, tableName: null, name: "Kim", items: [comped] });

		assert.equal(
			lossesOf(event("order.updated", { order: takeout, change: "item_comped", itemIds: ["c1"], by: "admin" }))[0].label,
			"Takeout: Kim",
		);
	});

	it("other changes lose nothing", () => {
		for (const change of [
			"round_added",
			"course_fired",
			"items_started",
			"items_ready",
			"served",
			"details_changed",
			"billed",
			"paid",
		] as const) {
			assert.deepEqual(
				lossesOf(event("order.updated", { order: voided(["i1"]), change, itemIds: ["i1"], by: "waiter" })),
				[],
				change,
			);
		}
	});

	it("a list price: the unit price, or a comped line's value per portion", () => {
		assert.equal(listUnitPrice({ unitPriceCents: 1_200, quantity: 2, comp: null }), 1_200);
		assert.equal(listUnitPrice({ unitPriceCents: 0, quantity: 2, comp: { reason: "", by: "", at: AT, valueCents: 2_400 } }), 1_200);
	});
});

describe("figures", () => {
	it("rounds half a cent away from zero, either side", () => {
		assert.deepEqual(
			[roundHalfAway(2.5), roundHalfAway(-2.5), roundHalfAway(2.49), roundHalfAway(1.005, 2), roundHalfAway(12.25, 1)],
			[3, -3, 2, 1.01, 12.3],
		);
	});

	it("a turn runs from opened to paid, in seconds; unknown or backwards is no turn", () => {
		assert.equal(turnSeconds(new Date("2026-11-22T19:00:00Z"), new Date("2026-11-22T20:15:30.500Z")), 4_530.5);
		assert.equal(turnSeconds(null, new Date()), null);
		assert.equal(turnSeconds(new Date(), null), null);
		assert.equal(turnSeconds(new Date("2026-11-22T20:00:00Z"), new Date("2026-11-22T19:00:00Z")), null);
	});

	it("averages to a tenth of a second, and cents per check or cover to the cent; nothing to divide is null", () => {
		assert.equal(averageSeconds([60, 61, 61]), 60.7);
		assert.equal(averageSeconds([]), null);
		assert.equal(centsPer(10_001, 4), 2_500);
		assert.equal(centsPer(10_002, 4), 2_501);
		assert.equal(centsPer(500, 0), null);
	});
});

describe("the summary and the tables", () => {
	const at = (hhmm: string) => new Date(`2026-11-22T${hhmm}:00.000Z`);
	const sold = (orderId: string, over: Partial<SoldOrder> = {}): SoldOrder => ({
		orderId,
		covers: null,
		type: "dine_in",
		status: "paid",
		createdAt: at("19:00"),
		closedAt: at("20:00"),
		...over,
	});
	const sale = (billId: string, over: Partial<SaleFact> = {}): SaleFact => ({
		billId,
		orderType: "dine_in",
		tableId: "t5",
		tableName: "5",
		grossCents: 10_000,
		discountCents: 0,
		orders: [],
		...over,
	});
	const noLosses: LossTotals = {
		comps: { lines: 0, valueCents: 0 },
		remakes: { lines: 0, valueCents: 0 },
		voids: { lines: 0, quantity: 0, valueCents: 0 },
	};

	// Table 5: two guests, 100.00 less 10.00 off, 90 minutes. Table 12: three guests then one, 45 and 30 minutes.
	// A takeout of 25.00 (no covers), a bar tab of 18.50 with a refund of 3.50.
	const sales: SaleFact[] = [
		sale("b1", { discountCents: 1_000, orders: [sold("o1", { covers: 2, createdAt: at("19:00"), closedAt: at("20:30") })] }),
		sale("b2", {
			tableId: "t12",
			tableName: "12",
			grossCents: 7_700,
			orders: [sold("o2", { covers: 3, createdAt: at("19:15"), closedAt: at("20:00") })],
		}),
		sale("b3", { orderType: "takeout", tableId: null, tableName: null, grossCents: 2_500, orders: [sold("o3", { type: "takeout" })] }),
		sale("b4", { orderType: "bar_tab", tableId: null, tableName: null, grossCents: 1_850, orders: [sold("o4", { type: "bar_tab" })] }),
		sale("b5", {
			tableId: "t12",
			tableName: "12",
			grossCents: 3_000,
			orders: [sold("o5", { covers: 1, createdAt: at("20:10"), closedAt: at("20:40") })],
		}),
	];
	const refunds = [
		{ billId: "b4", amountCents: 350, sale: { orderType: "bar_tab" as const, tableId: null, tableName: null, covers: 0 } },
	];

	it("adds the evening up by order type, with checks, covers and turns as the books do", () => {
		const losses: LossTotals = { ...noLosses, comps: { lines: 1, valueCents: 2_800 } };
		const s = summarize(sales, refunds, losses);

		const gross = 10_000 + 7_700 + 2_500 + 1_850 + 3_000;
		const net = gross - 1_000 - 350;
		assert.deepEqual(s, {
			orders: 5,
			covers: 6,
			grossCents: gross,
			netCents: net,
			avgCheckCents: Math.round(net / 5),
			// Only the bills that told covers: 90.00 + 77.00 + 30.00 over 6 guests.
			avgCheckPerCoverCents: Math.round((9_000 + 7_700 + 3_000) / 6),
			avgTurnSeconds: roundHalfAway((90 * 60 + 45 * 60 + 30 * 60) / 3, 1),
			byType: [
				{ type: "dine_in", orders: 3, covers: 6, grossCents: 20_700, netCents: 19_700 },
				{ type: "takeout", orders: 1, covers: 0, grossCents: 2_500, netCents: 2_500 },
				{ type: "bar_tab", orders: 1, covers: 0, grossCents: 1_850, netCents: 1_500 },
			],
			...losses,
		});
	});

	it("an evening with nothing settled: zeros, and no averages", () => {
		const s = summarize([], [], noLosses);

		assert.deepEqual([s.orders, s.grossCents, s.avgCheckCents, s.avgCheckPerCoverCents, s.avgTurnSeconds], [0, 0, null, null, null]);
		assert.deepEqual(
			s.byType.map(t => t.type),
			["dine_in", "takeout", "bar_tab"],
		);
	});

	it("a refund on a sale recorded in another range counts against net and its type; one not yet known, against net only", () => {
		const s = summarize(
			[],
			[
				{ billId: "old", amountCents: 500, sale: { orderType: "dine_in", tableId: "t5", tableName: "5", covers: 2 } },
				{ billId: "unknown", amountCents: 200, sale: null },
			],
			noLosses,
		);

		assert.equal(s.netCents, -700);
		assert.equal(s.byType[0].netCents, -500);
	});

	it("a turn needs a dine-in order paid with both times: unpaid, unknown or takeout orders have none", () => {
		const s = summarize(
			[
				sale("x", {
					orders: [
						sold("a", { createdAt: null }),
						sold("b", { status: null, closedAt: null }),
						sold("c", { createdAt: at("19:00"), closedAt: at("19:20") }),
					],
				}),
			],
			[],
			noLosses,
		);

		assert.equal(s.avgTurnSeconds, 1_200);
	});

	it("per table: turns, covers, the average turn, gross and net per cover; orders without a table are not a table's", () => {
		assert.deepEqual(byTable(sales, refunds), [
			{ tableId: "t5", tableName: "5", turns: 1, covers: 2, avgTurnSeconds: 5_400, grossCents: 10_000, avgCheckPerCoverCents: 4_500 },
			{
				tableId: "t12",
				tableName: "12",
				turns: 2,
				covers: 4,
				avgTurnSeconds: (45 * 60 + 30 * 60) / 2,
				grossCents: 10_700,
				avgCheckPerCoverCents: Math.round(10_700 / 4),
			},
		]);
	});

	it("a table's refund made in the range comes off its net per cover", () => {
		const [t5] = byTable(sales.slice(0, 1), [
			{ billId: "b1", amountCents: 1_001, sale: { orderType: "dine_in", tableId: "t5", tableName: "5", covers: 2 } },
		]);

		assert.equal(t5.avgCheckPerCoverCents, roundHalfAway((9_000 - 1_001) / 2));
	});
});

describe("the day's close", () => {
	const zero: LossTotals = {
		comps: { lines: 0, valueCents: 0 },
		remakes: { lines: 0, valueCents: 0 },
		voids: { lines: 0, quantity: 0, valueCents: 0 },
	};
	const sold = (billId: string, grossCents: number, discountCents: number, covers: number | null): SaleFact => ({
		billId,
		orderType: "dine_in",
		tableId: "t1",
		tableName: "Table 1",
		grossCents,
		discountCents,
		orders: [{ orderId: `o-${billId}`, covers, type: "dine_in", createdAt: null, closedAt: null, status: "paid" }],
	});

	it("adds up sales, discounts, refunds, payments per method, tips per person and drawer differences to the cent", () => {
		const z = dayCloseOf({
			sales: [sold("b1", 5_000, 500, 2), sold("b2", 3_001, 0, 1)],
			refunds: [{ billId: "b2", amountCents: 1_000, sale: { orderType: "dine_in", tableId: "t1", tableName: "Table 1", covers: 1 } }],
			losses: { ...zero, comps: { lines: 1, valueCents: 900 } },
			methods: [
				{ method: "card", payments: 1, amountCents: 4_500, tipCents: 300, refundCents: 0 },
				{ method: "cash", payments: 2, amountCents: 3_001, tipCents: 0, refundCents: 1_000 },
			],
			tips: [
				{ userId: "u2", fullName: "Bo", tipCents: 0 },
				{ userId: "u1", fullName: "Ann", tipCents: 300 },
			],
			drawers: [
				{ drawerId: "d1", name: "Main", closedAt: AT, expectedCents: 10_000, countedCents: 9_950, differenceCents: -50 },
				{ drawerId: "d2", name: "Bar", closedAt: AT, expectedCents: 2_000, countedCents: 2_010, differenceCents: 10 },
			],
		});
		assert.equal(z.checks, 2);
		assert.equal(z.covers, 3);
		assert.equal(z.grossCents, 8_001);
		assert.equal(z.discountCents, 500);
		assert.equal(z.refundCents, 1_000);
		assert.equal(z.netCents, 6_501);
		// 6,501 ÷ 2 checks = 3,250.5 → half a cent away from zero.
		assert.equal(z.avgCheckCents, 3_251);
		assert.deepEqual(
			z.byMethod.map(m => [m.method, m.amountCents, m.refundCents, m.netCents]),
			[
				["cash", 3_001, 1_000, 2_001],
				["card", 4_500, 0, 4_500],
			],
		);
		assert.deepEqual(z.tipsByWaiter, [{ userId: "u1", fullName: "Ann", tipCents: 300 }]);
		assert.equal(z.tipCents, 300);
		assert.equal(z.comps.valueCents, 900);
		assert.equal(z.drawerDifferenceCents, -40);
		assert.equal(z.byType.find(t => t.type === "dine_in")?.netCents, 6_501);
	});

	it("a day with nothing sold still lists cash and card, with no average", () => {
		const z = dayCloseOf({ sales: [], refunds: [], losses: zero, methods: [], tips: [], drawers: [] });
		assert.deepEqual(
			z.byMethod.map(m => m.method),
			["cash", "card"],
		);
		assert.equal(z.avgCheckCents, null);
		assert.equal(z.drawerDifferenceCents, 0);
	});
});
