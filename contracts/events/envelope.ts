// The envelope every durable event travels in, whoever produced it.

export interface DomainEvent<T = unknown> {
	/** Unique per event; consumers record it to ignore redeliveries. */
	eventId: string;
	type: string;
	/** ISO-8601 time the state change committed. */
	at: string;
	/** Service that wrote it. */
	source: string;
	data: T;
}
