// Embedded PostgreSQL (PGlite) keeps DATA_DIR's database in one process's memory and writes it back: a second
// process opening the same folder would lose or corrupt writes without any error. The first process to open it
// records its pid in DATA_DIR/brigade.pid; another live process finds it there and is refused, while a file left
// by a process that died (kill -9, a power cut) is taken over.
import fs from "node:fs";
import path from "node:path";
import { StartupError } from "./config";

export class DataDirInUseError extends StartupError {
	constructor(
		public readonly dataDir: string,
		public readonly pid: number,
	) {
		super(
			`Another Brigade process (pid ${pid}) is using DATA_DIR ${dataDir}: embedded PostgreSQL serves one process at a time, ` +
				`so stop that one first (or, if no Brigade is running, delete ${path.join(dataDir, PID_FILE)})`,
		);
		this.name = "DataDirInUseError";
	}
}

const PID_FILE = "brigade.pid";
/** Handles per folder in this process: nodes of one process may share a folder (tests restart on the same data). */
const held = new Map<string, number>();

/** Takes DATA_DIR for this process, or throws DataDirInUseError; the returned function lets it go. */
export function lockDataDir(dataDir: string): () => void {
	const file = path.join(dataDir, PID_FILE);
	fs.mkdirSync(dataDir, { recursive: true });
	for (let attempt = 0; !held.has(file); attempt++) {
		try {
			fs.writeFileSync(file, `${process.pid}\n`, { flag: "wx" });
			break;
		} catch (err) {
			if ((err as NodeJS.ErrnoException).code !== "EEXIST" || attempt > 2) throw err;
		}
		const owner = ownerOf(file);
		if (owner === undefined) continue; // removed meanwhile: try again
		if (owner === process.pid) break;
		if (Number.isInteger(owner) && owner > 0 && isAlive(owner)) throw new DataDirInUseError(dataDir, owner);
		// Left by a process that is gone (or cut short while written): remove it and try to create it again.
		fs.rmSync(file, { force: true });
	}
	held.set(file, (held.get(file) ?? 0) + 1);
	let released = false;
	return () => {
		if (released) return;
		released = true;
		const left = (held.get(file) ?? 1) - 1;
		if (left > 0) return void held.set(file, left);
		held.delete(file);
		if (ownerOf(file) === process.pid) fs.rmSync(file, { force: true });
	};
}

/** The pid the file names (NaN when cut short), or undefined when there is no file. */
function ownerOf(file: string): number | undefined {
	try {
		return Number.parseInt(fs.readFileSync(file, "utf8"), 10);
	} catch (err) {
		if ((err as NodeJS.ErrnoException).code === "ENOENT") return undefined;
		throw err;
	}
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (err) {
		// EPERM: it exists but belongs to another user.
		return (err as NodeJS.ErrnoException).code === "EPERM";
	}
}
