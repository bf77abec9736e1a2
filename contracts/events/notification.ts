// Events the notification service produces: something a person on shift should hear about was written.
import type { Notification, Role } from "../domain";

export const NOTIFICATION_EVENTS = { created: "notification.created" } as const;

/** One user, or everyone with a role (a kitchen notice narrowed to the stations it concerns). */
export type Recipient = { userId: string } | { role: Role; stations?: string[] };

export interface NotificationCreated {
	notification: Notification;
	to: Recipient;
}

export interface NotificationEvents {
	"notification.created": NotificationCreated;
}
