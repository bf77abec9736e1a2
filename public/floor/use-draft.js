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

/** Where a place's draft is kept on this tablet (per waiter): a table's by its id, others by `order.<id>`/`new.<id>`. */
export const draftKey = placeKey => `brigade.floor.draft.${user.id}.${placeKey}`;

/** A takeout's or tab's first round opened its order: what is left of its draft moves to the order's. */
export function moveDraft(fromKey, toKey, orderId) {
	try {
		const d = readDraft(localStorage.getItem(draftKey(fromKey)));
		localStorage.removeItem(draftKey(fromKey));
		const { start, covers, send, ...rest } = d;
		if (rest.lines.length) localStorage.setItem(draftKey(toKey), JSON.stringify({ ...rest, orderId }));
	} catch {
		// Nothing stored on this tablet: nothing to move.
	}
}

/** The takeouts and tabs this waiter started and has not sent yet: `[{id, draft}]`, for the floor to list. */
export function unsentStarts() {
	const prefix = draftKey("new.");
	const found = [];
	try {
		for (let i = 0; i < localStorage.length; i++) {
			const k = localStorage.key(i);
			if (!k?.startsWith(prefix)) continue;
			const d = readDraft(localStorage.getItem(k));
			if (d.start) found.push({ id: k.slice(prefix.length), draft: d });
		}
	} catch {
		// A tablet that cannot store keeps nothing to list.
	}
	return found.sort((a, b) => (a.draft.since ?? "").localeCompare(b.draft.since ?? ""));
}

/** Starts a takeout or a tab on this tablet: its draft, holding `start`, until its first round is sent. */
export function startDraft(id, start) {
	const d = { lines: [], start, orderId: null, since: new Date().toISOString() };
	try {
		localStorage.setItem(draftKey(`new.${id}`), JSON.stringify(d));
	} catch {
		// Not stored: the screen keeps it while open.
	}
	return d;
}

/** Forgets a takeout or tab that was never sent. */
export function discardDraft(placeKey) {
	try {
		localStorage.removeItem(draftKey(placeKey));
	} catch {
		// Nothing stored.
	}
}

/**
 * The table's draft (draft.js says what is in it). A draft belongs to one party: once its order is paid or
 * cancelled — or, started at an empty table, an order has come and gone since — it is dropped, so the next guests
 * never find the last party's dishes waiting. Returns [draft, update, checked]: the lines show once `checked`
 * says the draft is this party's.
 */
export function useDraft(place) {
	const { table = null, orders, known } = place;
	const storageKey = draftKey(place.key);
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
				toast(`The unsent dishes left from the last party at ${place.label} were cleared`, "info");
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
