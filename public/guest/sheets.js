// The guest's sheets: the basket before it is sent, paying (which bill, whole / even share / chosen items, a tip)
// by payment link, and the receipt by email. The page (guest.js) makes the calls; these ask and say.
import { html, Modal, useState, useRef, useEffect } from "../app/ui.js";
import { money, describeError, newIdempotencyKey } from "../app/core.js";
import { tipButtons } from "../floor/tips.js";
import { setQuantity, linePrice, basketTotal, shareCents, payBody, MAX_QUANTITY } from "./basket.js";
import { sessionGone } from "./session.js";

export { paymentOutcome } from "./basket.js";

const PAYING_KEY = tableId => `brigade.guest.paying.${tableId}`;

/** The payment this phone left for (kept across the trip to the payment page). */
export function readPaying(tableId) {
	try {
		return JSON.parse(sessionStorage.getItem(PAYING_KEY(tableId)) ?? "null");
	} catch {
		return null;
	}
}

export function forgetPaying(tableId) {
	try {
		sessionStorage.removeItem(PAYING_KEY(tableId));
	} catch {}
}

function savePaying(tableId, paying) {
	try {
		sessionStorage.setItem(PAYING_KEY(tableId), JSON.stringify(paying));
	} catch {}
}

/** The basket: quantities, what it comes to, and Send (one key per send, so a retried tap orders it once). */
export function BasketSheet({ basket, setBasket, ordering, send, onClose }) {
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState("");
	const keyRef = useRef(null);
	const go = async () => {
		keyRef.current ??= newIdempotencyKey();
		setBusy(true);
		setError("");
		try {
			await send(keyRef.current);
			keyRef.current = null;
		} catch (err) {
			if (err.status >= 400 && err.status < 500) keyRef.current = null;
			setError(sessionGone(err) ? "This visit has ended: see the note at the top of the page." : describeError(err));
		} finally {
			setBusy(false);
		}
	};
	return html`<${Modal} title="Your order" onClose=${onClose} label="Your order">
		${!basket.length && html`<p>Nothing added yet.</p>`}
		<ul class="basket-lines">
			${basket.map(
				l => html`<li key=${l.key} data-basket-line=${l.menuItemId}>
					<div class="basket-line-head">
						<span class="line-name">${l.name}</span>
						<span class="dish-price">${money(linePrice(l))}</span>
					</div>
					${l.modifiers.length > 0 && html`<span class="line-options">${l.modifiers.map(m => m.name).join(" · ")}</span>`}
					<div class="stepper" role="group" aria-label=${`How many ${l.name}`}>
						<button aria-label=${`One less ${l.name}`} disabled=${busy} onClick=${() => setBasket(b => setQuantity(b, l.key, l.quantity - 1))}>${l.quantity === 1 ? "Remove" : "−"}</button>
						<span class="qty" aria-label=${`Quantity of ${l.name}`}>${l.quantity}</span>
						<button aria-label=${`One more ${l.name}`} disabled=${busy || l.quantity >= MAX_QUANTITY} onClick=${() => setBasket(b => setQuantity(b, l.key, l.quantity + 1))}>+</button>
					</div>
				</li>`,
			)}
		</ul>
		${basket.length > 0 && html`<p class="basket-total">Total <strong>${money(basketTotal(basket))}</strong></p>`}
		<p class="muted">${ordering === "direct" ? "It goes straight to the kitchen." : "Your waiter confirms it, then it goes to the kitchen."}</p>
		${error && html`<p class="error-text" role="alert">${error}</p>`}
		<div class="actions">
			<button onClick=${onClose}>Keep choosing</button>
			<button class="primary" disabled=${busy || !basket.length} onClick=${go} data-send-order>${busy ? "Sending…" : "Send order"}</button>
		</div>
	</${Modal}>`;
}

/** Paying by link: which bill (a split's part), how much of it, a tip; then off to the payment page. */
export function PaySheet({ bills, presets, tableId, pay, askForBill, onClose }) {
	const [billId, setBillId] = useState(bills[0]?.id ?? null);
	const [share, setShare] = useState("whole");
	const [parts, setParts] = useState(2);
	const [lineIds, setLineIds] = useState([]);
	const [tipCents, setTipCents] = useState(0);
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState("");
	const bill = bills.find(b => b.id === billId) ?? bills[0] ?? null;
	useEffect(() => {
		if (!billId && bills[0]) setBillId(bills[0].id);
	}, [bills.length]);
	const amount = shareCents(bill, share, { parts, lineIds });
	const tips = tipButtons(amount, presets);

	if (!bill)
		return html`<${Modal} title="Pay" onClose=${onClose}>
			<p>Your bill is not ready yet. Ask for it and your waiter prepares it; you can then pay it here.</p>
			<div class="actions">
				<button onClick=${onClose}>Close</button>
				<button class="primary" onClick=${askForBill}>Ask for the bill</button>
			</div>
		</${Modal}>`;

	const go = async () => {
		setBusy(true);
		setError("");
		try {
			// The payment page sends the guest back here, with `payment` and `outcome` added to the query.
			const returnUrl = `${location.origin}/guest/?table=${encodeURIComponent(tableId)}`;
			const link = await pay(payBody(bill, share, { parts, lineIds, tipCents, returnUrl }));
			savePaying(tableId, {
				billId: bill.id,
				paymentId: link.paymentId,
				amountCents: link.amountCents ?? amount,
				paidBefore: bill.paidCents,
				at: new Date().toISOString(),
			});
			location.assign(link.url);
		} catch (err) {
			setError(sessionGone(err) ? "This visit has ended: see the note at the top of the page." : describeError(err));
			setBusy(false);
		}
	};

	return html`<${Modal} title="Pay the bill" onClose=${onClose} label="Pay the bill">
		${
			bills.length > 1 &&
			html`<div class="pay-choice" role="group" aria-label="Which part of the bill">
			${bills.map(
				b => html`<button key=${b.id} aria-pressed=${b.id === bill.id} onClick=${() => setBillId(b.id)}>
					${b.split?.part ? `Part ${b.split.part}` : "The bill"} · ${money(b.balanceCents)}
				</button>`,
			)}
		</div>`
		}
		<p class="pay-balance">Left to pay <strong data-balance>${money(bill.balanceCents)}</strong>${bill.pendingCents > 0 ? html` <span class="muted">(${money(bill.pendingCents)} being paid)</span>` : ""}</p>
		<div class="pay-choice" role="group" aria-label="How much to pay">
			<button aria-pressed=${share === "whole"} onClick=${() => setShare("whole")} data-share="whole">Whole bill</button>
			<button aria-pressed=${share === "even"} onClick=${() => setShare("even")} data-share="even">Equal share</button>
			<button aria-pressed=${share === "items"} onClick=${() => setShare("items")} data-share="items">My dishes</button>
		</div>
		${
			share === "even" &&
			html`<div class="stepper" role="group" aria-label="Split between">
			<button aria-label="Fewer people" disabled=${parts <= 2} onClick=${() => setParts(n => n - 1)}>−</button>
			<span class="qty" aria-label="People">${parts}</span>
			<button aria-label="More people" disabled=${parts >= 20} onClick=${() => setParts(n => n + 1)}>+</button>
			<span class="stepper-note">people share it</span>
		</div>`
		}
		${
			share === "items" &&
			html`<ul class="pay-lines" aria-label="Your dishes">
			${bill.lines.map(
				l => html`<li key=${l.id}>
					<label>
						<input
							type="checkbox"
							checked=${lineIds.includes(l.id)}
							onChange=${e => setLineIds(ids => (e.target.checked ? [...ids, l.id] : ids.filter(id => id !== l.id)))}
						/>
						<span class="line-name">${l.quantity}× ${l.name}</span>
						<span class="dish-price">${money(l.amountCents)}</span>
					</label>
				</li>`,
			)}
		</ul>`
		}
		${
			tips.length > 0 &&
			html`<div class="pay-choice tips" role="group" aria-label="Tip">
			<button aria-pressed=${tipCents === 0} onClick=${() => setTipCents(0)}>No tip</button>
			${tips.map(t => html`<button key=${t.percent} aria-pressed=${tipCents === t.cents && t.cents > 0} onClick=${() => setTipCents(t.cents)} data-tip-percent=${t.percent}>${t.percent}% · ${money(t.cents)}</button>`)}
		</div>`
		}
		<p class="pay-total">You pay <strong data-pay-amount>${money(amount + tipCents)}</strong>${tipCents > 0 ? html` <span class="muted">(${money(amount)} + ${money(tipCents)} tip)</span>` : ""}</p>
		${error && html`<p class="error-text" role="alert" data-pay-error>${error}</p>`}
		<div class="actions">
			<button onClick=${onClose}>Not now</button>
			<button class="primary" disabled=${busy || amount <= 0} onClick=${go} data-pay>${busy ? "Opening the payment page…" : `Pay ${money(amount + tipCents)}`}</button>
		</div>
	</${Modal}>`;
}

/** The receipt by email: the address, then "sent" (the mail is queued and goes out once). */
export function ReceiptSheet({ bill, send, onClose }) {
	const [email, setEmail] = useState("");
	const [busy, setBusy] = useState(false);
	const [done, setDone] = useState(false);
	const [error, setError] = useState("");
	const go = async e => {
		e.preventDefault();
		setBusy(true);
		setError("");
		try {
			await send(email.trim());
			setDone(true);
		} catch (err) {
			setError(describeError(err));
		} finally {
			setBusy(false);
		}
	};
	return html`<${Modal} title="Email my receipt" onClose=${onClose}>
		${
			done
				? html`<p role="status" data-receipt-sent>Your receipt is on its way to ${email.trim()}.</p>
					<div class="actions"><button class="primary" onClick=${onClose}>Done</button></div>`
				: html`<form class="stack" onSubmit=${go}>
					<label class="guest-field">Your email address
						<input type="email" required autocomplete="email" inputmode="email" value=${email} onInput=${e => setEmail(e.target.value)} />
					</label>
					<p class="muted">The receipt for ${money(bill.totalCents)} (${bill.split?.part ? `part ${bill.split.part} of the bill` : "the bill"}).</p>
					${error && html`<p class="error-text" role="alert">${error}</p>`}
					<div class="actions">
						<button type="button" onClick=${onClose}>Cancel</button>
						<button type="submit" class="primary" disabled=${busy || !email.trim()}>${busy ? "Sending…" : "Send receipt"}</button>
					</div>
				</form>`
		}
	</${Modal}>`;
}
