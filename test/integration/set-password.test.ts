// `npm run set-password -- <username>` for a locked-out admin: the real command against the server's data (DATA_DIR
// with the server stopped, or DATABASE_URL with the cluster running), then the real gateway: the new password
// signs in, the old one and every old session (refresh and access tokens) are refused.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import path from "node:path";
import { ADMIN, createStorage, DISTRIBUTED, MODE, testEnv, type Storage } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { NodeProcess } from "../helpers/process";
import { scriptSkip, TerminalProcess } from "../helpers/terminal";
import { until } from "../helpers/wait";

const ROOT = path.resolve(__dirname, "..", "..");

interface Run {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** The command as an operator runs it, with `input` on stdin (piped, not a terminal). */
function setPassword(args: string[], env: Record<string, string>, input = ""): Promise<Run> {
	return new Promise((resolve, reject) => {
		const child = spawn(process.execPath, ["--import", "tsx", "bin/set-password.ts", ...args], {
			cwd: ROOT,
			env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
			stdio: ["pipe", "pipe", "pipe"],
		});
		let stdout = "";
		let stderr = "";
		child.stdout.on("data", d => (stdout += d));
		child.stderr.on("data", d => (stderr += d));
		child.on("error", reject);
		child.on("exit", code => resolve({ code, stdout, stderr }));
		child.stdin.end(input);
	});
}

describe(`npm run set-password — ${MODE}`, () => {
	let storage: Storage;
	let env: Record<string, string>;
	let server: { node: NodeProcess; http: Client } | undefined;
	const cook = { username: "cook", password: "cook-password-1" };

	/** The server, started if it is not running. */
	async function up(): Promise<Client> {
		if (!server) {
			const node = new NodeProcess("brigade.ts", env);
			const [, url] = await node.waitFor(/listening on (http:\/\/localhost:\d+)/, 60_000);
			await node.waitFor(/is up/, 60_000);
			server = { node, http: client(url.replace("localhost", "127.0.0.1")) };
		}
		return server.http;
	}

	/** Embedded, the server must be stopped before the command runs; a cluster keeps running. */
	async function downIfEmbedded(): Promise<void> {
		if (DISTRIBUTED || !server) return;
		assert.equal(await server.node.stop(), 0);
		server = undefined;
	}

	before(async () => {
		storage = await createStorage();
		env = testEnv(storage, { LOG_LEVEL: "info" });
	});
	after(async () => {
		await server?.node.stop();
		await storage?.destroy();
	});

	it("a password from stdin signs in; the old password, its refresh token and its access token are refused", async () => {
		let http = await up();
		const old = await http.login(ADMIN.username, ADMIN.password);
		const admin = old.accessToken;
		// A deactivated account, for the test below: its password changes, the account stays deactivated.
		const made = await http.post("/api/v1/auth/register", { ...cook, fullName: "Cook", role: "kitchen" }, { token: admin });
		assert.equal(made.status, 201);
		assert.equal((await http.patch(`/api/v1/auth/users/${made.body.id}`, { isActive: false }, { token: admin })).status, 200);

		if (!DISTRIBUTED) {
			const refused = await setPassword(["admin"], env, "new-password-1\n");
			assert.equal(refused.code, 1, refused.stdout + refused.stderr);
			assert.match(
				refused.stderr.trim(),
				/^Another Brigade process \(pid \d+\) is using DATA_DIR \S+: embedded PostgreSQL serves one process at a time, so stop that one first/,
			);
			assert.equal((await http.login(ADMIN.username, ADMIN.password)).user.username, "admin", "nothing changed");
		}

		await downIfEmbedded();
		const run = await setPassword(["admin"], env, "new-password-1\n");
		assert.equal(run.code, 0, run.stdout + run.stderr);
		assert.match(run.stdout, /^The password of "admin" is changed; [1-9]\d* session\(s\) ended\.$/m);
		assert.doesNotMatch(run.stdout + run.stderr, /new-password-1/, "the password is not printed back");

		http = await up();
		assert.equal((await http.post("/api/v1/auth/login", ADMIN)).status, 401, "the old password");
		assert.equal((await http.post("/api/v1/auth/refresh", { refreshToken: old.refreshToken })).status, 401, "the old refresh token");
		assert.equal((await http.get("/api/v1/auth/profile", { token: old.accessToken })).status, 401, "the old access token");
		const now = await http.login("admin", "new-password-1");
		assert.equal((await http.get("/api/v1/auth/profile", { token: now.accessToken })).status, 200);
	});

	it("--generate prints a new password once, which signs in", async () => {
		await downIfEmbedded();
		const run = await setPassword(["Admin", "--generate"], env);
		assert.equal(run.code, 0, run.stdout + run.stderr);
		const [, password] = /^New password: (\S{16})$/m.exec(run.stdout) ?? [];
		assert.ok(password, run.stdout);
		const http = await up();
		assert.equal((await http.post("/api/v1/auth/login", { username: "admin", password: "new-password-1" })).status, 401);
		await http.login("admin", password);
	});

	it("at a terminal it asks twice and shows nothing of what is typed", { skip: scriptSkip }, async () => {
		await downIfEmbedded();
		const term = new TerminalProcess(`exec "${process.execPath}" --import tsx bin/set-password.ts admin`, env);
		await term.waitFor(/New password: $/);
		term.type("typed-password-1\r");
		await term.waitFor(/Again: $/);
		term.type("typed-password-1\r");
		assert.equal(await term.exited, 0, term.output);
		assert.match(term.output, /The password of "admin" is changed/);
		assert.doesNotMatch(term.output, /typed-password-1|\*{4}/, "no echo, not even stars");
		const http = await up();
		await http.login("admin", "typed-password-1");
	});

	it("a deactivated account gets its new password and stays deactivated, and says so", async () => {
		await downIfEmbedded();
		const run = await setPassword([cook.username], env, "cook-password-2\n");
		assert.equal(run.code, 0, run.stdout + run.stderr);
		assert.match(run.stdout, /"cook" is deactivated and still cannot sign in/);
		const http = await up();
		const login = await http.post("/api/v1/auth/login", { username: cook.username, password: "cook-password-2" });
		assert.equal(login.status, 401);
		assert.equal(login.body.error.code, "USER_INACTIVE", "the new password is right; the account is still off");
	});

	it("an unknown user, a password too short or no user named: refused with one sentence, nothing changed", async () => {
		await downIfEmbedded();
		const unknown = await setPassword(["nobody"], env, "whatever-password\n");
		assert.deepEqual([unknown.code, unknown.stderr.trim()], [1, `There is no user "nobody". Users: admin, cook.`]);
		const short = await setPassword(["admin"], env, "short\n");
		assert.deepEqual([short.code, short.stderr.trim()], [1, "The password must be at least 8 characters; nothing was changed."]);
		const none = await setPassword([], env);
		assert.equal(none.code, 64);
		assert.match(none.stderr, /^Name one user\./);
		const http = await up();
		await http.login("admin", "typed-password-1");
	});

	it("each reset is in the audit trail: a password change via set-password, by no signed-in user", async () => {
		const http = await up(); // embedded: the server that started after the last reset has relayed it
		const { accessToken } = await http.login("admin", "typed-password-1");
		type Audit = { action: string; actorId: string | null; subject: { username?: string; via?: string } };
		const resets = await until(
			"the four resets in the audit trail",
			async () => {
				const all = (await http.get<Audit[]>("/api/v1/reports/audit?kind=accounts&limit=500", { token: accessToken })).body;
				const found = all.filter(a => a.action === "password_changed" && a.subject.via === "set-password");
				return found.length === 4 && found;
			},
			20_000,
		);
		assert.deepEqual(resets.map(a => [a.subject.username, a.actorId]).sort(), [
			["admin", null],
			["admin", null],
			["admin", null],
			["cook", null],
		]);
	});
});
