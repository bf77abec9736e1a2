// Events the kitchen service produces: a ticket bumped off the screen or recalled to it, and a ticket no screen
// acknowledged in time (TICKET_ACK_SECONDS), claimed once by one sweeper for the device service to re-route.
import type { Ticket } from "../domain";

export const KITCHEN_EVENTS = { ticketUpdated: "ticket.updated", ticketUnacknowledged: "ticket.unacknowledged" } as const;

export interface TicketUpdated {
	ticket: Ticket;
	change: "bumped" | "recalled";
	by: string | null;
}

export interface TicketUnacknowledged {
	/** The station's ticket with this round's lines only (voided ones left out). */
	ticket: Ticket;
	round: number;
	/** The waiter who took the order. */
	takenBy: string | null;
	sentAt: string;
}

export interface KitchenEvents {
	"ticket.updated": TicketUpdated;
	"ticket.unacknowledged": TicketUnacknowledged;
}
