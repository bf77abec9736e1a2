// Builds one Brigade node: a broker from moleculer.config.ts, the runtime its services share, and the
// services SERVICES names. bin/brigade.ts runs it; the tests start nodes through the same function.
import { ServiceBroker } from "moleculer";
import { brokerConfig, type BrokerOverrides } from "../moleculer.config";
import { SERVICE_SCHEMAS } from "../services";
import type { Config } from "./config";
import { attachRuntime, createRuntime } from "./runtime";

export function createNode(config: Config, overrides: BrokerOverrides = {}): ServiceBroker {
	const runtime = createRuntime(config);
	const options = brokerConfig(config, overrides);
	const broker = new ServiceBroker({
		...options,
		// The database closes after every service has stopped (their stopped hooks may still write).
		stopped: async () => {
			await runtime.close();
		},
	});
	attachRuntime(broker, runtime);
	for (const name of config.services) broker.createService(SERVICE_SCHEMAS[name]);
	return broker;
}
