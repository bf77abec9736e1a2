// The manager signed in, and the restaurant's settings the office needs before it draws (currency, time zone, name).
import { requireUser, settings } from "../app/core.js";

export const user = requireUser(["admin", "manager"]);
export const config = await settings().catch(() => ({ restaurantName: "Brigade", currency: "USD", timezone: "UTC" }));

let whenFormat;
/** A moment in the restaurant's time zone, short: bills, payments, refunds and the audit trails. */
export function when(iso) {
	whenFormat ??= new Intl.DateTimeFormat(undefined, { timeZone: config.timezone, dateStyle: "short", timeStyle: "short" });
	return whenFormat.format(new Date(iso));
}
