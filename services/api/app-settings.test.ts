// What GET /api/v1/settings tells every app, without a node: the configuration's public part, and a late ticket
// that never turns red before it turns amber.
import { describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Config } from "../../lib/config";
import { appSettingsOf } from "./app-settings";

const config = (ticketAge: Config["ticketAge"]) =>
	({
		restaurantName: "Chez Test",
		currency: "EUR",
		timezone: "Europe/Paris",
		taxRatePpm: 100_000,
		serviceChargeRatePpm: 0,
		ticketAge,
		courses: ["Starters", "Mains", "Desserts"],
		courseFiring: "manual",
		tipPresets: [10, 15, 20],
		publicUrl: "http://192.168.1.20:3000",
		guestLink: { reachable: true },
		jwtSecret: "never-sent",
		metricsToken: "never-sent",
		pinSecret: "never-sent",
		idleLockSeconds: 90,
	}) as unknown as Config;

describe("appSettingsOf", () => {
	it("is the restaurant's name, money, clock, ticket colours, courses, tip presets and guest link, and nothing else of the configuration", () => {
		assert.deepEqual(appSettingsOf(config({ warnSeconds: 600, lateSeconds: 900 })), {
			restaurantName: "Chez Test",
			currency: "EUR",
			timezone: "Europe/Paris",
			taxRatePpm: 100_000,
			serviceChargeRatePpm: 0,
			ticketWarnSeconds: 600,
			ticketLateSeconds: 900,
			courses: ["Starters", "Mains", "Desserts"],
			courseFiring: "manual",
			tipPresets: [10, 15, 20],
			guestBaseUrl: "http://192.168.1.20:3000",
			guestLinkReachable: true,
			idleLockSeconds: 90,
		});
	});

	it("a late threshold under the warning one is raised to it: a ticket is never red before amber", () => {
		assert.equal(appSettingsOf(config({ warnSeconds: 600, lateSeconds: 300 })).ticketLateSeconds, 600);
	});
});
