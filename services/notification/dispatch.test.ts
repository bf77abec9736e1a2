// A ticket no screen acknowledged, in the words the waiter who took it reads.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Ticket } from "../../contracts";
import { unacknowledgedNotifications } from "./rules";

const ticket = { orderId: "o1", station: "grill", tableName: "4", orderType: "dine_in", name: null } as unknown as Ticket;

describe("unacknowledgedNotifications", () => {
	it("tells the waiter where the ticket went instead", () => {
		const [printed] = unacknowledgedNotifications({
			ticket,
			round: 1,
			to: "printer",
			printer: { id: "p1", name: "Grill printer" },
			alreadyPrinted: false,
			takenBy: "u1",
		});
		assert.deepEqual(printed.to, { userId: "u1" });
		assert.equal(printed.type, "ticket_unacknowledged");
		assert.equal(printed.message, "Table 4's food at the grill is not confirmed: printed on Grill printer");
		const [expo] = unacknowledgedNotifications({ ticket, round: 2, to: "expo", printer: null, alreadyPrinted: false, takenBy: "u1" });
		assert.equal(expo.message, "Table 4's food at the grill is not confirmed: sent to the expo");
	});

	it("says nothing when the station's printer had it anyway, or nobody took it", () => {
		assert.deepEqual(
			unacknowledgedNotifications({
				ticket,
				round: 1,
				to: "printer",
				printer: { id: "p", name: "P" },
				alreadyPrinted: true,
				takenBy: "u1",
			}),
			[],
		);
		assert.deepEqual(
			unacknowledgedNotifications({ ticket, round: 1, to: "expo", printer: null, alreadyPrinted: false, takenBy: null }),
			[],
		);
	});
});
