// The payment sheet's arithmetic beyond the bill: a tip preset's amount, and the change due on cash handed over.

/** `percent` of `totalCents`, rounded half up to the cent (a percentage has at most two decimals: 12.5 → 1250 bp). */
export function tipOfPercent(totalCents, percent) {
	const basisPoints = Math.round(percent * 100);
	return Math.floor((totalCents * basisPoints + 5_000) / 10_000);
}

/** The presets' buttons: each percentage with what it comes to on this total. */
export function tipButtons(totalCents, presets) {
	return (presets ?? []).map(percent => ({ percent, cents: tipOfPercent(totalCents, percent) }));
}

/**
 * Cash handed over against what it pays (the amount and the tip): the change due, or null when it does not
 * cover them (nothing handed over yet, or too little).
 */
export function changeDue(tenderedCents, amountCents, tipCents = 0) {
	if (tenderedCents == null || amountCents == null) return null;
	const change = tenderedCents - amountCents - (tipCents ?? 0);
	return change >= 0 ? change : null;
}
