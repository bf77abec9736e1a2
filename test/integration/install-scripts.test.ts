// A fresh `npm ci` runs no dependency's install script and warns about none: every package the lock says has
// one is decided in package.json's allowScripts (npm 11), so a new one cannot slip in unreviewed.
//   @scarf/scarf (via swagger-ui-dist): its postinstall reports the install to a third party. Denied, and
//     scarfSettings.enabled=false stops it under npm 10 too, which ignores allowScripts.
//   es5-ext (via moleculer-repl): its postinstall only prints a message in some time zones. Denied.
//   esbuild (via tsx): its postinstall checks the binary that its optional @esbuild/<platform> package already
//     ships, or downloads one. Denied: tsx finds the binary without it (the test below runs tsx).
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { EMBEDDED_PASS_ONLY } from "../helpers/passes";

const ROOT = path.resolve(__dirname, "..", "..");
const pkg = JSON.parse(fs.readFileSync(path.join(ROOT, "package.json"), "utf8")) as {
	allowScripts?: Record<string, boolean>;
	scarfSettings?: { enabled?: boolean };
};
const lock = JSON.parse(fs.readFileSync(path.join(ROOT, "package-lock.json"), "utf8")) as {
	packages: Record<string, { version?: string; hasInstallScript?: boolean }>;
};

/** allowScripts keys are `name` or `name@version`; the entry deciding a package at a version, if any. */
function decision(name: string, version: string): boolean | undefined {
	const rules = pkg.allowScripts ?? {};
	return rules[`${name}@${version}`] ?? rules[name];
}

describe("dependencies' install scripts", { skip: EMBEDDED_PASS_ONLY }, () => {
	const withScripts = Object.entries(lock.packages)
		.filter(([p, meta]) => p && meta.hasInstallScript)
		.map(([p, meta]) => ({ name: p.slice(p.lastIndexOf("node_modules/") + "node_modules/".length), version: meta.version ?? "" }));

	it("every package in the lock with an install script is approved or denied in allowScripts", () => {
		assert.ok(withScripts.length > 0, "the lock marks packages with install scripts (hasInstallScript)");
		const undecided = withScripts.filter(p => decision(p.name, p.version) === undefined).map(p => `${p.name}@${p.version}`);
		assert.deepEqual(undecided, [], "decide each in package.json allowScripts (npm install-scripts approve|deny <name>)");
	});

	it("the install-time telemetry of @scarf/scarf never runs", () => {
		assert.equal(pkg.allowScripts?.["@scarf/scarf"], false);
		assert.equal(pkg.scarfSettings?.enabled, false, "scarfSettings.enabled=false: npm 10 ignores allowScripts");
	});

	it("npm itself finds no install script left unreviewed in the installed tree", () => {
		const out = execFileSync("npm", ["install-scripts", "ls", "--json"], { cwd: ROOT, encoding: "utf8" });
		assert.deepEqual((JSON.parse(out) as { allowScripts: unknown[] }).allowScripts, []);
	});

	it("tsx runs TypeScript without esbuild's postinstall", () => {
		const out = execFileSync(path.join(ROOT, "node_modules", ".bin", "tsx"), ["-e", "const n: number = 6 * 7; console.log(n)"], {
			cwd: ROOT,
			encoding: "utf8",
		});
		assert.equal(out.trim(), "42");
	});
});
