// How a message leaves: over SMTP with nodemailer when SMTP_URL is set; otherwise it is written to the log (an
// account message without its link) and counts as sent, so `npm start` works without a mail server.
import nodemailer, { type Transporter } from "nodemailer";
import type SMTPTransport from "nodemailer/lib/smtp-transport";
import type { LoggerInstance } from "moleculer";

export interface Outgoing {
	from: string;
	to: string;
	subject: string;
	text: string;
	html: string;
	messageId: string;
	/** Holds a single-use link: never logged. */
	sensitive: boolean;
}

export interface Sender {
	readonly kind: "smtp" | "log";
	send(m: Outgoing): Promise<void>;
	close(): void;
}

export function createSender(smtpUrl: string | undefined, logger: LoggerInstance): Sender {
	if (!smtpUrl) {
		return {
			kind: "log",
			async send(m) {
				const body = m.sensitive ? "(holds a single-use link, not logged: set SMTP_URL to deliver it)" : m.text;
				logger.info(`Mail not sent (no SMTP_URL) to ${m.to}: "${m.subject}" ${m.messageId}\n${body}`);
			},
			close() {},
		};
	}
	const transport: Transporter = nodemailer.createTransport({
		url: smtpUrl,
		// A server that does not answer is a failed attempt soon, tried again later: the sweeper is not held up.
		connectionTimeout: 15_000,
		greetingTimeout: 15_000,
		socketTimeout: 60_000,
	} as SMTPTransport.Options);
	return {
		kind: "smtp",
		async send(m) {
			await transport.sendMail({
				from: m.from,
				to: m.to,
				subject: m.subject,
				text: m.text,
				html: m.html,
				messageId: m.messageId,
			});
		},
		close() {
			transport.close();
		},
	};
}
