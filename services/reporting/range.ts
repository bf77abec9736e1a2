// A report's date range, free of the database: the bounds a person may ask for, and a range that holds something.
// Turning a local date into an instant in the restaurant's time zone is the database's (repository `resolveRange`).
import { ReportErrors } from "../../contracts";

/** A local date (the whole day, in the restaurant's time zone) or an instant with its offset. */
export const DATE_OR_INSTANT = /^\d{4}-\d{2}-\d{2}(T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-](0\d|1[0-4]):[0-5]\d))?$/;

/** Reports cover a restaurant's lifetime: years outside these are typos, and year 9999 + 1 day overflows a JS Date. */
export const FIRST_YEAR = 2000;
export const LAST_YEAR = 2999;

export interface RangeParams {
	from?: string;
	to?: string;
}

/** Each bound given (already matching DATE_OR_INSTANT) is a real day and time, in a year reports cover. */
export function checkBounds(p: RangeParams): void {
	for (const field of ["from", "to"] as const) {
		const v = p[field];
		if (v == null) continue;
		if (!isRealDate(v)) throw ReportErrors.badRange(field, `${field} is not a real date or time: ${v}`);
		const year = Number(v.slice(0, 4));
		if (year < FIRST_YEAR || year > LAST_YEAR)
			throw ReportErrors.badRange(field, `${field} must be a date between ${FIRST_YEAR} and ${LAST_YEAR}`);
	}
}

/** `to` is the end of its day (exclusive), so from=23rd&to=22nd is an empty range, not a one-day report: refused. */
export function checkOrder(r: { from: Date; to: Date }): void {
	if (r.from >= r.to) throw ReportErrors.badRange("from", "from must be before to (to may be the same day as from)");
}

/** 2026-02-30 matches the pattern but is no day; PostgreSQL would refuse it with an error, so refuse it here. */
export function isRealDate(v: string): boolean {
	const [y, m, d] = v.slice(0, 10).split("-").map(Number);
	const day = new Date(Date.UTC(y, m - 1, d));
	if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return false;
	const time = /T(\d{2}):(\d{2})(?::(\d{2}))?/.exec(v);
	return !time || (Number(time[1]) < 24 && Number(time[2]) < 60 && Number(time[3] ?? 0) < 60);
}
