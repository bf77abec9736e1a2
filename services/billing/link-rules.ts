// What a payment link asks for, free of the bus and the database: the share of the bill it pays (the whole
// balance, an even share of it, or chosen lines' share of the total), and whether what the provider says it took
// is what we asked for.
import { splitAmounts, splitEvenly } from "../../lib/money";
import type { Bill, LinkShare } from "../../contracts";
import { CommonErrors } from "../../contracts/errors";
import { LinkErrors } from "../../contracts/payment-links";
import { subtotalOf } from "./rules";
import type { LinkState } from "./providers";

export interface ShareRequest {
	share: LinkShare;
	parts?: number;
	lineIds?: string[];
}

/** An even share names how many pay; a share by items names the lines (400 VALIDATION_ERROR otherwise). */
export function checkShareRequest({ share, parts, lineIds }: ShareRequest): void {
	if (share === "even" && parts == null)
		throw CommonErrors.invalidField("parts", "required", "An even share needs 'parts': how many pay the bill");
	if (share === "items" && !lineIds?.length)
		throw CommonErrors.invalidField("lineIds", "required", "A share by items needs 'lineIds': the lines this payment pays for");
}

/**
 * What a link pays of the bill, before its tip, from the balance as it stands under the bill's lock:
 * - whole: the balance;
 * - even: `parts`-th of the balance, the first (largest) share of an even split of it (lib/money.ts `splitEvenly`,
 *   largest remainder, as a split bill's parts are), so `parts` links paid one after another pay it all;
 * - items: the chosen lines' share of the bill's total (subtotal, discount, service charge and tax shared by the
 *   lines' amounts, as a split by items does), at most the balance.
 * Nothing to pay (a bill paid or held by other links) is a 409 NOTHING_TO_PAY; a line not on the bill a 400.
 */
export function linkShareCents(
	bill: Pick<
		Bill,
		"id" | "balanceCents" | "lines" | "subtotalCents" | "discountCents" | "serviceChargeCents" | "taxCents" | "totalCents"
	>,
	{ share, parts, lineIds }: ShareRequest,
): number {
	let cents = bill.balanceCents;
	if (share === "even") cents = splitEvenly(bill.balanceCents, parts ?? 2)[0];
	if (share === "items") {
		const wanted = new Set(lineIds ?? []);
		const missing = [...wanted].filter(id => !bill.lines.some(l => l.id === id));
		if (missing.length || !wanted.size) throw LinkErrors.lineNotOnBill(missing);
		const chosen = bill.lines.filter(l => wanted.has(l.id));
		const rest = bill.lines.filter(l => !wanted.has(l.id));
		const [mine] = splitAmounts(bill, [subtotalOf(chosen), subtotalOf(rest)]);
		cents = Math.min(mine.totalCents, bill.balanceCents);
	}
	if (cents < 1) throw LinkErrors.nothingToPay(bill.id);
	return cents;
}

/**
 * Why a provider's "paid" does not settle our payment, or null when it does: the payer must have paid the share and
 * its tip, in the restaurant's currency. A mismatch settles nothing (the payment stays pending, and it is audited).
 */
export function linkMismatch(
	expected: { amountCents: number; tipCents: number; currency: string },
	paid: Extract<LinkState, { status: "paid" }>,
): { reason: "amount" | "currency"; expected: string; got: string } | null {
	if (paid.currency.toLowerCase() !== expected.currency.toLowerCase())
		return { reason: "currency", expected: expected.currency.toLowerCase(), got: paid.currency.toLowerCase() };
	const want = expected.amountCents + expected.tipCents;
	if (paid.amountCents !== want) return { reason: "amount", expected: String(want), got: String(paid.amountCents) };
	return null;
}

/** The payer's way back, told which payment and how it went (query parameters added to the return URL). */
/**
 * Whether a payer may be sent back to `returnUrl`: only to a page of this restaurant (PUBLIC_URL's origin), so a
 * link never becomes a redirect to somebody else's site after a real payment page.
 */
export function isOwnPage(returnUrl: string, publicUrl: string): boolean {
	try {
		return new URL(returnUrl).origin === new URL(publicUrl).origin;
	} catch {
		return false;
	}
}

export function returnTo(returnUrl: string, paymentId: string, outcome: "paid" | "cancelled"): string {
	const url = new URL(returnUrl);
	url.searchParams.set("payment", paymentId);
	url.searchParams.set("outcome", outcome);
	return url.toString();
}
