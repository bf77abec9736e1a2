// The floor's words: statuses as waiters say them, counts, and each refusal as what to do next.
import { ApiError, describeError } from "../app/errors.js";
import { money } from "../app/format.js";

const STATUS_WORDS = {
	held: "Held",
	queued: "Queued",
	preparing: "Cooking",
	ready: "Ready",
	served: "Served",
	voided: "Voided",
	placed: "Sent",
	in_progress: "Cooking",
	billed: "Billed",
	paid: "Paid",
	cancelled: "Cancelled",
	available: "Available",
	occupied: "Occupied",
	reserved: "Reserved",
	cleaning: "Cleaning",
	open: "Open",
	void: "Split",
	pending: "Pending",
	captured: "Paid",
	failed: "Declined",
};
export const word = status => STATUS_WORDS[status] ?? status;
export const plural = (n, one, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What went wrong, in the floor's words; the server's own message when it already says it plainly. */
export function say(err) {
	if (!(err instanceof ApiError)) return describeError(err);
	const d = err.details ?? {};
	switch (err.code) {
		case "OFFLINE":
			return "No connection to Brigade. Nothing was lost: tap again when the connection is back.";
		case "ITEM_UNAVAILABLE":
			return `${err.message}. Take it off the round and send again.`;
		case "ITEM_HELD":
			return "That dish waits for its course: fire the course first.";
		case "APPROVAL_REQUIRED":
			return "This needs a manager's approval: tap it again to ask one.";
		case "APPROVAL_INVALID":
			return `That approval cannot be used (${d.why ?? "it is no longer good"}): tap again to ask a manager.`;
		case "APPROVAL_DECIDED":
			return `This request is already ${d.status ?? "decided"}.`;
		case "NO_SEATS":
			return "No dish on this bill has a seat: split it evenly or by items instead.";
		case "ITEM_IN_PREPARATION":
			return `The kitchen has already started this item (${word(d.status).toLowerCase()}), so it cannot be voided from the floor. Ask a manager to void it.`;
		case "ORDER_NOT_SERVED":
			return `Not everything is served yet: ${(d.items ?? []).map(i => `${i.name} is ${word(i.status).toLowerCase()}`).join(", ")}. Serve or void it first.`;
		case "ORDER_NOT_READY":
			return d.items?.length
				? `Not ready to serve: ${d.items.map(i => `${i.name} is ${word(i.status).toLowerCase()}`).join(", ")}. The order has been read again.`
				: "Nothing on this order is ready to serve yet.";
		case "ORDER_NOT_CANCELLABLE":
			return "Some of this order is ready or served, so it cannot be cancelled: void the items still waiting instead.";
		case "ORDER_CLOSED":
			return `This order is ${word(d.status).toLowerCase()} and can no longer change.`;
		case "PAYMENT_DECLINED":
			return `Card declined: ${err.message}. Nothing was charged — try another card or take cash.`;
		case "PAYMENT_EXCEEDS_BALANCE":
			return `That is more than the ${money(d.balanceCents)} left to pay.`;
		case "PAYMENT_PROVIDER_UNAVAILABLE":
			return "The card machine did not answer. The payment is pending and is checked again shortly — do not charge the card again.";
		case "IDEMPOTENCY_KEY_IN_USE":
			return "The first try is still going through. Wait a moment, then tap again.";
		case "FORBIDDEN":
			return "Only a manager can do that.";
		default:
			return describeError(err);
	}
}

/**
 * A sold-out refusal on sending, in words: which dish or choice ran out and what is left of it ("Ribeye is sold
 * out", "only 1 Ribeye left"), from the ids the server names, with this tablet's menu (`menuItems` by id,
 * `options` by id) for their names. The server's own sentence when it names nothing this tablet knows.
 */
export function sayUnavailable(err, menuItems, options) {
	const d = err.details ?? {};
	const left = d.remaining ?? {};
	const what = [...(d.menuItemIds ?? []), ...(d.optionIds ?? [])]
		.map(id => {
			const item = menuItems.get(id);
			const option = options.get(id);
			const name = item?.name ?? (option && `${option.name} (${option.groupName})`);
			if (!name) return null;
			const n = left[id];
			return typeof n === "number" && n > 0 ? `only ${n} ${name} left` : `${name} is sold out`;
		})
		.filter(Boolean);
	if (!what.length) return `${err.message}. Take it off the round and send again.`;
	const sentence = what.join(", ");
	return `${sentence[0].toUpperCase()}${sentence.slice(1)}. Nothing was sent: change the round and send again.`;
}
