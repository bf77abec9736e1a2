// `npm run build`: TypeScript → dist/ from scratch (no file of a deleted source left behind), dist/public as a link
// to public/ (where the compiled gateway looks for the apps) and the database template (bin/build-template.ts).
// `npm install` runs it with --if-possible: a type error or a missing compiler then leaves `npm start` on the
// sources (bin/start.js) instead of failing the install.
const fs = require("node:fs");
const path = require("node:path");
const { spawnSync } = require("node:child_process");
const { ROOT, DIST } = require("./build-layout");

const lenient = process.argv.includes("--if-possible");

function build() {
	fs.rmSync(DIST, { recursive: true, force: true });
	const tsc = spawnSync(process.execPath, [require.resolve("typescript/bin/tsc"), "-p", path.join(ROOT, "tsconfig.build.json")], {
		cwd: ROOT,
		stdio: "inherit",
	});
	// The Docker image's build stage has no public/ and copies it into dist/public itself.
	const publicDir = path.join(ROOT, "public");
	if (fs.existsSync(publicDir) && fs.existsSync(DIST)) {
		// A junction on Windows (no privilege needed); a relative link elsewhere, so the checkout may move.
		if (process.platform === "win32") fs.symlinkSync(publicDir, path.join(DIST, "public"), "junction");
		else fs.symlinkSync(path.join("..", "public"), path.join(DIST, "public"));
	}
	// The database a new DATA_DIR starts from (lib/db.ts); without it a first start runs initdb, as the sources do.
	const template = path.join(DIST, "bin", "build-template.js");
	if (fs.existsSync(template) && spawnSync(process.execPath, [template], { cwd: ROOT, stdio: "inherit" }).status !== 0) {
		console.warn("Brigade: no database template in dist/; a first start creates its database (a few seconds more)");
	}
	return tsc.status ?? 1;
}

let status;
try {
	status = build();
} catch (err) {
	if (!lenient) throw err;
	console.warn(`Brigade: no compiled build (${err.message}); npm start runs the TypeScript sources`);
	status = 0;
}
process.exit(lenient ? 0 : status);
