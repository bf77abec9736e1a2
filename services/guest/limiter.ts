// How many guest sessions one address may open: counted in Redis when nodes share the work (every gateway sees
// the same counts), in memory when embedded. A QR code scanned again is a new session, so the budget is generous.
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../../lib/config";
import { CommonErrors } from "../../contracts";

/** Sessions per IP per window: a table of phones scanning twice is far below it, a script is not. */
export const SESSIONS_PER_IP = 30;
export const SESSION_WINDOW_SECONDS = 300;

export class SessionLimiter {
	private readonly perIp: RateLimiterAbstract;
	private readonly redis?: Redis;

	constructor(config: Config, points = SESSIONS_PER_IP, duration = SESSION_WINDOW_SECONDS) {
		const keyPrefix = `${config.namespace}:guest-sessions`;
		if (config.redisUrl) {
			this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
			// Connection errors are expected while Redis restarts: the insurance limiter counts meanwhile.
			this.redis.on("error", () => undefined);
			this.perIp = new RateLimiterRedis({
				storeClient: this.redis,
				keyPrefix,
				points,
				duration,
				insuranceLimiter: new RateLimiterMemory({ points, duration, keyPrefix }),
			});
		} else {
			this.perIp = new RateLimiterMemory({ keyPrefix, points, duration });
		}
	}

	/** One session for `ip`, or RATE_LIMITED (429) with the seconds until the next. */
	async take(ip: string): Promise<void> {
		try {
			await this.perIp.consume(ip);
		} catch (res) {
			if (res instanceof RateLimiterRes) throw CommonErrors.rateLimited(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
			throw res;
		}
	}

	async close(): Promise<void> {
		await this.redis?.quit().catch(() => this.redis?.disconnect());
	}
}
