// The one broker configuration. The environment (through lib/config) decides the mode:
// no TRANSPORTER → every service in one process; TRANSPORTER=redis://… → nodes find each other over Redis.
import type { BrokerOptions, Errors, Middleware } from "moleculer";
import { Middleware as ChannelsMiddleware } from "@moleculer/channels";
import type { Config } from "./lib/config";
import { loggerOptions } from "./lib/logging";
import { EmbeddedChannelAdapter } from "./lib/embedded-channels";
import { ResilientRedisCacher } from "./lib/cacher";
import { ReconnectingRedisTransporter } from "./lib/redis-transporter";
import { RecreatingRedisChannelAdapter } from "./lib/redis-channels";
import { PrometheusTextReporter } from "./lib/metrics";
import { NullRefusingValidator } from "./lib/validator";
import { PortableParamsMiddleware } from "./lib/portable-params";

export interface BrokerOverrides {
	/** Tests pass `false` to keep their output readable. */
	logger?: BrokerOptions["logger"];
	/** Tests run several brokers in one process and stop them themselves. */
	skipProcessEventRegistration?: boolean;
	/** The operator's console has no metrics (and no tracing) of its own. */
	metrics?: BrokerOptions["metrics"];
	tracing?: BrokerOptions["tracing"];
	/**
	 * `false`: no channels, so nothing is relayed from the outboxes. A one-off command (set-password) leaves the
	 * events it recorded for the running services to relay (or, embedded, the next start).
	 */
	channels?: boolean;
}

export function brokerConfig(config: Config, overrides: BrokerOverrides = {}): BrokerOptions {
	const distributed = Boolean(config.transporter);
	return {
		namespace: config.namespace,
		nodeID: config.nodeID,
		// SIGTERM and SIGINT stop the broker gracefully: services stop, the database closes, then exit.
		skipProcessEventRegistration: overrides.skipProcessEventRegistration ?? false,

		// Pino: JSON lines, or readable ones on a terminal (LOG_FORMAT); the gateway's request id travels in
		// ctx.requestID through every call.
		logger: overrides.logger ?? loggerOptions(config),
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
		// A node killed without a goodbye is dropped after 6 s, and the calls waiting on it fail at once
		// (a caller retries elsewhere) instead of each waiting out requestTimeout.
		heartbeatInterval: 2,
		heartbeatTimeout: 6,

		// fastest-validator checks every action's `params`; a null is refused naming the field unless its rule
		// says `nullable: true` (lib/validator.ts).
		validator: new NullRefusingValidator(),

		middlewares: [
			// Action params travel to the other nodes as plain data, so every gateway describes them the same way.
			PortableParamsMiddleware,
			...(overrides.channels === false ? [] : [channels(config)]),
		],

		// Moleculer's metrics (and Brigade's, lib/metrics.ts) in the Prometheus format; the ops endpoint on OPS_PORT
		// and the gateway's GET /metrics serve the reporter's text, so it opens no port of its own.
		metrics: overrides.metrics ?? {
			enabled: true,
			reporter: [new PrometheusTextReporter() as unknown as string],
		},

		// Spans of every call and channel message, when TRACING_EXPORTER names where they go.
		tracing: overrides.tracing ?? tracingOptions(config.tracing),
	};
}

/** Moleculer tracing from TRACING_EXPORTER, TRACING_ENDPOINT and TRACING_SAMPLE_RATE; off when no exporter is named. */
export function tracingOptions(tracing: Config["tracing"]): BrokerOptions["tracing"] {
	if (!tracing) return { enabled: false };
	const { exporter, endpoint, sampleRate } = tracing;
	// Each exporter names its endpoint option differently.
	const where: Record<string, string> = { Zipkin: "baseURL", NewRelic: "baseURL", Jaeger: "endpoint", Datadog: "agentUrl" };
	const options: Record<string, unknown> = {};
	if (endpoint && where[exporter]) options[where[exporter]] = endpoint;
	if (exporter === "Console") options.colors = false;
	// Moleculer uses a call's requestID as its trace id: the X-Request-ID in a log line finds its trace.
	return {
		enabled: true,
		exporter: { type: exporter, options },
		sampling: { rate: sampleRate },
		// Spans name the action, the nodes and the request id, never the params or meta: those carry passwords,
		// tokens and card tokens, which must not leave for a tracing backend.
		tags: { action: { params: false, meta: false }, event: { params: false, meta: false } },
		stackTrace: false,
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
export function redisTransporter(transporter: string | undefined): BrokerOptions["transporter"] {
	if (!transporter) return null;
	if (!/^rediss?:\/\//.test(transporter)) return transporter;
	return new ReconnectingRedisTransporter(ioredisOptions(transporter)) as unknown as BrokerOptions["transporter"];
}

/** Durable events: Redis Streams when distributed; in process, awaiting each consumer, when embedded. */
function channels(config: Config): Middleware {
	return ChannelsMiddleware({
		// Redis Streams keep events until a consumer group acknowledges them; embedded mode needs no server
		// and delivers each event by awaiting its consumers (lib/embedded-channels.ts).
		adapter: config.redisUrl
			? (new RecreatingRedisChannelAdapter({
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
				}) as unknown as string)
			: (new EmbeddedChannelAdapter({ maxRetries: 5 }) as unknown as string),
		context: true,
	} as Parameters<typeof ChannelsMiddleware>[0]) as unknown as Middleware;
}

export default brokerConfig;
