// Configuration is read once and refused with every problem named; secrets are never defaulted.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { ConfigError, loadConfig, parseRatePpm, parseTipPresets, resolveJwtSecret, type HostFacts } from "./config";

/** A machine as loadConfig sees it: a terminal or not, and its network interfaces. */
function host(stdoutIsTTY: boolean, addresses: { address: string; family: string; internal: boolean }[] = []): HostFacts {
	const lo = { address: "127.0.0.1", family: "IPv4", internal: true } as os.NetworkInterfaceInfo;
	return { stdoutIsTTY, networkInterfaces: () => ({ lo: [lo], eth0: addresses as unknown as os.NetworkInterfaceInfo[] }) };
}

describe("config", () => {
	it("defaults to embedded: port 3000, PGlite in ./data, every service, no transporter", () => {
		const c = loadConfig({});
		assert.equal(c.port, 3000);
		assert.equal(c.database.kind, "pglite");
		assert.equal(c.dataDir, path.resolve("./data"));
		assert.equal(c.transporter, undefined);
		assert.deepEqual(c.services, [
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
		]);
		assert.equal(c.currency, "USD");
		assert.equal(c.timezone, "UTC");
	});

	it("distributed without JWT_SECRET refuses to start", () => {
		assert.throws(
			() => loadConfig({ TRANSPORTER: "redis://127.0.0.1:6379", DATABASE_URL: "postgres://x@y/z" }),
			(err: unknown) => {
				assert.ok(err instanceof ConfigError);
				assert.match(err.message, /JWT_SECRET is required/);
				return true;
			},
		);
	});

	it("TRANSPORTER without DATABASE_URL is refused: nodes must not each open an embedded database", () => {
		assert.throws(
			() => loadConfig({ TRANSPORTER: "redis://127.0.0.1:6379", JWT_SECRET: "x".repeat(32) }),
			/DATABASE_URL is required with TRANSPORTER/,
		);
	});

	it("a stored secret left empty by a crash is replaced, not used", () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-cfg-"));
		try {
			fs.writeFileSync(path.join(dir, "jwt-secret"), "");
			assert.ok(resolveJwtSecret(loadConfig({ DATA_DIR: dir })).length >= 32);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});

	it("a short JWT_SECRET is refused", () => {
		assert.throws(() => loadConfig({ JWT_SECRET: "short" }), /at least 32 characters/);
	});

	it("a currency without cents is refused (money is kept in cents, and the apps show two decimals)", () => {
		assert.throws(() => loadConfig({ CURRENCY: "JPY" }), /CURRENCY JPY has 0 decimal places/);
		assert.throws(() => loadConfig({ CURRENCY: "KWD" }), /CURRENCY KWD has 3 decimal places/);
		assert.equal(loadConfig({ CURRENCY: "EUR" }).currency, "EUR");
	});

	it("reports every problem at once", () => {
		try {
			loadConfig({
				PORT: "http",
				SERVICES: "api,kitchn",
				TAX_RATE: "8%",
				TIMEZONE: "Mars/Olympus",
				CURRENCY: "dollars",
				LOG_LEVEL: "loud",
			});
			assert.fail("should have thrown");
		} catch (err) {
			assert.ok(err instanceof ConfigError);
			assert.equal(err.problems.length, 6, err.message);
		}
	});

	it("a redis TRANSPORTER doubles as REDIS_URL; another transporter needs REDIS_URL", () => {
		const base = { JWT_SECRET: "x".repeat(32), DATABASE_URL: "postgres://x@y/z" };
		assert.equal(loadConfig({ ...base, TRANSPORTER: "redis://127.0.0.1:6379" }).redisUrl, "redis://127.0.0.1:6379");
		assert.throws(() => loadConfig({ ...base, TRANSPORTER: "nats://127.0.0.1:4222" }), /REDIS_URL is required/);
	});

	it("SERVICES picks what a node runs; a node without auth needs no JWT secret", () => {
		const c = loadConfig({ SERVICES: "api", TRANSPORTER: "redis://127.0.0.1:6379", DATABASE_URL: "postgres://x@y/z" });
		assert.deepEqual(c.services, ["api"]);
	});

	it("rates parse exactly to parts per million", () => {
		assert.equal(parseRatePpm("0.0875"), 87_500);
		assert.equal(parseRatePpm("0.08875"), 88_750);
		assert.equal(parseRatePpm("0"), 0);
		assert.equal(parseRatePpm("1"), 1_000_000);
		assert.equal(parseRatePpm("1.5"), undefined);
		assert.equal(parseRatePpm("0.1234567"), undefined);
		assert.equal(parseRatePpm("-0.1"), undefined);
		assert.equal(loadConfig({ TAX_RATE: "0.2", SERVICE_CHARGE_RATE: "0.125" }).serviceChargeRatePpm, 125_000);
	});

	it("logs are pretty on a terminal and JSON anywhere else, unless LOG_FORMAT says which", () => {
		assert.equal(loadConfig({}, host(true)).logFormat, "pretty");
		assert.equal(loadConfig({}, host(false)).logFormat, "json");
		assert.equal(loadConfig({ LOG_FORMAT: "json" }, host(true)).logFormat, "json");
		assert.equal(loadConfig({ LOG_FORMAT: "Pretty" }, host(false)).logFormat, "pretty");
		assert.throws(() => loadConfig({ LOG_FORMAT: "yaml" }), /LOG_FORMAT must be one of pretty, json/);
	});

	it("the gateway logs requests unless LOG_REQUESTS=false", () => {
		assert.equal(loadConfig({}).logRequests, true);
		assert.equal(loadConfig({ LOG_REQUESTS: "false" }).logRequests, false);
		assert.equal(loadConfig({ LOG_REQUESTS: "0" }).logRequests, false);
		assert.throws(() => loadConfig({ LOG_REQUESTS: "sometimes" }), /LOG_REQUESTS must be true or false/);
	});

	it("guest links default to this machine's first network address, which phones can reach", () => {
		const lan = [
			{ address: "fe80::1", family: "IPv6", internal: false },
			{ address: "169.254.3.4", family: "IPv4", internal: false },
			{ address: "192.168.1.20", family: "IPv4", internal: false },
			{ address: "10.0.0.9", family: "IPv4", internal: false },
		];
		const c = loadConfig({ PORT: "8080" }, host(false, lan));
		assert.equal(c.publicUrl, "http://192.168.1.20:8080");
		assert.deepEqual(c.guestLink, { source: "network address", reachable: true });
	});

	it("guest links fall back to localhost only on a machine with no network address, and say a phone cannot open them", () => {
		const c = loadConfig({}, host(false, []));
		assert.equal(c.publicUrl, "http://localhost:3000");
		assert.deepEqual(c.guestLink, { source: "localhost", reachable: false });
	});

	it("PUBLIC_URL wins; a loopback one is marked unreachable and one that is no URL is refused", () => {
		const lan = [{ address: "192.168.1.20", family: "IPv4", internal: false }];
		const c = loadConfig({ PUBLIC_URL: "https://brigade.example.com/" }, host(false, lan));
		assert.equal(c.publicUrl, "https://brigade.example.com");
		assert.deepEqual(c.guestLink, { source: "PUBLIC_URL", reachable: true });
		assert.deepEqual(loadConfig({ PUBLIC_URL: "http://127.0.0.1:3000" }, host(false, lan)).guestLink, {
			source: "PUBLIC_URL",
			reachable: false,
		});
		assert.deepEqual(loadConfig({ PUBLIC_URL: "http://localhost:3000" }, host(false, lan)).guestLink, {
			source: "PUBLIC_URL",
			reachable: false,
		});
		assert.throws(() => loadConfig({ PUBLIC_URL: "brigade.local:3000" }), /PUBLIC_URL must be an http\(s\):\/\/ URL/);
	});

	it("the ops port is 9100 by default when distributed, and OPS_PORT set means exactly that port", () => {
		const base = { JWT_SECRET: "x".repeat(32), DATABASE_URL: "postgres://x@y/z", TRANSPORTER: "redis://127.0.0.1:6379" };
		const byDefault = loadConfig(base);
		const named = loadConfig({ ...base, OPS_PORT: "9100" });
		assert.deepEqual([byDefault.opsPort, byDefault.opsPortExplicit], [9100, false]);
		assert.deepEqual([named.opsPort, named.opsPortExplicit], [9100, true]);
		assert.equal(loadConfig({ ...base, OPS_PORT: "off" }).opsPort, undefined);
		assert.equal(loadConfig({}).opsPort, undefined);
	});

	it(".env.example lists every setting loadConfig reads", () => {
		const source = fs.readFileSync(path.resolve(__dirname, "config.ts"), "utf8");
		const read = new Set([...source.matchAll(/(?:str|int|bool|rate)\("([A-Z_]+)"|env\.([A-Z_]+)/g)].map(m => m[1] ?? m[2]));
		const example = fs.readFileSync(path.resolve(__dirname, "..", ".env.example"), "utf8");
		assert.ok(read.has("LOG_FORMAT") && read.has("PORT"));
		assert.deepEqual(
			[...read].filter(name => !new RegExp(`^#? ?${name}=`, "m").test(example)),
			[],
		);
	});

	it("embedded generates a JWT secret once, private to the owner, and keeps it across restarts", () => {
		const dir = fs.mkdtempSync(path.join(os.tmpdir(), "brigade-cfg-"));
		try {
			const c = loadConfig({ DATA_DIR: dir });
			const first = resolveJwtSecret(c);
			assert.ok(first.length >= 32);
			assert.equal(resolveJwtSecret(loadConfig({ DATA_DIR: dir })), first);
			assert.equal(fs.statSync(path.join(dir, "jwt-secret")).mode & 0o777, 0o600);
		} finally {
			fs.rmSync(dir, { recursive: true, force: true });
		}
	});
});

describe("TIP_PRESETS", () => {
	it("is a list of percentages, blanks and spaces ignored", () => {
		assert.deepEqual(parseTipPresets("10,15,20"), [10, 15, 20]);
		assert.deepEqual(parseTipPresets(" 12.5, 18 ,"), [12.5, 18]);
		assert.deepEqual(parseTipPresets(""), []);
	});

	it("refuses what is not a percentage above 0 and at most 100 with two decimals, or more than six", () => {
		for (const bad of ["0", "101", "ten", "-5", "12.345", "1,2,3,4,5,6,7"])
			assert.match(String(parseTipPresets(bad)), /^TIP_PRESETS must be/, bad);
	});
});
