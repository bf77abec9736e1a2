// The one broker configuration. The environment (through lib/config) decides the mode:
// no TRANSPORTER → every service in one process; TRANSPORTER=redis://… → nodes find each other over Redis.
import type { BrokerOptions, Errors, Middleware } from "moleculer";
import { Middleware as ChannelsMiddleware } from "@moleculer/channels";
import type { Config } from "./lib/config";
import { pinoLogMethod } from "./lib/logging";
import { EmbeddedChannelAdapter } from "./lib/embedded-channels";
import { ResilientRedisCacher } from "./lib/cacher";
import { ReconnectingRedisTransporter } from "./lib/redis-transporter";

export interface BrokerOverrides {
	/** Tests pass `false` to keep their output readable. */
	logger?: BrokerOptions["logger"];
	/** Tests run several brokers in one process and stop them themselves. */
	skipProcessEventRegistration?: boolean;
}

export function brokerConfig(config: Config, overrides: BrokerOverrides = {}): BrokerOptions {
	const distributed = Boolean(config.transporter);
	return {
		namespace: config.namespace,
		nodeID: config.nodeID,
		// SIGTERM and SIGINT stop the broker gracefully: services stop, the database closes, then exit.
		skipProcessEventRegistration: overrides.skipProcessEventRegistration ?? false,

		// Pino JSON logs; the gateway's request id travels in ctx.requestID through every call.
		logger: overrides.logger ?? {
			type: "Pino",
			options: { level: config.logLevel, pino: { options: { base: undefined, hooks: { logMethod: pinoLogMethod } } } },
		},
		logLevel: config.logLevel,

		transporter: redisTransporter(config.transporter),

		// Shared Redis cache when several nodes run; a per-process memory cache otherwise.
		cacher: config.redisUrl
			? new ResilientRedisCacher({
					prefix: `${config.namespace}-cache`,
					ttl: 60,
					// A cache that cannot answer at once is a miss (lib/cacher.ts), not a request left waiting.
					redis: { ...ioredisOptions(config.redisUrl), maxRetriesPerRequest: 1 },
					maxParamsLength: 120,
				})
			: { type: "Memory", options: { ttl: 60, maxParamsLength: 120 } },

		requestTimeout: 10_000,
		// Calls are not retried by the broker: placing an order or taking a payment twice is worse than an error.
		retryPolicy: { enabled: false },
		// A node that keeps failing is skipped for a while instead of failing every request sent its way.
		circuitBreaker: {
			enabled: distributed,
			threshold: 0.5,
			minRequestCount: 20,
			windowTime: 60,
			halfOpenTime: 10_000,
			check: (err: Error | Errors.MoleculerError) => ((err as Errors.MoleculerError).code ?? 500) >= 500,
		},
		registry: { strategy: "RoundRobin", preferLocal: true },
		heartbeatInterval: 5,
		heartbeatTimeout: 15,

		// fastest-validator checks every action's `params`.
		validator: true,

		middlewares: [
			ChannelsMiddleware({
				// Redis Streams keep events until a consumer group acknowledges them; embedded mode needs no server
				// and delivers each event by awaiting its consumers (lib/embedded-channels.ts).
				adapter: config.redisUrl
					? ({
							type: "Redis",
							options: {
								redis: {
									...ioredisOptions(config.redisUrl),
									consumerOptions: {
										// A new consumer group starts at the stream's beginning; the inbox drops what it saw.
										startID: "0",
										// A message held by a crashed node is taken over after 15 s, not the default hour.
										minIdleTime: 15_000,
										claimInterval: 1_000,
									},
								},
								maxInFlight: 10,
								maxRetries: 5,
								// After 5 failed deliveries a message is parked in FAILED_MESSAGES, never dropped.
								deadLettering: { enabled: true, queueName: "FAILED_MESSAGES" },
							},
						} as unknown as string)
					: (new EmbeddedChannelAdapter({ maxRetries: 5 }) as unknown as string),
				context: true,
			} as Parameters<typeof ChannelsMiddleware>[0]) as unknown as Middleware,
		],

		metrics: false,
		tracing: false,
	};
}

/**
 * ioredis options from a redis:// URL, with commands waiting for a reconnect instead of failing after 20
 * retries: during a Redis restart the libraries' own un-awaited commands would otherwise reject unhandled.
 */
export function ioredisOptions(url: string): Record<string, unknown> {
	const u = new URL(url);
	return {
		host: u.hostname,
		port: Number(u.port || 6379),
		...(u.username && { username: decodeURIComponent(u.username) }),
		...(u.password && { password: decodeURIComponent(u.password) }),
		db: Number(u.pathname.slice(1) || 0),
		...(u.protocol === "rediss:" && { tls: {} }),
		maxRetriesPerRequest: null,
	};
}

/** A redis:// TRANSPORTER gets the reconnect-friendly options; any other transporter string is Moleculer's to parse. */
function redisTransporter(transporter: string | undefined): BrokerOptions["transporter"] {
	if (!transporter) return null;
	if (!/^rediss?:\/\//.test(transporter)) return transporter;
	return new ReconnectingRedisTransporter(ioredisOptions(transporter)) as unknown as BrokerOptions["transporter"];
}

export default brokerConfig;
