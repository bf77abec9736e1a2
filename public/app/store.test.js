// The shared store: the reducer decides, subscribers hear each real change once, and an unchanged state wakes no one.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { createStore } from "./store.js";

const counter = (s, a) => (a.type === "add" ? { n: s.n + a.by } : s);

describe("createStore", () => {
	it("starts from the initial state", () => {
		const store = createStore(counter, { n: 1 });

		assert.deepEqual(store.getState(), { n: 1 });
	});

	it("runs each action through the reducer", () => {
		const store = createStore(counter, { n: 1 });

		store.dispatch({ type: "add", by: 2 });
		store.dispatch({ type: "add", by: 3 });

		assert.deepEqual(store.getState(), { n: 6 });
	});

	it("tells subscribers the new state and the action that made it", () => {
		const store = createStore(counter, { n: 0 });
		const heard = [];
		store.subscribe((state, action) => heard.push([state.n, action.by]));

		store.dispatch({ type: "add", by: 5 });

		assert.deepEqual(heard, [[5, 5]]);
	});

	it("wakes no one when the reducer returns the same state", () => {
		const store = createStore(counter, { n: 0 });
		const before = store.getState();
		let calls = 0;
		store.subscribe(() => calls++);

		store.dispatch({ type: "unknown" });

		assert.equal(calls, 0);
		assert.equal(store.getState(), before);
	});

	it("stops telling a subscriber once it unsubscribes", () => {
		const store = createStore(counter, { n: 0 });
		let calls = 0;
		const unsubscribe = store.subscribe(() => calls++);

		store.dispatch({ type: "add", by: 1 });
		unsubscribe();
		store.dispatch({ type: "add", by: 1 });

		assert.equal(calls, 1);
	});

	it("still tells every subscriber of a change when one of them unsubscribes another", () => {
		const store = createStore(counter, { n: 0 });
		const heard = [];
		let second = () => undefined;
		store.subscribe(() => {
			heard.push("first");
			second();
		});
		second = store.subscribe(() => heard.push("second"));

		store.dispatch({ type: "add", by: 1 });
		store.dispatch({ type: "add", by: 1 });

		assert.deepEqual(heard, ["first", "second", "first"]);
	});
});
