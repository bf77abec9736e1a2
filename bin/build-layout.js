// What `npm run build` compiles into dist/ (tsconfig.build.json's include), shared by bin/build.js and bin/start.js.
const path = require("node:path");

const ROOT = path.resolve(__dirname, "..");
module.exports = {
	ROOT,
	DIST: path.join(ROOT, "dist"),
	SOURCES: ["moleculer.config.ts", "bin", "contracts", "lib", "mixins", "services", "migrations"],
};
