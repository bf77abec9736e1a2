// Where the waiter is: the grid (""), a table (#table/<id>), a takeout or tab (#order/<id>), a takeout or tab not
// sent yet (#new/<draft id>), or a bill (…/bill), kept in the address.

const ID = "([0-9a-f-]+)";

/** The screen a hash names: `{tableId, orderId, newId, view}` with view "grid", "order" or "bill". */
export function routeOf(hash) {
	const none = { tableId: null, view: "grid" };
	let m = new RegExp(`^#table/${ID}(/bill)?$`, "i").exec(hash);
	if (m) return { tableId: m[1], view: m[2] ? "bill" : "order" };
	m = new RegExp(`^#order/${ID}(/bill)?$`, "i").exec(hash);
	if (m) return { ...none, orderId: m[1], view: m[2] ? "bill" : "order" };
	m = new RegExp(`^#new/${ID}$`, "i").exec(hash);
	if (m) return { ...none, newId: m[1], view: "order" };
	return none;
}

/** Goes to a screen ("" for the grid); the back button comes back. */
export const go = path => (location.hash = path);
