// qr.html: one card per table, its code with the table's name under it, laid out for printing.
import { html, TopBar, useApi, useState, useEffect } from "../app/ui.js";
import { toast, describeError, tableLabel, byName } from "../app/core.js";
import { user, config } from "./session.js";
import { Loading } from "./parts.js";

export function QrSheet() {
	const tables = useApi("/tables");
	const [codes, setCodes] = useState({});
	const list = [...(tables.data ?? [])].sort(byName);
	useEffect(() => {
		for (const t of list) {
			if (codes[t.id]) continue;
			// Our own server's SVG (the qrcode package's output), drawn inline so it prints sharp at any size.
			fetch(`/api/v1/tables/${t.id}/qr`)
				.then(res => (res.ok ? res.text() : Promise.reject(new Error(`QR code of ${t.name}: ${res.status}`))))
				.then(svg => setCodes(c => ({ ...c, [t.id]: svg })))
				.catch(err => toast(describeError(err), "error"));
		}
	}, [tables.data]);

	return html`<${TopBar} user=${user} />
		<main class="qr-page">
			<div class="row between no-print">
				<div>
					<h1>Table QR codes</h1>
					<p class="muted">Guests scan a table's code to see the menu live. One card per table; cut along the lines.</p>
				</div>
				<div class="row">
					<a class="button" href="/admin/#tables">Back to tables</a>
					<button class="primary" onClick=${() => print()}>Print</button>
				</div>
			</div>
			<${Loading} state=${tables}>${() =>
				list.length
					? html`<div class="qr-sheet">
							${list.map(
								t => html`<figure class="qr-card" key=${t.id} data-table-id=${t.id} data-ready=${String(Boolean(codes[t.id]))}>
									<div class="qr-brand">${config.restaurantName}</div>
									${
										codes[t.id]
											? html`<div class="qr-code" role="img" aria-label=${`QR code for table ${t.name}`} dangerouslySetInnerHTML=${{ __html: codes[t.id] }}></div>`
											: html`<div class="qr-code muted" aria-busy="true">Loading…</div>`
									}
									<figcaption class="qr-name">${tableLabel(t.name)}</figcaption>
									<div class="qr-hint">Scan for our menu</div>
								</figure>`,
							)}
						</div>`
					: html`<p class="panel muted">No tables yet.</p>`}<//>
		</main>`;
}
