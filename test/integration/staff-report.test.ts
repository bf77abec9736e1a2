// Who gets credit in the staff report: each order line to the waiter who took it (orderItem.takenBy) — a
// round a colleague added to your table is theirs — orders counted for everyone who took a line of them, and
// each tip to whoever took the payment. Lines written before takenBy existed belong to the order's opener.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { createStorage, MODE, startCluster, testEnv, type Storage, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { until } from "../helpers/wait";
import { createDb } from "../../lib/db";
import { loadConfig, SCHEMAS } from "../../lib/config";
import type { Bill, Order, Payment, Table } from "../../contracts";

interface StaffRow {
	userId: string;
	fullName: string;
	orders: number;
	grossCents: number;
	tipCents: number;
}

/** Two waiters of their own (so nothing else in the report is theirs) beside the helper's restaurant. */
async function twoWaiters(http: Client, r: Restaurant, tag: string) {
	const made: { id: string; token: string; name: string }[] = [];
	for (const name of ["Anna", "Ben"]) {
		const username = `${name.toLowerCase()}-${tag}-${Math.random().toString(36).slice(2, 6)}`;
		const res = await http.post(
			"/api/v1/auth/register",
			{ username, password: "password-123", fullName: `${name} ${tag}`, role: "staff" },
			{ token: r.token.admin },
		);
		assert.equal(res.status, 201, JSON.stringify(res.body));
		const pair = await http.login(username, "password-123");
		made.push({ id: pair.user.id, token: pair.accessToken, name: `${name} ${tag}` });
	}
	return made;
}

async function ok<T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> {
	const res = await p;
	assert.equal(res.status, status, JSON.stringify(res.body));
	return res.body;
}

describe(`the staff report credits whoever took the line and whoever took the payment — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;

	before(async () => {
		cluster = await startCluster();
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 2);
	});
	after(() => cluster?.stop());

	const report = async (ids: string[]) => {
		const rows = await ok(http.get<StaffRow[]>("/api/v1/reports/staff", { token: r.token.admin }));
		return ids.map(id => rows.find(x => x.userId === id));
	};

	it("a round taken by Ben on Anna's order is Ben's gross; a bill Ben takes the payment for gives Ben the tip", async () => {
		const [anna, ben] = await twoWaiters(http, r, "day");
		const [t1, t2] = r.tables;

		// Anna opens table 1 with a burger; Ben, passing by, takes the table's second round.
		const opened = await ok(
			http.post<Order>(
				"/api/v1/orders",
				{ tableId: t1.id, items: [{ menuItemId: r.dish.burger.id, quantity: 1 }] },
				{ token: anna.token },
			),
			201,
		);
		assert.deepEqual(
			opened.items.map(i => i.takenBy),
			[anna.id],
		);
		const round = await ok(
			http.post<Order>(
				`/api/v1/orders/${opened.id}/items`,
				{
					items: [
						{ menuItemId: r.dish.steak.id, quantity: 1 },
						{ menuItemId: r.dish.beer.id, quantity: 2 },
					],
				},
				{ token: ben.token },
			),
		);
		assert.equal(round.createdBy, anna.id, "the order is still Anna's");
		assert.deepEqual(
			round.items.map(i => [i.name, i.takenBy]),
			[
				["Burger", anna.id],
				["Steak", ben.id],
				["Beer", ben.id],
			],
		);
		assert.deepEqual(
			(await ok(http.get<Order>(`/api/v1/orders/${opened.id}`, { token: r.token.staff }))).items.map(i => i.takenBy),
			[anna.id, ben.id, ben.id],
		);

		await ok(http.post(`/api/v1/kitchen/tickets/${opened.id}/bump`, undefined, { token: r.token.kitchen }));
		await ok(http.post(`/api/v1/orders/${opened.id}/serve`, undefined, { token: anna.token }));
		// Ben brings the bill and takes the card, with a tip.
		const bill1 = await ok(http.post<Bill>("/api/v1/billing/bills", { tableId: t1.id }, { token: ben.token }), 201);
		assert.deepEqual(
			bill1.lines.map(l => [l.name, l.waiterId]),
			[
				["Burger", anna.id],
				["Steak", ben.id],
				["Beer", ben.id],
			],
		);
		await ok(
			http.post<Payment>(
				`/api/v1/billing/bills/${bill1.id}/payments`,
				{ method: "card", amountCents: bill1.totalCents, tipCents: 300 },
				{ token: ben.token },
			),
			201,
		);

		// Table 2 is Anna's alone; its bill is split in two and each of them takes one part's payment.
		const own = await ok(
			http.post<Order>(
				"/api/v1/orders",
				{ tableId: t2.id, items: [{ menuItemId: r.dish.salad.id, quantity: 1 }] },
				{ token: anna.token },
			),
			201,
		);
		await ok(http.post(`/api/v1/kitchen/tickets/${own.id}/bump`, undefined, { token: r.token.kitchen }));
		await ok(http.post(`/api/v1/orders/${own.id}/serve`, undefined, { token: anna.token }));
		const bill2 = await ok(http.post<Bill>("/api/v1/billing/bills", { tableId: t2.id }, { token: anna.token }), 201);
		const [p1, p2] = await ok(
			http.post<Bill[]>(`/api/v1/billing/bills/${bill2.id}/split`, { mode: "even", parts: 2 }, { token: anna.token }),
		);
		await ok(
			http.post(
				`/api/v1/billing/bills/${p1.id}/payments`,
				{ method: "cash", amountCents: p1.totalCents, tipCents: 50 },
				{ token: anna.token },
			),
			201,
		);
		await ok(
			http.post(
				`/api/v1/billing/bills/${p2.id}/payments`,
				{ method: "cash", amountCents: p2.totalCents, tipCents: 70 },
				{ token: ben.token },
			),
			201,
		);

		const [a, b] = await until("both sales in the report", async () => {
			const rows = await report([anna.id, ben.id]);
			return rows[0]?.tipCents === 50 && rows[1]?.tipCents === 370 && rows;
		});
		assert.deepEqual(a, { userId: anna.id, fullName: anna.name, orders: 2, grossCents: 1450 + 900, tipCents: 50 });
		assert.deepEqual(b, { userId: ben.id, fullName: ben.name, orders: 1, grossCents: 2800 + 2 * 600, tipCents: 300 + 70 });
	});
});

describe(`lines taken before takenBy existed — ${MODE}`, () => {
	let storage: Storage;
	let cluster: TestCluster | undefined;
	after(async () => {
		await cluster?.stop();
		await storage?.destroy();
	});

	it("are credited to the order's opener once the database is upgraded, in the order and in the report", async () => {
		storage = await createStorage();
		cluster = await startCluster({ storage });
		let http = client(cluster.baseUrl);
		const r = await openRestaurant(http, 1);
		const [anna, ben] = await twoWaiters(http, r, "upgrade");
		const table: Table = r.tables[0];
		const o = await ok(
			http.post<Order>(
				"/api/v1/orders",
				{ tableId: table.id, items: [{ menuItemId: r.dish.soup.id, quantity: 1 }] },
				{ token: anna.token },
			),
			201,
		);
		await ok(http.post(`/api/v1/orders/${o.id}/items`, { items: [{ menuItemId: r.dish.beer.id, quantity: 1 }] }, { token: ben.token }));
		await ok(http.post(`/api/v1/kitchen/tickets/${o.id}/bump`, undefined, { token: r.token.kitchen }));
		await ok(http.post(`/api/v1/orders/${o.id}/serve`, undefined, { token: anna.token }));
		const bill = await ok(http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, { token: anna.token }), 201);
		await ok(
			http.post(`/api/v1/billing/bills/${bill.id}/payments`, { method: "cash", amountCents: bill.totalCents }, { token: anna.token }),
			201,
		);
		const staffRows = async () =>
			(await ok(http.get<StaffRow[]>("/api/v1/reports/staff", { token: r.token.admin }))).filter(x =>
				[anna.id, ben.id].includes(x.userId),
			);
		const before = await until("the sale in the report", async () => {
			const rows = await staffRows();
			return rows.length === 2 && rows;
		});
		await cluster.stop();
		cluster = undefined;

		// The database as the previous release left it: no takenBy on order lines, no order on the report's lines.
		const db = createDb(loadConfig(testEnv(storage)).database);
		try {
			await db.raw("alter table ??.order_items drop column taken_by", [SCHEMAS.order]);
			await db.raw("delete from ??.knex_migrations where name = '0300_order_items_taken_by'", [SCHEMAS.order]);
			await db.raw("alter table ??.sale_lines drop column order_id", [SCHEMAS.reporting]);
			await db.raw("delete from ??.knex_migrations where name = '0200_sale_lines_order'", [SCHEMAS.reporting]);
		} finally {
			await db.destroy();
		}

		cluster = await startCluster({ storage });
		http = client(cluster.baseUrl);
		const upgraded = await ok(http.get<Order>(`/api/v1/orders/${o.id}`, { token: r.token.staff }));
		assert.deepEqual(
			upgraded.items.map(i => i.takenBy),
			[anna.id, anna.id],
			"backfilled from the order's createdBy",
		);
		// The report's lines found their orders again: each of them still has one order to their name.
		assert.deepEqual(await staffRows(), before);
		assert.deepEqual(
			before.map(x => [x.userId, x.orders]).sort(),
			[
				[anna.id, 1],
				[ben.id, 1],
			].sort(),
		);
	});
});
