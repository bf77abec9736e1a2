// A manager's approval at the gateway (API.md "Approvals, managers, shared tablets"). A staff member's call to an
// action that declares `approval: <permission>` (one of APPROVABLE) becomes a request for a manager, answered 403
// APPROVAL_REQUIRED with its id; the same call (same method, path and body: its fingerprint) sent again with
// `X-Approval: <token>` is claimed for this one call, spent when the action succeeds and released when it fails.
import crypto from "node:crypto";
import type { Context } from "moleculer";
import {
	APPROVABLE,
	ApprovalErrors,
	admits,
	type ActionDeclaration,
	type Approval,
	type GatewayMeta,
	type Permission,
} from "../../contracts";
import { accessOf, authorizeCaller } from "./access";

/** The roles that may ask for an approval (kitchen may not). */
const MAY_ASK = new Set(["staff", "manager", "admin"]);

/** JSON with every object's keys sorted, so the same body written in another key order has the same fingerprint. */
export function canonicalJson(value: unknown): string {
	if (value === undefined) return "null";
	if (value === null || typeof value !== "object") return JSON.stringify(value);
	if (Array.isArray(value)) return `[${value.map(v => canonicalJson(v === undefined ? null : v)).join(",")}]`;
	const entries = Object.entries(value as Record<string, unknown>)
		.filter(([, v]) => v !== undefined)
		.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
	return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(",")}}`;
}

/** The path without its query and trailing slashes. */
export function pathOf(url: string): string {
	return url.split("?")[0].replace(/\/+$/, "") || "/";
}

/** The query, its pairs sorted: moleculer-web merges it into the action's params, so it is part of what is approved. */
export function queryOf(url: string): string {
	const at = url.indexOf("?");
	if (at < 0) return "";
	const pairs = [...new URLSearchParams(url.slice(at + 1))].sort(([a, x], [b, y]) =>
		a < b ? -1 : a > b ? 1 : x < y ? -1 : x > y ? 1 : 0,
	);
	return new URLSearchParams(pairs).toString();
}

/**
 * What an approval is good for: sha256 of "METHOD path?sorted query\ncanonical body" (no body is `{}`). The token is
 * also bound to the user it was given to, which the claim checks apart.
 */
export function fingerprintOf(method: string, url: string, body: unknown): string {
	return crypto
		.createHash("sha256")
		.update(`${method.toUpperCase()} ${pathOf(url)}?${queryOf(url)}\n${canonicalJson(body ?? {})}`)
		.digest("hex");
}

export interface ApprovalRequestLike {
	method?: string;
	url?: string;
	originalUrl?: string;
	body?: unknown;
	headers: Record<string, string | string[] | undefined>;
	$action?: ActionDeclaration & { name: string };
}

const requestOf = (req: ApprovalRequestLike) => {
	const method = (req.method ?? "GET").toUpperCase();
	const url = req.originalUrl ?? req.url ?? "";
	return { method, path: pathOf(url), fingerprint: fingerprintOf(method, url, req.body) };
};

/** The permission a caller needs a manager's approval for here, or undefined when the action is theirs to do or not approvable. */
export function approvalNeeded(action: ActionDeclaration | undefined, role: string | undefined): Permission | undefined {
	if (!role || !MAY_ASK.has(role)) return undefined;
	const permission = action?.approval;
	if (!permission || !APPROVABLE.includes(permission)) return undefined;
	return admits(accessOf(action), role as never) ? undefined : permission;
}

/** Opens a request for a manager and answers 403 APPROVAL_REQUIRED naming it. */
async function requestApproval(ctx: Context<unknown, GatewayMeta>, req: ApprovalRequestLike, permission: Permission): Promise<Error> {
	const user = ctx.meta.user!;
	const { method, path, fingerprint } = requestOf(req);
	const approval = await ctx.call<Approval, unknown>("approval.request", {
		permission,
		fingerprint,
		method,
		path,
		body: req.body,
		requestedBy: { id: user.id, fullName: user.fullName },
	});
	return ApprovalErrors.required(permission, approval.id);
}

/**
 * The gateway's authorize step with approvals in it: an X-Approval header is claimed for this call (the caller is
 * then admitted as the approval says); a call its role may not make but may have approved opens a request (403
 * APPROVAL_REQUIRED); anything else is decided by the action's `access` as before.
 */
export async function authorizeWithApproval(ctx: Context<unknown, GatewayMeta>, req: ApprovalRequestLike): Promise<void> {
	const user = ctx.meta.user;
	const header = req.headers["x-approval"];
	if (typeof header === "string" && header.length > 0) {
		if (!user) return authorizeCaller(accessOf(req.$action), user, ctx.meta.guest);
		const { fingerprint } = requestOf(req);
		ctx.meta.approval = await ctx.call<NonNullable<GatewayMeta["approval"]>, unknown>("approval.claim", {
			token: header.slice(0, 200),
			fingerprint,
			userId: user.id,
		});
		// The approval stands in for the role only where the action takes one of this kind.
		if (req.$action?.approval === ctx.meta.approval.permission) return;
		authorizeCaller(accessOf(req.$action), user);
		return;
	}
	const needed = approvalNeeded(req.$action, user?.role);
	if (needed) throw await requestApproval(ctx, req, needed);
	authorizeCaller(accessOf(req.$action), user, ctx.meta.guest);
}

/** After the action succeeded: the approval it used is spent (a failure to say so leaves it claimed: never reusable). */
export async function spendApproval(ctx: Context<unknown, GatewayMeta>, log: (err: unknown) => void): Promise<void> {
	const approval = ctx.meta.approval;
	if (!approval) return;
	try {
		await ctx.call("approval.spend", { id: approval.id });
	} catch (err) {
		log(err);
	}
}

/**
 * On a client error (4xx: the action refused, nothing done) a claimed approval goes back to approved (still single
 * use, its expiry unchanged); on anything else (a timeout: the action may have committed) it stays claimed, never
 * usable again, so a refund approved once cannot be made twice. An
 * APPROVAL_REQUIRED a service threw without a request (a void of a line the kitchen started) gets one.
 */
export async function approvalOnError(
	ctx: Context<unknown, GatewayMeta> | undefined,
	req: ApprovalRequestLike,
	err: unknown,
	log: (err: unknown) => void,
): Promise<unknown> {
	if (!ctx) return err;
	const approval = ctx.meta.approval;
	if (approval) {
		ctx.meta.approval = undefined;
		const code = (err as { code?: unknown })?.code;
		if (typeof code === "number" && code >= 400 && code < 500) await ctx.call("approval.release", { id: approval.id }).catch(log);
	}
	const e = err as { type?: unknown; data?: { action?: unknown; approvalRequestId?: unknown } };
	const permission = e?.data?.action as Permission | undefined;
	if (e?.type === "APPROVAL_REQUIRED" && !e.data?.approvalRequestId && permission && APPROVABLE.includes(permission)) {
		const role = ctx.meta.user?.role;
		if (role && MAY_ASK.has(role)) {
			try {
				return await requestApproval(ctx, req, permission);
			} catch (cause) {
				log(cause);
			}
		}
	}
	return err;
}
