// Sets a user's password from the command line, for an admin locked out: `npm run set-password -- <username>`.
// Reads the new password from a prompt that does not echo it (or from stdin when piped), or makes one with
// --generate and prints it once. Every session of the user ends. It runs the auth service's own code on the
// server's database (DATA_DIR, or DATABASE_URL while the cluster keeps running), with the server's settings.
import os from "node:os";
import { parseArgs } from "node:util";
import { read } from "read";
import { ConfigError, loadConfig, StartupError, type Config } from "../lib/config";
import { createNode } from "../services/node";
import { createRuntime } from "../lib/runtime";
import { loggerOptions } from "../lib/logging";
import * as repo from "../services/auth/repository";
import { generatePassword, passwordProblem } from "../services/auth/passwords";
import type { User } from "../contracts";

const USAGE = `Usage: npm run set-password -- <username> [--generate]

Sets the password of <username> and ends every session the user has (tokens stolen with the old one die too).
  The new password is asked twice without echo, or read from stdin when stdin is not a terminal:
    echo 'a-new-password' | npm run set-password -- admin
  --generate   make a random password and print it once
Run it with the server's settings: DATA_DIR (embedded; stop the server first) or DATABASE_URL, REDIS_URL or
TRANSPORTER, and JWT_SECRET (distributed; the cluster keeps running).`;

/** What goes wrong for the operator: said in one sentence, exit code 1 (78 for configuration). */
class Refusal extends Error {
	constructor(
		message: string,
		public readonly exitCode = 1,
	) {
		super(message);
	}
}

async function main(): Promise<void> {
	const { values, positionals } = parseArgs({
		allowPositionals: true,
		options: { generate: { type: "boolean", default: false }, help: { type: "boolean", short: "h", default: false } },
	});
	if (values.help) return void console.log(USAGE);
	if (positionals.length !== 1) throw new Refusal(`Name one user.\n\n${USAGE}`, 64);
	const username = positionals[0].trim().toLowerCase();

	let config: Config;
	try {
		// Only auth runs here, in this process alone: it joins no cluster and opens no port.
		const loaded = loadConfig({ ...process.env, SERVICES: "auth", OPS_PORT: "off" });
		config = { ...loaded, transporter: undefined, nodeID: `set-password-${os.hostname()}-${process.pid}` };
	} catch (err) {
		if (err instanceof ConfigError) throw new Refusal(err.message, 78);
		throw err;
	}

	await userMustExist(config, username);
	const password = values.generate ? generatePassword() : await askPassword();

	const broker = createNode(config, {
		logger: loggerOptions({ logLevel: "error", logFormat: "pretty" }),
		skipProcessEventRegistration: true,
		channels: false,
	});
	let result: { user: User; sessionsEnded: number };
	try {
		await broker.start();
		result = await broker.call("auth.setPassword", { username, password });
	} finally {
		await broker.stop();
	}
	const { user, sessionsEnded } = result;
	console.log(`The password of "${user.username}" is changed; ${sessionsEnded} session(s) ended.`);
	if (values.generate) console.log(`New password: ${password}\nIt is shown only this once.`);
	if (!user.isActive)
		console.log(`"${user.username}" is deactivated and still cannot sign in: an admin can reactivate the account under Users.`);
}

/** Before the auth service starts: it would create a first admin in a database with no users. */
async function userMustExist(config: Config, username: string): Promise<void> {
	const runtime = createRuntime(config);
	try {
		const t = (name: string) => runtime.db()(name).withSchema("auth");
		const hasUsers = await runtime
			.db()
			.raw("select to_regclass('auth.users') is not null as ok")
			.then(r => Boolean((r as { rows: { ok: boolean }[] }).rows[0]?.ok));
		const users = hasUsers ? await repo.listUsers(t) : [];
		if (!users.length) throw new Refusal("There are no users yet: start Brigade once and it creates the first admin.");
		if (!users.some(u => u.username === username)) {
			throw new Refusal(`There is no user "${username}". Users: ${users.map(u => u.username).join(", ")}.`);
		}
	} finally {
		await runtime.close();
	}
}

/** Twice without echo at a terminal; the first line of stdin otherwise. */
async function askPassword(): Promise<string> {
	let password: string;
	if (process.stdin.isTTY) {
		password = await read({ prompt: "New password: ", silent: true, replace: "", output: process.stderr });
		const problem = passwordProblem(password);
		if (problem) throw new Refusal(problem);
		const again = await read({ prompt: "Again: ", silent: true, replace: "", output: process.stderr });
		if (again !== password) throw new Refusal("The two passwords differ; nothing was changed.");
	} else {
		let input = "";
		for await (const chunk of process.stdin) input += String(chunk);
		password = input.split(/\r?\n/)[0] ?? "";
	}
	const problem = passwordProblem(password);
	if (problem) throw new Refusal(`${problem}; nothing was changed.`);
	return password;
}

main().catch(err => {
	if (err instanceof Refusal) {
		console.error(err.message);
		process.exit(err.exitCode);
	}
	console.error(err instanceof StartupError ? err.message : err);
	process.exit(1);
});
