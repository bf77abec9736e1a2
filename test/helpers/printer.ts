// A raw-port (9100) receipt or kitchen printer played by a TCP listener: it keeps what each whole job sent, and can
// be switched off, made to reset connections mid-job, or to stall, so tests see what a real printer would receive.
import net from "node:net";

export type Mode = "ok" | "stall" | "drop";

/** A raw-port printer: keeps what each whole job sent (the client closed its side, then it closes too). */
export class FakePrinter {
	received: string[] = [];
	mode: Mode = "ok";
	/** Connections reset mid-job, and connections left hanging. */
	dropped = 0;
	stalled = 0;
	port = 0;
	private server?: net.Server;
	private sockets = new Set<net.Socket>();

	async on(): Promise<void> {
		this.server = net.createServer({ allowHalfOpen: true }, socket => {
			this.sockets.add(socket);
			socket.on("close", () => this.sockets.delete(socket));
			socket.on("error", () => undefined);
			const chunks: Buffer[] = [];
			const mode = this.mode;
			socket.on("data", d => {
				if (mode === "drop") {
					this.dropped++;
					return socket.resetAndDestroy();
				}
				chunks.push(d);
			});
			socket.on("end", () => {
				if (mode === "stall") {
					this.stalled++;
					return;
				}
				this.received.push(Buffer.concat(chunks).toString("latin1"));
				socket.end();
			});
		});
		await new Promise<void>(resolve => this.server!.listen(this.port, "127.0.0.1", resolve));
		this.port = (this.server!.address() as net.AddressInfo).port;
	}

	async off(): Promise<void> {
		for (const s of this.sockets) s.destroy();
		await new Promise<void>(resolve => (this.server ? this.server.close(() => resolve()) : resolve()));
		this.server = undefined;
	}

	with(text: string): string[] {
		return this.received.filter(r => r.includes(text));
	}
}
