// Polls until something holds: for effects that arrive through durable events, a moment after the request.

/** Resolves with the first truthy value of `fn`, or fails naming `what` after `ms`. */
export async function until<T>(
	what: string,
	fn: () => T | undefined | null | false | Promise<T | undefined | null | false>,
	ms = 10_000,
): Promise<T> {
	const deadline = Date.now() + ms;
	for (;;) {
		const v = await fn();
		if (v) return v;
		if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
		await new Promise(r => setTimeout(r, 25));
	}
}
