// A bill on paper: a pre-check for the table while the bill is open, the receipt once it is paid (both on the
// restaurant's receipt printer, queued there if it is off), and the printable receipt page for the browser's print.
import { html, useState } from "../app/ui.js";
import { api, attempt } from "../app/core.js";
import { EmailReceiptButton } from "./receipt-email.js";

/** What the printer buttons say after a tap (the job is queued: an offline printer prints it when back). */
export const PRINT_SENT = { precheck: "Pre-check sent to the printer", receipt: "Receipt sent to the printer" };

export function PrintBar({ bill }) {
	const [busy, setBusy] = useState(null);
	const kind = bill.status === "paid" ? "receipt" : "precheck";
	const send = async () => {
		setBusy(kind);
		await attempt(() => api.post(`/billing/bills/${bill.id}/print`, { kind }), PRINT_SENT[kind]);
		setBusy(null);
	};
	const show = async () => {
		setBusy("page");
		const page = await attempt(() => api.get(`/billing/bills/${bill.id}/receipt`));
		setBusy(null);
		if (typeof page === "string") printPage(page);
	};
	return html`<div class="row print-bar" role="group" aria-label="Print" data-keep-clear>
		<button data-print=${kind} disabled=${busy !== null} onClick=${send}>
			${busy === kind ? "Sending…" : kind === "receipt" ? "Print receipt" : "Print pre-check"}
		</button>
		<button data-print-page disabled=${busy !== null} onClick=${show}>${busy === "page" ? "Opening…" : "Receipt page"}</button>
		${bill.status !== "open" && html`<${EmailReceiptButton} bill=${bill} />`}
	</div>`;
}

/** The receipt page in a frame of its own, handed to the browser's print dialog (no pop-up to be blocked). */
function printPage(page) {
	document.querySelector("iframe.receipt-page")?.remove();
	const frame = document.createElement("iframe");
	frame.className = "receipt-page";
	frame.title = "Receipt";
	frame.srcdoc = page;
	frame.addEventListener("load", () => frame.contentWindow?.print());
	document.body.append(frame);
}
