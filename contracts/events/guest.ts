// Events the guest service produces: a guest at a table called the waiter or asked for the bill (the gateway
// pushes `guest:call` to the floor; the table's waiter is named so their devices can be told first).
import type { GuestCallKind } from "../guest";

export const GUEST_EVENTS = { called: "guest.called" } as const;

export interface GuestCalled {
	tableId: string;
	tableName: string;
	kind: GuestCallKind;
	/** ISO instant. */
	at: string;
	sessionId: string;
	/** The table's open order, when it has one. */
	orderId: string | null;
	/** The table's waiter (the order's assignee, else its creator) when known. */
	waiterId: string | null;
}

export interface GuestEvents {
	"guest.called": GuestCalled;
}
