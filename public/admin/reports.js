// The Reports tab: the evening's summary, sales by day or hour, best-sellers and the options sold, tables, kitchen prep
// times, comps, remakes and voids, staff sales and tips, and the two audit trails.
import { html, useState, useEffect } from "../app/ui.js";
import { api, describeError, money, clock } from "../app/core.js";
import { config } from "./session.js";
import { localToday, periodLabel, salesTotals, SALES_COLUMNS } from "./format.js";
import { BarChart, COLORS } from "./chart.js";
import { AuditTrail, AccountsTrail, ApprovalsTrail } from "./audit.js";
import { SummaryReport, OptionMix, TablesReport, LossesReport } from "./service-reports.js";
import { DayClose } from "./day-close.js";

export function ReportsAdmin() {
	const today = localToday(config.timezone);
	const [range, setRange] = useState({ from: today, to: today, groupBy: "hour" });
	const [tick, setTick] = useState(0);
	const [state, setState] = useState({ loading: true, error: "", data: null });

	useEffect(() => {
		let current = true;
		const q = { from: range.from, to: range.to };
		setState(s => ({ ...s, loading: true }));
		Promise.all([
			api.get("/reports/sales", { ...q, groupBy: range.groupBy }),
			api.get("/reports/best-sellers", { ...q, limit: 10 }),
			api.get("/reports/kitchen", q),
			api.get("/reports/staff", q),
			api.get("/reports/audit", { ...q, kind: "money", limit: 200 }),
			api.get("/reports/audit", { ...q, kind: "accounts", limit: 200 }),
			api.get("/reports/summary", q),
			api.get("/reports/modifiers", { ...q, limit: 20 }),
			api.get("/reports/tables", q),
			api.get("/reports/losses", { ...q, limit: 200 }),
			api.get("/reports/audit", { ...q, kind: "approvals", limit: 200 }),
		]).then(
			([sales, best, kitchen, staff, audit, accounts, summary, options, tables, losses, approvals]) =>
				current &&
				setState({
					loading: false,
					error: "",
					data: { sales, best, kitchen, staff, audit, accounts, summary, options, tables, losses, approvals },
				}),
			err => current && setState(s => ({ ...s, loading: false, error: describeError(err) })),
		);
		return () => {
			current = false;
		};
	}, [range.from, range.to, range.groupBy, tick]);

	const setField = key => e => e.target.value && setRange(r => ({ ...r, [key]: e.target.value }));
	const d = state.data;

	return html`<div class="stack reports">
		<div class="row between">
			<h1>Reports</h1>
			<span class="muted">Times and days in ${config.timezone}; sales count when the bill is paid.</span>
		</div>
		<form class="panel row" aria-label="Report range" onSubmit=${e => {
			e.preventDefault();
			setTick(t => t + 1);
		}}>
			<label>From <input type="date" value=${range.from} max=${range.to} onChange=${setField("from")} /></label>
			<label>To <input type="date" value=${range.to} min=${range.from} onChange=${setField("to")} /></label>
			<label>Sales by
				<select value=${range.groupBy} onChange=${setField("groupBy")}>
					<option value="hour">Hour</option>
					<option value="day">Day</option>
				</select>
			</label>
			<button type="button" class="align-end" onClick=${() => setRange(r => ({ ...r, from: today, to: today }))}>Today</button>
			<button type="submit" class="primary align-end" disabled=${state.loading}>${state.loading ? "Loading…" : "Refresh"}</button>
		</form>
		${state.error && html`<p class="error-text" role="alert">${state.error}</p>`}
		<${DayClose} today=${today} tick=${tick} />
		${
			d &&
			html`<${SummaryReport} s=${d.summary} />
			<${SalesReport} rows=${d.sales} oneDay=${range.from === range.to} />
			<div class="report-grid">
				<${BestSellers} rows=${d.best} />
				<${OptionMix} rows=${d.options} />
			</div>
			<div class="report-grid">
				<${TablesReport} rows=${d.tables} />
				<${KitchenTimes} rows=${d.kitchen} />
			</div>
			<${LossesReport} rows=${d.losses} />
			<${StaffReport} rows=${d.staff} />
			<${AuditTrail} rows=${d.audit} />
			<${AccountsTrail} rows=${d.accounts} />
			<${ApprovalsTrail} rows=${d.approvals} />`
		}
		${!d && !state.error && html`<p class="muted" aria-busy="true">Loading…</p>`}
	</div>`;
}

function SalesReport({ rows, oneDay }) {
	const total = salesTotals(rows);
	return html`<section class="panel stack" data-report="sales" aria-label="Sales">
		<h2>Sales</h2>
		${
			rows.length
				? html`<${BarChart}
						label="Sales per period: gross and net"
						labels=${rows.map(r => periodLabel(r.period, oneDay))}
						datasets=${[
							{ label: "Gross", data: rows.map(r => r.grossCents), backgroundColor: COLORS.gross },
							{ label: "Net", data: rows.map(r => r.netCents), backgroundColor: COLORS.net },
						]}
						format=${money}
					/>
					<div class="scroll-x">
						<table class="list sales">
							<thead><tr><th>Period</th><th class="num">Orders</th>${SALES_COLUMNS.map(c => html`<th class="num">${c[2]}</th>`)}</tr></thead>
							<tbody>
								${rows.map(
									r => html`<tr data-period=${r.period}>
										<td>${periodLabel(r.period, oneDay)}</td>
										<td class="num" data-col="orders">${r.orders}</td>
										${SALES_COLUMNS.map(([k, col]) => html`<td class="num" data-col=${col}>${money(r[k])}</td>`)}
									</tr>`,
								)}
							</tbody>
							<tfoot>
								<tr data-period="total">
									<th>Total</th>
									<td class="num" data-col="orders">${total.orders}</td>
									${SALES_COLUMNS.map(([k, col]) => html`<td class="num" data-col=${col}>${money(total[k])}</td>`)}
								</tr>
							</tfoot>
						</table>
					</div>
					<p class="muted small-text">Net = gross − discounts − refunds, before tax, service charge and tips.</p>`
				: html`<p class="muted">No sales in this range.</p>`
		}
	</section>`;
}

function BestSellers({ rows }) {
	return html`<section class="panel stack" data-report="best-sellers" aria-label="Best-sellers">
		<h2>Best-sellers</h2>
		${
			rows.length
				? html`<${BarChart}
						label="Best-sellers by quantity sold"
						horizontal=${true}
						height=${Math.max(160, rows.length * 34 + 40)}
						labels=${rows.map(r => r.name)}
						datasets=${[{ label: "Sold", data: rows.map(r => r.quantity), backgroundColor: COLORS.qty }]}
					/>
					<table class="list">
						<thead><tr><th>Item</th><th class="num">Sold</th><th class="num">Gross</th></tr></thead>
						<tbody>${rows.map(r => html`<tr data-item-id=${r.menuItemId}><td>${r.name}</td><td class="num">${r.quantity}</td><td class="num">${money(r.grossCents)}</td></tr>`)}</tbody>
					</table>`
				: html`<p class="muted">Nothing sold in this range.</p>`
		}
	</section>`;
}

function KitchenTimes({ rows }) {
	const time = s => clock(Math.round(s));
	return html`<section class="panel stack" data-report="kitchen" aria-label="Kitchen prep times">
		<h2>Kitchen prep times</h2>
		${
			rows.length
				? html`<${BarChart}
						label="Prep time per station: average and 90th percentile"
						labels=${rows.map(r => r.station)}
						datasets=${[
							{ label: "Average", data: rows.map(r => r.avgPrepSeconds), backgroundColor: COLORS.avg },
							{ label: "90% within", data: rows.map(r => r.p90PrepSeconds), backgroundColor: COLORS.p90 },
						]}
						format=${time}
					/>
					<table class="list">
						<thead><tr><th>Station</th><th class="num">Items</th><th class="num">Average</th><th class="num">p90</th></tr></thead>
						<tbody>
							${rows.map(r => html`<tr data-station=${r.station}><td>${r.station}</td><td class="num">${r.items}</td><td class="num">${time(r.avgPrepSeconds)}</td><td class="num">${time(r.p90PrepSeconds)}</td></tr>`)}
						</tbody>
					</table>
					<p class="muted small-text">From the moment a round reached the kitchen to ready (minutes:seconds).</p>`
				: html`<p class="muted">No items made in this range.</p>`
		}
	</section>`;
}

function StaffReport({ rows }) {
	return html`<section class="panel stack" data-report="staff" aria-label="Staff sales and tips">
		<h2>Staff sales and tips</h2>
		${
			rows.length
				? html`<table class="list">
					<thead><tr><th>Name</th><th class="num">Orders</th><th class="num">Sales</th><th class="num">Tips</th></tr></thead>
					<tbody>
						${rows.map(r => html`<tr data-user-id=${r.userId}><td>${r.fullName || html`<span class="muted">unknown</span>`}</td><td class="num">${r.orders}</td><td class="num" data-col="gross">${money(r.grossCents)}</td><td class="num" data-col="tips">${money(r.tipCents)}</td></tr>`)}
					</tbody>
				</table>
				<p class="muted small-text">Tips are credited to whoever took the payment; sales to whoever took each round.</p>`
				: html`<p class="muted">No staff sales in this range.</p>`
		}
	</section>`;
}
