// A small client for the gateway: real HTTP through fetch, JSON in and out.
import type { TokenPair } from "../../contracts";

export interface Reply<T = any> {
	status: number;
	body: T;
	headers: Headers;
}

export interface RequestOptions {
	token?: string;
	headers?: Record<string, string>;
	/** Sent as-is instead of JSON.stringify(body). */
	raw?: string;
}

export function client(baseUrl: string) {
	async function request<T = any>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<Reply<T>> {
		const headers: Record<string, string> = { ...opts.headers };
		if (opts.token) headers.authorization = `Bearer ${opts.token}`;
		let payload: string | undefined;
		if (opts.raw !== undefined) payload = opts.raw;
		else if (body !== undefined) payload = JSON.stringify(body);
		if (payload !== undefined) headers["content-type"] ??= "application/json";
		const res = await fetch(baseUrl + path, { method, headers, body: payload });
		const text = await res.text();
		let parsed: unknown = text;
		if ((res.headers.get("content-type") ?? "").includes("json") && text) parsed = JSON.parse(text);
		return { status: res.status, body: parsed as T, headers: res.headers };
	}
	return {
		request,
		get: <T = any>(path: string, opts?: RequestOptions) => request<T>("GET", path, undefined, opts),
		post: <T = any>(path: string, body?: unknown, opts?: RequestOptions) => request<T>("POST", path, body, opts),
		patch: <T = any>(path: string, body?: unknown, opts?: RequestOptions) => request<T>("PATCH", path, body, opts),
		del: <T = any>(path: string, opts?: RequestOptions) => request<T>("DELETE", path, undefined, opts),
		async login(username: string, password: string): Promise<TokenPair> {
			const r = await request<TokenPair>("POST", "/api/v1/auth/login", { username, password });
			if (r.status !== 200) throw new Error(`login ${username} → ${r.status} ${JSON.stringify(r.body)}`);
			return r.body;
		},
	};
}

export type Client = ReturnType<typeof client>;
