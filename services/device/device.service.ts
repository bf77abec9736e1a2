// Network printers: receipt printers for bills and kitchen printers for a station's chits. Every print is a job
// row written with its cause (an order event, a print request) and sent by one worker per printer across the
// nodes, over raw TCP; a printer that is off keeps its jobs, in order, and prints them once it is back.
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import { stationParam } from "../../lib/params";
import type { Trx } from "../../lib/db";
import {
	CommonErrors,
	DEVICE_EVENTS,
	DeviceErrors,
	KITCHEN_EVENTS,
	ORDER_EVENTS,
	withoutPending,
	type StationHealth,
	type Bill,
	type DomainEvent,
	type EventContext,
	type GatewayMeta,
	type OrderPlaced,
	type OrderUpdated,
	type Ticket,
} from "../../contracts";
import {
	afterSend,
	billDocument,
	chitDocument,
	encode,
	healthSnapshot,
	linesForChit,
	jobLands,
	printerStatus,
	receiptHtml,
	reroutedChit,
	rerouteTarget,
	routeJob,
	SCREEN_LIVE_SECONDS,
	stationHealth,
	type ChitCause,
} from "./rules";
import { sendRaw } from "./send";

type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;
type DeviceThis = Service &
	DbMethods &
	DeviceMethods & { $workers: Set<string>; $timer?: NodeJS.Timeout; $health?: NodeJS.Timeout; $stopping?: boolean; $checking?: boolean };

const ADMIN = ["admin"] as const;
const OFFICE = ["admin", "manager"] as const;
const FLOOR = ["staff", "admin"] as const;
const EVERYONE_ON_DUTY = ["admin", "manager", "staff"] as const;
const POLL_MS = 250;
/** How often a node compares the stations' health with what was last pushed. */
const HEALTH_MS = 1000;

interface PrinterRow {
	id: string;
	name: string;
	host: string;
	port: number;
	kind: "receipt" | "kitchen";
	station: string | null;
	fallback_printer_id: string | null;
	chits: "all" | "unacknowledged";
	failing_since: Date | null;
	failures: number;
	retry_at: Date | null;
	last_error: string | null;
	last_ok_at: Date | null;
	created_at: Date;
}

export interface Printer {
	id: string;
	name: string;
	host: string;
	port: number;
	kind: "receipt" | "kitchen";
	station: string | null;
	fallbackPrinterId: string | null;
	/** A kitchen printer's chits: all (every ticket as sent) or unacknowledged (only those no screen acknowledged in time). */
	chits: "all" | "unacknowledged";
	status: "ok" | "offline";
	queued: number;
	lastError: string | null;
	lastOkAt: string | null;
	createdAt: string;
}

export interface PrintJob {
	id: string;
	printerId: string;
	kind: string;
	state: "queued" | "printed";
	attempts: number;
	reroutedFrom: string | null;
	createdAt: string;
	printedAt: string | null;
}

const printerBody = {
	name: { type: "string", trim: true, min: 1, max: 60 },
	host: { type: "string", trim: true, min: 1, max: 253, pattern: /^[A-Za-z0-9.:-]+$/ },
	port: { type: "number", integer: true, min: 1, max: 65535, optional: true, convert: true },
	kind: { type: "enum", values: ["receipt", "kitchen"] },
	station: { ...stationParam, optional: true, nullable: true },
	fallbackPrinterId: { type: "uuid", optional: true, nullable: true },
	chits: { type: "enum", values: ["all", "unacknowledged"], optional: true },
} as const;

type PrinterInput = {
	name: string;
	host: string;
	port?: number;
	kind: "receipt" | "kitchen";
	station?: string | null;
	fallbackPrinterId?: string | null;
	chits?: "all" | "unacknowledged";
};

const asPrinter = (r: PrinterRow, queued: number): Printer => ({
	id: r.id,
	name: r.name,
	host: r.host,
	port: r.port,
	kind: r.kind,
	station: r.station,
	fallbackPrinterId: r.fallback_printer_id,
	chits: r.chits ?? "all",
	status: printerStatus({ failingSince: r.failing_since }),
	queued,
	lastError: r.last_error,
	lastOkAt: r.last_ok_at ? new Date(r.last_ok_at).toISOString() : null,
	createdAt: new Date(r.created_at).toISOString(),
});

const asJob = (r: Record<string, unknown>): PrintJob => ({
	id: r.id as string,
	printerId: r.printer_id as string,
	kind: r.kind as string,
	state: r.state as "queued" | "printed",
	attempts: r.attempts as number,
	reroutedFrom: (r.rerouted_from as string | null) ?? null,
	createdAt: new Date(r.created_at as string).toISOString(),
	printedAt: r.printed_at ? new Date(r.printed_at as string).toISOString() : null,
});

const DeviceService: ServiceSchema<ServiceSettingSchema, DeviceThis> = {
	name: "device",
	mixins: [DbMixin("device", SCHEMAS.device)],
	settings: { rest: "/devices" },

	channels: {
		[ORDER_EVENTS.placed]: {
			group: "device",
			context: true,
			async handler(this: DeviceThis, ctx: EventContext<"order.placed">) {
				await this.printChits(ctx.params, undefined, { kind: "round", round: 1 });
			},
		},
		[ORDER_EVENTS.updated]: {
			group: "device",
			context: true,
			async handler(this: DeviceThis, ctx: EventContext<"order.updated">) {
				const { change, itemIds, round, course } = ctx.params.data;
				const courses = runtimeOf(this.broker).config.courses;
				if (change === "round_added") await this.printChits(ctx.params, itemIds, { kind: "round", round: round ?? 0 });
				else if (change === "course_fired")
					await this.printChits(ctx.params, itemIds, {
						kind: "course",
						course: course ?? 0,
						courseName: courses[(course ?? 1) - 1] ?? `Course ${course}`,
					});
				else if (change === "item_remade") await this.printChits(ctx.params, itemIds, { kind: "remake" });
			},
		},
		// A ticket no screen acknowledged in time (claimed once by the kitchen's sweeper): printed, else on the expo.
		[KITCHEN_EVENTS.ticketUnacknowledged]: {
			group: "device",
			context: true,
			async handler(this: DeviceThis, ctx: EventContext<"ticket.unacknowledged">) {
				const printed = await this.handleOnce(ctx.params, trx => this.reroute(trx, ctx.params.data));
				if (printed) this.kick();
			},
		},
	},

	actions: {
		/** A kitchen screen is live at these stations (the gateway forwards its `screen:hello`, sent on connect and every 20 s). */
		screenHello: {
			visibility: "public",
			params: {
				screenId: { type: "string", min: 1, max: 100 },
				stations: { type: "array", items: stationParam, max: 20 },
				userId: { type: "uuid", optional: true },
			},
			async handler(this: DeviceThis, ctx: Ctx<{ screenId: string; stations: string[]; userId?: string }>): Promise<{ ok: true }> {
				const { screenId, stations, userId } = ctx.params;
				const row = {
					id: screenId,
					stations: JSON.stringify([...new Set(stations)]),
					user_id: userId ?? null,
					node_id: ctx.nodeID ?? null,
					seen_at: this.db.fn.now(),
				};
				await this.table("screens").insert(row).onConflict("id").merge(["stations", "user_id", "node_id", "seen_at"]);
				this.checkHealth();
				return { ok: true };
			},
		},

		/** A kitchen screen's socket closed. */
		screenBye: {
			visibility: "public",
			params: { screenId: { type: "string", min: 1, max: 100 } },
			async handler(this: DeviceThis, ctx: Ctx<{ screenId: string }>): Promise<{ ok: true }> {
				await this.table("screens").where({ id: ctx.params.screenId }).delete();
				this.checkHealth();
				return { ok: true };
			},
		},

		/** GET /devices/stations: each station's live screens, printers, last ack and overdue unacknowledged tickets, and whether it is healthy. */
		stations: {
			rest: "GET /stations",
			access: EVERYONE_ON_DUTY,
			async handler(this: DeviceThis): Promise<StationHealth[]> {
				return this.stationHealths();
			},
		},

		createPrinter: {
			rest: "POST /printers",
			access: ADMIN,
			params: { $$strict: "remove", ...printerBody },
			async handler(this: DeviceThis, ctx: Ctx<PrinterInput>): Promise<Printer> {
				const p = ctx.params;
				const id = crypto.randomUUID();
				await this.checkPrinter(p, id);
				await this.table("printers").insert({
					id,
					name: p.name,
					host: p.host,
					port: p.port ?? 9100,
					kind: p.kind,
					station: p.station ?? null,
					fallback_printer_id: p.fallbackPrinterId ?? null,
					chits: p.chits ?? "all",
				});
				ctx.meta.$statusCode = 201;
				return this.printer(id);
			},
		},

		printers: {
			rest: "GET /printers",
			access: OFFICE,
			async handler(this: DeviceThis): Promise<Printer[]> {
				const rows: PrinterRow[] = await this.table("printers").select("*").orderBy("created_at").orderBy("id");
				const counts = await this.queuedCounts();
				return rows.map(r => asPrinter(r, counts.get(r.id) ?? 0));
			},
		},

		updatePrinter: {
			rest: "PATCH /printers/:id",
			access: ADMIN,
			params: {
				$$strict: "remove",
				id: "uuid",
				...Object.fromEntries(Object.entries(printerBody).map(([k, v]) => [k, { ...v, optional: true }])),
			},
			async handler(this: DeviceThis, ctx: Ctx<Partial<PrinterInput> & { id: string }>): Promise<Printer> {
				const { id, ...patch } = ctx.params;
				const current = await this.printer(id);
				const fields = ["name", "host", "port", "kind", "station", "fallbackPrinterId", "chits"] as const;
				if (!fields.some(f => patch[f] !== undefined)) throw CommonErrors.nothingToChange([...fields]);
				const next = { ...current, ...patch };
				await this.checkPrinter(next, id);
				await this.table("printers")
					.where({ id })
					.update({
						name: next.name,
						host: next.host,
						port: next.port,
						kind: next.kind,
						station: next.station ?? null,
						fallback_printer_id: next.fallbackPrinterId ?? null,
						chits: next.chits ?? "all",
						// A new address is tried at once.
						retry_at: null,
					});
				return this.printer(id);
			},
		},

		deletePrinter: {
			rest: "DELETE /printers/:id",
			access: ADMIN,
			params: { id: "uuid" },
			async handler(this: DeviceThis, ctx: Ctx<{ id: string }>): Promise<void> {
				await this.transaction(async trx => {
					const n = await this.table("printers", trx).where({ id: ctx.params.id }).delete();
					if (!n) throw DeviceErrors.printerNotFound(ctx.params.id);
					await this.table("printers", trx).where({ fallback_printer_id: ctx.params.id }).update({ fallback_printer_id: null });
				});
				ctx.meta.$statusCode = 204;
			},
		},

		jobs: {
			rest: "GET /printers/:id/jobs",
			access: OFFICE,
			params: { id: "uuid", state: { type: "enum", values: ["queued", "printed"], optional: true } },
			async handler(this: DeviceThis, ctx: Ctx<{ id: string; state?: "queued" | "printed" }>): Promise<PrintJob[]> {
				await this.printer(ctx.params.id);
				const q = this.table("print_jobs").where({ printer_id: ctx.params.id }).orderBy("seq", "desc").limit(200);
				if (ctx.params.state) q.where({ state: ctx.params.state });
				return (await q).map(asJob);
			},
		},

		/** POST /billing/bills/:id/print: the bill is asked of billing (billing.get) when the job is made. */
		printBill: {
			rest: { method: "POST", basePath: "/billing", path: "/bills/:id/print" },
			access: FLOOR,
			params: {
				$$strict: "remove",
				id: "uuid",
				printerId: { type: "uuid", optional: true },
				kind: { type: "enum", values: ["precheck", "receipt"] },
			},
			async handler(this: DeviceThis, ctx: Ctx<{ id: string; printerId?: string; kind: "precheck" | "receipt" }>): Promise<PrintJob> {
				const bill = await ctx.call<Bill, { id: string }>("billing.get", { id: ctx.params.id });
				const { restaurantName, currency } = runtimeOf(this.broker).config;
				const document = billDocument(bill, ctx.params.kind, { name: restaurantName, currency }, new Date());
				const job = await this.transaction(async trx => {
					const printer = ctx.params.printerId
						? await this.printerRow(trx, ctx.params.printerId)
						: await this.table("printers", trx).where({ kind: "receipt" }).orderBy("created_at").first();
					if (!printer)
						throw ctx.params.printerId ? DeviceErrors.printerNotFound(ctx.params.printerId) : DeviceErrors.noPrinter("receipt");
					return this.addJob(trx, printer, ctx.params.kind, null, document);
				});
				this.kick();
				ctx.meta.$statusCode = 202;
				return job;
			},
		},

		/** GET /billing/bills/:id/receipt: the bill as a printable page. */
		receipt: {
			rest: { method: "GET", basePath: "/billing", path: "/bills/:id/receipt" },
			access: FLOOR,
			params: { id: "uuid" },
			async handler(this: DeviceThis, ctx: Ctx<{ id: string }>): Promise<string> {
				const bill = await ctx.call<Bill, { id: string }>("billing.get", { id: ctx.params.id });
				const { restaurantName, currency } = runtimeOf(this.broker).config;
				ctx.meta.$responseType = "text/html; charset=utf-8";
				return receiptHtml(bill, { name: restaurantName, currency });
			},
		},
	},

	methods: {
		async printer(this: DeviceThis, id: string): Promise<Printer> {
			const row = await this.printerRow(undefined, id);
			if (!row) throw DeviceErrors.printerNotFound(id);
			return asPrinter(row, (await this.queuedCounts(id)).get(id) ?? 0);
		},

		async printerRow(this: DeviceThis, trx: Trx | undefined, id: string): Promise<PrinterRow | undefined> {
			return this.table("printers", trx).where({ id }).first();
		},

		async queuedCounts(this: DeviceThis, id?: string): Promise<Map<string, number>> {
			const q = this.table("print_jobs")
				.where({ state: "queued" })
				.groupBy("printer_id")
				.select("printer_id")
				.count<{ printer_id: string; count: number }[]>("* as count");
			if (id) q.where({ printer_id: id });
			return new Map((await q).map(r => [r.printer_id, Number(r.count)]));
		},

		/** A kitchen printer serves a station; a fallback is another printer, not itself. */
		async checkPrinter(this: DeviceThis, p: Partial<PrinterInput>, id: string): Promise<void> {
			if (p.kind === "kitchen" && !p.station)
				throw CommonErrors.invalidField("station", "required", "A kitchen printer prints one station's chits: name the station");
			if (p.fallbackPrinterId) {
				if (p.fallbackPrinterId === id) throw DeviceErrors.badFallback("A printer cannot be its own fallback");
				if (!(await this.printerRow(undefined, p.fallbackPrinterId))) throw DeviceErrors.printerNotFound(p.fallbackPrinterId);
			}
		},

		/** Writes a job for `printer`, or its fallback once it has failed long enough; `sourceKey` makes a cause print once. */
		async addJob(
			this: DeviceThis,
			trx: Trx,
			printer: PrinterRow,
			kind: string,
			sourceKey: string | null,
			document: string,
		): Promise<PrintJob> {
			const { fallbackSeconds } = runtimeOf(this.broker).config.printers;
			const fallback = printer.fallback_printer_id ? await this.printerRow(trx, printer.fallback_printer_id) : undefined;
			const view = (r: PrinterRow) => ({
				...r,
				failingSince: r.failing_since ? new Date(r.failing_since) : null,
				fallbackPrinterId: r.fallback_printer_id,
			});
			const routed = routeJob(
				view(printer),
				id => (fallback && id === fallback.id ? view(fallback) : undefined),
				new Date(),
				fallbackSeconds,
			);
			if (routed.reroutedFrom) {
				this.logger.warn(
					`Printer ${printer.name} has failed for ${fallbackSeconds} s or more: a ${kind} goes to ${routed.printer.name}`,
				);
				// The first job of an outage sent elsewhere tells the floor and the admins, in the same transaction.
				const told = await this.table("printers", trx)
					.where({ id: printer.id, offline_announced: false })
					.update({ offline_announced: true })
					.returning("id");
				if (told.length)
					await this.recordEvent(trx, DEVICE_EVENTS.printerOffline, {
						printer: { id: printer.id, name: printer.name, station: printer.station },
						fallback: { id: routed.printer.id, name: routed.printer.name },
						failingSince: new Date(printer.failing_since ?? Date.now()).toISOString(),
					});
			}
			const [row] = await this.table("print_jobs", trx)
				.insert({
					id: crypto.randomUUID(),
					printer_id: routed.printer.id,
					kind,
					source_key: sourceKey,
					document,
					rerouted_from: routed.reroutedFrom,
				})
				.returning("*");
			return asJob(row);
		},

		/** One chit per station with a kitchen printer for the lines this event sent there, once per event. */
		async printChits(
			this: DeviceThis,
			event: DomainEvent<OrderPlaced | OrderUpdated>,
			itemIds: string[] | undefined,
			cause: ChitCause,
		): Promise<void> {
			// A guest round waiting for a waiter's confirm prints nothing until it is confirmed.
			const order = withoutPending(event.data.order);
			const wrote = await this.handleOnce(event, async trx => {
				// A printer kept for tickets no screen acknowledged prints only those (reroute).
				const printers: PrinterRow[] = await this.table("printers", trx)
					.where({ kind: "kitchen", chits: "all" })
					.orderBy("created_at");
				let n = 0;
				for (const station of new Set(order.items.map(i => i.station))) {
					const printer = printers.find(p => p.station === station);
					const lines = linesForChit(order, itemIds, station);
					if (!printer || !lines.length) continue;
					const doc = chitDocument(order, station, lines, cause, new Date(event.at));
					const job = await this.addJob(trx, printer, "chit", `${event.eventId}:${station}`, doc);
					// The tickets this chit carries: one a screen misses later is on paper already.
					const rounds = [...new Set(lines.map(l => l.round))];
					await this.table("job_tickets", trx)
						.insert(rounds.map(round => ({ order_id: order.id, station, round, job_id: job.id })))
						.onConflict(["order_id", "station", "round", "job_id"])
						.ignore();
					n++;
				}
				return n;
			});
			if (wrote) this.kick();
		},

		/**
		 * Re-routes one ticket no screen acknowledged, once (the caller's inbox; the job's source key): a station
		 * printer that already has it (it prints every chit) keeps it; else a working printer of the station (or a
		 * fallback) prints it; else it goes to the expo. Records where. True when a job was written.
		 */
		async reroute(this: DeviceThis, trx: Trx, e: { ticket: Ticket; round: number; takenBy: string | null }): Promise<boolean> {
			const { ticket, round, takenBy } = e;
			const key = { order_id: ticket.orderId, station: ticket.station, round };
			const earlier: { printer_id: string; name: string; state: string; failing_since: Date | null }[] = await this.db
				.withSchema(SCHEMAS.device)
				.from("job_tickets as t")
				.transacting(trx)
				.join("print_jobs as j", "j.id", "t.job_id")
				.join("printers as p", "p.id", "j.printer_id")
				.where({ "t.order_id": key.order_id, "t.station": key.station, "t.round": key.round })
				.orderBy("j.seq")
				.select("j.printer_id", "p.name", "j.state", "p.failing_since");
			// A job still queued on a printer that is failing has put the ticket nowhere: it is rerouted below.
			const had = earlier.find(j => jobLands({ state: j.state, failingSince: j.failing_since }));
			if (had) {
				await this.recordEvent(trx, DEVICE_EVENTS.ticketRerouted, {
					ticket,
					round,
					to: "printer",
					printer: { id: had.printer_id, name: had.name },
					alreadyPrinted: true,
					takenBy,
				});
				return false;
			}
			const rows: PrinterRow[] = await this.table("printers", trx).where({ kind: "kitchen" }).orderBy("created_at").orderBy("id");
			const view = (r: PrinterRow) => ({ ...r, failingSince: r.failing_since, fallbackPrinterId: r.fallback_printer_id });
			const all = rows.map(view);
			const target = rerouteTarget(
				all.filter(p => p.station === ticket.station),
				id => all.find(p => p.id === id),
			);
			const chit = reroutedChit(ticket, round, new Date());
			if (target && chit.lines) {
				const [job] = await this.table("print_jobs", trx)
					.insert({
						id: crypto.randomUUID(),
						printer_id: target.id,
						kind: "chit",
						source_key: `unacknowledged:${ticket.orderId}:${ticket.station}:${round}`,
						document: chit.document,
						rerouted_from: target.station === ticket.station ? null : (all.find(p => p.station === ticket.station)?.id ?? null),
					})
					.onConflict("source_key")
					.ignore()
					.returning("id");
				if (job)
					await this.table("job_tickets", trx)
						.insert({ ...key, job_id: job.id })
						.onConflict(["order_id", "station", "round", "job_id"])
						.ignore();
			}
			await this.recordEvent(trx, DEVICE_EVENTS.ticketRerouted, {
				ticket,
				round,
				to: target && chit.lines ? "printer" : "expo",
				printer: target && chit.lines ? { id: target.id, name: target.name } : null,
				alreadyPrinted: false,
				takenBy,
			});
			return Boolean(target && chit.lines);
		},

		/** Every station a printer, a live screen or a recent ticket names, with its health. */
		async stationHealths(this: DeviceThis): Promise<StationHealth[]> {
			const [printers, screens, dispatch] = await Promise.all([
				this.table("printers").where({ kind: "kitchen" }).whereNotNull("station").orderBy("created_at").orderBy("id") as Promise<
					PrinterRow[]
				>,
				this.table("screens").where(
					"seen_at",
					">",
					this.db.raw("now() - make_interval(secs => ?)", [SCREEN_LIVE_SECONDS]),
				) as Promise<{ stations: string[] | string }[]>,
				this.broker
					.call<{ station: string; lastAckAt: string | null; unacknowledged: number }[]>("kitchen.dispatchStats")
					.catch(err => {
						this.logger.debug(`Station health without the kitchen's acks: ${(err as Error).message}`);
						return [];
					}),
			]);
			const screenStations = screens.map(s => (typeof s.stations === "string" ? (JSON.parse(s.stations) as string[]) : s.stations));
			const names = new Set<string>([...printers.map(p => p.station!), ...screenStations.flat(), ...dispatch.map(d => d.station)]);
			return [...names].sort().map(station => {
				const d = dispatch.find(x => x.station === station);
				return stationHealth({
					station,
					screens: screenStations.filter(s => s.includes(station)).length,
					printers: printers
						.filter(p => p.station === station)
						.map(p => ({ id: p.id, name: p.name, status: printerStatus({ failingSince: p.failing_since }) })),
					lastAckAt: d?.lastAckAt ?? null,
					unacknowledged: d?.unacknowledged ?? 0,
				});
			});
		},

		/**
		 * Compares each station's health with what was last pushed and records `station.updated` for a change, once
		 * across nodes (a compare-and-set on the stored snapshot). Screens silent too long are dropped first.
		 */
		checkHealth(this: DeviceThis): void {
			if (this.$stopping || this.$checking) return;
			this.$checking = true;
			(async () => {
				await this.table("screens")
					.where("seen_at", "<", this.db.raw("now() - make_interval(secs => ?)", [SCREEN_LIVE_SECONDS * 4]))
					.delete();
				for (const health of await this.stationHealths()) {
					const snapshot = healthSnapshot(health);
					await this.transaction(async trx => {
						const prior: { snapshot: string } | undefined = await this.table("station_health", trx)
							.where({ station: health.station })
							.first("snapshot");
						if (prior?.snapshot === snapshot) return;
						const took = prior
							? await this.table("station_health", trx)
									.where({ station: health.station, snapshot: prior.snapshot })
									.update({ snapshot, updated_at: trx.fn.now() })
							: (
									(await this.table("station_health", trx)
										.insert({ station: health.station, snapshot })
										.onConflict("station")
										.ignore()
										.returning("station")) as unknown[]
								).length;
						if (took) await this.recordEvent(trx, DEVICE_EVENTS.stationUpdated, { station: health });
					});
				}
			})()
				.catch(err => this.logger.warn("Station health check failed", err))
				.finally(() => {
					this.$checking = false;
				});
		},

		kick(this: DeviceThis): void {
			if (!this.$stopping) this.tick().catch(err => this.logger.warn("Print worker tick failed", err));
		},

		/** Starts a worker for every printer with queued jobs that is not resting after a failure. */
		async tick(this: DeviceThis): Promise<void> {
			const ids: { printer_id: string }[] = await this.db
				.withSchema(SCHEMAS.device)
				.from("print_jobs as j")
				.join("printers as p", "p.id", "j.printer_id")
				.where("j.state", "queued")
				.where(q => q.whereNull("p.retry_at").orWhere("p.retry_at", "<=", this.db.fn.now()))
				.distinct("j.printer_id");
			for (const { printer_id } of ids) {
				if (this.$workers.has(printer_id)) continue;
				this.$workers.add(printer_id);
				this.drain(printer_id)
					.catch(err => this.logger.warn(`Print worker for ${printer_id} stopped`, err))
					.finally(() => this.$workers.delete(printer_id));
			}
		},

		/**
		 * Sends a printer's jobs oldest first while it holds the printer's lease (a conditional update of its row, so
		 * one node at a time sends to it). A job is printed once the printer took it whole; a failure leaves it queued
		 * and rests the printer (doubling backoff), so the jobs after it wait and keep their order.
		 */
		async drain(this: DeviceThis, printerId: string): Promise<void> {
			const { timeoutMs, retryMs } = runtimeOf(this.broker).config.printers;
			const owner = `${this.broker.nodeID}:${printerId}`;
			const leaseSecs = Math.ceil((timeoutMs * 2) / 1000) + 5;
			while (!this.$stopping) {
				const [printer]: PrinterRow[] = await this.table("printers")
					.where({ id: printerId })
					.where(q => q.whereNull("lease_until").orWhere("lease_until", "<", this.db.fn.now()).orWhere("lease_owner", owner))
					.where(q => q.whereNull("retry_at").orWhere("retry_at", "<=", this.db.fn.now()))
					.update({ lease_owner: owner, lease_until: this.db.raw("now() + make_interval(secs => ?)", [leaseSecs]) })
					.returning("*");
				if (!printer) return;
				const job = await this.table("print_jobs").where({ printer_id: printerId, state: "queued" }).orderBy("seq").first();
				if (!job) {
					await this.table("printers")
						.where({ id: printerId, lease_owner: owner })
						.update({ lease_owner: null, lease_until: null });
					return;
				}
				let outcome: { ok: true } | { ok: false; error: string };
				try {
					await sendRaw(printer.host, printer.port, encode(job.document), timeoutMs);
					outcome = { ok: true };
				} catch (err) {
					outcome = { ok: false, error: (err as Error).message };
				}
				const next = afterSend({ state: "queued", attempts: job.attempts }, printer, outcome, retryMs);
				await this.transaction(async trx => {
					await this.table("print_jobs", trx)
						.where({ id: job.id, state: "queued" })
						.update({
							state: next.job.state,
							attempts: next.job.attempts,
							last_error: next.job.lastError,
							...(next.job.state === "printed" && { printed_at: trx.fn.now() }),
						});
					await this.table("printers", trx)
						.where({ id: printerId })
						.update(
							outcome.ok
								? {
										failures: 0,
										failing_since: null,
										retry_at: null,
										last_error: null,
										last_ok_at: trx.fn.now(),
										offline_announced: false,
									}
								: {
										failures: next.printer.failures,
										failing_since: trx.raw("coalesce(failing_since, now())"),
										retry_at: trx.raw("now() + make_interval(secs => ?)", [(next.printer.retryInMs ?? 0) / 1000]),
										last_error: next.job.lastError,
										lease_owner: null,
										lease_until: null,
									},
						);
				});
				if (!outcome.ok) {
					this.logger.warn(`Printer ${printer.name} (${printer.host}:${printer.port}) failed: ${outcome.error}`);
					return;
				}
			}
		},
	},

	created(this: DeviceThis) {
		this.$workers = new Set();
	},

	async started(this: DeviceThis) {
		this.$timer = setInterval(() => this.kick(), POLL_MS);
		this.$timer.unref();
		this.$health = setInterval(() => this.checkHealth(), HEALTH_MS);
		this.$health.unref();
	},

	async stopped(this: DeviceThis) {
		this.$stopping = true;
		clearInterval(this.$timer);
		clearInterval(this.$health);
	},
};

interface DeviceMethods {
	printer(id: string): Promise<Printer>;
	printerRow(trx: Trx | undefined, id: string): Promise<PrinterRow | undefined>;
	queuedCounts(id?: string): Promise<Map<string, number>>;
	checkPrinter(p: Partial<PrinterInput>, id: string): Promise<void>;
	addJob(trx: Trx, printer: PrinterRow, kind: string, sourceKey: string | null, document: string): Promise<PrintJob>;
	printChits(event: DomainEvent<OrderPlaced | OrderUpdated>, itemIds: string[] | undefined, cause: ChitCause): Promise<void>;
	reroute(trx: Trx, e: { ticket: Ticket; round: number; takenBy: string | null }): Promise<boolean>;
	stationHealths(): Promise<StationHealth[]>;
	checkHealth(): void;
	kick(): void;
	tick(): Promise<void>;
	drain(printerId: string): Promise<void>;
}

export default DeviceService as unknown as ServiceSchema;
