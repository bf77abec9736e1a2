// Every durable channel a service subscribes to is an event contracts/ declares, and every declared event has a
// consumer: a misspelt subscription would otherwise wait forever for an event nobody records.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { ServiceSchema } from "moleculer";
import { EVENT_NAMES } from "../../contracts";
import { SERVICE_SCHEMAS } from "../../services";

/** The channels of a schema and of every mixin in it, by the service that ends up subscribing. */
function channelsOf(schema: Partial<ServiceSchema>): string[] {
	const own = Object.keys((schema as { channels?: Record<string, unknown> }).channels ?? {});
	return [...own, ...(schema.mixins ?? []).flatMap(mixin => channelsOf(mixin as Partial<ServiceSchema>))];
}

const subscriptions = Object.entries(SERVICE_SCHEMAS).flatMap(([service, schema]) =>
	channelsOf(schema).map(channel => ({ service, channel })),
);

describe("durable events between services", () => {
	it("subscribes only to events contracts/ declares", () => {
		assert.ok(subscriptions.length >= 20, `found only ${subscriptions.length} subscriptions`);
		const declared = new Set<string>(EVENT_NAMES);
		assert.deepEqual(
			subscriptions.filter(s => !declared.has(s.channel)).map(s => `${s.service} subscribes to ${s.channel}`),
			[],
		);
	});

	it("has a consumer for every event a service records", () => {
		const consumed = new Set(subscriptions.map(s => s.channel));
		assert.deepEqual(
			EVENT_NAMES.filter(name => !consumed.has(name)),
			[],
		);
	});
});
