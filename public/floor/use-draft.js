// The round being built, kept on the tablet (per waiter and table) so a failed send or a reload loses nothing.
import { useEffect, useState, useCallback, useRef } from "../app/ui.js";
import { api, ApiError, toast } from "../app/core.js";
import { user } from "./session.js";
import { readDraft, settleDraft, draftOwner, emptyDraft } from "./draft.js";

/** What the tablet may have missed while away, for draftOwner. */
const ask = {
	orderStatus: id =>
		api.get(`/orders/${id}`).then(
			o => o.status,
			err => (err instanceof ApiError && err.status === 404 ? "cancelled" : null),
		),
	tableOrders: tableId => api.get("/orders", { tableId, limit: 20 }).catch(() => []),
};

/**
 * The table's draft (draft.js says what is in it). A draft belongs to one party: once its order is paid or
 * cancelled — or, started at an empty table, an order has come and gone since — it is dropped, so the next guests
 * never find the last party's dishes waiting. Returns [draft, update, checked]: the lines show once `checked`
 * says the draft is this party's.
 */
export function useDraft(table, orders, known) {
	const storageKey = `brigade.floor.draft.${user.id}.${table.id}`;
	const read = () => {
		try {
			return readDraft(localStorage.getItem(storageKey));
		} catch {
			return emptyDraft();
		}
	};
	const [draft, setDraft] = useState(read);
	const latest = useRef(draft);
	latest.current = draft;
	const stored = useRef(true);
	const current = orders[orders.length - 1];
	const currentRef = useRef(current);
	currentRef.current = current;
	// The stored copy is the truth (a send that answers after the waiter left the table still updates it), unless
	// this tablet cannot store anything: then the copy on screen is.
	const update = useCallback(
		fn => {
			const { draft: next, kept } = settleDraft(fn(stored.current ? read() : latest.current), currentRef.current?.id);
			try {
				if (kept) localStorage.setItem(storageKey, JSON.stringify(next));
				else localStorage.removeItem(storageKey);
				stored.current = true;
			} catch {
				stored.current = false;
			}
			latest.current = next;
			setDraft(next);
		},
		[storageKey],
	);

	// Whose is it? Checked on opening the table and whenever its orders change.
	const [checkedFor, setCheckedFor] = useState(null);
	const openIds = orders.map(o => o.id).join();
	const knownHere = known.map(o => `${o.id}:${o.status}`).join();
	useEffect(() => {
		let live = true;
		const d = stored.current ? read() : latest.current;
		const stamp = `${openIds}|${knownHere}`;
		draftOwner(d, table, orders, known, ask).then(verdict => {
			if (!live) return;
			if (verdict === "drop") {
				update(() => emptyDraft());
				toast(`The unsent dishes left from the last party at table ${table.name} were cleared`, "info");
			} else if (verdict !== "keep") update(x => ({ ...x, orderId: verdict }));
			setCheckedFor(stamp);
		});
		return () => {
			live = false;
		};
	}, [storageKey, openIds, knownHere]);
	// Nothing to doubt (empty, on its way, or its order is open here) shows at once; anything else once checked.
	const plainlyHere = !draft.lines.length || Boolean(draft.send) || orders.some(o => o.id === draft.orderId);
	return [draft, update, plainlyHere || checkedFor !== null];
}
