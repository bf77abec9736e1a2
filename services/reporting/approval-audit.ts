// The audit trail's approvals: a staff member asked for a manager's approval, a manager decided (who, and how: a
// PIN on the asking tablet or a tap on their own device), and the approved action was done. The token is never kept.
import type { EventOf } from "../../contracts";
import type { AuditEntry } from "./repository";

type ApprovalEvent = EventOf<"approval.requested"> | EventOf<"approval.decided"> | EventOf<"approval.spent">;

const ACTIONS = {
	"approval.requested": "approval_requested",
	"approval.decided": "approval_decided",
	"approval.spent": "approval_spent",
} as const;

export function auditOfApproval(e: ApprovalEvent): AuditEntry[] {
	const a = e.data.approval;
	const decided = e.type === "approval.decided";
	return [
		{
			id: e.eventId,
			at: new Date(e.at),
			action: ACTIONS[e.type],
			// Who asked; for a decision, who decided.
			actorId: decided ? (a.decidedBy?.id ?? null) : a.requestedBy.id,
			reason: decided ? a.reason : a.summary,
			tableName: "",
			amountCents: 0,
			subject: {
				approvalId: a.id,
				permission: a.permission,
				method: a.method,
				path: a.path,
				summary: a.summary,
				status: a.status,
				requestedBy: a.requestedBy,
				...(a.decidedBy && { decidedBy: a.decidedBy, how: a.decidedHow }),
			},
		},
	];
}
