// Amounts, times and table names as every screen shows them; no DOM, so the apps' pure modules and tests import it.

let moneyFormat = new Intl.NumberFormat(undefined, { style: "currency", currency: "USD" });

/** The restaurant's currency, from its settings: money() formats in it from then on. */
export function setCurrency(currency) {
	moneyFormat = new Intl.NumberFormat(undefined, { style: "currency", currency });
}

/** 1234 → "$12.34" in the restaurant's currency (call settings() once first). */
export function money(cents) {
	return moneyFormat.format((cents ?? 0) / 100);
}

/** 1234 → "12.34": an amount as a person types it into a field. */
export function centsText(cents) {
	return (cents / 100).toFixed(2);
}

/** "12.34" or "12" typed by a person → 1234 cents; null when it is not an amount. */
export function parseCents(text) {
	const m = /^\s*(\d{1,7})(?:[.,](\d{1,2}))?\s*$/.exec(String(text ?? ""));
	if (!m) return null;
	return Number(m[1]) * 100 + Number((m[2] ?? "0").padEnd(2, "0"));
}

/** Whole seconds since an ISO time. */
export function secondsSince(iso, now = Date.now()) {
	return Math.max(0, Math.floor((now - Date.parse(iso)) / 1000));
}

/** 75 → "1:15", 3725 → "1:02:05". */
export function clock(seconds) {
	const h = Math.floor(seconds / 3600);
	const m = Math.floor((seconds % 3600) / 60);
	const s = String(seconds % 60).padStart(2, "0");
	return h ? `${h}:${String(m).padStart(2, "0")}:${s}` : `${m}:${s}`;
}

/**
 * How every screen names a table, as notifications do: "5" → "Table 5"; a name that already says it ("Table 5",
 * "table 12") is kept, never "Table Table 5"; "Tablet bar" is still "Table Tablet bar".
 */
export function tableLabel(name) {
	const trimmed = String(name ?? "").trim();
	return /^table(?![\p{L}])/iu.test(trimmed) ? trimmed : `Table ${trimmed}`;
}

/** How every screen names where an order is, as contracts' orderLabel: "Table 5", "Takeout: Kim", "Tab: Sam". */
export function orderLabel(o) {
	if (o?.type === "takeout") return `Takeout: ${o.name ?? ""}`.trim();
	if (o?.type === "bar_tab") return `Tab: ${o.name ?? ""}`.trim();
	return tableLabel(o?.tableName ?? "");
}
