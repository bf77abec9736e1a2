// The guest's phone from a table's QR code (/guest/?table=<id>): the menu, live (sold-out dishes and options marked
// as the kitchen runs out), and, where the venue lets guests order (GUEST_ORDERING), a basket sent as a round that
// the waiter confirms or the kitchen gets at once; the table's order as it goes; calling the waiter or asking for the
// bill; paying the whole bill, an even share or chosen items by payment link, and the receipt by email.
import { html, mount, useState, useEffect, useRef } from "../app/ui.js";
import { request, settings, connectLive, money, describeError, applyMenuItem, tableLabel } from "../app/core.js";
import { applyModifierGroup, choiceRule, deltaText } from "../app/modifiers.js";
import { ChoiceSheet } from "../floor/choice-sheet.js";
import { openSession, forgetSession, call, sessionGone } from "./session.js";
import {
	addToBasket,
	basketFull,
	MAX_LINES,
	basketCount,
	basketTotal,
	roundBody,
	roundSent,
	orderRounds,
	guestStatus,
	openBills,
	allPaid,
	turnedDown,
} from "./basket.js";
import { BasketSheet, PaySheet, ReceiptSheet, paymentOutcome, readPaying, forgetPaying } from "./sheets.js";

/** A countdown shows to guests from this many portions down ("Only 3 left"); above it, the dish simply is on. */
const LOW = 10;
const low = remaining => remaining !== null && remaining !== undefined && remaining > 0 && remaining <= LOW;

const query = new URLSearchParams(location.search);
const tableId = query.get("table");
/** Back from the payment page: the page then says whether the payment went through. */
const returning = query.has("payment");
const get = path => request("GET", path, undefined, { anonymous: true });

function percent(ppm) {
	return `${+(ppm / 10_000).toFixed(3)}%`;
}

/** What a guest reads when the session can do nothing more, and whether a new visit can start here. */
function goneText(gone) {
	if (gone.why === "expired") return "Your visit on this phone has timed out. Start again to order or pay from here.";
	if (gone.reason === "paid") return "This table's bill is paid. Thank you! Start a new visit to order again.";
	if (gone.reason === "moved") return "Your table's order moved to another table: please ask your waiter.";
	return "This table's order is closed. Start a new visit to order again, or ask your waiter.";
}

function GuestMenu({ config }) {
	const [menu, setMenu] = useState(null);
	const [error, setError] = useState("");
	const [table, setTable] = useState(null);
	const [tableMissing, setTableMissing] = useState(false);
	const [liveOn, setLiveOn] = useState(false);
	const [session, setSession] = useState(null);
	const [gone, setGone] = useState(null);
	const [order, setOrder] = useState(null);
	const [bills, setBills] = useState({});
	const [basket, setBasket] = useState([]);
	const [choosing, setChoosing] = useState(null);
	const [sheet, setSheet] = useState(null);
	const [notice, setNotice] = useState(null);
	const [calling, setCalling] = useState(null);
	const sessionRef = useRef(null);
	sessionRef.current = session;

	const loadMenu = () =>
		get("/menu").then(
			m => {
				setMenu(m);
				setError("");
			},
			err => setError(describeError(err)),
		);

	/** A guest call; a session that ended or expired says so instead of failing quietly. */
	const guestCall = async (method, path, body, opts) => {
		const s = sessionRef.current;
		try {
			return await call(method, path, body, s?.guestToken, opts);
		} catch (err) {
			const why = sessionGone(err);
			if (why) setGone(why);
			throw err;
		}
	};

	/** The table's order (404 while it has none), then its bill once there is an order to bill. */
	const loadOrder = () =>
		sessionRef.current &&
		guestCall("GET", "/guest/order").then(
			o => {
				setOrder(o);
				loadBills();
			},
			err => {
				if (err.status === 404) setOrder(null);
			},
		);

	const loadBills = () =>
		sessionRef.current &&
		call("GET", "/guest/bill", undefined, sessionRef.current.guestToken).then(
			got => {
				const list = Array.isArray(got) ? got : (got?.bills ?? (got ? [got, ...(got.parts ?? [])] : []));
				setBills(Object.fromEntries(list.filter(b => b?.id).map(b => [b.id, b])));
			},
			() => undefined,
		);

	useEffect(() => {
		loadMenu();
		if (tableId) get(`/tables/${encodeURIComponent(tableId)}/guest`).then(setTable, () => setTableMissing(true));
	}, []);

	// The visit: a guest session for the table (this tab keeps it), then the live feed of its order and bill.
	useEffect(() => {
		if (!tableId) return;
		let live = true;
		let socket = null;
		openSession(tableId).then(
			s => {
				if (!live) return;
				setSession(s);
				sessionRef.current = s;
				setGone(null);
				socket = connectLive({
					guest: true,
					guestToken: () => sessionRef.current?.guestToken,
					handlers: {
						"menu:update": item =>
							setMenu(m => {
								const next = m && applyMenuItem(m, item);
								if (!next) loadMenu();
								return next ?? m;
							}),
						"modifier:update": group => setMenu(m => applyModifierGroup(m, group)),
						"order:update": o =>
							setOrder(had => {
								if (had && had.id === o.id && (o.version ?? 0) < (had.version ?? 0)) return had;
								const down = turnedDown(had, o);
								if (down.length)
									setNotice({
										kind: "error",
										text: `Your waiter did not take round ${down.join(" and ")}, and nothing of it was charged. They will come and talk to you.`,
									});
								return o;
							}),
						"bill:update": ({ change, ...b }) =>
							setBills(had => (!had[b.id] || (b.version ?? 0) >= (had[b.id].version ?? 0) ? { ...had, [b.id]: b } : had)),
						"bill:paid": ({ change, ...b }) => setBills(had => ({ ...had, [b.id]: b })),
					},
					onResync: () => {
						loadMenu();
						loadOrder();
					},
				});
				socket.on("welcome", () => setLiveOn(true));
				socket.on("disconnect", () => setLiveOn(false));
				socket.on("connect_error", err => {
					const code = err?.data?.code;
					if (code === "GUEST_SESSION_ENDED" || code === "INVALID_TOKEN") {
						socket.disconnect();
						setGone(
							code === "INVALID_TOKEN" ? { why: "expired" } : { why: "ended", reason: err.data?.details?.reason ?? null },
						);
						// The menu stays live for a guest still reading it.
						loadPlainSocket();
					}
				});
				loadOrder();
			},
			err => {
				if (!live) return;
				// No session (an unknown table, too many tries from here): the menu still shows, read-only.
				setSession(null);
				if (err.status === 404) setTableMissing(true);
				else setNotice({ kind: "error", text: `Ordering from this phone is not available right now (${describeError(err)}).` });
				loadPlainSocket();
			},
		);
		/** The menu's live feed alone, for a phone without a session. */
		const loadPlainSocket = () => {
			socket = connectLive({
				guest: true,
				handlers: {
					"menu:update": item => setMenu(m => (m && applyMenuItem(m, item)) ?? m),
					"modifier:update": group => setMenu(m => applyModifierGroup(m, group)),
				},
				onResync: loadMenu,
			});
			socket.on("welcome", () => setLiveOn(true));
			socket.on("disconnect", () => setLiveOn(false));
		};
		return () => {
			live = false;
			socket?.disconnect();
		};
	}, []);

	useEffect(() => {
		if (!tableId) {
			const socket = connectLive({
				guest: true,
				handlers: {
					"menu:update": item => setMenu(m => (m && applyMenuItem(m, item)) ?? m),
					"modifier:update": group => setMenu(m => applyModifierGroup(m, group)),
				},
				onResync: loadMenu,
			});
			socket.on("welcome", () => setLiveOn(true));
			socket.on("disconnect", () => setLiveOn(false));
			return () => socket.disconnect();
		}
	}, []);

	useEffect(() => {
		document.title = table ? `${config.restaurantName} — table ${table.name}` : `${config.restaurantName} — menu`;
	}, [table]);

	// Back from the payment page: what became of the payment, as the bill shows it.
	const paying = returning ? readPaying(tableId) : null;
	const checked = paying ? paymentOutcome(paying, bills) : null;
	// Cancelled on the payment page: said at once, while the bill lets go of its hold.
	const outcome =
		checked?.state === "checking" && /cancel|expire|fail/i.test(query.get("outcome") ?? "")
			? { state: "failed", kind: "error", text: "The payment was cancelled, and nothing was charged. You can try again." }
			: checked;

	const payable = openBills(bills);
	const paidUp = allPaid(bills);
	// A table that has paid orders no more on this visit (the session ends with the payment).
	const ordering = session && !gone && !paidUp && session.ordering !== "off";
	const categories = (menu?.categories ?? []).filter(c => c.items.length);
	const receiptBill = paying ? (bills[paying.billId] ?? null) : (Object.values(bills).find(b => b.status === "paid") ?? null);

	const add = item => {
		if (!item.available) return;
		if (basketFull(basket) && !basket.some(l => l.menuItemId === item.id))
			return setNotice({ kind: "error", text: `A round holds up to ${MAX_LINES} dishes: send this one, then order more.` });
		if (item.modifierGroups?.length) setChoosing(item.id);
		else setBasket(b => addToBasket(b, item));
	};
	const choosingItem = choosing && categories.flatMap(c => c.items).find(i => i.id === choosing);

	const callWaiter = async kind => {
		setCalling(kind);
		try {
			await guestCall("POST", "/guest/calls", { kind });
			setNotice({
				kind: "ok",
				text:
					kind === "bill"
						? "Your waiter has been asked for the bill."
						: "Your waiter has been called and will be with you shortly.",
			});
		} catch (err) {
			if (!sessionGone(err)) setNotice({ kind: "error", text: describeError(err) });
		} finally {
			setCalling(null);
		}
	};

	const rounds = orderRounds(order);
	/** How many of a dish the basket holds (its Add button says so: the tap did something). */
	const inBasket = id => basket.filter(l => l.menuItemId === id).reduce((n, l) => n + l.quantity, 0);

	return html`<header class="guest-header" data-live=${liveOn ? "on" : "off"}>
			<h1>${config.restaurantName}</h1>
			${table && html`<p class="guest-table" data-table-id=${table.id}>${tableLabel(table.name)}</p>`}
			${tableMissing && html`<p class="guest-note">We could not find this table's code, but here is our menu.</p>`}
			${
				!gone &&
				html`<p class="guest-order-note">${paidUp ? "Your bill is paid. Thank you for coming!" : ordering ? "Tap a dish to add it to your order, then send it from the bar at the bottom." : "Ready to order? Your server will take it at the table."}</p>`
			}
		</header>
		${
			gone &&
			html`<div class="guest-gone" role="alert" data-session-gone=${gone.reason ?? gone.why}>
			<p>${goneText(gone)}</p>
			${
				gone.reason !== "moved" &&
				html`<button class="primary" onClick=${() => {
					// A new visit from a clean page: no session, no payment being followed, the table's code only.
					forgetSession(tableId);
					forgetPaying(tableId);
					location.replace(`/guest/?table=${encodeURIComponent(tableId)}`);
				}}>Start again</button>`
			}
		</div>`
		}
		${
			session &&
			!gone &&
			html`<div class="guest-actions" role="group" aria-label="Ask the staff">
			<button disabled=${calling !== null} onClick=${() => callWaiter("waiter")} data-call="waiter">${calling === "waiter" ? "Calling…" : "Call the waiter"}</button>
			<button disabled=${calling !== null} onClick=${() => callWaiter("bill")} data-call="bill">${calling === "bill" ? "Asking…" : "Ask for the bill"}</button>
			${
				paidUp
					? html`<button disabled data-open-pay>Bill paid</button>`
					: html`<button class=${payable.length ? "ok" : ""} onClick=${() => setSheet("pay")} data-open-pay>Pay${payable.length ? ` ${money(payable.reduce((s, b) => s + b.balanceCents, 0))}` : ""}</button>`
			}
		</div>`
		}
		${notice && html`<p class=${`guest-notice ${notice.kind}`} role=${notice.kind === "error" ? "alert" : "status"} data-guest-notice>${notice.text}</p>`}
		${
			outcome &&
			html`<div class=${`guest-notice ${outcome.kind}`} role="status" data-payment-outcome=${outcome.state}>
			<p>${outcome.text}</p>
		</div>`
		}
		${
			(paidUp || (outcome && outcome.state === "paid")) &&
			receiptBill &&
			html`<div class="guest-receipt"><button onClick=${() => setSheet("receipt")} data-open-receipt>Email my receipt</button></div>`
		}
		${
			rounds.length > 0 &&
			html`<section class="guest-order" aria-label="Your table's order" data-order-id=${order.id}>
			<div class="guest-order-head">
				<h2>Your table's order</h2>
				${order.totalCents > 0 && html`<span class="dish-price">${money(order.totalCents)}</span>`}
			</div>
			${rounds.map(
				r => html`<div class="guest-round" data-round=${r.round} data-pending=${String(r.pending)}>
					<h3>Round ${r.round}${r.pending ? html` <span class="round-waiting">Waiting for the waiter to confirm</span>` : ""}</h3>
					<ul>
						${r.lines.map(
							l => html`<li data-line-id=${l.id} data-status=${l.status}>
								<span class="line-main"><span class="line-name">${l.quantity}× ${l.name}</span>
								${l.modifiers?.length > 0 && html`<span class="line-options">${l.modifiers.map(m => m.name).join(" · ")}</span>`}</span>
								${!r.pending && html`<span class=${`line-status status-${l.status}`}>${guestStatus(l.status)}</span>`}
							</li>`,
						)}
					</ul>
				</div>`,
			)}
		</section>`
		}
		${
			categories.length > 1 &&
			html`<nav class="guest-nav" aria-label="Menu sections">
			${categories.map(c => html`<a href=${`#cat-${c.id}`}>${c.name}</a>`)}
		</nav>`
		}
		<main class=${`guest-main ${basket.length ? "with-basket" : ""}`}>
			${error && !menu && html`<p class="guest-note" role="alert">${error} <button onClick=${loadMenu}>Try again</button></p>`}
			${!menu && !error && html`<p class="guest-note" aria-busy="true">Loading the menu…</p>`}
			${menu && !categories.length && html`<p class="guest-note">The menu is being updated; your server can tell you what is on today.</p>`}
			${categories.map(
				c => html`<section class="guest-category" id=${`cat-${c.id}`} data-category-id=${c.id} aria-labelledby=${`h-${c.id}`}>
					<h2 id=${`h-${c.id}`}>${c.name}</h2>
					<ul>
						${c.items.map(
							i => html`<li key=${i.id} class=${`dish${i.available ? "" : " sold-out"}`} data-item-id=${i.id} data-available=${String(i.available)}>
								<div class="dish-head">
									<span class="dish-name">${i.name}</span>
									<span class="dish-price">${money(i.priceCents)}</span>
								</div>
								${i.description && html`<p class="dish-description">${i.description}</p>`}
								${i.available && i.modifierGroups?.length ? i.modifierGroups.map(g => html`<${Choices} key=${g.id} group=${g} />`) : null}
								${!i.available && html`<span class="sold-out-badge">Sold out</span>`}
								${i.available && low(i.remaining) && html`<span class="low-badge" data-remaining=${i.remaining}>Only ${i.remaining} left</span>`}
								${
									ordering &&
									i.available &&
									html`<button class="dish-add" aria-label=${`Add ${i.name}`} onClick=${() => add(i)} data-in-basket=${inBasket(i.id) || undefined}>
									${i.modifierGroups?.length ? "Choose and add" : "Add"}${inBasket(i.id) ? html` <span class="in-basket">· ${inBasket(i.id)} in your order</span>` : ""}
								</button>`
								}
							</li>`,
						)}
					</ul>
				</section>`,
			)}
			${
				menu &&
				html`<footer class="guest-footer">
				${config.taxRatePpm > 0 ? html`<p>Prices are before tax (${percent(config.taxRatePpm)}).</p>` : null}
				${config.serviceChargeRatePpm > 0 ? html`<p>A service charge of ${percent(config.serviceChargeRatePpm)} is added to the bill.</p>` : null}
				<p>${liveOn ? "This menu updates by itself: sold-out dishes and choices are marked as soon as the kitchen runs out." : "Reconnecting for live updates…"}</p>
			</footer>`
			}
		</main>
		${
			ordering &&
			basket.length > 0 &&
			html`<div class="basket-bar" data-keep-clear>
			<button class="primary" onClick=${() => setSheet("basket")} data-open-basket>
				Your order · ${basketCount(basket)} ${basketCount(basket) === 1 ? "item" : "items"} · ${money(basketTotal(basket))}
			</button>
		</div>`
		}
		${
			choosingItem &&
			html`<${ChoiceSheet}
			item=${choosingItem}
			onClose=${() => setChoosing(null)}
			onAdd=${modifiers => {
				setBasket(b =>
					addToBasket(
						b,
						choosingItem,
						Object.fromEntries(
							[...new Set(modifiers.map(m => m.groupId))].map(g => [
								g,
								modifiers.filter(m => m.groupId === g).map(m => m.optionId),
							]),
						),
					),
				);
				setChoosing(null);
			}}
		/>`
		}
		${
			sheet === "basket" &&
			html`<${BasketSheet}
			basket=${basket}
			setBasket=${setBasket}
			ordering=${session?.ordering}
			onClose=${() => setSheet(null)}
			send=${async key => {
				const result = await guestCall("POST", "/guest/order/items", roundBody(basket), { idempotencyKey: key });
				setBasket([]);
				setSheet(null);
				setNotice({ kind: "ok", text: roundSent(result) });
				// The answer and the order it joined are at the top of the page.
				scrollTo({ top: 0, behavior: "smooth" });
				loadOrder();
				return result;
			}}
		/>`
		}
		${
			sheet === "pay" &&
			html`<${PaySheet}
			bills=${payable}
			presets=${config.tipPresets ?? []}
			tableId=${tableId}
			onClose=${() => setSheet(null)}
			askForBill=${() => {
				setSheet(null);
				callWaiter("bill");
			}}
			pay=${body => guestCall("POST", "/guest/bill/pay", body)}
		/>`
		}
		${
			sheet === "receipt" &&
			receiptBill &&
			html`<${ReceiptSheet}
			bill=${receiptBill}
			onClose=${() => setSheet(null)}
			send=${email => call("POST", `/billing/bills/${receiptBill.id}/receipt-email`, { email }, sessionRef.current?.guestToken)}
		/>`
		}`;
}

/** A dish's choices, read-only: the group, how many to choose, each option with what it adds; sold-out ones struck. */
function Choices({ group }) {
	return html`<div class="choice-group" data-group-id=${group.id}>
		<p class="choice-head"><span class="choice-name">${group.name}</span> <span class="choice-rule">${choiceRule(group)}</span></p>
		<ul class="choice-options">
			${group.options.map(
				o => html`<li key=${o.id} class=${o.available ? "" : "sold-out"} data-option-id=${o.id} data-available=${String(o.available)}>
					${o.name}${o.priceDeltaCents ? html` <span class="choice-delta">${deltaText(o.priceDeltaCents)}</span>` : null}
					${!o.available ? html` <span class="choice-out">sold out</span>` : low(o.remaining) ? html` <span class="choice-left">${o.remaining} left</span>` : null}
				</li>`,
			)}
		</ul>
	</div>`;
}

const config = await settings().catch(() => ({ restaurantName: "Menu", currency: "USD" }));
mount(GuestMenu, { config });
