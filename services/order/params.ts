// What the order routes accept, for fastest-validator: a line as the tablet sends it, and who an order is for.
// Cross-field rules (a takeout needs a pickup time) are details.ts's; choices against the menu are pricing.ts's.
import { lineNotes, roundLines } from "../../lib/params";
import { ISO_INSTANT } from "./details";

export const notes = lineNotes;

/** A waiter's round: a dozen of one dish is a big table; 99 is a typo's ceiling, not an order. */
export const lines = roundLines({ maxLines: 50, maxQuantity: 99 });

/** The guest's name on a takeout or a tab (a dine-in order may carry one too). */
export const guestName = { type: "string", trim: true, min: 1, max: 60, optional: true, nullable: true } as const;

export const pickupAt = {
	type: "string",
	pattern: ISO_INSTANT,
	optional: true,
	nullable: true,
	messages: { stringPattern: "The '{field}' field must be a date and time with its offset, e.g. 2026-11-27T19:30:00Z" },
} as const;

export const covers = { type: "number", integer: true, min: 1, max: 99, optional: true, nullable: true, convert: false } as const;
