// Socket.IO clients spread over several worker processes (bench/workers/sockets.ts), driven from here.
import type { ConnectCommand, WorkerMessage } from "../workers/sockets";
import { forkTs, type Child } from "./util";

export interface FleetOptions extends Omit<ConnectCommand, "cmd" | "count"> {
	sockets: number;
	/** At most this many sockets per worker process. */
	perWorker?: number;
}

export class SocketFleet {
	private workers: Child[] = [];
	/** latency runs: every receipt, by event id. */
	readonly receipts = new Map<string, number[]>();
	/** fan-out runs: per event id, one {first, last} per worker. */
	private readonly all = new Map<string, { first: number; last: number }[]>();
	private waiters = new Set<() => void>();
	connected = 0;

	static async start(opts: FleetOptions): Promise<SocketFleet> {
		const fleet = new SocketFleet();
		const n = Math.max(1, Math.ceil(opts.sockets / (opts.perWorker ?? 1250)));
		const base = Math.floor(opts.sockets / n);
		const readies: Promise<Extract<WorkerMessage, { type: "ready" }>>[] = [];
		for (let i = 0; i < n; i++) {
			const count = base + (i < opts.sockets % n ? 1 : 0);
			const w = forkTs("bench/workers/sockets.ts", [], `sockets-${i}`);
			fleet.workers.push(w);
			readies.push(
				new Promise((resolve, reject) => {
					w.proc.on("message", (m: WorkerMessage) => {
						if (m.type === "ready") resolve(m);
						else fleet.onMessage(m);
					});
					w.proc.once("exit", code => reject(new Error(`socket worker exited (${code}):\n${w.tail()}`)));
				}),
			);
			const { sockets: _s, perWorker: _p, ...rest } = opts;
			w.proc.send({ cmd: "connect", count, ...rest } satisfies ConnectCommand);
		}
		try {
			const results = await Promise.all(readies);
			fleet.connected = results.reduce((s, r) => s + r.connected, 0);
			const failed = results.reduce((s, r) => s + r.failed, 0);
			if (failed)
				throw new Error(
					`${failed} of ${opts.sockets} sockets could not connect to ${opts.url}: ${results.find(r => r.error)?.error}`,
				);
		} catch (err) {
			await fleet.close();
			throw err;
		}
		return fleet;
	}

	private onMessage(m: WorkerMessage): void {
		if (m.type === "receipts") {
			for (const [id, t] of m.list) {
				const list = this.receipts.get(id) ?? [];
				list.push(t);
				this.receipts.set(id, list);
			}
		} else if (m.type === "all") {
			const list = this.all.get(m.id) ?? [];
			list.push({ first: m.first, last: m.last });
			this.all.set(m.id, list);
		}
		for (const w of [...this.waiters]) w();
	}

	/** Resolves with the moments the first and the last socket of the whole fleet received event `id`, or undefined on timeout. */
	waitAll(id: string, ms: number): Promise<{ first: number; last: number } | undefined> {
		return new Promise(resolve => {
			const check = () => {
				const got = this.all.get(id);
				if (!got || got.length < this.workers.length) return;
				finish({ first: Math.min(...got.map(g => g.first)), last: Math.max(...got.map(g => g.last)) });
			};
			const finish = (v: { first: number; last: number } | undefined) => {
				clearTimeout(timer);
				this.waiters.delete(check);
				this.all.delete(id);
				resolve(v);
			};
			const timer = setTimeout(() => finish(undefined), ms);
			this.waiters.add(check);
			check();
		});
	}

	/** Waits until `expected` receipts of event `id` arrived (latency runs), or `ms` passes. */
	waitReceipts(ids: string[], perId: number, ms: number): Promise<void> {
		return new Promise(resolve => {
			const check = () => {
				if (ids.every(id => (this.receipts.get(id)?.length ?? 0) >= perId)) finish();
			};
			const finish = () => {
				clearTimeout(timer);
				this.waiters.delete(check);
				resolve();
			};
			const timer = setTimeout(finish, ms);
			this.waiters.add(check);
			check();
		});
	}

	async close(): Promise<void> {
		await Promise.all(
			this.workers.map(async w => {
				if (w.proc.connected) w.proc.send({ cmd: "close" });
				await Promise.race([new Promise(r => w.proc.once("exit", r)), new Promise(r => setTimeout(r, 3000))]);
				await w.stop(1000);
			}),
		);
		this.workers = [];
	}
}
