// CI runs the integration suites twice, embedded then distributed. A suite whose subject does not depend on the
// mode (a file's content, a process started with its own settings) needs only one of them.
export const EMBEDDED_PASS_ONLY: string | false =
	process.env.DATABASE_URL && process.env.TRANSPORTER ? "the same in both modes: runs in the embedded pass" : false;
