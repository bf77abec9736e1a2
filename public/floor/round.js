// The round being built, under the table's open orders, with its Send bar: a send whose answer is lost is confirmed by itself.
import { html, useState, useEffect, useRef } from "../app/ui.js";
import { api, ApiError, toast, money, newIdempotencyKey } from "../app/core.js";
import { store } from "./live.js";
import { plural, say, sayUnavailable } from "./words.js";
import {
	roundRequest,
	joinOrder,
	afterSent,
	withoutSend,
	answered,
	dishCount,
	soldOutLines,
	lineProblem,
	linePrice,
	draftTotal,
} from "./draft.js";
import { optionsText } from "./modifiers.js";
import { courseName, seatName } from "./courses.js";
import { seatsAt } from "./place.js";
import { CoversPicker, SeatBar } from "./covers.js";

/** "Steak", "Steak (only 2 left)", "Steak (fries sold out)": a line that cannot go, in the alert under the round. */
const soldOutWords = (l, problem) => (problem === "Sold out" ? l.name : `${l.name} (${problem[0].toLowerCase()}${problem.slice(1)})`);

/**
 * The round being built, under the place's open orders (`children`), with its Send bar fixed at the foot of the
 * column so the screen's main action is always in view. A send whose answer is lost is confirmed by itself: the
 * same request (path, body, key) goes again until the server answers, and the screen says so. `onPlaced(order)`
 * hears of each round the kitchen took (a takeout's first round opens its order).
 */
export function Draft({ place, order, draft, checked, updateDraft, menuItems, options, courses, onPlaced, children }) {
	const table = place.table;
	const [busy, setBusy] = useState(false);
	const [error, setError] = useState("");
	/** After an answer went missing: `{tries, offline}` while the same request is being sent again. */
	const [confirming, setConfirming] = useState(null);
	const [confirmed, setConfirmed] = useState("");
	const draftRef = useRef(draft);
	draftRef.current = draft;
	const confirmingRef = useRef(confirming);
	confirmingRef.current = confirming;
	const busyRef = useRef(false);
	const retry = useRef(null);
	const mounted = useRef(true);
	const scroller = useRef(null);
	const pending = draft.send ?? null;
	const onItsWay = l => pending?.lines.includes(l.key) ?? false;
	const soldOut = soldOutLines(draft.lines, menuItems);
	const setLine = (key, patch) => updateDraft(d => ({ ...d, lines: d.lines.map(l => (l.key === key ? { ...l, ...patch } : l)) }));
	const removeLine = key => updateDraft(d => ({ ...d, lines: d.lines.filter(l => l.key !== key) }));

	const send = async () => {
		if (busyRef.current) return;
		clearTimeout(retry.current);
		// A round already on its way goes again exactly as it went (path, body, key), whatever the table shows now:
		// its answer may have been lost after the kitchen took it, and only the same request is safe to repeat.
		const d = draftRef.current;
		let request = d.send ?? null;
		if (!request) {
			if (!d.lines.length) return;
			request = roundRequest(d, table, order, newIdempotencyKey());
			updateDraft(x => ({ ...x, send: request }));
		}
		busyRef.current = true;
		setBusy(true);
		setError("");
		setConfirmed("");
		try {
			let placed;
			try {
				placed = await api.post(request.path, request.body, { idempotencyKey: request.key });
			} catch (err) {
				// Another tablet opened this table a moment ago: this round joins its order (same key, kept for a retry).
				if (!(request.path === "/orders" && err instanceof ApiError && err.code === "TABLE_HAS_OPEN_ORDER" && err.details?.orderId))
					throw err;
				request = joinOrder(request, err.details.orderId);
				updateDraft(x => ({ ...x, send: request }));
				placed = await api.post(request.path, request.body, { idempotencyKey: request.key });
			}
			store.dispatch({ type: "orders", orders: [placed] });
			// Only what went: dishes tapped while it was on its way stay for the next round.
			updateDraft(x => afterSent(x, request));
			onPlaced?.(placed);
			// What the kitchen took shows at once: the order's card, with its held courses and their Fire buttons.
			requestAnimationFrame(() =>
				scroller.current?.querySelector(`[data-order-id="${placed.id}"]`)?.scrollIntoView({ block: "start" }),
			);
			const what = plural(dishCount(request), "item");
			if (confirmingRef.current) setConfirmed(`Round confirmed: the kitchen has it (${what}), once.`);
			else toast(`Sent to the kitchen: ${what}`, "success");
			setConfirming(null);
		} catch (err) {
			if (answered(err)) {
				updateDraft(withoutSend);
				setConfirming(null);
				if (err instanceof ApiError && err.code === "ITEM_UNAVAILABLE") {
					// Said in words (which dish, what is left); the tablet's menu follows at once, before the push.
					setError(sayUnavailable(err, menuItems, options));
					const left = err.details?.remaining ?? {};
					for (const id of err.details?.menuItemIds ?? []) {
						const item = menuItems.get(id);
						if (!item) continue;
						const n = left[id];
						store.dispatch({
							type: "menuItem",
							item:
								typeof n === "number" && n > 0
									? { ...item, remaining: n }
									: { ...item, available: false, remaining: item.remaining === null ? null : 0 },
						});
					}
				} else setError(say(err));
			} else {
				// No answer: the kitchen may well have the round already. The same request goes again by itself.
				const tries = (confirmingRef.current?.tries ?? 0) + 1;
				setConfirming({ tries, offline: err instanceof ApiError && err.code === "OFFLINE" });
				if (mounted.current) retry.current = setTimeout(() => sendRef.current(), Math.min(1000 * 2 ** (tries - 1), 10_000));
			}
		} finally {
			busyRef.current = false;
			setBusy(false);
		}
	};
	const sendRef = useRef(send);
	sendRef.current = send;

	useEffect(() => {
		// A round left on its way (the waiter went to another table, the tablet reloaded): confirm it now.
		if (draftRef.current.send) {
			confirmingRef.current = { tries: 0, offline: false };
			setConfirming(confirmingRef.current);
			sendRef.current();
		}
		// The connection is back: confirm at once rather than at the next try.
		const again = () => confirmingRef.current && sendRef.current();
		addEventListener("online", again);
		return () => {
			mounted.current = false;
			clearTimeout(retry.current);
			removeEventListener("online", again);
		};
	}, []);

	// A dish added, or the round's state changing, shows in the list: scrolled into view above the Send bar.
	const count = draft.lines.length;
	const before = useRef(count);
	useEffect(() => {
		if (count > before.current) setConfirmed("");
		before.current = count;
		scroller.current?.querySelector("[data-draft-line]:last-of-type")?.scrollIntoView({ block: "nearest" });
	}, [count, Boolean(pending), confirming?.tries]);

	const editable = draft.lines.filter(l => !onItsWay(l));
	const total = draftTotal(draft.lines, menuItems);
	// A retry is the same request: a dish sold out since cannot change it (a replay of a send that did arrive still answers).
	const blocked = !pending && soldOut.length > 0;
	const newOrder = pending ? pending.path === "/orders" : !order;
	const lines = checked ? draft.lines : [];
	const seats = seatsAt(place, order, draft);
	const seatCount = Math.max(seats, ...lines.map(l => l.seat ?? 0));
	const courseCount = l => Math.max(courses.length, l.course ?? 1, menuItems.get(l.menuItemId)?.course ?? 1);
	// A menu served all at once (every dish in the first course) has no course to choose.
	const coursed = [...menuItems.values()].some(i => (i.course ?? 1) > 1) || lines.some(l => (l.course ?? 1) > 1);
	// True whatever happened: the round may be in the kitchen already (its answer was lost) or not yet; asking
	// again with the same key finds out, and never orders it twice.
	const confirmingNote =
		confirming?.offline && (confirming.tries > 1 || !navigator.onLine)
			? "This round is being confirmed: waiting for the connection to Brigade. It goes again by itself, and is never ordered twice."
			: "This round is being confirmed with the kitchen: its answer did not arrive, so Brigade is asked again. It is never ordered twice.";
	return html`<div class="order-side">
		<div class="stack order-scroll" ref=${scroller}>
			${children}
			<section class="panel stack draft" aria-label="New round" data-pending=${pending ? "true" : "false"} data-checked=${String(checked)}>
				<div class="row between draft-head">
					<h2>${newOrder ? (place.kind === "new" ? `New ${place.start.type === "takeout" ? "takeout" : "tab"}` : "New order") : "Next round"}</h2>
					${lines.length > 0 && html`<span class="num muted" data-draft-total>${money(total)}</span>`}
				</div>
				${
					newOrder &&
					place.kind === "table" &&
					html`<div class="stack covers-field">
					<span class="field-label">Guests at ${place.label}</span>
					<${CoversPicker} value=${draft.covers ?? table.seats} disabled=${Boolean(pending)} onPick=${n => updateDraft(d => ({ ...d, covers: n }))} />
				</div>`
				}
				${
					newOrder &&
					html`<label class="order-note-field"
					>Note for the whole order
					<input
						maxlength="500"
						placeholder="Allergies, an occasion, the pace (nut allergy, birthday…)"
						value=${draft.notes ?? ""}
						disabled=${Boolean(pending)}
						onInput=${e => updateDraft(d => ({ ...d, notes: e.target.value }))}
				/></label>`
				}
				${seats > 0 && html`<${SeatBar} seats=${seats} value=${draft.seat ?? null} onPick=${n => updateDraft(d => ({ ...d, seat: n }))} />`}
				${!lines.length && html`<p class="muted">Tap dishes on the menu to add them.</p>`}
				<ul class="draft-lines">
					${lines.map(l => {
						const problem = lineProblem(l, draft.lines, menuItems);
						const out = !pending && Boolean(problem);
						const going = onItsWay(l);
						const options = optionsText(l.modifiers);
						return html`<li class=${`${out ? "sold-out" : ""} ${going ? "on-its-way" : ""}`} data-draft-line data-menu-item-id=${l.menuItemId} data-sending=${going ? "true" : "false"}>
							<div class="row">
								<span class="grow item-name">${l.name}${going ? html` <span class="pill sending">${confirming ? "Confirming" : "Sending"}</span>` : out && html` <span class="pill unavailable" data-line-problem>${problem}</span>`}</span>
								<button class="small" aria-label=${`Fewer ${l.name}`} disabled=${going || l.quantity <= 1} onClick=${() => setLine(l.key, { quantity: l.quantity - 1 })}>−</button>
								<span class="qty" aria-label=${`Quantity of ${l.name}`}>${l.quantity}</span>
								<button class="small" aria-label=${`More ${l.name}`} disabled=${going || l.quantity >= 99} onClick=${() => setLine(l.key, { quantity: l.quantity + 1 })}>+</button>
								<button class="small danger" aria-label=${`Remove ${l.name}`} disabled=${going} onClick=${() => removeLine(l.key)}>✕</button>
							</div>
							${
								l.modifiers?.length > 0 &&
								html`<div class="row between draft-options">
								<span class="item-options" data-line-options>${options}</span>
								<span class="num" data-line-price>${money(l.quantity * linePrice(l, menuItems))}</span>
							</div>`
							}
							<div class="row draft-line-fields">
								${
									place.dineIn &&
									html`<select class="seat-select" aria-label=${`Seat for ${l.name}`} disabled=${going} onChange=${e => setLine(l.key, { seat: e.target.value ? Number(e.target.value) : null })}>
									${[null, ...Array.from({ length: seatCount }, (_, k) => k + 1)].map(n => html`<option value=${n ?? ""} selected=${(l.seat ?? null) === n}>${seatName(n)}</option>`)}
								</select>`
								}
								${
									coursed &&
									html`<select class="course-select" aria-label=${`Course for ${l.name}`} disabled=${going} onChange=${e => setLine(l.key, { course: Number(e.target.value) })}>
									${Array.from({ length: courseCount(l) }, (_, k) => k + 1).map(n => html`<option value=${n} selected=${(l.course ?? 1) === n}>${courseName(courses, n)}</option>`)}
								</select>`
								}
								<input class="note grow" aria-label=${`Note for ${l.name}`} placeholder="Kitchen note (no onions…)" maxlength="200" value=${l.notes} disabled=${going} onInput=${e => setLine(l.key, { notes: e.target.value })} />
							</div>
						</li>`;
					})}
				</ul>
				${
					soldOut.length > 0 &&
					!pending &&
					html`<p class="error-text" role="alert">
					Sold out now: ${soldOut.map(l => soldOutWords(l, lineProblem(l, draft.lines, menuItems))).join(", ")}. Take it off the round${soldOut.some(l => lineProblem(l, draft.lines, menuItems) !== "Sold out") ? " or lower the quantity" : ""} to send.
				</p>`
				}
			</section>
		</div>
		<div class="panel stack draft-footer" aria-label="Send the round" role="group" data-keep-clear>
			${error && html`<p class="error-text" role="alert" data-send-error>${error}</p>`}
			${
				pending &&
				(confirming || !busy) &&
				html`<p class="send-pending" role="status" data-send-pending>
				${confirmingNote}${editable.length > 0 && " Dishes added since go in the next send."}
			</p>`
			}
			${confirmed && html`<p class="send-confirmed" role="status" data-send-confirmed>${confirmed}</p>`}
			<div class="row">
				<button class="primary grow" disabled=${busy || (!pending && !lines.length) || blocked} onClick=${() => send()}>${busy && !confirming ? "Sending…" : "Send to kitchen"}</button>
				${editable.length > 0 && html`<button onClick=${() => updateDraft(d => ({ ...d, lines: d.lines.filter(onItsWay) }))}>Clear</button>`}
			</div>
		</div>
	</div>`;
}
