// The Reports tab's view of a service: the evening in figures (orders, covers, checks, turns, sales by type), the
// options sold, each table's turns and covers, and what was given away, remade or voided, with why and by whom.
import { html } from "../app/ui.js";
import { money, tableLabel } from "../app/core.js";
import { when } from "./session.js";
import { durationText, moneyOrDash, ORDER_TYPE_LABELS, LOSS_LABELS } from "./format.js";

export function SummaryReport({ s }) {
	const figures = [
		["orders", "Orders", String(s.orders)],
		["covers", "Covers", String(s.covers)],
		["net", "Net sales", money(s.netCents)],
		["avg-check", "Average check", moneyOrDash(s.avgCheckCents)],
		["per-cover", "Per cover", moneyOrDash(s.avgCheckPerCoverCents)],
		["turn", "Table turn", durationText(s.avgTurnSeconds)],
	];
	const losses = [
		["comps", "Comps", `${s.comps.lines} ${s.comps.lines === 1 ? "line" : "lines"}`, s.comps.valueCents],
		["remakes", "Remakes", `${s.remakes.lines} ${s.remakes.lines === 1 ? "line" : "lines"}`, s.remakes.valueCents],
		["voids", "Voids", `${s.voids.quantity} ${s.voids.quantity === 1 ? "portion" : "portions"}`, s.voids.valueCents],
	];
	return html`<section class="panel stack" data-report="summary" aria-label="Summary">
		<h2>Summary</h2>
		<dl class="figures">
			${figures.map(([key, label, value]) => html`<div class="figure" data-figure=${key}><dt>${label}</dt><dd>${value}</dd></div>`)}
		</dl>
		<div class="report-grid">
			<div class="scroll-x">
				<table class="list by-type cards">
					<caption>Sales by order type</caption>
					<thead><tr><th>Type</th><th class="num">Orders</th><th class="num">Covers</th><th class="num">Gross</th><th class="num">Net</th></tr></thead>
					<tbody>
						${
							s.byType.length
								? s.byType.map(
										t => html`<tr data-type=${t.type}>
											<td class="card-title">${ORDER_TYPE_LABELS[t.type] ?? t.type}</td>
											<td class="num" data-col="orders" data-label="Orders">${t.orders}</td>
											<td class="num" data-col="covers" data-label="Covers">${t.covers}</td>
											<td class="num" data-col="gross" data-label="Gross">${money(t.grossCents)}</td>
											<td class="num" data-col="net" data-label="Net">${money(t.netCents)}</td>
										</tr>`,
									)
								: html`<tr><td colspan="5" class="muted card-title">No orders settled in this range.</td></tr>`
						}
					</tbody>
				</table>
			</div>
			<table class="list losses-totals">
				<caption>Given away and wasted</caption>
				<thead><tr><th>What</th><th class="num">How many</th><th class="num">Worth</th></tr></thead>
				<tbody>
					${losses.map(
						([key, label, count, cents]) => html`<tr data-loss=${key}>
							<td>${label}</td>
							<td class="num" data-col="count">${count}</td>
							<td class="num" data-col="value">${money(cents)}</td>
						</tr>`,
					)}
				</tbody>
			</table>
		</div>
		<p class="muted small-text">
			Average check = net ÷ bills paid; per cover = net of the orders that gave their covers ÷ those covers; table turn =
			a dine-in order opened to paid. Comps and remakes at what the dishes would have cost.
		</p>
	</section>`;
}

export function OptionMix({ rows }) {
	return html`<section class="panel stack" data-report="modifiers" aria-label="Options sold">
		<h2>Options sold</h2>
		${
			rows.length
				? html`<div class="scroll-x"><table class="list option-mix cards">
					<thead><tr><th>Option</th><th>Group</th><th class="num">Portions</th><th class="num">Added</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-option-id=${r.optionId}>
								<td class="card-title">${r.name}</td>
								<td class="muted" data-label="Group">${r.groupName}</td>
								<td class="num" data-col="quantity" data-label="Portions">${r.quantity}</td>
								<td class="num" data-col="delta" data-label="Added">${money(r.deltaCents)}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>
				<p class="muted small-text">Portions that carried each option; added = what its price changes brought in (negative for a discount option).</p>`
				: html`<p class="muted">No options sold in this range.</p>`
		}
	</section>`;
}

export function TablesReport({ rows }) {
	return html`<section class="panel stack" data-report="tables" aria-label="Tables">
		<h2>Tables</h2>
		${
			rows.length
				? html`<div class="scroll-x"><table class="list tables-report cards">
					<thead><tr><th>Table</th><th class="num">Turns</th><th class="num">Covers</th><th class="num">Average turn</th><th class="num">Gross</th><th class="num">Per cover</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-table-id=${r.tableId}>
								<td class="card-title">${tableLabel(r.tableName)}</td>
								<td class="num" data-col="turns" data-label="Turns">${r.turns}</td>
								<td class="num" data-col="covers" data-label="Covers">${r.covers}</td>
								<td class="num" data-col="turn" data-label="Average turn">${durationText(r.avgTurnSeconds)}</td>
								<td class="num" data-col="gross" data-label="Gross">${money(r.grossCents)}</td>
								<td class="num" data-col="per-cover" data-label="Per cover">${moneyOrDash(r.avgCheckPerCoverCents)}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>`
				: html`<p class="muted">No table paid in this range.</p>`
		}
	</section>`;
}

export function LossesReport({ rows }) {
	return html`<section class="panel stack" data-report="losses" aria-label="Comps, remakes and voids">
		<h2>Comps, remakes and voids</h2>
		${
			rows.length
				? html`<div class="scroll-x"><table class="list losses cards">
					<thead><tr><th>When</th><th>What</th><th>Where</th><th class="num">Worth</th><th>Why</th><th>Who</th></tr></thead>
					<tbody>
						${rows.map(
							r => html`<tr data-kind=${r.kind} data-item-id=${r.itemId}>
								<td data-label="When">${when(r.at)}</td>
								<td class="card-title"><span class=${`pill loss-${r.kind}`}>${LOSS_LABELS[r.kind] ?? r.kind}</span> ${r.quantity}× ${r.name}</td>
								<td data-label="Where">${r.label ?? ""}</td>
								<td class="num" data-col="value" data-label="Worth">${money(r.valueCents)}</td>
								<td data-label="Why">${r.reason || html`<span class="muted">—</span>`}</td>
								<td data-label="Who">${r.byName || html`<span class="muted">unknown</span>`}</td>
							</tr>`,
						)}
					</tbody>
				</table></div>`
				: html`<p class="muted">Nothing comped, remade or voided in this range.</p>`
		}
	</section>`;
}
