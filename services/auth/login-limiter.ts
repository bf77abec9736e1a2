// Slows down password guessing: attempts per (IP, username) and failures per IP, counted in Redis when
// nodes share the work (so every gateway sees the same counts) and in memory when embedded.
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "../../lib/config";
import { CommonErrors } from "../../contracts";

export class LoginLimiter {
	private readonly perUser: RateLimiterAbstract;
	private readonly perIp: RateLimiterAbstract;
	private readonly redis?: Redis;

	constructor(config: Config) {
		const { maxAttemptsPerUser, maxFailuresPerIp, windowSeconds } = config.login;
		const prefix = `${config.namespace}:login`;
		if (config.redisUrl) {
			this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1, lazyConnect: false });
			// Connection errors are expected while Redis restarts: the insurance limiter below counts meanwhile.
			this.redis.on("error", () => undefined);
			// A Redis outage must not stop logins altogether: each node then counts on its own.
			const insurance = (points: number, keyPrefix: string) => new RateLimiterMemory({ points, duration: windowSeconds, keyPrefix });
			this.perUser = new RateLimiterRedis({
				storeClient: this.redis,
				keyPrefix: `${prefix}:user`,
				points: maxAttemptsPerUser,
				duration: windowSeconds,
				insuranceLimiter: insurance(maxAttemptsPerUser, `${prefix}:user`),
			});
			this.perIp = new RateLimiterRedis({
				storeClient: this.redis,
				keyPrefix: `${prefix}:ip`,
				points: maxFailuresPerIp,
				duration: windowSeconds,
				insuranceLimiter: insurance(maxFailuresPerIp, `${prefix}:ip`),
			});
		} else {
			this.perUser = new RateLimiterMemory({ keyPrefix: `${prefix}:user`, points: maxAttemptsPerUser, duration: windowSeconds });
			this.perIp = new RateLimiterMemory({ keyPrefix: `${prefix}:ip`, points: maxFailuresPerIp, duration: windowSeconds });
		}
	}

	/**
	 * Counts one attempt before the password is checked, so concurrent guesses cannot slip past
	 * the limit. Throws RATE_LIMITED (429) once either budget is spent.
	 */
	async begin(ip: string, username: string): Promise<void> {
		await consume(this.perIp, ip);
		await consume(this.perUser, userKey(ip, username));
	}

	/** One attempt on the IP's failure budget (a refresh): 429 once it is spent. */
	async attempt(ip: string): Promise<void> {
		await consume(this.perIp, ip);
	}

	/** The attempt worked: the IP's point comes back. */
	async attemptSucceeded(ip: string): Promise<void> {
		await this.perIp.reward(ip, 1);
	}

	/** A successful login clears the user's count and gives back the IP's point: only failures count there. */
	async succeeded(ip: string, username: string): Promise<void> {
		await Promise.all([this.perUser.delete(userKey(ip, username)), this.perIp.reward(ip, 1)]);
	}

	async close(): Promise<void> {
		await this.redis?.quit().catch(() => this.redis?.disconnect());
	}
}

const userKey = (ip: string, username: string) => `${ip}|${username.toLowerCase()}`;

/** One point of `limiter` for `key`, or RATE_LIMITED (429) with the seconds until the next one. */
async function consume(limiter: RateLimiterAbstract, key: string): Promise<void> {
	try {
		await limiter.consume(key);
	} catch (res) {
		if (res instanceof RateLimiterRes) throw CommonErrors.rateLimited(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
		throw res;
	}
}
