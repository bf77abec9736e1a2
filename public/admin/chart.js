// The reports' bar charts: Chart.js (its UMD build's global `Chart`, loaded by admin/index.html), redrawn when the data changes.
import { html, useEffect, useRef } from "../app/ui.js";

export const COLORS = { gross: "#1f5fbf", net: "#1e8e3e", qty: "#b26a00", avg: "#1f5fbf", p90: "#c5221f" };
// Chart.js draws 12 px grey labels by default: too small to read from a step back.
if (typeof Chart !== "undefined") {
	Chart.defaults.font.size = 15;
	Chart.defaults.color = "#3c4350";
}

/** A Chart.js bar chart (the UMD build's global `Chart`), redrawn when its data changes. */
export function BarChart({ label, labels, datasets, horizontal = false, format = v => v, height }) {
	const canvas = useRef(null);
	const key = JSON.stringify([labels, datasets, horizontal]);
	useEffect(() => {
		if (typeof Chart === "undefined" || !canvas.current) return;
		const valueAxis = { beginAtZero: true, ticks: { callback: v => format(v) } };
		const chart = new Chart(canvas.current, {
			type: "bar",
			data: { labels, datasets: datasets.map(d => ({ borderRadius: 4, maxBarThickness: 48, ...d })) },
			options: {
				indexAxis: horizontal ? "y" : "x",
				animation: false,
				responsive: true,
				maintainAspectRatio: false,
				plugins: {
					legend: { display: datasets.length > 1 },
					tooltip: { callbacks: { label: c => `${c.dataset.label}: ${format(horizontal ? c.parsed.x : c.parsed.y)}` } },
				},
				scales: horizontal ? { x: valueAxis } : { y: valueAxis },
			},
		});
		return () => chart.destroy();
	}, [key]);
	return html`<div class="chart-box" style=${height ? `height:${height}px` : ""}><canvas ref=${canvas} role="img" aria-label=${label}></canvas></div>`;
}
