// Moleculer 0.14's Redis transporter, with one fix: it made a new publisher client every time the
// subscriber reconnected, orphaning the old one (still reconnecting forever, one per Redis restart).
// Here the two clients are made once; whenever both are ready again the transit is told, as before.
import { Transporters } from "moleculer";
import type { Redis } from "ioredis";

interface Base {
	opts: Record<string, unknown>;
	connected: boolean;
	logger: { info(m: string): void; warn(m: string): void; error(m: string, e?: unknown): void };
	broker: { broadcastLocal(event: string, payload: unknown): void };
	prefix: string;
	clientSub: Redis | null;
	clientPub: Redis | null;
	_clientSub?: Redis;
	_clientPub?: Redis;
	getRedisClient(opts: unknown): Redis;
	onConnected(): Promise<void>;
	receive(cmd: string, buf: Buffer): void;
}

export class ReconnectingRedisTransporter extends (Transporters.Redis as unknown as new (opts: unknown) => Base) {
	connect(): Promise<void> {
		return new Promise((resolve, reject) => {
			const sub = this.getRedisClient(this.opts);
			const pub = this.getRedisClient(this.opts);
			this._clientSub = sub;
			this._clientPub = pub;
			const whenBothReady = () => {
				if (this.connected || sub.status !== "ready" || pub.status !== "ready") return;
				this.clientSub = sub;
				this.clientPub = pub;
				this.logger.info("Redis transporter clients are connected.");
				this.onConnected().then(resolve, reject);
			};
			for (const [name, client] of [
				["sub", sub],
				["pub", pub],
			] as const) {
				client.on("ready", whenBothReady);
				client.on("error", (e: Error) => {
					this.logger.error(`Redis-${name} error`, e.message);
					this.broker.broadcastLocal("$transporter.error", {
						error: e,
						module: "transporter",
						type: name === "pub" ? "publisherError" : "consumerError",
					});
				});
				client.on("close", () => {
					this.connected = false;
					this.logger.warn(`Redis-${name} client is disconnected.`);
				});
			}
			sub.on("messageBuffer", (rawTopic: Buffer, buf: Buffer) => {
				const topic = rawTopic.toString().substring(this.prefix.length + 1);
				this.receive(topic.split(".")[0], buf);
			});
		});
	}
}
