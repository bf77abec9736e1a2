// The guest's session at one table (POST /guest/sessions) kept in this tab's sessionStorage, and the API calls a
// guest makes with its token; a session that ended or expired is said in words, never retried by itself.
import { ApiError } from "../app/errors.js";

const API = "/api/v1";
const key = tableId => `brigade.guest.${tableId}`;

/** @typedef {{guestToken: string, expiresAt: string, table: {id: string, name: string}, ordering: "off"|"confirm"|"direct"}} GuestSession */

/** This tab's session for the table, while it has not expired (null: none yet). */
export function storedSession(tableId) {
	try {
		const s = JSON.parse(sessionStorage.getItem(key(tableId)) ?? "null");
		return s && Date.parse(s.expiresAt) > Date.now() ? s : null;
	} catch {
		return null;
	}
}

export function forgetSession(tableId) {
	try {
		sessionStorage.removeItem(key(tableId));
	} catch {}
}

/** A new session bound to the table; kept for this tab (a reload keeps the visit, a new tab starts its own). */
export async function startSession(tableId) {
	const s = await call("POST", "/guest/sessions", { tableId });
	try {
		sessionStorage.setItem(key(tableId), JSON.stringify(s));
	} catch {}
	return s;
}

/** The session stored for the table, or a new one. */
export async function openSession(tableId) {
	return storedSession(tableId) ?? startSession(tableId);
}

/** One API call, as the guest when `token` is given; a refusal is an ApiError (its status and code say which). */
export async function call(method, path, body, token, { idempotencyKey } = {}) {
	const headers = { Accept: "application/json" };
	if (body !== undefined) headers["Content-Type"] = "application/json";
	if (token) headers.Authorization = `Bearer ${token}`;
	if (idempotencyKey) headers["Idempotency-Key"] = idempotencyKey;
	let res;
	try {
		res = await fetch(API + path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
	} catch {
		throw new ApiError(0, { code: "OFFLINE", message: "No connection: check your phone's internet and try again" });
	}
	if (res.status === 204) return null;
	const data = (res.headers.get("content-type") ?? "").includes("json") ? await res.json().catch(() => null) : null;
	if (!res.ok) throw new ApiError(res.status, data?.error ?? { message: `${res.status} ${res.statusText}` });
	return data;
}

/**
 * Why this session can do nothing more, from a refusal: "expired" (401), "ended" (409 GUEST_SESSION_ENDED, with the
 * server's reason: paid, cancelled, moved), or null for any other refusal.
 */
export function sessionGone(err) {
	if (!(err instanceof ApiError)) return null;
	if (err.status === 401) return { why: "expired" };
	if (err.status === 409 && err.code === "GUEST_SESSION_ENDED") return { why: "ended", reason: err.details?.reason ?? null };
	return null;
}
