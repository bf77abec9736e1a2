// How a notification names a table: the way the apps do ("Table 5"), from the name staff gave it ("5").

/**
 * "5" → "Table 5"; a name that already says it ("Table 5", "table 12", "Table5") is kept as it is, never
 * "Table Table 5". A name that merely starts with the letters ("Tablet bar") is still prefixed.
 */
export function tableLabel(name: string): string {
	const trimmed = name.trim();
	return /^table(?![\p{L}])/iu.test(trimmed) ? trimmed : `Table ${trimmed}`;
}
