// `npm start`: the compiled node in dist/ (built by `npm install` or `npm run build`) when it matches the sources,
// else the TypeScript itself under tsx. The same server either way; the compiled one skips transpiling on every start.
// Plain JavaScript, so that choosing costs no compiler.
const path = require("node:path");
const { DIST, distIsCurrent } = require("./build-layout");

if (process.env.BRIGADE_FROM_SOURCES !== "1" && distIsCurrent()) {
	require(path.join(DIST, "bin", "brigade.js"));
} else {
	// As `node --import tsx` registers it (ESM and CommonJS), so a dynamic import() in the sources resolves too.
	import("tsx").then(() => require("./brigade.ts"));
}
