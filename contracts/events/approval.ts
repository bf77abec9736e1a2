// Events the approval service produces: a staff member asked for a manager's approval, a manager decided, and
// the approved action was done (the token spent). The gateway pushes the first two; reporting audits all three.
import type { Permission } from "../domain";

export const APPROVAL_EVENTS = {
	requested: "approval.requested",
	decided: "approval.decided",
	spent: "approval.spent",
} as const;

export type ApprovalStatus = "pending" | "approved" | "denied" | "spent" | "expired";

/** Who asked or decided: enough to say so on a card and in the audit trail. */
export interface ApprovalPerson {
	id: string;
	fullName: string;
}

/** A request for a manager's approval of one action (API.md "Approvals, managers, shared tablets"). */
export interface Approval {
	id: string;
	permission: Permission;
	method: string;
	path: string;
	/** What the action is, in words a manager reads on the card ("Comp a line: birthday"). */
	summary: string;
	status: ApprovalStatus;
	requestedBy: ApprovalPerson;
	decidedBy: ApprovalPerson | null;
	/** How it was decided: a manager's PIN on the asking tablet, or a tap on their own device. */
	decidedHow: "pin" | "tap" | null;
	reason: string | null;
	createdAt: string;
	decidedAt: string | null;
	expiresAt: string;
}

export interface ApprovalRequested {
	approval: Approval;
}

/**
 * A manager approved or denied. `approvalToken` (approved only) is pushed to the asking user alone; it is good for
 * that user's one request, once, until `approval.expiresAt`.
 */
export interface ApprovalDecided {
	approval: Approval;
	approvalToken?: string;
}

/** The approved action was done: the token is spent. */
export interface ApprovalSpent {
	approval: Approval;
}

export interface ApprovalEvents {
	"approval.requested": ApprovalRequested;
	"approval.decided": ApprovalDecided;
	"approval.spent": ApprovalSpent;
}
