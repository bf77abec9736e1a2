// The Reports tab's day close: the X (today so far, nothing recorded) and the Z (a day closed, recorded under its
// number; closing a day again shows the same Z), each printable and downloadable as CSV.
import { html, useState, useEffect } from "../app/ui.js";
import { api, describeError, money } from "../app/core.js";
import { ORDER_TYPE_LABELS } from "./format.js";

const METHOD_LABELS = { cash: "Cash", card: "Card" };

/** Fetches a report as CSV (the token goes in a header, so a plain link would not do) and saves it. */
async function downloadCsv(path, query, filename) {
	const text = await api.get(path, { ...query, format: "csv" });
	const url = URL.createObjectURL(new Blob([text], { type: "text/csv" }));
	const a = document.createElement("a");
	a.href = url;
	a.download = filename;
	a.click();
	setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function DayClose({ today, tick }) {
	const [x, setX] = useState(null);
	const [z, setZ] = useState(null);
	const [date, setDate] = useState(today);
	const [error, setError] = useState("");
	const [busy, setBusy] = useState(false);

	useEffect(() => {
		let current = true;
		api.get("/reports/x").then(
			r => current && setX(r),
			err => current && setError(describeError(err)),
		);
		return () => {
			current = false;
		};
	}, [tick]);

	const closeDay = async () => {
		if (!window.confirm(`Close ${date}? Its Z is recorded once; closing it again shows the same figures.`)) return;
		setBusy(true);
		setError("");
		try {
			setZ(await api.get("/reports/z", { date }));
		} catch (err) {
			setError(describeError(err));
		} finally {
			setBusy(false);
		}
	};
	const csv = (path, query, name) => () => downloadCsv(path, query, name).catch(err => setError(describeError(err)));

	return html`<section class="panel stack day-close" data-report="day-close" aria-label="Day close">
		<div class="row between">
			<h2>Day close</h2>
			<div class="row no-print">
				<label>Day <input type="date" value=${date} max=${today} onChange=${e => e.target.value && setDate(e.target.value)} /></label>
				<button type="button" class="primary" disabled=${busy} onClick=${closeDay}>Close the day (Z)</button>
				<button type="button" onClick=${() => window.print()}>Print</button>
			</div>
		</div>
		${error && html`<p class="error-text" role="alert">${error}</p>`}
		<div class="report-grid">
			${x && html`<${DayFigures} title=${`X — today so far (${x.date})`} d=${x} kind="x" onCsv=${csv("/reports/x", {}, `x-${x.date}.csv`)} />`}
			${z && html`<${DayFigures} title=${`Z ${z.number} — ${z.date}`} d=${z} kind="z" onCsv=${csv("/reports/z", { date: z.date }, `z-${z.number}-${z.date}.csv`)} />`}
		</div>
	</section>`;
}

function DayFigures({ title, d, kind, onCsv }) {
	const rows = [
		["checks", "Checks", String(d.checks)],
		["covers", "Covers", String(d.covers)],
		["gross", "Gross", money(d.grossCents)],
		["discounts", "Discounts", money(d.discountCents)],
		["refunds", "Refunds", money(d.refundCents)],
		["net", "Net", money(d.netCents)],
		["avg-check", "Average check", d.avgCheckCents === null ? "—" : money(d.avgCheckCents)],
		["tips", "Tips", money(d.tipCents)],
		["comps", "Comps", money(d.comps.valueCents)],
		["voids", "Voids", money(d.voids.valueCents)],
		["drawer-difference", "Drawer difference", money(d.drawerDifferenceCents)],
	];
	return html`<div class="stack" data-day=${kind}>
		<div class="row between">
			<h3>${title}</h3>
			<button type="button" class="no-print" onClick=${onCsv}>Download CSV</button>
		</div>
		<table class="list">
			<tbody>
				${rows.map(([key, label, value]) => html`<tr data-figure=${key}><th>${label}</th><td class="num">${value}</td></tr>`)}
				${d.byType
					.filter(t => t.orders > 0)
					.map(
						t =>
							html`<tr data-type=${t.type}><th>${ORDER_TYPE_LABELS[t.type] ?? t.type}</th><td class="num">${money(t.netCents)}</td></tr>`,
					)}
				${d.byMethod.map(
					m =>
						html`<tr data-method=${m.method}><th>${METHOD_LABELS[m.method] ?? m.method}</th><td class="num">${money(m.netCents)}</td></tr>`,
				)}
				${d.tipsByWaiter.map(t => html`<tr data-tips=${t.userId}><th>Tips: ${t.fullName}</th><td class="num">${money(t.tipCents)}</td></tr>`)}
				${d.drawers.map(
					dr =>
						html`<tr data-drawer=${dr.drawerId}><th>Drawer ${dr.name}</th><td class="num">${money(dr.countedCents)} counted, ${money(dr.differenceCents)} over/short</td></tr>`,
				)}
			</tbody>
		</table>
	</div>`;
}
