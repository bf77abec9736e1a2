// A real SMTP server for a test (smtp-server on a free local port), keeping what it receives parsed by mailparser.
// It can refuse mail for a while (a 4xx "try later", as a busy server does) and be stopped and started again on the
// same port, as a mail server that goes down and comes back.
import type { AddressInfo } from "node:net";
import { SMTPServer } from "smtp-server";
import { simpleParser, type ParsedMail } from "mailparser";

export interface Received {
	/** The envelope's recipients (RCPT TO). */
	to: string[];
	mail: ParsedMail;
}

export interface TestSmtp {
	/** smtp://127.0.0.1:<port>, for SMTP_URL. */
	url: string;
	port: number;
	received: Received[];
	/** Every DATA the server refused (while refusing). */
	refused: number;
	/** Answer every message with this SMTP code (e.g. 451) until called again with null. */
	refuse(code: number | null): void;
	/** Closes the port: a mail server that is down (connections refused). */
	stop(): Promise<void>;
	/** Listens again on the same port. */
	start(): Promise<void>;
}

export async function startSmtp(): Promise<TestSmtp> {
	let refuseWith: number | null = null;
	let port = 0;
	const smtp: TestSmtp = {
		url: "",
		port: 0,
		received: [],
		refused: 0,
		refuse(code) {
			refuseWith = code;
		},
		stop: async () => undefined,
		start: async () => undefined,
	};

	const make = () =>
		new SMTPServer({
			// Plain SMTP on localhost, no login: what the sender needs to find is whether the message arrived.
			disabledCommands: ["STARTTLS", "AUTH"],
			authOptional: true,
			logger: false,
			onData(stream, session, callback) {
				const chunks: Buffer[] = [];
				stream.on("data", (c: Buffer) => chunks.push(c));
				stream.on("end", () => {
					if (refuseWith !== null) {
						smtp.refused++;
						const err = Object.assign(new Error("Try again later"), { responseCode: refuseWith });
						callback(err);
						return;
					}
					simpleParser(Buffer.concat(chunks))
						.then(mail => {
							smtp.received.push({ to: session.envelope.rcptTo.map(r => r.address), mail });
							callback();
						})
						.catch(callback);
				});
			},
		});

	let server = make();
	const listen = () =>
		new Promise<void>((resolve, reject) => {
			server.once("error", reject);
			server.listen(port, "127.0.0.1", () => {
				server.off("error", reject);
				port = (server.server.address() as AddressInfo).port;
				resolve();
			});
		});
	await listen();
	smtp.port = port;
	smtp.url = `smtp://127.0.0.1:${port}`;
	smtp.stop = () => new Promise<void>(resolve => server.close(() => resolve()));
	smtp.start = async () => {
		server = make();
		await listen();
	};
	return smtp;
}
