// How Brigade logs: pino, as one JSON object a line for collectors (the default when stdout is not a terminal),
// or as short readable lines through pino-pretty for a person at a terminal (LOG_FORMAT, lib/config.ts).
import { inspect } from "node:util";
import type { BrokerOptions } from "moleculer";
import pinoPretty from "pino-pretty";
import type { Config, LogLevel } from "./config";

type LogFn = (...args: unknown[]) => void;
interface PinoThis {
	isLevelEnabled(level: string): boolean;
	debug: LogFn;
}

/** pino's numeric level of `info`: the only level whose chatter is demoted. */
const INFO = 30;

/**
 * Moleculer's own modules. At info they describe the machinery (namespace, serializer, strategy, "Subscribing to
 * 24 channels"): useful in a log store, noise on a terminal, where only their warnings and errors show.
 */
const FRAMEWORK_MODULES = [
	"BROKER",
	"REGISTRY",
	"METRICS",
	"CHANNELS",
	"TRANSIT",
	"TRANSPORTER",
	"DISCOVERY",
	"CACHER",
	"TRACER",
	"TRACING",
];

/** What every service says as it starts and stops; on a terminal these are debug lines. */
const SERVICE_CHATTER = [
	/^Service '[^']+' (started|stopped)\.$/,
	/^API Gateway (server created|listening on |stopped!)/,
	/^Schema "[^"]+" migrated: /,
];

/** Moleculer's `logger` option for the broker: pino, as JSON or pretty, at LOG_LEVEL. */
export function loggerOptions(config: Pick<Config, "logLevel" | "logFormat">): BrokerOptions["logger"] {
	const pretty = config.logFormat === "pretty";
	return {
		type: "Pino",
		options: {
			level: pretty ? quietFramework(config.logLevel) : config.logLevel,
			pino: {
				options: { base: undefined, hooks: { logMethod: pretty ? prettyLogMethod : pinoLogMethod } },
				// Synchronous, so the last lines before an exit (a fatal error at start) are not lost.
				destination: pretty ? prettyStream() : undefined,
			},
		},
	};
}

/** At info, Moleculer's modules log only warnings and errors; at debug or trace, everything shows. */
function quietFramework(level: LogLevel): LogLevel | Record<string, LogLevel> {
	if (level !== "info") return level;
	return { ...Object.fromEntries(FRAMEWORK_MODULES.map(m => [m, "warn" as const])), "**": level };
}

/** `12:04:31 INFO  auth: First admin created`: the time of day, the level, who speaks, the message. */
function prettyStream() {
	return pinoPretty({
		sync: true,
		translateTime: "SYS:HH:MM:ss",
		ignore: "pid,hostname,nodeID,ns,mod,svc,method,route,path,status,ms,requestID,userID",
		messageFormat: (log, messageKey) => {
			const who = (log.svc ?? log.mod) as string | undefined;
			const id = typeof log.requestID === "string" ? ` [${log.requestID}]` : "";
			return `${who ? `${who}: ` : ""}${String(log[messageKey] ?? "")}${id}`;
		},
	});
}

/** pinoLogMethod, and on a terminal the services' start and stop lines move from info to debug. */
function prettyLogMethod(this: PinoThis, args: unknown[], method: LogFn, level: number): void {
	if (level === INFO && typeof args[0] === "string" && SERVICE_CHATTER.some(re => re.test(args[0] as string))) {
		if (this.isLevelEnabled("debug")) this.debug(...args);
		return;
	}
	pinoLogMethod.call(this, args, method);
}

// Moleculer logs like console.log ("Subscribing to", 3, "channels"); pino keeps only the first string.
// This hook joins the rest into the message and lifts an Error into `err`, so nothing is lost.
export function pinoLogMethod(this: unknown, args: unknown[], method: LogFn): void {
	if (args.length < 2 || typeof args[0] !== "string") {
		method.apply(this, args);
		return;
	}
	const err = args.find((a): a is Error => a instanceof Error);
	const text = args
		.filter(a => a !== err)
		.map(a => (typeof a === "string" ? a : inspect(a, { depth: 4, breakLength: Infinity })))
		.join(" ");
	method.apply(this, err ? [{ err }, text] : [text]);
}
