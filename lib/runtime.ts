// What a broker's services share on one node: the validated config and one database handle.
import type { ServiceBroker } from "moleculer";
import type { Config } from "./config";
import { createDb, type Db } from "./db";

export interface Runtime {
	readonly config: Config;
	/** The node's knex handle, opened on first use and closed when the broker stops. */
	db(): Db;
	close(): Promise<void>;
}

const runtimes = new WeakMap<ServiceBroker, Runtime>();

export function createRuntime(config: Config): Runtime {
	let db: Db | undefined;
	return {
		config,
		db() {
			db ??= createDb(config.database);
			return db;
		},
		async close() {
			const d = db;
			db = undefined;
			await d?.destroy();
		},
	};
}

export function attachRuntime(broker: ServiceBroker, runtime: Runtime): void {
	runtimes.set(broker, runtime);
}

export function runtimeOf(broker: ServiceBroker): Runtime {
	const rt = runtimes.get(broker);
	if (!rt) throw new Error("This broker was not created by createNode(): no Brigade runtime attached");
	return rt;
}
