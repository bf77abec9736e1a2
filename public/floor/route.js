// Where the waiter is: the grid (""), a table (#table/<id>) or its bill (#table/<id>/bill), kept in the address.

/** The screen a hash names. */
export function routeOf(hash) {
	const m = /^#table\/([0-9a-f-]+)(\/bill)?$/i.exec(hash);
	return m ? { tableId: m[1], view: m[2] ? "bill" : "order" } : { tableId: null, view: "grid" };
}

/** Goes to a screen ("" for the grid); the back button comes back. */
export const go = path => (location.hash = path);
