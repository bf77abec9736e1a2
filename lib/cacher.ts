// Moleculer's Redis cacher, made to degrade to a cache miss while Redis is away. Its cache middleware
// neither awaits nor catches `set`, so a write failing during a Redis restart became an unhandled
// rejection (a crash under Node's defaults); a failing read failed the request instead of missing.
import { Cachers, type LoggerInstance } from "moleculer";

export class ResilientRedisCacher extends Cachers.Redis {
	private get log(): LoggerInstance {
		return (this as unknown as { logger: LoggerInstance }).logger;
	}

	override async get(key: string): Promise<Record<string, unknown> | null> {
		try {
			return await super.get(key);
		} catch (err) {
			this.log.warn(`Cache read of "${key}" failed; computing the value instead: ${(err as Error).message}`);
			return null;
		}
	}

	override async set(key: string, data: unknown, ttl?: number): Promise<unknown> {
		try {
			return await super.set(key, data, ttl);
		} catch (err) {
			this.log.warn(`Cache write of "${key}" failed; the value is served uncached: ${(err as Error).message}`);
			return undefined;
		}
	}
}
