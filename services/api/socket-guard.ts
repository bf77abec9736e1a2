// What a device sends when its socket connects, read strictly (nothing in it is trusted), and the limits that
// keep one user or one frame from taking a gateway's memory.
import { STATION_PATTERN } from "../../lib/params";
import { MAX_TOKEN_LENGTH } from "./access";

/** Devices send only a handshake, join/leave and acks: a frame over this closes that socket (Socket.IO's default is 1 MB). */
export const MAX_SOCKET_MESSAGE_BYTES = 16 * 1024;
/** Live sockets one user may hold on one gateway: a tablet and its reconnects, not a script opening thousands. */
export const MAX_SOCKETS_PER_USER = 20;

/** The `auth` object of a Socket.IO handshake, as the device sent it. */
export interface Handshake {
	token?: unknown;
	lastSeq?: unknown;
	stations?: unknown;
}

/** An error Socket.IO hands the device as `connect_error`, its `data.code` one of API.md's codes. */
export function socketError(code: string, message: string): Error & { data: { code: string } } {
	return Object.assign(new Error(message), { data: { code } });
}

/** The token to look up, or null for a guest (no token: the guest menu page); anything else is refused. */
export function handshakeToken(token: unknown): string | null {
	if (token === undefined || token === null || token === "") return null;
	if (typeof token !== "string" || token.length > MAX_TOKEN_LENGTH) {
		throw socketError("INVALID_TOKEN", "auth.token must be an access token string");
	}
	return token;
}

/** The stations a socket asks to start in: well-formed names only; the others are dropped, not refused. */
export function handshakeStations(auth: Handshake): string[] {
	return Array.isArray(auth.stations) ? auth.stations.filter((s): s is string => typeof s === "string" && STATION_PATTERN.test(s)) : [];
}

/** The last seq a reconnecting device saw; undefined for a new device or anything that is not a seq. */
export function handshakeLastSeq(auth: Handshake): number | undefined {
	return typeof auth.lastSeq === "number" && Number.isSafeInteger(auth.lastSeq) && auth.lastSeq >= 0 ? auth.lastSeq : undefined;
}

/**
 * Live sockets per user on one gateway. A handshake is checked against the cap, but a socket is counted only
 * once it connected: a handshake dropped while its token was checked never emits disconnect, and counting it
 * would leak until a restart and lock the user out.
 */
export class SocketsPerUser {
	private readonly open = new Map<string, number>();

	constructor(private readonly max = MAX_SOCKETS_PER_USER) {}

	/** The user already holds as many live sockets as allowed: refuse another. */
	full(userId: string): boolean {
		return this.count(userId) >= this.max;
	}

	count(userId: string): number {
		return this.open.get(userId) ?? 0;
	}

	connected(userId: string): void {
		this.open.set(userId, this.count(userId) + 1);
	}

	disconnected(userId: string): void {
		const left = (this.open.get(userId) ?? 1) - 1;
		if (left > 0) this.open.set(userId, left);
		else this.open.delete(userId);
	}
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** A kitchen screen's `ticket:ack {orderId, station, round}`: the ticket it drew, or null for anything malformed. */
export function ticketAck(payload: unknown): { orderId: string; station: string; round: number } | null {
	const p = payload as { orderId?: unknown; station?: unknown; round?: unknown } | null;
	if (!p || typeof p !== "object") return null;
	const { orderId, station, round } = p;
	if (typeof orderId !== "string" || !UUID.test(orderId)) return null;
	if (typeof station !== "string" || !STATION_PATTERN.test(station)) return null;
	if (typeof round !== "number" || !Number.isInteger(round) || round < 1 || round > 10_000) return null;
	return { orderId: orderId.toLowerCase(), station, round };
}

/** A kitchen screen's `screen:hello {stations}`: the stations it shows (well-formed, at most 20); [] is the expo. */
export function screenHello(payload: unknown): string[] | null {
	const stations = (payload as { stations?: unknown } | null)?.stations;
	if (!Array.isArray(stations) || stations.length > 20) return null;
	if (!stations.every(s => typeof s === "string" && STATION_PATTERN.test(s))) return null;
	return [...new Set(stations as string[])];
}
