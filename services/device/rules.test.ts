import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { aBill, aBillLine, anOrder, anOrderItem, aPayment } from "../../test/fixtures/domain";
import {
	afterSend,
	billDocument,
	chitDocument,
	encode,
	jobLands,
	linesForChit,
	literal,
	printerStatus,
	receiptHtml,
	retryDelayMs,
	routeJob,
} from "./rules";

const SHOP = { name: "Chez Nous", currency: "USD" };
const at = new Date("2026-11-22T20:05:00Z");
const opt = (name: string) => ({ groupId: "g", groupName: "Temp", optionId: name, name, priceDeltaCents: 0 });

describe("kitchen chits", () => {
	const order = anOrder({
		covers: 3,
		items: [
			anOrderItem("a", { name: "Ribeye", quantity: 2, seat: 1, modifiers: [opt("Medium rare"), opt("Fries")], notes: "no salt" }),
			anOrderItem("b", { name: "Soup", station: "cold", seat: 2 }),
			anOrderItem("c", { name: "Tart", held: true, course: 3 }),
			anOrderItem("d", { name: "Fish", status: "voided" }),
			anOrderItem("e", { name: "Fries", partOf: "a" }),
		],
	});

	it("takes a station's lines the event sent: not held, not voided, only the event's items when it names them", () => {
		assert.deepEqual(
			linesForChit(order, undefined, "grill").map(i => i.id),
			["a", "e"],
		);
		assert.deepEqual(
			linesForChit(order, ["b", "c"], "cold").map(i => i.id),
			["b"],
		);
		assert.deepEqual(linesForChit(order, ["c"], "grill"), []);
	});

	it("names the table, the station and the cause, then each line with its quantity, seat, options, side and notes", () => {
		const doc = chitDocument(order, "grill", linesForChit(order, undefined, "grill"), { kind: "round", round: 2 }, at);
		assert.match(doc, /Table 5/);
		assert.match(doc, /GRILL \| Round 2/);
		assert.match(doc, /3 covers/);
		assert.match(doc, /2 x Ribeye \| Seat 1/);
		assert.match(doc, /\+ Medium rare\n {2}\+ Fries/);
		assert.match(doc, /no salt/);
		assert.match(doc, /\(side of Ribeye\)/);
		assert.match(chitDocument(order, "grill", [], { kind: "course", course: 2, courseName: "Mains" }, at), /Fire: Mains/);
		assert.match(chitDocument(order, "grill", [], { kind: "remake" }, at), /REMAKE/);
	});

	it("prints what people wrote literally: receiptline's markup is escaped", () => {
		assert.equal(literal('a|b {c} "d" -e_ ^f'), 'a\\|b \\{c\\} \\"d\\" \\-e\\_ \\^f');
		const bytes = encode(`${literal("Fish | chips")}\n`).toString("latin1");
		assert.match(bytes, /Fish \| chips/);
	});

	it("encodes to ESC/POS: initialise, the text, a cut", () => {
		const doc = chitDocument(order, "grill", linesForChit(order, undefined, "grill"), { kind: "round", round: 1 }, at);
		const bytes = encode(doc);
		const text = bytes.toString("latin1");
		assert.ok(text.startsWith("\x1b@"));
		assert.match(text, /Ribeye/);
		assert.match(text, /Medium rare/);
		assert.ok(text.includes("\x1dV"), "the paper is cut");
	});
});

describe("bills on paper and on screen", () => {
	const bill = aBill({
		lines: [
			aBillLine("l1", 5_600, { name: "Ribeye", quantity: 2, seat: 1, modifiers: [opt("Medium rare")] }),
			aBillLine("l2", 0, { name: "Soup", seat: 2, comp: { reason: "Birthday", valueCents: 650 } }),
		],
		subtotalCents: 5_600,
		taxCents: 490,
		totalCents: 6_090,
		paidCents: 6_090,
		payments: [aPayment({ status: "captured", method: "card", amountCents: 6_090 })],
	});

	it("a precheck has the lines, seats, options, comps and totals; a receipt adds its payments", () => {
		const pre = billDocument(bill, "precheck", SHOP, at);
		assert.match(pre, /PRECHECK/);
		assert.match(pre, /2 x Ribeye \| \$56\.00/);
		assert.match(pre, /Seat 1, Medium rare/);
		assert.match(pre, /Comp: Birthday \| \\-\$6\.50/);
		assert.match(pre, /Total \| \^\^\$60\.90/);
		assert.doesNotMatch(pre, /Paid/);
		assert.match(billDocument(bill, "receipt", SHOP, at), /Paid card \| \$60\.90/);
	});

	it("the printable page says the same, escaped", () => {
		const html = receiptHtml({ ...bill, tableName: "<5>" }, SHOP);
		assert.match(html, /2 × Ribeye/);
		assert.match(html, /Seat 1, Medium rare/);
		assert.match(html, /Comp: Birthday/);
		assert.match(html, /\$60\.90/);
		assert.match(html, /Paid \(card\)/);
		assert.ok(!html.includes("<5>"));
	});
});

describe("print jobs", () => {
	const printer = (id: string, failingSince: Date | null, fallbackPrinterId: string | null = null) => ({
		id,
		failingSince,
		fallbackPrinterId,
	});
	const spare = printer("spare", null);
	const byId = (id: string) => (id === "spare" ? spare : undefined);

	it("go to their printer until it has failed for the fallback seconds, then to its fallback", () => {
		const now = new Date("2026-11-22T20:00:30Z");
		assert.equal(routeJob(printer("p", null, "spare"), byId, now, 30).printer.id, "p");
		assert.equal(routeJob(printer("p", new Date("2026-11-22T20:00:01Z"), "spare"), byId, now, 30).printer.id, "p");
		assert.deepEqual(routeJob(printer("p", new Date("2026-11-22T20:00:00Z"), "spare"), byId, now, 30), {
			printer: spare,
			reroutedFrom: "p",
		});
		assert.equal(routeJob(printer("p", new Date("2026-11-22T20:00:00Z")), byId, now, 30).printer.id, "p", "no fallback: it waits");
	});

	it("are printed once the printer took them; a failure keeps them queued and rests the printer longer each time", () => {
		assert.deepEqual(afterSend({ state: "queued", attempts: 2 }, { failures: 2 }, { ok: true }, 100), {
			job: { state: "printed", attempts: 3, lastError: null },
			printer: { failures: 0, retryInMs: null },
		});
		const failed = afterSend({ state: "queued", attempts: 0 }, { failures: 2 }, { ok: false, error: "ECONNREFUSED" }, 100);
		assert.deepEqual(failed, {
			job: { state: "queued", attempts: 1, lastError: "ECONNREFUSED" },
			printer: { failures: 3, retryInMs: 400 },
		});
		assert.throws(() => afterSend({ state: "printed", attempts: 1 }, { failures: 0 }, { ok: true }, 100));
		assert.deepEqual(
			[1, 2, 3].map(n => retryDelayMs(n, 1000)),
			[1000, 2000, 4000],
		);
		assert.equal(retryDelayMs(40, 1000), 30_000);
	});

	it("a printer is offline from its first failed send until one goes through", () => {
		assert.equal(printerStatus({ failingSince: null }), "ok");
		assert.equal(printerStatus({ failingSince: at }), "offline");
	});
});

describe("an earlier job of a ticket no screen acknowledged", () => {
	it("puts it on paper when it printed, or when its printer works and will print it", () => {
		assert.equal(jobLands({ state: "printed", failingSince: new Date() }), true);
		assert.equal(jobLands({ state: "queued", failingSince: null }), true);
	});

	it("puts it nowhere while it waits on a printer that is failing: the ticket is rerouted", () => {
		assert.equal(jobLands({ state: "queued", failingSince: new Date() }), false);
	});
});
