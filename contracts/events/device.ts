// Events the device service produces: a printer has failed long enough that its jobs go to its fallback; a
// ticket no screen acknowledged was re-routed (to its station's printer or to the expo); a station's health changed.
import type { Ticket } from "../domain";

export const DEVICE_EVENTS = {
	printerOffline: "printer.offline",
	ticketRerouted: "ticket.rerouted",
	stationUpdated: "station.updated",
} as const;

export interface PrinterOffline {
	printer: { id: string; name: string; station: string | null };
	/** Where its new jobs print meanwhile. */
	fallback: { id: string; name: string };
	failingSince: string;
}

export interface TicketRerouted {
	/** The station's ticket with the round's lines. */
	ticket: Ticket;
	round: number;
	/** printer: on the station's kitchen printer (or its fallback); expo: on the expo screen, flagged. */
	to: "printer" | "expo";
	printer: { id: string; name: string } | null;
	/** The station's printer already had this ticket (it prints every chit): nothing new was printed. */
	alreadyPrinted: boolean;
	/** The waiter who took the order, told it was not confirmed. */
	takenBy: string | null;
}

/** One station's health (GET /devices/stations, pushed `station:update`). */
export interface StationHealth {
	station: string;
	/** Kitchen screens showing the station now (a heartbeat in the last 50 s). */
	screens: number;
	printers: { id: string; name: string; status: "ok" | "offline" }[];
	lastAckAt: string | null;
	/** The station's open tickets no screen acknowledged. */
	unacknowledged: number;
	healthy: boolean;
}

export interface StationUpdated {
	station: StationHealth;
}

export interface DeviceEvents {
	"printer.offline": PrinterOffline;
	"ticket.rerouted": TicketRerouted;
	"station.updated": StationUpdated;
}
