// The floor: tables with seats, area and a status that follows the orders (occupied on the first order),
// and each table's QR code pointing at the guest menu.
import QRCode from "qrcode";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import { isUniqueViolation, type Trx } from "../../lib/db";
import {
	ORDER_EVENTS,
	TABLE_EVENTS,
	TABLE_PLAN,
	TABLE_SHAPES,
	TABLE_STATUSES,
	TableErrors,
	type EventContext,
	type GatewayMeta,
	type Order,
	type Table,
	type TableChange,
	type TableStatus,
} from "../../contracts";
import * as repo from "./repository";
import { checkPosition, checkRemovable, checkTableChange, freesTable, orderMovesTable, seatsByMove, seatsTable, tableOf } from "./rules";

type TableThis = Service & DbMethods & TableMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const name = { type: "string", trim: true, min: 1, max: 40 } as const;
const seats = { type: "number", integer: true, min: 1, max: 100, convert: false } as const;
const area = { type: "string", trim: true, max: 40 } as const;
const status = { type: "enum", values: [...TABLE_STATUSES] } as const;
// Where it stands on its area's plan (its centre, plan units) and how it is drawn; null x and y take it off the plan.
const coord = (max: number) => ({ type: "number", integer: true, min: 0, max, nullable: true, optional: true, convert: false }) as const;
const plan = {
	x: coord(TABLE_PLAN.width),
	y: coord(TABLE_PLAN.height),
	shape: { type: "enum", values: [...TABLE_SHAPES], optional: true },
} as const;

const TableService: ServiceSchema<ServiceSettingSchema, TableThis> = {
	name: "table",
	mixins: [DbMixin("table", SCHEMAS.table)],
	settings: {
		rest: "/tables",
	},

	channels: {
		// The first order seats the table; it is free again once its last order is cancelled or paid (the order
		// service says so in `tableClear`: nothing else at the table is open or waiting for payment). A takeout or
		// a bar tab has no table: it moves none.
		[ORDER_EVENTS.placed]: {
			group: "table",
			context: true,
			async handler(this: TableThis, ctx: EventContext<"order.placed">) {
				if (!seatsTable(ctx.params.data.order)) return;
				await this.handleOnce(ctx.params, trx => this.followOrder(trx, ctx.params.data.order, "occupied"));
			},
		},
		[ORDER_EVENTS.updated]: {
			group: "table",
			context: true,
			async handler(this: TableThis, ctx: EventContext<"order.updated">) {
				const { order, tableClear, fromTable, change } = ctx.params.data;
				// An order (or some of its lines) moved to another table seats it; the table a move left is freed
				// when nothing else there is open or unpaid.
				const seats = seatsByMove(order, change);
				const frees = freesTable(order, tableClear);
				const left = fromTable?.tableClear ? fromTable.tableId : null;
				if (!seats && !frees && !left) return;
				await this.handleOnce(ctx.params, async trx => {
					if (left) await this.followTable(trx, left, "available");
					if (seats) await this.followOrder(trx, order, "occupied");
					if (frees) await this.followOrder(trx, order, "available");
				});
			},
		},
	},

	actions: {
		list: {
			rest: "GET /",
			access: "user",
			async handler(this: TableThis): Promise<Table[]> {
				return repo.list(this.tables());
			},
		},

		create: {
			rest: "POST /",
			access: ["admin"],
			params: { $$strict: "remove", name, seats, area: { ...area, optional: true }, ...plan },
			async handler(
				this: TableThis,
				ctx: Ctx<{ name: string; seats: number; area?: string } & Partial<Pick<Table, "x" | "y" | "shape">>>,
			) {
				checkPosition(ctx.params);
				const table = await this.changeTable(ctx, async trx => ({
					table: await repo.insert(this.tables(trx), {
						name: ctx.params.name,
						seats: ctx.params.seats,
						area: ctx.params.area ?? "",
						x: ctx.params.x ?? null,
						y: ctx.params.y ?? null,
						shape: ctx.params.shape ?? "square",
					}),
					change: "created",
				}));
				ctx.meta.$statusCode = 201;
				return table;
			},
		},

		update: {
			rest: "PATCH /:id",
			// Admins change anything; floor staff set the status (reserved, cleaning, available again).
			access: ["admin", "staff"],
			params: {
				$$strict: "remove",
				id: "uuid",
				name: { ...name, optional: true },
				seats: { ...seats, optional: true },
				area: { ...area, optional: true },
				status: { ...status, optional: true },
				...plan,
			},
			async handler(this: TableThis, ctx: Ctx<{ id: string } & Partial<Omit<Table, "id">>>) {
				const { id, ...patch } = ctx.params;
				checkTableChange(ctx.meta.user?.role, patch);
				checkPosition(patch);
				return this.changeTable(ctx, async trx => {
					if (!(await repo.find(this.tables(trx), id, true))) throw TableErrors.notFound(id);
					return { table: await repo.update(this.tables(trx), id, patch), change: "updated" };
				});
			},
		},

		remove: {
			rest: "DELETE /:id",
			access: ["admin"],
			params: { id: "uuid" },
			async handler(this: TableThis, ctx: Ctx<{ id: string }>) {
				await this.changeTable(ctx, async trx => {
					const table = await repo.find(this.tables(trx), ctx.params.id, true);
					if (!table) throw TableErrors.notFound(ctx.params.id);
					checkRemovable(table);
					await repo.softDelete(this.tables(trx), table.id);
					return { table, change: "deleted" };
				});
				ctx.meta.$statusCode = 204;
				return null;
			},
		},

		qr: {
			rest: "GET /:id/qr",
			access: "public",
			params: { id: "uuid", format: { type: "enum", values: ["svg", "png"], optional: true } },
			async handler(this: TableThis, ctx: Ctx<{ id: string; format?: "svg" | "png" }>) {
				const table = await repo.find(this.tables(), ctx.params.id);
				if (!table) throw TableErrors.notFound(ctx.params.id);
				const link = `${runtimeOf(this.broker).config.publicUrl}/guest/?table=${table.id}`;
				ctx.meta.$responseHeaders = { "Cache-Control": "public, max-age=3600", "X-Guest-Link": link };
				if (ctx.params.format === "png") {
					ctx.meta.$responseType = "image/png";
					return QRCode.toBuffer(link, { type: "png", margin: 2, width: 512, errorCorrectionLevel: "M" });
				}
				ctx.meta.$responseType = "image/svg+xml";
				return QRCode.toString(link, { type: "svg", margin: 2, errorCorrectionLevel: "M" });
			},
		},

		/** The name a guest's menu page shows for the table it was opened from (the QR link): nothing more. */
		guest: {
			rest: "GET /:id/guest",
			access: "public",
			params: { id: "uuid" },
			async handler(this: TableThis, ctx: Ctx<{ id: string }>): Promise<Pick<Table, "id" | "name">> {
				const table = await repo.find(this.tables(), ctx.params.id);
				if (!table) throw TableErrors.notFound(ctx.params.id);
				return { id: table.id, name: table.name };
			},
		},

		/** One table, for the order service to check before it places an order. Not on HTTP. */
		get: {
			visibility: "public",
			params: { id: "uuid" },
			async handler(this: TableThis, ctx: Ctx<{ id: string }>): Promise<Table> {
				const table = await repo.find(this.tables(), ctx.params.id);
				if (!table) throw TableErrors.notFound(ctx.params.id);
				return table;
			},
		},
	},

	methods: {
		/** Says where the QR codes send guests when PUBLIC_URL does not, and warns when a phone cannot open it. */
		announceGuestLink(this: TableThis) {
			const { publicUrl, guestLink, transporter } = runtimeOf(this.broker).config;
			if (!guestLink.reachable) {
				this.logger.warn(
					`Table QR codes link to ${publicUrl}, which guests' phones cannot open: set PUBLIC_URL to this server's address on your network`,
				);
			} else if (guestLink.source === "network address") {
				const where = transporter
					? "this node's network address (set PUBLIC_URL to the gateway's, or its proxy's, address)"
					: "this machine's network address; set PUBLIC_URL to choose another";
				this.logger.info(`Table QR codes link to ${publicUrl}, ${where}`);
			}
		},

		/** Runs a change in a transaction and records `table.updated` with it; a duplicate name becomes a 409. */
		async changeTable(
			this: TableThis,
			ctx: Ctx<object>,
			fn: (trx: Trx) => Promise<{ table: Table; change: TableChange }>,
		): Promise<Table> {
			try {
				return await this.transaction(async trx => {
					const { table, change } = await fn(trx);
					await this.recordEvent(trx, TABLE_EVENTS.updated, { table, change, by: ctx.meta.user?.id ?? null });
					return table;
				});
			} catch (err) {
				if (isUniqueViolation(err)) throw TableErrors.nameTaken((ctx.params as { name?: string }).name ?? "");
				throw err;
			}
		},

		/** Moves a table to `to` because of an order, unless it is already there or gone (or the order has no table). */
		async followOrder(this: TableThis, trx: Trx, order: Order, to: TableStatus): Promise<void> {
			const tableId = tableOf(order);
			if (tableId) await this.followTable(trx, tableId, to);
		},

		/** Moves a table to `to` because of an order, unless it is already there or gone. */
		async followTable(this: TableThis, trx: Trx, tableId: string, to: TableStatus): Promise<void> {
			const table = await repo.find(this.tables(trx), tableId, true);
			if (!table || !orderMovesTable(table.status, to)) return;
			const updated = await repo.update(this.tables(trx), table.id, { status: to });
			await this.recordEvent(trx, TABLE_EVENTS.updated, { table: updated, change: "updated", by: null });
		},
	},

	started(this: TableThis) {
		this.announceGuestLink();
	},
};

interface TableMethods {
	announceGuestLink(): void;
	changeTable(ctx: Ctx<object>, fn: (trx: Trx) => Promise<{ table: Table; change: TableChange }>): Promise<Table>;
	followOrder(trx: Trx, order: Order, to: TableStatus): Promise<void>;
	followTable(trx: Trx, tableId: string, to: TableStatus): Promise<void>;
}

export default TableService as unknown as ServiceSchema;
