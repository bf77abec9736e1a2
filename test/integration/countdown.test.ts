// Countdowns (the issue's "86 countdown"), on the menu's side: menu.reserve takes an order's portions off its items'
// and options' counts all or none, under a hold; menu.release gives a live hold back; the order events keep a hold
// and return portions never cooked (each event once); the sweeper releases a hold whose order never came. The
// calls go over the bus from the gateway's broker (another node when distributed), what they did is read through
// GET /menu and the pushes. Two tablets racing for the last portion: one gets it, the other a 409 — on PostgreSQL
// in the distributed pass, where the reserves really run at once. The order events are handed to the menu's own
// channel handlers (the order service's use of the countdown has its own suite), so no fake order reaches the
// other services. The bookkeeping rules are unit-tested in services/menu/rules.test.ts.
import crypto from "node:crypto";
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import type { Service, ServiceBroker } from "moleculer";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { anOrder } from "../fixtures/domain";
import type { CountdownLine, EventName, EventPayloads, MenuItem, ModifierGroup } from "../../contracts";

type Menu = { categories: { items: MenuItem[] }[] };
type MenuService = Service<{ holdSeconds?: number }> & {
	sweepHolds(): Promise<number>;
	schema: { channels: Record<string, { handler(this: unknown, ctx: { params: unknown }): Promise<void> }> };
};
interface SoldOut {
	code: number;
	type: string;
	data: { menuItemIds: string[]; remaining: Record<string, number> };
}

describe(`countdowns: reserve, release, keep, return, sweep — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let bus: ServiceBroker;
	let menuService: MenuService;
	let guest: Device;
	let categoryId: string;
	let sides: ModifierGroup;
	let n = 0;

	const admin = () => ({ token: r.token.admin });
	const reserve = (lines: CountdownLine[], holdId: string = crypto.randomUUID()) =>
		bus.call<{ holdId: string; taken: boolean }, { holdId: string; lines: CountdownLine[] }>("menu.reserve", { holdId, lines });
	const release = (holdId: string) => bus.call<{ holdId: string; released: boolean }, { holdId: string }>("menu.release", { holdId });
	const menu = async () => (await http.get<Menu>("/api/v1/menu")).body;
	const item = async (id: string) => (await menu()).categories.flatMap(c => c.items).find(i => i.id === id)!;
	const left = async (id: string) => (await item(id)).remaining;
	/**
	 * The count as the menu holds it, over the bus. After an event handled or a sweep (no request answered), a
	 * gateway's copy of GET /menu is dropped by a broadcast that may still be on its way.
	 */
	const leftNow = async (id: string) => (await bus.call<MenuItem[], { ids: string[] }>("menu.items", { ids: [id] }))[0].remaining;
	const optionLeft = async (groupId: string, optionId: string) => {
		const groups = (await http.get<ModifierGroup[]>("/api/v1/menu/modifier-groups", admin())).body;
		return groups.find(g => g.id === groupId)!.options.find(o => o.id === optionId)!.remaining;
	};
	const counted = async (remaining: number | null, body: Record<string, unknown> = {}) => {
		const res = await http.post<MenuItem>(
			"/api/v1/menu/items",
			{ categoryId, name: `Special ${++n}`, priceCents: 2200, station: "grill", remaining, ...body },
			admin(),
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const setOptionCount = async (optionId: string, remaining: number | null) =>
		assert.equal((await http.patch(`/api/v1/menu/modifier-options/${optionId}`, { remaining }, admin())).status, 200);
	/** An order event as the order service records it, handed to the menu's channel handler for it. */
	const deliver = <K extends EventName & ("order.placed" | "order.updated")>(
		type: K,
		data: EventPayloads[K],
		eventId = crypto.randomUUID(),
	) =>
		menuService.schema.channels[type].handler.call(menuService, {
			params: { eventId, type, at: new Date().toISOString(), source: "order", data },
		});
	const order = anOrder({ id: crypto.randomUUID(), type: "takeout", tableId: null, tableName: null, name: "Kim" });
	const soldOut = (check: (e: SoldOut) => void) => (err: SoldOut) => {
		assert.equal(err.code, 409);
		assert.equal(err.type, "ITEM_UNAVAILABLE");
		check(err);
		return true;
	};

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 0);
		bus = cluster.brokerOf("api");
		menuService = cluster.brokerOf("menu").getLocalService("menu") as unknown as MenuService;
		guest = await connectDevice(cluster.baseUrl);
		categoryId = r.dish.burger.categoryId;
		const res = await http.post<ModifierGroup>(
			"/api/v1/menu/modifier-groups",
			{ name: "Sides", maxChoices: 2, options: [{ name: "Truffle fries", priceDeltaCents: 300, remaining: 3 }, { name: "Salad" }] },
			admin(),
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		sides = res.body;
	});
	after(async () => {
		guest?.close();
		await cluster?.stop();
	});

	it("a reserve takes each line's quantity off its item and its options; the same hold again changes nothing", async () => {
		const steak = await counted(5, { modifierGroupIds: [sides.id] });
		const [truffle, salad] = sides.options;
		const lines = [{ menuItemId: steak.id, optionIds: [truffle.id, salad.id], quantity: 2 }];

		const first = await reserve(lines);
		assert.equal(first.taken, true);
		assert.equal(await left(steak.id), 3);
		assert.equal(await optionLeft(sides.id, truffle.id), 1);
		assert.equal(await optionLeft(sides.id, salad.id), null, "an option without a count is left alone");
		await guest.waitFor<MenuItem>("menu:update", i => i.id === steak.id && i.remaining === 3 && i.available);
		await guest.waitFor<ModifierGroup>("modifier:update", g => g.id === sides.id && g.options[0].remaining === 1);

		assert.deepEqual(await reserve(lines, first.holdId), first);
		assert.deepEqual([await left(steak.id), await optionLeft(sides.id, truffle.id)], [3, 1]);

		assert.deepEqual(await release(first.holdId), { holdId: first.holdId, released: true });
		assert.deepEqual([await left(steak.id), await optionLeft(sides.id, truffle.id)], [5, 3]);
		assert.deepEqual(await release(first.holdId), { holdId: first.holdId, released: false }, "released once");
		const unknown = crypto.randomUUID();
		assert.deepEqual(await release(unknown), { holdId: unknown, released: false }, "an unknown hold has nothing to give back");
	});

	it("short on one count, the reserve takes nothing at all and answers 409 naming what is left", async () => {
		const ribs = await counted(4);
		const soup = await counted(1);
		const [truffle] = sides.options;
		await setOptionCount(truffle.id, 2);

		await assert.rejects(
			reserve([
				{ menuItemId: ribs.id, optionIds: [truffle.id], quantity: 2 },
				{ menuItemId: soup.id, optionIds: [], quantity: 2 },
			]),
			soldOut(err => {
				assert.deepEqual(err.data.menuItemIds, [soup.id]);
				assert.deepEqual(err.data.remaining, { [soup.id]: 1 });
			}),
		);
		assert.deepEqual([await left(ribs.id), await left(soup.id), await optionLeft(sides.id, truffle.id)], [4, 1, 2]);

		await assert.rejects(
			reserve([{ menuItemId: ribs.id, optionIds: [truffle.id], quantity: 3 }]),
			soldOut(err => assert.deepEqual(err.data.remaining, { [truffle.id]: 2 })),
		);
		assert.deepEqual([await left(ribs.id), await optionLeft(sides.id, truffle.id)], [4, 2]);
	});

	it("taking the last portion sells the item out; giving it back brings it back", async () => {
		const pie = await counted(2);
		const hold = await reserve([{ menuItemId: pie.id, optionIds: [], quantity: 2 }]);

		assert.deepEqual([await left(pie.id), (await item(pie.id)).available], [0, false]);
		await guest.waitFor<MenuItem>("menu:update", i => i.id === pie.id && i.remaining === 0 && !i.available);
		await assert.rejects(
			reserve([{ menuItemId: pie.id, optionIds: [], quantity: 1 }]),
			soldOut(() => undefined),
		);

		await release(hold.holdId);
		assert.deepEqual([await left(pie.id), (await item(pie.id)).available], [2, true]);
	});

	it("lines without any count take nothing (taken: false), and answer the same again", async () => {
		const lines = [{ menuItemId: r.dish.beer.id, optionIds: [sides.options[1].id], quantity: 6 }];
		const hold = await reserve(lines);
		assert.equal(hold.taken, false);
		assert.deepEqual(await reserve(lines, hold.holdId), hold);
		assert.equal(await left(r.dish.beer.id), null);
	});

	it("a hold released after its order failed is taken again when the order is retried with the same id", async () => {
		const fish = await counted(3);
		const lines = [{ menuItemId: fish.id, optionIds: [], quantity: 1 }];
		const hold = await reserve(lines);
		await release(hold.holdId);
		assert.equal(await left(fish.id), 3);

		assert.deepEqual(await reserve(lines, hold.holdId), hold);
		assert.equal(await left(fish.id), 2);
	});

	it("order.placed keeps its hold: a kept hold is never released; the event twice changes nothing more", async () => {
		const duck = await counted(3);
		const hold = await reserve([{ menuItemId: duck.id, optionIds: [], quantity: 2 }]);
		const eventId = crypto.randomUUID();

		await deliver("order.placed", { order, by: r.userId.staff, holdId: hold.holdId }, eventId);
		await deliver("order.placed", { order, by: r.userId.staff, holdId: hold.holdId }, eventId);

		assert.deepEqual(await release(hold.holdId), { holdId: hold.holdId, released: false });
		assert.equal(await leftNow(duck.id), 1);
	});

	it("portions voided before cooking go back onto the counts, once per event, where a count remains", async () => {
		const lamb = await counted(5);
		const [truffle] = sides.options;
		await setOptionCount(truffle.id, 1);
		const hold = await reserve([{ menuItemId: lamb.id, optionIds: [truffle.id], quantity: 1 }]);
		assert.deepEqual([await left(lamb.id), await optionLeft(sides.id, truffle.id)], [4, 0]);
		const returned = [
			{ menuItemId: lamb.id, optionIds: [truffle.id], quantity: 1 },
			{ menuItemId: r.dish.soup.id, optionIds: [], quantity: 2 },
		];
		const voided = {
			order,
			change: "item_voided" as const,
			itemIds: [crypto.randomUUID()],
			returned,
			holdId: hold.holdId,
			by: r.userId.staff,
		};
		const eventId = crypto.randomUUID();

		await deliver("order.updated", voided, eventId);
		await deliver("order.updated", voided, eventId);

		assert.deepEqual([await leftNow(lamb.id), await optionLeft(sides.id, truffle.id), await leftNow(r.dish.soup.id)], [5, 1, null]);
		const group = (await http.get<ModifierGroup[]>("/api/v1/menu/modifier-groups", admin())).body.find(g => g.id === sides.id)!;
		assert.equal(group.options[0].available, true, "an option sold out by its count is back once a portion returns");
		assert.deepEqual(await release(hold.holdId), { holdId: hold.holdId, released: false }, "the event kept the hold");

		await deliver("order.updated", { ...voided, holdId: undefined });
		assert.equal(await leftNow(lamb.id), 6, "another event returning portions is another return");
	});

	it("the sweeper releases a hold whose order never came, not a kept one; an order event after the sweep takes it again", async () => {
		const cake = await counted(10);
		const forgotten = await reserve([{ menuItemId: cake.id, optionIds: [], quantity: 3 }]);
		const ordered = await reserve([{ menuItemId: cake.id, optionIds: [], quantity: 2 }]);
		const late = await reserve([{ menuItemId: cake.id, optionIds: [], quantity: 1 }]);
		await deliver("order.placed", { order, by: r.userId.staff, holdId: ordered.holdId });
		assert.equal(await leftNow(cake.id), 4);

		assert.equal(await menuService.sweepHolds(), 0, "nothing is stale before its time");
		const holdSeconds = menuService.settings.holdSeconds;
		menuService.settings.holdSeconds = 0.2;
		try {
			await new Promise(resolve => setTimeout(resolve, 400));
			// (The sweeper's own timer may get there first: what counts is what is left.)
			await menuService.sweepHolds();
		} finally {
			menuService.settings.holdSeconds = holdSeconds;
		}
		assert.equal(await leftNow(cake.id), 8, "the forgotten and the late holds are back; the ordered one stays taken");
		assert.deepEqual(await release(forgotten.holdId), { holdId: forgotten.holdId, released: false });

		await deliver("order.placed", { order, by: r.userId.staff, holdId: late.holdId });
		assert.equal(await leftNow(cake.id), 7, "the order came after all: its portion is taken again");
	});

	it("two tablets racing for the last portion: exactly one gets it, the other a 409, and the item is sold out", async () => {
		for (let round = 0; round < 3; round++) {
			const last = await counted(1);
			const results = await Promise.allSettled([
				reserve([{ menuItemId: last.id, optionIds: [], quantity: 1 }]),
				reserve([{ menuItemId: last.id, optionIds: [], quantity: 1 }]),
			]);

			assert.deepEqual(results.map(x => x.status).sort(), ["fulfilled", "rejected"], JSON.stringify(results));
			const refused = results.find(x => x.status === "rejected") as PromiseRejectedResult;
			soldOut(err => assert.deepEqual(err.data.remaining, { [last.id]: 0 }))(refused.reason);
			assert.deepEqual([await left(last.id), (await item(last.id)).available], [0, false]);
		}
	});

	it("twenty reserves at once for ten portions: ten get one each, ten are refused, none is lost", async () => {
		const special = await counted(10);
		const results = await Promise.allSettled(
			Array.from({ length: 20 }, () => reserve([{ menuItemId: special.id, optionIds: [], quantity: 1 }])),
		);

		assert.equal(results.filter(x => x.status === "fulfilled").length, 10);
		for (const x of results.filter(x => x.status === "rejected")) soldOut(() => undefined)((x as PromiseRejectedResult).reason);
		assert.deepEqual([await left(special.id), (await item(special.id)).available], [0, false]);
	});
});
