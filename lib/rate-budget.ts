// A budget of requests per key over a window (receipts per bill, password resets per account and per IP), counted
// in Redis when nodes share the work (every node sees the same counts) and in memory when embedded. The same
// rate-limiter-flexible setup as the login limiter (services/auth/login-limiter.ts), for budgets that are not logins.
import Redis from "ioredis";
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes, type RateLimiterAbstract } from "rate-limiter-flexible";
import type { Config } from "./config";
import { CommonErrors } from "../contracts";

export class RateBudget {
	private readonly limiter: RateLimiterAbstract;
	private readonly redis?: Redis;

	/** `points` requests per key every `seconds`; `name` keeps this budget's keys apart from others'. */
	constructor(config: Pick<Config, "namespace" | "redisUrl">, name: string, points: number, seconds: number) {
		const keyPrefix = `${config.namespace}:budget:${name}`;
		if (config.redisUrl) {
			this.redis = new Redis(config.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 1 });
			// Expected while Redis restarts: the insurance limiter counts on this node meanwhile.
			this.redis.on("error", () => undefined);
			this.limiter = new RateLimiterRedis({
				storeClient: this.redis,
				keyPrefix,
				points,
				duration: seconds,
				insuranceLimiter: new RateLimiterMemory({ keyPrefix, points, duration: seconds }),
			});
		} else {
			this.limiter = new RateLimiterMemory({ keyPrefix, points, duration: seconds });
		}
	}

	/** Spends one request of `key`'s budget, or throws RATE_LIMITED (429) with the seconds until the next one. */
	async consume(key: string): Promise<void> {
		try {
			await this.limiter.consume(key);
		} catch (res) {
			if (res instanceof RateLimiterRes) throw CommonErrors.rateLimited(Math.max(1, Math.ceil(res.msBeforeNext / 1000)));
			throw res;
		}
	}

	async close(): Promise<void> {
		await this.redis?.quit().catch(() => this.redis?.disconnect());
	}
}
