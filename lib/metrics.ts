// Brigade's metrics on Moleculer's metric registry: the business metrics, the gauges refreshed from the
// services' own schemas (collectors), channel lag read from Redis, and the Prometheus text of one node or
// of the whole cluster, rendered by Moleculer's Prometheus reporter without the HTTP server it would open.
import { MetricReporters, type ServiceBroker } from "moleculer";
import { Redis } from "ioredis";
import { ITEM_STATUSES, ROLES } from "../contracts";

/** The business metrics, named the Prometheus way. */
export const METRICS = {
	ordersPlaced: "brigade_orders_placed_total",
	orderItems: "brigade_order_items",
	ticketPrep: "brigade_ticket_prep_seconds",
	sockets: "brigade_sockets_connected",
	outboxPending: "brigade_outbox_pending",
	outboxOldest: "brigade_outbox_oldest_seconds",
	channelLag: "brigade_channel_lag",
	channelPending: "brigade_channel_pending",
} as const;

/** Roles a socket can have: the staff roles, or a guest on the QR menu page. */
export const SOCKET_ROLES = [...ROLES, "guest"] as const;

/** Kitchen times run from seconds (a drink) to an hour (a slow braise). */
const PREP_BUCKETS = [5, 15, 30, 60, 120, 180, 300, 450, 600, 900, 1200, 1800, 2700, 3600];

const DEFINITIONS = [
	{ type: "counter", name: METRICS.ordersPlaced, description: "Orders placed (an Idempotency-Key replay is not counted again)" },
	{
		type: "gauge",
		name: METRICS.orderItems,
		labelNames: ["status"],
		description: "Items on orders not yet billed, paid or cancelled, by item status",
	},
	{
		type: "histogram",
		name: METRICS.ticketPrep,
		labelNames: ["station"],
		buckets: PREP_BUCKETS,
		unit: "second",
		description: "Seconds from an item's round reaching the kitchen to the item being ready, by station",
	},
	{ type: "gauge", name: METRICS.sockets, labelNames: ["role"], description: "Socket.IO devices connected to this gateway, by role" },
	{
		type: "gauge",
		name: METRICS.outboxPending,
		labelNames: ["service"],
		description: "Events committed to a service's outbox and not yet published",
	},
	{
		type: "gauge",
		name: METRICS.outboxOldest,
		labelNames: ["service"],
		unit: "second",
		description: "Age of the oldest unpublished outbox event (0 when none)",
	},
	{
		type: "gauge",
		name: METRICS.channelLag,
		labelNames: ["channel", "group"],
		description: "Redis stream entries a consumer group has not been delivered yet (XINFO GROUPS lag)",
	},
	{
		type: "gauge",
		name: METRICS.channelPending,
		labelNames: ["channel", "group"],
		description: "Entries delivered to a consumer group and not acknowledged yet (XINFO GROUPS pending)",
	},
] as const;

/** Registers Brigade's metrics on a broker (once); nothing happens when its metrics are off. */
export function registerMetrics(broker: ServiceBroker): void {
	if (!broker.isMetricsEnabled()) return;
	for (const def of DEFINITIONS) {
		if (!broker.metrics.hasMetric(def.name))
			broker.metrics.register({ ...def } as unknown as Parameters<ServiceBroker["metrics"]["register"]>[0]);
	}
}

/** Safe everywhere: a broker without metrics (the operator's console) ignores it. */
export function increment(broker: ServiceBroker, name: string, labels?: Record<string, string>, value = 1): void {
	if (broker.isMetricsEnabled() && broker.metrics.hasMetric(name)) broker.metrics.increment(name, labels, value);
}

export function setGauge(broker: ServiceBroker, name: string, value: number, labels?: Record<string, string>): void {
	if (broker.isMetricsEnabled() && broker.metrics.hasMetric(name)) broker.metrics.set(name, value, labels);
}

export function observe(broker: ServiceBroker, name: string, value: number, labels?: Record<string, string>): void {
	if (broker.isMetricsEnabled() && broker.metrics.hasMetric(name)) broker.metrics.observe(name, value, labels);
}

/** Items by status on the orders still open; statuses with no item are 0, not missing. */
export function setOrderItems(broker: ServiceBroker, counts: Partial<Record<string, number>>): void {
	for (const status of ITEM_STATUSES) setGauge(broker, METRICS.orderItems, counts[status] ?? 0, { status });
}

// ---- Collectors: gauges that are read from somewhere (a schema, Redis) rather than counted as things happen.

type Collector = () => Promise<void>;
const collectors = new WeakMap<ServiceBroker, Set<Collector>>();
const COLLECT_TIMEOUT_MS = 3000;

/** `fn` refreshes some gauges; it runs on the node's timer and before each scrape of this node. Returns a remover. */
export function addCollector(broker: ServiceBroker, fn: Collector): () => void {
	let set = collectors.get(broker);
	if (!set) {
		set = new Set();
		collectors.set(broker, set);
	}
	set.add(fn);
	return () => set!.delete(fn);
}

/** Runs every collector of the node; one that fails or hangs leaves its gauges as they were. */
export async function collect(broker: ServiceBroker): Promise<void> {
	const set = collectors.get(broker);
	if (!set?.size) return;
	await Promise.all(
		[...set].map(fn =>
			withTimeout(fn(), COLLECT_TIMEOUT_MS).catch(err =>
				broker.logger.debug(`A metrics collector failed: ${(err as Error).message}`),
			),
		),
	);
}

// ---- Channel lag: what a consumer group of a Redis stream has not received or not acknowledged.

export interface ChannelBacklog {
	channel: string;
	group: string;
	/** Entries not delivered to the group yet; null when Redis cannot tell (or is unreachable). */
	lag: number | null;
	/** Delivered and not acknowledged. */
	pending: number | null;
}

const redisClients = new WeakMap<ServiceBroker, Redis>();

function redisFor(broker: ServiceBroker, url: string): Redis {
	let r = redisClients.get(broker);
	if (!r) {
		// Fails fast while Redis is away: a scrape must not wait for a reconnect.
		r = new Redis(url, { lazyConnect: true, maxRetriesPerRequest: 1, enableOfflineQueue: false, commandTimeout: 2000 });
		r.on("error", () => undefined);
		redisClients.set(broker, r);
	}
	return r;
}

/**
 * XINFO GROUPS for each channel this node consumes: `channel` is the topic, the stream is `<namespace>.<topic>`
 * (how @moleculer/channels names it).
 */
export async function channelBacklog(
	broker: ServiceBroker,
	redisUrl: string,
	channels: { channel: string; group: string }[],
): Promise<ChannelBacklog[]> {
	if (!channels.length) return [];
	const redis = redisFor(broker, redisUrl);
	if (redis.status === "wait") await redis.connect().catch(() => undefined);
	return Promise.all(
		channels.map(async ({ channel, group }) => {
			try {
				const groups = (await redis.call("XINFO", "GROUPS", `${broker.namespace}.${channel}`)) as unknown[][];
				const g = groups.map(fields).find(f => f.name === group);
				// A stream with no such group yet: nothing was ever sent to it, or the consumer has not subscribed.
				if (!g) return { channel, group, lag: null, pending: null };
				return {
					channel,
					group,
					lag: g.lag === null || g.lag === undefined ? null : Number(g.lag),
					pending: Number(g.pending ?? 0),
				};
			} catch (err) {
				// ERR no such key: the stream does not exist until the first event: nothing is waiting.
				if (/no such key/i.test((err as Error).message)) return { channel, group, lag: 0, pending: 0 };
				return { channel, group, lag: null, pending: null };
			}
		}),
	);
}

function fields(list: unknown[]): Record<string, unknown> {
	const out: Record<string, unknown> = {};
	for (let i = 0; i + 1 < list.length; i += 2) out[String(list[i])] = list[i + 1];
	return out;
}

// ---- Prometheus text, from Moleculer's registry through its Prometheus reporter.

interface MetricPOJO {
	type: string;
	name: string;
	description?: string;
	unit?: string;
	values: Snapshot[];
}

interface Snapshot {
	labels?: Record<string, unknown>;
	value?: unknown;
	count?: number;
	sum?: number;
	buckets?: Record<string, number>;
	quantiles?: Record<string, number>;
}

/** One node's metrics as `$node.metrics` lists them. */
export interface NodeMetrics {
	nodeID: string;
	metrics: MetricPOJO[];
}

const PrometheusBase = MetricReporters.Prometheus as unknown as new (opts?: Record<string, unknown>) => PrometheusLike;

interface PrometheusLike {
	opts: Record<string, unknown>;
	registry: { broker: ServiceBroker; store: Map<string, unknown>; logger: unknown };
	broker: ServiceBroker;
	logger: unknown;
	defaultLabels: Record<string, unknown>;
	matchMetricName(name: string): boolean;
	formatMetricName(name: string): string;
	formatLabelName(name: string): string;
	stop(): Promise<void>;
}

/**
 * Moleculer's Prometheus reporter, but the ops server and the gateway serve its text instead of a server of
 * its own. It renders histograms as Prometheus histograms (`_bucket`, `_sum`, `_count`; Moleculer's quantile
 * lines would break the family), leaves out `_rate` lines (Prometheus computes rates), and can render several
 * nodes in one text with each metric family once.
 */
export class PrometheusTextReporter extends PrometheusBase {
	constructor(opts: Record<string, unknown> = {}) {
		super({ ...opts, port: 0 });
	}

	init(registry: PrometheusLike["registry"]): void {
		// BaseReporter.init only: no HTTP server.
		this.registry = registry;
		this.broker = registry.broker;
		this.logger = registry.logger;
		this.defaultLabels = { namespace: registry.broker.namespace };
	}

	override stop(): Promise<void> {
		return Promise.resolve();
	}

	/** This node's metrics. */
	text(): string {
		return this.render([{ nodeID: this.broker.nodeID, metrics: this.broker.metrics.list() as unknown as MetricPOJO[] }]);
	}

	render(nodes: NodeMetrics[]): string {
		const families = new Map<string, { metric: MetricPOJO; samples: { nodeID: string; item: Snapshot }[] }>();
		for (const node of nodes) {
			for (const metric of node.metrics) {
				if (!this.matchMetricName(metric.name) || metric.name.startsWith("os.datetime")) continue;
				let family = families.get(metric.name);
				if (!family) {
					family = { metric, samples: [] };
					families.set(metric.name, family);
				}
				for (const item of metric.values ?? []) family.samples.push({ nodeID: node.nodeID, item });
			}
		}
		const out: string[] = [];
		for (const { metric, samples } of families.values()) {
			if (!samples.length) continue;
			const name = this.formatMetricName(metric.name).replace(/[.-]/g, "_");
			const help = (metric.description || metric.name + (metric.unit ? ` (${metric.unit})` : ""))
				.replace(/\\/g, "\\\\")
				.replace(/\n/g, "\\n");
			const histogram = metric.type === "histogram";
			const summary = histogram && !samples.some(s => s.item.buckets);
			out.push(`# HELP ${name} ${help}`, `# TYPE ${name} ${metric.type === "info" ? "gauge" : summary ? "summary" : metric.type}`);
			for (const { nodeID, item } of samples) {
				const labels = { ...item.labels, nodeID };
				if (metric.type === "info") {
					out.push(`${name}${this.labels(labels, { value: item.value })} 1`);
				} else if (!histogram) {
					out.push(`${name}${this.labels(labels)} ${num(item.value)}`);
				} else {
					if (summary) {
						for (const [q, v] of Object.entries(item.quantiles ?? {}))
							out.push(`${name}${this.labels(labels, { quantile: q })} ${num(v)}`);
					} else {
						for (const [le, v] of Object.entries(item.buckets ?? {}).sort((a, b) => Number(a[0]) - Number(b[0]))) {
							out.push(`${name}_bucket${this.labels(labels, { le })} ${num(v)}`);
						}
						out.push(`${name}_bucket${this.labels(labels, { le: "+Inf" })} ${num(item.count)}`);
					}
					out.push(
						`${name}_sum${this.labels(labels)} ${num(item.sum)}`,
						`${name}_count${this.labels(labels)} ${num(item.count)}`,
					);
				}
			}
			out.push("");
		}
		return out.join("\n");
	}

	private labels(itemLabels: Record<string, unknown>, extra: Record<string, unknown> = {}): string {
		const all = { ...this.defaultLabels, ...itemLabels, ...extra };
		const parts = Object.entries(all)
			.filter(([, v]) => v !== undefined && v !== null)
			.map(([k, v]) => `${this.formatLabelName(k)}="${String(v).replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n")}"`);
		return parts.length ? `{${parts.join(",")}}` : "";
	}
}

function num(v: unknown): string {
	if (v === null || v === undefined) return "NaN";
	const n = Number(v);
	if (Number.isNaN(n)) return "NaN";
	return n === Infinity ? "+Inf" : n === -Infinity ? "-Inf" : String(n);
}

function reporterOf(broker: ServiceBroker): PrometheusTextReporter | undefined {
	if (!broker.isMetricsEnabled()) return undefined;
	const reporters = (broker.metrics as unknown as { reporter?: unknown[] }).reporter ?? [];
	return reporters.find((r): r is PrometheusTextReporter => r instanceof PrometheusTextReporter);
}

export const PROMETHEUS_CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

/** This node's metrics in the Prometheus text format, gauges refreshed first. */
export async function nodeMetricsText(broker: ServiceBroker): Promise<string> {
	const reporter = reporterOf(broker);
	if (!reporter) return "# metrics are disabled on this node\n";
	await collect(broker);
	return reporter.text();
}

/**
 * Every node's metrics in one text, each series labelled with its nodeID: this node's freshly collected, the
 * others' through Moleculer's `$node.metrics` on each node (their gauges as of their last refresh, at most a
 * few seconds old). A node that does not answer is left out and counted in brigade_scrape_nodes_failed.
 */
export async function clusterMetricsText(broker: ServiceBroker): Promise<string> {
	const reporter = reporterOf(broker);
	if (!reporter) return "# metrics are disabled on this node\n";
	await collect(broker);
	const others = (
		(broker.registry as unknown as { getNodeList(o: object): unknown }).getNodeList({ onlyAvailable: true, withServices: false }) as {
			id: string;
			local: boolean;
		}[]
	).filter(n => !n.local);
	let failed = 0;
	const remote = await Promise.all(
		others.map(n =>
			broker
				.call<MetricPOJO[], Record<string, never>>("$node.metrics", {}, { nodeID: n.id, timeout: 3000 })
				.then(metrics => ({ nodeID: n.id, metrics }))
				.catch((err: { code?: number; type?: string }) => {
					// The operator's console runs without metrics: it is not a failure to leave it out.
					if (err.type !== "METRICS_DISABLED") failed++;
					return undefined;
				}),
		),
	);
	const nodes: NodeMetrics[] = [
		{ nodeID: broker.nodeID, metrics: broker.metrics.list() as unknown as MetricPOJO[] },
		...remote.filter((r): r is NodeMetrics => Boolean(r)),
	];
	const footer = [
		"# HELP brigade_scrape_nodes Nodes whose metrics are in this text",
		"# TYPE brigade_scrape_nodes gauge",
		`brigade_scrape_nodes{namespace="${broker.namespace}"} ${nodes.length}`,
		"# HELP brigade_scrape_nodes_failed Nodes that did not answer for this text",
		"# TYPE brigade_scrape_nodes_failed gauge",
		`brigade_scrape_nodes_failed{namespace="${broker.namespace}"} ${failed}`,
		"",
	];
	return `${reporter.render(nodes)}\n${footer.join("\n")}`;
}

/** Starts the node's refresh timer (collectors every few seconds, so `$node.metrics` stays fresh for the cluster view). */
export function startCollecting(broker: ServiceBroker, intervalMs = 5000): () => Promise<void> {
	let running: Promise<void> | undefined;
	const tick = () => {
		running ??= collect(broker).finally(() => (running = undefined));
	};
	const timer = setInterval(tick, intervalMs);
	timer.unref();
	tick();
	return async () => {
		clearInterval(timer);
		await running;
		const r = redisClients.get(broker);
		redisClients.delete(broker);
		if (r) await r.quit().catch(() => r.disconnect());
	};
}

/** `p`, or a rejection after `ms`: a probe or a scrape answers in time even when something hangs. */
export function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
	let timer: NodeJS.Timeout;
	return Promise.race([
		p.finally(() => clearTimeout(timer)),
		new Promise<T>((_, reject) => {
			timer = setTimeout(() => reject(new Error(`no answer in ${ms} ms`)), ms);
		}),
	]);
}
