// Brigade's configuration: read from the environment once at start, validated, then passed around as a value.
import fs from "node:fs";
import path from "node:path";
import crypto from "node:crypto";
import os from "node:os";

/** The services built so far; each later one joins this list when it lands. */
export const SERVICE_NAMES = [
	"api",
	"auth",
	"table",
	"menu",
	"order",
	"kitchen",
	"billing",
	"drawer",
	"reporting",
	"notification",
	"device",
	"approval",
	"guest",
	"mail",
] as const;
export type ServiceName = (typeof SERVICE_NAMES)[number];

/** The PostgreSQL schema each service owns; the gateway's holds the realtime feed that devices replay from. */
export const SCHEMAS: Record<ServiceName, string> = {
	api: "realtime",
	auth: "auth",
	table: "floor",
	menu: "menu",
	order: "orders",
	kitchen: "kitchen",
	billing: "billing",
	drawer: "drawer",
	reporting: "reporting",
	notification: "notification",
	device: "device",
	approval: "approval",
	guest: "guest",
	mail: "mail",
};

/**
 * Card payment providers Brigade can talk to; `simulated` approves every card but the test token `tok_declined`,
 * `stripe` takes cards and payment links through Stripe's official SDK (STRIPE_* settings).
 */
export const PAYMENT_PROVIDERS = ["simulated", "stripe"] as const;

/** GUEST_ORDERING: off (the QR page is a menu), confirm (a waiter confirms each guest round; the default), direct. */
export const GUEST_ORDERING_MODES = ["off", "confirm", "direct"] as const;
export type GuestOrderingMode = (typeof GUEST_ORDERING_MODES)[number];
export type PaymentProviderName = (typeof PAYMENT_PROVIDERS)[number];

/** Moleculer trace exporters TRACING_EXPORTER may name; some need a package of their own (TRACING_PACKAGES). */
export const TRACING_EXPORTERS = ["Console", "Event", "Zipkin", "Jaeger", "Datadog", "NewRelic"] as const;
export type TracingExporterName = (typeof TRACING_EXPORTERS)[number];
const TRACING_PACKAGES: Partial<Record<TracingExporterName, string>> = { Jaeger: "jaeger-client", Datadog: "dd-trace" };

export const LOG_LEVELS = ["fatal", "error", "warn", "info", "debug", "trace"] as const;
export type LogLevel = (typeof LOG_LEVELS)[number];

/** `pretty`: short coloured lines for a person at a terminal; `json`: one JSON object a line, for collectors. */
export const LOG_FORMATS = ["pretty", "json"] as const;
export type LogFormat = (typeof LOG_FORMATS)[number];

/** Where the guest links (table QR codes) point, and whether a phone on the network can open them. */
export interface GuestLink {
	/** PUBLIC_URL; without it, this machine's first network address, or localhost when it has none. */
	source: "PUBLIC_URL" | "network address" | "localhost";
	/** False when the link names a loopback address: it opens on this machine only. */
	reachable: boolean;
}

/** What loadConfig reads besides the environment: asked of the machine by default, given by tests. */
export interface HostFacts {
	stdoutIsTTY: boolean;
	networkInterfaces(): NodeJS.Dict<os.NetworkInterfaceInfo[]>;
}

const THIS_HOST: HostFacts = { stdoutIsTTY: Boolean(process.stdout.isTTY), networkInterfaces: () => os.networkInterfaces() };

export interface Config {
	/** HTTP + Socket.IO port of the gateway. */
	port: number;
	/** Moleculer namespace: nodes only see nodes of the same namespace. */
	namespace: string;
	/** Node id; Moleculer picks hostname-pid when unset. */
	nodeID?: string;
	/** Which services this node runs. */
	services: ServiceName[];
	/** `pglite` keeps the data in `dataDir`; `postgres` uses `databaseUrl`. */
	database: { kind: "pglite"; dataDir: string } | { kind: "postgres"; url: string; poolMax: number };
	dataDir: string;
	/** Moleculer transporter connection string; undefined means a single process. */
	transporter?: string;
	/** Redis for the cacher, rate limits and durable channels when distributed. */
	redisUrl?: string;
	/** JWT signing secret; undefined until resolved (embedded generates and keeps one in dataDir). */
	jwtSecret?: string;
	accessTokenTtlSeconds: number;
	refreshTokenTtlSeconds: number;
	login: { maxAttemptsPerUser: number; maxFailuresPerIp: number; windowSeconds: number };
	/** bcrypt cost factor for password hashes. */
	bcryptRounds: number;
	/** PIN_SECRET: the HMAC key of PIN lookups (services/auth); undefined: the JWT secret. */
	pinSecret?: string;
	/** IDLE_LOCK_SECONDS: a shared tablet untouched this long locks back to its PIN pad; 0 never. */
	idleLockSeconds: number;
	admin: { username: string; password?: string };
	logLevel: LogLevel;
	/** LOG_FORMAT; unset: pretty when stdout is a terminal, JSON otherwise (pipes, containers, tests). */
	logFormat: LogFormat;
	/** LOG_REQUESTS: the gateway logs one line per HTTP request. */
	logRequests: boolean;
	/** Rates in parts per million, so 8.875% is 88_750: money math stays in integers. */
	taxRatePpm: number;
	serviceChargeRatePpm: number;
	currency: string;
	timezone: string;
	/** Who takes card payments. */
	paymentProvider: PaymentProviderName;
	/** PAYMENT_PROVIDER=stripe: the secret key, the webhook signing secret and where the SDK sends requests (unset: Stripe's own). */
	stripe?: { secretKey: string; webhookSecret: string; apiUrl?: string };
	/** A payment link (checkout) not paid within this many minutes expires and releases its hold on the bill (PAYMENT_LINK_MINUTES). */
	paymentLinkMinutes: number;
	/**
	 * Outgoing mail: SMTP_URL (smtp://user:pass@host:port; unset: mail is queued and logged, never sent), MAIL_FROM, and
	 * MAIL_RETRY_SECONDS, the first wait after a failed send (doubling each time, at most an hour).
	 */
	mail: { smtpUrl?: string; from: string; retrySeconds: number };
	/** Guests ordering from the table's QR page (GUEST_ORDERING). */
	guestOrdering: GuestOrderingMode;
	/** A guest session (one table, one phone) lasts this long (GUEST_SESSION_MINUTES). */
	guestSessionSeconds: number;
	/** Take the client IP from X-Forwarded-For (only behind a proxy you run). */
	trustProxy: boolean;
	/** A bearer token Prometheus presents to the gateway's GET /metrics (admins' access tokens work too). */
	metricsToken?: string;
	/** Base URL of the links guests open (table QR codes): PUBLIC_URL, or http://<this machine's network address>:PORT. */
	publicUrl: string;
	guestLink: GuestLink;
	/** What the guest menu and the apps call the restaurant. */
	restaurantName: string;
	/** A kitchen ticket older than `warnSeconds` turns amber on the displays, older than `lateSeconds` red. */
	ticketAge: { warnSeconds: number; lateSeconds: number };
	/** The venue's course names, first course first (COURSES="Starters,Mains,Desserts"); course n is courses[n-1]. */
	courses: string[];
	/** manual: a waiter fires each later course; on_bump: the kitchen's bump of a course fires the next (FIRE_NEXT_COURSE). */
	courseFiring: "manual" | "on_bump";
	/** The payment sheet's tip buttons, percentages of the bill's total (TIP_PRESETS="10,15,20"). */
	tipPresets: number[];
	/** Port of this node's ops endpoint (/health/live, /health/ready, /metrics): 0 picks a free one; undefined is off. */
	opsPort?: number;
	/** OPS_PORT was set: a port taken by another process stops the node instead of falling back to a free one. */
	opsPortExplicit: boolean;
	/** Moleculer tracing; undefined is off. */
	tracing?: { exporter: TracingExporterName; endpoint?: string; sampleRate: number };
	/** Network printers: a station's printer failing this long sends its new jobs to its fallback; retries back off from retryMs; a send that takes longer than timeoutMs failed. */
	printers: { fallbackSeconds: number; retryMs: number; timeoutMs: number };
	/** A manager's approval: a request undecided this long expires, and an approval token is good this long after the decision. */
	approval: { ttlSeconds: number };
	/** Guaranteed dispatch: a ticket (order, station, round) no screen acknowledged within ackSeconds is re-routed to the station's printer or the expo (TICKET_ACK_SECONDS; 0 is off). */
	dispatch: { ackSeconds: number };
	/** REPL=1: open the operators' console (bin/repl.ts) in this process once it has started. */
	repl: boolean;
}

export class ConfigError extends Error {
	constructor(public readonly problems: string[]) {
		super(`Invalid configuration:\n  - ${problems.join("\n  - ")}`);
		this.name = "ConfigError";
	}
}

/** A node cannot start for a reason its operator must fix, said in one sentence (bin/brigade.ts prints no stack). */
export class StartupError extends Error {
	constructor(message: string) {
		super(message);
		this.name = "StartupError";
	}
}

type Env = Record<string, string | undefined>;

/** Reads and validates the environment. Throws ConfigError listing every problem at once. */
export function loadConfig(env: Env = process.env, host: HostFacts = THIS_HOST): Config {
	const problems: string[] = [];
	const str = (name: string): string | undefined => {
		const v = env[name];
		return v === undefined || v.trim() === "" ? undefined : v.trim();
	};
	const int = (name: string, def: number, min: number, max: number): number => {
		const raw = str(name);
		if (raw === undefined) return def;
		const n = Number(raw);
		if (!Number.isInteger(n) || n < min || n > max) {
			problems.push(`${name} must be an integer between ${min} and ${max} (got "${raw}")`);
			return def;
		}
		return n;
	};
	const rate = (name: string): number => {
		const raw = str(name);
		if (raw === undefined) return 0;
		const ppm = parseRatePpm(raw);
		if (ppm === undefined) {
			problems.push(`${name} must be a fraction between 0 and 1 with at most 6 decimals, e.g. 0.0875 for 8.75% (got "${raw}")`);
			return 0;
		}
		return ppm;
	};
	const bool = (name: string, def: boolean): boolean => {
		const raw = str(name)?.toLowerCase();
		if (raw === undefined) return def;
		if (["1", "true", "yes", "on"].includes(raw)) return true;
		if (["0", "false", "no", "off"].includes(raw)) return false;
		problems.push(`${name} must be true or false (got "${env[name]}")`);
		return def;
	};

	const port = int("PORT", 3000, 0, 65535);
	const dataDir = path.resolve(str("DATA_DIR") ?? "./data");
	const databaseUrl = str("DATABASE_URL");
	if (databaseUrl && !/^postgres(ql)?:\/\//.test(databaseUrl)) problems.push(`DATABASE_URL must be a postgres:// URL`);
	const transporter = str("TRANSPORTER");
	const redisUrl = str("REDIS_URL") ?? (transporter && /^rediss?:\/\//.test(transporter) ? transporter : undefined);
	if (transporter && !databaseUrl) {
		problems.push("DATABASE_URL is required with TRANSPORTER: nodes must share one PostgreSQL, not each open an embedded database");
	}
	if (transporter && !redisUrl) {
		problems.push(
			"REDIS_URL is required when TRANSPORTER is not a redis:// URL (the cache, rate limits and durable channels need Redis)",
		);
	}

	let services: ServiceName[] = [...SERVICE_NAMES];
	const servicesRaw = str("SERVICES");
	if (servicesRaw) {
		const names = servicesRaw
			.split(",")
			.map(s => s.trim())
			.filter(Boolean);
		const unknown = names.filter(n => !(SERVICE_NAMES as readonly string[]).includes(n));
		if (unknown.length) problems.push(`SERVICES names unknown services: ${unknown.join(", ")} (known: ${SERVICE_NAMES.join(", ")})`);
		services = SERVICE_NAMES.filter(n => names.includes(n));
		if (services.length === 0 && unknown.length === 0) problems.push("SERVICES is empty");
	}

	// Up to nine courses, each named in a word or two; the default is a three-course dinner.
	const courses = (str("COURSES") ?? "Starters,Mains,Desserts")
		.split(",")
		.map(c => c.trim())
		.filter(Boolean);
	if (!courses.length || courses.length > 9 || courses.some(c => c.length > 30))
		problems.push(`COURSES must name 1 to 9 courses, comma-separated, each at most 30 characters (got "${env.COURSES}")`);
	const courseFiringRaw = (str("FIRE_NEXT_COURSE") ?? "manual").toLowerCase();
	if (courseFiringRaw !== "manual" && courseFiringRaw !== "on_bump")
		problems.push(`FIRE_NEXT_COURSE must be manual or on_bump (got "${env.FIRE_NEXT_COURSE}")`);
	const courseFiring: Config["courseFiring"] = courseFiringRaw === "on_bump" ? "on_bump" : "manual";
	const tipPresets = parseTipPresets(str("TIP_PRESETS") ?? "10,15,20");
	if (typeof tipPresets === "string") problems.push(tipPresets);

	const distributed = Boolean(transporter || databaseUrl);
	const metricsToken = str("METRICS_TOKEN");
	if (metricsToken !== undefined && metricsToken.length < 24)
		problems.push("METRICS_TOKEN must be at least 24 characters (e.g. openssl rand -hex 24)");
	const jwtSecret = str("JWT_SECRET");
	if (jwtSecret && jwtSecret.length < 32) problems.push("JWT_SECRET must be at least 32 characters");
	// Auth signs with it and seals account links with it; mail opens those links: both need the same one.
	if (distributed && !jwtSecret && (services.includes("auth") || services.includes("mail"))) {
		problems.push(
			"JWT_SECRET is required when DATABASE_URL or TRANSPORTER is set on nodes running auth or mail (the same on every such node: auth signs tokens and seals account links with it, mail opens them)",
		);
	}
	const pinSecret = str("PIN_SECRET");
	if (pinSecret && pinSecret.length < 32) problems.push("PIN_SECRET must be at least 32 characters");

	const logLevel = (str("LOG_LEVEL") ?? "info") as LogLevel;
	if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
	const logFormatRaw = str("LOG_FORMAT")?.toLowerCase();
	if (logFormatRaw !== undefined && !(LOG_FORMATS as readonly string[]).includes(logFormatRaw)) {
		problems.push(
			`LOG_FORMAT must be one of ${LOG_FORMATS.join(", ")}, or unset for pretty on a terminal and JSON otherwise (got "${logFormatRaw}")`,
		);
	}
	const logFormat: LogFormat = (LOG_FORMATS as readonly string[]).includes(logFormatRaw ?? "")
		? (logFormatRaw as LogFormat)
		: host.stdoutIsTTY
			? "pretty"
			: "json";

	const publicUrlRaw = str("PUBLIC_URL")?.replace(/\/+$/, "");
	if (publicUrlRaw !== undefined && !isHttpUrl(publicUrlRaw))
		problems.push(`PUBLIC_URL must be an http(s):// URL such as http://192.168.1.20:3000 (got "${publicUrlRaw}")`);
	const networkAddress = publicUrlRaw === undefined ? firstNetworkAddress(host.networkInterfaces()) : undefined;
	const publicUrl = publicUrlRaw ?? `http://${networkAddress ?? "localhost"}:${port}`;

	const currency = str("CURRENCY") ?? "USD";
	if (!/^[A-Z]{3}$/.test(currency)) problems.push(`CURRENCY must be an ISO 4217 code such as USD or EUR (got "${currency}")`);
	else if (minorDigits(currency) !== 2) {
		problems.push(
			`CURRENCY ${currency} has ${minorDigits(currency)} decimal places; Brigade keeps money in cents, so it needs a currency with 2 (USD, EUR, GBP…)`,
		);
	}
	const timezone = str("TIMEZONE") ?? "UTC";
	if (!isValidTimeZone(timezone)) problems.push(`TIMEZONE must be an IANA time zone such as Europe/Paris (got "${timezone}")`);

	const paymentProvider = (str("PAYMENT_PROVIDER") ?? "simulated") as PaymentProviderName;
	if (!PAYMENT_PROVIDERS.includes(paymentProvider)) problems.push(`PAYMENT_PROVIDER must be one of ${PAYMENT_PROVIDERS.join(", ")}`);

	let stripe: Config["stripe"];
	if (paymentProvider === "stripe") {
		const secretKey = str("STRIPE_SECRET_KEY");
		const webhookSecret = str("STRIPE_WEBHOOK_SECRET");
		const apiUrl = str("STRIPE_API_URL")?.replace(/\/+$/, "");
		if (!secretKey) problems.push("PAYMENT_PROVIDER=stripe needs STRIPE_SECRET_KEY (sk_live_… or sk_test_…)");
		if (!webhookSecret)
			problems.push("PAYMENT_PROVIDER=stripe needs STRIPE_WEBHOOK_SECRET (whsec_…, from the webhook endpoint's page)");
		if (apiUrl !== undefined && !isHttpUrl(apiUrl)) problems.push(`STRIPE_API_URL must be an http(s):// URL (got "${apiUrl}")`);
		if (secretKey && webhookSecret) stripe = { secretKey, webhookSecret, ...(apiUrl && { apiUrl }) };
	}

	const smtpUrl = str("SMTP_URL");
	if (smtpUrl !== undefined && !/^smtps?:\/\/[^\s]+$/.test(smtpUrl))
		problems.push("SMTP_URL must look like smtp://host:587 or smtps://user:password@host:465");
	const mailFrom = str("MAIL_FROM") ?? "Brigade <no-reply@localhost>";
	if (!/^[^\r\n]{3,200}$/.test(mailFrom) || !mailFrom.includes("@"))
		problems.push("MAIL_FROM must be an address such as Brigade <bills@example.com>");

	const guestOrdering = (str("GUEST_ORDERING")?.toLowerCase() ?? "confirm") as GuestOrderingMode;
	if (!GUEST_ORDERING_MODES.includes(guestOrdering)) problems.push(`GUEST_ORDERING must be one of ${GUEST_ORDERING_MODES.join(", ")}`);

	const namespace = str("NAMESPACE") ?? "brigade";
	if (!/^[a-z0-9][a-z0-9_-]{0,40}$/i.test(namespace)) problems.push("NAMESPACE may hold only letters, digits, - and _");

	// Every node of a cluster serves probes and metrics on 9100 by default (another port when a node on the same
	// host has it); one process alone only when asked.
	let opsPort: number | undefined = transporter ? DEFAULT_OPS_PORT : undefined;
	const opsRaw = str("OPS_PORT");
	if (opsRaw !== undefined) opsPort = opsRaw.toLowerCase() === "off" ? undefined : int("OPS_PORT", DEFAULT_OPS_PORT, 0, 65535);

	let tracing: Config["tracing"];
	const exporterRaw = str("TRACING_EXPORTER");
	if (exporterRaw !== undefined && !["off", "false", "none"].includes(exporterRaw.toLowerCase())) {
		const exporter = TRACING_EXPORTERS.find(e => e.toLowerCase() === exporterRaw.toLowerCase());
		const sampleRaw = str("TRACING_SAMPLE_RATE") ?? "1";
		const sampleRate = Number(sampleRaw);
		if (!/^(0|1)(\.\d+)?$/.test(sampleRaw) || sampleRate > 1)
			problems.push(`TRACING_SAMPLE_RATE must be a fraction between 0 and 1 (got "${sampleRaw}")`);
		const endpoint = str("TRACING_ENDPOINT");
		if (endpoint && !/^https?:\/\//.test(endpoint)) problems.push(`TRACING_ENDPOINT must be an http(s):// URL (got "${endpoint}")`);
		if (!exporter) {
			problems.push(`TRACING_EXPORTER must be one of ${TRACING_EXPORTERS.join(", ")} (got "${exporterRaw}")`);
		} else {
			const pkg = TRACING_PACKAGES[exporter];
			if (pkg && !isInstalled(pkg))
				problems.push(
					`TRACING_EXPORTER=${exporter} needs the ${pkg} package, which is not installed (npm install ${pkg}), or use Zipkin`,
				);
			tracing = { exporter, endpoint, sampleRate };
		}
	}

	const adminUsername = (str("ADMIN_USERNAME") ?? "admin").toLowerCase();
	const adminPassword = env.ADMIN_PASSWORD || undefined;
	if (adminPassword !== undefined && adminPassword.length < 8) problems.push("ADMIN_PASSWORD must be at least 8 characters");

	const config: Config = {
		port,
		namespace,
		nodeID: str("NODE_ID"),
		services,
		database: databaseUrl
			? { kind: "postgres", url: databaseUrl, poolMax: int("DB_POOL_MAX", 10, 2, 200) }
			: { kind: "pglite", dataDir },
		dataDir,
		transporter,
		redisUrl,
		jwtSecret,
		accessTokenTtlSeconds: int("ACCESS_TOKEN_TTL", 15 * 60, 30, 24 * 3600),
		refreshTokenTtlSeconds: int("REFRESH_TOKEN_TTL", 14 * 24 * 3600, 60, 365 * 24 * 3600),
		login: {
			maxAttemptsPerUser: int("LOGIN_MAX_ATTEMPTS", 10, 1, 10_000),
			maxFailuresPerIp: int("LOGIN_MAX_FAILURES_PER_IP", 100, 1, 1_000_000),
			windowSeconds: int("LOGIN_WINDOW_SECONDS", 15 * 60, 1, 24 * 3600),
		},
		bcryptRounds: int("BCRYPT_ROUNDS", 10, 4, 15),
		pinSecret,
		idleLockSeconds: int("IDLE_LOCK_SECONDS", 120, 0, 24 * 3600),
		admin: { username: adminUsername, password: adminPassword },
		logLevel,
		logFormat,
		logRequests: bool("LOG_REQUESTS", true),
		taxRatePpm: rate("TAX_RATE"),
		serviceChargeRatePpm: rate("SERVICE_CHARGE_RATE"),
		currency,
		timezone,
		paymentProvider,
		stripe,
		paymentLinkMinutes: int("PAYMENT_LINK_MINUTES", 30, 30, 24 * 60),
		mail: { smtpUrl, from: mailFrom, retrySeconds: int("MAIL_RETRY_SECONDS", 30, 1, 3600) },
		guestOrdering,
		guestSessionSeconds: 60 * int("GUEST_SESSION_MINUTES", 180, 5, 24 * 60),
		trustProxy: ["1", "true", "yes"].includes((str("TRUST_PROXY") ?? "").toLowerCase()),
		metricsToken,
		publicUrl,
		guestLink: {
			source: publicUrlRaw !== undefined ? "PUBLIC_URL" : networkAddress ? "network address" : "localhost",
			reachable: !isLoopbackUrl(publicUrl),
		},
		restaurantName: (str("RESTAURANT_NAME") ?? "Brigade").slice(0, 80),
		ticketAge: { warnSeconds: 60 * int("TICKET_WARN_MINUTES", 10, 1, 240), lateSeconds: 60 * int("TICKET_LATE_MINUTES", 20, 1, 480) },
		courses: courses.length && courses.length <= 9 ? courses : ["Starters", "Mains", "Desserts"],
		courseFiring,
		tipPresets: typeof tipPresets === "string" ? [10, 15, 20] : tipPresets,
		opsPort,
		opsPortExplicit: opsRaw !== undefined,
		tracing,
		printers: {
			fallbackSeconds: int("PRINTER_FALLBACK_SECONDS", 30, 1, 3600),
			retryMs: int("PRINTER_RETRY_MS", 2000, 50, 60_000),
			timeoutMs: int("PRINTER_TIMEOUT_MS", 5000, 100, 60_000),
		},
		approval: { ttlSeconds: int("APPROVAL_TTL_SECONDS", 120, 1, 3600) },
		dispatch: { ackSeconds: int("TICKET_ACK_SECONDS", 20, 0, 600) },
		repl: ["1", "true", "yes"].includes((str("REPL") ?? "").toLowerCase()),
	};
	if (problems.length) throw new ConfigError(problems);
	return config;
}

/** What an operator's console (`npm run repl`) needs to join a cluster: nothing of a service's, no database, no secret. */
export interface OperatorConfig {
	transporter?: string;
	namespace: string;
	nodeID: string;
	logLevel: LogLevel;
}

export function loadOperatorConfig(env: Env = process.env): OperatorConfig {
	const problems: string[] = [];
	const transporter = env.TRANSPORTER?.trim() || undefined;
	const namespace = env.NAMESPACE?.trim() || "brigade";
	if (!/^[a-z0-9][a-z0-9_-]{0,40}$/i.test(namespace)) problems.push("NAMESPACE may hold only letters, digits, - and _");
	// The console's own logs would scroll over its tables: warnings and errors only, unless asked.
	const logLevel = (env.LOG_LEVEL?.trim() || "warn") as LogLevel;
	if (!LOG_LEVELS.includes(logLevel)) problems.push(`LOG_LEVEL must be one of ${LOG_LEVELS.join(", ")}`);
	if (problems.length) throw new ConfigError(problems);
	return { transporter, namespace, nodeID: env.NODE_ID?.trim() || `repl-${os.hostname()}-${process.pid}`, logLevel };
}

/** The ops endpoint's port when OPS_PORT is not set and a transporter is. */
export const DEFAULT_OPS_PORT = 9100;

/** The first IPv4 address of this machine that other machines can reach (not loopback, not link-local). */
export function firstNetworkAddress(interfaces: NodeJS.Dict<os.NetworkInterfaceInfo[]>): string | undefined {
	for (const list of Object.values(interfaces)) {
		const found = list?.find(a => a.family === "IPv4" && !a.internal && !a.address.startsWith("169.254."));
		if (found) return found.address;
	}
	return undefined;
}

/** True for a URL that only this machine can open: localhost, 127.0.0.0/8, ::1. */
export function isLoopbackUrl(url: string): boolean {
	let host: string;
	try {
		host = new URL(url).hostname.toLowerCase();
	} catch {
		return false;
	}
	return (
		host === "localhost" || host.endsWith(".localhost") || /^127\.\d+\.\d+\.\d+$/.test(host) || host === "[::1]" || host === "0.0.0.0"
	);
}

function isHttpUrl(raw: string): boolean {
	try {
		const u = new URL(raw);
		return (u.protocol === "http:" || u.protocol === "https:") && Boolean(u.hostname);
	} catch {
		return false;
	}
}

/** True when the node talks to other nodes or keeps its data outside DATA_DIR. */
export function isDistributed(config: Config): boolean {
	return Boolean(config.transporter) || config.database.kind === "postgres";
}

/** "0.0875" → 87500; exact decimal parsing, no floating point. */
export function parseRatePpm(raw: string): number | undefined {
	const m = /^(0|1)(?:\.(\d{1,6}))?$/.exec(raw);
	if (!m) return undefined;
	const ppm = Number(m[1]) * 1_000_000 + Number((m[2] ?? "").padEnd(6, "0"));
	return ppm <= 1_000_000 ? ppm : undefined;
}

function isInstalled(pkg: string): boolean {
	try {
		require.resolve(pkg);
		return true;
	} catch {
		return false;
	}
}

function isValidTimeZone(tz: string): boolean {
	try {
		new Intl.DateTimeFormat("en-US", { timeZone: tz });
		return true;
	} catch {
		return false;
	}
}

/**
 * The JWT secret: from the environment, or (embedded only) generated once and kept in DATA_DIR
 * so tokens survive a restart. loadConfig has already refused a distributed node without one.
 */
export function resolveJwtSecret(config: Config): string {
	if (config.jwtSecret) return config.jwtSecret;
	const file = path.join(config.dataDir, "jwt-secret");
	try {
		const stored = fs.readFileSync(file, "utf8").trim();
		if (stored.length >= 32) return stored;
		// Empty or cut short (a crash while it was written): replace it; no token signed with it can exist.
		fs.rmSync(file);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
	}
	fs.mkdirSync(config.dataDir, { recursive: true });
	const secret = crypto.randomBytes(48).toString("base64url");
	try {
		fs.writeFileSync(file, `${secret}\n`, { mode: 0o600, flag: "wx" });
		return secret;
	} catch (err) {
		// Another service in this process wrote it first: use theirs.
		if ((err as NodeJS.ErrnoException).code === "EEXIST") return fs.readFileSync(file, "utf8").trim();
		throw err;
	}
}

/** How many decimal places a currency's amounts have (2 for USD, 0 for JPY), as the apps will format them. */
function minorDigits(currency: string): number {
	try {
		return new Intl.NumberFormat("en", { style: "currency", currency }).resolvedOptions().maximumFractionDigits ?? 2;
	} catch {
		return -1;
	}
}

/**
 * TIP_PRESETS: up to six percentages, comma-separated, each above 0 and at most 100 with at most two decimals
 * ("10,12.5,15"); none ("") shows only the custom tip. The message of what is wrong otherwise.
 */
export function parseTipPresets(raw: string): number[] | string {
	const parts = raw
		.split(",")
		.map(p => p.trim())
		.filter(Boolean);
	const ok = parts.length <= 6 && parts.every(p => /^\d{1,3}(\.\d{1,2})?$/.test(p) && Number(p) > 0 && Number(p) <= 100);
	return ok ? parts.map(Number) : `TIP_PRESETS must be up to 6 percentages above 0 and at most 100, comma-separated (got "${raw}")`;
}
