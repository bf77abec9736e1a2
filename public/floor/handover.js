// Who is on: the staff list (GET /auth/staff, read once per page and shared), the name a tile shows for a waiter's
// id, and "Hand over": the order's table to another waiter (POST /orders/:id/assign), who sees it live as theirs.
import { html, Modal, useEffect, useState } from "../app/ui.js";
import { api, attempt, orderLabel } from "../app/core.js";
import { user } from "./session.js";
import { store } from "./live.js";
import { say } from "./words.js";

let staffRead = null;
/** The active staff, managers and admins, read once (again after a failure); [] when they cannot be read. */
export function loadStaff(again = false) {
	if (!staffRead || again)
		staffRead = api.get("/auth/staff").catch(() => {
			staffRead = null;
			return [];
		});
	return staffRead;
}

/** The staff list for a component: [] until it is read. */
export function useStaff() {
	const [staff, setStaff] = useState([]);
	useEffect(() => {
		let live = true;
		loadStaff().then(list => live && setStaff(list));
		return () => {
			live = false;
		};
	}, []);
	return staff;
}

/** A waiter's name for a tile: "You" for the one signed in, their name from the staff list, else "Another waiter". */
export function waiterName(staff, id) {
	if (!id) return null;
	if (id === user.id) return "You";
	return staff.find(s => s.id === id)?.fullName ?? "Another waiter";
}

/** Picks who takes the table over; the order is theirs once the server says so (the push follows on every tablet). */
export function HandOverSheet({ order, onClose }) {
	const staff = useStaff();
	const [busy, setBusy] = useState(false);
	const holder = order.assignedTo ?? order.createdBy;
	const others = staff.filter(s => s.id !== holder).sort((a, b) => a.fullName.localeCompare(b.fullName));
	const give = async person => {
		setBusy(true);
		const done = await attempt(
			() => api.post(`/orders/${order.id}/assign`, { userId: person.id }),
			`${orderLabel(order)} is ${person.id === user.id ? "yours" : `${person.fullName}'s`} now`,
			say,
		);
		setBusy(false);
		if (done) {
			store.dispatch({ type: "orders", orders: [done] });
			onClose();
		}
	};
	return html`<${Modal} title="Hand over to whom?" onClose=${onClose}>
		<p class="muted">Now with ${holder === user.id ? "you" : (waiterName(staff, holder) ?? "nobody")}.</p>
		<div class="handover-list" role="group" aria-label="Staff on shift">
			${others.map(
				s => html`<button type="button" class="handover-person" data-handover-to=${s.id} disabled=${busy} onClick=${() => give(s)}>
					<span class="handover-name">${s.fullName}${s.id === user.id ? " (you)" : ""}</span>
					<span class="muted">${s.role === "staff" ? "Waiter" : s.role === "manager" ? "Manager" : "Admin"}</span>
				</button>`,
			)}
			${!staff.length && html`<p class="muted">Reading who is on…</p>`}
		</div>
		<div class="actions"><button type="button" onClick=${onClose}>Back</button></div>
	</${Modal}>`;
}
