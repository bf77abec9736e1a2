// How often a guest may do a thing: sessions per address, rounds per session. Counted in Redis when nodes share
// the work (every gateway sees the same counts), in memory when embedded.
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../../lib/config";
import { CommonErrors } from "../../contracts";

/**
 * Sessions per window: per table (a party of twelve scanning twice is far below it, a script is not), and per
 * address — higher, as a whole dining room's phones may share the venue's Wi-Fi and one public address.
 */
export const SESSIONS_PER_TABLE = 30;
export const SESSIONS_PER_IP = 200;
export const SESSION_WINDOW_SECONDS = 300;
/** Rounds one session may order per window: a table orders a few an evening. */
export const ROUNDS_PER_SESSION = 10;
export const ROUND_WINDOW_SECONDS = 600;

export class GuestLimiter {
	private readonly budget: RateLimiterAbstract;
	private readonly redis?: Redis;

	/** `name` keeps one budget's counts apart from another's. */
	constructor(config: Config, name: string, points: number, duration: number) {
		const keyPrefix = `${config.namespace}:guest-${name}`;
		if (config.redisUrl) {
			this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
			// Connection errors are expected while Redis restarts: the insurance limiter counts meanwhile.
			this.redis.on("error", () => undefined);
			this.budget = new RateLimiterRedis({
				storeClient: this.redis,
				keyPrefix,
				points,
				duration,
				insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix }),
			});
		} else {
			this.budget = new RateLimiterMemory({ keyPrefix, points, duration });
		}
	}

	/** One point of `key`'s budget, or RATE_LIMITED (429) with the seconds until the next. */
	async take(key: string): Promise<void> {
		try {
			await this.budget.consume(key);
		} catch (res) {
			if (res instanceof RateLimiterRes) throw CommonErrors.rateLimited(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
			throw res;
		}
	}

	async close(): Promise<void> {
		await this.redis?.quit().catch(() => this.redis?.disconnect());
	}
}
