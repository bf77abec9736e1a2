// One line per HTTP request (LOG_REQUESTS): method, route pattern, status, milliseconds, request id and user.
// Never the query string (tokens travel there), a header or a body.
import type { ServerResponse } from "node:http";
import type { LoggerInstance } from "moleculer";
import type { GatewayRequest } from "./routes";

/** Probes and scrapes come every few seconds from the orchestrator: while they succeed they are not worth an info line. */
export function isRoutine(route: string, status: number): boolean {
	return status < 400 && /^\/(health\/(live|ready)|metrics)\/?$/.test(route);
}

/** Writes the request's line once the response is done (or the client went away). */
export function logWhenDone(logger: LoggerInstance, req: GatewayRequest, res: ServerResponse): void {
	const started = process.hrtime.bigint();
	// moleculer-web rewrites req.url while routing; the path is taken now, without its query.
	const path = (req.url ?? "").split("?")[0].slice(0, 200);
	res.once("close", () => {
		const ms = Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10;
		const route = req.$alias?.fullPath ?? path;
		const header = res.getHeader("X-Request-ID");
		const requestID = typeof header === "string" ? header : req.$ctx?.requestID;
		const status = res.writableFinished ? res.statusCode : 499;
		const line = { method: req.method, route, status, ms, requestID, userID: req.$ctx?.meta.user?.id ?? null };
		logger[isRoutine(route, status) ? "debug" : "info"](
			line,
			`${req.method} ${route} ${res.writableFinished ? status : "aborted by the client"} ${ms} ms`,
		);
	});
}
