// Moleculer logs like console.log ("Subscribing to", 3, "channels"); pino keeps only the first string.
// This hook joins the rest into the message and lifts an Error into `err`, so nothing is lost.
import { inspect } from "node:util";

type LogFn = (...args: unknown[]) => void;

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
