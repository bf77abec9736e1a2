// Every app's state: createStore(reducer, initialState) → {getState, dispatch, subscribe}; screens read it with useStore (ui.js).

/**
 * One store per app, outside Preact, so REST loads and socket handlers (registered once) always change the current
 * state. The reducer is pure; a dispatch that leaves the state as it was wakes no one.
 */
export function createStore(reducer, initialState) {
	let state = initialState;
	const listeners = new Set();
	return {
		getState: () => state,
		dispatch(action) {
			const next = reducer(state, action);
			if (next === state) return;
			state = next;
			// A listener may unsubscribe another (a screen closing): call the ones there when the change happened.
			for (const listener of [...listeners]) listener(state, action);
		},
		subscribe(listener) {
			listeners.add(listener);
			return () => listeners.delete(listener);
		},
	};
}
