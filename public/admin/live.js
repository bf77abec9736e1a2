// The office's store: each tab reads its slice over REST when it opens, and one socket's pushes keep the open slices current.
import { useEffect, useState, useCallback, useStore } from "../app/ui.js";
import { api, connectLive, describeError } from "../app/core.js";
import { approvalRequested, approvalUpdated } from "./approvals.js";
import { createStore } from "../app/store.js";
import { stationUpdate } from "./stations.js";
import { reducer, initialState } from "./state.js";

export const store = createStore(reducer, initialState);
const { dispatch } = store;

export function startLive() {
	connectLive({
		handlers: {
			// A kitchen station's health changed (stations.js).
			"station:update": stationUpdate,
			"menu:update": item => dispatch({ type: "menuItem", item }),
			"modifier:update": group => dispatch({ type: "modifierGroup", group }),
			"table:update": table => dispatch({ type: "table", table }),
			"bill:update": bill => dispatch({ type: "bill", bill }),
			"bill:paid": bill => dispatch({ type: "bill", bill }),
			// A waiter asks for a manager's approval: a card with Approve and Deny (approvals.js).
			"approval:request": approvalRequested,
			"approval:update": approvalUpdated,
		},
		onResync: () => dispatch({ type: "resync" }),
	});
}

/**
 * A tab's slice (state.js): read from `path` (with `query`) when the tab opens, when the query changes, on
 * `reload()`, after a resync, and when a push leaves it stale. Returns the slice and `reload`.
 */
export function useSlice(name, path, query) {
	const { [name]: slice, resyncs } = useStore(store);
	const [tick, setTick] = useState(0);
	const reload = useCallback(() => setTick(t => t + 1), []);
	useEffect(() => {
		dispatch({ type: "opened", slice: name });
		return () => dispatch({ type: "closed", slice: name });
	}, []);
	const queryKey = JSON.stringify(query ?? null);
	useEffect(() => {
		let current = true;
		dispatch({ type: "loading", slice: name });
		api.get(path, query).then(
			data => current && dispatch({ type: "loaded", slice: name, data }),
			err => current && dispatch({ type: "failed", slice: name, error: describeError(err) }),
		);
		return () => {
			current = false;
		};
	}, [path, queryKey, tick, resyncs]);
	useEffect(() => {
		if (slice.stale) reload();
	}, [slice.stale]);
	return { ...slice, reload };
}
