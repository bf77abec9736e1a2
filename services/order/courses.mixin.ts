// Fire: a waiter sends a held course to the kitchen (POST /orders/:id/fire), or, with FIRE_NEXT_COURSE=on_bump,
// the kitchen's last move on a course sends the next. The lines' fire, the order's fired course and the
// order.updated event the kitchen makes its tickets from are written in one transaction, under the order's row
// lock: a fire that reaches no station cannot commit, and two tablets firing one course fire it once.
import type { ServiceSchema, ServiceSettingSchema } from "moleculer";
import { runtimeOf } from "../../lib/runtime";
import type { Trx } from "../../lib/db";
import type { Order } from "../../contracts";
import { courseToFireOnBump, linesToFire } from "./courses";
import * as repo from "./repository";
import { STAFF, type Ctx, type OrderThis } from "./order-this";

export function CoursesMixin(): Partial<ServiceSchema> {
	const schema: Partial<ServiceSchema<ServiceSettingSchema, OrderThis>> = {
		actions: {
			fire: {
				rest: "POST /:id/fire",
				access: STAFF,
				params: { $$strict: "remove", id: "uuid", course: { type: "number", integer: true, min: 1, max: 9, convert: false } },
				async handler(this: OrderThis, ctx: Ctx<{ id: string; course: number }>): Promise<Order> {
					const user = this.userOf(ctx);
					return this.transaction(async trx =>
						this.fireCourse(trx, await this.lockOpen(trx, ctx.params.id), ctx.params.course, user),
					);
				},
			},
		},

		methods: {
			async fireCourse(this: OrderThis, trx: Trx, locked: Order, course: number, by: string | null): Promise<Order> {
				const lines = linesToFire(locked.items, course);
				// Fired already (a second tablet's tap), or nothing of it ordered: nothing changes, no event, same version.
				if (!lines.length) return locked;
				const itemIds = lines.map(i => i.id);
				await repo.fire(this.tables(trx), itemIds, new Date());
				return this.settle(trx, locked, {
					change: "course_fired",
					course,
					itemIds,
					by,
					firedCourse: Math.max(locked.firedCourse, course),
				});
			},

			async fireOnBump(this: OrderThis, trx: Trx, moved: Order): Promise<Order> {
				if (runtimeOf(this.broker).config.courseFiring !== "on_bump") return moved;
				const course = courseToFireOnBump(moved.items);
				// A second event after the kitchen's own: nobody tapped Fire (by null), the last move of the course did.
				return course === null ? moved : this.fireCourse(trx, moved, course, null);
			},
		},
	};
	return schema as Partial<ServiceSchema>;
}
