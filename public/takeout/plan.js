// The takeout page's rules, without the DOM (node tests import it): the pickup times offered, the basket and the
// body POST /public/takeout takes, and what a takeout's state says to its guest.
import { basketFull, MAX_QUANTITY, roundBody } from "../guest/basket.js";

/** The kitchen's shortest promise, and how the times offered are spaced. */
export const LEAD_MINUTES = 20;
export const STEP_MINUTES = 15;
/** How far ahead the page offers (the server takes up to 12 hours: "today's service"). */
export const SLOTS = 16;

/** Pickup times to choose from: the first quarter hour at least LEAD_MINUTES away, then every STEP_MINUTES. */
export function pickupSlots(now = new Date(), count = SLOTS) {
	const step = STEP_MINUTES * 60_000;
	const first = Math.ceil((now.getTime() + LEAD_MINUTES * 60_000) / step) * step;
	return Array.from({ length: count }, (_, i) => new Date(first + i * step).toISOString());
}

/** A dish joins the basket with its choices; the same dish with the same choices adds one to its line. */
export function addLine(basket, item, modifiers = []) {
	const key = `${item.id}:${modifiers
		.map(m => m.optionId)
		.sort()
		.join(",")}`;
	const same = basket.find(l => l.key === key);
	if (same) return basket.map(l => (l === same ? { ...l, quantity: Math.min(MAX_QUANTITY, l.quantity + 1) } : l));
	if (basketFull(basket)) return basket;
	return [...basket, { key, menuItemId: item.id, name: item.name, priceCents: item.priceCents, modifiers, quantity: 1 }];
}

// The basket's arithmetic is the guest phone's (what the page shows; the server prices the order from the menu).
export { basketCount, basketTotal, linePrice, MAX_QUANTITY, setQuantity } from "../guest/basket.js";

/** POST /public/takeout's body: who, when, and the lines (a price is never sent). */
export function takeoutBody(basket, { name, phone, pickupAt }) {
	return {
		name: name.trim(),
		phone: phone.trim(),
		pickupAt,
		items: roundBody(basket).items,
	};
}

/** What is missing before "Pay" can go, in the guest's words (empty: ready). */
export function missing(basket, { name, phone, pickupAt }) {
	const out = [];
	if (!basket.length) out.push("Add something from the menu");
	if (!name.trim()) out.push("Your name");
	if (phone.replace(/\D/g, "").length < 7) out.push("A phone number we can call");
	if (!pickupAt) out.push("A pickup time");
	return out;
}

/** A takeout's state as its guest reads it. */
export const STATE_TEXT = {
	awaiting_payment: "Waiting for your payment. The kitchen starts once it is paid.",
	in_kitchen: "Paid. Your order is in the kitchen.",
	ready: "Ready! Collect it at the counter.",
	collected: "Collected. Enjoy your meal!",
	cancelled: "Cancelled: the payment did not go through, so nothing was charged and nothing is being cooked.",
};

/** The page polls while something can still change. */
export const isFinal = state => state === "collected" || state === "cancelled";
