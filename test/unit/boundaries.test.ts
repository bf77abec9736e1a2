// The layers' borders, read from every import in the tree: a service reaches another only through contracts/
// and the bus, the platform (lib/, mixins/, moleculer.config.ts) knows no service, contracts/ knows nothing else.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import fs from "node:fs";
import path from "node:path";

const ROOT = path.resolve(__dirname, "..", "..");
/** Files that put the services together into a node: they may name every service's entry file. */
const COMPOSITION_ROOT = new Set(["services/index.ts", "services/node.ts"]);

/** Where a repository path sits: a layer, and for services/<name>/… the service it belongs to. */
function placeOf(file: string): { layer: string; service?: string } {
	const parts = file.split("/");
	if (parts[0] === "services" && parts.length > 2) return { layer: "services", service: parts[1] };
	if (parts[0] === "moleculer.config.ts") return { layer: "lib" };
	return { layer: parts[0] };
}

/** Why an import from `from` of `to` (both repository paths, without extension) crosses a border; null when it does not. */
export function borderCrossed(from: string, to: string): string | null {
	const source = placeOf(from);
	const target = placeOf(to);
	if (source.layer === "contracts" && target.layer !== "contracts") return "contracts/ depends on nothing but itself";
	if ((source.layer === "lib" || source.layer === "mixins") && target.layer === "services")
		return "the platform layer never imports a service";
	if (source.layer === "services" && target.service) {
		if (COMPOSITION_ROOT.has(from))
			return /^services\/([a-z-]+)\/\1\.service$/.test(to) ? null : "the composition root names a service's entry file only";
		if (source.service !== target.service)
			return `a service imports another service only through contracts/ (services/${source.service} → services/${target.service})`;
	}
	return null;
}

const SPECIFIER = /(?:\bfrom\s*|\bimport\s*\(\s*|\brequire\s*\(\s*|^\s*import\s+)["'](\.{1,2}\/[^"']+)["']/gm;

function sourceFiles(dir: string): string[] {
	return fs.readdirSync(path.join(ROOT, dir), { withFileTypes: true }).flatMap(entry => {
		const rel = path.posix.join(dir, entry.name);
		if (entry.isDirectory()) return sourceFiles(rel);
		return /\.ts$/.test(entry.name) && !/\.test\.ts$/.test(entry.name) ? [rel] : [];
	});
}

function importsOf(file: string): string[] {
	const text = fs.readFileSync(path.join(ROOT, file), "utf8");
	return [...text.matchAll(SPECIFIER)].map(m =>
		path.posix.normalize(path.posix.join(path.posix.dirname(file), m[1])).replace(/\.(ts|js)$/, ""),
	);
}

describe("layer borders", () => {
	it("refuses an import from one service into another's internals", () => {
		assert.match(
			borderCrossed("services/billing/billing.service.ts", "services/order/rules") ?? "",
			/services\/billing → services\/order/,
		);
		assert.match(borderCrossed("services/api/pushes.ts", "services/kitchen/kitchen.service") ?? "", /only through contracts/);
	});

	it("refuses the platform layer importing a service, and contracts/ importing anything outside it", () => {
		assert.ok(borderCrossed("lib/metrics.ts", "services/order/repository"));
		assert.ok(borderCrossed("mixins/db.mixin.ts", "services/api/pushes"));
		assert.ok(borderCrossed("moleculer.config.ts", "services/index"));
		assert.ok(borderCrossed("contracts/events/order.ts", "lib/money"));
	});

	it("lets a service use contracts/, the platform and its own files, and the composition root name service entry files", () => {
		assert.equal(borderCrossed("services/billing/billing.service.ts", "contracts/index"), null);
		assert.equal(borderCrossed("services/billing/billing.service.ts", "mixins/db.mixin"), null);
		assert.equal(borderCrossed("services/billing/billing.service.ts", "services/billing/rules"), null);
		assert.equal(borderCrossed("services/index.ts", "services/billing/billing.service"), null);
		assert.ok(borderCrossed("services/index.ts", "services/billing/repository"));
	});

	it("holds over every source file in the tree", () => {
		const files = ["moleculer.config.ts", ...["contracts", "lib", "mixins", "services", "bin"].flatMap(sourceFiles)];
		assert.ok(files.length > 40, `found only ${files.length} source files`);
		const crossings = files.flatMap(file =>
			importsOf(file)
				.map(to => ({ to, why: borderCrossed(file, to) }))
				.filter(c => c.why)
				.map(c => `${file} imports ${c.to}: ${c.why}`),
		);
		assert.deepEqual(crossings, []);
	});
});
