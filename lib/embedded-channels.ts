// The durable-channel adapter for embedded mode: delivery is a direct, awaited call of every consumer group,
// with retries, so the outbox relay marks an event published only once each consumer has handled it.
// (@moleculer/channels' own Fake adapter emits and forgets: a consumer that throws would lose the event.)
import { Adapters } from "@moleculer/channels";

interface Channel {
	id: string;
	name: string;
	group: string;
	maxRetries?: number;
	handler(payload: unknown, raw: { payload: unknown; headers?: Record<string, string> }): Promise<unknown>;
}

interface Logger {
	debug(...args: unknown[]): void;
	warn(...args: unknown[]): void;
	error(...args: unknown[]): void;
}

const FakeAdapter = Adapters.Fake as unknown as new (
	opts?: object,
) => {
	opts: { maxRetries: number };
	logger: Logger;
	connected: boolean;
};

const RETRY_BASE_MS = 50;

export class EmbeddedChannelAdapter extends FakeAdapter {
	/** channel name → consumer group → the one subscription that handles it for the group */
	private readonly groups = new Map<string, Map<string, Channel>>();

	constructor(opts: { maxRetries?: number } = {}) {
		super(opts);
	}

	async subscribe(chan: Channel): Promise<void> {
		chan.maxRetries ??= this.opts.maxRetries;
		const byGroup = this.groups.get(chan.name) ?? new Map<string, Channel>();
		// Two instances of one group in one process would be one consumer twice over: the first one serves.
		if (!byGroup.has(chan.group)) byGroup.set(chan.group, chan);
		this.groups.set(chan.name, byGroup);
	}

	async unsubscribe(chan: Channel): Promise<void> {
		const byGroup = this.groups.get(chan.name);
		if (byGroup?.get(chan.group) === chan) byGroup.delete(chan.group);
	}

	/** Resolves once every group has handled the message (or, after its retries, given up on it). */
	async publish(channelName: string, payload: unknown, opts: { headers?: Record<string, string> } = {}): Promise<void> {
		const consumers = [...(this.groups.get(channelName)?.values() ?? [])];
		await Promise.all(consumers.map(chan => this.deliver(chan, payload, opts.headers)));
	}

	private async deliver(chan: Channel, payload: unknown, headers?: Record<string, string>): Promise<void> {
		const attempts = (chan.maxRetries ?? 0) + 1;
		for (let attempt = 1; ; attempt++) {
			try {
				await chan.handler(payload, { payload, headers });
				return;
			} catch (err) {
				if (attempt >= attempts) {
					// The Redis adapter parks such a message in FAILED_MESSAGES; here the log is the dead-letter queue.
					this.logger.error(`Channel '${chan.name}' (group '${chan.group}') failed ${attempts} times; giving up on the message`, {
						payload,
						err,
					});
					return;
				}
				this.logger.warn(
					`Channel '${chan.name}' (group '${chan.group}') failed (attempt ${attempt} of ${attempts}); retrying`,
					err,
				);
				await new Promise(r => setTimeout(r, RETRY_BASE_MS * 2 ** (attempt - 1)));
			}
		}
	}
}
