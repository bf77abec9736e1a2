// The guest's basket and how its order and bill read on the phone: lines with their choices, the round's request,
// what each status means to a guest, and what a share of the bill comes to. No DOM, so node tests import it.
import { money } from "../app/format.js";
import { chosenModifiers, modifiersRequest, unitPrice } from "../floor/modifiers.js";

/** A basket line: `{key, menuItemId, name, priceCents, modifiers, quantity}` (modifiers as the order line carries them). */
export const emptyBasket = () => [];

/**
 * What one round (or a takeout) may hold, as the server takes it (GUEST_ROUND_LIMITS): up to 10 lines of up to 10.
 * The basket stops there rather than have the round refused.
 */
export const MAX_QUANTITY = 10;
export const MAX_LINES = 10;

/** Whether another dish (a new line) fits in the basket. */
export const basketFull = basket => basket.length >= MAX_LINES;

const sameChoices = (a, b) => a.length === b.length && a.every((m, i) => m.optionId === b[i].optionId);

/** The dish added with its choices (`choices`: group id → option ids): one more on the same line when it is the same. */
export function addToBasket(basket, item, choices = {}, key = `${Date.now()}-${Math.random()}`) {
	const modifiers = chosenModifiers(item, choices);
	const same = basket.find(l => l.menuItemId === item.id && sameChoices(l.modifiers, modifiers));
	if (same) return basket.map(l => (l === same ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + 1) } : l));
	if (basketFull(basket)) return basket;
	return [...basket, { key, menuItemId: item.id, name: item.name, priceCents: item.priceCents, modifiers, quantity: 1 }];
}

/** A line's quantity changed; 0 takes it off. */
export function setQuantity(basket, key, quantity) {
	if (quantity <= 0) return basket.filter(l => l.key !== key);
	return basket.map(l => (l.key === key ? { ...l, quantity: Math.min(MAX_QUANTITY, quantity) } : l));
}

export const linePrice = l => l.quantity * unitPrice(l.priceCents, l.modifiers);
export const basketTotal = basket => basket.reduce((s, l) => s + linePrice(l), 0);
export const basketCount = basket => basket.reduce((n, l) => n + l.quantity, 0);

/** POST /guest/order/items's body for the basket. */
export function roundBody(basket) {
	return {
		items: basket.map(l => ({
			menuItemId: l.menuItemId,
			quantity: l.quantity,
			...(l.modifiers.length > 0 && { modifiers: modifiersRequest(l.modifiers) }),
		})),
	};
}

/** What the phone says once a round went: the waiter confirms it, or the kitchen has it. */
export function roundSent(result) {
	return result.status === "pending_confirmation"
		? "Your order is with the waiter, who will confirm it in a moment."
		: "Your order is in the kitchen.";
}

/** A line's status as a guest reads it. */
export const GUEST_STATUS = {
	pending: "Waiting for the waiter to confirm",
	queued: "Sent to the kitchen",
	preparing: "Being prepared",
	ready: "Ready, on its way",
	served: "Served",
};
export const guestStatus = status => GUEST_STATUS[status] ?? status;

/** The table's order by round, newest first: `[{round, lines, pending}]` (sides under their dish are left in place). */
export function orderRounds(order) {
	if (!order) return [];
	const rounds = [...new Set(order.items.map(i => i.round))].sort((a, b) => b - a);
	return rounds.map(round => {
		const lines = order.items.filter(i => i.round === round);
		return { round, lines, pending: lines.some(i => i.status === "pending") };
	});
}

/**
 * The bill a guest pays now, from the bills the phone knows (by id): the open one for its table; a bill split by
 * the waiter is paid through its open parts (each one its own bill). Null when there is none open.
 */
export function openBills(bills) {
	const all = Object.values(bills);
	return all.filter(b => b.status === "open").sort((a, b) => (a.split?.part ?? 0) - (b.split?.part ?? 0));
}

/** Whether every bill the phone knows for the table is paid (and there is one). */
export const allPaid = bills => {
	const all = Object.values(bills).filter(b => b.status !== "void");
	return all.length > 0 && all.every(b => b.status === "paid");
};

/**
 * What a share comes to before the tip: the whole balance, `parts`-th of it (rounded up to the cent, so the last
 * shares never fall short), or the chosen lines' amounts (never above the balance).
 */
export function shareCents(bill, share, { parts = 2, lineIds = [] } = {}) {
	if (!bill) return 0;
	if (share === "even") return Math.ceil(bill.balanceCents / Math.max(1, parts));
	if (share === "items")
		return Math.min(
			bill.balanceCents,
			bill.lines.filter(l => lineIds.includes(l.id)).reduce((s, l) => s + l.amountCents, 0),
		);
	return bill.balanceCents;
}

/** POST /guest/bill/pay's body. */
export function payBody(bill, share, { parts, lineIds, tipCents, returnUrl } = {}) {
	return {
		billId: bill.id,
		share,
		...(share === "even" && { parts }),
		...(share === "items" && { lineIds }),
		...(tipCents > 0 && { tipCents }),
		...(returnUrl && { returnUrl }),
	};
}

/**
 * Back from the payment page: what became of the payment this phone started (`paying`: `{billId, amountCents,
 * paidBefore}`), as the bill now shows it. `state`: "checking" while the provider's answer has not reached the
 * bill, "paid", or "failed" (the hold on the bill went without money arriving).
 */
export function paymentOutcome(paying, bills) {
	const bill = bills[paying.billId];
	if (!bill) return { state: "checking", kind: "info", text: "Checking your payment…" };
	if (bill.status === "paid" || bill.paidCents >= paying.paidBefore + paying.amountCents)
		return {
			state: "paid",
			kind: "ok",
			text:
				bill.status === "paid"
					? `Paid, thank you! The bill is settled${paying.amountCents ? ` (you paid ${money(paying.amountCents)})` : ""}.`
					: `Your payment of ${money(paying.amountCents)} went through, thank you! ${money(bill.balanceCents)} is left on the bill.`,
		};
	if (bill.pendingCents > 0) return { state: "checking", kind: "info", text: "Your payment is being confirmed…" };
	return { state: "failed", kind: "error", text: "Your payment did not go through, and nothing was charged. You can try again." };
}

/** The rounds that waited for the waiter in `before` and are gone from `after` (the waiter turned them down). */
export function turnedDown(before, after) {
	if (!before || !after || before.id !== after.id) return [];
	const waiting = new Set(before.items.filter(i => i.status === "pending").map(i => i.round));
	return [...waiting].filter(round => !after.items.some(i => i.round === round));
}
