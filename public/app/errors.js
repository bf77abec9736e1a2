// The API's refusals as ApiError, and the sentence a person reads for any error; no DOM, so pure modules word errors too.

export class ApiError extends Error {
	constructor(status, error) {
		super(error?.message ?? `Request failed (${status})`);
		this.status = status;
		this.code = error?.code ?? "ERROR";
		this.details = error?.details;
	}
}

/** A message a person can act on, from any error. */
export function describeError(err) {
	if (err instanceof ApiError) {
		// A validation answer already says, per field, what to change: repeating the field names adds nothing.
		if (err.code === "VALIDATION_ERROR") return err.message;
		const fields = Array.isArray(err.details) ? err.details.map(d => d.field ?? d.message).filter(Boolean) : [];
		return fields.length && err.status === 400 ? `${err.message} (${fields.join(", ")})` : err.message;
	}
	return err?.message ?? String(err);
}
