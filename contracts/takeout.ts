// Takeouts from the public page (POST /public/takeout): what the guest gets back, what the page shows on return.
import type { AuthUser } from "./domain";

/** Where a user id is written for a takeout the public page placed (nobody on the staff took it). */
export const PUBLIC_PAGE_ID = "00000000-0000-4000-8000-000000000000";

/** Who the public page is to the services it asks (billing keeps who made a bill; no gateway ever sees this). */
export const PUBLIC_PAGE_CALLER: AuthUser = {
	id: PUBLIC_PAGE_ID,
	username: "takeout-page",
	fullName: "Takeout page",
	role: "staff",
	isActive: true,
	createdAt: "2026-01-01T00:00:00.000Z",
	sessionId: PUBLIC_PAGE_ID,
};

/** A takeout's payment link once made: what a retry of the same request answers with. */
export interface TakeoutLink {
	billId: string;
	paymentId: string;
	paymentUrl: string;
	/** What the link charges: the bill's total, tax and service charge included. */
	amountCents: number;
}

/** A line as the public page sends it (the order service checks it against the menu, as any order's). */
export interface TakeoutLine {
	menuItemId: string;
	quantity: number;
	notes?: string;
	modifiers?: { groupId: string; optionIds: string[] }[];
}

/** POST /public/takeout → 201: the order, and the payment link its guest opens to pay. */
export interface TakeoutPlaced {
	orderId: string;
	paymentId: string;
	paymentUrl: string;
	/** What the guest pays by the link: the bill's total (tax and service charge included). */
	totalCents: number;
	pickupAt: string;
}

/** Where a takeout is, in the guest's words: paying, cooking, ready at the counter, collected, or cancelled. */
export type TakeoutState = "awaiting_payment" | "in_kitchen" | "ready" | "collected" | "cancelled";

/** GET /public/takeout/:id: what the public page shows once the guest is back from paying (no staff data). */
export interface TakeoutView {
	orderId: string;
	state: TakeoutState;
	name: string;
	pickupAt: string;
	totalCents: number;
	items: { name: string; quantity: number; options: string[] }[];
	/** While awaiting payment: the link to pay (again). */
	paymentUrl: string | null;
}
