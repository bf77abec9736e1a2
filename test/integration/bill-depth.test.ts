// Bills of issue 15 through the gateway: a takeout and a bar tab are billed by their order (their own bill, no
// table); bill lines show each seat and the chosen options, a comp at 0 with its reason, and leave remakes and
// side lines off; a split by seats gives each seat its lines and shares the unseated ones to the cent; the
// request names a table or an order, never both; two tablets billing one takeout at once make one bill.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import crypto from "node:crypto";
import { MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client, type Reply } from "../helpers/http";
import { openRestaurant, serveOrder, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Bill, BillLine, ModifierGroup, Order, OrderItem, Table } from "../../contracts";

const TAX = 0.0875;
const SERVICE = 0.1;
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

interface LineIn {
	menuItemId: string;
	quantity: number;
	seat?: number;
	modifiers?: { groupId: string; optionIds: string[] }[];
}

describe(`bills for takeouts and tabs, seats, options, comps and remakes — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let floor: Device;
	let temperature: ModifierGroup;
	let extras: ModifierGroup;
	let sides: ModifierGroup;
	let n = 0;

	const option = (g: ModifierGroup, name: string) => g.options.find(o => o.name === name)!.id;
	const expectError = (res: Reply, status: number, code: string) => {
		assert.equal(res.status, status, JSON.stringify(res.body));
		assert.equal(res.body.error.code, code, JSON.stringify(res.body));
	};
	const freshTable = async (): Promise<Table> => {
		const res = await http.post<Table>("/api/v1/tables", { name: `Depth ${++n}`, seats: 6 }, { token: r.token.admin });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const place = async (body: Record<string, unknown>, items: LineIn[]): Promise<Order> => {
		const res = await http.post<Order>("/api/v1/orders", { ...body, items }, { token: r.token.staff });
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const takeout = (name: string, items: LineIn[]) =>
		place({ type: "takeout", name, pickupAt: new Date(Date.now() + 30 * 60_000).toISOString() }, items);
	const bill = (body: Record<string, unknown>): Promise<Reply> => http.post("/api/v1/billing/bills", body, { token: r.token.staff });
	const billed = async (body: Record<string, unknown>): Promise<Bill> => {
		const res = await bill(body);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		return res.body;
	};
	const getBill = async (id: string) => (await http.get<Bill>(`/api/v1/billing/bills/${id}`, { token: r.token.staff })).body;
	const getOrder = async (id: string) => (await http.get<Order>(`/api/v1/orders/${id}`, { token: r.token.staff })).body;
	const payInFull = async (b: Bill) => {
		const res = await http.post(
			`/api/v1/billing/bills/${b.id}/payments`,
			{ method: "cash", amountCents: b.totalCents },
			{ token: r.token.staff },
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
	};
	const lineOf = (b: Bill, id: string): BillLine => {
		const l = b.lines.find(x => x.id === id);
		assert.ok(l, `line ${id} on the bill: ${JSON.stringify(b.lines)}`);
		return l;
	};
	const itemOf = (o: Order, menuItemId: string, seat: number | null = null): OrderItem =>
		o.items.find(i => i.menuItemId === menuItemId && i.seat === seat && !i.partOf && !i.remakeOf)!;

	before(async () => {
		cluster = await startCluster({ env: { TAX_RATE: String(TAX), SERVICE_CHARGE_RATE: String(SERVICE) } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http);
		floor = await connectDevice(cluster.baseUrl, { token: r.token.staff });
		const group = async (body: Record<string, unknown>): Promise<ModifierGroup> => {
			const res = await http.post<ModifierGroup>("/api/v1/menu/modifier-groups", body, { token: r.token.admin });
			assert.equal(res.status, 201, JSON.stringify(res.body));
			return res.body;
		};
		temperature = await group({
			name: "Temperature",
			required: true,
			minChoices: 1,
			maxChoices: 1,
			options: [
				{ name: "Rare", priceDeltaCents: 0 },
				{ name: "Medium", priceDeltaCents: 0 },
			],
		});
		extras = await group({
			name: "Extras",
			required: false,
			minChoices: 0,
			maxChoices: 2,
			options: [
				{ name: "Bacon", priceDeltaCents: 200 },
				{ name: "No cheese", priceDeltaCents: -50 },
			],
		});
		sides = await group({
			name: "Sides",
			required: false,
			minChoices: 0,
			maxChoices: 1,
			options: [{ name: "Fries", priceDeltaCents: 0, station: "fryer" }],
		});
		const patched = await http.patch(
			`/api/v1/menu/items/${r.dish.burger.id}`,
			{ modifierGroupIds: [temperature.id, extras.id, sides.id] },
			{ token: r.token.admin },
		);
		assert.equal(patched.status, 200, JSON.stringify(patched.body));
	});
	after(async () => {
		floor?.close();
		await cluster?.stop();
	});

	it("a takeout is billed by its order: its own bill with no table and the guest's name; a second tap finds it billed", async () => {
		const order = await takeout("Kim", [{ menuItemId: r.dish.beer.id, quantity: 2 }]);
		assert.equal(order.tableId, null);
		await serveOrder(http, r, order.id);

		const b = await billed({ orderId: order.id });

		assert.equal(b.orderType, "takeout");
		assert.equal(b.name, "Kim");
		assert.equal(b.tableId, null);
		assert.equal(b.tableName, null);
		assert.deepEqual(b.orderIds, [order.id]);
		assert.deepEqual(
			b.lines.map(l => [l.name, l.quantity, l.amountCents, l.seat, l.comp]),
			[["Beer", 2, 1200, null, null]],
		);
		assert.equal(b.subtotalCents, 1200);
		assert.equal((await getOrder(order.id)).status, "billed");
		const pushed = await floor.waitFor<Bill & { change: string }>("bill:update", x => x.id === b.id);
		assert.equal(pushed.data.orderType, "takeout");
		assert.equal(pushed.data.name, "Kim");

		const again = await bill({ orderId: order.id });
		expectError(again, 409, "NOTHING_TO_BILL");
		assert.deepEqual(again.body.error.details, { orderId: order.id, openBillIds: [b.id] });
		const listed = await http.get<Bill[]>(`/api/v1/billing/bills?orderId=${order.id}`, { token: r.token.staff });
		assert.deepEqual(
			listed.body.map(x => x.id),
			[b.id],
		);

		await payInFull(b);
		await until("the takeout is paid", async () => (await getOrder(order.id)).status === "paid");
		assert.equal((await getBill(b.id)).status, "paid");
	});

	it("a bar tab runs over rounds and is billed by its order, with no table", async () => {
		const tab = await place({ type: "bar_tab", name: "Sam" }, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		const round = await http.post<Order>(
			`/api/v1/orders/${tab.id}/items`,
			{ items: [{ menuItemId: r.dish.beer.id, quantity: 2 }] },
			{ token: r.token.staff },
		);
		assert.equal(round.status, 200, JSON.stringify(round.body));
		await serveOrder(http, r, tab.id);

		const b = await billed({ orderId: tab.id });

		assert.deepEqual([b.orderType, b.name, b.tableId, b.tableName], ["bar_tab", "Sam", null, null]);
		assert.deepEqual(
			b.lines.map(l => [l.name, l.quantity]),
			[
				["Beer", 1],
				["Beer", 2],
			],
		);
		assert.equal(b.subtotalCents, 1800);
		await payInFull(b);
		await until("the tab is paid", async () => (await getOrder(tab.id)).status === "paid");
	});

	it("bill lines carry their seat and options, priced with the deltas; a comp is 0 with its reason; remakes and sides stay off", async () => {
		const table = await freshTable();
		const order = await place({ tableId: table.id, covers: 2 }, [
			{
				menuItemId: r.dish.burger.id,
				quantity: 1,
				seat: 1,
				modifiers: [
					{ groupId: temperature.id, optionIds: [option(temperature, "Medium")] },
					{ groupId: extras.id, optionIds: [option(extras, "Bacon")] },
					{ groupId: sides.id, optionIds: [option(sides, "Fries")] },
				],
			},
			{ menuItemId: r.dish.steak.id, quantity: 1, seat: 2 },
			{ menuItemId: r.dish.salad.id, quantity: 2, seat: 2 },
			{ menuItemId: r.dish.soup.id, quantity: 1 },
		]);
		const burger = itemOf(order, r.dish.burger.id, 1);
		const salad = itemOf(order, r.dish.salad.id, 2);
		const fries = order.items.find(i => i.partOf === burger.id);
		assert.ok(fries, `a side line for the fries: ${JSON.stringify(order.items)}`);
		assert.equal(burger.unitPriceCents, 1450 + 200);
		await serveOrder(http, r, order.id);

		const comped = await http.post(
			`/api/v1/orders/${order.id}/items/${salad.id}/comp`,
			{ reason: "birthday" },
			{ token: r.token.admin },
		);
		assert.equal(comped.status, 200, JSON.stringify(comped.body));
		const remade = await http.post<Order>(
			`/api/v1/orders/${order.id}/items/${burger.id}/remake`,
			{ reason: "overcooked" },
			{ token: r.token.staff },
		);
		assert.equal(remade.status, 200, JSON.stringify(remade.body));
		const remake = remade.body.items.find(i => i.remakeOf === burger.id);
		assert.ok(remake, "a remake line");
		await serveOrder(http, r, order.id);

		const b = await billed({ tableId: table.id });

		assert.deepEqual([b.orderType, b.name, b.tableId], ["dine_in", null, table.id]);
		assert.deepEqual(
			b.lines.map(l => l.id),
			[burger.id, itemOf(order, r.dish.steak.id, 2).id, salad.id, itemOf(order, r.dish.soup.id).id],
			"no side line, no remake",
		);
		const burgerLine = lineOf(b, burger.id);
		assert.equal(burgerLine.seat, 1);
		assert.equal(burgerLine.unitPriceCents, 1650);
		assert.deepEqual(
			burgerLine.modifiers.map(m => [m.groupName, m.name, m.priceDeltaCents]),
			[
				["Temperature", "Medium", 0],
				["Extras", "Bacon", 200],
				["Sides", "Fries", 0],
			],
		);
		const saladLine = lineOf(b, salad.id);
		assert.deepEqual(
			[saladLine.seat, saladLine.quantity, saladLine.unitPriceCents, saladLine.amountCents, saladLine.comp],
			[2, 2, 0, 0, { reason: "birthday", valueCents: 1800 }],
		);
		assert.equal(lineOf(b, itemOf(order, r.dish.soup.id).id).seat, null);
		assert.equal(b.subtotalCents, 1650 + 2800 + 0 + 650);
		// Read back from the database as it was written (options, comp and seat included).
		assert.deepEqual(await getBill(b.id), b);
	});

	it("a split by seats gives each seat its lines and shares the unseated ones to the cent; the parts settle the table", async () => {
		const table = await freshTable();
		const order = await place({ tableId: table.id, covers: 3 }, [
			{
				menuItemId: r.dish.burger.id,
				quantity: 1,
				seat: 1,
				modifiers: [{ groupId: temperature.id, optionIds: [option(temperature, "Rare")] }],
			},
			{ menuItemId: r.dish.steak.id, quantity: 1, seat: 2 },
			{ menuItemId: r.dish.soup.id, quantity: 1 },
			{ menuItemId: r.dish.beer.id, quantity: 1, seat: 3 },
			{ menuItemId: r.dish.salad.id, quantity: 1 },
		]);
		await serveOrder(http, r, order.id);
		const whole = await billed({ tableId: table.id });
		const unseated = [itemOf(order, r.dish.soup.id).id, itemOf(order, r.dish.salad.id).id];

		const res = await http.post<Bill[]>(`/api/v1/billing/bills/${whole.id}/split`, { mode: "seats" }, { token: r.token.staff });

		assert.equal(res.status, 200, JSON.stringify(res.body));
		const parts = res.body;
		assert.deepEqual(
			parts.map(p => [p.split?.mode, p.split?.part, p.split?.parts, p.split?.seat]),
			[
				["seats", 1, 3, 1],
				["seats", 2, 3, 2],
				["seats", 3, 3, 3],
			],
		);
		// 6.50 + 9.00 unseated over three seats: 5.17, 5.17, 5.16 — the first parts take the odd cents.
		const shares = parts.map(p => sum(p.lines.filter(l => l.seat === null).map(l => l.amountCents)));
		assert.deepEqual(shares, [517, 517, 516]);
		for (const id of unseated)
			assert.equal(sum(parts.map(p => lineOf(p, id).amountCents)), lineOf(whole, id).amountCents, "each shared line adds up");
		assert.deepEqual(
			parts.map(p => p.lines.filter(l => l.seat !== null).map(l => [l.seat, l.name])),
			[[[1, "Burger"]], [[2, "Steak"]], [[3, "Beer"]]],
		);
		assert.deepEqual(
			parts.map(p => p.subtotalCents),
			[1450 + 517, 2800 + 517, 600 + 516],
		);
		for (const p of parts) {
			assert.equal(sum(p.lines.map(l => l.amountCents)), p.subtotalCents, "a part's lines add up to its subtotal");
			assert.deepEqual([p.orderType, p.tableId, p.parentId], ["dine_in", table.id, whole.id]);
		}
		for (const k of ["subtotalCents", "serviceChargeCents", "taxCents", "totalCents"] as const)
			assert.equal(sum(parts.map(p => p[k])), whole[k], `${k} to the cent`);
		for (const p of parts) {
			// Tax and service charge in proportion to the part's subtotal, within the cent the sharing rounds.
			assert.ok(Math.abs(p.taxCents - (whole.taxCents * p.subtotalCents) / whole.subtotalCents) < 1, `tax of part ${p.split?.part}`);
			assert.ok(Math.abs(p.serviceChargeCents - (whole.serviceChargeCents * p.subtotalCents) / whole.subtotalCents) < 1);
		}
		assert.equal((await getBill(whole.id)).status, "void");
		assert.deepEqual(await getBill(parts[1].id), parts[1]);

		for (const p of parts) await payInFull(p);
		await until("the order is paid", async () => (await getOrder(order.id)).status === "paid");
	});

	it("a bill where no line has a seat cannot be split by seats: 409 NO_SEATS, the bill stays whole and open", async () => {
		const table = await freshTable();
		const order = await place({ tableId: table.id }, [{ menuItemId: r.dish.beer.id, quantity: 3 }]);
		await serveOrder(http, r, order.id);
		const b = await billed({ tableId: table.id });

		const res = await http.post(`/api/v1/billing/bills/${b.id}/split`, { mode: "seats" }, { token: r.token.staff });

		expectError(res, 409, "NO_SEATS");
		assert.deepEqual(res.body.error.details, { id: b.id });
		const after = await getBill(b.id);
		assert.deepEqual([after.status, after.version, after.split], ["open", b.version, null]);
	});

	it("a bill names a table or an order: both or neither is a 400 naming the two fields, and nothing is billed", async () => {
		const table = await freshTable();
		const order = await place({ tableId: table.id }, [{ menuItemId: r.dish.beer.id, quantity: 1 }]);
		await serveOrder(http, r, order.id);

		for (const body of [{}, { tableId: table.id, orderId: order.id }]) {
			const res = await bill(body);
			expectError(res, 400, "VALIDATION_ERROR");
			assert.deepEqual(
				res.body.error.details.map((d: { field: string }) => d.field),
				["tableId", "orderId"],
				JSON.stringify(res.body),
			);
			assert.match(res.body.error.message, /tableId/);
			assert.match(res.body.error.message, /orderId/);
		}
		const bad = await bill({ orderId: "nope" });
		expectError(bad, 400, "VALIDATION_ERROR");
		assert.equal(bad.body.error.details[0].field, "orderId");
		assert.equal((await bill({ orderId: crypto.randomUUID() })).status, 404);
		assert.equal((await getOrder(order.id)).status, "served");
		const open = await http.get<Bill[]>(`/api/v1/billing/bills?tableId=${table.id}`, { token: r.token.staff });
		assert.deepEqual(open.body, []);
	});

	it("two tablets billing the same takeout at once make one bill: one 201, one 409 NOTHING_TO_BILL", async () => {
		const order = await takeout("Lee", [{ menuItemId: r.dish.soup.id, quantity: 1 }]);
		await serveOrder(http, r, order.id);

		const taps = await Promise.all([bill({ orderId: order.id }), bill({ orderId: order.id })]);

		assert.deepEqual(taps.map(t => t.status).sort(), [201, 409], JSON.stringify(taps.map(t => t.body)));
		const made = taps.find(t => t.status === 201)!.body;
		const refused = taps.find(t => t.status === 409)!;
		// The order service took the order under its row lock for one of them; the other found it billed.
		assert.equal(refused.body.error.code, "NOTHING_TO_BILL");
		assert.equal(refused.body.error.details.orderId, order.id);
		const listed = await http.get<Bill[]>(`/api/v1/billing/bills?orderId=${order.id}`, { token: r.token.staff });
		assert.deepEqual(
			listed.body.map(b => b.id),
			[made.id],
		);
		assert.deepEqual(made.orderIds, [order.id]);
	});
});
