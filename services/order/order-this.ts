// What the order service's handlers see as `this`: the service with its database, idempotency and the methods
// order.service.ts and its mixins (menu calls, courses, the kitchen's moves) give one another.
import type { Context, Service } from "moleculer";
import type { DbMethods } from "../../mixins/db.mixin";
import type { IdempotencyMethods } from "../../mixins/idempotency.mixin";
import type { Trx } from "../../lib/db";
import type { CountdownLine, GatewayMeta, Order, OrderStatus, OrderUpdated } from "../../contracts";
import type { KitchenMoveMethods } from "./kitchen-moves.mixin";
import type { LineInput, Priced } from "./pricing";

export type Ctx<P = Record<string, never>> = Context<P, GatewayMeta>;

/** What an order change writes beside its event: a status forced (cancel) and the course the kitchen has reached. */
export type Change = Omit<OrderUpdated, "order"> & { status?: OrderStatus; firedCourse?: number; covers?: number | null };

export interface OrderMethods {
	userOf(ctx: Ctx<unknown>): string;
	lockOrder(trx: Trx, id: string): Promise<Order>;
	lockOpen(trx: Trx, id: string): Promise<Order>;
	settle(trx: Trx, locked: Order, change: Change): Promise<Order>;
	mustFind(id: string): Promise<Order>;
	tableClear(trx: Trx, order: Order, others?: string[]): Promise<boolean>;
}

export interface MenuCallMethods {
	/** Prices the lines from the menu as it is now; `field` names the lines in a refusal ("items"). */
	priceLines(ctx: Ctx<unknown>, lines: LineInput[], field?: string): Promise<Priced>;
	/** Takes the portions the lines need from the menu's countdowns under `holdId` (none needed: undefined, no call). */
	holdPortions(ctx: Ctx<unknown>, countdown: CountdownLine[], holdId: () => string): Promise<string | undefined>;
	/** Gives a hold's portions back after the write it was for failed (best effort: the menu's sweeper is the backstop). */
	releaseHold(ctx: Ctx<unknown>, holdId: string | undefined, err: unknown): Promise<void>;
}

export interface CourseMethods {
	/** Sends the held lines of `course` and below to the kitchen; nothing held there: the order as it was, no event. */
	fireCourse(trx: Trx, locked: Order, course: number, by: string | null): Promise<Order>;
	/** FIRE_NEXT_COURSE=on_bump: after a kitchen move, the next course fires once the last one sent is at the pass. */
	fireOnBump(trx: Trx, moved: Order): Promise<Order>;
}

export type OrderThis = Service &
	DbMethods &
	IdempotencyMethods &
	OrderMethods &
	MenuCallMethods &
	CourseMethods &
	KitchenMoveMethods & { removeCollector?: () => void };

/** Who takes orders and changes them from the floor. */
export const STAFF = ["staff", "admin"] as const;

/** A reason for a void, a cancel, a comp or a remake: said in a few words, never empty. */
export const reason = { type: "string", trim: true, min: 1, max: 200 } as const;
