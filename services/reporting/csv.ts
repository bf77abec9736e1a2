// Reports as CSV (`?format=csv`): a list report is one row per JSON row under a header of its fields, nested
// objects flattened to dotted columns (subject.billId) and arrays written as JSON; a report that is one object
// (summary, x, z) is key,value rows, its nested figures flattened the same way, a list of typed rows keyed by
// their type, method or person (byType.dine_in.grossCents, tipsByWaiter.<userId>.tipCents). A text cell that a
// spreadsheet would run as a formula (starting with = + - @, a tab or a carriage return) is prefixed with '.
import { stringify } from "csv-stringify/sync";

type Cell = string | number | boolean | null;

const FORMULA = /^[=+\-@\t\r]/;

/** A cell as written: a number or a boolean as is, text defused against formula injection, nothing as empty. */
export function safeCell(v: unknown): Cell {
	if (v === null || v === undefined) return null;
	if (typeof v === "number" || typeof v === "boolean") return v;
	const text = typeof v === "string" ? v : JSON.stringify(v);
	return FORMULA.test(text) ? `'${text}` : text;
}

const isPlain = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

/** What names an element of a list in a flattened path: its type, method, person or drawer, else its index. */
function keyOf(item: unknown, i: number): string {
	if (!isPlain(item)) return String(i);
	for (const k of ["type", "method", "userId", "drawerId", "station", "menuItemId", "optionId", "tableId"]) {
		if (typeof item[k] === "string") return item[k] as string;
	}
	return String(i);
}

/** `{a: {b: 1}, c: [..]}` → `{"a.b": 1, "c": "[..]"}` for a row (arrays as JSON); `listsToo` flattens lists by key. */
export function flatten(
	value: Record<string, unknown>,
	listsToo = false,
	prefix = "",
	out: Record<string, unknown> = {},
): Record<string, unknown> {
	for (const [k, v] of Object.entries(value)) {
		const path = prefix ? `${prefix}.${k}` : k;
		if (isPlain(v)) flatten(v, listsToo, path, out);
		else if (Array.isArray(v) && listsToo && v.every(isPlain))
			v.forEach((item, i) => {
				flatten(item as Record<string, unknown>, true, `${path}.${keyOf(item, i)}`, out);
			});
		else out[path] = v;
	}
	return out;
}

// RFC 4180 with CRLF rows; true and false as words (csv-stringify would write 1 and an empty cell).
const write = (rows: Cell[][]) => stringify(rows, { record_delimiter: "windows", cast: { boolean: b => String(b) } });

/** A report's JSON as CSV text: a list as a table, one object as key,value rows. */
export function toCsv(data: unknown): string {
	if (Array.isArray(data)) {
		const rows: Record<string, unknown>[] = data.map(r => (isPlain(r) ? flatten(r) : { value: r }));
		const columns: string[] = [];
		for (const r of rows) for (const k of Object.keys(r)) if (!columns.includes(k)) columns.push(k);
		return write([columns, ...rows.map(r => columns.map(c => safeCell(r[c])))]);
	}
	const pairs = isPlain(data) ? Object.entries(flatten(data, true)) : [["value", data]];
	return write([["key", "value"], ...pairs.map(([k, v]) => [safeCell(k), safeCell(v)])]);
}
