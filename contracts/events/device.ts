// Events the device service produces: a printer has failed long enough that its jobs go to its fallback.
export const DEVICE_EVENTS = { printerOffline: "printer.offline" } as const;

export interface PrinterOffline {
	printer: { id: string; name: string; station: string | null };
	/** Where its new jobs print meanwhile. */
	fallback: { id: string; name: string };
	failingSince: string;
}

export interface DeviceEvents {
	"printer.offline": PrinterOffline;
}
