// The office's shared state: the menu, tables and bills the open tab shows, each read over REST and kept current by pushes.
import { applyMenuItem, byName } from "../app/menu.js";
import { applyModifierGroup } from "../app/modifiers.js";

/**
 * A slice is what one tab reads: `data` (undefined until the first answer), `error`, `loading`, `open` while its tab
 * shows (pushes change only an open slice, as only a shown tab listens), and `stale` when a push says to read it again.
 */
const blank = { data: undefined, error: null, loading: true, open: false, stale: false };
/** The bills tab opens on the paid ones. */
const blankBills = { ...blank, status: "paid" };

export const initialState = { menu: blank, groups: blank, tables: blank, bills: blankBills, resyncs: 0 };

const put = (s, name, changes) => ({ ...s, [name]: { ...s[name], ...changes } });

export function reducer(s, a) {
	switch (a.type) {
		case "opened":
			return put(s, a.slice, { open: true });
		case "closed":
			// The next visit to the tab reads it afresh, as a new screen would.
			return { ...s, [a.slice]: a.slice === "bills" ? blankBills : blank };
		case "loading":
			return put(s, a.slice, { loading: true });
		case "loaded":
			return put(s, a.slice, { data: a.data, error: null, loading: false, stale: false });
		case "failed":
			return put(s, a.slice, { error: a.error, loading: false });
		case "resync":
			// Too much was missed: every open tab reads its slice again.
			return { ...s, resyncs: s.resyncs + 1 };
		case "menuItem": {
			// A push: a category this copy has never seen (or no copy yet) means reading the menu again. A dish saved
			// here always lands in a category the copy has.
			if (!s.menu.open) return s;
			const menu = applyMenuItem(s.menu.data, a.item);
			if (menu) return put(s, "menu", { data: menu });
			return a.saved ? s : put(s, "menu", { stale: true });
		}
		case "modifierGroup": {
			// A group saved, 86'd, counted down or deleted (a push or an answer here): the Modifiers tab's list, and
			// the copies inside the menu's items (their rows and dish sheet show them).
			let next = s;
			if (s.menu.open && s.menu.data) {
				const menu = applyModifierGroup(s.menu.data, a.group);
				if (menu !== s.menu.data) next = put(next, "menu", { data: menu });
			}
			const list = s.groups.data;
			if (s.groups.open && list) {
				const rest = list.filter(g => g.id !== a.group.id);
				// A push for a group this copy never had and that is gone already changes nothing.
				if (a.group.deleted) {
					if (rest.length !== list.length) next = put(next, "groups", { data: rest });
				} else next = put(next, "groups", { data: [...rest, a.group].sort(byName) });
			}
			return next;
		}
		case "table": {
			// A table added, changed or deleted (a push or an answer here); the tab sorts them by name.
			if (!s.tables.open) return s;
			const list = s.tables.data ?? (a.added ? [] : null);
			if (!list) return s;
			const rest = list.filter(t => t.id !== a.table.id);
			return put(s, "tables", { data: a.table.deleted ? rest : [...rest, a.table] });
		}
		case "bill": {
			// A bill as a push or a reload has it: replaced in place, added on top, or dropped when the filter no longer shows it.
			const { status, data: list, open } = s.bills;
			if (!open || !list) return s;
			const old = list.find(b => b.id === a.bill.id);
			const next = { ...old, ...a.bill, payments: a.bill.payments ?? old?.payments ?? [] };
			if (status && next.status !== status) return put(s, "bills", { data: list.filter(b => b.id !== a.bill.id) });
			return put(s, "bills", { data: old ? list.map(b => (b.id === a.bill.id ? next : b)) : [next, ...list] });
		}
		case "billFilter":
			return put(s, "bills", { status: a.status });
		default:
			return s;
	}
}
