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
