// What a broker's services share on one node: the validated config and one database handle.
import type { ServiceBroker } from "moleculer";
import type { Config } from "./config";
import { createDb, type Db } from "./db";
import { lockDataDir } from "./data-dir-lock";

export interface Runtime {
	readonly config: Config;
	/** The node's knex handle, opened on first use and closed when the broker stops. */
	db(): Db;
	close(): Promise<void>;
	/**
	 * The first admin's generated password, when this node's auth service created that admin on this start: the
	 * process that started the node shows it once everything is up (bin/brigade.ts), then forgets it.
	 */
	firstAdmin?: { username: string; password: string };
}

const runtimes = new WeakMap<ServiceBroker, Runtime>();

export function createRuntime(config: Config): Runtime {
	let db: Db | undefined;
	let unlock: (() => void) | undefined;
	return {
		config,
		db() {
			if (db) return db;
			// Embedded: DATA_DIR is this process's alone while it is open (lib/data-dir-lock.ts).
			if (config.database.kind === "pglite") unlock ??= lockDataDir(config.database.dataDir);
			db = createDb(config.database);
			return db;
		},
		async close() {
			const d = db;
			db = undefined;
			try {
				await d?.destroy();
			} finally {
				unlock?.();
				unlock = undefined;
			}
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
