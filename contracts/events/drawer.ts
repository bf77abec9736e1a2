// Events the drawer service produces: a drawer closed and counted (the day's close reads its difference).
export const DRAWER_EVENTS = { closed: "drawer.closed" } as const;

/** Cash put in (+) or taken out (−) of a drawer by hand, with why. */
export interface DrawerMovement {
	id: string;
	amountCents: number;
	reason: string;
	by: string | null;
	at: string;
}

/**
 * A cash drawer (API.md "Drawer and the day's close"). expectedCents = float + cash in/out + cash taken on
 * captured cash payments (amount + tip: change never stays) − cash refunds, while it was open; frozen at close.
 */
export interface Drawer {
	id: string;
	/** The till or device it belongs to: one open drawer per name. */
	name: string;
	status: "open" | "closed";
	floatCents: number;
	cashInCents: number;
	cashOutCents: number;
	cashPaymentsCents: number;
	cashRefundsCents: number;
	expectedCents: number;
	countedCents: number | null;
	/** counted − expected: negative is cash missing. */
	differenceCents: number | null;
	openedBy: string | null;
	openedAt: string;
	closedBy: string | null;
	closedAt: string | null;
	movements: DrawerMovement[];
}

export interface DrawerClosed {
	drawer: Drawer;
	by: string | null;
}

export interface DrawerEvents {
	"drawer.closed": DrawerClosed;
}
