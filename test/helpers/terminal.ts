// Runs a command on a real pseudo-terminal, as a person in a shell does: util-linux `script` gives it a pty, so
// process.stdout.isTTY and process.stdin.isTTY are true, and what we write reaches it as typed keys.
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import path from "node:path";

export const HAS_SCRIPT = spawnSync("script", ["--version"]).status === 0;
export const scriptSkip = HAS_SCRIPT ? false : "no util-linux `script` on PATH to give the command a terminal";

export class TerminalProcess {
	private text = "";
	private readonly child: ChildProcess;
	readonly exited: Promise<number | null>;

	/** `command` runs in the repository's folder through sh. */
	constructor(command: string, env: Record<string, string>) {
		// -e: script exits with the command's code; -f: flush as it comes; -q: no "Script started" banner.
		this.child = spawn("script", ["-qefc", command, "/dev/null"], {
			cwd: path.resolve(__dirname, "..", ".."),
			env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", TERM: "xterm-256color", ...env },
			stdio: ["pipe", "pipe", "pipe"],
		});
		const add = (chunk: Buffer) => (this.text += chunk.toString());
		this.child.stdout!.on("data", add);
		this.child.stderr!.on("data", add);
		this.exited = new Promise(resolve => this.child.on("exit", code => resolve(code)));
	}

	/** Everything the terminal showed so far, colours removed, lines ending in \n. */
	get output(): string {
		// biome-ignore lint/suspicious/noControlCharactersInRegex: a terminal's escape sequences start with ESC
		return this.text.replace(/\u001b\[[0-9;?]*[A-Za-z]/g, "").replace(/\r\n?/g, "\n");
	}

	async waitFor(re: RegExp, ms = 60_000): Promise<RegExpMatchArray> {
		const deadline = Date.now() + ms;
		for (;;) {
			const m = re.exec(this.output);
			if (m) return m;
			if (this.child.exitCode !== null) throw new Error(`exited (${this.child.exitCode}) before showing ${re}:\n${this.output}`);
			if (Date.now() > deadline) throw new Error(`nothing matched ${re} in ${ms} ms:\n${this.output}`);
			await new Promise(r => setTimeout(r, 100));
		}
	}

	/** Keys typed at the terminal ("\r" is Enter, "\u0003" is Ctrl-C). */
	type(keys: string): void {
		this.child.stdin!.write(keys);
	}

	/** Ctrl-C, as a person stops the server; SIGKILL if it has not ended within `ms`. */
	async interrupt(ms = 20_000): Promise<number | null> {
		if (this.child.exitCode !== null) return this.child.exitCode;
		this.type("\u0003");
		const timer = setTimeout(() => this.child.kill("SIGKILL"), ms);
		const code = await this.exited;
		clearTimeout(timer);
		return code;
	}
}
