// Runs Brigade as a real process (the newcomer's `npm start`, or `npm run cluster`) and reads its JSON log.
import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";

export interface LogLine {
	level: number;
	msg: string;
	[key: string]: unknown;
}

export class NodeProcess {
	readonly lines: LogLine[] = [];
	readonly raw: string[] = [];
	readonly exited: Promise<number | null>;
	private readonly child: ChildProcess;
	private waiters: (() => void)[] = [];

	constructor(script: string, env: Record<string, string>) {
		this.child = spawn(process.execPath, ["--import", "tsx", path.resolve(__dirname, "../../bin", script)], {
			env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
			stdio: ["ignore", "pipe", "pipe"],
		});
		let buf = "";
		const onData = (chunk: Buffer) => {
			buf += chunk.toString();
			for (let i = buf.indexOf("\n"); i >= 0; i = buf.indexOf("\n")) {
				const line = buf.slice(0, i);
				buf = buf.slice(i + 1);
				this.raw.push(line);
				const json = line.slice(line.indexOf("{"));
				try {
					this.lines.push(JSON.parse(json) as LogLine);
				} catch {
					/* a non-JSON line (npm, a stack trace): kept in raw */
				}
				for (const w of this.waiters) w();
			}
		};
		this.child.stdout!.on("data", onData);
		this.child.stderr!.on("data", onData);
		this.exited = new Promise(resolve => this.child.on("exit", code => resolve(code)));
	}

	/** Waits for a log line whose message matches, and returns the match. */
	async waitFor(re: RegExp, ms = 30_000): Promise<RegExpMatchArray> {
		const deadline = Date.now() + ms;
		for (;;) {
			for (const l of this.lines) {
				const m = re.exec(l.msg);
				if (m) return m;
			}
			if (this.child.exitCode !== null)
				throw new Error(`process exited (${this.child.exitCode}) before logging ${re}:\n${this.raw.slice(-30).join("\n")}`);
			if (Date.now() > deadline) throw new Error(`no log line matched ${re} in ${ms} ms:\n${this.raw.slice(-30).join("\n")}`);
			await new Promise<void>(r => {
				const t = setTimeout(r, 200);
				this.waiters.push(() => {
					clearTimeout(t);
					r();
				});
			});
			this.waiters = [];
		}
	}

	/** kill -9: no shutdown hooks, no goodbye to the cluster, as when a machine dies. */
	async kill(): Promise<void> {
		if (this.child.exitCode !== null || this.child.signalCode !== null) return;
		this.child.kill("SIGKILL");
		await this.exited;
	}

	/** Sends SIGTERM and resolves with the exit code. */
	async stop(ms = 15_000): Promise<number | null> {
		if (this.child.exitCode !== null) return this.child.exitCode;
		this.child.kill("SIGTERM");
		const timer = setTimeout(() => this.child.kill("SIGKILL"), ms);
		const code = await this.exited;
		clearTimeout(timer);
		return code;
	}
}
