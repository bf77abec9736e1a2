// Which events become which reporting rows: the audit trail's money and account entries, and the refunds that
// count against sales.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Bill, EventName, EventPayloads, Order, OrderItem, Payment, Refund, User } from "../../contracts";
import { anEvent, anOrderItem } from "../../test/fixtures/domain";
import { auditOfAccount, auditOfBill, auditOfOrder, auditOfRefund, auditOfRefusedSignIn, auditOfSignIn, saleRefundOf } from "./rules";

const AT = "2026-11-22T21:15:00.000Z";
const event = <K extends EventName>(type: K, data: EventPayloads[K]) => anEvent(type, data, { at: AT });
const item = (id: string, over: Partial<OrderItem> = {}) => anOrderItem(id, { createdAt: AT, ...over });

const order: Order = {
	id: "order-1",
	tableId: "table-1",
	tableName: "5",
	status: "placed",
	notes: "",
	items: [
		item("i1", { quantity: 2, unitPriceCents: 450, station: "bar", name: "Lemonade" }),
		item("i2", { name: "Steak", unitPriceCents: 2_800 }),
	],
	totalCents: 3_700,
	createdBy: "waiter",
	createdAt: AT,
	updatedAt: AT,
	version: 3,
};

const bill = { id: "bill-1", tableName: "5", status: "open", discountCents: 500, parentId: null } as Bill;
const payment = { id: "pay-1", method: "card" } as Payment;
const refund = { id: "ref-1", amountCents: 1_200, reason: "cold soup" } as Refund;
const sam: User = { id: "user-sam", username: "sam", fullName: "Sam", role: "staff", isActive: true, createdAt: AT };

describe("the money half of the audit trail", () => {
	it("a voided item: who, why, what it was worth and where it was cooked, under the event's id and time", () => {
		const e = event("order.updated", { order, change: "item_voided", itemIds: ["i1"], reason: "wrong table", by: "manager" });

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
		const e = event("order.updated", { order, change: "cancelled", itemIds: ["i1", "i2"], by: "manager" });

		const [entry] = auditOfOrder(e);

		assert.equal(entry.action, "order_cancelled");
		assert.equal(entry.amountCents, 3_700);
		assert.equal(entry.reason, null);
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

	it("a change of name alone is not audited", () => {
		assert.deepEqual(auditOfAccount(event("user.updated", { user: sam, changed: ["fullName"], by: "admin" })), []);
	});
});
