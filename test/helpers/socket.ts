// A tablet's live connection: a real socket.io-client that records every event it receives.
import { io, type Socket } from "socket.io-client";
import type { RealtimeEvent } from "../../contracts";

export interface Device {
	socket: Socket;
	/** Every push received, in arrival order (replayed ones included). */
	events: RealtimeEvent<any>[];
	welcome?: { seq: number; rooms: string[] };
	/** Set when the server said the device missed too much (or an unknown seq) and must reload over REST. */
	resync?: { seq: number; reason: string };
	/** The highest seq seen: what the device sends back when it reconnects. */
	lastSeq(): number;
	waitFor<T = any>(type: string, match?: (data: T) => boolean, ms?: number): Promise<RealtimeEvent<T>>;
	close(): void;
}

export interface DeviceOptions {
	token?: string;
	lastSeq?: number;
	stations?: string[];
}

/** Connects and resolves after the server's `welcome` (rooms joined, anything missed replayed). */
export function connectDevice(baseUrl: string, opts: DeviceOptions = {}): Promise<Device> {
	const socket = io(baseUrl, { auth: { ...opts }, transports: ["websocket"], reconnection: false, forceNew: true });
	const events: RealtimeEvent<any>[] = [];
	const waiters = new Set<() => void>();
	const device: Device = {
		socket,
		events,
		lastSeq: () => events.reduce((m, e) => Math.max(m, e.seq), device.welcome?.seq ?? opts.lastSeq ?? 0),
		waitFor(type, match = () => true, ms = 10_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					const hit = events.find(e => e.type === type && match(e.data as never)) as RealtimeEvent<never> | undefined;
					if (!hit) return false;
					clearTimeout(timer);
					waiters.delete(check);
					resolve(hit);
					return true;
				};
				const timer = setTimeout(() => {
					waiters.delete(check);
					reject(new Error(`no ${type} within ${ms} ms; got ${events.map(e => e.type).join(", ") || "nothing"}`));
				}, ms);
				if (!check()) waiters.add(check);
			});
		},
		close: () => socket.disconnect(),
	};
	socket.onAny((type: string, payload: RealtimeEvent) => {
		if (type === "resync") device.resync = payload as unknown as Device["resync"];
		if (type === "welcome" || type === "resync") return;
		events.push(payload);
		for (const w of [...waiters]) w();
	});
	return new Promise((resolve, reject) => {
		socket.once("welcome", (w: { seq: number; rooms: string[] }) => {
			device.welcome = w;
			resolve(device);
		});
		socket.once("connect_error", err => {
			socket.disconnect();
			reject(err);
		});
	});
}
