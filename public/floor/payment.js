// One bill (or one part of a split bill) being paid: what it comes to, the payments taken, and the form to take cash or card.
import { html, useState, useRef, useEffect } from "../app/ui.js";
import { api, ApiError, toast, money, centsText, parseCents, newIdempotencyKey, settings } from "../app/core.js";
import { store } from "./live.js";
import { word, say } from "./words.js";
import { checkPayment } from "./billing.js";
import { changeDue, tipButtons } from "./tips.js";

/** One part's money on a line or two: what a waiter reads at a glance. */
function PartTotals({ bill }) {
	const stat = (label, cents, cls = "") =>
		html`<div class=${`stat ${cls}`}><span class="muted">${label}</span><strong class="num">${money(cents)}</strong></div>`;
	const extras = [
		bill.discountCents > 0 && `discount −${money(bill.discountCents)}${bill.discountReason ? ` (${bill.discountReason})` : ""}`,
		bill.serviceChargeCents > 0 && `service ${money(bill.serviceChargeCents)}`,
		bill.taxCents > 0 && `tax ${money(bill.taxCents)}`,
	].filter(Boolean);
	return html`<div class="part-totals">
		<div class="stats">
			${stat("Total", bill.totalCents)} ${stat("Paid", bill.paidCents)} ${bill.tipCents > 0 && stat("Tips", bill.tipCents)}
			${bill.pendingCents > 0 && stat("Pending", bill.pendingCents)} ${stat("Balance", bill.balanceCents, "balance")}
		</div>
		${extras.length > 0 && html`<p class="muted">Subtotal ${money(bill.subtotalCents)}; ${extras.join(", ")}</p>`}
	</div>`;
}

export function BillPart({ bill, split, refresh, discount, reopen }) {
	// A part of a split by seat is that seat's bill.
	const name = !split
		? "Payment"
		: bill.split.seat != null
			? `Seat ${bill.split.seat}`
			: `Part ${bill.split.part} of ${bill.split.parts}`;
	return html`<section class="panel stack bill-part" data-bill-id=${bill.id} data-status=${bill.status} data-seat=${bill.split?.seat ?? ""} aria-label=${name}>
		<div class="row between">
			<h2>${name}${split && bill.split.seat != null && html` <span class="muted part-of">part ${bill.split.part} of ${bill.split.parts}</span>`}</h2>
			<span class=${`pill ${bill.status}`} data-part-status>${word(bill.status)}</span>
		</div>
		${split && bill.lines.length > 0 && html`<p class="muted part-lines">${bill.lines.map(l => `${l.quantity}× ${l.name}${l.sharedBy ? ` (shared by ${l.sharedBy}, ${money(l.amountCents)})` : l.seat == null && bill.split.seat != null ? " (shared)" : ""}`).join(", ")}</p>`}
		<${PartTotals} bill=${bill} />
		${
			bill.payments.length > 0 &&
			html`<ul class="payments">
			${bill.payments.map(
				p => html`<li data-payment-id=${p.id} data-status=${p.status}>
					<span class="grow">${METHOD_WORDS[p.method] ?? p.method} ${money(p.amountCents)}${p.tipCents > 0 ? ` + ${money(p.tipCents)} tip` : ""}${p.changeCents > 0 ? ` (${money(p.tenderedCents)} given, ${money(p.changeCents)} change)` : ""}${p.failureReason ? ` — ${p.failureReason}` : ""}</span>
					<span class=${`pill ${p.status}`}>${word(p.status)}</span>
				</li>`,
			)}
		</ul>`
		}
		${bill.status === "open" && html`<${PayForm} bill=${bill} refresh=${refresh} />`}
		${bill.status === "open" && split && html`<div><button class="small" onClick=${discount}>Discount this part</button></div>`}
		${bill.status === "paid" && split && html`<div><button class="small" data-reopen onClick=${reopen}>Reopen this part</button></div>`}
		${bill.reopenings?.length > 0 && html`<p class="muted" data-reopened>Reopened: ${bill.reopenings.at(-1).reason}</p>`}
	</section>`;
}

/** How a payment was made, as the waiter reads it: a guest's payment link is paid on the guest's phone. */
const METHOD_WORDS = { card: "Card", cash: "Cash", link: "Guest's phone (link)" };

function PayForm({ bill, refresh }) {
	const [method, setMethod] = useState("cash");
	const [amount, setAmount] = useState(null);
	const [tip, setTip] = useState("");
	const [tendered, setTendered] = useState("");
	const [presets, setPresets] = useState([]);
	const [cardToken, setCardToken] = useState("tok_visa");
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);
	const attemptRef = useRef(null);
	const amountText = amount ?? centsText(bill.balanceCents);
	useEffect(() => {
		settings().then(
			s => setPresets(s.tipPresets ?? []),
			() => undefined,
		);
	}, []);
	// Cash handed over: the change due on what it pays (the amount and the tip), shown as it is typed.
	const tenderedCents = method === "cash" && tendered.trim() ? parseCents(tendered) : null;
	const change = changeDue(tenderedCents, parseCents(amountText), tip.trim() ? parseCents(tip) : 0);

	const pay = async e => {
		e.preventDefault();
		const checked = checkPayment({ method, amountText, tipText: tip, cardToken, balanceCents: bill.balanceCents });
		if (checked.error) return setError(checked.error);
		const body = { ...checked.body };
		if (method === "cash" && tendered.trim()) {
			if (tenderedCents === null) return setError("Enter the cash handed over as an amount, e.g. 50.00 (or leave it empty).");
			if (change === null) return setError(`That is less than the ${money(body.amountCents + body.tipCents)} it pays.`);
			body.tenderedCents = tenderedCents;
		}
		const { amountCents, tipCents } = body;
		// One key per payment attempt: a retry after a lost answer reuses it, so the guest is never charged twice.
		const fingerprint = JSON.stringify(body);
		if (attemptRef.current?.fingerprint !== fingerprint) attemptRef.current = { fingerprint, key: newIdempotencyKey() };
		setBusy(true);
		setError("");
		try {
			const payment = await api.post(`/billing/bills/${bill.id}/payments`, body, { idempotencyKey: attemptRef.current.key });
			attemptRef.current = null;
			if (payment.status === "failed")
				throw new ApiError(402, { code: "PAYMENT_DECLINED", message: payment.failureReason ?? "Declined" });
			toast(
				`${method === "card" ? "Card" : "Cash"} payment of ${money(amountCents)}${tipCents ? ` + ${money(tipCents)} tip` : ""} taken${payment.changeCents > 0 ? `; change ${money(payment.changeCents)}` : ""}`,
				"success",
			);
			setAmount(null);
			setTip("");
			setTendered("");
		} catch (err) {
			// Declined is an answer: the next try is a new attempt. Anything else may be retried as it is.
			if (err instanceof ApiError && err.code === "PAYMENT_DECLINED") attemptRef.current = null;
			setError(say(err));
		} finally {
			setBusy(false);
			try {
				store.dispatch({ type: "bills", bills: [await api.get(`/billing/bills/${bill.id}`)] });
			} catch {
				refresh();
			}
		}
	};

	return html`<form class="stack pay-form" onSubmit=${pay} aria-label="Take a payment">
		<div class="row" role="group" aria-label="Payment method">
			<button type="button" aria-pressed=${method === "cash"} onClick=${() => setMethod("cash")}>Cash</button>
			<button type="button" aria-pressed=${method === "card"} onClick=${() => setMethod("card")}>Card</button>
		</div>
		<div class="field-row">
			<label>Amount <input inputmode="decimal" value=${amountText} onInput=${e => setAmount(e.target.value)} /></label>
			<label>Tip <input inputmode="decimal" placeholder="0.00" value=${tip} onInput=${e => setTip(e.target.value)} /></label>
			${method === "cash" && html`<label>Cash handed over <input inputmode="decimal" placeholder="0.00" value=${tendered} data-tendered onInput=${e => setTendered(e.target.value)} /></label>`}
			${method === "card" && html`<label>Card token <input value=${cardToken} autocapitalize="none" onInput=${e => setCardToken(e.target.value)} /></label>`}
		</div>
		${
			presets.length > 0 &&
			// No label of its own: "Tip" names the tip field (the apps' tests find it by that label).
			html`<div class="row tip-presets" data-tip-presets>
			${tipButtons(bill.totalCents, presets).map(
				b =>
					html`<button type="button" class="big" data-tip-percent=${b.percent} aria-pressed=${parseCents(tip) === b.cents && tip.trim() !== ""} onClick=${() => setTip(centsText(b.cents))}>${b.percent}% · ${money(b.cents)}</button>`,
			)}
			<button type="button" class="big" data-tip-custom onClick=${() => setTip("")}>Custom</button>
		</div>`
		}
		${change !== null && html`<p class="change-due" data-change-due>Change due <strong class="num">${money(change)}</strong></p>`}
		${error && html`<p class="error-text" role="alert" data-pay-error>${error}</p>`}
		<button type="submit" class="ok" disabled=${busy}>${busy ? "Taking payment…" : method === "card" ? "Charge card" : "Take cash"}</button>
	</form>`;
}
