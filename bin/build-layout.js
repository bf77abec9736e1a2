// What `npm run build` compiles into dist/ (tsconfig.build.json's include), and whether dist/ still matches it:
// shared by bin/build.js and bin/start.js.
const fs = require("node:fs");
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
const SOURCES = ["moleculer.config.ts", "bin", "contracts", "lib", "mixins", "services", "migrations"];

/** Every file under `dir` ending in `ext` that the build compiles or emits (tests and declarations aside), with its modification time. */
function compiled(dir, ext, into = new Map()) {
	let entries;
	try {
		entries = fs.readdirSync(dir, { withFileTypes: true });
	} catch (err) {
		if (err.code === "ENOENT") return into;
		throw err;
	}
	for (const e of entries) {
		const file = path.join(dir, e.name);
		if (e.isDirectory()) compiled(file, ext, into);
		else if (e.name.endsWith(ext) && !e.name.endsWith(".d.ts") && !e.name.endsWith(`.test${ext}`))
			into.set(file, fs.statSync(file).mtimeMs);
	}
	return into;
}

/**
 * True when `root`/dist/ holds one .js per source .ts, none older than its source, and the link to public/: a file added,
 * edited or deleted since the last build sends `npm start` to the sources, never to an old copy of them.
 */
function distIsCurrent(root = ROOT) {
	const dist = path.join(root, "dist");
	if (!fs.existsSync(path.join(dist, "public"))) return false;
	for (const source of SOURCES) {
		const from = path.join(root, source);
		const to = path.join(dist, source).replace(/\.ts$/, ".js");
		const ts = source.endsWith(".ts") ? new Map([[from, mtimeOf(from)]]) : compiled(from, ".ts");
		const js = source.endsWith(".ts") ? new Map([[to, mtimeOf(to)]]) : compiled(to, ".js");
		if (ts.size !== js.size) return false;
		for (const [file, mtime] of ts) {
			const built = js.get(to + file.slice(from.length).replace(/\.ts$/, ".js"));
			if (built === undefined || built < mtime) return false;
		}
	}
	return true;
}

function mtimeOf(file) {
	try {
		return fs.statSync(file).mtimeMs;
	} catch {
		return undefined;
	}
}

module.exports = { ROOT, DIST: path.join(ROOT, "dist"), SOURCES, distIsCurrent };
