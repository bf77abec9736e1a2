// A load-generator process holding many Socket.IO clients (kitchen displays and floor tablets). Forked by
// the benchmarks; talks over IPC. It connects `count` sockets, waits for each one's `welcome`, then reports
// when `event` arrives: every receipt (latency runs) or, per event id, the moment the last of its sockets got it
// (fan-out runs). Times are epoch milliseconds from a clock shared by every process on the machine.
import { io, type Socket } from "socket.io-client";
import { now, pool } from "../lib/util";

export interface ConnectCommand {
	cmd: "connect";
	url: string;
	count: number;
	/** Tokens handed out round-robin; empty for a server that takes none. */
	tokens: string[];
	/** Stations per socket, round-robin (kitchen displays); an empty list is the expo / floor view. */
	stations: string[][];
	event: string;
	report: "each" | "all";
	/** Connections opened at once. */
	concurrency: number;
}

export type WorkerMessage =
	| { type: "ready"; connected: number; failed: number; error?: string; ms: number }
	| { type: "receipts"; list: [string, number][] }
	| { type: "all"; id: string; first: number; last: number };

const sockets: Socket[] = [];
const send = (m: WorkerMessage) => process.send!(m);

async function connect(c: ConnectCommand): Promise<void> {
	const t0 = now();
	let failed = 0;
	let error: string | undefined;
	const counts = new Map<string, { n: number; first: number }>();
	const buffer: [string, number][] = [];
	if (c.report === "each") {
		setInterval(() => {
			if (buffer.length) send({ type: "receipts", list: buffer.splice(0) });
		}, 25).unref();
	}
	const onEvent = (msg: { data?: { id?: string } }) => {
		const t = now();
		const id = msg?.data?.id;
		if (!id) return;
		if (c.report === "each") {
			buffer.push([id, t]);
			return;
		}
		const e = counts.get(id) ?? { n: 0, first: t };
		e.n++;
		counts.set(id, e);
		if (e.n === sockets.length) {
			counts.delete(id);
			send({ type: "all", id, first: e.first, last: t });
		}
	};
	await pool(
		Array.from({ length: c.count }, (_, i) => i),
		c.concurrency,
		i =>
			new Promise<void>(resolve => {
				const token = c.tokens.length ? c.tokens[i % c.tokens.length] : undefined;
				const stations = c.stations.length ? c.stations[i % c.stations.length] : [];
				const s = io(c.url, {
					transports: ["websocket"],
					reconnection: false,
					forceNew: true,
					auth: { token, stations },
					timeout: 60_000,
				});
				const done = (ok: boolean, why?: string) => {
					clearTimeout(timer);
					if (ok) {
						sockets.push(s);
						s.on(c.event, onEvent);
					} else {
						failed++;
						error ??= why;
						s.close();
					}
					resolve();
				};
				const timer = setTimeout(() => done(false, "no welcome in 60 s"), 60_000);
				s.once("welcome", () => done(true));
				s.once("connect_error", (err: Error) => done(false, err.message));
			}),
	);
	send({ type: "ready", connected: sockets.length, failed, error, ms: now() - t0 });
}

process.on("message", (m: ConnectCommand | { cmd: "close" }) => {
	if (m.cmd === "connect") {
		connect(m).catch(err => send({ type: "ready", connected: 0, failed: m.count, error: String(err), ms: 0 }));
	} else if (m.cmd === "close") {
		for (const s of sockets) s.close();
		setTimeout(() => process.exit(0), 100);
	}
});
process.on("disconnect", () => process.exit(0));
