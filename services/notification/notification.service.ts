// Notifications: domain events turned into a word for the right people. The waiter who placed an order
// hears when it is ready; the kitchen hears when an item is voided or an order cancelled; admins hear about
// refunds. Each is kept with its read state and pushed live (`notification`).
import crypto from "node:crypto";
import type { Context, Service, ServiceSchema, ServiceSettingSchema } from "moleculer";
import { DbMixin, type DbMethods } from "../../mixins/db.mixin";
import { SCHEMAS } from "../../lib/config";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import {
	BILLING_EVENTS,
	CommonErrors,
	DEVICE_EVENTS,
	GUEST_EVENTS,
	NOTIFICATION_EVENTS,
	NotificationErrors,
	ORDER_EVENTS,
	type AuthUser,
	type EventContext,
	type GatewayMeta,
	type Notification,
} from "../../contracts";
import * as repo from "./repository";
import {
	guestCallNotifications,
	orderNotifications,
	printerNotifications,
	refundNotifications,
	unacknowledgedNotifications,
	type Draft,
} from "./rules";

type NotificationThis = Service & DbMethods & NotificationMethods;
type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

const NotificationService: ServiceSchema<ServiceSettingSchema, NotificationThis> = {
	name: "notification",
	mixins: [DbMixin("notification", SCHEMAS.notification)],
	settings: {
		rest: "/notifications",
	},

	channels: {
		[ORDER_EVENTS.updated]: {
			group: "notification",
			context: true,
			async handler(this: NotificationThis, ctx: EventContext<"order.updated">) {
				const notes = orderNotifications(ctx.params.data);
				if (notes.length)
					await this.handleOnce(ctx.params, trx => this.notify(trx, notes, new Date(ctx.params.at), ctx.params.data.by));
			},
		},
		// A printer failed long enough that its jobs print on its fallback: the floor and the admins hear of it.
		[DEVICE_EVENTS.printerOffline]: {
			group: "notification",
			context: true,
			async handler(this: NotificationThis, ctx: EventContext<"printer.offline">) {
				await this.handleOnce(ctx.params, trx =>
					this.notify(trx, printerNotifications(ctx.params.data), new Date(ctx.params.at), null),
				);
			},
		},
		// A ticket no screen acknowledged was printed or sent to the expo: the waiter who took it hears.
		[DEVICE_EVENTS.ticketRerouted]: {
			group: "notification",
			context: true,
			async handler(this: NotificationThis, ctx: EventContext<"ticket.rerouted">) {
				const notes = unacknowledgedNotifications(ctx.params.data);
				if (notes.length) await this.handleOnce(ctx.params, trx => this.notify(trx, notes, new Date(ctx.params.at), null));
			},
		},
		// A guest at a table called the waiter or asked for the bill: the table's waiter hears it.
		[GUEST_EVENTS.called]: {
			group: "notification",
			context: true,
			async handler(this: NotificationThis, ctx: EventContext<"guest.called">) {
				await this.handleOnce(ctx.params, trx =>
					this.notify(trx, guestCallNotifications(ctx.params.data), new Date(ctx.params.at), null),
				);
			},
		},
		[BILLING_EVENTS.refunded]: {
			group: "notification",
			context: true,
			async handler(this: NotificationThis, ctx: EventContext<"payment.refunded">) {
				const notes = refundNotifications(ctx.params.data, runtimeOf(this.broker).config.currency);
				await this.handleOnce(ctx.params, trx => this.notify(trx, notes, new Date(ctx.params.at), ctx.params.data.by));
			},
		},
	},

	actions: {
		list: {
			rest: "GET /",
			access: "user",
			params: {
				unread: { type: "boolean", optional: true, convert: true },
				limit: { type: "number", integer: true, min: 1, max: 200, optional: true, convert: true },
			},
			async handler(this: NotificationThis, ctx: Ctx<{ unread?: boolean; limit?: number }>): Promise<Notification[]> {
				return repo.list(this.tables(), this.me(ctx), { unread: ctx.params.unread ?? false, limit: ctx.params.limit ?? 50 });
			},
		},

		read: {
			rest: "POST /:id/read",
			access: "user",
			params: { id: "uuid" },
			async handler(this: NotificationThis, ctx: Ctx<{ id: string }>): Promise<null> {
				const me = this.me(ctx);
				// Someone else's notification is as good as missing: 404, not 403, so ids reveal nothing.
				if (!(await repo.isVisible(this.tables(), me, ctx.params.id))) throw NotificationErrors.notFound(ctx.params.id);
				await repo.markRead(this.tables(), me.id, [ctx.params.id]);
				ctx.meta.$statusCode = 204;
				return null;
			},
		},

		readAll: {
			rest: "POST /read-all",
			access: "user",
			async handler(this: NotificationThis, ctx: Ctx): Promise<null> {
				const me = this.me(ctx);
				await repo.markRead(this.tables(), me.id, await repo.unreadIds(this.tables(), me));
				ctx.meta.$statusCode = 204;
				return null;
			},
		},
	},

	methods: {
		me(this: NotificationThis, ctx: Ctx<unknown>): AuthUser {
			const user = ctx.meta.user;
			if (!user) throw CommonErrors.unauthorized();
			return user;
		},

		/** Stores each notification (the one who caused it has it read already) and records its push. */
		async notify(this: NotificationThis, trx: Trx, notes: Draft[], at: Date, by: string | null): Promise<void> {
			for (const n of notes) {
				const notification = await repo.insert(this.tables(trx), { id: crypto.randomUUID(), ...n, at });
				if (by && "role" in n.to) await repo.markRead(this.tables(trx), by, [notification.id]);
				await this.recordEvent(trx, NOTIFICATION_EVENTS.created, { notification, to: n.to });
			}
		},
	},
};

interface NotificationMethods {
	me(ctx: Ctx<unknown>): AuthUser;
	notify(trx: Trx, notes: Draft[], at: Date, by: string | null): Promise<void>;
}

export default NotificationService as unknown as ServiceSchema;
