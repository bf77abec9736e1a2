// Sends a job's bytes to a network printer's raw port (JetDirect, usually 9100) over plain TCP.
import net from "node:net";

/**
 * Resolves once the printer has taken every byte and the connection closed cleanly (our end sent, then theirs);
 * rejects when it refuses, resets the connection mid-job, or stalls past `timeoutMs`. Only a resolve prints a job.
 */
export function sendRaw(host: string, port: number, bytes: Buffer, timeoutMs: number): Promise<void> {
	return new Promise((resolve, reject) => {
		let written = false;
		let settled = false;
		const socket = net.connect({ host, port });
		const fail = (err: Error) => {
			if (settled) return;
			settled = true;
			clearTimeout(timer);
			socket.destroy();
			reject(err);
		};
		const timer = setTimeout(() => fail(new Error(`no answer from ${host}:${port} within ${timeoutMs} ms`)), timeoutMs);
		socket.setNoDelay(true);
		socket.on("connect", () => socket.end(bytes, () => (written = true)));
		socket.on("error", fail);
		// A printer closes its side once it has read the job; ours is half-closed by end().
		socket.on("end", () => socket.destroySoon());
		socket.on("close", hadError => {
			if (settled) return;
			if (hadError || !written) return fail(new Error(`${host}:${port} closed the connection before the job was sent`));
			settled = true;
			clearTimeout(timer);
			resolve();
		});
	});
}
