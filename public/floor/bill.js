// A place's Bill tab: create the bill once everything is served, then the bill with its lines (seats, options, comps),
// totals and ways to split it.
import { html, useState, useRef } from "../app/ui.js";
import { api, ApiError, attempt, money, newIdempotencyKey, orderLabel } from "../app/core.js";
import { store } from "./live.js";
import { word, plural, say } from "./words.js";
import {
	placeBill,
	paidSoFar,
	canSplit as splittable,
	settled as paidInFull,
	notServed as waitingItems,
	hasSeats,
	lineDetail,
	canReopen,
	canClose,
} from "./billing.js";
import { useServe } from "./order.js";
import { BillPart } from "./payment.js";
import { PrintBar } from "./print.js";
import { SplitByItems, DiscountModal, ShareLineSheet, ReopenModal } from "./bill-sheets.js";

export function BillScreen({ place, orders, bills, reloadBills }) {
	const { active, shown, parts } = placeBill(bills, place.ownsBill, orders.length > 0);
	const refresh = () => place.bills && reloadBills(place.bills);

	return html`<div class="bill-screen">
		${orders.length > 0 && !active && html`<${CreateBill} place=${place} orders=${orders} />`}
		${
			shown
				? html`<${BillView} root=${shown} parts=${parts} refresh=${refresh} atTable=${place.kind === "table"} />`
				: !orders.length &&
					html`<div class="panel muted">Nothing to bill ${place.kind === "table" ? "at this table" : "on this order"}.</div>`
		}
	</div>`;
}

function CreateBill({ place, orders }) {
	const [busy, setBusy] = useState(false);
	const [problem, setProblem] = useState(null);
	const keyRef = useRef(null);
	const total = orders.reduce((s, o) => s + o.totalCents, 0);
	const create = async () => {
		keyRef.current ??= newIdempotencyKey();
		setBusy(true);
		setProblem(null);
		try {
			// A table's bill takes its dine-in orders; a takeout or a tab has its own.
			const which = place.kind === "table" ? { tableId: place.table.id } : { orderId: place.order.id };
			const bill = await api.post("/billing/bills", which, { idempotencyKey: keyRef.current });
			keyRef.current = null;
			store.dispatch({ type: "bills", bills: [bill] });
		} catch (err) {
			// A refusal will not change by retrying the same key; a lost connection might have gone through.
			if (err instanceof ApiError && err.status >= 400 && err.status < 500) keyRef.current = null;
			setProblem({
				message: say(err),
				items: err instanceof ApiError && err.code === "ORDER_NOT_SERVED" ? (err.details?.items ?? []) : null,
			});
		} finally {
			setBusy(false);
		}
	};
	// What still stands between the table and its bill, as it is now: it follows the kitchen and the waiter live.
	const notServed = waitingItems(orders);
	const refused = Boolean(problem?.items);
	const [serve, serving] = useServe();
	const readyNow = notServed.filter(i => i.status === "ready");
	const serveReady = () =>
		Promise.all(orders.map(o => o.items.filter(i => i.status === "ready")).map((items, k) => items.length && serve(orders[k], items)));
	return html`<section class="panel stack create-bill" aria-label="Create the bill">
		<div class="row between">
			<h2>Bill for ${place.kind === "table" ? `table ${place.table.name}` : place.label}</h2>
			<span class="num">${money(total)} ordered</span>
		</div>
		${
			notServed.length > 0 &&
			html`<div class=${refused ? "problem" : "waiting-list"} role=${refused ? "alert" : "status"} data-bill-error=${refused ? "" : undefined} data-not-served>
			<p class=${refused ? "error-text" : ""}>Not served yet — serve or void these, then create the bill:</p>
			<ul>
				${notServed.map(i => html`<li data-item-id=${i.id} data-status=${i.status}>${i.quantity}× ${i.name} — <span class=${`pill ${i.status}`}>${word(i.status)}</span></li>`)}
			</ul>
			${
				readyNow.length > 0 &&
				html`<button class="ok" aria-label=${`Serve all ${readyNow.length} ready`} disabled=${readyNow.some(i => serving(i.id))} onClick=${serveReady}>
				Serve the ${plural(readyNow.length, "ready item")}
			</button>`
			}
		</div>`
		}
		${refused && !notServed.length && html`<p class="ok-text" role="status">Everything is served now: create the bill.</p>`}
		${problem && !refused && html`<div class="problem" role="alert" data-bill-error><p class="error-text">${problem.message}</p></div>`}
		<div><button class="primary" disabled=${busy} onClick=${create}>${busy ? "Creating…" : "Create bill"}</button></div>
	</section>`;
}

function BillView({ root, parts, refresh, atTable }) {
	const [splitting, setSplitting] = useState(false);
	const [evenParts, setEvenParts] = useState(2);
	const [discounting, setDiscounting] = useState(null);
	const [sharing, setSharing] = useState(false);
	const [reopening, setReopening] = useState(null);
	const canSplit = splittable(root);
	const payable = parts.length ? parts : [root];
	const settled = paidInFull(root, parts);

	const splitSeats = async () => {
		const made = await attempt(() => api.post(`/billing/bills/${root.id}/split`, { mode: "seats" }), "Split by seat", say);
		if (made) {
			store.dispatch({ type: "bills", bills: made });
			refresh();
		}
	};

	const splitEven = async () => {
		const made = await attempt(
			() => api.post(`/billing/bills/${root.id}/split`, { mode: "even", parts: evenParts }),
			`Split in ${evenParts}`,
			say,
		);
		if (made) {
			store.dispatch({ type: "bills", bills: made });
			refresh();
		}
	};

	// A reopened bill nothing was changed on (or paid back up) has nothing left to take: it is closed by hand.
	const closable = payable.filter(canClose);
	const close = async bill => {
		const done = await attempt(() => api.post(`/billing/bills/${bill.id}/close`), "Bill closed", say);
		if (done) {
			store.dispatch({ type: "bills", bills: [done] });
			refresh();
		}
	};

	return html`${
		settled &&
		html`<div class="panel row between paid-banner" role="status">
		<p>Paid in full.${atTable ? " The table is free again once nothing else is open at it." : ""}</p>
		${canReopen(root) && html`<button data-reopen onClick=${() => setReopening(root)}>Reopen</button>`}
	</div>`
	}
	${closable.map(
		b => html`<div key=${b.id} class="panel row between close-banner" role="status" data-close-bill=${b.id}>
		<p>Paid${parts.length ? ` (part ${b.split?.part ?? ""})` : ""}: nothing is left to pay on it.</p>
		<button class="primary" onClick=${() => close(b)}>Close bill</button>
	</div>`,
	)}
	<div class="bill-view">
		<section class="panel stack bill-summary" data-bill-id=${root.id} data-status=${root.status} aria-label="Bill">
			<div class="row between">
				<h2>Bill · ${orderLabel({ type: root.orderType, tableName: root.tableName, name: root.name })}</h2>
				<span class=${`pill ${root.status === "void" ? "split" : root.status}`}>${root.status === "void" ? `Split in ${parts.length}` : word(root.status)}</span>
			</div>
			<table class="list bill-lines">
				<thead><tr><th>Item</th><th class="num">Qty</th><th class="num">Amount</th></tr></thead>
				<tbody>
					${root.lines.map(l => {
						const detail = lineDetail(l);
						return html`<tr data-line-id=${l.id} data-seat=${l.seat ?? ""} class=${l.comp ? "comped" : ""}>
							<td>
								${l.name}${detail && html`<span class="bill-line-detail">${detail}</span>`}${l.comp && html`<span class="bill-line-comp" data-comp>Comp: ${l.comp.reason}</span>`}
							</td>
							<td class="num">${l.quantity}</td>
							<td class="num">${l.comp ? html`<s class="muted">${money(l.comp.valueCents)}</s> ` : ""}${money(l.amountCents)}</td>
						</tr>`;
					})}
				</tbody>
			</table>
			<${Totals} bill=${root} parts=${parts} />
			<${PrintBar} bill=${root} />
			${
				root.status === "open" &&
				html`<div class="row bill-actions">
				${
					canSplit &&
					html`<div class="row even-split" role="group" aria-label="Split evenly">
					<button class="small" aria-label="Fewer parts" disabled=${evenParts <= 2} onClick=${() => setEvenParts(n => n - 1)}>−</button>
					<span class="qty" aria-label="Parts">${evenParts}</span>
					<button class="small" aria-label="More parts" disabled=${evenParts >= 20} onClick=${() => setEvenParts(n => n + 1)}>+</button>
					<button onClick=${splitEven}>Split evenly in ${evenParts}</button>
				</div>`
				}
				${canSplit && root.lines.length > 1 && html`<button onClick=${() => setSplitting(true)}>Split by items</button>`}
				${canSplit && hasSeats(root) && html`<button onClick=${splitSeats}>Split by seat</button>`}
				${canSplit && html`<button data-share-open onClick=${() => setSharing(true)}>Share a line</button>`}
				<button onClick=${() => setDiscounting(root)}>Discount</button>
			</div>`
			}
		</section>
		<div class="stack bill-parts">
			${payable.map(b => html`<${BillPart} key=${b.id} bill=${b} split=${parts.length > 0} refresh=${refresh} discount=${() => setDiscounting(b)} reopen=${() => setReopening(b)} />`)}
		</div>
		${splitting && html`<${SplitByItems} bill=${root} onClose=${() => setSplitting(false)} refresh=${refresh} />`}
		${discounting && html`<${DiscountModal} bill=${discounting} onClose=${() => setDiscounting(null)} />`}
		${sharing && html`<${ShareLineSheet} bill=${root} onClose=${() => setSharing(false)} refresh=${refresh} />`}
		${reopening && html`<${ReopenModal} bill=${reopening} onClose=${() => setReopening(null)} refresh=${refresh} />`}
	</div>`;
}

function Totals({ bill, parts = [] }) {
	const row = (label, cents, cls = "") => html`<tr class=${cls}><th>${label}</th><td class="num">${money(cents)}</td></tr>`;
	const { split, paid, tips, pending, balance } = paidSoFar(bill, parts);
	return html`<table class="totals" aria-label="Totals">
		<tbody>
			${row("Subtotal", bill.subtotalCents)}
			${bill.discountCents > 0 && html`<tr><th>Discount${bill.discountReason ? html` <span class="muted">(${bill.discountReason})</span>` : ""}</th><td class="num">−${money(bill.discountCents)}</td></tr>`}
			${row("Service charge", bill.serviceChargeCents)}
			${row("Tax", bill.taxCents)}
			${row("Total", bill.totalCents, "total")}
			${row(split ? "Paid (all parts)" : "Paid", paid)}
			${tips > 0 && row("Tips", tips)}
			${pending > 0 && row("Waiting for the card machine", pending)}
			${row(split ? "Left to pay (all parts)" : "Balance", balance, "balance")}
		</tbody>
	</table>`;
}
