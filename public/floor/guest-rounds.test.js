import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { pendingRounds, pendingAt, alertText, guestAlerts, callsAt, onlyGuestRounds } from "./guest-rounds.js";

const line = (id, round, status) => ({ id, round, status, name: id, quantity: 1 });

describe("guest rounds on the floor", () => {
	it("lists the rounds waiting for a confirm, oldest first, with only their pending lines", () => {
		const order = {
			id: "o1",
			items: [line("a", 1, "served"), line("b", 3, "pending"), line("c", 2, "pending"), line("d", 3, "pending")],
		};
		assert.deepEqual(
			pendingRounds(order).map(r => [r.round, r.lines.map(l => l.id)]),
			[
				[2, ["c"]],
				[3, ["b", "d"]],
			],
		);
		assert.equal(pendingAt([order, { items: [line("x", 1, "queued")] }]), 2);
		assert.deepEqual(pendingRounds(null), []);
		assert.equal(onlyGuestRounds(order), false);
		assert.equal(onlyGuestRounds({ items: [line("b", 1, "pending"), line("v", 1, "voided")] }), true);
	});

	it('says who calls: "Table 5 asks for the bill", never "Table Table 5"', () => {
		assert.equal(alertText({ kind: "bill", tableName: "5" }), "Table 5 asks for the bill");
		assert.equal(alertText({ kind: "waiter", tableName: "Table 12" }), "Table 12 calls the waiter");
		assert.match(alertText({ kind: "round", tableName: "7" }), /^Table 7 sent an order/);
		assert.equal(alertText({ kind: "sent", tableName: "7", round: 3 }), "Table 7 ordered from the table: round 3 went to the kitchen");
	});

	it("a second call of a kind refreshes the table's pop-up; another kind is another pop-up", () => {
		let alerts = guestAlerts([], { type: "guestCall", call: { tableId: "t1", tableName: "1", kind: "bill", at: "A" } });
		alerts = guestAlerts(alerts, { type: "guestCall", call: { tableId: "t1", tableName: "1", kind: "waiter", at: "B" } });
		alerts = guestAlerts(alerts, { type: "guestCall", call: { tableId: "t1", tableName: "1", kind: "bill", at: "C" } });
		assert.deepEqual(
			alerts.map(a => [a.kind, a.at]),
			[
				["bill", "C"],
				["waiter", "B"],
			],
		);
		assert.equal(callsAt(alerts, "t1").length, 2);
		assert.equal(callsAt(alerts, "t2").length, 0);
		alerts = guestAlerts(alerts, { type: "dismissGuestAlert", id: alerts[0].id });
		assert.deepEqual(
			alerts.map(a => a.kind),
			["waiter"],
		);
	});

	it("a pending round pops up until it is confirmed or rejected anywhere (the push, or the order showing it decided)", () => {
		const round = { orderId: "o1", tableId: "t1", tableName: "1", round: 2 };
		const alerts = guestAlerts([], { type: "guestRound", round: { ...round, status: "pending" } });
		assert.equal(alerts.length, 1);
		assert.equal(guestAlerts(alerts, { type: "guestRound", round: { ...round, status: "confirmed" } }).length, 0);
		const same = guestAlerts(alerts, { type: "orders", orders: [{ id: "o1", items: [line("b", 2, "pending")] }] });
		assert.equal(same, alerts, "still pending: unchanged");
		assert.equal(guestAlerts(alerts, { type: "orders", orders: [{ id: "o1", items: [line("b", 2, "queued")] }] }).length, 0);
		const reread = guestAlerts([...alerts, { id: "bill:t1", kind: "bill" }], {
			type: "loaded",
			orders: [{ id: "o1", items: [line("b", 2, "queued")] }],
		});
		assert.deepEqual(
			reread.map(a => a.id),
			["bill:t1"],
		);
		const none = [];
		assert.equal(guestAlerts(none, { type: "guestRound", round: { ...round, status: "sent" } }), none);
	});
});

describe("pop-ups over a reload", () => {
	it("come back unless old or already shown", () => {
		const now = Date.parse("2026-11-28T20:00:00Z");
		const fresh = { id: "bill:t1", kind: "bill", tableId: "t1", at: "2026-11-28T19:50:00Z" };
		const old = { id: "waiter:t2", kind: "waiter", tableId: "t2", at: "2026-11-28T17:00:00Z" };
		const shown = [{ ...fresh, at: "2026-11-28T19:55:00Z" }];
		assert.deepEqual(guestAlerts([], { type: "guestAlertsKept", alerts: [fresh, old, null], now }), [fresh]);
		assert.equal(guestAlerts(shown, { type: "guestAlertsKept", alerts: [fresh], now }), shown);
	});
});
