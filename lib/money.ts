// Brigade's one rounding rule and the arithmetic of a bill, in integer cents. Nothing here uses floating point.
//
// The rule: an amount times a rate (tax, service charge, a percentage discount) is rounded half up to the
// cent, once, on the whole bill. Tax and service charge are both charged on the subtotal after discount
// (menu prices exclude tax). When a bill is split, each of its amounts is shared out with `allocate`, so
// the parts add up to the whole, cent for cent.

/** Rates are parts per million: 8.875% is 88_750. */
export const PPM = 1_000_000;

/** `cents × ppm / 1e6`, rounded half up (half a cent rounds away from zero). BigInt, so no product overflows. */
export function applyRate(cents: number, ppm: number): number {
	assertCents(cents);
	if (!Number.isInteger(ppm) || ppm < 0) throw new RangeError(`rate must be a non-negative integer of ppm (got ${ppm})`);
	const product = BigInt(cents) * BigInt(ppm);
	const million = BigInt(PPM);
	const q = product / million;
	const r = product % million;
	return Number(r * 2n >= million ? q + 1n : q);
}

/**
 * Shares `total` out in proportion to `weights`, so the shares sum to `total` exactly (largest remainder).
 * Leftover cents go to the largest remainders, ties to the earlier share: the same input always gives the
 * same split. With every weight zero (nothing to go by) the total is shared evenly.
 */
export function allocate(total: number, weights: readonly number[]): number[] {
	assertCents(total);
	if (!weights.length) throw new RangeError("allocate needs at least one share");
	weights.forEach(assertCents);
	const w = weights.every(x => x === 0) ? weights.map(() => 1) : weights;
	const sum = BigInt(w.reduce((a, b) => a + b, 0));
	const shares = w.map(x => (BigInt(total) * BigInt(x)) / sum);
	const remainders = w.map((x, i) => ({ i, r: (BigInt(total) * BigInt(x)) % sum }));
	let left = total - Number(shares.reduce((a, b) => a + b, 0n));
	remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
	for (const { i } of remainders) {
		if (left === 0) break;
		shares[i] += 1n;
		left--;
	}
	return shares.map(Number);
}

/** `parts` shares of `total` that differ by at most a cent, the bigger ones first. */
export function splitEvenly(total: number, parts: number): number[] {
	return allocate(
		total,
		Array.from({ length: parts }, () => 1),
	);
}

export interface Rates {
	taxPpm: number;
	serviceChargePpm: number;
}

export interface BillAmounts {
	subtotalCents: number;
	discountCents: number;
	serviceChargeCents: number;
	taxCents: number;
	totalCents: number;
}

/** The bill's amounts from its subtotal and discount: the one place tax and service charge are computed. */
export function billAmounts(subtotalCents: number, discountCents: number, rates: Rates): BillAmounts {
	assertCents(subtotalCents);
	assertCents(discountCents);
	if (discountCents > subtotalCents) throw new RangeError("a discount cannot exceed the subtotal");
	const net = subtotalCents - discountCents;
	const serviceChargeCents = applyRate(net, rates.serviceChargePpm);
	const taxCents = applyRate(net, rates.taxPpm);
	return { subtotalCents, discountCents, serviceChargeCents, taxCents, totalCents: net + serviceChargeCents + taxCents };
}

/** A percentage discount (0–100, up to 4 decimals) of `subtotalCents`, under the same rounding rule. */
export function percentOf(subtotalCents: number, percent: number): number {
	return applyRate(subtotalCents, percentToPpm(percent));
}

/** 12.5 → 125_000 ppm, exactly: the percentage is read as a decimal string, not multiplied as a float. */
export function percentToPpm(percent: number): number {
	const m = /^(\d{1,3})(?:\.(\d{1,4}))?$/.exec(String(percent));
	if (!m || percent > 100) throw new RangeError(`percent must be between 0 and 100 with at most 4 decimals (got ${percent})`);
	return Number(m[1]) * 10_000 + Number((m[2] ?? "").padEnd(4, "0"));
}

/**
 * Splits a bill's amounts into parts: each column (subtotal, discount, service charge, tax) is allocated by
 * `weights` (the parts' subtotals for a split by items, equal weights for an even split), so every column
 * of the parts adds up to the bill's, and so do the totals.
 */
export function splitAmounts(bill: BillAmounts, weights: readonly number[]): BillAmounts[] {
	const [subtotal, discount, service, tax] = (["subtotalCents", "discountCents", "serviceChargeCents", "taxCents"] as const).map(k =>
		allocate(bill[k], weights),
	);
	return weights.map((_, i) => ({
		subtotalCents: subtotal[i],
		discountCents: discount[i],
		serviceChargeCents: service[i],
		taxCents: tax[i],
		totalCents: subtotal[i] - discount[i] + service[i] + tax[i],
	}));
}

/** "$12.50" in the restaurant's currency, for messages. */
export function formatCents(cents: number, currency: string): string {
	return new Intl.NumberFormat("en-US", { style: "currency", currency }).format(cents / 100);
}

function assertCents(n: number): void {
	if (!Number.isSafeInteger(n) || n < 0) throw new RangeError(`amounts are non-negative integer cents (got ${n})`);
}
