// A day of service from an empty database: two waiters work eight tables through four seatings (orders,
// rounds, voids, cancellations, the kitchen starting and bumping, splits, discounts, cash and card with
// tips, refunds); now and then the other waiter takes a round or the payment. The test keeps its own books
// as it goes; at the end every table is paid and free, and every report matches the test's own arithmetic
// to the cent.
import { after, before, describe, it } from "node:test";
import assert from "node:assert/strict";
import { DISTRIBUTED, MODE, startCluster, type TestCluster } from "../helpers/cluster";
import { client, type Client } from "../helpers/http";
import { openRestaurant, type Restaurant } from "../helpers/restaurant";
import { connectDevice, type Device } from "../helpers/socket";
import { until } from "../helpers/wait";
import type { Bill, MenuItem, Order, OrderItem, Payment, Table } from "../../contracts";

const TAX_PPM = 87_500; // 8.75%
const SERVICE_PPM = 100_000; // 10%
const TIMEZONE = "America/New_York";

/** The test's own rounding: half up, on integers. */
const rate = (cents: number, ppm: number) => Math.floor((cents * ppm * 2 + 1_000_000) / 2_000_000);
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

/** A small seeded generator, so a failing day can be replayed exactly. */
function mulberry32(seed: number) {
	return () => {
		seed |= 0;
		seed = (seed + 0x6d2b79f5) | 0;
		let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
		t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
		return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
	};
}

interface Books {
	orders: number;
	cancelled: number;
	gross: number;
	discount: number;
	tax: number;
	service: number;
	tips: number;
	refunds: number;
	voids: number;
	discounts: number;
	refundCount: number;
	dishes: Map<string, { quantity: number; gross: number }>;
	staff: Map<string, { orders: number; gross: number; tips: number }>;
}

describe(`a scripted day of service — ${MODE}`, () => {
	let cluster: TestCluster;
	let http: Client;
	let r: Restaurant;
	let kitchenScreen: Device;
	const waiters: { id: string; token: string }[] = [];
	const seed = Number(process.env.SERVICE_DAY_SEED ?? 20261122);
	const rnd = mulberry32(seed);
	const pick = <T>(xs: T[]): T => xs[Math.floor(rnd() * xs.length)];
	const books: Books = {
		orders: 0,
		cancelled: 0,
		gross: 0,
		discount: 0,
		tax: 0,
		service: 0,
		tips: 0,
		refunds: 0,
		voids: 0,
		discounts: 0,
		refundCount: 0,
		dishes: new Map(),
		staff: new Map(),
	};
	const staffBooks = (id: string) => books.staff.get(id) ?? books.staff.set(id, { orders: 0, gross: 0, tips: 0 }).get(id)!;

	const ok = async <T>(p: Promise<{ status: number; body: T }>, status = 200): Promise<T> => {
		const res = await p;
		assert.equal(res.status, status, JSON.stringify(res.body));
		return res.body;
	};

	before(async () => {
		cluster = await startCluster({ env: { TAX_RATE: "0.0875", SERVICE_CHARGE_RATE: "0.1", TIMEZONE } });
		http = client(cluster.baseUrl);
		r = await openRestaurant(http, 8);
		waiters.push({ id: r.userId.staff, token: r.token.staff });
		await ok(
			http.post(
				"/api/v1/auth/register",
				{ username: "second-waiter", password: "password-123", fullName: "Second Waiter", role: "staff" },
				{ token: r.token.admin },
			),
			201,
		);
		const second = await http.login("second-waiter", "password-123");
		waiters.push({ id: second.user.id, token: second.accessToken });
		// The expo screen sees every item come ready: its own record of kitchen times, to check the report against.
		kitchenScreen = await connectDevice(cluster.baseUrl, { token: r.token.kitchen });
	});
	after(async () => {
		kitchenScreen?.close();
		await cluster?.stop();
	});

	/** One seating at one table, start to finish, keeping the books. */
	async function seating(table: Table, waiter: { id: string; token: string }): Promise<void> {
		const as = { token: waiter.token };
		const dishes = Object.values(r.dish);
		const lines = () =>
			Array.from({ length: 1 + Math.floor(rnd() * 3) }, () => ({ menuItemId: pick(dishes).id, quantity: 1 + Math.floor(rnd() * 3) }));
		// A colleague sometimes takes a round or the payment: lines are credited to who took them, tips to who took the payment.
		const colleague = waiters.find(w => w.id !== waiter.id)!;
		let order = await ok(http.post<Order>("/api/v1/orders", { tableId: table.id, items: lines() }, as), 201);
		const takenBy = new Map(order.items.map(i => [i.id, waiter.id]));

		if (rnd() < 0.1) {
			await ok(http.post(`/api/v1/orders/${order.id}/cancel`, { reason: "guests left" }, as));
			books.cancelled++;
			return;
		}
		if (rnd() < 0.4) {
			const by = rnd() < 0.5 ? colleague : waiter;
			order = await ok(http.post<Order>(`/api/v1/orders/${order.id}/items`, { items: lines() }, { token: by.token }));
			for (const i of order.items) if (!takenBy.has(i.id)) takenBy.set(i.id, by.id);
		}
		assert.deepEqual(
			order.items.map(i => i.takenBy),
			order.items.map(i => takenBy.get(i.id)),
		);
		if (rnd() < 0.3 && order.items.length > 1) {
			order = await ok(http.post<Order>(`/api/v1/orders/${order.id}/items/${order.items[0].id}/void`, { reason: "wrong dish" }, as));
			books.voids++;
		}
		for (const item of order.items.filter(i => i.status === "queued")) {
			if (rnd() < 0.5) await ok(http.post(`/api/v1/kitchen/items/${item.id}/start`, undefined, { token: r.token.kitchen }));
		}
		await ok(http.post(`/api/v1/kitchen/tickets/${order.id}/bump`, undefined, { token: r.token.kitchen }));
		order = await ok(http.post<Order>(`/api/v1/orders/${order.id}/serve`, undefined, as));

		const live = order.items.filter(i => i.status !== "voided");
		const subtotal = sum(live.map(i => i.quantity * i.unitPriceCents));
		books.orders++;
		books.gross += subtotal;
		for (const id of new Set(live.map(i => takenBy.get(i.id)!))) staffBooks(id).orders++;
		for (const i of live) staffBooks(takenBy.get(i.id)!).gross += i.quantity * i.unitPriceCents;
		for (const i of live) {
			const d = books.dishes.get(i.menuItemId) ?? { quantity: 0, gross: 0 };
			books.dishes.set(i.menuItemId, { quantity: d.quantity + i.quantity, gross: d.gross + i.quantity * i.unitPriceCents });
		}

		let bill = await ok(http.post<Bill>("/api/v1/billing/bills", { tableId: table.id }, as), 201);
		let discount = 0;
		if (rnd() < 0.3) {
			const byPercent = rnd() < 0.5;
			const body = byPercent
				? { percent: pick([10, 12.5, 15]), reason: "regulars" }
				: { amountCents: Math.min(300, subtotal), reason: "long wait" };
			bill = await ok(http.post<Bill>(`/api/v1/billing/bills/${bill.id}/discount`, body, { token: r.token.admin }));
			discount = "percent" in body ? rate(subtotal, body.percent! * 10_000) : body.amountCents!;
			books.discounts++;
		}
		const net = subtotal - discount;
		const expectedTotal = net + rate(net, TAX_PPM) + rate(net, SERVICE_PPM);
		assert.equal(bill.totalCents, expectedTotal, `bill of ${table.name}`);
		books.discount += discount;
		books.tax += rate(net, TAX_PPM);
		books.service += rate(net, SERVICE_PPM);

		let payable = [bill];
		const roll = rnd();
		if (roll < 0.25) {
			payable = await ok(
				http.post<Bill[]>(`/api/v1/billing/bills/${bill.id}/split`, { mode: "even", parts: 2 + Math.floor(rnd() * 3) }, as),
			);
		} else if (roll < 0.4 && bill.lines.length > 1) {
			payable = await ok(
				http.post<Bill[]>(`/api/v1/billing/bills/${bill.id}/split`, { mode: "items", groups: [[bill.lines[0].id]] }, as),
			);
		}
		assert.equal(sum(payable.map(p => p.totalCents)), expectedTotal, "the parts add up to the bill");

		const payments: Payment[] = [];
		for (const part of payable) {
			const tip = rnd() < 0.6 ? Math.floor(rnd() * 500) : 0;
			let left = part.totalCents;
			if (left > 1000 && rnd() < 0.3) {
				payments.push(
					await ok(
						http.post<Payment>(`/api/v1/billing/bills/${part.id}/payments`, { method: "cash", amountCents: 1000 }, as),
						201,
					),
				);
				left -= 1000;
			}
			const till = rnd() < 0.3 ? colleague : waiter;
			if (left > 0)
				payments.push(
					await ok(
						http.post<Payment>(
							`/api/v1/billing/bills/${part.id}/payments`,
							{ method: rnd() < 0.5 ? "card" : "cash", amountCents: left, tipCents: tip },
							{ token: till.token },
						),
						201,
					),
				);
			if (left > 0) {
				books.tips += tip;
				staffBooks(till.id).tips += tip;
			}
		}
		if (rnd() < 0.2 && payments.length) {
			const p = payments[0];
			const amount = Math.min(p.amountCents, 100 + Math.floor(rnd() * 400));
			await ok(
				http.post(
					`/api/v1/billing/payments/${p.id}/refund`,
					{ amountCents: amount, reason: "overcharged" },
					{ token: r.token.admin },
				),
			);
			books.refunds += amount;
			books.refundCount++;
		}
	}

	it("works four seatings at eight tables; every table ends paid and free", async () => {
		for (let wave = 0; wave < 4; wave++) {
			// The tables are worked at the same time, as on a real floor; each must be free before it is seated again.
			await Promise.all(r.tables.map((t, i) => seating(t, waiters[(i + wave) % 2])));
			await until(
				`every table is free after seating ${wave + 1}`,
				async () => {
					const tables = (await http.get<Table[]>("/api/v1/tables", { token: r.token.staff })).body;
					return r.tables.every(t => tables.find(x => x.id === t.id)?.status === "available");
				},
				20_000,
			);
		}
		assert.ok(books.orders >= 24, `a busy day: ${books.orders} orders`);
		const open = (await http.get<Bill[]>("/api/v1/billing/bills?status=open&limit=500", { token: r.token.staff })).body;
		assert.deepEqual(
			open.map(b => b.id),
			[],
			"no bill left open",
		);
		const orders = (await http.get<Order[]>("/api/v1/orders?limit=500", { token: r.token.admin })).body;
		assert.equal(orders.length, books.orders + books.cancelled);
		await until("every order is paid or cancelled", async () => {
			const all = (await http.get<Order[]>("/api/v1/orders?limit=500", { token: r.token.admin })).body;
			return all.every(o => o.status === "paid" || o.status === "cancelled");
		});
	});

	const range = () => {
		const day = (offset: number) => new Date(Date.now() + offset * 86_400_000).toLocaleDateString("en-CA", { timeZone: TIMEZONE });
		return `from=${day(-1)}&to=${day(1)}`;
	};

	it("sales by day and by hour match the books to the cent", async () => {
		type Sales = {
			period: string;
			orders: number;
			grossCents: number;
			discountCents: number;
			taxCents: number;
			tipCents: number;
			netCents: number;
			serviceChargeCents: number;
			refundCents: number;
		};
		const total = (rows: Sales[]) => ({
			orders: sum(rows.map(x => x.orders)),
			grossCents: sum(rows.map(x => x.grossCents)),
			discountCents: sum(rows.map(x => x.discountCents)),
			taxCents: sum(rows.map(x => x.taxCents)),
			serviceChargeCents: sum(rows.map(x => x.serviceChargeCents)),
			tipCents: sum(rows.map(x => x.tipCents)),
			refundCents: sum(rows.map(x => x.refundCents)),
			netCents: sum(rows.map(x => x.netCents)),
		});
		const expected = {
			orders: books.orders,
			grossCents: books.gross,
			discountCents: books.discount,
			taxCents: books.tax,
			serviceChargeCents: books.service,
			tipCents: books.tips,
			refundCents: books.refunds,
			netCents: books.gross - books.discount - books.refunds,
		};
		const byDay = await until(
			"the sales report has caught up",
			async () => {
				const rows = (await http.get<Sales[]>(`/api/v1/reports/sales?${range()}&groupBy=day`, { token: r.token.admin })).body;
				return JSON.stringify(total(rows)) === JSON.stringify(expected) ? rows : false;
			},
			20_000,
		).catch(async err => {
			const rows = (await http.get<Sales[]>(`/api/v1/reports/sales?${range()}&groupBy=day`, { token: r.token.admin })).body;
			assert.deepEqual(total(rows), expected, String(err));
			throw err;
		});
		const today = new Date().toLocaleDateString("en-CA", { timeZone: TIMEZONE });
		assert.ok(
			byDay.some(x => x.period === today),
			`periods are local days in ${TIMEZONE}: ${byDay.map(x => x.period)}`,
		);
		const byHour = (await http.get<Sales[]>(`/api/v1/reports/sales?${range()}&groupBy=hour`, { token: r.token.admin })).body;
		assert.deepEqual(total(byHour), expected);
		assert.ok(byHour.every(x => /^\d{4}-\d{2}-\d{2}T\d{2}:00$/.test(x.period)));
		assert.equal((await http.get(`/api/v1/reports/sales?${range()}`, { token: r.token.staff })).status, 403, "reports are for admins");
	});

	it("best-sellers and per-waiter sales and tips match the books", async () => {
		const best = (
			await http.get<{ menuItemId: string; name: string; quantity: number; grossCents: number }[]>(
				`/api/v1/reports/best-sellers?${range()}&limit=10`,
				{ token: r.token.admin },
			)
		).body;
		const expected = [...books.dishes.entries()].map(([menuItemId, d]) => ({
			menuItemId,
			name: Object.values(r.dish).find((m: MenuItem) => m.id === menuItemId)!.name,
			quantity: d.quantity,
			grossCents: d.gross,
		}));
		assert.deepEqual(
			[...best].sort((a, b) => a.menuItemId.localeCompare(b.menuItemId)),
			expected.sort((a, b) => a.menuItemId.localeCompare(b.menuItemId)),
		);
		assert.deepEqual(
			best.map(b => b.quantity),
			[...best.map(b => b.quantity)].sort((a, b) => b - a),
			"most sold first",
		);

		const staff = (
			await http.get<{ userId: string; fullName: string; orders: number; grossCents: number; tipCents: number }[]>(
				`/api/v1/reports/staff?${range()}`,
				{ token: r.token.admin },
			)
		).body;
		for (const w of waiters) {
			const row = staff.find(s => s.userId === w.id);
			assert.ok(row, `a row for ${w.id}`);
			const mine = books.staff.get(w.id)!;
			assert.deepEqual(
				{ orders: row.orders, grossCents: row.grossCents, tipCents: row.tipCents },
				{ orders: mine.orders, grossCents: mine.gross, tipCents: mine.tips },
			);
		}
		assert.equal(staff.find(s => s.userId === waiters[1].id)!.fullName, "Second Waiter");
	});

	it("kitchen times per station match what the expo screen saw", async () => {
		type KitchenRow = { station: string; items: number; avgPrepSeconds: number; p90PrepSeconds: number };
		// Each item's first `ready` push: when it came ready, and (its firedAt) when it reached the kitchen: with its round,
		// or when its course was fired.
		const seenByExpo = () => {
			const seen = new Map<string, { station: string; seconds: number }>();
			for (const e of kitchenScreen.events.filter(e => e.type === "kitchen:item" && e.data.status === "ready")) {
				const item = e.data as OrderItem & { orderId: string };
				if (!seen.has(item.id))
					seen.set(item.id, {
						station: item.station,
						seconds: (Date.parse(e.at) - Date.parse(item.firedAt ?? item.createdAt)) / 1000,
					});
			}
			return seen;
		};
		// The pushes and the report are fed by separate consumers: wait until both have seen the whole day.
		const { seen, report } = await until(
			"the expo screen and the report agree on how many items were made",
			async () => {
				const seen = seenByExpo();
				const report = (await http.get<KitchenRow[]>(`/api/v1/reports/kitchen?${range()}`, { token: r.token.admin })).body;
				return sum(report.map(x => x.items)) === seen.size ? { seen, report } : false;
			},
			20_000,
		);
		const stations = [...new Set([...seen.values()].map(s => s.station))].sort();
		assert.deepEqual(
			report.map(x => x.station),
			stations,
		);
		for (const row of report) {
			const xs = [...seen.values()]
				.filter(s => s.station === row.station)
				.map(s => s.seconds)
				.sort((a, b) => a - b);
			assert.equal(row.items, xs.length, `${row.station}: items`);
			const avg = sum(xs) / xs.length;
			// percentile_cont: linear interpolation between the two nearest ranks.
			const pos = 0.9 * (xs.length - 1);
			const p90 = xs[Math.floor(pos)] + (xs[Math.ceil(pos)] - xs[Math.floor(pos)]) * (pos - Math.floor(pos));
			assert.ok(Math.abs(row.avgPrepSeconds - avg) <= 0.051, `${row.station}: avg ${row.avgPrepSeconds} vs ${avg}`);
			assert.ok(Math.abs(row.p90PrepSeconds - p90) <= 0.051, `${row.station}: p90 ${row.p90PrepSeconds} vs ${p90}`);
		}
	});

	it("the audit trail holds every void, cancellation, discount and refund, with who and why", async () => {
		const entries = await until("the audit trail has caught up", async () => {
			const list = (
				await http.get<{ action: string; actorId: string; actorName: string; reason: string; amountCents: number }[]>(
					`/api/v1/reports/audit?${range()}&kind=money&limit=1000`,
					{ token: r.token.admin },
				)
			).body;
			return list.length === books.voids + books.cancelled + books.discounts + books.refundCount ? list : false;
		});
		const count = (action: string) => entries.filter(e => e.action === action).length;
		assert.deepEqual(
			{
				voids: count("item_voided"),
				cancelled: count("order_cancelled"),
				discounts: count("bill_discounted"),
				refunds: count("payment_refunded"),
			},
			{ voids: books.voids, cancelled: books.cancelled, discounts: books.discounts, refunds: books.refundCount },
		);
		assert.ok(
			entries.every(e => e.actorId && e.reason),
			"who and why, every time",
		);
		assert.equal(sum(entries.filter(e => e.action === "payment_refunded").map(e => e.amountCents)), books.refunds);
	});

	it("the reports still answer with the floor and the kitchen down", {
		skip: !DISTRIBUTED && "embedded runs every service in one process",
	}, async () => {
		const before = (await http.get(`/api/v1/reports/sales?${range()}`, { token: r.token.admin })).body;
		await cluster.brokerOf("order").stop();
		await cluster.brokerOf("kitchen").stop();
		await until(
			"the gateway has seen the floor go",
			async () => (await http.get("/api/v1/orders", { token: r.token.admin })).status !== 200,
		);
		for (const report of ["sales", "best-sellers", "kitchen", "staff", "audit"]) {
			const res = await http.get(`/api/v1/reports/${report}?${range()}`, { token: r.token.admin });
			assert.equal(res.status, 200, `${report}: ${JSON.stringify(res.body)}`);
		}
		assert.deepEqual((await http.get(`/api/v1/reports/sales?${range()}`, { token: r.token.admin })).body, before);
	});
});
