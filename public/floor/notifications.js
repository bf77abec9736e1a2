// The waiter's notifications ("Table 5: order ready", "Takeout: Kim: order ready"): the count in the top bar and the sheet to read and clear them.
import { html, Modal } from "../app/ui.js";
import { api, attempt } from "../app/core.js";
import { store } from "./live.js";
import { go } from "./route.js";
import { say } from "./words.js";

/** The count in the top bar; the sheet opens in the page, outside the bar, so it keeps the page's colours. */
export function NotificationsButton({ count, onOpen }) {
	return html`<button class="notify-button" aria-label=${`Notifications, ${count} unread`} onClick=${onOpen}>
		Notifications${count > 0 && html`<span class="badge" data-unread=${count}>${count}</span>`}
	</button>`;
}

export function NotificationsSheet({ notifications, onClose }) {
	const count = notifications.length;
	const markRead = async id => {
		if (await attempt(() => api.post(`/notifications/${id}/read`), null, say)) store.dispatch({ type: "read", ids: [id] });
	};
	const markAll = async () => {
		const ids = notifications.map(n => n.id);
		if (await attempt(() => api.post("/notifications/read-all"), null, say)) store.dispatch({ type: "read", ids });
	};
	return html`<${Modal} title="Notifications" onClose=${onClose}>
		${!count && html`<p class="muted">Nothing new.</p>`}
		<ul class="notifications">
			${notifications.map(
				n => html`<li data-notification-id=${n.id}>
					<span class="grow notification-text"
						><span class="message">${n.message}</span>
						<span class="muted">${new Date(n.createdAt).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" })}</span></span
					>
					${
						n.data?.tableId &&
						html`<button class="small" onClick=${() => {
							onClose();
							go(`table/${n.data.tableId}`);
						}}>Open table</button>`
					}
					${
						!n.data?.tableId &&
						n.data?.orderId &&
						html`<button class="small" onClick=${() => {
							onClose();
							go(`order/${n.data.orderId}`);
						}}>Open order</button>`
					}
					<button class="small" onClick=${() => markRead(n.id)}>Mark read</button>
				</li>`,
			)}
		</ul>
		<div class="actions">
			${count > 0 && html`<button onClick=${markAll}>Mark all read</button>`}
			<button class="primary" onClick=${onClose}>Close</button>
		</div>
	</${Modal}>`;
}
