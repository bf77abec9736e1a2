// Validation rules (fastest-validator) that more than one service applies to the same domain value.

/** A kitchen station's name: `grill`, `cold`, `bar`, `pastry-2`. Also the suffix of a Socket.IO room. */
export const STATION_PATTERN = /^[a-z][a-z0-9_-]{0,31}$/;

export const stationParam = {
	type: "string",
	trim: true,
	lowercase: true,
	min: 1,
	max: 32,
	pattern: STATION_PATTERN,
	// What a person types into a station field, said the way they would fix it (the gateway keeps it as written).
	messages: { stringPattern: "{field} must start with a letter and use only lowercase letters, digits or dashes, like grill or cold-2" },
} as const;

/** A line's note to the kitchen ("no onions"). */
export const lineNotes = { type: "string", trim: true, max: 200, optional: true } as const;

/**
 * Lines of a round as a tablet or a guest's phone sends them: a dish, how many, its note, seat, course and chosen
 * options. Checked against the menu by the order service (pricing); here only their shape and how much one round
 * may ask for — a waiter's round up to 50 lines of up to 99, a guest's far less (GUEST_ROUND_LIMITS).
 */
export function roundLines(limits: { maxLines: number; maxQuantity: number }) {
	return {
		type: "array",
		min: 1,
		max: limits.maxLines,
		items: {
			type: "object",
			strict: "remove",
			props: {
				menuItemId: "uuid",
				quantity: { type: "number", integer: true, min: 1, max: limits.maxQuantity, convert: false },
				notes: lineNotes,
				seat: { type: "number", integer: true, min: 1, max: 99, optional: true, convert: false },
				// Left out: the item's course (its own, or its category's).
				course: { type: "number", integer: true, min: 1, max: 9, optional: true, convert: false },
				// Checked against the item's groups once the menu is read (pricing.ts): here only their shape.
				modifiers: {
					type: "array",
					optional: true,
					max: 20,
					items: {
						type: "object",
						strict: "remove",
						props: { groupId: "uuid", optionIds: { type: "array", items: "uuid", max: 20 } },
					},
				},
			},
		},
	} as const;
}
