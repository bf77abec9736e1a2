// Every durable event Brigade's services exchange: its name, its payload, and the types a producer and a
// consumer use, so a change to a payload shows up in every service that reads it.
import type { Context } from "moleculer";
import type { AuthEvents } from "./auth";
import type { BillingEvents } from "./billing";
import type { DomainEvent } from "./envelope";
import type { KitchenEvents } from "./kitchen";
import type { MenuEvents } from "./menu";
import type { NotificationEvents } from "./notification";
import type { OrderEvents } from "./order";
import type { TableEvents } from "./table";

export * from "./auth";
export * from "./billing";
export * from "./envelope";
export * from "./kitchen";
export * from "./menu";
export * from "./notification";
export * from "./order";
export * from "./table";

/** Each event's name and the payload its producer records. */
export interface EventPayloads extends AuthEvents, MenuEvents, TableEvents, OrderEvents, KitchenEvents, BillingEvents, NotificationEvents {}

export type EventName = keyof EventPayloads;

/** The envelope of one named event. */
export type EventOf<K extends EventName> = DomainEvent<EventPayloads[K]> & { type: K };

/** Any durable event: a union a switch on `type` narrows to the right payload. */
export type BrigadeEvent = { [K in EventName]: EventOf<K> }[EventName];

/** What a channel handler declared with `context: true` receives for event `K`. */
export type EventContext<K extends EventName> = Context<EventOf<K>>;
