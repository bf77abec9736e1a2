// `npm start`: the compiled node in dist/ (built by `npm install` or `npm run build`) when it matches the sources,
// else the TypeScript itself under tsx. The same server either way; the compiled one skips transpiling on every start.
// Plain JavaScript, so that choosing costs no compiler.
const fs = require("node:fs");
const path = require("node:path");
const { ROOT, DIST, SOURCES } = require("./build-layout");

/** Source path (relative, .ts) → compiled path (relative, .js) for every file of `dir` that the build compiles. */
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
 * True when dist/ holds one .js per source .ts, none older than its source, and the link to public/: a file added,
 * edited or deleted since the last build sends `npm start` to the sources, never to an old copy of them.
 */
function distIsCurrent() {
	if (!fs.existsSync(path.join(DIST, "public"))) return false;
	for (const source of SOURCES) {
		const from = path.join(ROOT, source);
		const to = path.join(DIST, source).replace(/\.ts$/, ".js");
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

if (process.env.BRIGADE_FROM_SOURCES !== "1" && distIsCurrent()) {
	require(path.join(DIST, "bin", "brigade.js"));
} else {
	// As `node --import tsx` registers it (ESM and CommonJS), so a dynamic import() in the sources resolves too.
	import("tsx").then(() => require("./brigade.ts"));
}
