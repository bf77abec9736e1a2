// Approval rules, pure: what a stored request looks like on the wire (an undecided or unspent one past its time is
// "expired"), why a token cannot be claimed for a request, and the words a manager reads on the card.
import crypto from "node:crypto";
import type { Approval, ApprovalStatus, Permission } from "../../contracts";

/** A row of approval.requests as the repository reads it. */
export interface ApprovalRow {
	id: string;
	permission: Permission;
	method: string;
	path: string;
	summary: string;
	fingerprint: string;
	status: "pending" | "approved" | "claimed" | "denied" | "spent";
	requestedBy: { id: string; fullName: string };
	decidedBy: { id: string; fullName: string } | null;
	decidedHow: "pin" | "tap" | null;
	reason: string | null;
	createdAt: Date;
	decidedAt: Date | null;
	expiresAt: Date;
}

/** The status a person sees: a token in use is still "approved"; anything undone past its time is "expired". */
export function statusOf(row: Pick<ApprovalRow, "status" | "expiresAt">, now: Date): ApprovalStatus {
	const status = row.status === "claimed" ? "approved" : row.status;
	if ((status === "pending" || status === "approved") && row.expiresAt.getTime() <= now.getTime()) return "expired";
	return status;
}

export function approvalOf(row: ApprovalRow, now: Date): Approval {
	return {
		id: row.id,
		permission: row.permission,
		method: row.method,
		path: row.path,
		summary: row.summary,
		status: statusOf(row, now),
		requestedBy: row.requestedBy,
		decidedBy: row.decidedBy,
		decidedHow: row.decidedHow,
		reason: row.reason,
		createdAt: row.createdAt.toISOString(),
		decidedAt: row.decidedAt?.toISOString() ?? null,
		expiresAt: row.expiresAt.toISOString(),
	};
}

/** A new approval token: 32 random bytes, base64url. Only its hash is kept. */
export function newToken(): { token: string; hash: string } {
	const token = crypto.randomBytes(32).toString("base64url");
	return { token, hash: hashToken(token) };
}

export function hashToken(token: string): string {
	return crypto.createHash("sha256").update(token).digest("hex");
}

/**
 * Why a token cannot be claimed for this request by this user (undefined: it can). Checked in words after the
 * atomic claim found nothing, so the caller learns which it was.
 */
export function whyNotClaimable(
	row: Pick<ApprovalRow, "status" | "expiresAt" | "fingerprint" | "requestedBy"> | undefined,
	fingerprint: string,
	userId: string,
	now: Date,
): string | undefined {
	if (!row) return "no approval has this token";
	if (row.requestedBy.id !== userId) return "it was given to another user";
	if (row.fingerprint !== fingerprint) return "it approves a different request (another route or body)";
	if (row.status === "spent") return "it was already used";
	if (row.status === "claimed") return "it is being used by another request right now";
	if (row.status === "denied") return "the request was denied";
	if (row.status === "pending") return "the request is not approved yet";
	if (row.expiresAt.getTime() <= now.getTime()) return "it expired; ask again";
	return undefined;
}

const WORDS: Record<string, string> = {
	discount: "Discount a bill",
	comp: "Comp a line",
	voidStarted: "Void a line the kitchen started",
	refund: "Refund a payment",
	reopenBill: "Reopen a paid bill",
};

const money = (cents: number) => `${cents < 0 ? "−" : ""}${(Math.abs(cents) / 100).toFixed(2)}`;

/** What the card says: the action, and the amount, quantity and reason the request's body names. */
export function summaryOf(permission: Permission, body: unknown): string {
	const b = (body && typeof body === "object" ? body : {}) as Record<string, unknown>;
	const parts: string[] = [];
	if (typeof b.percent === "number") parts.push(`${b.percent}%`);
	if (typeof b.amountCents === "number") parts.push(money(b.amountCents));
	if (typeof b.quantity === "number") parts.push(`× ${b.quantity}`);
	const reason = typeof b.reason === "string" ? b.reason.trim().slice(0, 120) : "";
	const head = [WORDS[permission] ?? permission, ...parts].join(" ");
	return (reason ? `${head}: ${reason}` : head).slice(0, 200);
}
