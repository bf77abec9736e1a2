// Starts a local multi-node cluster: one process per node group, each with its own SERVICES, all
// meeting over TRANSPORTER and sharing DATABASE_URL. Ctrl-C (or SIGTERM) stops every node.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { SERVICE_NAMES } from "../lib/config";

// How services are grouped onto nodes; a group whose services are not built yet is left out.
const GROUPS: Record<string, string[]> = {
	gateway: ["api"],
	floor: ["table", "menu", "order", "guest"],
	kitchen: ["kitchen", "device"],
	office: ["auth", "approval", "billing", "drawer", "reporting", "notification", "mail"],
};

const missing = ["DATABASE_URL", "TRANSPORTER", "JWT_SECRET"].filter(v => !process.env[v]);
if (missing.length) {
	console.error(`npm run cluster needs ${missing.join(", ")}. For example:
  DATABASE_URL=postgres://postgres@127.0.0.1:5432/brigade TRANSPORTER=redis://127.0.0.1:6379 \\
  JWT_SECRET=$(openssl rand -base64 48) npm run cluster`);
	process.exit(78);
}

const entry = path.resolve(__dirname, "brigade.ts");
const children: ChildProcess[] = [];
let stopping = false;

/**
 * Each node's ops endpoint (/health/*, /metrics) on its own port: OPS_PORT + 1, + 2, … (9101 to 9104 by
 * default); free ports when OPS_PORT=0 or PORT=0 (tests); none when OPS_PORT=off.
 */
function opsPortOf(index: number): string {
	const raw = process.env.OPS_PORT?.trim();
	if (raw === "off" || raw === "0") return raw;
	if (!raw && process.env.PORT?.trim() === "0") return "0";
	const base = Number(raw || 9100);
	return Number.isInteger(base) ? String(base + index + 1) : raw!;
}

for (const [index, [name, services]] of Object.entries(GROUPS).entries()) {
	const run = services.filter(s => (SERVICE_NAMES as readonly string[]).includes(s));
	if (!run.length) continue;
	const child = spawn(process.execPath, ["--import", "tsx", entry], {
		env: {
			...process.env,
			SERVICES: run.join(","),
			// The nodes write to this process, not to the terminal: they log readable lines when it is one.
			...(!process.env.LOG_FORMAT && process.stdout.isTTY && { LOG_FORMAT: "pretty" }),
			OPS_PORT: opsPortOf(index),
			...(process.env.NODE_ID && { NODE_ID: `${process.env.NODE_ID}-${name}` }),
		},
		stdio: ["ignore", "pipe", "pipe"],
	});
	for (const stream of [child.stdout!, child.stderr!]) {
		let buf = "";
		stream.on("data", (chunk: Buffer) => {
			buf += chunk.toString();
			for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
				process.stdout.write(`[${name}] ${buf.slice(0, i)}\n`);
				buf = buf.slice(i + 1);
			}
		});
	}
	child.on("exit", code => {
		process.stdout.write(`[${name}] exited with ${code}\n`);
		if (!stopping) stop(1);
	});
	children.push(child);
}

function stop(code: number): void {
	if (stopping) return;
	stopping = true;
	for (const c of children) c.kill("SIGTERM");
	let left = children.filter(c => c.exitCode === null).length;
	if (!left) process.exit(code);
	for (const c of children) c.once("exit", () => --left === 0 && process.exit(code));
	setTimeout(() => process.exit(code), 15_000).unref();
}

process.on("SIGINT", () => stop(0));
process.on("SIGTERM", () => stop(0));
