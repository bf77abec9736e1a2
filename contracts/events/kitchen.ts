// Events the kitchen service produces: a ticket bumped off the screen or recalled to it.
import type { Ticket } from "../domain";

export const KITCHEN_EVENTS = { ticketUpdated: "ticket.updated" } as const;

export interface TicketUpdated {
	ticket: Ticket;
	change: "bumped" | "recalled";
	by: string | null;
}

export interface KitchenEvents {
	"ticket.updated": TicketUpdated;
}
