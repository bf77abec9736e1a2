// Builds one Brigade node: a broker from moleculer.config.ts, the runtime its services share, the
// services SERVICES names, Brigade's metrics and the node's ops endpoint (OPS_PORT). bin/brigade.ts runs
// it; the tests start nodes through the same function.
import { ServiceBroker } from "moleculer";
import { brokerConfig, type BrokerOverrides } from "../moleculer.config";
import { SERVICE_SCHEMAS } from ".";
import type { Config } from "../lib/config";
import { attachRuntime, createRuntime } from "../lib/runtime";
import { registerMetrics, startCollecting } from "../lib/metrics";
import { startOpsServer, stopOpsServer } from "../lib/ops-server";

export function createNode(config: Config, overrides: BrokerOverrides = {}): ServiceBroker {
	const runtime = createRuntime(config);
	const options = brokerConfig(config, overrides);
	let stopCollecting: (() => Promise<void>) | undefined;
	const broker: ServiceBroker = new ServiceBroker({
		...options,
		// Every service has started: gauges start refreshing and the probes may answer.
		started: async () => {
			stopCollecting = startCollecting(broker);
			if (config.opsPort !== undefined) await startOpsServer(broker, config.opsPort, config.opsPortExplicit);
		},
		// The database closes after every service has stopped (their stopped hooks may still write).
		stopped: async () => {
			await stopOpsServer(broker);
			await stopCollecting?.();
			await runtime.close();
			// The one line a terminal shows after Ctrl-C (each service's own "stopped" is a debug line there).
			broker.getLogger("brigade").info(`Brigade node ${broker.nodeID} stopped`);
		},
	});
	attachRuntime(broker, runtime);
	registerMetrics(broker);
	for (const name of config.services) broker.createService(SERVICE_SCHEMAS[name]);
	return broker;
}
