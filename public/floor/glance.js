// A table at a glance, as its tile and the floor plan show it: since when it is seated, how many guests, what it
// has spent, whose it is, which course it is on, what waits at the pass or for a fire. And where the plan draws it.
// No DOM.
import { heldCourses } from "./courses.js";
import { pendingAt } from "./guest-rounds.js";

/** Orders a table still has: the kitchen's, served ones, and billed ones waiting for their payment. */
const AT_TABLE = ["placed", "in_progress", "ready", "served", "billed"];
const OPEN = ["placed", "in_progress", "ready", "served"];

/**
 * The party at the table: an order paid once (`paidAt`) is billed again only because its bill was reopened, and
 * its guests left when it was first paid (the table may have a new party): it is the office's, not the tile's.
 */
export const ofLiveParty = order => !order.paidAt;

/** The orders at a table, oldest first. */
export const ordersAt = (orders, tableId) =>
	Object.values(orders)
		.filter(o => o.tableId === tableId && AT_TABLE.includes(o.status) && ofLiveParty(o))
		.sort((a, b) => a.createdAt.localeCompare(b.createdAt));

/** The waiter an order is with: whom it was handed to, else who took it. */
export const waiterOf = order => order.assignedTo ?? order.createdBy ?? order.items?.[0]?.takenBy ?? null;

/**
 * What a table's tile says, or null for a table with nothing on it. `seatedAt` is its oldest order's time; spend is
 * every order's total in cents; `firedCourse` the highest course sent, `heldCourse` the next one waiting for a fire;
 * `ready` the dishes at the pass; `billed` when a bill waits for its payment.
 */
export function tableGlance(orders, tableId) {
	const here = ordersAt(orders, tableId);
	if (!here.length) return null;
	const open = here.filter(o => OPEN.includes(o.status));
	const covers = here.reduce((n, o) => n + (o.covers ?? 0), 0);
	const held = open.flatMap(heldCourses).sort((a, b) => a - b);
	return {
		seatedAt: here[0].createdAt,
		covers: covers || null,
		spendCents: here.reduce((n, o) => n + (o.totalCents ?? 0), 0),
		waiterId: waiterOf(open[0] ?? here[0]),
		firedCourse: Math.max(0, ...open.map(o => o.firedCourse ?? 0)),
		heldCourse: held[0] ?? null,
		ready: open.flatMap(o => o.items).filter(i => i.status === "ready").length,
		billed: here.some(o => o.status === "billed"),
		// Guest rounds from the table's phone waiting for a waiter's confirm.
		guestRounds: pendingAt(open),
	};
}

/** "Just seated" ("0 min" where space is short), "12 min", "1 h 05": how long a table has been seated. */
export function seatedFor(seatedAt, now, short = false) {
	const minutes = Math.max(0, Math.floor((now - Date.parse(seatedAt)) / 60_000));
	if (minutes < 1) return short ? "0 min" : "Just seated";
	if (minutes < 60) return `${minutes} min`;
	return `${Math.floor(minutes / 60)} h ${String(minutes % 60).padStart(2, "0")}`;
}

/** Whether a table is the signed-in waiter's: its order is with them. */
export const isMine = (glance, userId) => Boolean(glance && glance.waiterId === userId);

/** The plan every area is drawn on (plan units; a table's x, y is its centre), as contracts TABLE_PLAN. */
export const PLAN = { width: 1000, height: 700 };

/** How big a table is drawn, in plan units: a round or a square four-top, larger for more seats; a long rectangle. */
export function tableSize(table) {
	const big = table.seats > 4;
	if (table.shape === "rect") return { w: big ? 280 : 240, h: 130 };
	// A round's text sits in the square inside it: drawn larger than a square of the same seats.
	if (table.shape === "round") return { w: big ? 220 : 200, h: big ? 220 : 200 };
	const side = big ? 160 : 140;
	return { w: side, h: side };
}

/**
 * Where a placed table is drawn, as percentages of its area's plan (kept inside the plan whatever its centre):
 * `{left, top, width, height}`. Null for a table not placed yet.
 */
export function planBox(table) {
	if (table.x == null || table.y == null) return null;
	const { w, h } = tableSize(table);
	const left = Math.min(Math.max(table.x - w / 2, 0), PLAN.width - w);
	const top = Math.min(Math.max(table.y - h / 2, 0), PLAN.height - h);
	const pct = (v, of) => `${((v / of) * 100).toFixed(3)}%`;
	return { left: pct(left, PLAN.width), top: pct(top, PLAN.height), width: pct(w, PLAN.width), height: pct(h, PLAN.height) };
}

/** An area's tables split for the plan: those placed on it, and those still to place (shown beside it as tiles). */
export function splitPlaced(tables) {
	return { placed: tables.filter(t => t.x != null && t.y != null), unplaced: tables.filter(t => t.x == null || t.y == null) };
}

/** Snaps a plan coordinate to the editor's grid and keeps a table's centre on the plan. */
export function snap(v, max, step = 10) {
	return Math.min(Math.max(Math.round(v / step) * step, 0), max);
}

/** Whether two tables' drawn boxes overlap (with a margin), in plan units. */
function overlaps(a, b, margin = 20) {
	const [sa, sb] = [tableSize(a), tableSize(b)];
	return Math.abs(a.x - b.x) < (sa.w + sb.w) / 2 + margin && Math.abs(a.y - b.y) < (sa.h + sb.h) / 2 + margin;
}

/** Where a table put on the plan goes: the first spot (left to right, top to bottom) clear of every placed table. */
export function freeSpot(placed, table) {
	const { w, h } = tableSize(table);
	for (let y = h / 2 + 20; y <= PLAN.height - h / 2; y += 50)
		for (let x = w / 2 + 20; x <= PLAN.width - w / 2; x += 50) {
			const spot = { ...table, x: snap(x, PLAN.width), y: snap(y, PLAN.height) };
			if (!placed.some(p => overlaps(spot, p))) return { x: spot.x, y: spot.y };
		}
	return { x: PLAN.width / 2, y: PLAN.height / 2 };
}
