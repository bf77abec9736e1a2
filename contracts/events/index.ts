// Every durable event Brigade's services exchange: its name, its payload, and the types a producer and a
// consumer use, so a change to a payload shows up in every service that reads it.
import type { Context } from "moleculer";
import { APPROVAL_EVENTS, type ApprovalEvents } from "./approval";
import { SIGN_IN_EVENTS, USER_EVENTS, type AuthEvents } from "./auth";
import { BILLING_EVENTS, type BillingEvents } from "./billing";
import { DRAWER_EVENTS, type DrawerEvents } from "./drawer";
import { DEVICE_EVENTS, type DeviceEvents } from "./device";
import { GUEST_EVENTS, type GuestEvents } from "./guest";
import type { DomainEvent } from "./envelope";
import { KITCHEN_EVENTS, type KitchenEvents } from "./kitchen";
import { ACCOUNT_MAIL_EVENTS, RECEIPT_EVENTS, type MailEvents } from "./mail";
import { MENU_EVENTS, type MenuEvents } from "./menu";
import { NOTIFICATION_EVENTS, type NotificationEvents } from "./notification";
import { ORDER_EVENTS, type OrderEvents } from "./order";
import { PAYMENT_LINK_EVENTS, type PaymentLinkEvents } from "./payment-links";
import { TABLE_EVENTS, type TableEvents } from "./table";

export * from "./approval";
export * from "./auth";
export * from "./billing";
export * from "./drawer";
export * from "./device";
export * from "./envelope";
export * from "./guest";
export * from "./kitchen";
export * from "./mail";
export * from "./menu";
export * from "./notification";
export * from "./order";
export * from "./payment-links";
export * from "./table";

/** Each event's name and the payload its producer records. */
export interface EventPayloads
	extends AuthEvents,
		MenuEvents,
		TableEvents,
		OrderEvents,
		KitchenEvents,
		BillingEvents,
		NotificationEvents,
		DrawerEvents,
		DeviceEvents,
		ApprovalEvents,
		GuestEvents,
		MailEvents,
		PaymentLinkEvents {}

export type EventName = keyof EventPayloads;

/** The envelope of one named event. */
export type EventOf<K extends EventName> = DomainEvent<EventPayloads[K]> & { type: K };

/** Any durable event: a union a switch on `type` narrows to the right payload. */
export type BrigadeEvent = { [K in EventName]: EventOf<K> }[EventName];

/** What a channel handler declared with `context: true` receives for event `K`. */
export type EventContext<K extends EventName> = Context<EventOf<K>>;

/** Every durable event by name, at run time (a consumer's subscription can be checked against it). */
export const EVENT_NAMES = [
	...Object.values(USER_EVENTS),
	...Object.values(SIGN_IN_EVENTS),
	...Object.values(MENU_EVENTS),
	...Object.values(TABLE_EVENTS),
	...Object.values(ORDER_EVENTS),
	...Object.values(KITCHEN_EVENTS),
	...Object.values(BILLING_EVENTS),
	...Object.values(NOTIFICATION_EVENTS),
	...Object.values(DRAWER_EVENTS),
	...Object.values(DEVICE_EVENTS),
	...Object.values(APPROVAL_EVENTS),
	...Object.values(GUEST_EVENTS),
	...Object.values(RECEIPT_EVENTS),
	...Object.values(ACCOUNT_MAIL_EVENTS),
	...Object.values(PAYMENT_LINK_EVENTS),
] as const satisfies readonly EventName[];

// Compile-time: an event added to EventPayloads but to none of the name constants fails here.
type Unlisted = Exclude<EventName, (typeof EVENT_NAMES)[number]>;
export const EVERY_EVENT_LISTED: [Unlisted] extends [never] ? true : Unlisted = true;
