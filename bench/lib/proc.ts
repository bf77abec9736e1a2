// What a process costs, read from Linux's /proc (no dependency): CPU seconds used so far and resident memory.
// Both return undefined where /proc is missing or the process is gone.
import fs from "node:fs";

/** CPU seconds (user + system) the process has used so far. */
export function cpuSecondsOf(pid: number | undefined): number | undefined {
	try {
		const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
		const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
		// utime and stime are fields 14 and 15 of stat; here counted from field 3 (state). Linux counts in 1/100 s.
		return (Number(fields[11]) + Number(fields[12])) / 100;
	} catch {
		return undefined;
	}
}

/** Resident set size in bytes (VmRSS of /proc/<pid>/status). */
export function rssBytesOf(pid: number | undefined): number | undefined {
	try {
		const m = /^VmRSS:\s+(\d+)\s+kB/m.exec(fs.readFileSync(`/proc/${pid}/status`, "utf8"));
		return m ? Number(m[1]) * 1024 : undefined;
	} catch {
		return undefined;
	}
}

export const MB = 1024 * 1024;

/** Least-squares slope of y over x (NaN with fewer than two distinct x). */
export function slope(points: { x: number; y: number }[]): number {
	const n = points.length;
	if (n < 2) return NaN;
	const mx = points.reduce((s, p) => s + p.x, 0) / n;
	const my = points.reduce((s, p) => s + p.y, 0) / n;
	const sxx = points.reduce((s, p) => s + (p.x - mx) ** 2, 0);
	const sxy = points.reduce((s, p) => s + (p.x - mx) * (p.y - my), 0);
	return sxx ? sxy / sxx : NaN;
}

/** Samples every node's RSS every `ms` and keeps each node's peak, until stopped. */
export function peakRss(read: () => Record<string, number>, ms = 250) {
	const peak: Record<string, number> = {};
	const sample = () => {
		for (const [n, v] of Object.entries(read())) peak[n] = Math.max(peak[n] ?? 0, v);
	};
	sample();
	const timer = setInterval(sample, ms);
	timer.unref();
	return {
		stop(): Record<string, number> {
			clearInterval(timer);
			sample();
			return peak;
		},
	};
}
