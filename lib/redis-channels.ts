// @moleculer/channels' Redis Streams adapter, with one fix: it creates each consumer group once, when the
// service subscribes. A Redis that comes back without its data (no persistence, a fresh replica) has no
// groups, and the adapter's read loop then failed with NOGROUP forever: every event published after the
// restart piled up in the stream and no consumer ever saw one. Here a read that meets NOGROUP creates the
// group again (at the stream's start, so what was published since the restart is delivered) and reads on.
import { Adapters } from "@moleculer/channels";
import type { Redis } from "ioredis";

type ReadGroup = (...args: (string | number)[]) => Promise<unknown>;

interface Base {
	logger: { warn(m: string): void };
	opts: { redis?: { consumerOptions?: { startID?: string } } };
	createRedisClient(name: string, opts: unknown): Promise<Redis>;
}

const RedisAdapter = Adapters.Redis as unknown as new (opts?: object) => Base;

export class RecreatingRedisChannelAdapter extends RedisAdapter {
	override async createRedisClient(name: string, opts: unknown): Promise<Redis> {
		const client = await super.createRedisClient(name, opts);
		const read = (client as unknown as { xreadgroupBuffer: ReadGroup }).xreadgroupBuffer.bind(client);
		(client as unknown as { xreadgroupBuffer: ReadGroup }).xreadgroupBuffer = async (...args) => {
			try {
				return await read(...args);
			} catch (err) {
				if (!String((err as Error).message).startsWith("NOGROUP")) throw err;
				// XREADGROUP GROUP <group> <consumer> … STREAMS <stream> >
				const group = String(args[1]);
				const stream = String(args[args.indexOf("STREAMS") + 1]);
				this.logger.warn(`Consumer group '${group}' of '${stream}' is gone (Redis lost its data); creating it again`);
				try {
					await client.xgroup("CREATE", stream, group, this.opts.redis?.consumerOptions?.startID ?? "0", "MKSTREAM");
				} catch (e) {
					if (!String((e as Error).message).includes("BUSYGROUP")) throw e;
				}
				return read(...args);
			}
		};
		return client;
	}
}
