// Moving things, free of the bus and the database: which lines a move of lines takes (whole, or part of a line
// with its sides' share), who may take a table, and the order two orders are locked in.
import crypto from "node:crypto";
import { CommonErrors, OrderErrors, type Comp, type OrderItem, type Role } from "../../contracts";
import { compShare } from "./line-changes";

type Line = Pick<OrderItem, "id" | "name" | "status" | "quantity" | "partOf" | "comp">;

/** One line of a move as the waiter asked for it: the line, and how many of it (all when not said). */
export interface MoveRequest {
	itemId: string;
	quantity?: number;
}

/** A line as it moves: whole (it keeps its id), or part of it as a new line (with its share of a comp). */
export interface MovedLine {
	id: string;
	/** A whole side whose line moved only in part: it belongs to that part now. */
	partOf?: string;
	split?: { newId: string; keep: number; quantity: number; partOf: string | null; comps: { kept: Comp | null; moved: Comp | null } };
}

export interface MovePlan {
	/** In the order they land on the other order: each line asked for, then its sides. */
	lines: MovedLine[];
	/** The ids on the other order once moved (a part's new id), and the lines left smaller here. */
	itemIds: string[];
	shrunk: string[];
}

/**
 * What a move of lines takes, or why not: every line named once (400), on the order (404), live (a voided line
 * stays where it was voided: 409) and not a side (a side goes with its line: 409); at most what the line holds
 * (400 naming `items`). A line's sides go with it, as many as the line moves, so a burger and its fries sit at the
 * same table. A part of a line becomes a new line there; the rest stays here with its id.
 */
export function planMove(items: readonly Line[], asked: readonly MoveRequest[], newId: () => string = crypto.randomUUID): MovePlan {
	const seen = new Set<string>();
	for (const a of asked) {
		if (seen.has(a.itemId))
			throw CommonErrors.invalidField("items", "arrayUnique", `The line ${a.itemId} is named twice; name each line once`);
		seen.add(a.itemId);
	}
	const plan: MovePlan = { lines: [], itemIds: [], shrunk: [] };
	const take = (line: Line, n: number, partOf: string | null): string => {
		if (n >= line.quantity) {
			plan.lines.push({ id: line.id, ...(partOf !== null && partOf !== line.partOf && { partOf }) });
			plan.itemIds.push(line.id);
			return line.id;
		}
		const split = {
			newId: newId(),
			keep: line.quantity - n,
			quantity: n,
			partOf,
			comps: line.comp
				? { kept: compShare(line.comp, line.quantity, line.quantity - n), moved: compShare(line.comp, line.quantity, n) }
				: { kept: null, moved: null },
		};
		plan.lines.push({ id: line.id, split });
		plan.itemIds.push(split.newId);
		plan.shrunk.push(line.id);
		return split.newId;
	};
	for (const a of asked) {
		const item = items.find(i => i.id === a.itemId);
		if (!item) throw OrderErrors.itemNotFound(a.itemId);
		if (item.status === "voided") throw OrderErrors.itemState(item.id, "voided", "moved");
		if (item.status === "pending") throw OrderErrors.itemState(item.id, "pending (a guest's round: confirm it first)", "moved");
		if (item.partOf) throw OrderErrors.itemState(item.id, "a side (it moves with its line)", "moved");
		const q = a.quantity ?? item.quantity;
		if (q > item.quantity)
			throw CommonErrors.invalidField("items", "numberMax", `${item.name} holds ${item.quantity}; move at most ${item.quantity}`);
		const moved = take(item, q, null);
		for (const s of items.filter(s => s.partOf === item.id && s.status !== "voided")) take(s, Math.min(q, s.quantity), moved);
	}
	return plan;
}

/** Who may take a table: an active account on the floor (staff, a manager, an admin), not a cook. */
export function assertCanTakeTable(user: { id: string; role: Role; isActive: boolean } | undefined, userId: string): void {
	if (!user) throw OrderErrors.cannotTakeTable(userId, "no active account has this id");
	if (!user.isActive) throw OrderErrors.cannotTakeTable(userId, "the account is deactivated");
	if (user.role === "kitchen") throw OrderErrors.cannotTakeTable(userId, "a kitchen account does not wait tables");
}

/** Two orders are locked in one order, by id, whichever tablet asks: two merges of the same pair cannot deadlock. */
export function lockOrder(a: string, b: string): [string, string] {
	return a < b ? [a, b] : [b, a];
}

/** A merged check's covers: both tables' guests; unknown on both stays unknown. */
export function mergedCovers(a: number | null, b: number | null): number | null {
	return a === null && b === null ? null : (a ?? 0) + (b ?? 0);
}
