// The files the browser loads: the apps in public/ and, under /vendor, the browser builds they import from
// node_modules (no CDN, no build step).
import fs from "node:fs";
import path from "node:path";
import type { IncomingMessage, ServerResponse } from "node:http";

/** URL under /vendor → the package file a browser loads (the import map in each page names these). */
const BROWSER_MODULES: Record<string, string> = {
	"preact.mjs": "preact/dist/preact.mjs",
	"preact-hooks.mjs": "preact/hooks/dist/hooks.mjs",
	"htm.mjs": "htm/dist/htm.mjs",
	"htm-preact.mjs": "htm/preact/index.mjs",
	"socket.io.esm.min.js": "socket.io-client/dist/socket.io.esm.min.js",
	"chart.umd.min.js": "chart.js/dist/chart.umd.min.js",
};

/** moleculer-web's `assets`: the apps in public/, two levels up both here and in the build (dist/services/api → dist/public). */
export const publicAssets = { folder: path.resolve(__dirname, "..", "..", "public"), options: { index: "index.html" } };

/** The apps in public/ import these browser builds from node_modules. */
export const vendorRoute = {
	name: "vendor",
	path: "/vendor",
	use: [serveVendor(BROWSER_MODULES)],
	mappingPolicy: "restrict",
	bodyParsers: { json: false, urlencoded: false },
};

/** Serves exactly the files named in `modules` (resolved once, at start), cached by the browser for a day. */
function serveVendor(modules: Record<string, string>) {
	const files = new Map(Object.entries(modules).map(([name, spec]) => [`/${name}`, packageFile(spec)]));
	return (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => {
		const file = files.get((req.url ?? "").split("?")[0]);
		if (!file || (req.method !== "GET" && req.method !== "HEAD")) return next();
		res.writeHead(200, { "Content-Type": "text/javascript; charset=utf-8", "Cache-Control": "public, max-age=86400" });
		if (req.method === "HEAD") return res.end();
		fs.createReadStream(file).on("error", next).pipe(res);
	};
}

/** A file inside an installed package, found the way Node finds the package (its `exports` would hide dist files). */
function packageFile(spec: string): string {
	const pkg = spec.split("/")[0];
	const found = (require.resolve.paths(pkg) ?? []).map(dir => path.join(dir, spec)).find(file => fs.existsSync(file));
	if (!found) throw new Error(`${spec} is missing: run npm install`);
	return found;
}
