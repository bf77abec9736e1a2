// Takeout from the public page (/takeout/): the menu with its choices, a basket, who and when (name, phone, a pickup
// time among the slots offered), then "Pay" opens the payment link; back from paying (/takeout/?order=<id>) the
// page follows the order: awaiting payment, in the kitchen, ready, collected, or cancelled. No sign-in: the order
// id in the address is the guest's only key to it.
import { html, mount, useState, useEffect } from "../app/ui.js";
import { request, money, describeError, newIdempotencyKey } from "../app/core.js";
import { ChoiceSheet } from "../floor/choice-sheet.js";
import { optionsText } from "../floor/modifiers.js";
import {
	addLine,
	setQuantity,
	basketTotal,
	basketCount,
	linePrice,
	takeoutBody,
	missing,
	pickupSlots,
	STATE_TEXT,
	isFinal,
	MAX_QUANTITY,
} from "./plan.js";

const get = path => request("GET", path, undefined, { anonymous: true });
const query = new URLSearchParams(location.search);
const timeText = iso => new Date(iso).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" });
/** One key per basket sent: a double tap, or a retry after a dropped connection, is the same takeout. */
const KEY = "brigade:takeout:key";

function Order({ config }) {
	const [menu, setMenu] = useState(null);
	const [error, setError] = useState("");
	const [basket, setBasket] = useState([]);
	const [choosing, setChoosing] = useState(null);
	const [who, setWho] = useState({ name: "", phone: "", pickupAt: "" });
	const [slots] = useState(() => pickupSlots());
	const [sending, setSending] = useState(false);

	useEffect(() => {
		get("/menu").then(setMenu, err => setError(describeError(err)));
	}, []);
	const change = (key, value) => {
		setWho(w => ({ ...w, [key]: value }));
		sessionStorage.removeItem(KEY);
	};
	const changeBasket = next => {
		setBasket(next);
		sessionStorage.removeItem(KEY);
	};
	const add = (item, modifiers = []) => {
		changeBasket(addLine(basket, item, modifiers));
		setChoosing(null);
	};
	const todo = missing(basket, who);

	const pay = async () => {
		setSending(true);
		setError("");
		let key = sessionStorage.getItem(KEY);
		if (!key) {
			key = newIdempotencyKey();
			sessionStorage.setItem(KEY, key);
		}
		try {
			const placed = await request("POST", "/public/takeout", takeoutBody(basket, who), { anonymous: true, idempotencyKey: key });
			sessionStorage.removeItem(KEY);
			localStorage.setItem("brigade:takeout:last", placed.orderId);
			location.assign(placed.paymentUrl);
		} catch (err) {
			setError(describeError(err));
			setSending(false);
		}
	};

	const categories = (menu?.categories ?? [])
		.map(c => ({ ...c, items: c.items.filter(i => i.available !== false) }))
		.filter(c => c.items.length);
	return html`<main class="takeout">
		<header class="takeout-head">
			<h1>${config.restaurantName}</h1>
			<p class="muted">Takeout: order, pay, and collect it at the counter.</p>
		</header>
		${!menu && !error && html`<p class="muted">Loading the menu…</p>`}
		${categories.map(
			c => html`<section class="takeout-category" aria-label=${c.name}>
				<h2>${c.name}</h2>
				${c.items.map(
					i => html`<div class="takeout-item" data-item-id=${i.id}>
						<div class="takeout-item-text">
							<span class="takeout-item-name">${i.name}</span>
							${i.description && html`<span class="muted">${i.description}</span>`}
						</div>
						<span class="takeout-price">${money(i.priceCents)}</span>
						<button
							type="button"
							class="takeout-add"
							aria-label=${`Add ${i.name}`}
							onClick=${() => (i.modifierGroups?.length ? setChoosing(i) : add(i))}
						>
							Add
						</button>
					</div>`,
				)}
			</section>`,
		)}
		<section class="takeout-basket" aria-label="Your order">
			<h2>Your order${basket.length ? ` · ${basketCount(basket)}` : ""}</h2>
			${!basket.length && html`<p class="muted">Nothing yet: tap Add beside a dish.</p>`}
			${basket.map(
				l => html`<div class="takeout-line" data-line=${l.key}>
					<div class="takeout-item-text">
						<span class="takeout-item-name">${l.name}</span>
						${l.modifiers.length > 0 && html`<span class="muted">${optionsText(l.modifiers)}</span>`}
					</div>
					<div class="takeout-qty">
						<button type="button" aria-label=${`One less ${l.name}`} onClick=${() => changeBasket(setQuantity(basket, l.key, l.quantity - 1))}>−</button>
						<span aria-live="polite">${l.quantity}</span>
						<button type="button" aria-label=${`One more ${l.name}`} disabled=${l.quantity >= MAX_QUANTITY} onClick=${() => changeBasket(setQuantity(basket, l.key, l.quantity + 1))}>+</button>
					</div>
					<span class="takeout-price">${money(linePrice(l))}</span>
				</div>`,
			)}
		</section>
		<section class="takeout-who" aria-label="Pickup">
			<h2>Pickup</h2>
			<label>Your name<input autocomplete="name" maxlength="60" value=${who.name} onInput=${e => change("name", e.target.value)} /></label>
			<label>Phone<input type="tel" autocomplete="tel" maxlength="32" value=${who.phone} onInput=${e => change("phone", e.target.value)} /></label>
			<label
				>Pickup time
				<select value=${who.pickupAt} onChange=${e => change("pickupAt", e.target.value)}>
					<option value="">Choose a time</option>
					${slots.map(s => html`<option value=${s}>${timeText(s)}</option>`)}
				</select>
			</label>
		</section>
		${error && html`<p class="error-text" role="alert">${error}</p>`}
		<div class="takeout-pay">
			${todo.length > 0 && basket.length > 0 && html`<p class="muted" role="status">Still needed: ${todo.join(", ")}</p>`}
			<button type="button" class="primary" disabled=${todo.length > 0 || sending} onClick=${pay} data-pay>
				${sending ? "Opening the payment…" : `Pay ${money(basketTotal(basket))}`}
			</button>
		</div>
		${choosing && html`<${ChoiceSheet} item=${choosing} onAdd=${modifiers => add(choosing, modifiers)} onClose=${() => setChoosing(null)} />`}
	</main>`;
}

/** Back from paying, or opened again later: the order as it stands, followed until nothing more can change. */
function Status({ config, orderId }) {
	const [view, setView] = useState(null);
	const [error, setError] = useState("");
	useEffect(() => {
		let timer;
		const load = () =>
			get(`/public/takeout/${orderId}`).then(
				v => {
					setView(v);
					setError("");
					if (!isFinal(v.state)) timer = setTimeout(load, 3000);
				},
				err => {
					setError(describeError(err));
					if (err.status !== 404) timer = setTimeout(load, 5000);
				},
			);
		load();
		return () => clearTimeout(timer);
	}, [orderId]);
	const cancelledAtProvider = query.get("outcome") === "cancel" || query.get("outcome") === "cancelled";
	return html`<main class="takeout">
		<header class="takeout-head">
			<h1>${config.restaurantName}</h1>
			<p class="muted">Your takeout</p>
		</header>
		${error && html`<p class="error-text" role="alert">${error}</p>`}
		${
			view &&
			html`<section class=${`takeout-state state-${view.state}`} data-state=${view.state} aria-live="polite">
				<p class="takeout-state-text">${STATE_TEXT[view.state]}</p>
				${view.state === "awaiting_payment" && cancelledAtProvider && html`<p class="muted">You left the payment page before paying.</p>`}
				<p>For <strong>${view.name}</strong>, pickup at <strong>${timeText(view.pickupAt)}</strong> · ${money(view.totalCents)}</p>
				<ul class="takeout-summary">
					${view.items.map(i => html`<li>${i.quantity}× ${i.name}${i.options.length ? ` (${i.options.join(", ")})` : ""}</li>`)}
				</ul>
				${view.paymentUrl && html`<a class="button primary takeout-link" href=${view.paymentUrl}>Pay now</a>`}
			</section>`
		}
		<p><a class="button" href="/takeout/">Order something else</a></p>
	</main>`;
}

function Takeout({ config }) {
	const orderId = query.get("order");
	useEffect(() => {
		document.title = `${config.restaurantName} — takeout`;
	}, [config]);
	return orderId ? html`<${Status} config=${config} orderId=${orderId} />` : html`<${Order} config=${config} />`;
}

get("/settings").then(
	config => mount(Takeout, { config }),
	() => mount(Takeout, { config: { restaurantName: "Takeout" } }),
);
