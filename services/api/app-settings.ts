// GET /api/v1/settings: what every app needs before it draws, read from the node's configuration.
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import type { Config } from "../../lib/config";
import type { GatewayThis } from "./routes";

/** The restaurant's name, money and clock, the kitchen's colours, and where guests' links go. */
export function appSettingsOf(c: Config) {
	return {
		restaurantName: c.restaurantName,
		currency: c.currency,
		timezone: c.timezone,
		taxRatePpm: c.taxRatePpm,
		serviceChargeRatePpm: c.serviceChargeRatePpm,
		ticketWarnSeconds: c.ticketAge.warnSeconds,
		// A ticket never turns red before it turns amber.
		ticketLateSeconds: Math.max(c.ticketAge.lateSeconds, c.ticketAge.warnSeconds),
		// Course n is courses[n - 1]; a course past the list is shown as "Course n".
		courses: c.courses,
		courseFiring: c.courseFiring,
		// The payment sheet's tip buttons: percentages of the bill's total, rounded half up to the cent.
		tipPresets: c.tipPresets,
		// Where table QR codes send guests, and whether a phone can open it (false: a loopback address).
		guestBaseUrl: c.publicUrl,
		guestLinkReachable: c.guestLink.reachable,
		// A shared tablet untouched this long locks back to its PIN pad (0: never).
		idleLockSeconds: c.idleLockSeconds,
	};
}

const appSettingsMixin: Partial<ServiceSchema<ServiceSettingSchema, GatewayThis>> = {
	actions: {
		// Published without `rest`: the explicit alias in routes.ts reaches it.
		settings: {
			access: "public",
			handler(this: GatewayThis) {
				return appSettingsOf(this.config);
			},
		},
	},
};
export const AppSettingsMixin = appSettingsMixin as unknown as Partial<ServiceSchema>;
