// The gateway's copy of GET /menu, without a broker: which answer becomes the copy, what makes it go, and how
// the copy is sent (ETag, 304, HEAD, X-Menu-Copy).
import { describe, it, mock } from "node:test";
import assert from "node:assert/strict";
import { MenuCopyMixin } from "./menu-copy.mixin";

const MENU = "/api/v1/menu";
const body = { categories: [{ id: "c1", name: "Mains" }], items: [{ id: "m1", name: "Steak", priceCents: 2400 }] };

type Fn = (...args: unknown[]) => unknown;

/** Runs `fn` with a clock that moves only when `tick` is called. */
function withClock(fn: (tick: (ms: number) => void) => void): void {
	let now = 1_000_000;
	const clock = mock.method(Date, "now", () => now);
	try {
		fn(ms => {
			now += ms;
		});
	} finally {
		clock.mock.restore();
	}
}

/** A gateway with only the mixin's methods and events, as moleculer would bind them; `transporter`: distributed mode. */
function gateway(transporter?: string) {
	const schema = MenuCopyMixin({ path: MENU, action: "menu.get", changedEvent: "menu.changed" });
	const svc: Record<string, unknown> = { config: { transporter }, $menu: { generation: 0, notBefore: 0 } };
	for (const [name, fn] of Object.entries(schema.methods as Record<string, Fn>)) svc[name] = fn.bind(svc);
	const call = (name: string, ...args: unknown[]) => (svc[name] as Fn)(...args);
	const emit = (event: string) => (schema.events as Record<string, Fn>)[event].call(svc);

	/** One request through the gateway: served from the copy, or "called" (the action answers `data`). */
	function request(
		opts: { method?: string; url?: string; headers?: Record<string, string>; action?: string; data?: unknown; status?: number } = {},
	) {
		const res = { headers: {} as Record<string, unknown>, status: 0, body: undefined as unknown, ended: false };
		const fakeRes = {
			setHeader(k: string, v: unknown) {
				res.headers[k] = v;
			},
			writeHead(status: number) {
				res.status = status;
			},
			end(b?: unknown) {
				Object.assign(res, { body: b, ended: true });
			},
		};
		const req: Record<string, unknown> = { method: opts.method ?? "GET", url: opts.url ?? MENU, headers: opts.headers ?? {} };
		if (call("serveMenuCopy", req, fakeRes)) return { from: "copy" as const, ...res };
		call("markMenuRead", req);
		return {
			from: "action" as const,
			...res,
			/** The action's answer arrives (after any changes made meanwhile). */
			answer() {
				req.$action = { name: opts.action ?? "menu.get" };
				call("keepMenuCopy", { meta: { $statusCode: opts.status } }, req, fakeRes, opts.data ?? body);
				return res;
			},
		};
	}
	return { request, emit, svc };
}

describe("menu copy: what becomes the copy", () => {
	it("a GET /menu answer becomes the copy; the next read is sent from it, byte for byte, with its ETag", () => {
		const gw = gateway();
		const first = gw.request();
		assert.equal(first.from, "action");
		const answered = first.from === "action" ? first.answer() : first;

		const second = gw.request({ headers: { "x-request-id": "req-7" } });

		assert.equal(second.from, "copy");
		assert.equal(second.status, 200);
		assert.deepEqual(JSON.parse(String(second.body)), body);
		assert.equal(second.headers.ETag, answered.headers.ETag);
		assert.equal(second.headers["X-Menu-Copy"], "hit");
		assert.equal(second.headers["X-Request-ID"], "req-7");
		assert.equal(second.headers["Cache-Control"], "no-cache");
	});

	it("an answer a change overtook (menu.changed while the read was under way) is not kept", () => {
		const gw = gateway();
		const read = gw.request();

		gw.emit("menu.changed");
		if (read.from === "action") read.answer();

		assert.equal(gw.request().from, "action");
	});

	it("another action's answer or an answer with a status of its own never becomes the copy", () => {
		const gw = gateway();
		for (const opts of [{ action: "table.list" }, { status: 404 }]) {
			const r = gw.request(opts);
			if (r.from === "action") r.answer();
		}

		assert.equal(gw.request().from, "action");
	});
});

describe("menu copy: what makes it go", () => {
	it("menu.changed drops it", () => {
		const gw = gateway();
		const r = gw.request();
		if (r.from === "action") r.answer();

		gw.emit("menu.changed");

		assert.equal(gw.request().from, "action");
	});

	it("it is not sent after 10 seconds, even when no change was heard", () => {
		withClock(tick => {
			const gw = gateway();
			const r = gw.request();
			if (r.from === "action") r.answer();

			tick(9_999);
			assert.equal(gw.request().from, "copy");
			tick(1);
			assert.equal(gw.request().from, "action");
		});
	});

	it("distributed: a node joining drops it and none is kept for a while (that node may not know to tell us of changes)", () => {
		withClock(tick => {
			const gw = gateway("redis://localhost");
			gw.emit("$node.connected");

			const early = gw.request();
			if (early.from === "action") early.answer();
			assert.equal(gw.request().from, "action");

			tick(5_000);
			const settled = gw.request();
			if (settled.from === "action") settled.answer();
			assert.equal(gw.request().from, "copy");
		});
	});
});

describe("menu copy: how it is sent", () => {
	function warm() {
		const gw = gateway();
		const r = gw.request();
		const etag = r.from === "action" ? r.answer().headers.ETag : undefined;
		return { gw, etag };
	}

	it("If-None-Match with the copy's ETag is a 304 without a body", () => {
		const { gw, etag } = warm();

		const r = gw.request({ headers: { "if-none-match": String(etag) } });

		assert.equal(r.status, 304);
		assert.equal(r.body, undefined);
	});

	it("HEAD has the headers and length but no body; a trailing slash and a query string still match", () => {
		const { gw } = warm();

		const head = gw.request({ method: "HEAD" });
		const slash = gw.request({ url: `${MENU}/?lang=en` });

		assert.equal(head.from, "copy");
		assert.equal(head.body, undefined);
		assert.equal(head.headers["Content-Length"], Buffer.byteLength(JSON.stringify(body)));
		assert.equal(slash.from, "copy");
	});

	it("a write to the same path, or another path under it, is never answered from the copy", () => {
		const { gw } = warm();

		assert.equal(gw.request({ method: "POST" }).from, "action");
		assert.equal(gw.request({ url: `${MENU}/items` }).from, "action");
	});

	it("a request id that is not short and plain is replaced by a fresh one", () => {
		const { gw } = warm();

		const r = gw.request({ headers: { "x-request-id": "<script>" } });

		assert.match(String(r.headers["X-Request-ID"]), /^[0-9a-f-]{36}$/);
	});
});
