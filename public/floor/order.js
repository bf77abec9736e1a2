// A place's order screen: each open order by course (held courses waiting for their fire) or by round, every
// dish's kitchen status, serving, voids, comps and remakes, beside the menu.
import { html, useState, useMemo } from "../app/ui.js";
import { api, attempt, toast, money, newIdempotencyKey } from "../app/core.js";
/** A waiter comps and voids what the kitchen started too, with a manager's approval (approval.js asks for it). */
const mayComp = true;
import { store } from "./live.js";
import { go } from "./route.js";
import { word, plural, say } from "./words.js";
import { addDish } from "./draft.js";
import { useDraft, moveDraft } from "./use-draft.js";
import { Draft } from "./round.js";
import { MenuPanel } from "./menu-picker.js";
import { ChoiceSheet } from "./choice-sheet.js";
import { ReasonModal } from "./reason.js";
import { LineSheet } from "./line-sheets.js";
import { CoversSheet } from "./covers.js";
import { optionsById, optionsText } from "./modifiers.js";
import { orderSections, heldCourses, courseName, seatName, lineActions, lineStatus } from "./courses.js";
import { pickupText } from "./place.js";
import { TransferSheet } from "./transfers.js";
import { HandOverSheet } from "./handover.js";
import { GuestRounds } from "./guest-alerts.js";
import { onlyGuestRounds } from "./guest-rounds.js";

export function OrderScreen({ place, menu, courses, courseFiring }) {
	const [draft, updateDraft, checked] = useDraft(place);
	const menuItems = useMemo(() => new Map((menu ?? []).flatMap(c => c.items.map(i => [i.id, i]))), [menu]);
	const options = useMemo(() => optionsById(menu), [menu]);
	const [choosing, setChoosing] = useState(null);
	const orders = place.orders;
	// The dish as the menu has it now: an option 86'd while the sheet is open greys out there too.
	const choosingItem = choosing && menuItems.get(choosing);

	const add = item => {
		if (!item.available) {
			toast(`${item.name} is sold out (86'd)`, "error");
			return;
		}
		if (item.modifierGroups?.length) setChoosing(item.id);
		else updateDraft(d => addDish(d, item, newIdempotencyKey));
	};
	// A takeout's or tab's first round opened its order: the screen becomes that order's.
	const onPlaced =
		place.kind === "new"
			? placed => {
					moveDraft(place.key, `order.${placed.id}`, placed.id);
					location.replace(`#order/${placed.id}`);
				}
			: undefined;

	// A takeout or tab paid or cancelled: nothing more goes on it (its bill stays on the Bill tab).
	if (place.kind === "order" && !orders.length)
		return html`<div class="panel stack closed-order">
			<p>${place.label} is ${word(place.order.status).toLowerCase()}: nothing more can be ordered on it.</p>
			<div class="row"><button onClick=${() => go(`${place.base}/bill`)}>Its bill</button><button onClick=${() => go("")}>Back to the floor</button></div>
		</div>`;

	return html`<div class="order-screen">
		<${Draft}
			place=${place}
			order=${orders[orders.length - 1]}
			draft=${draft}
			checked=${checked}
			updateDraft=${updateDraft}
			menuItems=${menuItems}
			options=${options}
			courses=${courses}
			onPlaced=${onPlaced}
		>
			${orders.map(o => html`<${OrderCard} key=${o.id} order=${o} place=${place} courses=${courses} courseFiring=${courseFiring} />`)}
			${
				!orders.length &&
				html`<div class="panel muted">
				${place.kind === "table" ? "No open order at this table." : "Nothing sent yet."} Add dishes from the menu, then send them to the kitchen.
			</div>`
			}
		</${Draft}>
		<${MenuPanel} menu=${menu} add=${add} />
		${
			choosingItem &&
			html`<${ChoiceSheet}
			item=${choosingItem}
			onClose=${() => setChoosing(null)}
			onAdd=${modifiers => {
				updateDraft(d => addDish(d, choosingItem, newIdempotencyKey, { modifiers }));
				setChoosing(null);
			}}
		/>`
		}
	</div>`;
}

/**
 * Serving what is ready: one item, a round's ready items, or every ready item the waiter can see. The request
 * names the items, so nothing the screen does not show goes out; a refusal (another tablet served it first, a
 * dish went back) reads the order again.
 */
export function useServe() {
	const [busy, setBusy] = useState(() => new Set());
	const serve = async (order, items) => {
		const ids = items.map(i => i.id);
		setBusy(b => new Set([...b, ...ids]));
		const count = items.reduce((n, i) => n + i.quantity, 0);
		const what = items.length === 1 ? `${items[0].quantity}× ${items[0].name}` : plural(count, "item");
		const o = await attempt(() => api.post(`/orders/${order.id}/serve`, { itemIds: ids }), `Served: ${what}`, say);
		if (o) store.dispatch({ type: "orders", orders: [o] });
		else
			api.get(`/orders/${order.id}`).then(
				fresh => store.dispatch({ type: "orders", orders: [fresh] }),
				() => undefined,
			);
		setBusy(b => new Set([...b].filter(id => !ids.includes(id))));
	};
	return [serve, id => busy.has(id)];
}

/** Sends a held course (and any held before it) to the kitchen. */
function useFire(order, courses) {
	const [firing, setFiring] = useState(null);
	const fire = async course => {
		setFiring(course);
		const n = order.items.filter(i => i.held && i.status !== "voided" && (i.course ?? 1) <= course).reduce((s, i) => s + i.quantity, 0);
		const o = await attempt(
			() => api.post(`/orders/${order.id}/fire`, { course }),
			`${courseName(courses, course)} fired: ${plural(n, "dish", "dishes")} to the kitchen`,
			say,
		);
		if (o) store.dispatch({ type: "orders", orders: [o] });
		setFiring(null);
	};
	return [fire, firing];
}

function OrderCard({ order, place, courses, courseFiring }) {
	const [acting, setActing] = useState(null);
	const [cancelling, setCancelling] = useState(false);
	const [guests, setGuests] = useState(false);
	// "move" (to another table) or "merge" (another table's order into this one): the table picker is open.
	const [transfer, setTransfer] = useState(null);
	const [serve, serving] = useServe();
	const [fire, firing] = useFire(order, courses);
	const ready = order.items.filter(i => i.status === "ready");
	const sections = orderSections(order);
	const nextHeld = heldCourses(order)[0];
	const act = (line, mode) => setActing({ line, mode });

	return html`<section class="panel stack order-card" data-order-id=${order.id} data-status=${order.status} data-type=${order.type ?? "dine_in"} aria-label="Open order">
		<div class="row between">
			<h2>Order <span class=${`pill ${order.status}`} data-order-status>${onlyGuestRounds(order) ? "To confirm" : word(order.status)}</span></h2>
			${
				place.dineIn &&
				html`<button class="small guests" aria-label=${order.covers ? `${plural(order.covers, "guest")}: change` : "Guests: say how many"} onClick=${() => setGuests(true)} data-covers=${order.covers ?? ""}>
				${order.covers ? plural(order.covers, "guest") : "Guests?"}
			</button>`
			}
			${order.type === "takeout" && html`<span class="pickup" data-pickup>Pickup ${pickupText(order.pickupAt)}</span>`}
			<span class="num order-total">${money(order.totalCents)}</span>
		</div>
		<div class="row transfers">
			<button class="small" data-transfer="move" onClick=${() => setTransfer("move")}>Move</button>
			<button class="small" data-transfer="merge" onClick=${() => setTransfer("merge")}>Merge</button>
			<button class="small" data-transfer="handover" onClick=${() => setTransfer("handover")}>Hand over</button>
		</div>
		${order.notes && html`<p class="order-notes" data-order-notes><strong>Note:</strong> ${order.notes}</p>`}
		<${GuestRounds} order=${order} />
		${sections.map(sec => {
			const tops = sec.lines;
			const all = tops.flatMap(l => [l, ...l.sides]);
			const readyHere = all.filter(i => i.status === "ready");
			// A section's ready dishes in one tap, when they are not all the order has ready (that is "Serve all").
			const sectionButton = readyHere.length > 1 && readyHere.length < ready.length;
			const title = sec.kind === "course" ? courseName(courses, sec.course) : `Round ${sec.round}`;
			return html`<div
				class=${`${sec.kind} ${sec.held ? "held" : ""}`}
				data-round=${sec.round}
				data-course=${sec.course}
				data-held=${sec.kind === "course" ? String(sec.held) : undefined}
				aria-label=${sec.kind === "course" ? title : undefined}
				role=${sec.kind === "course" ? "group" : undefined}
			>
				<div class="row between round-head">
					<h3 class="muted">${title}${sec.held && html` <span class="pill held">Held</span>`}</h3>
					${
						sec.held &&
						html`<button class=${`small ${sec.course === nextHeld ? "primary" : ""}`} data-fire=${sec.course} disabled=${firing !== null} onClick=${() => fire(sec.course)}>
						${firing === sec.course ? "Firing…" : `Fire ${title}`}
					</button>`
					}
					${
						sectionButton &&
						html`<button class="small ok" aria-label=${`Serve ${sec.kind === "round" ? `round ${sec.round}` : title}: ${readyHere.length} ready`} disabled=${readyHere.some(i => serving(i.id))} onClick=${() => serve(order, readyHere)}>
						Serve ${readyHere.length} ready
					</button>`
					}
				</div>
				${
					sec.held &&
					sec.course === nextHeld &&
					courseFiring === "on_bump" &&
					html`<p class="muted fire-note">Goes by itself once the kitchen has sent what is before it; fire it now to send it sooner.</p>`
				}
				<ul class="items">
					${tops.map(
						l => html`<${Line} order=${order} line=${l} serve=${serve} serving=${serving} act=${act} />
						${l.sides.map(s => html`<${Line} order=${order} line=${s} side=${true} serve=${serve} serving=${serving} act=${act} />`)}`,
					)}
				</ul>
			</div>`;
		})}
		<div class="row order-actions" data-keep-clear>
			<button class="ok" aria-label=${`Serve all ${ready.length} ready`} disabled=${!ready.length || ready.some(i => serving(i.id))} onClick=${() => serve(order, ready)}>
				Serve all ready${ready.length ? ` (${ready.length})` : ""}
			</button>
			<button onClick=${() => go(`${place.base}/bill`)}>Bill</button>
			<span class="grow"></span>
			<button class="danger" onClick=${() => setCancelling(true)}>Cancel order</button>
		</div>
		${
			acting &&
			html`<${LineSheet}
			order=${order}
			line=${acting.line}
			mode=${acting.mode}
			admin=${mayComp}
			setMode=${mode => setActing(a => ({ ...a, mode }))}
			onClose=${() => setActing(null)}
		/>`
		}
		${guests && html`<${CoversSheet} order=${order} onClose=${() => setGuests(false)} />`}
		${transfer === "handover" && html`<${HandOverSheet} order=${order} onClose=${() => setTransfer(null)} />`}
		${transfer && transfer !== "handover" && html`<${TransferSheet} order=${order} mode=${transfer} onClose=${() => setTransfer(null)} />`}
		${
			cancelling &&
			html`<${ReasonModal}
			title="Cancel the whole order"
			confirm="Cancel order"
			onClose=${() => setCancelling(false)}
			onSubmit=${async reason => store.dispatch({ type: "orders", orders: [await api.post(`/orders/${order.id}/cancel`, { reason })] })}
			done="Order cancelled"
		/>`
		}
	</section>`;
}

/** One line of the order: what it is (options, seat, price, comp, remake), where the kitchen is with it, and its buttons. */
function Line({ order, line: i, side = false, serve, serving, act }) {
	const can = lineActions(i, mayComp);
	const status = lineStatus(i);
	const options = optionsText(i.modifiers);
	return html`<li
		class=${`item status-${i.status} ${side ? "side" : ""} ${i.held ? "held" : ""} ${i.comp ? "comped" : ""} ${i.remakeOf ? "remake" : ""}`}
		data-item-id=${i.id}
		data-status=${i.status}
		data-held=${String(Boolean(i.held))}
		data-seat=${i.seat ?? ""}
		data-course=${i.course ?? 1}
	>
		<span class="qty">${i.quantity}×</span>
		<span class="grow item-main">
			<span class="item-name">${side ? html`<span aria-hidden="true">+ </span>` : ""}${i.name}${side && html`<span class="muted item-station"> · ${i.station}</span>`}</span>
			${options && html`<span class="item-options" data-item-options>${options}</span>`}
			${
				!side &&
				(i.seat != null || i.remakeOf || i.comp) &&
				html`<span class="item-meta">
				${i.seat != null && html`<span class="seat-tag" data-seat-tag>${seatName(i.seat)}</span>`}
				${i.remakeOf && html`<span class="pill remake" data-remake>Remake</span>`}
				${i.comp && html`<span class="item-price"><s data-struck>${money(i.comp.valueCents)}</s> ${money(0)}</span>`}
			</span>`
			}
			${i.notes && html`<span class="item-notes">${i.notes}</span>`}
			${i.comp && html`<span class="item-comp" data-comp>Comp: ${i.comp.reason}</span>`}
			${i.remakeReason && html`<span class="item-notes">Remake: ${i.remakeReason}</span>`}
			${i.voidReason && html`<span class="item-notes">Voided: ${i.voidReason}</span>`}
		</span>
		<span class=${`pill ${status}`} data-item-status>${word(status)}</span>
		<span class="row item-actions">
			${can.serve && html`<button class="small ok" aria-label=${`Serve ${i.name}`} disabled=${serving(i.id)} onClick=${() => serve(order, [i])}>Serve</button>`}
			${can.void && html`<button class="small danger" aria-label=${`Void ${i.name}`} onClick=${() => act(i, "void")}>Void</button>`}
			${(can.comp || can.remake) && html`<button class="small more" aria-label=${`More for ${i.name}`} title="Remake or comp" onClick=${() => act(i, "more")}>⋯</button>`}
		</span>
	</li>`;
}
